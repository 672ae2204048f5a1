//! From a loaded [`Guide`] to every output file.
//!
//! Markdown is rendered in parallel, then every page is rendered from a typed context with
//! the theme's templates, in parallel, and handed to a [`Sink`] at once: a build's staging
//! folder, or an in-memory [`Output`] for `serve` and `check`. Contexts are filled only when
//! their page renders, so memory follows the bank, not the site. Nothing here prints or reads
//! the clock, so identical input gives identical output.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path};

use rayon::prelude::*;
use serde::Serialize;

use crate::assets::{TeraProblem, Theme};
use crate::content::{Guide, Question, Source};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::highlight;
use crate::markdown::{self, LinkResolver, escape_html, inline_text, render_inline};
use crate::slug::slugify;

mod kits;
mod session;

pub use session::{Session, Update};

/// The rendered site: output path (forward slashes, no leading slash) → bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    /// Every file of the site, sorted by path. Shared, so that `serve` can hand out a new
    /// snapshot after an edit without copying every page.
    pub files: BTreeMap<String, std::sync::Arc<[u8]>>,
}

/// Where rendered files go, as they are rendered: memory ([`Output`] behind a mutex, for
/// `serve` and `check`) or a build's staging folder. Writing each page at once keeps memory
/// proportional to the bank, not to the whole site.
pub trait Sink: Sync {
    /// Stores one file; an error stops the build.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String>;
}

impl Sink for std::sync::Mutex<Output> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), String> {
        self.lock().unwrap_or_else(|e| e.into_inner()).files.insert(path.to_string(), bytes.into());
        Ok(())
    }
}

/// Why a render stopped.
#[derive(Debug)]
pub enum RenderFailure {
    /// Content or template problems.
    Content(Diagnostics),
    /// The sink could not store a file.
    Write(String),
}

/// What a render produced, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Question pages.
    pub questions: usize,
    /// Categories.
    pub categories: usize,
    /// Kits.
    pub kits: usize,
    /// HTML pages of every kind.
    pub pages: usize,
    /// Files written, of every kind.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Code blocks highlighted in this build.
    pub highlighted: usize,
    /// Code blocks served from the highlight cache.
    pub cached: usize,
    /// Highlight cache entries that failed their checks and were rebuilt.
    pub rejected: usize,
}

#[derive(Serialize, Clone, PartialEq)]
struct Named {
    id: String,
    title: String,
    url: String,
}

#[derive(Serialize, Clone, PartialEq)]
struct TagRef {
    name: String,
    slug: String,
    url: String,
}

#[derive(Serialize, Clone, PartialEq)]
struct Summary {
    id: String,
    title_html: String,
    title_text: String,
    url: String,
    level: Named,
    kind: Named,
    minutes: u32,
    category: Named,
    tags: Vec<TagRef>,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    repo_url: Option<&'a str>,
    version: Option<&'a str>,
    levels: Vec<Counted>,
    categories: Vec<Counted>,
    nav_pages: Vec<Named>,
    question_count: usize,
    kits: Vec<kits::KitLink>,
}

#[derive(Serialize, Clone)]
struct Counted {
    id: String,
    title: String,
    url: String,
    description: String,
    count: usize,
    by_level: Vec<LevelCount>,
}

#[derive(Serialize, Clone)]
struct LevelCount {
    id: String,
    title: String,
    count: usize,
    url: String,
}

#[derive(Serialize)]
struct Group<'a> {
    id: String,
    title: String,
    url: String,
    questions: Vec<&'a tera::Value>,
}

#[derive(Serialize)]
struct QuestionCtx<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    area: Option<Named>,
    listen_for: Vec<String>,
    strong: Vec<String>,
    red_flags: Vec<String>,
    follow_ups: Vec<String>,
    answer_html: String,
    related: Vec<&'a tera::Value>,
    prev: Option<&'a Summary>,
    next: Option<&'a Summary>,
    edit_url: Option<String>,
}

/// Everything the page renderer needs, computed once.
struct Site<'g> {
    guide: &'g Guide,
    base_path: String,
    summaries: Vec<Summary>,
    /// Each summary as a template value, made once: lists of thousands of questions are
    /// inserted into a page's context by sharing these, not by serialising every row again.
    /// Before pages are rendered, [`add_fragments`] adds each question's list markup.
    values: Vec<tera::Value>,
    tags: TagIndex,
}

impl Site<'_> {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }
}

/// Resolves links between source files to page URLs.
struct Resolver {
    base_path: String,
    /// `content/questions/<cat>/<id>.md` or `content/pages/<slug>.md` → URL.
    targets: HashMap<String, String>,
}

impl LinkResolver for Resolver {
    fn resolve(&self, from: &Path, path: &str) -> Result<String, (String, String)> {
        let joined = from.parent().unwrap_or(Path::new("")).join(path);
        let mut parts: Vec<String> = Vec::new();
        for c in joined.components() {
            match c {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
                _ => {}
            }
        }
        let key = parts.join("/");
        self.targets.get(&key).cloned().ok_or_else(|| {
            (
                format!("the link `{path}` points to `{key}`, which is not a question or page of this guide"),
                "link to another question's file relative to this one, e.g. `../oop/properties.md`".to_string(),
            )
        })
    }

