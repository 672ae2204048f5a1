//! Loading `content/` into the [`Guide`] model, and validating it.
//!
//! Files are found with one walk, then read and parsed in parallel; every problem in every
//! file becomes a diagnostic and loading goes on, so an author sees all their mistakes at
//! once. Cross-references between questions (`related:`) and ids are checked here; links in
//! Markdown bodies are checked at render time. This module never renders Markdown.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::frontmatter::{self, find_key, find_value, parse_yaml};
use crate::slug::{ID_RULE, is_valid_id};
use crate::source;

/// The whole guide, loaded and validated, in display order.
#[derive(Debug)]
pub struct Guide {
    /// The guide folder.
    pub root: PathBuf,
    /// `site.yaml`.
    pub config: SiteConfig,
    /// Categories, by `order` then slug.
    pub categories: Vec<Category>,
    /// Questions, by category, then level, then id.
    pub questions: Vec<Question>,
    /// Free guide pages, by `order` then slug.
    pub pages: Vec<Page>,
    /// The home page introduction (`content/pages/index.md`).
    pub home: Option<Page>,
    /// Kit definitions, by id (resolved against the questions by `kit`).
    pub kits: Vec<KitDef>,
    /// Question files that exist but could not be loaded, as `content/questions/<cat>/<id>.md`
    /// paths: links to them are not reported as dangling on top of their own errors.
    pub unloaded: Vec<PathBuf>,
}

/// A category folder's `_category.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryMeta {
    /// Shown as the category's name.
    pub title: String,
    /// What the category assesses.
    #[serde(default)]
    pub description: String,
    /// Position in listings (lower first).
    #[serde(default)]
    pub order: i64,
    /// Default assessment area of its questions.
    #[serde(default)]
    pub area: Option<String>,
}

/// A category of questions.
#[derive(Debug, Clone)]
pub struct Category {
    /// The folder name.
    pub slug: String,
    /// `_category.yaml`.
    pub meta: CategoryMeta,
}

/// A question's rubric.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    /// What a good answer contains.
    pub listen_for: Vec<String>,
    /// What strong candidates add.
    #[serde(default)]
    pub strong: Vec<String>,
    /// Answers that should worry the interviewer.
    #[serde(default)]
    pub red_flags: Vec<String>,
}

/// A question's front-matter, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionMeta {
    /// The question itself.
    pub title: String,
    /// A level id.
    pub level: String,
    /// A kind id (default `technical`, or the first kind).
    #[serde(default)]
    pub kind: Option<String>,
    /// Minutes to allow (default: the kind's).
    #[serde(default)]
    pub minutes: Option<u32>,
    /// Assessment area (default: the category's).
    #[serde(default)]
    pub area: Option<String>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The interviewer's checklist.
    pub rubric: Rubric,
    /// Questions to dig deeper.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// Ids of neighbouring questions.
    #[serde(default)]
    pub related: Vec<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
}

/// A source file's text with its body span, kept for rendering and for diagnostics.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the guide root.
    pub file: PathBuf,
    /// The whole text (BOM removed).
    pub text: String,
    /// The Markdown body's byte range in `text`.
    pub body: Range<usize>,
    /// The front-matter's byte range in `text` (empty when there is none).
    pub yaml: Range<usize>,
}

impl Source {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// A diagnostic placed at a top-level front-matter key (or the file start).
    pub fn at_key(&self, d: Diagnostic, key: &str) -> Diagnostic {
        let yaml = &self.text[self.yaml.clone()];
        let offset = find_key(yaml, key).map_or(0, |o| self.yaml.start + o);
        d.at(&self.text, offset)
    }

    /// A diagnostic placed at `value` under top-level `key`.
    pub fn at_value(&self, d: Diagnostic, key: &str, value: &str) -> Diagnostic {
        let yaml = &self.text[self.yaml.clone()];
        let offset = find_value(yaml, key, value).map_or(0, |o| self.yaml.start + o);
        d.at(&self.text, offset)
    }
}

