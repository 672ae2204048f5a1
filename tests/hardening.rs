#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Hardening: no input crashes the generator, loses data or injects script (issue 8).
//!
//! One regression test per class of hostile input that `tests/diagnostics.rs`,
//! `tests/output.rs` and `tests/check.rs` do not already cover, the injection fixture
//! `tests/fixtures/hostile/` with a scan of every built page, and property tests of the
//! front-matter splitter, the slug builder and the Markdown renderer. The fuzz targets for the
//! same functions live in `fuzz/` (run with `fuzz/run.sh`); CI runs only these tests.
//!
//! Raw HTML and an allow-list. Every raw HTML tag a contributor writes is shown as text; no
//! allow-list of "harmless" inline tags (`<kbd>`, `<sub>`, `<sup>`) is offered, through
//! ammonia or otherwise. Decided against because: Markdown already covers what questions need
//! (code spans for keys and commands, `^`-free prose for the rest); a sanitizer is one more
//! large dependency whose policy must be kept right forever, and the one place the guide could
//! get it wrong (attributes, URL schemes, nesting) is exactly where escaping everything cannot;
//! and a literal `<kbd>` shown as text is a cosmetic flaw, while a sanitizer bug is a script
//! on a public site built from strangers' pull requests. Should `<kbd>` ever be wanted, the
//! safer shape is a Markdown-level rule (e.g. `[[Ctrl]]`) emitted by the renderer itself, not
//! parsed HTML. `hostile_guide_builds_without_live_markup` pins the escaping.

mod common;
// The same scanner judges the Markdown fuzz target's output.
#[path = "../fuzz/html_scan.rs"]
mod html_scan;
#[path = "../fuzz/resolver.rs"]
mod resolver;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{GuideTest, copy_tree, fixtures};
use hireguide::frontmatter;
use hireguide::slug::{is_valid_id, slugify};
use hireguide::{highlight, markdown};
use html_scan::live_markup;
use proptest::prelude::*;
use resolver::Resolver;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const BASICS: &str = "content/questions/basics";

/// A question file with a valid front-matter, `extra` front-matter lines and `body`.
fn question(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nlevel: junior\n{extra}rubric:\n  listen_for: [a point]\n  strong: [a strong point]\n  red_flags: [a red flag]\n---\n{body}"
    )
}

/// `check --format json`'s errors.
#[track_caller]
fn check_errors(t: &GuideTest) -> (i32, Vec<Value>) {
    let (code, diags) = t.check_json();
    (code, diags.into_iter().filter(|d| d["severity"] == "error").collect())
}

/// Exactly one error, in `file`, at `line` (`None`: a whole-file diagnostic).
#[track_caller]
fn assert_single_error(t: &GuideTest, file: &str, line: Option<u64>, needle: &str) {
    let (code, errors) = check_errors(t);
    assert_eq!(code, 1, "{errors:#?}");
    assert_eq!(errors.len(), 1, "exactly one error expected: {errors:#?}");
    let d = &errors[0];
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"].as_u64(), line, "{d:#}");
    let message = d["message"].as_str().unwrap();
    assert!(message.contains(needle), "message should contain {needle:?}: {d:#}");
}

fn render(body: &str) -> markdown::Rendered {
    let palette = highlight::Palette::new("InspiredGitHub", "base16-ocean.dark").unwrap();
    let (cache, stats) = (highlight::Cache::Off, highlight::CacheStats::default());
    let code = highlight::Highlighter::new(&palette, &cache, &stats);
    markdown::render(body, Path::new("content/questions/basics/q.md"), &Resolver, &code)
}

/// The kit page's own inline script (it shows the print button), read from the template.
fn kit_print_script() -> String {
    let template =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/kit.html"))
            .unwrap();
    let start = template.find("<script>").expect("the kit template has its print script") + 8;
    let end = start + template[start..].find("</script>").unwrap();
    template[start..end].to_string()
}

#[test]
fn the_scanner_finds_live_markup() {
    let bad = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href='JaVaScRiPt&colon;alert(1)'>x</a>",
        "<a href=\" java\tscript:x\">x</a>",
        "<img src=\"data:image/svg+xml,x\">",
        "<svg/onload=alert(1)>",
        "<iframe src=\"/x\"></iframe>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:x\">",
        "<p title=\"a\"onclick=\"x\">",
    ];
    for html in bad {
        assert!(!live_markup(html, &[], &[]).is_empty(), "missed: {html}");
    }
    let good = [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>",
        "<a href=\"https://example.org/?q=javascript:x\" title=\"&quot; onclick=&quot;x\">x</a>",
        "<div data-x=\"&lt;b onmouseover=alert(1)&gt;\">ok</div>",
        "<!-- <script>alert(1)</script> -->",
        // pulldown-cmark leaves quotes unescaped in text: still text, not an attribute.
        "<p>&lt;a href=\"javascript:alert(1)\" onclick=\"x\"&gt;</p>",
        "<script src=\"/static/search.js\" defer></script>",
    ];
    for html in good {
        assert_eq!(live_markup(html, &["/static/search.js"], &[]), Vec::<String>::new(), "{html}");
    }
}