    fn base_path(&self) -> &str {
        &self.base_path
    }
}

fn diag_from_problem(source: &Source, p: markdown::Problem) -> Diagnostic {
    Diagnostic::error(&source.file, p.message)
        .at(&source.text, source.body.start + p.offset)
        .with_help(p.help)
}

/// A page to render: output path, template name, context.
/// A page to render. Its context is filled only when the page is rendered, so the site never
/// holds more than a few pages' contexts at once.
struct Job<'a> {
    path: String,
    template: &'static str,
    fill: Box<dyn FnOnce(&mut tera::Context) + Send + 'a>,
}

/// The site's highlight palette; an unknown theme is an error on `site.yaml`.
fn palette(guide: &Guide) -> Result<highlight::Palette, Diagnostics> {
    let names = &guide.config.highlight;
    highlight::Palette::new(&names.light, &names.dark)
        .map_err(|e| std::iter::once(Diagnostic::error(crate::config::CONFIG_FILE, e)).collect())
}

/// The Markdown of every body, rendered once per build: the questions' model answers (by
/// question index), the guide pages with the home page last, and each kit's instructions.
struct Bodies {
    answers: Vec<markdown::Rendered>,
    pages: Vec<markdown::Rendered>,
    instructions: Vec<String>,
}

/// Renders every body in parallel; any broken link is an error at its line, all reported.
/// With `only_answers`, only those questions' answers are rendered (the kits' questions, for
/// a build that renders each other answer with its page) and their problems are left to the
/// page that renders them again.
fn render_bodies(
    guide: &Guide,
    kits: &[crate::kit::Kit],
    resolver: &Resolver,
    code: &highlight::Highlighter<'_>,
    only_answers: Option<&HashSet<usize>>,
) -> Result<Bodies, Diagnostics> {
    let mut diags = Diagnostics::new();
    let answers: Vec<markdown::Rendered> = guide
        .questions
        .par_iter()
        .enumerate()
        .map(|(i, q)| match only_answers {
            Some(wanted) if !wanted.contains(&i) => markdown::Rendered::default(),
            _ => markdown::render(q.source.body(), &q.source.file, resolver, code),
        })
        .collect();
    let pages: Vec<markdown::Rendered> = guide
        .pages
        .iter()
        .chain(guide.home.iter())
        .collect::<Vec<_>>()
        .par_iter()
        .map(|p| markdown::render(p.source.body(), &p.source.file, resolver, code))
        .collect();
    if only_answers.is_none() {
        for (q, r) in guide.questions.iter().zip(&answers) {
            diags.extend(r.problems.iter().cloned().map(|p| diag_from_problem(&q.source, p)));
        }
    }
    for (p, r) in guide.pages.iter().chain(guide.home.iter()).zip(&pages) {
        diags.extend(r.problems.iter().cloned().map(|pr| diag_from_problem(&p.source, pr)));
    }
    let defs: HashMap<&str, &crate::content::KitDef> =
        guide.kits.iter().map(|k| (k.id.as_str(), k)).collect();
    let instructions: Vec<String> = kits
        .iter()
        .map(|k| {
            let Some(def) = defs.get(k.id.as_str()) else { return String::new() };
            let r = markdown::render(def.source.body(), &def.source.file, resolver, code);
            diags.extend(r.problems.into_iter().map(|p| diag_from_problem(&def.source, p)));
            r.html
        })
        .collect();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Bodies { answers, pages, instructions })
}

/// Which pages a render writes: all of them, or (for `serve` after an edit) only these paths
/// and these question pages.
enum Selection<'s> {
    All,
    Only { paths: &'s HashSet<String>, questions: &'s [usize] },
}

/// The model answer of question `i` as HTML, or the problems of its links.
type AnswerOf<'a> = dyn Fn(usize) -> Result<String, Diagnostics> + Sync + 'a;