/// A question, validated and with its defaults resolved.
#[derive(Debug, Clone)]
pub struct Question {
    /// The file stem, unique in the bank.
    pub id: String,
    /// The category slug (its folder).
    pub category: String,
    /// Front-matter; `kind`, `minutes` and `area` are resolved.
    pub meta: QuestionMeta,
    /// Resolved kind id.
    pub kind: String,
    /// Resolved minutes.
    pub minutes: u32,
    /// Resolved area id.
    pub area: Option<String>,
    /// The file.
    pub source: Source,
}

/// A kit definition's front-matter (`content/kits/<id>.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitMeta {
    /// The kit's name.
    pub title: String,
    /// The level it is for; picks default to it.
    #[serde(default)]
    pub level: Option<String>,
    /// The time budget in minutes.
    pub minutes: u32,
    /// The role it hires for, printed in the header.
    #[serde(default)]
    pub role: Option<String>,
    /// Seeds the picks (default: the kit id).
    #[serde(default)]
    pub seed: Option<serde_yaml::Value>,
    /// Print model answers (default true).
    #[serde(default = "yes")]
    pub answers: bool,
    /// The parts of the interview, in order.
    pub sections: Vec<KitSection>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
}

fn yes() -> bool {
    true
}

/// One part of a kit: fixed questions, a pick rule, or both.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KitSection {
    /// Shown as the section heading.
    pub title: String,
    /// Question ids, in order.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Questions chosen by rule.
    #[serde(default)]
    pub pick: Option<Pick>,
}

/// Which questions a pick may choose, and how many.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Pick {
    /// A category slug.
    #[serde(default)]
    pub category: Option<String>,
    /// A level id (default: the kit's level; `any` for every level).
    #[serde(default)]
    pub level: Option<String>,
    /// A kind id.
    #[serde(default)]
    pub kind: Option<String>,
    /// A tag.
    #[serde(default)]
    pub tag: Option<String>,
    /// How many questions.
    pub count: usize,
}

/// A kit file, parsed but not yet resolved.
#[derive(Debug, Clone)]
pub struct KitDef {
    /// The file stem.
    pub id: String,
    /// Front-matter.
    pub meta: KitMeta,
    /// The file; its body holds the interviewer's instructions.
    pub source: Source,
}

/// A guide page's front-matter.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// Page title (required, except for the home introduction).
    #[serde(default)]
    pub title: Option<String>,
    /// One-line summary, for listings and search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// Position in the navigation.
    #[serde(default)]
    pub order: i64,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
}

/// A free guide page (`content/pages/<slug>.md`).
#[derive(Debug, Clone)]
pub struct Page {
    /// The file stem; the page lives at `/<slug>/`.
    pub slug: String,
    /// The page's title.
    pub title: String,
    /// Front-matter.
    pub meta: PageMeta,
    /// The file.
    pub source: Source,
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include drafts.
    pub drafts: bool,
}

/// Folder names under `questions/` and page slugs that would collide with the site's own paths.
const RESERVED_PAGE_SLUGS: &[&str] = &["questions", "levels", "tags", "kits", "static", "404"];

/// What [`load`] found: the guide (as much of it as could be loaded; `None` only when
/// `site.yaml` itself is unusable) and every problem.
#[derive(Debug)]
pub struct Loaded {
    /// The guide; complete only when `diagnostics` has no error.
    pub guide: Option<Guide>,
    /// Every problem found.
    pub diagnostics: Diagnostics,
}

/// Loads and validates the guide at `root`, collecting every problem.
pub fn load(root: &Path, options: LoadOptions) -> Loaded {
    let (guide, diagnostics) = load_inner(root, options);
    Loaded { guide, diagnostics }
}

