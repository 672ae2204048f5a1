//! `new` and `init`: starter files that pass `check`.
//!
//! `new question` writes a file with every front-matter key, a one-line hint per key and
//! `TODO:` placeholders. It passes `check` (so `serve` shows it at once) with one warning per
//! placeholder, and `check --deny-warnings`, as CI runs it, refuses it until every placeholder
//! is filled. `init` writes a small, complete guide that builds and checks cleanly. Nothing is
//! ever overwritten.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::slug::{ID_RULE, is_valid_id};

/// Why a scaffold command did nothing.
#[derive(Debug)]
pub struct ScaffoldError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
}

impl std::fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScaffoldError {}

fn fail(message: impl Into<String>, help: impl Into<String>) -> ScaffoldError {
    ScaffoldError { message: message.into(), help: Some(help.into()) }
}

fn io_fail(path: &Path, e: io::Error) -> ScaffoldError {
    ScaffoldError { message: format!("cannot write `{}`: {e}", path.display()), help: None }
}

/// Creates a file that must not exist yet.
fn create_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_fail(parent, e))?;
    }
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            fail(
                format!("`{}` already exists", path.display()),
                "nothing was changed; pick another id or edit that file",
            )
        } else {
            io_fail(path, e)
        }
    })?;
    file.write_all(text.as_bytes()).map_err(|e| io_fail(path, e))
}

/// A YAML double-quoted string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| String::from("\"\""))
}

/// What `new question` created.
#[derive(Debug)]
pub struct NewQuestion {
    /// The question file.
    pub file: PathBuf,
    /// The category file, when the category was new.
    pub category_file: Option<PathBuf>,
}

/// Writes `content/questions/<category>/<id>.md` in the guide at `root`.
pub fn new_question(
    root: &Path,
    config: &SiteConfig,
    spec: &str,
    level: Option<&str>,
    title: Option<&str>,
) -> Result<NewQuestion, ScaffoldError> {
    let spec = spec.trim_end_matches(".md");
    let Some((category, id)) = spec.split_once('/') else {
        return Err(fail(
            format!("`{spec}` is not <category>/<id>"),
            "e.g. `hireguide new question oop/slots`",
        ));
    };
    for (what, value) in [("category", category), ("id", id)] {
        if !is_valid_id(value) {
            return Err(fail(format!("`{value}` is not a valid {what}"), ID_RULE));
        }
    }
    // `--source .` would print `./content/…`; paths read better relative to the guide.
    let root = if root == Path::new(".") { Path::new("") } else { root };
    let questions = root.join("content/questions");
    if let Ok(categories) = fs::read_dir(&questions) {
        for cat in categories.flatten() {
            if cat.path().join(format!("{id}.md")).exists() {
                let other =
                    format!("content/questions/{}/{id}.md", cat.file_name().to_string_lossy());
                return Err(fail(
                    format!("the id `{id}` is already used by {other}"),
                    "ids are unique across the whole bank; choose another",
                ));
            }
        }
    }
    let level = match level {
        Some(l) if config.level(l).is_some() => l.to_string(),
        Some(l) => {
            let ids: Vec<&str> = config.levels.iter().map(|l| l.id.as_str()).collect();
            let help = match crate::diagnostic::did_you_mean(l, ids.iter().copied()) {
                Some(best) => format!(
                    "did you mean `{best}`? levels are set in site.yaml: {}",
                    ids.join(", ")
                ),
                None => format!("levels are set in site.yaml: {}", ids.join(", ")),
            };
            return Err(fail(format!("unknown level `{l}`"), help));
        }
        None => config.levels.first().map(|l| l.id.clone()).unwrap_or_else(|| "junior".into()),
    };
    let folder = questions.join(category);
    let category_file = folder.join("_category.yaml");
    let new_category = !category_file.exists();
    if new_category {
        let title = crate::config::Level::from_plain(category).title;
        create_new(&category_file, &format!("title: {title}\ndescription: \"\"\norder: 100\n"))?;
    }
    let file = folder.join(format!("{id}.md"));
    create_new(&file, &question_template(config, &level, title))?;
    Ok(NewQuestion { file, category_file: new_category.then_some(category_file) })
}

const QUESTION_TEMPLATE: &str = r#"---
# The question as asked: end it with `?`, or start with a verb (Explain, Write, Describe ...).
title: {title}
# One of: {levels}.
level: {level}
# One of: {kinds}. The kind sets the default minutes.
kind: technical
# Minutes to allow, 1 to 120; delete the line to use the kind's default.
minutes: 5
# Assessment area ({areas}); by default the category's.
# area: fundamentals
# A few short tags, reusing the ones already in the guide.
tags: []
rubric:
  # Concrete points a good answer contains, that an interviewer can tick off.
  listen_for:
    - "TODO: a point a good answer makes"
  # What strong candidates add.
  strong:
    - "TODO: what sets a strong answer apart"
  # Specific wrong or worrying answers.
  red_flags:
    - "TODO: an answer that should worry the interviewer"