/// Renders the selected pages, handing each to `sink` as soon as it is rendered. Returns the
/// paths and sizes written; template problems and answers' link problems are all collected.
fn write_pages(
    site: &Site<'_>,
    theme: &Theme,
    kits: &[crate::kit::Kit],
    bodies: &Bodies,
    answer_of: &AnswerOf<'_>,
    sink: &dyn Sink,
    selection: &Selection<'_>,
) -> Result<Vec<(String, usize)>, RenderFailure> {
    let guide = site.guide;
    let site_ctx = site_context(site, kits::links(site, kits));
    let mut jobs = Vec::new();
    let wanted = |path: &str| match selection {
        Selection::All => true,
        Selection::Only { paths, .. } => paths.contains(path),
    };
    page_jobs(site, &bodies.pages, &wanted, &mut jobs);
    kits::jobs(site, kits, &bodies.answers, &bodies.instructions, &mut jobs);
    let questions: Vec<usize> = match selection {
        Selection::All => (0..guide.questions.len()).collect(),
        Selection::Only { paths, questions } => {
            jobs.retain(|j| paths.contains(&j.path));
            questions.to_vec()
        }
    };

    // Each page goes to the sink as soon as it is rendered; only its path is kept.
    let index: HashMap<&str, usize> =
        guide.questions.iter().enumerate().map(|(i, q)| (q.id.as_str(), i)).collect();
    let question_pages = questions.into_par_iter().map(|i| {
        let answer = answer_of(i).map_err(RenderFailure::Content)?;
        Ok(question_job(site, answer, &index, i))
    });
    let written: Vec<Result<(String, usize), RenderFailure>> = jobs
        .into_par_iter()
        .map(Ok)
        .chain(question_pages)
        .map(|job: Result<Job<'_>, RenderFailure>| {
            let (path, bytes) = render_job(theme, job?, &site_ctx, site)
                .map_err(|d| RenderFailure::Content(std::iter::once(d).collect()))?;
            let size = bytes.len();
            sink.put(&path, bytes).map_err(RenderFailure::Write)?;
            Ok((path, size))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut pages = Vec::new();
    for result in written {
        match result {
            Ok(page) => pages.push(page),
            Err(RenderFailure::Content(d)) => diags.extend(d.sorted()),
            Err(write) => return Err(write),
        }
    }
    if diags.has_errors() {
        return Err(RenderFailure::Content(diags));
    }
    Ok(pages)
}

/// The files beside the pages: the theme's static files, the generated highlight stylesheet,
/// the search index, the sitemap (of `pages`), robots.txt and .nojekyll.
fn extra_files(
    site: &Site<'_>,
    theme: &Theme,
    palette: &highlight::Palette,
    search_index: Vec<u8>,
    pages: &[String],
) -> Vec<(String, Vec<u8>)> {
    let mut extra: Vec<(String, Vec<u8>)> =
        theme.static_files.iter().map(|(p, b)| (p.clone(), b.clone())).collect();
    if !theme.static_files.contains_key("static/highlight.css") {
        extra.push(("static/highlight.css".into(), highlight::css(palette).into_bytes()));
    }
    extra.push(("search-index.json".into(), search_index));
    extra.push(("sitemap.xml".into(), sitemap(site, pages)));
    extra.push((
        "robots.txt".into(),
        format!("User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n", site.guide.config.base_url)
            .into_bytes(),
    ));
    extra.push((".nojekyll".into(), Vec::new()));
    extra
}

/// Renders the whole site. On any error, returns every diagnostic found. Code blocks are
/// highlighted through `cache`, or only escaped when it is `None` (a check that shows no page).
pub fn render_site(
    guide: &Guide,
    theme: &Theme,
    kits: &[crate::kit::Kit],
    sink: &dyn Sink,
    cache: Option<&highlight::Cache>,
) -> Result<Stats, RenderFailure> {
    let base_path = guide.config.base_path();
    let resolver = build_resolver(guide, &base_path);
    let palette = palette(guide).map_err(RenderFailure::Content)?;
    let cache_stats = highlight::CacheStats::default();
    let code = match cache {
        Some(cache) => highlight::Highlighter::new(&palette, cache, &cache_stats),
        None => highlight::Highlighter::plain(),
    };
    // Each answer is rendered with its page and dropped once written, so memory follows the
    // bank, not the site; only the kits' questions' answers are rendered ahead for the kits.
    let in_kits: HashSet<usize> = kits.iter().flat_map(|k| k.question_indexes()).collect();
    let bodies = render_bodies(guide, kits, &resolver, &code, Some(&in_kits))
        .map_err(RenderFailure::Content)?;
    let mut site = build_site(guide, base_path);
    add_fragments(&mut site, theme, None).map_err(RenderFailure::Content)?;
    let answer_of = |i: usize| -> Result<String, Diagnostics> {
        let q = &guide.questions[i];
        let fresh;
        let r = match bodies.answers.get(i).filter(|_| in_kits.contains(&i)) {
            Some(done) => done,
            None => {
                fresh = markdown::render(q.source.body(), &q.source.file, &resolver, &code);
                &fresh
            }
        };
        if r.problems.is_empty() {
            Ok(r.html.clone())
        } else {
            Err(r.problems.iter().cloned().map(|p| diag_from_problem(&q.source, p)).collect())
        }
    };
    let written = write_pages(&site, theme, kits, &bodies, &answer_of, sink, &Selection::All)?;
    let mut stats = Stats {
        questions: guide.questions.len(),
        categories: guide.categories.len(),
        kits: kits.len(),
        highlighted: cache_stats.misses.load(std::sync::atomic::Ordering::Relaxed),
        cached: cache_stats.hits.load(std::sync::atomic::Ordering::Relaxed),
        rejected: cache_stats.rejected.load(std::sync::atomic::Ordering::Relaxed),
        files: written.len(),
        bytes: written.iter().map(|(_, size)| *size as u64).sum(),
        pages: written.iter().filter(|(p, _)| p.ends_with(".html")).count(),
    };
    let mut paths: Vec<String> = written.into_iter().map(|(p, _)| p).collect();
    paths.sort();
    for (path, bytes) in extra_files(&site, theme, &palette, search_index(&site), &paths) {
        stats.files += 1;
        stats.bytes += bytes.len() as u64;
        sink.put(&path, bytes).map_err(RenderFailure::Write)?;
    }
    Ok(stats)
}

/// Renders one page job; a template failure names the template and the page.
fn render_job(
    theme: &Theme,
    job: Job<'_>,
    site_ctx: &SiteCtx<'_>,
    site: &Site<'_>,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let mut context = tera::Context::new();
    (job.fill)(&mut context);
    context.insert("site", site_ctx);
    context.insert("page_url", &site.url(job.path.trim_end_matches("index.html")));
    let html = render_template(theme, job.template, &context, &job.path)?;
    Ok((job.path, html.into_bytes()))
}

/// Renders `template` for the page (or fragment) at `page`; a failure names both.
fn render_template(
    theme: &Theme,
    template: &str,
    context: &tera::Context,
    page: &str,
) -> Result<String, Diagnostic> {
    theme.tera.render(template, context).map_err(|e| {
        let p = TeraProblem::from(&e);
        let template = if p.template == "?" { template.to_string() } else { p.template };
        let mut d = Diagnostic::error(
            theme.template_file(&template),
            format!("the template `{template}` failed on the page `{page}`: {}", p.message),
        )
        .with_help(
            "check the variable names the template uses against the README's template reference",
        );
        d.line = p.line;
        d.column = p.column;
        d
    })
}

/// Renders one kit as a self-contained HTML file: CSS inlined, no request to anywhere.
pub fn render_kit_file(
    guide: &Guide,
    theme: &Theme,
    kit: &crate::kit::Kit,
    candidate: Option<&str>,
) -> Result<String, Diagnostics> {
    let base_path = guide.config.base_path();
    let resolver = build_resolver(guide, &base_path);
    let palette = palette(guide)?;
    let (no_cache, cache_stats) = (highlight::Cache::Off, highlight::CacheStats::default());
    let code = highlight::Highlighter::new(&palette, &no_cache, &cache_stats);
    let wanted: std::collections::HashSet<usize> = kit.question_indexes().collect();
    let answers: Vec<markdown::Rendered> = guide
        .questions
        .par_iter()
        .enumerate()
        .map(|(i, q)| {
            if wanted.contains(&i) && kit.answers {
                markdown::render(q.source.body(), &q.source.file, &resolver, &code)
            } else {
                markdown::Rendered::default()
            }
        })
        .collect();
    let mut diags = Diagnostics::new();
    for (q, r) in guide.questions.iter().zip(&answers) {
        diags.extend(r.problems.iter().cloned().map(|p| diag_from_problem(&q.source, p)));
    }
    let instructions = match guide.kits.iter().find(|d| d.id == kit.id) {
        Some(def) => {
            let r = markdown::render(def.source.body(), &def.source.file, &resolver, &code);
            diags.extend(r.problems.into_iter().map(|p| diag_from_problem(&def.source, p)));
            r.html
        }
        None => String::new(),
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let mut css = String::new();
    for name in ["static/style.css", "static/highlight.css"] {
        match theme.static_files.get(name) {
            Some(bytes) => css.push_str(&String::from_utf8_lossy(bytes)),
            None if name == "static/highlight.css" => css.push_str(&highlight::css(&palette)),
            None => {}
        }
        css.push('\n');
    }
    // The CSS sits inside <style>: it must not be able to close the element.
    let css = css.replace("</", "<\\/");
    let site = build_site(guide, base_path);
    let site_ctx = site_context(&site, Vec::new());
    let job = kits::standalone_job(&site, kit, &answers, &instructions, candidate, &css);
    render_job(theme, job, &site_ctx, &site)
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|d| {
            let mut all = Diagnostics::new();
            all.push(d);
            all
        })
}

/// The link problems of every loaded body, without rendering pages: used when loading failed,
/// so that an author sees these errors in the same run as the others.
pub fn link_problems(guide: &Guide) -> Vec<Diagnostic> {
    let resolver = build_resolver(guide, &guide.config.base_path());
    let sources: Vec<&Source> = guide
        .questions
        .iter()
        .map(|q| &q.source)
        .chain(guide.pages.iter().map(|p| &p.source))
        .chain(guide.home.iter().map(|p| &p.source))
        .collect();
    sources
        .par_iter()
        .flat_map_iter(|s| {
            markdown::render(s.body(), &s.file, &resolver, &highlight::Highlighter::plain())
                .problems
                .into_iter()
                .map(|p| diag_from_problem(s, p))
        })
        .collect()
}

fn build_resolver(guide: &Guide, base_path: &str) -> Resolver {
    let mut targets = HashMap::new();
    for q in &guide.questions {
        targets.insert(
            format!("content/questions/{}/{}.md", q.category, q.id),
            format!("{base_path}questions/{}/{}/", q.category, q.id),
        );
    }
    for p in &guide.pages {
        targets.insert(format!("content/pages/{}.md", p.slug), format!("{base_path}{}/", p.slug));
    }
    targets.insert("content/pages/index.md".into(), base_path.to_string());
    for rel in &guide.unloaded {
        // A file with errors of its own still exists: linking to it is not a second problem.
        targets.insert(crate::diagnostic::display_path(rel), base_path.to_string());
    }
    Resolver { base_path: base_path.to_string(), targets }
}

fn build_site(guide: &Guide, base_path: String) -> Site<'_> {
    let summaries: Vec<Summary> =
        (0..guide.questions.len()).into_par_iter().map(|i| summary(guide, i, &base_path)).collect();
    let tags = tag_index(&summaries);
    let values = summaries.par_iter().map(tera::Value::from_serializable).collect();
    Site { guide, base_path, summaries, values, tags }
}