fn load_inner(root: &Path, options: LoadOptions) -> (Option<Guide>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let config = match crate::config::load(root) {
        Ok((config, warnings)) => {
            diags.extend(warnings);
            config
        }
        Err(errors) => {
            diags.extend(errors);
            return (None, diags);
        }
    };
    let files = classify(root, &mut diags);
    let categories = load_categories(root, &config, &files, &mut diags);
    let cat_index: HashMap<&str, &Category> =
        categories.iter().map(|c| (c.slug.as_str(), c)).collect();

    let parsed: Vec<_> = files
        .questions
        .par_iter()
        .map(|(category, rel)| {
            parse_question(root, rel, category, &config, cat_index.get(category.as_str()).copied())
        })
        .collect();
    let mut questions = Vec::with_capacity(parsed.len());
    let mut unloaded = Vec::new();
    for ((_, rel), (question, problems)) in files.questions.iter().zip(parsed) {
        diags.extend(problems);
        match question {
            Some(q) => questions.push(q),
            None => unloaded.push(rel.clone()),
        }
    }
    let parsed: Vec<_> = files.pages.par_iter().map(|rel| parse_page(root, rel)).collect();
    let mut pages = Vec::new();
    let mut home = None;
    for (page, problems) in parsed {
        diags.extend(problems);
        match page {
            Some(p) if p.slug == "index" => home = Some(p),
            Some(p) => pages.push(p),
            None => {}
        }
    }
    let parsed: Vec<_> = files.kits.par_iter().map(|rel| parse_kit(root, rel)).collect();
    let mut kits = Vec::new();
    for (kit, problems) in parsed {
        diags.extend(problems);
        kits.extend(kit);
    }
    check_unique_ids(&questions, &mut diags);
    let mut drafts = Vec::new();
    if !options.drafts {
        drafts = questions.iter().filter(|q| q.meta.draft).map(|q| q.id.clone()).collect();
        questions.retain(|q| !q.meta.draft);
        pages.retain(|p| !p.meta.draft);
        kits.retain(|k| !k.meta.draft);
    }
    check_related(&questions, &drafts, &mut diags);

    let mut categories = categories;
    categories.sort_by(|a, b| (a.meta.order, &a.slug).cmp(&(b.meta.order, &b.slug)));
    let cat_rank: HashMap<String, usize> =
        categories.iter().enumerate().map(|(i, c)| (c.slug.clone(), i)).collect();
    questions.sort_by_cached_key(|q| {
        (
            cat_rank.get(&q.category).copied().unwrap_or(usize::MAX),
            config.level_rank(&q.meta.level),
            q.id.clone(),
        )
    });
    pages.sort_by(|a, b| (a.meta.order, &a.slug).cmp(&(b.meta.order, &b.slug)));

    let guide = Guide {
        root: root.to_path_buf(),
        config,
        categories,
        questions,
        pages,
        home,
        kits,
        unloaded,
    };
    (Some(guide), diags)
}

/// The content files, sorted into what they are.
#[derive(Default)]
struct Files {
    /// `(category, path)` for each question file.
    questions: Vec<(String, PathBuf)>,
    /// Category folders with their `_category.yaml`, if any.
    categories: BTreeMap<String, Option<PathBuf>>,
    /// Page files.
    pages: Vec<PathBuf>,
    /// Kit definition files.
    kits: Vec<PathBuf>,
}

fn classify(root: &Path, diags: &mut Diagnostics) -> Files {
    let walk = source::walk(root, "content");
    diags.extend(walk.diagnostics);
    let mut files = Files::default();
    for rel in walk.files {
        let parts: Vec<String> = rel
            .components()
            .skip(1)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        if parts.iter().any(|p| p.starts_with('_') && *p != "_category.yaml") {
            continue;
        }
        match parts.as_slice() {
            ["questions", category, "_category.yaml"] => {
                files.categories.insert((*category).to_string(), Some(rel.clone()));
            }
            ["questions", category, name] if name.ends_with(".md") => {
                files.categories.entry((*category).to_string()).or_insert(None);
                files.questions.push(((*category).to_string(), rel.clone()));
            }
            ["questions", ..] if rel.extension().is_some_and(|e| e == "md") => diags.push(
                Diagnostic::warning(
                    &rel,
                    "this question is not directly inside a category folder, so it is ignored",
                )
                .with_help("move it to content/questions/<category>/<id>.md"),
            ),
            ["questions", ..] => diags.push(
                Diagnostic::warning(&rel, "not a question file, so it is ignored").with_help(
                    "only <id>.md files and _category.yaml belong under content/questions/",
                ),
            ),
            ["pages", name] if name.ends_with(".md") => files.pages.push(rel.clone()),
            ["kits", name] if name.ends_with(".md") => files.kits.push(rel.clone()),
            ["kits", ..] => diags.push(
                Diagnostic::warning(&rel, "not a kit file, so it is ignored")
                    .with_help("kits are content/kits/<id>.md files"),
            ),
            _ => diags.push(
                Diagnostic::warning(&rel, "this file is not part of the guide, so it is ignored")
                    .with_help("content/ holds questions/, pages/ and kits/"),
            ),
        }
    }
    files
}

