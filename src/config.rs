//! `site.yaml`: the guide's configuration, its defaults and its validation.
//!
//! Every field but `title` has a default; unknown keys are errors with a "did you mean" hint.
//! This module knows nothing about content or HTML.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::frontmatter::{self, find_key};
use crate::highlight;

/// The configuration file's name, at the guide root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The parsed and validated `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The guide's name, shown in every page header.
    pub title: String,
    /// One-line description, for the home page and search engines.
    #[serde(default)]
    pub description: String,
    /// Where the site is published; its path is prefixed to every internal URL.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The repository, for "Edit this page" links.
    #[serde(default)]
    pub repo_url: Option<String>,
    /// The branch those links edit.
    #[serde(default = "default_branch")]
    pub edit_branch: String,
    /// The `lang` attribute of every page.
    #[serde(default = "default_language")]
    pub language: String,
    /// The guide's version, printed in kit footers.
    #[serde(default)]
    pub version: Option<String>,
    /// Ordered levels.
    #[serde(default = "default_levels")]
    pub levels: Vec<Level>,
    /// Question kinds with their default minutes.
    #[serde(default = "default_kinds")]
    pub kinds: Vec<Kind>,
    /// The scale printed beside every kit question.
    #[serde(default = "default_scoring")]
    pub scoring: Vec<Score>,
    /// Assessment areas and their weights.
    #[serde(default = "default_areas")]
    pub areas: Vec<Area>,
    /// Highlighting themes.
    #[serde(default)]
    pub highlight: Highlight,
    /// The least every question must have; `check` warns below it.
    #[serde(default)]
    pub minimums: Minimums,
}

/// Per-question minimum counts a guide holds its contributors to (warnings below them).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Minimums {
    /// `rubric.listen_for` bullets.
    pub listen_for: usize,
    /// `rubric.strong` bullets.
    pub strong: usize,
    /// `rubric.red_flags` bullets.
    pub red_flags: usize,
    /// `follow_ups`.
    pub follow_ups: usize,
    /// `related` ids.
    pub related: usize,
}

impl Default for Minimums {
    fn default() -> Self {
        Minimums { listen_for: 1, strong: 0, red_flags: 0, follow_ups: 0, related: 0 }
    }
}

/// A level: `{ id: junior, title: Junior }` or the plain string `junior`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(from = "LevelSpec")]
pub struct Level {
    /// The id used in front-matter and URLs.
    pub id: String,
    /// The label shown on pages.
    pub title: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LevelSpec {
    Plain(String),
    Full(LevelFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelFull {
    id: String,
    title: Option<String>,
}

impl Level {
    /// A level from a bare id, titled from the id (`staff-plus` → `Staff plus`).
    pub fn from_plain(id: &str) -> Level {
        Level { id: id.to_string(), title: capitalise(id) }
    }
}

impl From<LevelSpec> for Level {
    fn from(spec: LevelSpec) -> Self {
        match spec {
            LevelSpec::Plain(id) => Level { title: capitalise(&id), id },
            LevelSpec::Full(LevelFull { id, title }) => {
                Level { title: title.unwrap_or_else(|| capitalise(&id)), id }
            }
        }
    }
}

fn capitalise(id: &str) -> String {
    let mut chars = id.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect::<String>().replace(['-', '_'], " "),
        None => String::new(),
    }
}

/// A question kind.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// The id used in front-matter.
    pub id: String,
    /// The label shown on pages.
    pub title: String,
    /// Default minutes for a question of this kind.
    pub minutes: u32,
}

/// One step of the scoring scale.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Score {
    /// The number circled.
    pub score: u32,
    /// What it means.
    pub label: String,
}

/// An assessment area.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// The id used in front-matter and `_category.yaml`.
    pub id: String,
    /// The label shown on scorecards.
    pub title: String,
    /// The weight in the total (all weights sum to 100).
    pub weight: u32,
}

/// syntect theme names for the two colour schemes.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    /// Used on light screens and in print.
    #[serde(default = "default_light")]
    pub light: String,
    /// Used under `prefers-color-scheme: dark`.
    #[serde(default = "default_dark")]
    pub dark: String,
}

impl Default for Highlight {
    fn default() -> Self {
        Highlight { light: default_light(), dark: default_dark() }
    }
}