# Questions that dig deeper.
follow_ups:
  - "TODO: a follow-up question"
# Ids (file names without .md) of neighbouring questions.
related: []
---
TODO: the model answer, in a few short paragraphs. Link other questions by their file, as in
`[another question](../other-category/other-id.md)`. Put runnable Python in a python fence
(checked by `hireguide check --run-snippets`), or in a `python norun` fence if it cannot run alone.
"#;

fn question_template(config: &SiteConfig, level: &str, title: Option<&str>) -> String {
    let ids = |v: Vec<&str>| v.join(", ");
    QUESTION_TEMPLATE
        .replace(
            "{title}",
            &quoted(title.unwrap_or(
                "TODO: the question, ending with ? (or an instruction such as Explain ...)",
            )),
        )
        .replace("{levels}", &ids(config.levels.iter().map(|l| l.id.as_str()).collect()))
        .replace("{level}", level)
        .replace("{kinds}", &ids(config.kinds.iter().map(|k| k.id.as_str()).collect()))
        .replace("{areas}", &ids(config.areas.iter().map(|a| a.id.as_str()).collect()))
}

const KIT_TEMPLATE: &str = r#"---
# The kit's name, as printed at the top.
title: "TODO: e.g. Mid-level developer — 60-minute technical interview"
# The level it is for (one of: {levels}); picks then default to it.
# level: {level}
# The interview's length; check warns when the questions take longer.
minutes: 60
# The role, printed in the header (optional).
# role: Backend developer
# Sections in order: fixed `questions:` (ids), a `pick:` rule, or both.
sections:
  - title: Warm-up
    # questions: [some-question-id, another-id]
    pick: { count: 1 }
  - title: Main part
    # A pick may filter by category, level (`any` for every level), kind and tag.
    pick: { count: 1 }
# seed: 1        # change it to draw other questions; the default is the kit id
# answers: false # print the rubric only, without model answers
---
TODO: instructions for the interviewer, in Markdown: the goal of the interview, how to pace it,
what reference material the candidate may use.
"#;

/// Writes `content/kits/<id>.md` in the guide at `root`.
pub fn new_kit(root: &Path, config: &SiteConfig, id: &str) -> Result<PathBuf, ScaffoldError> {
    let id = id.trim_end_matches(".md");
    if !is_valid_id(id) {
        return Err(fail(format!("`{id}` is not a valid kit id"), ID_RULE));
    }
    let levels: Vec<&str> = config.levels.iter().map(|l| l.id.as_str()).collect();
    let level = levels.first().copied().unwrap_or("junior");
    let text = KIT_TEMPLATE.replace("{levels}", &levels.join(", ")).replace("{level}", level);
    let root = if root == Path::new(".") { Path::new("") } else { root };
    let file = root.join("content/kits").join(format!("{id}.md"));
    create_new(&file, &text)?;
    Ok(file)
}

/// The files of a new guide: (path, text).
const STARTER: &[(&str, &str)] = &[
    ("site.yaml", include_str!("starter/site.yaml")),
    (".gitignore", "/public\n"),
    ("content/pages/index.md", include_str!("starter/index.md")),
    ("content/questions/basics/_category.yaml", include_str!("starter/cat-basics.yaml")),
    (
        "content/questions/basics/names-and-objects.md",
        include_str!("starter/q-names-and-objects.md"),
    ),
    ("content/questions/basics/reading-an-error.md", include_str!("starter/q-reading-an-error.md")),
    (
        "content/questions/problem-solving/_category.yaml",
        include_str!("starter/cat-problem-solving.yaml"),
    ),
    (
        "content/questions/problem-solving/clarify-requirements.md",
        include_str!("starter/q-clarify-requirements.md"),
    ),
    (
        "content/questions/problem-solving/sum-of-evens.md",
        include_str!("starter/q-sum-of-evens.md"),
    ),
    ("content/kits/junior-interview.md", include_str!("starter/kit.md")),
];

/// Creates a new guide in `dir`, which must be missing or empty. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| io_fail(dir, e))?;
        if entries.next().is_some() {
            return Err(fail(
                format!("`{}` is not empty", dir.display()),
                "init writes a whole new guide; give it a new or empty folder",
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        create_new(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