fn load_categories(
    root: &Path,
    config: &SiteConfig,
    files: &Files,
    diags: &mut Diagnostics,
) -> Vec<Category> {
    let mut out = Vec::new();
    for (slug, yaml_file) in &files.categories {
        let folder = Path::new("content/questions").join(slug);
        if !is_valid_id(slug) {
            diags.push(
                Diagnostic::error(&folder, format!("`{slug}` is not a valid category folder name"))
                    .with_help(ID_RULE),
            );
            continue;
        }
        let Some(rel) = yaml_file else {
            diags.push(
                Diagnostic::error(&folder, format!("category `{slug}` has no _category.yaml"))
                    .with_help(format!(
                        "create {}/_category.yaml with `title:` and `description:`",
                        folder.display()
                    )),
            );
            continue;
        };
        let text = match source::read_text(root, rel) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match parse_yaml::<CategoryMeta>(&text) {
            Ok(meta) => {
                if let Some(area) = &meta.area {
                    if config.area(area).is_none() {
                        let d = unknown_id(
                            rel,
                            "area",
                            area,
                            config.areas.iter().map(|a| a.id.as_str()),
                        );
                        diags.push(d.at(&text, find_key(&text, "area").unwrap_or(0)));
                    }
                }
                out.push(Category { slug: slug.clone(), meta });
            }
            Err(e) => diags.push(yaml_diagnostic(rel, &text, 0, e)),
        }
    }
    out
}

fn yaml_diagnostic(rel: &Path, text: &str, base: usize, e: frontmatter::YamlError) -> Diagnostic {
    let d = Diagnostic::error(rel, e.message).at(text, base + e.offset.unwrap_or(0));
    match e.help {
        Some(help) => d.with_help(help),
        None => d,
    }
}

fn unknown_id<'a>(
    rel: &Path,
    what: &str,
    value: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let list: Vec<&str> = known.clone().collect();
    let help = match did_you_mean(value, known) {
        Some(best) => {
            format!("did you mean `{best}`? {what}s are set in site.yaml: {}", list.join(", "))
        }
        None => format!("{what}s are set in site.yaml: {}", list.join(", ")),
    };
    Diagnostic::error(rel, format!("unknown {what} `{value}`")).with_help(help)
}

/// Reads and splits a Markdown file with front-matter.
fn read_source(root: &Path, rel: &Path, required: bool) -> Result<Source, Diagnostic> {
    let text = source::read_text(root, rel)?;
    match frontmatter::split(&text) {
        Ok(Some(split)) => Ok(Source { file: rel.to_path_buf(), text, body: split.body, yaml: split.yaml }),
        Ok(None) if !required => {
            Ok(Source { file: rel.to_path_buf(), body: 0..text.len(), yaml: 0..0, text })
        }
        Ok(None) => Err(Diagnostic::error(rel, "the file does not start with front-matter")
            .at(&text, 0)
            .with_help("start the file with a `---` line, the YAML keys (title, level, rubric …), then another `---` line")),
        Err(e) => Err(Diagnostic::error(rel, e.message).at(&text, e.offset).with_help(e.help)),
    }
}

