//! Diagnostics: every kind of mistake in a guide is reported at its file, line and column,
//! with a message and a hint, in the JSON, human and GitHub formats, and stops the build.
//!
//! Each defect lives in an overlay under `tests/fixtures/invalid/<case>/` that holds only the
//! defective file(s); `GuideTest::overlaid` copies it over the clean `basic` fixture.

// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::{GuideTest, copy_tree, fixtures, tree};
use serde_json::Value;

/// `check --format json`, with every object checked to carry exactly the contract's fields
/// and a guide-relative, forward-slash `file`.
#[track_caller]
fn check(t: &GuideTest) -> (i32, Vec<Value>) {
    let (code, diags) = t.check_json();
    for d in &diags {
        let mut keys: Vec<&str> =
            d.as_object().expect("a JSON object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["column", "file", "help", "line", "message", "severity"], "{d:#}");
        let file = d["file"].as_str().expect("file is a string");
        assert!(!file.contains('\\') && !file.starts_with('/'), "file: {d:#}");
    }
    (code, diags)
}

/// `check --format json` reduced to its errors. Warnings are left out: quality warnings on
/// the fixture are not what these tests are about (see [`added_diagnostics`] for those).
#[track_caller]
fn check_errors(t: &GuideTest) -> (i32, Vec<Value>) {
    let (code, diags) = check(t);
    (code, diags.into_iter().filter(|d| d["severity"] == "error").collect())
}

/// `check` on a guide with exactly one error: exit code 1 and that diagnostic.
#[track_caller]
fn single_error(t: &GuideTest) -> Value {
    let (code, errors) = check_errors(t);
    assert_eq!(code, 1, "{errors:#?}");
    assert_eq!(errors.len(), 1, "exactly one error expected: {errors:#?}");
    errors.into_iter().next().expect("one error")
}

/// `check` on `t`, and the diagnostics it reports beyond those of the clean basic fixture.
#[track_caller]
fn added_diagnostics(t: &GuideTest) -> (i32, Vec<Value>) {
    let (_, baseline) = check(&GuideTest::fixture("basic"));
    let (code, diags) = check(t);
    (code, diags.into_iter().filter(|d| !baseline.contains(d)).collect())
}

/// The diagnostic is in `file` at exactly `line` and `column` (`None` = JSON `null`).
#[track_caller]
fn assert_at(d: &Value, file: &str, line: Option<u64>, column: Option<u64>) {
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"].as_u64(), line, "line: {d:#}");
    assert_eq!(d["column"].as_u64(), column, "column: {d:#}");
}

/// The diagnostic is in `file` at exactly `line`, with some 1-based column.
#[track_caller]
fn assert_on_line(d: &Value, file: &str, line: u64) {
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"].as_u64(), Some(line), "line: {d:#}");
    assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "column: {d:#}");
}

#[track_caller]
fn message(d: &Value) -> &str {
    d["message"].as_str().expect("message is a string")
}

#[track_caller]
fn help(d: &Value) -> &str {
    d["help"].as_str().unwrap_or_else(|| panic!("a help line was expected: {d:#}"))
}

#[track_caller]
fn assert_message(d: &Value, needle: &str) {
    assert!(message(d).contains(needle), "message should contain {needle:?}: {d:#}");
}

#[track_caller]
fn assert_help(d: &Value, needle: &str) {
    assert!(help(d).contains(needle), "help should contain {needle:?}: {d:#}");
}

/// `build` fails with exit code 1 and writes nothing: no `public/`, no temporary folder.
#[track_caller]
fn assert_build_writes_nothing(t: &GuideTest) {
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("error"), "{}", run.stderr);
    assert!(!t.exists("public"), "a failed build must not create public/");
    t.assert_no_leftovers();
}

// 1. The most common typo: a misspelt key, reported at its line in the file with a hint.
#[test]
fn errors_on_unknown_front_matter_key() {
    let t = GuideTest::overlaid("invalid/unknown-key");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/typo-key.md", Some(4), Some(1));
    assert_message(&d, "unknown key `levle`");
    assert_eq!(help(&d), "did you mean `level`?");
    assert_build_writes_nothing(&t);
}

// 2. A level must be one of the site's levels; the hint suggests the closest one.
#[test]
fn errors_on_unknown_level() {
    let t = GuideTest::overlaid("invalid/unknown-level");
    let d = single_error(&t);
    assert_on_line(&d, "content/questions/basics/bad-level.md", 3);
    assert_message(&d, "unknown level `juinor`");
    assert_help(&d, "did you mean `junior`?");
    assert_help(&d, "junior, mid, senior");
}

// 3. A kind must be one of the site's kinds.
#[test]
fn errors_on_unknown_kind() {
    let t = GuideTest::overlaid("invalid/unknown-kind");
    let d = single_error(&t);
    assert_on_line(&d, "content/questions/basics/bad-kind.md", 4);
    assert_message(&d, "unknown kind `codng`");
    assert_help(&d, "did you mean `coding`?");
    assert_help(&d, "technical, coding, scenario, behavioral, screening");
}

// 4. An area must be one of the site's areas; the hint lists them all.
#[test]
fn errors_on_unknown_area() {
    let t = GuideTest::overlaid("invalid/unknown-area");
    let d = single_error(&t);
    assert_on_line(&d, "content/questions/basics/bad-area.md", 5);
    assert_message(&d, "unknown area `fundamentls`");
    assert_help(&d, "did you mean `fundamentals`?");
    assert_help(
        &d,
        "problem-solving, code-quality, fundamentals, testing-debugging, communication, domain-knowledge",
    );
}

// 5. `title` is required; its absence is reported in the question's front-matter.
#[test]
fn errors_on_missing_title() {
    let t = GuideTest::overlaid("invalid/missing-title");
    let d = single_error(&t);
    assert_eq!(d["file"], "content/questions/basics/untitled.md", "{d:#}");
    let line = d["line"].as_u64().expect("a line");
    assert!((1..=2).contains(&line), "the start of the front-matter: {d:#}");
    assert_message(&d, "missing key `title`");
}

// 6. A scalar where a list belongs is reported at the value.
#[test]
fn errors_on_wrong_type_for_tags() {
    let t = GuideTest::overlaid("invalid/wrong-type-tags");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/numeric-tags.md", Some(4), Some(7));
    assert_message(&d, "tags");
    assert_message(&d, "wrong type");
    assert_message(&d, "sequence");
}

// 6. A list where the rubric mapping belongs is reported at the value, in the author's terms.
#[test]
fn errors_on_wrong_type_for_rubric() {
    let t = GuideTest::overlaid("invalid/wrong-type-rubric");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/list-rubric.md", Some(4), Some(9));
    assert_message(&d, "rubric");
    assert_message(&d, "wrong type");
    // `expected struct Rubric` is a Rust type name, meaningless to a contributor.
    assert!(!message(&d).contains("struct"), "Rust type names leak into the message: {d:#}");
}

// 7. A YAML syntax error is reported at its line in the file, not in the YAML block.
#[test]
fn errors_on_yaml_syntax_error_at_file_line() {
    let t = GuideTest::overlaid("invalid/yaml-syntax");
    let d = single_error(&t);
    // `  minutes: 5` (an over-indented key) is line 6 of the file, line 5 of the block.
    assert_at(&d, "content/questions/basics/broken-yaml.md", Some(6), Some(3));
    assert!(!message(&d).is_empty(), "{d:#}");
}

// 7. Positions the YAML parser writes into its message must not contradict the file line.
#[test]
fn errors_on_unclosed_yaml_quote_with_file_positions() {
    let t = GuideTest::overlaid("invalid/yaml-unclosed-quote");
    let d = single_error(&t);
    assert_eq!(d["file"], "content/questions/basics/unclosed-quote.md", "{d:#}");
    // The quote opens on line 5; the YAML block ends at the closing fence on line 8.
    let line = d["line"].as_u64().expect("a line");
    assert!(line == 5 || line == 8, "the opening quote (5) or the block end (8): {d:#}");
    // Lines 4 and 7 are the block-relative numbers of those two places.
    for stale in ["line 4", "line 7"] {
        assert!(!message(&d).contains(stale), "block-relative {stale:?} in the message: {d:#}");
    }
}

// 8. A front-matter block that is never closed would swallow the answer.
#[test]
fn errors_on_unterminated_front_matter() {
    let t = GuideTest::overlaid("invalid/unterminated");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/open-block.md", Some(1), Some(1));
    assert_message(&d, "never closed");
    assert_help(&d, "`---`");
}

// 9. A question without front-matter has no title, level or rubric.
#[test]
fn errors_on_missing_front_matter() {
    let t = GuideTest::overlaid("invalid/no-front-matter");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/plain.md", Some(1), Some(1));
    assert_message(&d, "does not start with front-matter");
    assert_help(&d, "`---`");
}

// 10. A rubric with nothing to listen for is useless to an interviewer.
#[test]
fn errors_on_empty_listen_for() {
    let t = GuideTest::overlaid("invalid/empty-listen-for");
    let d = single_error(&t);
    assert_message(&d, "`rubric.listen_for` is empty");
    // The `listen_for: []` line itself (6), not its parent `rubric:` (4).
    assert_help(&d, "list what a good answer contains");
    assert_on_line(&d, "content/questions/basics/no-rubric-points.md", 6);
}

// 11. Minutes outside 1..=120 would break kit time budgets.
#[test]
fn errors_on_minutes_out_of_range() {
    let t = GuideTest::overlaid("invalid/minutes-out-of-range");
    let d = single_error(&t);
    assert_on_line(&d, "content/questions/basics/long-question.md", 5);
    assert_message(&d, "`minutes` is 500");
    assert_help(&d, "between 1 and 120");
}

// 12. Ids are file stems and URLs: two files with one id would overwrite one page.
#[test]
fn errors_on_duplicate_question_id() {
    let t = GuideTest::overlaid("invalid/duplicate-id");
    let d = single_error(&t);
    // The diagnostic names both files: one as its location, the other in its message.
    assert_at(&d, "content/questions/testing-things/copying.md", None, None);
    assert_message(&d, "`copying`");
    assert_message(&d, "content/questions/basics/copying.md");
    assert_help(&d, "unique");
}

// 13. Every category needs its `_category.yaml` (title and description of the section).
#[test]
fn errors_on_category_without_category_yaml() {
    let t = GuideTest::overlaid("invalid/no-category-meta");
    let d = single_error(&t);
    assert_at(&d, "content/questions/orphans", None, None);
    assert_message(&d, "category `orphans` has no _category.yaml");
    assert_help(&d, "content/questions/orphans/_category.yaml");
}

// 14. `_category.yaml` rejects unknown keys, with a hint, like front-matter does.
#[test]
fn errors_on_unknown_key_in_category_yaml() {
    let t = GuideTest::overlaid("invalid/category-unknown-key");
    let d = single_error(&t);
    assert_at(&d, "content/questions/testing-things/_category.yaml", Some(3), Some(1));
    assert_message(&d, "unknown key `descripton`");
    assert_eq!(help(&d), "did you mean `description`?");
}

// 15. A `related:` id that does not exist is reported at that id, with the closest id.
#[test]
fn errors_on_related_id_that_does_not_exist() {
    let t = GuideTest::overlaid("invalid/related-missing");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/with-related.md", Some(8), Some(5));
    assert_message(&d, "`is-vs-equal`");
    assert_eq!(help(&d), "did you mean `is-vs-equals`?");
}

// 15. A typo that is a prefix of a correct id in the same list is located at itself.
#[test]
fn errors_on_related_typo_that_prefixes_another_id() {
    let t = GuideTest::overlaid("invalid/related-prefix");
    let d = single_error(&t);
    assert_message(&d, "`copyin`");
    assert_eq!(help(&d), "did you mean `copying`?");
    // `related: [copying, copyin]`: `copying` starts at column 11, `copyin` at column 20.
    assert_at(&d, "content/questions/basics/prefix-typo.md", Some(6), Some(20));
}

// 16. A relative link to a file that does not exist would be a 404 on the site.
#[test]
fn errors_on_dangling_relative_link() {
    let t = GuideTest::overlaid("invalid/dangling-link");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/dangling.md", Some(9), Some(5));
    assert_message(&d, "`nope.md`");
    assert_help(&d, "relative to this one");
}

// 17. Guides are built from pull requests: script links and data: images are refused.
#[test]
fn errors_on_unsafe_link_targets() {
    let t = GuideTest::overlaid("invalid/unsafe-links");
    let (code, diags) = check_errors(&t);
    assert_eq!(code, 1, "{diags:#?}");
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let file = "content/questions/basics/unsafe.md";
    assert_at(&diags[0], file, Some(9), Some(7));
    assert_message(&diags[0], "unsafe link target `javascript:alert(1)`");
    assert_help(&diags[0], "javascript:");
    assert_at(&diags[1], file, Some(11), Some(1));
    assert_message(&diags[1], "unsafe link target `data:");
    assert_build_writes_nothing(&t);
}

// 18. A file saved in Latin-1 names the line and the column (in characters) of the bad byte.
#[test]
fn errors_on_invalid_utf8() {
    let t = GuideTest::overlaid("invalid/invalid-utf8");
    let raw = std::fs::read(t.root.join("content/questions/basics/latin1.md")).expect("fixture");
    assert!(raw.contains(&0xff), "the fixture must hold a raw 0xff byte");
    let d = single_error(&t);
    assert_message(&d, "invalid UTF-8");
    assert_message(&d, "0xff");
    assert_help(&d, "UTF-8");
    // Line 8 is `Café au lait \xff is not.`: 13 characters (14 bytes) precede the bad byte.
    assert_at(&d, "content/questions/basics/latin1.md", Some(8), Some(14));
}

// 19. A file over 8 MiB is refused before it is read, with a message that makes sense.
#[test]
fn errors_on_file_over_8_mib() {
    let t = GuideTest::fixture("basic");
    let mut text =
        String::from("---\ntitle: Huge\nlevel: junior\nrubric:\n  listen_for: [a]\n---\n");
    text.push_str(&"a".repeat(8 * 1024 * 1024 + 1 - text.len()));
    assert_eq!(text.len(), 8 * 1024 * 1024 + 1);
    t.write("content/questions/basics/huge.md", &text);
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/huge.md", None, None);
    assert_message(&d, "8 MiB");
    assert_help(&d, "split");
    // One byte over the limit must not read as "the file is 8 MiB; the limit is 8 MiB".
    assert!(!message(&d).contains("file is 8 MiB"), "the size reads as the limit: {d:#}");
}

// 20. An id becomes a URL; a file name with spaces or capitals gets a slugified suggestion.
#[test]
fn errors_on_invalid_question_id() {
    let t = GuideTest::overlaid("invalid/invalid-id");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/My Question.md", None, None);
    assert_message(&d, "`My Question` is not a valid question id");
    assert_help(&d, "rename the file to `my-question.md`");
}

// 21. site.yaml rejects unknown keys with a hint, at their line.
#[test]
fn errors_on_unknown_key_in_site_yaml() {
    let t = GuideTest::overlaid("invalid/site-unknown-key");
    let d = single_error(&t);
    assert_at(&d, "site.yaml", Some(3), Some(1));
    assert_message(&d, "unknown key `base_ulr`");
    assert_eq!(help(&d), "did you mean `base_url`?");
}

// 21. Without site.yaml there is no guide: a content error (exit 1), and nothing is built.
#[test]
fn errors_on_missing_site_yaml() {
    let t = GuideTest::fixture("basic");
    t.remove("site.yaml");
    let d = single_error(&t);
    assert_at(&d, "site.yaml", None, None);
    assert_message(&d, "site.yaml");
    assert_help(&d, "title:");
    assert_build_writes_nothing(&t);
}

// 21. A highlight theme must exist in syntect's set; a typo gets the closest name.
#[test]
fn errors_on_unknown_highlight_theme() {
    let t = GuideTest::overlaid("invalid/site-unknown-theme");
    let d = single_error(&t);
    assert_at(&d, "site.yaml", Some(6), Some(9));
    assert_message(&d, "unknown highlight theme `base16-ocean.drak`");
    assert_eq!(help(&d), "did you mean `base16-ocean.dark`?");
}

// 22. A guide page needs a title for the navigation and the <title>.
#[test]
fn errors_on_page_without_title() {
    let t = GuideTest::overlaid("invalid/page-without-title");
    let d = single_error(&t);
    assert_at(&d, "content/pages/howto.md", Some(1), Some(1));
    assert_message(&d, "no title");
    assert_help(&d, "title:");
}

// 22. A page named like a site section (`tags.md` → /tags/) would overwrite the tag index.
#[test]
fn errors_on_reserved_page_name() {
    let t = GuideTest::overlaid("invalid/reserved-page");
    let d = single_error(&t);
    assert_at(&d, "content/pages/tags.md", None, None);
    assert_message(&d, "`tags`");
    assert_message(&d, "taken");
    assert_help(&d, "rename");
}

// 23. Files saved on Windows (CRLF, byte-order mark) build like any other.
#[test]
fn can_build_crlf_file_with_bom() {
    let t = GuideTest::overlaid("invalid/crlf-bom");
    let raw = std::fs::read(t.root.join("content/questions/basics/windows.md")).expect("fixture");
    assert!(raw.starts_with(b"\xef\xbb\xbf---\r\n"), "the fixture must keep its BOM and CRLF");
    let (code, errors) = check_errors(&t);
    assert_eq!((code, errors.len()), (0, 0), "{errors:#?}");
    t.build(&[]);
    let html = t.read("public/questions/basics/windows/index.html");
    assert!(html.contains("Does a Windows file build?"), "{html}");
    assert!(html.contains("href=\"/sub/path/questions/basics/copying/\""), "{html}");
    assert!(!html.contains('\u{feff}'), "the BOM leaked into the page");
}

// 23. In a CRLF file, an error in the body is still reported at its line and column.
#[test]
fn errors_on_crlf_file_at_the_right_line() {
    let t = GuideTest::overlaid("invalid/crlf-error");
    let raw =
        std::fs::read(t.root.join("content/questions/basics/windows-error.md")).expect("fixture");
    assert!(raw.windows(2).any(|w| w == b"\r\n"), "the fixture must keep its CRLF endings");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/windows-error.md", Some(10), Some(8));
    assert_message(&d, "`missing.md`");
}

// 24. A contributor sees every mistake in one run, not one per run.
#[test]
fn can_report_problems_in_three_files_at_once() {
    let t = GuideTest::overlaid("invalid/three-problems");
    let (code, diags) = check_errors(&t);
    assert_eq!(code, 1, "{diags:#?}");
    let places: Vec<(&str, Option<u64>)> =
        diags.iter().map(|d| (d["file"].as_str().unwrap_or(""), d["line"].as_u64())).collect();
    assert_eq!(
        places,
        [
            ("content/pages/howto.md", Some(1)),
            ("content/questions/basics/bad-level.md", Some(3)),
            ("content/questions/testing-things/_category.yaml", Some(3)),
        ],
        "{diags:#?}"
    );
}

// 24. Body problems are reported in the same run as front-matter problems elsewhere.
#[test]
fn errors_on_body_link_and_front_matter_together() {
    let t = GuideTest::overlaid("invalid/link-and-front-matter");
    let (code, diags) = check_errors(&t);
    assert_eq!(code, 1, "{diags:#?}");
    let places: Vec<(&str, Option<u64>)> =
        diags.iter().map(|d| (d["file"].as_str().unwrap_or(""), d["line"].as_u64())).collect();
    assert_eq!(
        places,
        [
            ("content/questions/basics/bad-level.md", Some(3)),
            ("content/questions/testing-things/dangling.md", Some(7)),
        ],
        "{diags:#?}"
    );
}

// 25. A guide's template override that does not compile names its own file and line.
#[test]
fn errors_on_template_syntax_error() {
    let t = GuideTest::overlaid("invalid/template-syntax");
    let d = single_error(&t);
    assert_at(&d, "templates/question.html", Some(4), Some(26));
    assert_message(&d, "`question.html`");
    assert_message(&d, "does not compile");
    assert_build_writes_nothing(&t);
}

// 26. A template failing at render time is named with its page; the old site survives.
#[test]
fn errors_on_template_render_failure() {
    let t = GuideTest::fixture("basic");
    t.build(&[]);
    let before = tree(&t.root.join("public"));
    copy_tree(&fixtures().join("invalid/template-render"), &t.root);

    let (code, diags) = check_errors(&t);
    assert_eq!(code, 1, "{diags:#?}");
    assert!(!diags.is_empty());
    for d in &diags {
        assert_at(d, "templates/question.html", Some(4), Some(16));
        assert_message(d, "`question.html`");
        assert_message(d, "no_such_field");
    }
    assert!(
        diags.iter().any(|d| message(d).contains("questions/basics/copying/index.html")),
        "the failing page should be named: {diags:#?}"
    );

    let run = t.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("templates/question.html"), "{}", run.stderr);
    assert_eq!(tree(&t.root.join("public")), before, "the previous site was changed");
    t.assert_no_leftovers();
}

// 26b. A list partial that fails fails for every question alike: one error, naming the partial.
#[test]
fn errors_once_on_a_broken_list_partial() {
    let t = GuideTest::fixture("basic");
    t.write("templates/partials/question_item.html", "<a>{{ q.no_such_field.deeper }}</a>");
    let d = single_error(&t);
    assert_at(&d, "templates/partials/question_item.html", Some(1), Some(9));
    assert_message(&d, "`partials/question_item.html`");
    assert_message(&d, "no_such_field");
    assert_build_writes_nothing(&t);
}

// 27. The default format reads like a compiler: message, location, source line, caret, hint.
#[test]
fn can_print_human_diagnostics() {
    let t = GuideTest::overlaid("invalid/unknown-key");
    let run = t.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("error: unknown key `levle`"), "{err}");
    assert!(err.contains(" --> content/questions/basics/typo-key.md:4:1\n"), "{err}");
    assert!(err.contains("4 | levle: junior\n"), "{err}");
    assert!(err.lines().any(|l| l.trim_end().ends_with("| ^")), "no caret line: {err}");
    assert!(err.contains("help: did you mean `level`?"), "{err}");
    assert!(!err.contains('\u{1b}'), "NO_COLOR is set, yet there are escape codes: {err}");
}