/// The list markup of each question, rendered once and kept in its template value:
/// `row_html`, its row in the all-questions table (`partials/question_row.html`), and
/// `item_html`, its entry in the other lists (`partials/question_item.html`). A list of
/// thousands of questions then copies these instead of rendering every row again, and
/// `serve` renders them again only for the questions an edit changed. The two partials see
/// `q` (the question's summary) and `site` (title, description, base_url, base_path, language).
fn add_fragments(
    site: &mut Site<'_>,
    theme: &Theme,
    only: Option<&[usize]>,
) -> Result<(), Diagnostics> {
    let site_value = fragment_site(site);
    let all: Vec<usize>;
    let questions = match only {
        Some(only) => only,
        None => {
            all = (0..site.values.len()).collect();
            &all
        }
    };
    let made: Vec<(usize, Result<tera::Value, Diagnostic>)> = questions
        .par_iter()
        .map(|&i| (i, with_fragments(theme, &site_value, &site.summaries[i])))
        .collect();
    let mut problems = Diagnostics::new();
    for (i, value) in made {
        match value {
            Ok(value) => site.values[i] = value,
            Err(d) => problems.push(d),
        }
    }
    // One broken partial fails every question the same way: report it once.
    let problems = problems.sorted();
    if problems.is_empty() { Ok(()) } else { Err(problems.into_iter().take(1).collect()) }
}

