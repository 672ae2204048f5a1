//! Interview kits: kit pages, `hireguide kit`, picks and their errors.

// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::HashSet;

use common::{GuideTest, main_of};
use hireguide::content::{LoadOptions, load};
use hireguide::kit::{Criteria, fill};

// The kit page carries everything the interviewer prints.
#[test]
fn kit_page_has_every_part() {
    let t = GuideTest::fixture("basic");
    t.build(&[]);
    let page = t.read("public/kits/screen/index.html");
    for needle in [
        "<h1>Screen &lt;fixture&gt;</h1>",
        "<dt>Candidate</dt>",
        "<dt>Interviewer</dt>",
        "<dt>Date</dt>",
        "<dd>Backend developer</dd>",
        "Ask the questions in order.",
        "href=\"/sub/path/questions/basics/copying/\"",
        "<td>0:00</td><td>0:05</td><td>Warm-up</td>",
        "<td>0:05</td><td>0:32</td><td>Any level</td>",
        "<span class=\"number\">1.</span> What is the difference between <code>is</code> and <code>==</code>?",
        "<span class=\"number\">3.</span>",
        "<span class=\"score-number\">4</span> Exceptional",
        "<th scope=\"row\">Problem-solving approach</th><td class=\"num\">25 %</td>",
        "<span class=\"score-box\">Strong no</span><span class=\"score-box\">No</span><span class=\"score-box\">Yes</span><span class=\"score-box\">Strong yes</span>",
        "Kit <code>screen</code> · seed <code>screen</code>",
        "Model answer",
        "id=\"print-kit\" hidden",
    ] {
        assert!(page.contains(needle), "missing {needle}");
    }
    assert!(!page.contains("Neutral"));
    // One ruled line per minute, 3 to 10 per question, plus 5 for the overall notes.
    assert_eq!(page.matches("class=\"note-line\"").count(), 5 + 10 + 10 + 5);
    let index = t.read("public/kits/index.html");
    assert!(
        index.contains("href=\"/sub/path/kits/screen/\">Screen &lt;fixture&gt;</a>"),
        "{index}"
    );
    assert!(t.read("public/index.html").contains("Interview kits"));
    insta::assert_snapshot!("kit_page_main", main_of(&page));
}

