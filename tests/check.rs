//! `check`: the quality rules and `--run-snippets`, on fixture guides.

mod common;

use common::GuideTest;
use serde_json::Value;

fn question(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nlevel: junior\ntags: [identity]\nrubric:\n  listen_for: [a, b, c]\n  strong: [d]\n  red_flags: [e]\n{extra}---\n{body}"
    )
}

fn messages(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d["file"].as_str().unwrap_or_default(),
                d["line"],
                d["message"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

// A failing assert is reported at its own line in the file, with the Python error.
#[test]
fn failing_snippet_is_reported_at_its_line() {
    let t = GuideTest::fixture("basic");
    let body = "Intro.\n\n```python\nx = 1\nassert x == 2, \"x is not two\"\n```\n";
    t.write("content/questions/basics/fails.md", question("Does it fail?", "", body));
    let run = t.run(&["check", "--run-snippets", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let list: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let failure = list
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("snippet"))
        .expect("no failure");
    assert_eq!(failure["file"], "content/questions/basics/fails.md");
    assert_eq!(failure["line"], 14, "{failure}");
    assert_eq!(failure["message"], "the Python snippet failed: AssertionError: x is not two");
    assert!(failure["help"].as_str().unwrap().contains("Traceback"));
}

// The bundled fixture's own snippet passes, and norun blocks are compiled, not run.
#[test]
fn norun_blocks_are_only_compiled() {
    let t = GuideTest::fixture("basic");
    let body = "```python norun\nimport no_such_module_anywhere\n```\n\n```python norun\ndef broken(:\n```\n";
    t.write("content/questions/basics/norun.md", question("Does it compile?", "", body));
    let run = t.run(&["check", "--run-snippets"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the Python snippet does not compile: SyntaxError"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("norun.md:15"), "{}", run.stderr);
    assert!(!run.stderr.contains("no_such_module_anywhere"), "{}", run.stderr);
    assert!(
        run.stderr.contains("ran 1 Python snippets and compiled 2 norun snippets"),
        "{}",
        run.stderr
    );
}

// Snippets see no inherited secrets, run in a throwaway folder, and cannot write into the guide.
#[test]
fn snippets_run_isolated() {
    let t = GuideTest::fixture("basic");
    let body = "```python\nimport os, pathlib\nassert 'HIREGUIDE_TEST_SECRET' not in os.environ, os.environ\nassert not pathlib.Path('site.yaml').exists()\npathlib.Path('scratch.txt').write_text('x')\n```\n";
    t.write("content/questions/basics/isolated.md", question("Is it isolated?", "", body));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hireguide"))
        .args(["check", "--run-snippets"])
        .current_dir(&t.root)
        .env("HIREGUIDE_TEST_SECRET", "hunter2")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!t.exists("scratch.txt"));
}

// A runaway snippet is stopped at the time limit, together with the processes it started.
#[cfg(unix)]
#[test]
fn runaway_snippet_is_killed_with_its_children() {
    let t = GuideTest::fixture("basic");
    let marker = format!("hireguide-runaway-{}", std::process::id());
    let body = format!(
        "```python\nimport subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)', '{marker}'])\nwhile True:\n    pass\n```\n"
    );
    t.write("content/questions/basics/runaway.md", question("Does it stop?", "", &body));
    let started = std::time::Instant::now();
    let run = t.run(&["check", "--run-snippets", "--snippet-timeout", "2"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("ran longer than 2 s and was stopped"), "{}", run.stderr);
    assert!(started.elapsed().as_secs() < 30);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let ps = std::process::Command::new("pgrep").args(["-f", &marker]).output().unwrap();
    assert!(
        ps.stdout.is_empty(),
        "a child of the snippet survived: {}",
        String::from_utf8_lossy(&ps.stdout)
    );
}

// The quality rules warn (exit 0), and --deny-warnings turns them into a failure.
#[test]
fn quality_rules_warn_at_their_lines() {
    let t = GuideTest::fixture("basic");
    t.write("content/questions/basics/statement.md", question("Lists and tuples", "", "Body."));
    t.write(
        "content/questions/basics/dup-title.md",
        question("How do shallow and deep copies differ?", "", "Body."),
    );
    t.write(
        "content/questions/basics/tag-case.md",
        question("Why?", "", "Body.").replace("tags: [identity]", "tags: [Identity, Mock_ing]"),
    );
    let (code, list) = t.check_json();
    assert_eq!(code, 0, "{list:?}");
    let all = messages(&list);
    let expect = [
        "content/questions/basics/statement.md:2 the title is neither a question nor an instruction",
        "content/questions/basics/copying.md:2 the same title is used by content/questions/basics/dup-title.md",
        "content/questions/basics/tag-case.md:4 the tag `Identity` differs from the tag `identity` (used 3 times) only in case or spelling",
        "content/questions/basics/tag-case.md:4 the tag `Mock_ing` differs from the tag `mocking` (used 1 time) only in case or spelling",
        "content/questions/basics/copying.md:6 `rubric.strong` is empty",
        "content/questions/basics/copying.md:6 `rubric.red_flags` is empty",
        "content/questions/basics/is-vs-equals.md:4 the tag `Equality` differs from the tag `equality` (used 1 time) only in case or spelling",
    ];
    for e in expect {
        assert!(all.iter().any(|m| m == e), "missing {e:?} in {all:#?}");
    }
    assert_eq!(t.run(&["check", "--deny-warnings"]).code, 1);
}

// `minimums:` in site.yaml holds every question to the guide's own standard.
#[test]
fn minimums_from_site_yaml_are_enforced() {
    let t = GuideTest::fixture("basic");
    let site = t.read("site.yaml")
        + "minimums: { listen_for: 3, strong: 1, red_flags: 1, follow_ups: 2, related: 1 }\n";
    t.write("site.yaml", site);
    let (code, list) = t.check_json();
    assert_eq!(code, 0);
    let all = messages(&list);
    for e in [
        "content/questions/basics/is-vs-equals.md:12 `follow_ups` has 1 item; this guide asks for at least 2",
        "content/questions/testing-things/mocks.md:9 `rubric.listen_for` has 1 item; this guide asks for at least 3",
        "content/questions/basics/copying.md:6 `rubric.strong` has 0 items; this guide asks for at least 1",
        "content/questions/basics/copying.md:1 `follow_ups` has 0 items; this guide asks for at least 2",
    ] {
        assert!(all.iter().any(|m| m == e), "missing {e:?} in {all:#?}");
    }
}

// The bundled guide's snippets all run, and the guide passes its own minimums.
#[test]
fn bundled_guide_passes_check_with_snippets() {
    let t = GuideTest::repository();
    let run = t.run(&["check", "--run-snippets", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