/// What a question's fragment partials see as `site`.
fn fragment_site(site: &Site<'_>) -> tera::Value {
    let config = &site.guide.config;
    let mut map = BTreeMap::new();
    map.insert("title", tera::Value::from(config.title.as_str()));
    map.insert("description", tera::Value::from(config.description.as_str()));
    map.insert("base_url", tera::Value::from(config.base_url.as_str()));
    map.insert("base_path", tera::Value::from(site.base_path.as_str()));
    map.insert("language", tera::Value::from(config.language.as_str()));
    tera::Value::from(map)
}

/// The template value of `summary`, with its two fragments.
fn with_fragments(
    theme: &Theme,
    site: &tera::Value,
    summary: &Summary,
) -> Result<tera::Value, Diagnostic> {
    let plain = tera::Value::from_serializable(summary);
    let mut context = tera::Context::new();
    context.insert_value("q", plain.clone());
    context.insert_value("site", site.clone());
    let mut map = plain.into_map().unwrap_or_default();
    for (key, template) in
        [("row_html", "partials/question_row.html"), ("item_html", "partials/question_item.html")]
    {
        let html = render_template(theme, template, &context, &summary.url)?;
        map.insert(key.into(), tera::Value::from(html.trim_end()));
    }
    Ok(tera::Value::from(map))
}

/// What lists and links show of question `i`.
fn summary(guide: &Guide, i: usize, base_path: &str) -> Summary {
    let config = &guide.config;
    let q = &guide.questions[i];
    let level = config.level(&q.meta.level);
    let kind = config.kind(&q.kind);
    let cat_title = guide
        .categories
        .iter()
        .find(|c| c.slug == q.category)
        .map_or(q.category.clone(), |c| c.meta.title.clone());
    let tags = q
        .meta
        .tags
        .iter()
        .map(|name| {
            let slug = slugify(name);
            TagRef { name: name.trim().to_string(), url: format!("{base_path}tags/{slug}/"), slug }
        })
        .collect();
    Summary {
        id: q.id.clone(),
        title_html: render_inline(&q.meta.title),
        title_text: inline_text(&q.meta.title),
        url: format!("{base_path}questions/{}/{}/", q.category, q.id),
        level: Named {
            id: q.meta.level.clone(),
            title: level.map_or(q.meta.level.clone(), |l| l.title.clone()),
            url: format!("{base_path}levels/{}/", q.meta.level),
        },
        kind: Named {
            id: q.kind.clone(),
            title: kind.map_or(q.kind.clone(), |k| k.title.clone()),
            url: String::new(),
        },
        minutes: q.minutes,
        category: Named {
            id: q.category.clone(),
            title: cat_title,
            url: format!("{base_path}questions/{}/", q.category),
        },
        tags,
    }
}

