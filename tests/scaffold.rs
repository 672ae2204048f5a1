//! `init` and `new`: what they write builds and checks as documented.

// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use common::GuideTest;

fn hireguide(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hireguide"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

// A new guide checks cleanly, snippets included, with warnings denied, and builds.
#[test]
fn init_creates_a_guide_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = hireguide(dir.path(), &["init", "my-guide"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("created a new guide in my-guide"), "{out}");
    let guide = dir.path().join("my-guide");
    let (code, _, err) = hireguide(&guide, &["check", "--run-snippets", "--deny-warnings"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("ran 2 Python snippets"), "{err}");
    let (code, out, err) = hireguide(&guide, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("built 4 questions in 2 categories, 1 kit"), "{out}");
    assert!(guide.join("public/questions/basics/names-and-objects/index.html").exists());
    assert!(guide.join("public/kits/junior-interview/index.html").exists());
}

// init never writes into a folder that has something in it.
#[test]
fn init_refuses_a_non_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let (code, _, err) = hireguide(dir.path(), &["init", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

// A new question passes `check` with one warning per placeholder, fails with
// --deny-warnings (as CI runs it), and passes once the placeholders are filled.
#[test]
fn new_question_is_refused_by_ci_until_filled() {
    let t = GuideTest::fixture("basic");
    let run = t.run(&["new", "question", "basics/slicing", "--level", "mid"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (code, list) = t.check_json();
    assert_eq!(code, 0, "{list:#?}");
    let lines: Vec<u64> = list
        .iter()
        .filter(|d| d["file"] == "content/questions/basics/slicing.md")
        .map(|d| {
            assert_eq!(d["message"], "a `TODO:` placeholder is still in the file", "{d}");
            d["line"].as_u64().unwrap()
        })
        .collect();
    assert_eq!(lines, [3, 17, 20, 23, 26, 30]);
    assert_eq!(t.run(&["check", "--deny-warnings"]).code, 1);

    let filled = t
        .read("content/questions/basics/slicing.md")
        .replace(
            "\"TODO: the question, ending with ? (or an instruction such as Explain ...)\"",
            "How does slicing work?",
        )
        .replace("TODO: a point a good answer makes", "start is included, stop is not")
        .replace("TODO: what sets a strong answer apart", "knows slices copy")
        .replace("TODO: an answer that should worry the interviewer", "thinks stop is included")
        .replace("TODO: a follow-up question", "What does a negative step do?")
        .replace("TODO: the model answer", "The model answer");
    t.write("content/questions/basics/slicing.md", filled);
    let (code, list) = t.check_json();
    assert_eq!(code, 0);
    assert!(!list.iter().any(|d| d["file"] == "content/questions/basics/slicing.md"), "{list:#?}");
    t.build(&[]);
    assert!(t.exists("public/questions/basics/slicing/index.html"));
}

// new refuses to overwrite, to reuse an id from another category, and bad names or levels.
#[test]
fn new_question_refuses_unsafe_requests() {
    let t = GuideTest::fixture("basic");
    let before = t.read("content/questions/basics/copying.md");
    for (args, message) in [
        (
            vec!["new", "question", "basics/copying"],
            "the id `copying` is already used by content/questions/basics/copying.md",
        ),
        (vec!["new", "question", "testing-things/copying"], "the id `copying` is already used"),
        (vec!["new", "question", "basics/Bad Name"], "`Bad Name` is not a valid id"),
        (vec!["new", "question", "copying"], "is not <category>/<id>"),
        (vec!["new", "question", "basics/fine", "--level", "guru"], "unknown level `guru`"),
    ] {
        let run = t.run(&args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert_eq!(t.read("content/questions/basics/copying.md"), before);
    assert!(!t.exists("content/questions/basics/fine.md"));
}

// A question in a new category also creates the category file, and the guide still builds.
#[test]
fn new_question_in_a_new_category() {
    let t = GuideTest::fixture("basic");
    let run = t.run(&["new", "question", "web/routing", "--title", "How does routing work?"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(t.read("content/questions/web/_category.yaml").starts_with("title: Web\n"));
    assert!(
        t.read("content/questions/web/routing.md").contains("title: \"How does routing work?\"")
    );
    t.build(&[]);
}

// A new kit builds at once (its picks resolve), and CI refuses it until its TODOs are filled.
#[test]
fn new_kit_builds_and_is_refused_by_ci_until_filled() {
    let t = GuideTest::fixture("basic");
    let run = t.run(&["new", "kit", "backend-60"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (code, list) = t.check_json();
    assert_eq!(code, 0, "{list:#?}");
    let lines: Vec<u64> = list
        .iter()
        .filter(|d| {
            d["file"] == "content/kits/backend-60.md"
                && d["message"] == "a `TODO:` placeholder is still in the file"
        })
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 21]);
    assert_eq!(t.run(&["check", "--deny-warnings"]).code, 1);
    t.build(&[]);
    assert!(t.exists("public/kits/backend-60/index.html"));
    assert_eq!(t.run(&["new", "kit", "backend-60"]).code, 2, "never overwrites");
}