fn parse_question(
    root: &Path,
    rel: &Path,
    category: &str,
    config: &SiteConfig,
    cat: Option<&Category>,
) -> (Option<Question>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let id = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    if !is_valid_id(&id) {
        problems.push(
            Diagnostic::error(rel, format!("`{id}` is not a valid question id")).with_help(
                format!("rename the file to `{}.md`; {ID_RULE}", crate::slug::slugify(&id)),
            ),
        );
    }
    let source = match read_source(root, rel, true) {
        Ok(s) => s,
        Err(d) => {
            problems.push(d);
            return (None, problems);
        }
    };
    let meta: QuestionMeta = match parse_yaml(&source.text[source.yaml.clone()]) {
        Ok(m) => m,
        Err(e) => {
            problems.push(yaml_diagnostic(rel, &source.text, source.yaml.start, e));
            return (None, problems);
        }
    };
    let err = |message: String| Diagnostic::error(rel, message);
    if meta.title.trim().is_empty() {
        problems.push(
            source
                .at_key(err("the title is empty".into()), "title")
                .with_help("write the question as the title"),
        );
    }
    if config.level(&meta.level).is_none() {
        let d = unknown_id(rel, "level", &meta.level, config.levels.iter().map(|l| l.id.as_str()));
        problems.push(source.at_key(d, "level"));
    }
    let default_kind =
        if config.kind("technical").is_some() { "technical" } else { config.kinds[0].id.as_str() };
    let kind = meta.kind.clone().unwrap_or_else(|| default_kind.to_string());
    let kind_minutes = match config.kind(&kind) {
        Some(k) => k.minutes,
        None => {
            let d = unknown_id(rel, "kind", &kind, config.kinds.iter().map(|k| k.id.as_str()));
            problems.push(source.at_key(d, "kind"));
            5
        }
    };
    let minutes = meta.minutes.unwrap_or(kind_minutes);
    if !(1..=120).contains(&minutes) {
        problems.push(
            source
                .at_key(err(format!("`minutes` is {minutes}")), "minutes")
                .with_help("allow between 1 and 120 minutes per question"),
        );
    }
    let area = meta.area.clone().or_else(|| cat.and_then(|c| c.meta.area.clone()));
    if let Some(a) = &meta.area {
        if config.area(a).is_none() {
            let d = unknown_id(rel, "area", a, config.areas.iter().map(|a| a.id.as_str()));
            problems.push(source.at_key(d, "area"));
        }
    }
    if meta.rubric.listen_for.iter().all(|s| s.trim().is_empty()) {
        problems.push(
            source
                .at_value(err("`rubric.listen_for` is empty".into()), "rubric", "listen_for")
                .with_help("list what a good answer contains, one point per line"),
        );
    }
    for tag in &meta.tags {
        if tag.trim().is_empty() {
            problems.push(
                source
                    .at_key(err("a tag is empty".into()), "tags")
                    .with_help("remove the empty tag"),
            );
        }
    }
    if meta.related.contains(&id) {
        problems.push(
            source
                .at_value(err("the question lists itself as related".into()), "related", &id)
                .with_help("remove it"),
        );
    }
    let question =
        Question { id, category: category.to_string(), kind, minutes, area, meta, source };
    (Some(question), problems)
}