/// Tag slug → (the name its first question spells it with, the questions carrying it).
type TagIndex = BTreeMap<String, (String, Vec<usize>)>;

fn tag_index(summaries: &[Summary]) -> TagIndex {
    let mut tags = TagIndex::new();
    for (i, s) in summaries.iter().enumerate() {
        for t in &s.tags {
            let entry = tags.entry(t.slug.clone()).or_insert_with(|| (t.name.clone(), Vec::new()));
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    tags
}

/// The questions of each (category, level) pair, in guide order: one pass over the guide, for
/// the counts and groups of the category and level pages.
fn by_category_and_level<'s>(site: &'s Site<'_>) -> HashMap<(&'s str, &'s str), Vec<usize>> {
    let mut cells: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, s) in site.summaries.iter().enumerate() {
        cells.entry((s.category.id.as_str(), s.level.id.as_str())).or_default().push(i);
    }
    cells
}

/// How many questions each level has among those of `category`, or of the whole guide.
fn level_counts(
    site: &Site<'_>,
    cells: &HashMap<(&str, &str), Vec<usize>>,
    category: Option<&str>,
) -> Vec<LevelCount> {
    site.guide
        .config
        .levels
        .iter()
        .map(|l| LevelCount {
            id: l.id.clone(),
            title: l.title.clone(),
            count: cells
                .iter()
                .filter(|((c, level), _)| *level == l.id && category.is_none_or(|want| want == *c))
                .map(|(_, members)| members.len())
                .sum(),
            url: site.url(&format!("levels/{}/", l.id)),
        })
        .collect()
}

fn site_context<'a>(site: &'a Site<'a>, kit_links: Vec<kits::KitLink>) -> SiteCtx<'a> {
    let config = &site.guide.config;
    let cells = by_category_and_level(site);
    let levels = level_counts(site, &cells, None)
        .into_iter()
        .map(|l| Counted {
            id: l.id,
            title: l.title,
            url: l.url,
            description: String::new(),
            count: l.count,
            by_level: Vec::new(),
        })
        .collect();
    let categories = site
        .guide
        .categories
        .iter()
        .map(|c| {
            let by_level = level_counts(site, &cells, Some(&c.slug));
            Counted {
                id: c.slug.clone(),
                title: c.meta.title.clone(),
                url: site.url(&format!("questions/{}/", c.slug)),
                description: c.meta.description.clone(),
                count: by_level.iter().map(|l| l.count).sum(),
                by_level,
            }
        })
        .collect();
    let nav_pages = site
        .guide
        .pages
        .iter()
        .map(|p| Named {
            id: p.slug.clone(),
            title: p.title.clone(),
            url: site.url(&format!("{}/", p.slug)),
        })
        .collect();
    SiteCtx {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: &site.base_path,
        language: &config.language,
        repo_url: config.repo_url.as_deref(),
        version: config.version.as_deref(),
        levels,
        categories,
        nav_pages,
        question_count: site.summaries.len(),
        kits: kit_links,
    }
}

fn job<'a>(
    path: String,
    template: &'static str,
    fill: impl FnOnce(&mut tera::Context) + Send + 'a,
) -> Job<'a> {
    Job { path, template, fill: Box::new(fill) }
}

