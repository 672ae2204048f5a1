//! Quality rules that warn rather than fail: what a reviewer would otherwise point out.
//!
//! Titles that are neither questions nor instructions, duplicate titles, tags that differ
//! from another tag only in case or spelling, empty rubric parts, placeholders left from
//! `hireguide new`, and the per-question minimums a guide sets in `site.yaml`. Every rule
//! returns warnings at the line they are about; `check --deny-warnings` makes them fatal.

use std::collections::{BTreeMap, HashMap};

use crate::content::{Guide, Question};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::inline_text;
use crate::slug::slugify;

/// The text `hireguide new` leaves for the author to replace.
pub const PLACEHOLDER: &str = "TODO:";

/// Verbs that make a title an instruction ("Explain …", "Write …").
const INSTRUCTION_VERBS: &[&str] = &[
    "add",
    "build",
    "check",
    "choose",
    "compare",
    "contrast",
    "convert",
    "count",
    "create",
    "debug",
    "define",
    "demonstrate",
    "describe",
    "design",
    "detect",
    "diagnose",
    "discuss",
    "estimate",
    "explain",
    "find",
    "fix",
    "flatten",
    "give",
    "handle",
    "identify",
    "implement",
    "improve",
    "list",
    "make",
    "merge",
    "migrate",
    "model",
    "name",
    "optimise",
    "optimize",
    "outline",
    "parse",
    "plan",
    "predict",
    "profile",
    "propose",
    "read",
    "refactor",
    "remove",
    "reverse",
    "review",
    "show",
    "sketch",
    "split",
    "suggest",
    "summarise",
    "summarize",
    "talk",
    "tell",
    "test",
    "trace",
    "use",
    "validate",
    "walk",
    "write",
];

fn warn(q: &Question, key: &str, message: String, help: &str) -> Diagnostic {
    let mut d = q.source.at_key(Diagnostic::warning(&q.source.file, message), key);
    d.severity = Severity::Warning;
    d.with_help(help)
}

/// Runs every rule over the loaded guide: [`question_warnings`] of each question in order,
/// then [`guide_warnings`].
pub fn lint(guide: &Guide) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for q in &guide.questions {
        lint_question(guide, q, &mut out);
    }
    out.extend(guide_warnings(guide));
    out
}

/// The rules about one question alone (its title's form, rubric minimums, placeholders).
pub fn question_warnings(guide: &Guide, q: &Question) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    lint_question(guide, q, &mut out);
    out
}

/// The rules across the guide: placeholders in kits, duplicate titles, near-duplicate tags.
pub fn guide_warnings(guide: &Guide) -> Vec<Diagnostic> {
    let keys: Vec<String> = guide.questions.iter().map(title_key).collect();
    guide_warnings_with(guide, &keys)
}

