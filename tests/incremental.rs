//! `serve`'s incremental updates: after each edit, the updated site must be byte for byte the
//! site a full build makes of the same files, and only a handful of files may be rewritten.

// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::GuideTest;
use hireguide::highlight::Cache;
use hireguide::render::{Output, Session, Update};

const BASE: &str = "http://127.0.0.1:1111/";
const QUESTION: &str = "content/questions/data-ml/pandas-core-operations.md";

fn full_build(t: &GuideTest) -> Output {
    hireguide::build_in_memory(&t.root, Some(BASE), false, Some(&Cache::Off)).unwrap().output
}

fn session(t: &GuideTest) -> Session {
    hireguide::start_session(&t.root, BASE, false, Arc::new(Cache::memory())).unwrap()
}

fn edit(t: &GuideTest, rel: &str, from: &str, to: &str) {
    let text = t.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    t.write(rel, text.replacen(from, to, 1));
}

/// The files of `a` that differ from `b`'s, or exist in only one of them.
fn differing(a: &Output, b: &Output) -> Vec<String> {
    let mut paths: Vec<String> = a.files.keys().chain(b.files.keys()).cloned().collect();
    paths.sort();
    paths.dedup();
    paths.into_iter().filter(|p| a.files.get(p) != b.files.get(p)).collect()
}

#[track_caller]
fn assert_same_as_full_build(t: &GuideTest, s: &Session) {
    let diff = differing(s.output(), &full_build(t));
    assert!(diff.is_empty(), "the update left these files unlike a full build's: {diff:?}");
}

#[track_caller]
fn rewritten(update: Update) -> usize {
    match update {
        Update::Done { rewritten } => rewritten,
        other => panic!("expected an update, got {other:?}"),
    }
}

#[test]
fn edits_to_one_question_update_only_what_shows_it() {
    let t = GuideTest::repository();
    let mut s = session(&t);
    assert_same_as_full_build(&t, &s);
    let changed = [PathBuf::from(QUESTION)];

    // The body: its page, the kit that includes it, the kits index and the search index.
    edit(&t, QUESTION, "\n---\n", "\n---\nA new first paragraph about `merge` and indexes.\n\n");
    let n = rewritten(s.update(&changed));
    assert!(n <= 6, "{n} files rewritten for a body edit");
    assert_same_as_full_build(&t, &s);
    assert!(s.output().files["search-index.json"].windows(5).any(|w| w == b"merge"));

    // The title shows in lists: its category, level and tag pages, neighbours, related pages.
    edit(&t, QUESTION, "title: \"How do you load,", "title: \"How would you load,");
    let n = rewritten(s.update(&changed));
    assert!(n < 40, "{n} files rewritten for a title edit");
    assert_same_as_full_build(&t, &s);

    // A tag dropped (the tag keeps other questions): the tag pages and their counts.
    edit(&t, QUESTION, "tags: [pandas, data-science, performance]", "tags: [pandas, data-science]");
    rewritten(s.update(&changed));
    assert_same_as_full_build(&t, &s);

    // The rubric: only the question's own page and the kits.
    edit(
        &t,
        QUESTION,
        "  listen_for:\n",
        "  listen_for:\n    - \"Mentions `DataFrame.pipe` for readable chains\"\n",
    );
    rewritten(s.update(&changed));
    assert_same_as_full_build(&t, &s);
}

#[test]
fn a_broken_edit_fails_and_stays_failed_until_fixed() {
    let t = GuideTest::repository();
    let mut s = session(&t);
    let before = s.output().clone();
    let other = "content/questions/oop/properties.md";

    edit(&t, QUESTION, "level: ", "level: [");
    let u = s.update(&[PathBuf::from(QUESTION)]);
    let Update::Failed(errors) = u else { panic!("no failure: {u:?}") };
    assert!(
        errors
            .iter()
            .any(|d| d.file.as_path() == std::path::Path::new(QUESTION) && d.line.is_some()),
        "{errors:#?}"
    );
    assert!(differing(s.output(), &before).is_empty(), "a failed update changed the site");

    // A good edit elsewhere does not hide the broken file: it is read again and still fails.
    edit(&t, other, "\n---\n", "\n---\nProperties run code on attribute access.\n\n");
    assert!(matches!(s.update(&[PathBuf::from(other)]), Update::Failed(_)));

    edit(&t, QUESTION, "level: [", "level: ");
    rewritten(s.update(&[PathBuf::from(QUESTION)]));
    assert_same_as_full_build(&t, &s);

    // A related id that does not exist is an error at its line, as in a full build.
    edit(&t, other, "related: [", "related: [no-such-question, ");
    let Update::Failed(errors) = s.update(&[PathBuf::from(other)]) else { panic!("no failure") };
    assert!(
        errors.iter().any(|d| d.message.contains("no-such-question") && d.line.is_some()),
        "{errors:#?}"
    );
}

#[test]
fn changes_an_update_cannot_make_ask_for_a_full_build() {
    let t = GuideTest::repository();
    let mut s = session(&t);
    // The level moves the question in the display order.
    edit(&t, QUESTION, "level: mid", "level: senior");
    assert!(matches!(s.update(&[PathBuf::from(QUESTION)]), Update::Unsupported));
    // A tag no other question has makes a new tag page.
    let t = GuideTest::repository();
    let mut s = session(&t);
    edit(&t, QUESTION, "tags: [pandas,", "tags: [a-brand-new-tag, pandas,");
    assert!(matches!(s.update(&[PathBuf::from(QUESTION)]), Update::Unsupported));
    // Files that are not existing questions (a temporary file that has gone again is ignored).
    let fresh = t.read(QUESTION);
    t.write("content/questions/oop/new-one.md", fresh);
    assert!(matches!(
        s.update(&[PathBuf::from("content/questions/oop/gone.md")]),
        Update::Done { .. }
    ));
    for rel in ["site.yaml", "templates/question.html", "content/questions/oop/new-one.md"] {
        assert!(matches!(s.update(&[PathBuf::from(rel)]), Update::Unsupported), "{rel}");
    }
}