/// The jobs of the pages other than questions and kits, for the paths `wanted` accepts; a
/// list page's context is only worked out when the page is wanted.
fn page_jobs<'a>(
    site: &'a Site<'a>,
    bodies: &'a [markdown::Rendered],
    wanted: &dyn Fn(&str) -> bool,
    jobs: &mut Vec<Job<'a>>,
) {
    let guide = site.guide;
    let config = &guide.config;
    let intro =
        guide.home.as_ref().and_then(|_| bodies.last()).map(|r| r.html.clone()).unwrap_or_default();
    jobs.push(job("index.html".into(), "index.html", move |c| c.insert("intro_html", &intro)));
    jobs.push(job("404.html".into(), "404.html", |_| {}));
    let cells = by_category_and_level(site);
    let group_of = |category: &str, level: &str| -> Vec<&tera::Value> {
        let members = cells.get(&(category, level)).map_or(&[][..], Vec::as_slice);
        members.iter().map(|&i| &site.values[i]).collect()
    };
    let kinds: Vec<Named> = config
        .kinds
        .iter()
        .map(|k| Named { id: k.id.clone(), title: k.title.clone(), url: String::new() })
        .collect();
    let tag_list: Vec<Named> = site
        .tags
        .iter()
        .map(|(slug, (name, qs))| Named {
            id: slug.clone(),
            title: format!("{name} ({})", qs.len()),
            url: site.url(&format!("tags/{slug}/")),
        })
        .collect();
    let tag_rows = tag_list.clone();
    jobs.push(job("questions/index.html".into(), "questions.html", move |c| {
        c.insert_value("questions", tera::Value::from(site.values.clone()));
        c.insert("kinds", &kinds);
        c.insert("tags", &tag_rows);
    }));

    for cat in &guide.categories {
        let path = format!("questions/{}/index.html", cat.slug);
        if !wanted(&path) {
            continue;
        }
        let groups: Vec<Group<'_>> = config
            .levels
            .iter()
            .map(|l| Group {
                id: l.id.clone(),
                title: l.title.clone(),
                url: site.url(&format!("levels/{}/", l.id)),
                questions: group_of(&cat.slug, &l.id),
            })
            .filter(|g| !g.questions.is_empty())
            .collect();
        let named = Named {
            id: cat.slug.clone(),
            title: cat.meta.title.clone(),
            url: site.url(&format!("questions/{}/", cat.slug)),
        };
        jobs.push(job(path, "category.html", move |c| {
            c.insert("category", &named);
            c.insert("description", &cat.meta.description);
            c.insert("groups", &groups);
        }));
    }
    for level in &config.levels {
        let path = format!("levels/{}/index.html", level.id);
        if !wanted(&path) {
            continue;
        }
        let groups: Vec<Group<'_>> = guide
            .categories
            .iter()
            .map(|cat| Group {
                id: cat.slug.clone(),
                title: cat.meta.title.clone(),
                url: site.url(&format!("questions/{}/", cat.slug)),
                questions: group_of(&cat.slug, &level.id),
            })
            .filter(|g| !g.questions.is_empty())
            .collect();
        let named = Named {
            id: level.id.clone(),
            title: level.title.clone(),
            url: site.url(&format!("levels/{}/", level.id)),
        };
        jobs.push(job(path, "level.html", move |c| {
            c.insert("level", &named);
            c.insert("groups", &groups);
        }));
    }
    jobs.push(job("tags/index.html".into(), "tags.html", move |c| c.insert("tags", &tag_list)));
    for (slug, (name, members)) in &site.tags {
        let path = format!("tags/{slug}/index.html");
        if !wanted(&path) {
            continue;
        }
        let questions: Vec<tera::Value> = members.iter().map(|&i| site.values[i].clone()).collect();
        let named = Named {
            id: slug.clone(),
            title: name.clone(),
            url: site.url(&format!("tags/{slug}/")),
        };
        jobs.push(job(path, "tag.html", move |c| {
            c.insert("tag", &named);
            c.insert_value("questions", tera::Value::from(questions));
        }));
    }
    for (page, body) in guide.pages.iter().zip(bodies) {
        let edit_url = edit_url(site, &page.source.file);
        jobs.push(job(format!("{}/index.html", page.slug), "page.html", move |c| {
            c.insert("title", &page.title);
            c.insert("description", &page.meta.description);
            c.insert("content_html", &body.html);
            c.insert("edit_url", &edit_url);
        }));
    }
}

fn edit_url(site: &Site<'_>, file: &Path) -> Option<String> {
    let config = &site.guide.config;
    config.repo_url.as_ref().map(|repo| {
        format!(
            "{}/edit/{}/{}",
            repo.trim_end_matches('/'),
            config.edit_branch,
            crate::diagnostic::display_path(file)
        )
    })
}

/// The job of one question page. Question pages are most of a site, so their contexts are made
/// one at a time while rendering, never all at once.
fn question_job<'a>(
    site: &'a Site<'a>,
    answer_html: String,
    index: &HashMap<&str, usize>,
    i: usize,
) -> Job<'a> {
    let guide = site.guide;
    let q = &guide.questions[i];
    let same_cat =
        |j: usize| guide.questions.get(j).filter(|o: &&Question| o.category == q.category);
    let prev = i.checked_sub(1).and_then(same_cat).map(|_| &site.summaries[i - 1]);
    let next = same_cat(i + 1).map(|_| &site.summaries[i + 1]);
    let bullets = |items: &[String]| items.iter().map(|s| render_inline(s)).collect::<Vec<_>>();
    let area = q.area.as_ref().and_then(|a| guide.config.area(a)).map(|a| Named {
        id: a.id.clone(),
        title: a.title.clone(),
        url: String::new(),
    });
    let ctx = QuestionCtx {
        summary: &site.summaries[i],
        area,
        listen_for: bullets(&q.meta.rubric.listen_for),
        strong: bullets(&q.meta.rubric.strong),
        red_flags: bullets(&q.meta.rubric.red_flags),
        follow_ups: bullets(&q.meta.follow_ups),
        answer_html,
        related: q
            .meta
            .related
            .iter()
            .filter_map(|r| index.get(r.as_str()))
            .map(|&j| &site.values[j])
            .collect(),
        prev,
        next,
        edit_url: edit_url(site, &q.source.file),
    };
    job(format!("questions/{}/{}/index.html", q.category, q.id), "question.html", move |c| {
        c.insert("question", &ctx);
    })
}