// 27. `--format github` turns diagnostics into pull-request annotations, one per line.
#[test]
fn can_print_github_annotations() {
    let t = GuideTest::overlaid("invalid/minutes-out-of-range");
    let run = t.run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "::error file=content/questions/basics/long-question.md,line=5,col=1::`minutes` is 500%0Ahelp: allow between 1 and 120 minutes per question"
        ],
        "{}",
        run.stdout
    );
}

// 28. Editor backups, swap and autosave files are not content, and not worth a warning.
#[test]
fn can_ignore_editor_backups_silently() {
    let t = GuideTest::overlaid("invalid/ignored-files");
    for name in ["q.md~", ".q.md.swp", "#q.md#"] {
        assert!(t.exists(&format!("content/questions/basics/{name}")), "fixture lacks {name}");
    }
    // Not one diagnostic more than the clean fixture gets: not even a warning.
    let (code, added) = added_diagnostics(&t);
    assert_eq!((code, added.len()), (0, 0), "{added:#?}");
    t.build(&[]);
    assert!(!t.exists("public/questions/basics/q"));
}

// 28. Any other file under questions/ is probably a mistake, but not a fatal one.
#[test]
fn warns_on_non_markdown_file_in_questions() {
    let t = GuideTest::overlaid("invalid/non-markdown");
    let (code, added) = added_diagnostics(&t);
    assert_eq!(code, 0, "{added:#?}");
    assert_eq!(added.len(), 1, "{added:#?}");
    let d = &added[0];
    assert_eq!(d["severity"], "warning", "{d:#}");
    assert_at(d, "content/questions/basics/notes.txt", None, None);
    assert_message(d, "not a question file");
    assert_help(d, "<id>.md");

    let denied = t.run(&["check", "--deny-warnings", "--format", "json"]);
    assert_eq!(denied.code, 1, "{}", denied.stdout);
    assert!(denied.stdout.contains("notes.txt"), "{}", denied.stdout);
    t.build(&[]);
}