// ---------------------------------------------------------------------------------------------
// 1. No panic on any content
// ---------------------------------------------------------------------------------------------

// Pathological Markdown: thousands of nested lists, quotes, brackets and emphasis, and a 2 MB
// line, build in bounded time and render completely.
#[test]
fn pathological_markdown_builds_and_renders() {
    let t = GuideTest::fixture("basic");
    let n = 5_000;
    let cases = [
        ("nested-lists", format!("{}deepest-list\n", "- ".repeat(n))),
        ("nested-quotes", format!("{}deepest-quote\n", "> ".repeat(n))),
        (
            "nested-brackets",
            format!("{}x{}\n\n{}y\n", "[".repeat(n), "](u)".repeat(n), "(".repeat(n)),
        ),
        ("nested-emphasis", format!("{}z{}\n", "*_".repeat(n), "_*".repeat(n))),
        ("unclosed-constructs", format!("{}\n", "`[*<![".repeat(n))),
        ("indented-lists", (0..300).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect()),
        ("long-line", format!("{}end-of-long-line\n", "word ".repeat(400_000))),
    ];
    for (id, body) in &cases {
        t.write(&format!("{BASICS}/{id}.md"), question("Explain a pathological body", "", body));
    }
    let (code, stdout, stderr) = t.run_within(&["build"], Duration::from_secs(120));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let page = |id: &str| t.read(&format!("public/questions/basics/{id}/index.html"));
    let lists = page("nested-lists");
    assert!(lists.contains("deepest-list"));
    assert!(lists.matches("<ul>").count() >= n, "every nested list is rendered");
    let quotes = page("nested-quotes");
    assert!(quotes.contains("deepest-quote"));
    assert!(quotes.matches("<blockquote>").count() >= n);
    assert!(page("nested-brackets").contains("x"));
    assert!(page("nested-emphasis").contains('z'));
    assert!(page("unclosed-constructs").contains("[*&lt;!["));
    assert!(page("indented-lists").contains("level 299"));
    let long = page("long-line");
    assert!(long.contains("end-of-long-line"));
    assert!(long.len() > 2_000_000, "the whole line is on the page");
}