/// A compact index for the search script: one short record per question.
///
/// `t` title, `u` URL, `c` category title, `l` level id, `k` kind id, `g` tags, and `w`: up to
/// 40 distinct lowercase keywords, first from the rubric (listen for, strong, red flags), then
/// the most frequent words of the model answer's prose (code blocks left out), without stop
/// words and words already in the title, tags or category. The search script
/// (`static/search.js`) splits text into words exactly as `words` does here.
fn search_index(site: &Site<'_>) -> Vec<u8> {
    let records: Vec<String> =
        (0..site.summaries.len()).into_par_iter().map(|i| search_record(site, i)).collect();
    join_search_records(&records)
}

/// The search index from its records, as one JSON array.
fn join_search_records(records: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.iter().map(|r| r.len() + 1).sum::<usize>() + 2);
    out.push(b'[');
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(record.as_bytes());
    }
    out.push(b']');
    out
}

/// The search index record of question `i`, as a JSON object.
fn search_record(site: &Site<'_>, i: usize) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    /// The most keywords one question carries: enough for rubric and answer terms, small
    /// enough to keep the index near 0.5 KB per question.
    const MAX_TERMS: usize = 40;
    const STOP: &[&str] = &[
        "about", "above", "after", "again", "all", "also", "always", "and", "another", "any",
        "are", "aren", "because", "been", "before", "being", "both", "but", "can", "cannot",
        "could", "did", "does", "doesn", "doing", "don", "done", "each", "either", "even", "every",
        "for", "from", "get", "gets", "had", "has", "have", "how", "into", "isn", "its", "just",
        "knows", "like", "makes", "may", "mentions", "more", "most", "much", "must", "names",
        "never", "not", "now", "once", "one", "only", "other", "our", "out", "over", "own", "same",
        "says", "should", "some", "such", "than", "that", "the", "their", "them", "then", "there",
        "these", "they", "this", "those", "through", "too", "two", "under", "until", "use", "used",
        "uses", "using", "very", "was", "way", "were", "what", "when", "where", "whether", "which",
        "while", "who", "why", "will", "with", "without", "won", "would", "you", "your",
    ];

    /// Lowercase words: runs of letters, digits and `_`, with outer underscores trimmed.
    fn words(text: &str) -> impl Iterator<Item = String> + '_ {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map(|w| w.trim_matches('_').to_lowercase())
            .filter(|w| !w.is_empty())
    }
    fn keyword(w: &str) -> bool {
        (3..=24).contains(&w.chars().count()) && STOP.binary_search(&w).is_err()
    }
    /// The prose of a Markdown body: text and inline code, without code blocks.
    fn prose(body: &str) -> String {
        let mut out = String::new();
        let mut in_code = false;
        for event in Parser::new(body) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Text(t) | Event::Code(t) if !in_code => {
                    out.push_str(&t);
                    out.push(' ');
                }
                Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
                _ => {}
            }
        }
        out
    }

    #[derive(Serialize)]
    struct Entry<'a> {
        t: &'a str,
        u: &'a str,
        c: &'a str,
        l: &'a str,
        k: &'a str,
        g: Vec<&'a str>,
        #[serde(skip_serializing_if = "String::is_empty")]
        w: String,
    }
    let (s, q) = (&site.summaries[i], &site.guide.questions[i]);
    let entry = {
        {
            let mut seen: std::collections::HashSet<String> = words(&s.title_text)
                .chain(s.tags.iter().flat_map(|t| words(&t.name)))
                .chain(words(&s.category.title))
                .collect();
            let mut terms: Vec<String> = Vec::new();
            let rubric = &q.meta.rubric;
            for line in rubric.listen_for.iter().chain(&rubric.strong).chain(&rubric.red_flags) {
                for w in words(&inline_text(line)) {
                    if terms.len() < MAX_TERMS && keyword(&w) && seen.insert(w.clone()) {
                        terms.push(w);
                    }
                }
            }
            // Answer words by frequency, ties in order of first appearance.
            let mut counts: Vec<(String, usize)> = Vec::new();
            let mut at: HashMap<String, usize> = HashMap::new();
            for w in words(&prose(q.source.body())) {
                if !keyword(&w) || seen.contains(&w) {
                    continue;
                }
                match at.get(&w) {
                    Some(&i) => counts[i].1 += 1,
                    None => {
                        at.insert(w.clone(), counts.len());
                        counts.push((w, 1));
                    }
                }
            }
            counts.sort_by_key(|c| std::cmp::Reverse(c.1));
            terms.extend(counts.into_iter().map(|(w, _)| w).take(MAX_TERMS - terms.len()));
            Entry {
                t: &s.title_text,
                u: &s.url,
                c: &s.category.title,
                l: &s.level.id,
                k: &s.kind.id,
                g: s.tags.iter().map(|t| t.name.as_str()).collect(),
                w: terms.join(" "),
            }
        }
    };
    serde_json::to_string(&entry).unwrap_or_else(|_| "{}".into())
}

fn sitemap(site: &Site<'_>, paths: &[String]) -> Vec<u8> {
    let base = &site.guide.config.base_url;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths {
        if path == "404.html" || !path.ends_with("index.html") {
            continue;
        }
        let loc = format!("{base}{}", path.trim_end_matches("index.html"));
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_html(&loc)));
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}