// 29. A symlink out of the guide could publish any file of the builder's machine.
#[cfg(unix)]
#[test]
fn errors_on_symlink_outside_the_guide() {
    let t = GuideTest::fixture("basic");
    let outside = t.scratch().join("outside.md");
    std::fs::write(
        &outside,
        "---\ntitle: Secret\nlevel: junior\nrubric:\n  listen_for: [x]\n---\n",
    )
    .expect("write outside file");
    std::os::unix::fs::symlink(&outside, t.root.join("content/questions/basics/outside.md"))
        .expect("symlink");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/outside.md", None, None);
    assert_message(&d, "outside the guide");
    assert_help(&d, "inside the guide folder");
    assert_build_writes_nothing(&t);
}

// 29. A symlink loop is reported and the walk ends, instead of recursing forever.
#[cfg(unix)]
#[test]
fn errors_on_symlink_loop() {
    let t = GuideTest::fixture("basic");
    std::os::unix::fs::symlink(".", t.root.join("content/questions/basics/loop")).expect("symlink");
    let (code, stdout, _) = t.run_within(&["check", "--format", "json"], Duration::from_secs(60));
    let diags: Vec<Value> = serde_json::from_str(&stdout).expect("JSON diagnostics");
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(code, 1, "{diags:#?}");
    assert_eq!(errors.len(), 1, "{diags:#?}");
    let d = errors[0];
    assert_at(d, "content/questions/basics/loop", None, None);
    assert_message(d, "loop");
    let (code, _, _) = t.run_within(&["build"], Duration::from_secs(60));
    assert_eq!(code, 1);
    assert!(!t.exists("public"));
}