fn default_base_url() -> String {
    "/".into()
}
fn default_branch() -> String {
    "main".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_light() -> String {
    "InspiredGitHub".into()
}
fn default_dark() -> String {
    "base16-ocean.dark".into()
}
fn default_levels() -> Vec<Level> {
    [("junior", "Junior"), ("mid", "Mid-level"), ("senior", "Senior")]
        .map(|(id, title)| Level { id: id.into(), title: title.into() })
        .into()
}
fn default_kinds() -> Vec<Kind> {
    [
        ("technical", "Technical", 5),
        ("coding", "Coding exercise", 15),
        ("scenario", "Scenario", 10),
        ("behavioral", "Behavioural", 5),
        ("screening", "Recruiter screen", 3),
    ]
    .map(|(id, title, minutes)| Kind { id: id.into(), title: title.into(), minutes })
    .into()
}
fn default_scoring() -> Vec<Score> {
    [(1, "No evidence"), (2, "Partial"), (3, "Solid"), (4, "Exceptional")]
        .map(|(score, label)| Score { score, label: label.into() })
        .into()
}
fn default_areas() -> Vec<Area> {
    [
        ("problem-solving", "Problem-solving approach", 25),
        ("code-quality", "Code quality and maintainability", 20),
        ("fundamentals", "Language fundamentals and idioms", 15),
        ("testing-debugging", "Testing and debugging", 15),
        ("communication", "Communication and collaboration", 15),
        ("domain-knowledge", "Domain knowledge", 10),
    ]
    .map(|(id, title, weight)| Area { id: id.into(), title: title.into(), weight })
    .into()
}

/// Reads and validates `site.yaml` in the guide at `root`.
pub fn load(root: &std::path::Path) -> Result<(SiteConfig, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = std::path::Path::new(CONFIG_FILE);
    if !root.join(path).is_file() {
        return Err(vec![Diagnostic::error(CONFIG_FILE, "no site.yaml in the guide folder").with_help(format!(
            "run hireguide in a guide folder, pass --source DIR, or create `{CONFIG_FILE}` with at least `title: My guide`"
        ))]);
    }
    let text = crate::source::read_text(root, path).map_err(|d| vec![d])?;
    SiteConfig::parse(&text)
}

/// Why a `base_url` cannot be used, if it cannot. Its path must not start with `//`: browsers
/// read `//host/…` as another host, so every page would load its scripts from there.
pub fn base_url_problem(url: &str) -> Option<String> {
    let path = path_of(url);
    if path.starts_with("//") {
        return Some(format!(
            "the path of `base_url` `{url}` starts with `//`, which browsers read as another host"
        ));
    }
    None
}

/// The path part of an absolute URL, or the text itself for a bare path.
fn path_of(url: &str) -> &str {
    url.strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| rest.find('/').map_or("/", |i| &rest[i..]))
        .unwrap_or(url)
}

impl SiteConfig {
    /// Parses and validates `site.yaml` text. Problems name `site.yaml` and the line.
    pub fn parse(text: &str) -> Result<(SiteConfig, Vec<Diagnostic>), Vec<Diagnostic>> {
        let text = frontmatter::strip_bom(text);
        let mut config: SiteConfig = frontmatter::parse_yaml(text).map_err(|e| {
            let mut d = Diagnostic::error(CONFIG_FILE, e.message);
            if let Some(offset) = e.offset {
                d = d.at(text, offset);
            }
            if let Some(help) = e.help {
                d = d.with_help(help);
            }
            vec![d]
        })?;
        let problems = config.validate(text);
        if problems.iter().any(|d| d.severity == crate::diagnostic::Severity::Error) {
            return Err(problems);
        }
        Ok((config, problems))
    }