// `hireguide kit --kit` writes one self-contained file that requests nothing from anywhere.
#[test]
fn kit_command_writes_a_self_contained_file() {
    let t = GuideTest::fixture("basic");
    let run = t.run(&[
        "kit",
        "--kit",
        "screen",
        "--candidate",
        "Ada <Lovelace>",
        "--no-answers",
        "-o",
        "ada.html",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("  1. What is the difference between is and ==? (5 min)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("wrote ada.html — 3 questions, 32 of 35 minutes, seed screen"),
        "{}",
        run.stdout
    );
    let html = t.read("ada.html");
    assert!(html.contains("<style>") && html.contains(".hl-") && html.contains("@media print"));
    assert!(!html.contains("<link") && !html.contains(" src="), "no external resources");
    assert!(!html.contains("class=\"site-header\""), "no site navigation");
    assert!(html.contains("<dd>Ada &lt;Lovelace&gt;</dd>"));
    assert!(!html.contains("class=\"kit-answer\""), "--no-answers leaves the answers out");
    assert!(html.contains("Listen for"));
}

// Ad-hoc kits fill the budget without exceeding it, balanced, reproducible, seedable.
#[test]
fn adhoc_kits_fill_the_budget() {
    let t = GuideTest::repository();
    let args = [
        "kit",
        "--level",
        "mid",
        "--category",
        "functions",
        "--category",
        "oop",
        "--minutes",
        "40",
        "-o",
        "a.html",
    ];
    let run = t.run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = t.run(&args);
    assert_eq!(run.stdout, again.stdout, "the same command gives the same kit");
    let total: u32 = run
        .stdout
        .lines()
        .filter_map(|l| {
            l.rsplit_once(" (").and_then(|(_, m)| m.trim_end_matches(" min)").parse::<u32>().ok())
        })
        .sum();
    assert!((30..=40).contains(&total), "{}", run.stdout);
    let seeded =
        t.run(&["kit", "--level", "mid", "--minutes", "40", "--seed", "other", "-o", "b.html"]);
    assert_eq!(seeded.code, 0, "{}", seeded.stderr);
    assert!(seeded.stdout.contains("seed other"));
}

// The fill rule, over many budgets and seeds: never over budget, never a repeat, every
// chosen question matches, and categories stay balanced.
#[test]
fn fill_never_exceeds_the_budget_or_repeats() {
    let t = GuideTest::repository();
    let guide = load(&t.root, LoadOptions::default()).guide.unwrap();
    for minutes in [3, 10, 25, 45, 60, 90, 240] {
        for seed in ["a", "b", "c"] {
            let criteria = Criteria {
                level: Some("mid".into()),
                categories: vec!["oop".into(), "testing".into()],
                minutes,
                seed: Some(seed.into()),
                answers: true,
                ..Criteria::default()
            };
            let kit = match fill(&guide, &criteria) {
                Ok(kit) => kit,
                Err(e) if minutes < 5 => {
                    assert!(e.starts_with("no question matches"), "{e}");
                    continue;
                }
                Err(e) => panic!("{minutes} minutes: {e}"),
            };
            assert!(kit.total_minutes(&guide) <= minutes, "{minutes}: over budget");
            let ids: Vec<usize> = kit.question_indexes().collect();
            assert_eq!(ids.len(), ids.iter().collect::<HashSet<_>>().len(), "a question repeats");
            for &i in &ids {
                let q = &guide.questions[i];
                assert_eq!(q.meta.level, "mid");
                assert!(q.category == "oop" || q.category == "testing");
            }
            // Balanced: a category gets fewer questions than another only once it has run out.
            let available = |cat: &str| {
                guide
                    .questions
                    .iter()
                    .filter(|q| q.category == cat && q.meta.level == "mid")
                    .count()
            };
            let per: Vec<(usize, usize)> = ["oop", "testing"]
                .iter()
                .map(|cat| {
                    (
                        ids.iter().filter(|&&i| guide.questions[i].category == *cat).count(),
                        available(cat),
                    )
                })
                .collect();
            for &(got, avail) in &per {
                let most = per.iter().map(|p| p.0).max().unwrap();
                assert!(
                    got + 2 >= most || got == avail,
                    "unbalanced: {per:?} at {minutes} minutes"
                );
            }
        }
    }
    let none =
        fill(&guide, &Criteria { level: Some("mid".into()), minutes: 1, ..Criteria::default() });
    assert!(none.is_err(), "nothing fits one minute");
    let bad = fill(
        &guide,
        &Criteria { categories: vec!["opp".into()], minutes: 30, ..Criteria::default() },
    );
    assert_eq!(bad.unwrap_err(), "unknown category `opp`; did you mean `oop`?");
}

// Kit mistakes are diagnostics at their line; an over-long kit is a warning.
#[test]
fn kit_problems_are_reported_at_their_lines() {
    let t = GuideTest::fixture("basic");
    t.write(
        "content/kits/broken.md",
        "---\ntitle: Broken\nminutes: 10\nsections:\n  - title: Fixed\n    questions: [is-vs-equal, copying, copying]\n  - title: Too many\n    pick: { category: basics, level: senior, count: 3 }\n  - title: Unknown\n    pick: { category: opp, count: 1 }\n  - title: Empty\n---\n",
    );
    let (code, list) = t.check_json();
    assert_eq!(code, 1);
    let got: Vec<String> = list
        .iter()
        .filter(|d| d["file"] == "content/kits/broken.md")
        .map(|d| {
            format!(
                "{} {} | {}",
                d["line"],
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap_or("")
            )
        })
        .collect();
    for expected in [
        "6 `is-vs-equal` is not a question | did you mean `is-vs-equals`?",
        "6 `copying` is already in this kit | each question appears once per kit",
        "7 the pick in section `Too many` needs 3 questions (category basics, level senior), but only 0 are left",
        "9 unknown category `opp` | this guide has: basics, testing-things",
        "11 the section `Empty` has neither `questions` nor `pick`",
    ] {
        assert!(got.iter().any(|g| g.starts_with(expected)), "missing {expected:?} in {got:#?}");
    }
    t.remove("content/kits/broken.md");
    t.write(
        "content/kits/long.md",
        "---\ntitle: Long\nminutes: 10\nsections:\n  - title: All\n    questions: [copying]\n---\n",
    );
    let (code, list) = t.check_json();
    assert_eq!(code, 0);
    assert!(list.iter().any(|d| d["file"] == "content/kits/long.md"
        && d["line"] == 3
        && d["message"] == "the questions take 15 minutes; the kit allows 10"));
}

// The same kit picks the same questions on every build; another seed picks others.
#[test]
fn picks_are_deterministic_and_seeded() {
    let t = GuideTest::repository();
    let kit = "---\ntitle: Seeded\nminutes: 60\nsections:\n  - title: OOP\n    pick: { category: oop, count: 4 }\n---\n";
    t.write("content/kits/seeded-a.md", kit);
    t.write("content/kits/seeded-b.md", kit.replace("minutes: 60", "minutes: 60\nseed: 7"));
    t.build(&[]);
    let first = t.read("public/kits/seeded-a/index.html");
    t.build(&[]);
    assert_eq!(first, t.read("public/kits/seeded-a/index.html"));
    let titles = |html: &str| -> Vec<String> {
        html.split("<span class=\"number\">")
            .skip(1)
            .map(|s| s[..s.find("</h3>").unwrap()].to_string())
            .collect()
    };
    let a = titles(&first);
    let b = titles(&t.read("public/kits/seeded-b/index.html"));
    assert_eq!(a.len(), 4);
    assert_ne!(a, b, "a different seed picks differently");
    assert!(t.read("public/kits/seeded-b/index.html").contains("seed <code>7</code>"));
}