// 30. Drafts are left out of the site unless asked for.
#[test]
fn can_build_drafts_only_with_drafts_flag() {
    let t = GuideTest::fixture("basic");
    let (code, errors) = check_errors(&t);
    assert_eq!((code, errors.len()), (0, 0), "a draft is not a problem: {errors:#?}");
    t.build(&[]);
    assert!(!t.exists("public/questions/basics/draft-question"));
    t.build(&["--drafts"]);
    assert!(t.exists("public/questions/basics/draft-question/index.html"));
}

// 30. A published question must not point at a draft: the link would be dead on the site.
#[test]
fn errors_on_related_link_to_draft() {
    let t = GuideTest::overlaid("invalid/related-to-draft");
    let d = single_error(&t);
    assert_at(&d, "content/questions/basics/points-at-draft.md", Some(6), Some(20));
    assert_message(&d, "`draft-question`");
    let run = t.run(&["check", "--drafts", "--format", "json"]);
    assert_eq!(run.code, 0, "with --drafts the draft exists: {}", run.stdout);
    t.build(&["--drafts"]);
    // `draft-question` is a question, a draft: "which is not a question" misleads.
    assert!(
        message(&d).replace("draft-question", "").contains("draft"),
        "the message should say the target is a draft: {d:#}"
    );
}