    fn validate(&mut self, text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = |key: &str, message: String| {
            let d = Diagnostic::error(CONFIG_FILE, message);
            match find_key(text, key) {
                Some(offset) => d.at(text, offset),
                None => d,
            }
        };
        if self.title.trim().is_empty() {
            out.push(at("title", "`title` is empty".into()).with_help("give the guide a name"));
        }
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        if !(self.base_url.starts_with("http://")
            || self.base_url.starts_with("https://")
            || self.base_url.starts_with('/'))
        {
            out.push(
                at("base_url", format!("`base_url` `{}` is not an absolute URL", self.base_url))
                    .with_help("use e.g. `https://org.github.io/repo/`, or `/` for a domain root"),
            );
        }
        if let Some(problem) = base_url_problem(&self.base_url) {
            out.push(
                at("base_url", problem)
                    .with_help("use e.g. `https://org.github.io/repo/`, or `/` for a domain root"),
            );
        }
        if let Some(repo) = &self.repo_url {
            // It becomes the href of every "Edit this page" link: only a web address will do.
            let lower = repo.trim().to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                out.push(
                    at("repo_url", format!("`repo_url` `{repo}` is not an http(s) address"))
                        .with_help(
                            "use the repository's web address, e.g. `https://github.com/org/repo`",
                        ),
                );
            }
        }
        check_ids(&mut out, &at, "levels", self.levels.iter().map(|l| l.id.as_str()));
        check_ids(&mut out, &at, "kinds", self.kinds.iter().map(|k| k.id.as_str()));
        check_ids(&mut out, &at, "areas", self.areas.iter().map(|a| a.id.as_str()));
        if self.levels.is_empty() {
            out.push(at("levels", "`levels` is empty".into()).with_help("list at least one level"));
        }
        if self.kinds.is_empty() {
            out.push(at("kinds", "`kinds` is empty".into()).with_help("list at least one kind"));
        }
        if let Some(k) = self.kinds.iter().find(|k| !(1..=120).contains(&k.minutes)) {
            out.push(
                at("kinds", format!("kind `{}` has {} minutes", k.id, k.minutes))
                    .with_help("use 1 to 120 minutes"),
            );
        }
        let total: u32 = self.areas.iter().map(|a| a.weight).sum();
        if !self.areas.is_empty() && total != 100 {
            let mut d = at("areas", format!("the area weights add up to {total}, not 100"));
            d.severity = crate::diagnostic::Severity::Warning;
            out.push(
                d.with_help("kit scorecards show weights as percentages; make them sum to 100"),
            );
        }
        for (key, theme) in [("light", &self.highlight.light), ("dark", &self.highlight.dark)] {
            if !highlight::theme_exists(theme) {
                let names = highlight::theme_names();
                let help = match did_you_mean(theme, names.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("available themes: {}", names.join(", ")),
                };
                let d = Diagnostic::error(
                    CONFIG_FILE,
                    format!("unknown highlight theme `{theme}` for `{key}`"),
                );
                let d = match frontmatter::find_value(text, "highlight", theme) {
                    Some(offset) => d.at(text, offset),
                    None => d,
                };
                out.push(d.with_help(help));
            }
        }
        out
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let rest = self
            .base_url
            .strip_prefix("https://")
            .or_else(|| self.base_url.strip_prefix("http://"))
            .map(|r| r.find('/').map_or("/", |i| &r[i..]))
            .unwrap_or(&self.base_url);
        let mut path = rest.to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        path
    }

    /// The level with this id.
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }

    /// The position of a level in the configured order.
    pub fn level_rank(&self, id: &str) -> usize {
        self.levels.iter().position(|l| l.id == id).unwrap_or(usize::MAX)
    }

    /// The kind with this id.
    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    /// The area with this id.
    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|a| a.id == id)
    }
}

fn check_ids<'a>(
    out: &mut Vec<Diagnostic>,
    at: &dyn Fn(&str, String) -> Diagnostic,
    key: &str,
    ids: impl Iterator<Item = &'a str>,
) {
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !crate::slug::is_valid_id(id) {
            out.push(
                at(key, format!("`{id}` in `{key}` is not a valid id"))
                    .with_help(crate::slug::ID_RULE),
            );
        } else if !seen.insert(id) {
            out.push(
                at(key, format!("`{id}` appears twice in `{key}`")).with_help("ids must be unique"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn can_parse_minimal_config_with_defaults() {
        let (c, warnings) = SiteConfig::parse("title: T\n").unwrap();
        assert!(warnings.is_empty());
        assert_eq!(c.levels.len(), 3);
        assert_eq!(c.base_path(), "/");
        assert_eq!(c.kind("coding").map(|k| k.minutes), Some(15));
    }

    #[test]
    fn base_url_is_normalised() {
        let (c, _) = SiteConfig::parse("title: T\nbase_url: https://x.github.io/repo\n").unwrap();
        assert_eq!(c.base_url, "https://x.github.io/repo/");
        assert_eq!(c.base_path(), "/repo/");
    }

    #[test]
    fn plain_string_levels_work() {
        let (c, _) = SiteConfig::parse("title: T\nlevels: [junior, { id: staff-plus }]\n").unwrap();
        assert_eq!(c.levels[0], Level { id: "junior".into(), title: "Junior".into() });
        assert_eq!(c.levels[1].title, "Staff plus");
    }

    #[test]
    fn errors_on_unknown_key_with_line() {
        let e = SiteConfig::parse("title: T\nbase_ulr: /\n").unwrap_err();
        assert_eq!(e[0].line, Some(2));
        assert_eq!(e[0].help.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn errors_on_unknown_theme() {
        let e = SiteConfig::parse("title: T\nhighlight:\n  light: InspiredGitHib\n").unwrap_err();
        assert_eq!(e[0].line, Some(3));
        assert_eq!(e[0].help.as_deref(), Some("did you mean `InspiredGitHub`?"));
    }

    #[test]
    fn warns_when_weights_do_not_sum_to_100() {
        let (_, w) =
            SiteConfig::parse("title: T\nareas:\n  - { id: a, title: A, weight: 10 }\n").unwrap();
        assert!(w[0].message.contains("add up to 10"));
    }
}
