//! Publishing safely: atomic replacement, the ownership marker, and refused folders.

// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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

/// Every entry under `dir`: files with their bytes, folders, and symlinks with their targets.
fn listing(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        let what = if entry.path_is_symlink() {
            format!("symlink to {}", fs::read_link(entry.path()).unwrap().display())
        } else if entry.file_type().is_dir() {
            "folder".to_string()
        } else {
            format!("{:?}", fs::read(entry.path()).unwrap())
        };
        out.push((rel, what));
    }
    out
}

fn kept_files(stderr: &str) -> usize {
    let line = stderr.lines().find(|l| l.contains("files kept as they were")).expect(stderr);
    line.split_whitespace().next().unwrap().parse().unwrap()
}

const UNCHANGED: &str = "nothing the site is built from changed";

// With --cache-dir, the previous site is kept in the cache folder and reused by the next build,
// which writes only what changed. Whatever happened in between (edits, removed pages, hand
// edits, stray files and symlinks in the published folder), the result is exactly the tree a
// fresh build makes, and nothing is left beside the output folder.
#[test]
fn reused_site_is_exactly_a_fresh_build() {
    let t = GuideTest::fixture("basic");
    let cache = t.scratch().join("cache");
    let fresh = t.scratch().join("fresh");
    let build = |round: &str| -> String {
        let run = t.run(&["build", "-v", "--cache-dir", cache.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{round}: {}", run.stderr);
        assert!(!run.stderr.contains(UNCHANGED), "{round}: {}", run.stderr);
        let _ = fs::remove_dir_all(&fresh);
        let clean = t.run(&["build", "--output", fresh.to_str().unwrap()]);
        assert_eq!(clean.code, 0, "{}", clean.stderr);
        assert_eq!(listing(&t.root.join("public")), listing(&fresh), "{round}");
        t.assert_no_leftovers();
        run.stderr
    };
    let q = "content/questions/basics/is-vs-equals.md";
    let mut edits = 0;
    let mut edit = || {
        edits += 1;
        t.write(q, t.read(q).replace("\n---\n", &format!("\n---\nNew paragraph {edits}.\n\n")));
    };
    build("first build");
    edit();
    build("second build: the first site becomes the spare");
    edit();
    let reused = build("third build: one answer changed");
    assert!(kept_files(&reused) > 10, "{reused}");

    t.remove("content/questions/testing-things/mocks.md");
    t.remove("content/kits/screen.md");
    t.write(q, t.read(q).replace("[the testing question](../testing-things/mocks.md)", "tests"));
    build("a question and a kit removed");

    let public = t.root.join("public");
    fs::write(public.join("index.html"), "edited by hand").unwrap();
    fs::write(public.join("stray.txt"), "not from hireguide").unwrap();
    fs::create_dir_all(public.join("questions/stray")).unwrap();
    // A symlink where a page goes: the page must replace the link, never write through it.
    let outside = t.scratch().join("outside.html");
    fs::write(&outside, "outside the site").unwrap();
    fs::remove_file(public.join("questions/index.html")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, public.join("questions/index.html")).unwrap();
    build("hand edits in the published folder (now the live site)");
    edit();
    build("hand edits in the published folder (now the reused spare)");
    assert_eq!(fs::read_to_string(&outside).unwrap(), "outside the site");
}

/// Every file under `dir` with its modification time.
fn times(dir: &std::path::Path) -> Vec<(String, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), e.metadata().unwrap().modified().unwrap()))
        .collect()
}

// With --cache-dir, a build whose inputs did not change since the build that made the site
// (and whose site is intact) still loads and checks the guide, but renders and writes nothing.
// Any change to what the site is built from, or to the site itself, builds again, and the
// result is then exactly a fresh build's.
#[test]
fn an_unchanged_guide_leaves_the_site_as_it_was() {
    let t = GuideTest::fixture("basic");
    let cache = t.scratch().join("cache");
    let fresh = t.scratch().join("fresh");
    let public = t.root.join("public");
    let run = |args: &[&str]| {
        let mut all = vec!["build", "-v", "--cache-dir", cache.to_str().unwrap()];
        all.extend_from_slice(args);
        let run = t.run(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run
    };
    let rebuilt = |why: &str, args: &[&str]| {
        let first = run(args);
        assert!(!first.stderr.contains(UNCHANGED), "{why}: {}", first.stderr);
        let _ = fs::remove_dir_all(&fresh);
        let mut clean = vec!["build", "--output", fresh.to_str().unwrap()];
        clean.extend_from_slice(args);
        assert_eq!(t.run(&clean).code, 0);
        assert_eq!(listing(&public), listing(&fresh), "{why}");
        let again = run(args);
        assert!(again.stderr.contains(UNCHANGED), "{why}, then nothing: {}", again.stderr);
    };

    let first = run(&[]);
    let before = times(&public);
    let second = run(&[]);
    assert!(second.stderr.contains(UNCHANGED), "{}", second.stderr);
    assert_eq!(times(&public), before, "no file was rewritten");
    // The same summary, and the same warnings about the guide, as the build that made the site.
    let counts = |out: &str| out.split(" -> ").next().unwrap().to_string();
    assert_eq!(counts(&first.stdout), counts(&second.stdout));
    let warnings = |err: &str| err.lines().filter(|l| l.starts_with("warning")).count();
    assert_eq!(warnings(&first.stderr), warnings(&second.stderr));
    assert!(warnings(&first.stderr) > 0, "the fixture has warnings to repeat");

    // An edit that keeps the file's size and puts its modification time back.
    let q = t.root.join("content/questions/basics/is-vs-equals.md");
    let mtime = fs::metadata(&q).unwrap().modified().unwrap();
    let text = fs::read_to_string(&q).unwrap();
    let at = text.rfind("is").unwrap();
    fs::write(&q, format!("{}IS{}", &text[..at], &text[at + 2..])).unwrap();
    fs::File::options().write(true).open(&q).unwrap().set_modified(mtime).unwrap();
    rebuilt("a same-size edit with the old time", &[]);

    t.write("static/notes.txt", "a new static file");
    rebuilt("a new static file", &[]);
    t.write("templates/partials/extra.html", "<p>unused</p>");
    rebuilt("a new template file", &[]);
    rebuilt("another base URL", &["--base-url", "https://example.org/other/"]);
    rebuilt("drafts included", &["--base-url", "https://example.org/other/", "--drafts"]);

    fs::remove_file(public.join("index.html")).unwrap();
    rebuilt(
        "a page removed from the site",
        &["--base-url", "https://example.org/other/", "--drafts"],
    );
    fs::write(public.join("robots.txt"), "edited").unwrap();
    rebuilt("a page edited in the site", &["--base-url", "https://example.org/other/", "--drafts"]);
    fs::create_dir_all(public.join("extra")).unwrap();
    rebuilt(
        "a folder added to the site",
        &["--base-url", "https://example.org/other/", "--drafts"],
    );
    fs::remove_file(cache.join("site.manifest")).unwrap();
    rebuilt("the manifest lost", &["--base-url", "https://example.org/other/", "--drafts"]);
}

// A cache folder that holds the output folder is refused: the kept site could collide with it.
#[test]
fn refuses_a_cache_folder_around_the_output() {
    let t = GuideTest::fixture("basic");
    let run = t.run(&["build", "--cache-dir", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds the output folder"), "{}", run.stderr);
    let run = t.run(&["build", "--cache-dir", "public/cache"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("inside the output folder"), "{}", run.stderr);
}