// The same inputs straight through the renderer, and a 1 MB single-line code block through
// the highlighter.
#[test]
fn renderer_survives_deep_nesting_and_long_code_lines() {
    for body in [
        "- ".repeat(20_000),
        "> ".repeat(20_000),
        "1. ".repeat(20_000),
        "[".repeat(50_000),
        "*".repeat(50_000),
        "|".repeat(50_000),
        format!("a\n{}", "|-".repeat(10_000)),
        "\\".repeat(50_000),
        "&#".repeat(50_000),
        "[^".repeat(50_000),
    ] {
        let started = Instant::now();
        let out = render(&body);
        assert!(!out.html.is_empty());
        assert!(started.elapsed() < Duration::from_secs(30), "slow: {:?}", &body[..10]);
    }
    let code = format!("```python\nx = [{}]\n```\n", "1, ".repeat(300_000));
    let started = Instant::now();
    let out = render(&code);
    assert!(out.html.contains("class=\"code\""), "rendered as a code block");
    assert_eq!(out.code_blocks.len(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "highlighting took {:?}",
        started.elapsed()
    );
}

// An empty file is an error naming it (questions, kits, pages with no title, category and
// site files), except the home page introduction, which may be empty.
#[test]
fn empty_files_are_reported_or_accepted() {
    let cases = [
        (format!("{BASICS}/empty.md"), "does not start with front-matter"),
        ("content/kits/empty.md".to_string(), "does not start with front-matter"),
        ("content/pages/empty.md".to_string(), "no title"),
        (format!("{BASICS}/_category.yaml"), "missing key `title`"),
        ("site.yaml".to_string(), "missing key `title`"),
    ];
    for (file, needle) in cases {
        let t = GuideTest::fixture("basic");
        t.write(&file, "");
        let line = if file.ends_with(".md") || file.ends_with(".yaml") { Some(1) } else { None };
        assert_single_error(&t, &file, line, needle);
    }
    let t = GuideTest::fixture("basic");
    t.write("content/pages/index.md", "");
    t.build(&[]);
    assert!(t.exists("public/index.html"));
    // A question whose front-matter block is empty: the missing key, at the block's line.
    let t = GuideTest::fixture("basic");
    t.write(&format!("{BASICS}/empty-block.md"), "---\n---\nbody\n");
    assert_single_error(&t, &format!("{BASICS}/empty-block.md"), Some(2), "missing key `title`");
}

// A question or page that is only front-matter (no body, no final newline) builds.
#[test]
fn front_matter_only_files_build() {
    let t = GuideTest::fixture("basic");
    t.write(
        &format!("{BASICS}/fm-only.md"),
        "---\ntitle: Only front-matter?\nlevel: junior\nrubric:\n  listen_for: [x]\n---",
    );
    t.write("content/pages/bare.md", "---\ntitle: Bare page\n---\n");
    t.build(&[]);
    let q = t.read("public/questions/basics/fm-only/index.html");
    assert!(common::main_of(&q).contains("<h1>Only front-matter?</h1>"), "{q}");
    let p = t.read("public/bare/index.html");
    assert!(p.contains("Bare page"));
}

// A list where a string belongs, and a string (or map) where a list belongs, in every kind of
// file: an error at the key's line, never a panic or a silently dropped value.
#[test]
fn wrong_types_are_errors_at_their_line() {
    let q = |extra: &str| format!("---\ntitle: Typed?\nlevel: junior\n{extra}\n---\nbody\n");
    let cases: Vec<(String, String, u64, &str)> = vec![
        (
            format!("{BASICS}/t.md"),
            q("rubric:\n  listen_for: [x]\nfollow_ups: a string"),
            6,
            "wrong type",
        ),
        (format!("{BASICS}/t.md"), q("rubric:\n  listen_for: a string"), 5, "wrong type"),
        (
            format!("{BASICS}/t.md"),
            q("rubric:\n  listen_for: [x]\n  strong: {a: 1}"),
            6,
            "wrong type",
        ),
        (
            format!("{BASICS}/t.md"),
            q("rubric:\n  listen_for: [x]\nrelated: copying"),
            6,
            "wrong type",
        ),
        (format!("{BASICS}/t.md"), q("minutes: [5]\nrubric:\n  listen_for: [x]"), 4, "wrong type"),
        (
            format!("{BASICS}/t.md"),
            q("kind: [coding]\nrubric:\n  listen_for: [x]"),
            4,
            "wrong type",
        ),
        (format!("{BASICS}/t.md"), q("draft: [yes]\nrubric:\n  listen_for: [x]"), 4, "wrong type"),
        (format!("{BASICS}/t.md"), q("rubric:\n  listen_for: [[nested, list]]"), 5, "wrong type"),
        (
            format!("{BASICS}/t.md"),
            "---\ntitle: [a, list]\nlevel: junior\nrubric:\n  listen_for: [x]\n---\n".into(),
            2,
            "wrong type",
        ),
        (
            format!("{BASICS}/t.md"),
            "---\ntitle: Typed?\nlevel: {id: junior}\nrubric:\n  listen_for: [x]\n---\n".into(),
            3,
            "wrong type",
        ),
        (format!("{BASICS}/_category.yaml"), "title: [Basics]\n".into(), 1, "wrong type"),
        (format!("{BASICS}/_category.yaml"), "title: Basics\norder: [1]\n".into(), 2, "wrong type"),
        ("content/pages/about.md".into(), "---\ntitle: [About]\n---\nx\n".into(), 2, "wrong type"),
        (
            "content/kits/screen.md".into(),
            "---\ntitle: Kit\nminutes: 30\nsections: a string\n---\n".into(),
            4,
            "wrong type",
        ),
        (
            "content/kits/screen.md".into(),
            "---\ntitle: [Kit]\nminutes: 30\nsections: []\n---\n".into(),
            2,
            "wrong type",
        ),
        ("site.yaml".into(), "title: [Guide]\n".into(), 1, "wrong type"),
        ("site.yaml".into(), "title: Guide\nlevels: junior\n".into(), 2, "wrong type"),
        ("site.yaml".into(), "title: Guide\ndescription: [a, b]\n".into(), 2, "wrong type"),
    ];
    for (file, text, line, needle) in cases {
        let t = GuideTest::fixture("basic");
        t.write(&file, &text);
        let (code, errors) = check_errors(&t);
        assert_eq!(code, 1, "{file}: {text:?}: {errors:#?}");
        assert!(
            errors.iter().any(|d| d["file"] == file.as_str()
                && d["line"].as_u64() == Some(line)
                && d["message"].as_str().unwrap().contains(needle)),
            "{file}: {text:?}: expected a {needle:?} error at line {line}: {errors:#?}"
        );
        let run = t.run(&["build"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

// Odd file names: a diagnostic naming the file, or (dotfiles, `..md`) silently ignored.
// Nothing named after a file can leave the output folder.
#[test]
fn odd_file_names_are_reported_or_ignored() {
    let body = question("Odd name?", "", "body\n");
    let refused = [
        (format!("{BASICS}/with space.md"), "`with space` is not a valid question id"),
        (format!("{BASICS}/café.md"), "`café` is not a valid question id"),
        (format!("{BASICS}/a\\b.md"), "`a\\b` is not a valid question id"),
        (format!("{BASICS}/-rf.md"), "`-rf` is not a valid question id"),
        (format!("{BASICS}/a.b.md"), "`a.b` is not a valid question id"),
        (format!("{BASICS}/x.md.md"), "`x.md` is not a valid question id"),
        ("content/pages/Über.md".into(), "`Über` is not a valid page name"),
    ];
    for (file, needle) in refused {
        let t = GuideTest::fixture("basic");
        let text =
            if file.starts_with("content/pages/") { "---\ntitle: Odd\n---\nx\n" } else { &body };
        t.write(&file, text);
        assert_single_error(&t, &file, None, needle);
    }
    let t = GuideTest::fixture("basic");
    t.write("content/questions/café/_category.yaml", "title: Café\n");
    t.write("content/questions/café/latte.md", &body);
    let (code, errors) = check_errors(&t);
    assert_eq!(code, 1);
    assert!(
        errors.iter().any(|d| d["file"] == "content/questions/café"
            && d["message"].as_str().unwrap().contains("not a valid category folder name")),
        "{errors:#?}"
    );

    let t = GuideTest::fixture("basic");
    for name in ["..md", ".hidden.md", "...", ".md"] {
        t.write(&format!("{BASICS}/{name}"), &body);
    }
    t.write("content/questions/.dotdir/q.md", &body);
    t.write("content/.secret.md", &body);
    let (code, errors) = check_errors(&t);
    assert_eq!((code, errors.len()), (0, 0), "{errors:#?}");
    t.build(&[]);
    let built: Vec<String> =
        common::tree(&t.root.join("public")).into_iter().map(|(p, _)| p).collect();
    assert!(
        !built.iter().any(|p| p.contains("hidden") || p.contains("dotdir") || p.contains("secret")),
        "{built:#?}"
    );
}

// Unknown, odd and hostile fence languages render as plain, escaped code with a safe class.
#[test]
fn unknown_fence_languages_render_as_plain_code() {
    let t = GuideTest::fixture("basic");
    let body = "```nosuchlang\nlet <x> = 1;\n```\n\n```PyThOn3.12 extra words\nx = 1\n```\n\n```\"><b>x\nplain\n```\n\n~~~{.weird}\ntilde\n~~~\n";
    t.write(&format!("{BASICS}/fences.md"), question("Explain fences", "", body));
    t.build(&[]);
    let page = t.read("public/questions/basics/fences/index.html");
    let main = common::main_of(&page);
    assert!(main.contains("data-lang=\"nosuchlang\""), "{main}");
    assert!(main.contains("let &lt;x&gt; = 1;"), "{main}");
    assert!(main.contains("data-lang=\"python3-12\""), "{main}");
    assert!(main.contains("data-lang=\"b-x\""), "{main}");
    assert!(main.contains("tilde"));
    assert!(!main.contains("<b>"), "{main}");
}

// Size limit: a 7 MB question is accepted and rendered; a 9 MB one is refused naming the file.
#[test]
fn seven_mb_question_builds_nine_mb_is_refused() {
    let paragraph = "A long answer line with several words in it.\n\n";
    let make = |bytes: usize| {
        let mut text = question("Explain a large answer", "", "");
        while text.len() < bytes {
            text.push_str(paragraph);
        }
        text
    };
    let t = GuideTest::fixture("basic");
    t.write(&format!("{BASICS}/large.md"), make(7 * 1000 * 1000));
    let (code, stdout, stderr) = t.run_within(&["build"], Duration::from_secs(120));
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let page = t.read("public/questions/basics/large/index.html");
    assert!(page.len() > 7_000_000 && page.contains("A long answer line"));

    let t = GuideTest::fixture("basic");
    t.write(&format!("{BASICS}/huge.md"), make(9 * 1000 * 1000));
    assert_single_error(&t, &format!("{BASICS}/huge.md"), None, "larger than 8 MiB");
}

// YAML resource attacks: an alias bomb ("billion laughs") and a deeply nested value end in an
// error at the file, in bounded time, instead of exhausting memory or the stack.
#[test]
fn yaml_bombs_are_refused_quickly() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().enumerate() {
        let prev = ["a", "b", "c", "d", "e", "f", "g", "h"][i];
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    let nested = format!("title: {}x{}\n", "[".repeat(10_000), "]".repeat(10_000));
    for (file, text) in [
        (format!("{BASICS}/bomb.md"), format!("---\n{bomb}title: Bomb?\n---\n")),
        ("site.yaml".to_string(), format!("title: T\n{bomb}")),
        (format!("{BASICS}/nested.md"), format!("---\n{nested}---\n")),
        (format!("{BASICS}/_category.yaml"), nested.clone()),
    ] {
        let t = GuideTest::fixture("basic");
        t.write(&file, &text);
        let (code, stdout, stderr) =
            t.run_within(&["check", "--format", "json"], Duration::from_secs(60));
        assert_eq!(code, 1, "{file}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        let diags: Vec<Value> = serde_json::from_str(&stdout).unwrap();
        assert!(
            diags.iter().any(|d| d["severity"] == "error" && d["file"] == file.as_str()),
            "{file}: {diags:#?}"
        );
    }
}

// site.yaml and _category.yaml get the same byte-level handling as questions: a BOM and CRLF
// are fine, invalid UTF-8 is an error at its line, in its file.
#[test]
fn yaml_files_get_the_same_byte_level_checks() {
    let t = GuideTest::fixture("basic");
    let site = t.read("site.yaml").replace('\n', "\r\n");
    t.write("site.yaml", format!("\u{feff}{site}"));
    let cat = t.read(&format!("{BASICS}/_category.yaml")).replace('\n', "\r\n");
    t.write(&format!("{BASICS}/_category.yaml"), format!("\u{feff}{cat}"));
    t.build(&[]);
    assert!(t.read("public/index.html").contains("Fixture &lt;Guide&gt;"));

    for file in ["site.yaml".to_string(), format!("{BASICS}/_category.yaml")] {
        let t = GuideTest::fixture("basic");
        let mut bytes = fs::read(t.root.join(&file)).unwrap();
        bytes.extend_from_slice(b"# caf\xe9\n");
        t.write(&file, bytes);
        let (code, errors) = check_errors(&t);
        assert_eq!(code, 1, "{errors:#?}");
        let d = errors.iter().find(|d| d["file"] == file.as_str()).expect("an error at the file");
        assert!(d["message"].as_str().unwrap().contains("invalid UTF-8"), "{d:#}");
        assert!(d["line"].as_u64().is_some(), "{d:#}");
    }
}

// Tags become tag-page folders: a tag that looks like a path gives a slug inside tags/ and
// nothing is written outside the output folder.
#[test]
fn tags_that_look_like_paths_stay_inside_the_output() {
    let t = GuideTest::fixture("basic");
    let extra = "tags: [\"../../../escaped\", \"..\", \"/etc/passwd\", \"C:\\\\Windows\", \"%2e%2e%2f\", \"日本\"]\n";
    t.write(&format!("{BASICS}/paths.md"), question("Explain path tags", extra, "body\n"));
    let before = common::tree(&t.scratch());
    t.build(&[]);
    for (path, _) in common::tree(&t.scratch()) {
        assert!(
            path.starts_with("guide/public/") || before.iter().any(|(p, _)| *p == path),
            "written outside the output folder: {path}"
        );
    }
    let tags: Vec<String> = fs::read_dir(t.root.join("public/tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.html")
        .collect();
    for tag in &tags {
        assert!(is_valid_id(tag), "tag folder {tag:?}");
    }
    assert!(tags.iter().any(|t| t == "escaped"), "{tags:?}");
}

// ---------------------------------------------------------------------------------------------
// 2. No script injection
// ---------------------------------------------------------------------------------------------

fn hostile_guide() -> GuideTest {
    GuideTest::fixture("hostile/guide")
}

// Every string a contributor controls tries to become markup; the guide builds, and no page
// carries a script other than the site's own, an event handler, a script URL or an element
// that could run or frame one.
#[test]
fn hostile_guide_builds_without_live_markup() {
    let t = hostile_guide();
    let (code, errors) = check_errors(&t);
    assert_eq!((code, errors.len()), (0, 0), "{errors:#?}");
    t.build(&[]);
    let inline = kit_print_script();
    let mut pages = 0;
    let mut problems = Vec::new();
    for (path, bytes) in common::tree(&t.root.join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).unwrap();
        for p in live_markup(
            &html,
            &["/hostile/static/search.js", "/hostile/static/filters.js"],
            &[&inline],
        ) {
            problems.push(format!("{path}: {p}"));
        }
    }
    assert!(pages >= 10, "only {pages} pages were built");
    assert!(problems.is_empty(), "live markup in the built site:\n{}", problems.join("\n"));

    // Not vacuous: the hostile text is on the pages, as text.
    let titles = t.read("public/questions/xss/titles/index.html");
    for shown in [
        "&lt;script&gt;alert(",
        "&lt;img src=x onerror=alert(",
        "&lt;span onclick=",
        "&lt;div onmouseover=",
        "&lt;details open ontoggle=alert(",
    ] {
        assert!(titles.contains(shown), "{shown} missing from the question page");
    }
    let bodies = t.read("public/questions/xss/bodies/index.html");
    assert!(bodies.contains("id=\"x-head\""), "the explicit heading id is kept");
    assert!(!bodies.contains("class=\"evil\""), "heading classes are dropped");
    let kit = t.read("public/kits/attack/index.html");
    assert!(kit.contains("&lt;script&gt;alert("), "the kit shows its hostile strings as text");
    assert!(kit.contains(&inline), "the kit keeps its own print script");
    let home = t.read("public/index.html");
    assert!(home.contains("&lt;script&gt;alert("), "{home}");
}

// The standalone kit file (`hireguide kit`) inlines its CSS: the same scan, with <style>.
#[test]
fn hostile_standalone_kit_has_no_live_markup() {
    let t = hostile_guide();
    let out = t.scratch().join("kit.html");
    let run = t.run(&[
        "kit",
        "--kit",
        "attack",
        "--candidate",
        "<script>alert('cand')</script>",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let html = fs::read_to_string(&out).unwrap();
    let inline = kit_print_script();
    let problems: Vec<String> = live_markup(&html, &[], &[&inline])
        .into_iter()
        .filter(|p| !p.starts_with("<style> element []"))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(html.contains("&lt;script&gt;alert("));
}

// Script URLs in every link form are errors at their line, and the build writes nothing.
#[test]
fn hostile_urls_are_refused_at_their_lines() {
    let t = hostile_guide();
    copy_tree(&fixtures().join("hostile/urls"), &t.root);
    let file = "content/questions/xss/urls.md";
    let text = t.read(file);
    // Every line that carries a script URL outside a reference definition is reported.
    let expected: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            (l.starts_with('[') || l.starts_with('!') || l.starts_with('<')) && !l.contains("]: ")
        })
        .map(|(i, _)| i as u64 + 1)
        .collect();
    assert_eq!(expected.len(), 13, "{expected:?}");
    let (code, errors) = check_errors(&t);
    assert_eq!(code, 1);
    let lines: Vec<u64> = errors
        .iter()
        .inspect(|d| {
            assert_eq!(d["file"], file, "{d:#}");
            assert!(d["message"].as_str().unwrap().starts_with("unsafe link target"), "{d:#}");
        })
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, expected, "{errors:#?}");
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(!t.exists("public"));
}

// `repo_url` becomes an href on every page: `javascript:` (and anything not http(s)) would be a
// live script link in the footer and every "Edit this question" link, so it is an error.
#[test]
fn script_repo_url_is_refused() {
    for url in [
        "javascript:alert(document.domain)//",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        " vbscript:x",
    ] {
        let t = GuideTest::fixture("basic");
        let site = t.read("site.yaml").replace("https://github.com/example/guide", url);
        t.write("site.yaml", site);
        let (code, errors) = check_errors(&t);
        assert_eq!(code, 1, "{url}: {errors:#?}");
        assert!(
            errors.iter().any(|d| d["file"] == "site.yaml" && d["line"].as_u64() == Some(4)),
            "{errors:#?}"
        );
    }
}

// A protocol-relative base path (`//evil.example/`, or `https://host//evil.example/`, in
// site.yaml or `--base-url`) would make every page load its scripts from another host.
#[test]
fn protocol_relative_base_url_cannot_load_foreign_scripts() {
    for (site_value, flag) in [
        (Some("//evil.example/"), None),
        (Some("https://ok.example//evil.example/"), None),
        (None, Some("//evil.example/x/")),
    ] {
        let t = GuideTest::fixture("basic");
        if let Some(v) = site_value {
            let site = t.read("site.yaml").replace("https://example.org/sub/path", v);
            t.write("site.yaml", site);
        }
        let mut args = vec!["build"];
        if let Some(f) = flag {
            args.extend(["--base-url", f]);
        }
        let run = t.run(&args);
        if run.code == 0 {
            let home = t.read("public/index.html");
            assert!(
                !home.contains("src=\"//"),
                "{site_value:?} {flag:?}: foreign script in {home}"
            );
            assert!(!home.contains("href=\"//evil"), "{site_value:?} {flag:?}");
        } else {
            assert!(
                run.stderr.contains("base_url") || run.stderr.contains("base-url"),
                "{}",
                run.stderr
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Properties
// ---------------------------------------------------------------------------------------------

/// Text made of the pieces front-matter parsing cares about, plus arbitrary characters.
fn frontmatter_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("---".to_string()),
        Just("---\n".to_string()),
        Just("--- \r\n".to_string()),
        Just("...\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\u{feff}".to_string()),
        Just("title: x\n".to_string()),
        Just("rubric:\n  listen_for: [a]\n".to_string()),
        Just("- ".to_string()),
        Just(": ".to_string()),
        Just("&a *a ".to_string()),
        Just("\"".to_string()),
        Just("é".to_string()),
        any::<String>(),
        "[ -~\t\n]{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// Text made of Markdown and HTML syntax that has been used for script injection.
fn markdownish_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<script>alert(1)</script>"),
        Just("<script"),
        Just("</script>"),
        Just("<img src=x onerror=alert(1)>"),
        Just(" onclick=\"x\""),
        Just("onload="),
        Just("<a href=\""),
        Just("javascript:alert(1)"),
        Just("JaVaScRiPt:"),
        Just("&#106;avascript:"),
        Just("&#x6A;"),
        Just("&colon;"),
        Just("vbscript:"),
        Just("data:text/html,"),
        Just("["),
        Just("]"),
        Just("]("),
        Just("!["),
        Just(")"),
        Just("]: "),
        Just("<"),
        Just(">"),
        Just("\""),
        Just("'"),
        Just("{#"),
        Just("}"),
        Just("{.c onclick=x}"),
        Just("\n"),
        Just("\n\n"),
        Just("- "),
        Just("> "),
        Just("1. "),
        Just("# "),
        Just("```"),
        Just("```python\n"),
        Just("    "),
        Just("`"),
        Just("*"),
        Just("_"),
        Just("~~"),
        Just("| a | b |\n| - | - |\n"),
        Just("[^1]"),
        Just("[^1]: "),
        Just("- [ ] "),
        Just("<!--"),
        Just("-->"),
        Just("<![CDATA["),
        Just("other.md"),
        Just("missing.md"),
        Just("#frag"),
        Just("\\"),
        Just("&"),
        Just(" "),
        Just("x"),
    ];
    let piece = prop_oneof![4 => piece.prop_map(str::to_string), 1 => any::<String>()];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // The splitter never panics; its spans are in bounds, on character boundaries, the body
    // is a suffix of the input and the YAML lies before it.
    #[test]
    fn split_never_panics_and_spans_are_sane(text in frontmatter_text()) {
        for text in [text.as_str(), frontmatter::strip_bom(&text)] {
            if let Ok(Some(s)) = frontmatter::split(text) {
                prop_assert!(s.yaml.start <= s.yaml.end);
                prop_assert!(s.yaml.end <= s.body.start);
                prop_assert_eq!(s.body.end, text.len());
                prop_assert!(text.is_char_boundary(s.yaml.start) && text.is_char_boundary(s.yaml.end));
                prop_assert!(text.is_char_boundary(s.body.start));
                let body = &text[s.body.clone()];
                prop_assert!(text.ends_with(body));
                let yaml = &text[s.yaml.clone()];
                let _ = frontmatter::parse_yaml::<hireguide::content::QuestionMeta>(yaml);
                if let Err(e) = frontmatter::parse_yaml::<hireguide::content::KitMeta>(yaml) {
                    if let Some(offset) = e.offset {
                        prop_assert!(offset <= yaml.len());
                    }
                }
            }
        }
    }

    // Arbitrary bytes through the reader's decoder and the splitter: never a panic, and an
    // error always names a line.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        match hireguide::source::decode(Path::new("q.md"), bytes) {
            Ok(text) => {
                let _ = frontmatter::split(&text);
            }
            Err(d) => prop_assert!(d.line.is_some() && d.column.is_some()),
        }
    }

    // Every slug is a valid id, so it can never be a path separator, `..` or empty.
    #[test]
    fn slugs_are_always_safe_path_segments(text in prop_oneof![
        any::<String>(),
        "[./\\\\a-zA-Z0-9_ é-]{0,24}",
    ]) {
        let slug = slugify(&text);
        prop_assert!(is_valid_id(&slug), "{:?} -> {:?}", text, slug);
        prop_assert!(!slug.contains('/') && !slug.contains('\\') && !slug.contains(".."));
        let mut parts = Path::new(&slug).components();
        prop_assert!(matches!(parts.next(), Some(std::path::Component::Normal(_))));
        prop_assert!(parts.next().is_none());
    }

    // A string `is_valid_id` accepts is one normal path component.
    #[test]
    fn valid_ids_are_single_path_components(id in "[ -~]{0,12}") {
        if is_valid_id(&id) {
            let parts: Vec<_> = Path::new(&id).components().collect();
            prop_assert_eq!(parts.len(), 1);
            prop_assert!(matches!(parts[0], std::path::Component::Normal(_)));
        }
    }

    // The renderer never panics, never lets a script, event handler or script URL through,
    // and reports problems inside the body.
    #[test]
    fn render_never_emits_live_markup(body in markdownish_text()) {
        let out = render(&body);
        let problems = live_markup(&out.html, &[], &[]);
        prop_assert!(problems.is_empty(), "{:?} -> {}: {:?}", body, out.html, problems);
        for p in &out.problems {
            prop_assert!(p.offset <= body.len());
        }
        let inline = markdown::render_inline(&body);
        let problems = live_markup(&inline, &[], &[]);
        prop_assert!(problems.is_empty(), "{:?} -> {}: {:?}", body, inline, problems);
        let _ = markdown::inline_text(&body);
        let _ = markdown::code_blocks(&body);
    }
}
