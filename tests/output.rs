//! Publishing safely: atomic replacement, the ownership marker, and refused folders.

mod common;

use std::fs;

use common::{GuideTest, tree};

// A failed build leaves the previous site byte for byte as it was.
#[test]
fn failed_build_keeps_previous_output() {
    let t = GuideTest::fixture("basic");
    t.build(&[]);
    let before = tree(&t.root.join("public"));
    t.write("content/questions/basics/copying.md", "---\ntitle: broken\nlevel: nope\n---\n");
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(tree(&t.root.join("public")), before);
    t.assert_no_leftovers();
}

// A build that fails midway, in a template, also leaves the previous site intact.
#[test]
fn template_failure_midway_keeps_previous_output() {
    let t = GuideTest::fixture("basic");
    t.build(&[]);
    let before = tree(&t.root.join("public"));
    t.write("templates/tag.html", "{{ no_such_variable.field }}");
    let run = t.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("templates/tag.html"), "{}", run.stderr);
    assert_eq!(tree(&t.root.join("public")), before);
    t.assert_no_leftovers();
}

// A rebuild replaces the old site: files that no longer exist disappear.
#[test]
fn rebuild_removes_stale_pages() {
    let t = GuideTest::fixture("basic");
    t.build(&[]);
    assert!(t.exists("public/questions/testing-things/mocks/index.html"));
    t.remove("content/questions/testing-things/mocks.md");
    t.remove("content/kits/screen.md");
    let text = t.read("content/questions/basics/is-vs-equals.md");
    t.write(
        "content/questions/basics/is-vs-equals.md",
        text.replace("[the testing question](../testing-things/mocks.md)", "tests"),
    );
    t.build(&[]);
    assert!(!t.exists("public/questions/testing-things/mocks"));
    assert!(t.exists("public/.hireguide-output"));
    t.assert_no_leftovers();
}

// A non-empty folder hireguide did not make is refused without --force (exit 2), kept intact.
#[test]
fn refuses_foreign_folder_without_force() {
    let t = GuideTest::fixture("basic");
    let out = t.scratch().join("precious");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("thesis.txt"), "years of work").unwrap();
    let run = t.run(&["build", "--output", out.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(out.join("thesis.txt")).unwrap(), "years of work");
    t.build(&["--output", out.to_str().unwrap(), "--force"]);
    assert!(out.join("index.html").exists() && !out.join("thesis.txt").exists());
}

// An empty folder is fine without --force.
#[test]
fn empty_folder_is_accepted() {
    let t = GuideTest::fixture("basic");
    let out = t.scratch().join("empty");
    fs::create_dir_all(&out).unwrap();
    t.build(&["--output", out.to_str().unwrap()]);
    assert!(out.join("index.html").exists());
}

// Some folders are refused even with --force: the source, its ancestors, its inputs, /.
#[test]
fn refuses_dangerous_folders_even_with_force() {
    let t = GuideTest::fixture("basic");
    for out in [".", "..", "content", "content/pages", "templates", "static/x", "/"] {
        let run = t.run(&["build", "--output", out, "--force"]);
        assert_eq!(run.code, 2, "{out}: {}", run.stderr);
        assert!(run.stderr.contains("refusing"), "{out}: {}", run.stderr);
    }
    assert!(t.exists("content/questions/basics/copying.md"));
    assert!(t.exists("site.yaml"));
}

// A temporary folder left by a killed build is cleaned up by the next build.
#[test]
fn stale_temporary_folders_are_cleaned() {
    let t = GuideTest::fixture("basic");
    let stale = t.root.join(".public.hireguide-new-999999");
    fs::create_dir_all(stale.join("questions")).unwrap();
    fs::write(stale.join(".hireguide-output"), "x").unwrap();
    let unrelated = t.root.join(".public.hireguide-notes");
    fs::create_dir_all(&unrelated).unwrap();
    t.build(&[]);
    assert!(!stale.exists());
    assert!(unrelated.exists(), "a folder without the marker is never removed");
}

// The output can be a file path's sibling folder that does not exist yet (nested too).
#[test]
fn creates_missing_output_parents() {
    let t = GuideTest::fixture("basic");
    let out = t.scratch().join("deep/er/site");
    t.build(&["--output", out.to_str().unwrap()]);
    assert!(out.join("index.html").exists());
}

// Usage errors exit 2.
#[test]
fn missing_source_folder_is_exit_2() {
    let t = GuideTest::fixture("basic");
    let run = t.run(&["build", "--source", "does-not-exist"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = t.run(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2);
}