/// Reads one question file of a loaded guide again, after an edit, with every check a full
/// load makes of a single question, plus its `related` ids against the guide's questions.
/// `rel` is `content/questions/<category>/<id>.md`; `None` if that is not a question file of a
/// known category.
pub fn reload_question(guide: &Guide, rel: &Path) -> Option<Result<Question, Vec<Diagnostic>>> {
    let mut parts = rel.iter().map(|p| p.to_string_lossy());
    let (Some(top), Some(questions), Some(category), Some(_file), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if top != "content" || questions != "questions" || rel.extension()? != "md" {
        return None;
    }
    let cat = guide.categories.iter().find(|c| c.slug == category)?;
    let (question, mut problems) =
        parse_question(&guide.root, rel, &category, &guide.config, Some(cat));
    let Some(question) = question else { return Some(Err(problems)) };
    let ids: HashMap<&str, ()> = guide.questions.iter().map(|q| (q.id.as_str(), ())).collect();
    let mut diags = Diagnostics::new();
    check_related_of(&question, &ids, &[], &mut diags);
    problems.extend(diags.iter().cloned());
    if problems.is_empty() { Some(Ok(question)) } else { Some(Err(problems)) }
}

fn parse_page(root: &Path, rel: &Path) -> (Option<Page>, Vec<Diagnostic>) {
    let slug = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut problems = Vec::new();
    if !is_valid_id(&slug) {
        problems.push(
            Diagnostic::error(rel, format!("`{slug}` is not a valid page name")).with_help(ID_RULE),
        );
    } else if RESERVED_PAGE_SLUGS.contains(&slug.as_str()) {
        problems.push(
            Diagnostic::error(
                rel,
                format!("the page name `{slug}` is taken by the site's own pages"),
            )
            .with_help("rename the file"),
        );
    }
    let source = match read_source(root, rel, false) {
        Ok(s) => s,
        Err(d) => {
            problems.push(d);
            return (None, problems);
        }
    };
    let meta: PageMeta = if source.yaml.is_empty() && source.body.start == 0 {
        PageMeta::default()
    } else {
        match parse_yaml(&source.text[source.yaml.clone()]) {
            Ok(m) => m,
            Err(e) => {
                problems.push(yaml_diagnostic(rel, &source.text, source.yaml.start, e));
                return (None, problems);
            }
        }
    };
    let title = match (&meta.title, slug.as_str()) {
        (Some(t), _) if !t.trim().is_empty() => t.clone(),
        (_, "index") => String::new(),
        _ => {
            let d = Diagnostic::error(rel, "the page has no title").at(&source.text, 0);
            problems.push(
                d.with_help("add front-matter: a `---` line, `title: …`, and another `---` line"),
            );
            return (None, problems);
        }
    };
    (Some(Page { slug, title, meta, source }), problems)
}

fn parse_kit(root: &Path, rel: &Path) -> (Option<KitDef>, Vec<Diagnostic>) {
    let id = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut problems = Vec::new();
    if !is_valid_id(&id) {
        problems.push(
            Diagnostic::error(rel, format!("`{id}` is not a valid kit id")).with_help(ID_RULE),
        );
    }
    let source = match read_source(root, rel, true) {
        Ok(s) => s,
        Err(d) => {
            problems.push(d);
            return (None, problems);
        }
    };
    match parse_yaml::<KitMeta>(&source.text[source.yaml.clone()]) {
        Ok(meta) => (Some(KitDef { id, meta, source }), problems),
        Err(e) => {
            problems.push(yaml_diagnostic(rel, &source.text, source.yaml.start, e));
            (None, problems)
        }
    }
}

fn check_unique_ids(questions: &[Question], diags: &mut Diagnostics) {
    let mut first: HashMap<&str, &Path> = HashMap::new();
    for q in questions {
        if let Some(other) = first.insert(&q.id, &q.source.file) {
            first.insert(&q.id, other);
            diags.push(
                Diagnostic::error(&q.source.file, format!("the question id `{}` is also used by {}", q.id, other.display()))
                    .with_help("ids are file names and must be unique across the bank; rename one of the files"),
            );
        }
    }
}

fn check_related(questions: &[Question], drafts: &[String], diags: &mut Diagnostics) {
    let ids: HashMap<&str, ()> = questions.iter().map(|q| (q.id.as_str(), ())).collect();
    for q in questions {
        check_related_of(q, &ids, drafts, diags);
    }
}

/// Every id in `q`'s `related` must name a question of `ids` that is not a draft.
fn check_related_of(
    q: &Question,
    ids: &HashMap<&str, ()>,
    drafts: &[String],
    diags: &mut Diagnostics,
) {
    for r in &q.meta.related {
        if drafts.contains(r) {
            let d = Diagnostic::error(
                &q.source.file,
                format!("`related` names `{r}`, which is a draft"),
            )
            .with_help(
                "drafts are built only with --drafts; remove the link until the draft is published",
            );
            diags.push(q.source.at_value(d, "related", r));
        } else if r != &q.id && !ids.contains_key(r.as_str()) {
            let mut d = Diagnostic::error(
                &q.source.file,
                format!("`related` names `{r}`, which is not a question"),
            );
            d = match did_you_mean(r, ids.keys().copied()) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help("use the id (file name without .md) of a question that exists and is not a draft"),
            };
            diags.push(q.source.at_value(d, "related", r));
        }
    }
}