/// What two titles have in common when they are "the same": their plain text, lowercased,
/// with runs of whitespace as one space.
pub fn title_key(q: &Question) -> String {
    let text = inline_text(&q.meta.title).to_lowercase();
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// [`guide_warnings`], given each question's [`title_key`] (which `serve` keeps from edit to
/// edit, instead of working out ten thousand of them again).
pub fn guide_warnings_with(guide: &Guide, title_keys: &[String]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for kit in &guide.kits {
        for offset in placeholder_offsets(&kit.source.text) {
            let d =
                Diagnostic::warning(&kit.source.file, "a `TODO:` placeholder is still in the file")
                    .at(&kit.source.text, offset);
            out.push(d.with_help(
                "replace every `TODO:` left by `hireguide new` before the kit is published",
            ));
        }
    }
    duplicate_titles(guide, title_keys, &mut out);
    near_duplicate_tags(guide, &mut out);
    out
}

fn lint_question(guide: &Guide, q: &Question, out: &mut Vec<Diagnostic>) {
    let title = inline_text(&q.meta.title);
    let first = title.split_whitespace().next().unwrap_or("").to_lowercase();
    let placeholder = title.starts_with(PLACEHOLDER);
    if !placeholder
        && !title.trim_end().ends_with('?')
        && !INSTRUCTION_VERBS.contains(&first.as_str())
    {
        out.push(warn(
            q,
            "title",
            "the title is neither a question nor an instruction".into(),
            "end it with `?`, or start it with a verb such as Explain, Describe or Write",
        ));
    }
    let m = &guide.config.minimums;
    let r = &q.meta.rubric;
    let counts = [
        ("rubric", "rubric.listen_for", r.listen_for.len(), m.listen_for),
        ("rubric", "rubric.strong", r.strong.len(), m.strong),
        ("rubric", "rubric.red_flags", r.red_flags.len(), m.red_flags),
        ("follow_ups", "follow_ups", q.meta.follow_ups.len(), m.follow_ups),
        ("related", "related", q.meta.related.len(), m.related),
    ];
    // A rubric list's warning points at the list (`strong:`), or at `rubric:` when it is absent.
    let place = |key: &str, name: &str, message: String, help: &str| {
        let d = Diagnostic::warning(&q.source.file, message).with_help(help);
        let yaml = &q.source.text[q.source.yaml.clone()];
        match name.strip_prefix("rubric.").map(|list| format!("{list}:")) {
            Some(list) if yaml.contains(&list) => q.source.at_value(d, key, &list),
            _ => q.source.at_key(d, key),
        }
    };
    for (key, name, have, need) in counts {
        if name == "rubric.listen_for" && have == 0 {
            continue; // an empty listen_for is already an error
        }
        if have < need {
            out.push(place(
                key,
                name,
                format!(
                    "`{name}` has {have} item{}; this guide asks for at least {need}",
                    plural(have)
                ),
                "the minimums are set under `minimums:` in site.yaml",
            ));
        } else if have == 0 && matches!(name, "rubric.strong" | "rubric.red_flags") {
            out.push(place(
                key,
                name,
                format!("`{name}` is empty"),
                "say what strong candidates add and which answers are red flags; they make the rubric usable",
            ));
        }
    }
    for offset in placeholder_offsets(&q.source.text) {
        let d = Diagnostic::warning(&q.source.file, "a `TODO:` placeholder is still in the file")
            .at(&q.source.text, offset);
        out.push(d.with_help(
            "replace every `TODO:` left by `hireguide new` before the question is published",
        ));
    }
}

/// The offsets of placeholder lines: values, list items or body lines that start with `TODO:`
/// (prose that merely mentions TODO comments does not count).
fn placeholder_offsets(text: &str) -> Vec<usize> {
    let mut pos = 0;
    let mut found = Vec::new();
    for line in text.split_inclusive('\n') {
        if let Some(at) = placeholder_in(line) {
            found.push(pos + at);
        }
        pos += line.len();
    }
    found
}

fn placeholder_in(line: &str) -> Option<usize> {
    let mut t = line.trim_start().trim_start_matches("- ");
    if !t.starts_with(PLACEHOLDER) {
        if let Some((key, rest)) = t.split_once(": ") {
            if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                t = rest;
            }
        }
    }
    let t = t.trim_start_matches(['"', '\'', ' ']);
    t.starts_with(PLACEHOLDER).then(|| line.len() - t.len())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn duplicate_titles(guide: &Guide, keys: &[String], out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Question> = HashMap::with_capacity(keys.len());
    for (q, key) in guide.questions.iter().zip(keys) {
        if let Some(other) = first.get(key.as_str()) {
            out.push(warn(
                q,
                "title",
                format!(
                    "the same title is used by {}",
                    crate::diagnostic::display_path(&other.source.file)
                ),
                "make each question's title distinct, or merge the two questions",
            ));
        } else {
            first.insert(key, q);
        }
    }
}

/// Folds a tag to what makes two spellings "the same": case, separators and a plural `s`.
fn tag_key(tag: &str) -> String {
    let slug = slugify(tag).replace(['-', '_'], "");
    slug.strip_suffix('s').filter(|s| s.len() > 2).map(str::to_string).unwrap_or(slug)
}

fn near_duplicate_tags(guide: &Guide, out: &mut Vec<Diagnostic>) {
    // spelling → (uses, first question using it)
    let mut spellings: BTreeMap<&str, (usize, &Question)> = BTreeMap::new();
    for q in &guide.questions {
        for tag in &q.meta.tags {
            spellings.entry(tag.trim()).or_insert((0, q)).0 += 1;
        }
    }
    let mut by_key: BTreeMap<String, Vec<(&str, usize, &Question)>> = BTreeMap::new();
    for (spelling, (uses, q)) in &spellings {
        by_key.entry(tag_key(spelling)).or_default().push((spelling, *uses, q));
    }
    for group in by_key.values().filter(|g| g.len() > 1) {
        // The most used spelling wins; on a tie, the one already in slug form, then the first.
        let preference = |e: &&(&str, usize, &Question)| {
            (e.1, slugify(e.0) == e.0, std::cmp::Reverse(e.0.to_string()))
        };
        let (best, best_uses, _) = group.iter().max_by_key(preference).copied().unwrap_or(group[0]);
        for (spelling, _, q) in group.iter().filter(|(s, _, _)| *s != best) {
            let d = q.source.at_value(Diagnostic::warning(&q.source.file, format!(
                "the tag `{spelling}` differs from the tag `{best}` (used {best_uses} time{}) only in case or spelling",
                plural(best_uses)
            )), "tags", spelling);
            out.push(d.with_help(format!("use `{best}` everywhere")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_only_where_new_puts_them() {
        assert_eq!(placeholder_offsets("title: \"TODO: ask\"\n"), [8]);
        assert_eq!(
            placeholder_offsets("a\n  - \"TODO: point\"\nTODO: write the answer\n"),
            [7, 20]
        );
        assert!(placeholder_offsets("Leave no TODO: comments in code\n").is_empty());
        assert!(placeholder_offsets("# TODO: fix later\n").is_empty());
    }

    #[test]
    fn tag_keys_fold_case_separators_and_plurals() {
        assert_eq!(tag_key("Context-Managers"), tag_key("context_manager"));
        assert_eq!(tag_key("tests"), tag_key("test"));
        assert_ne!(tag_key("class"), tag_key("classes"));
        assert_eq!(tag_key("gis"), "gis");
    }
}
