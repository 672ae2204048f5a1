//! hireguide: a static-site generator for interview-question guides.
//!
//! The pipeline is load → render → write: [`content::load`] reads and validates a guide
//! folder into a [`content::Guide`], [`kit`] resolves its kits, and [`render::render_site`]
//! hands every page to a [`render::Sink`] as it is rendered: an [`output::Staging`] folder
//! that is swapped in atomically for `build`, or an in-memory [`render::Output`] for `serve`
//! and `check`. This file only sequences those steps; [`cli`] is the command line on top.

pub mod assets;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod frontmatter;
pub mod highlight;
pub mod kit;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod snippets;
pub mod source;

use std::path::{Path, PathBuf};

use diagnostic::Diagnostics;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The guide folder.
    pub source: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Replace a non-empty output folder that hireguide did not make.
    pub force: bool,
    /// Keep highlighted code blocks here between builds (`--cache-dir`).
    pub cache_dir: Option<PathBuf>,
}

/// Why a build or check stopped.
#[derive(Debug)]
pub enum Failure {
    /// Content problems: exit code 1.
    Content(Diagnostics),
    /// Usage or environment problems (a refused output folder, an unwritable disk): exit code 2.
    Environment(anyhow::Error),
}

/// A successful in-memory build.
#[derive(Debug)]
pub struct Site {
    /// The loaded guide.
    pub guide: content::Guide,
    /// Every output file.
    pub output: render::Output,
    /// Counts for the summary line.
    pub stats: render::Stats,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
    /// How long each stage took, in order (shown by `-v`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// A loaded, valid guide with its theme and kits.
struct LoadedGuide {
    guide: content::Guide,
    theme: assets::Theme,
    kits: Vec<kit::Kit>,
    /// Every warning: the loader's about the guide's files first, then the kits', then lint's.
    warnings: Diagnostics,
    /// How many of `warnings` are the loader's.
    file_warnings: usize,
}

/// Loads and validates the guide and its theme, collecting every problem.
fn load_guide(source: &Path, drafts: bool) -> Result<LoadedGuide, Failure> {
    if !source.is_dir() {
        return Err(Failure::Environment(anyhow::anyhow!(
            "the source folder `{}` does not exist",
            source.display()
        )));
    }
    let loaded = content::load(source, content::LoadOptions { drafts });
    let theme = assets::load(source);
    let mut diagnostics = loaded.diagnostics;
    let file_warnings = diagnostics.iter().count();
    if let Err(problems) = &theme {
        diagnostics.extend(problems.iter().cloned());
    }
    let Some(guide) = loaded.guide else { return Err(Failure::Content(diagnostics)) };
    match theme {
        Ok(theme) if !diagnostics.has_errors() => {
            let (kits, kit_problems) = kit::resolve_all(&guide);
            diagnostics.extend(kit_problems);
            if diagnostics.has_errors() {
                return Err(Failure::Content(diagnostics));
            }
            diagnostics.extend(lint::lint(&guide));
            Ok(LoadedGuide { guide, theme, kits, warnings: diagnostics, file_warnings })
        }
        _ => {
            // Report the body links of the files that did load too: all problems at once.
            diagnostics.extend(render::link_problems(&guide));
            Err(Failure::Content(diagnostics))
        }
    }
}

/// Loads, validates and renders the guide at `source`, writing nothing. Code is highlighted
/// through `code`, or only escaped when it is `None`.
pub fn build_in_memory(
    source: &Path,
    base_url: Option<&str>,
    drafts: bool,
    code: Option<&highlight::Cache>,
) -> Result<Site, Failure> {
    let memory = std::sync::Mutex::new(render::Output::default());
    let built = render_into(source, base_url, drafts, &memory, code)?;
    let output = memory.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(Site {
        guide: built.guide,
        output,
        stats: built.stats,
        warnings: built.warnings,
        timings: built.timings,
    })
}

/// What [`render_into`] produced.
struct Rendered {
    guide: content::Guide,
    stats: render::Stats,
    warnings: Diagnostics,
    timings: Vec<(&'static str, std::time::Duration)>,
}

/// Loads, validates and renders the guide, handing every file to `sink` as it is rendered.
fn render_into(
    source: &Path,
    base_url: Option<&str>,
    drafts: bool,
    sink: &dyn render::Sink,
    code: Option<&highlight::Cache>,
) -> Result<Rendered, Failure> {
    let started = std::time::Instant::now();
    let loaded = load_for_build(source, base_url, drafts)?;
    render_loaded(loaded, started.elapsed(), sink, code)
}

/// Loads and validates the guide, with `base_url` (from `--base-url`) in place of site.yaml's.
fn load_for_build(
    source: &Path,
    base_url: Option<&str>,
    drafts: bool,
) -> Result<LoadedGuide, Failure> {
    let mut loaded = load_guide(source, drafts)?;
    if let Some(url) = base_url {
        set_base_url(&mut loaded.guide, url, "--base-url")?;
    }
    Ok(loaded)
}

/// Renders a loaded guide into `sink`; `loading` is how long loading took.
fn render_loaded(
    loaded: LoadedGuide,
    loading: std::time::Duration,
    sink: &dyn render::Sink,
    code: Option<&highlight::Cache>,
) -> Result<Rendered, Failure> {
    let started = std::time::Instant::now();
    let LoadedGuide { guide, theme, kits, warnings, .. } = loaded;
    let stats = render::render_site(&guide, &theme, &kits, sink, code)
        .map_err(|failure| render_failure(failure, &warnings))?;
    let timings = vec![("load and check", loading), ("render and write", started.elapsed())];
    Ok(Rendered { guide, stats, warnings, timings })
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    /// Counts for the summary line.
    pub stats: render::Stats,
    /// Warnings (never errors).
    pub warnings: Diagnostics,
    /// How long each stage took, in order (shown by `-v`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// Files left as they were in the reused previous site (with `--cache-dir`).
    pub kept: usize,
    /// Nothing the site is built from changed since the build that made it (with
    /// `--cache-dir`), so it was left as it was: nothing rendered, nothing written.
    pub unchanged: bool,
}

/// Everything a build's output depends on besides the guide's files: the options and the
/// program itself (so a new hireguide rebuilds).
fn build_inputs(options: &BuildOptions) -> Option<[u8; 32]> {
    let files = source::fingerprint(&options.source)?;
    let program = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    let built = program.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let mut hash = blake3::Hasher::new();
    hash.update(&files);
    let options = format!(
        "{}\0{}\0{}\0{:?}\0{}",
        env!("CARGO_PKG_VERSION"),
        program.len(),
        built.as_nanos(),
        options.base_url,
        options.drafts
    );
    hash.update(options.as_bytes());
    Some(*hash.finalize().as_bytes())
}

/// The counts a stamped build keeps with its manifest, to report them when nothing changed.
fn stats_note(s: &render::Stats) -> String {
    format!("{} {} {} {} {} {}", s.questions, s.categories, s.kits, s.pages, s.files, s.bytes)
}

fn stats_from_note(note: &str) -> Option<render::Stats> {
    let n: Vec<u64> = note.split(' ').map(str::parse).collect::<Result<_, _>>().ok()?;
    let &[questions, categories, kits, pages, files, bytes] = n.as_slice() else { return None };
    let count = |v: u64| usize::try_from(v).ok();
    Some(render::Stats {
        questions: count(questions)?,
        categories: count(categories)?,
        kits: count(kits)?,
        pages: count(pages)?,
        files: count(files)?,
        bytes,
        ..render::Stats::default()
    })
}

/// Builds the guide and publishes it to the output folder. Pages are written into a staging
/// folder as they are rendered, and swapped in only when the whole build has succeeded.
///
/// With a cache folder, a build first notes where every input stands ([`build_inputs`]). If
/// the site in the output folder was made from exactly those inputs and is intact, the guide
/// is still loaded and checked (its warnings are reported), but nothing is rendered or written.
pub fn build(options: &BuildOptions) -> Result<Built, Failure> {
    let environment = |e: output::OutputError| Failure::Environment(e.into());
    // Refuse a forbidden output or cache folder before spending time on the build.
    output::check_output(&options.output, &options.source, options.force).map_err(environment)?;
    if let Some(dir) = &options.cache_dir {
        output::check_cache_dir(dir, &options.output, &options.source).map_err(environment)?;
    }
    let inputs = options.cache_dir.as_ref().and_then(|_| build_inputs(options));
    let started = std::time::Instant::now();
    let loaded = load_for_build(&options.source, options.base_url.as_deref(), options.drafts)?;
    let loading = started.elapsed();
    if let (Some(dir), Some(inputs)) = (&options.cache_dir, &inputs) {
        let previous = output::unchanged_site(&options.output, &options.source, dir, inputs);
        if let Some(stats) = previous.as_deref().and_then(stats_from_note) {
            let timings =
                vec![("load and check", loading), ("compare", started.elapsed() - loading)];
            let kept = stats.files;
            return Ok(Built { stats, warnings: loaded.warnings, timings, kept, unchanged: true });
        }
    }
    let mut staging = output::Staging::begin(
        &options.output,
        &options.source,
        options.force,
        options.cache_dir.as_deref(),
    )
    .map_err(environment)?;
    let cache = match &options.cache_dir {
        Some(dir) => highlight::Cache::Folder(dir.clone()),
        None => highlight::Cache::Off,
    };
    let mut built = render_loaded(loaded, loading, &staging, Some(&cache))?;
    if let Some(inputs) = inputs {
        staging.set_stamp(output::Stamp { inputs, note: stats_note(&built.stats) });
    }
    let started = std::time::Instant::now();
    let kept = staging.kept();
    staging.commit().map_err(environment)?;
    built.timings.push(("swap", started.elapsed()));
    Ok(Built {
        stats: built.stats,
        warnings: built.warnings,
        timings: built.timings,
        kept,
        unchanged: false,
    })
}

/// Which kit `hireguide kit` prints.
#[derive(Debug, Clone)]
pub enum KitChoice {
    /// A kit defined in `content/kits/<id>.md`.
    Defined(String),
    /// A kit made from criteria.
    AdHoc(kit::Criteria),
}

/// A printed kit file.
#[derive(Debug)]
pub struct KitFile {
    /// The resolved kit.
    pub kit: kit::Kit,
    /// `(title, minutes)` of each question, in order.
    pub questions: Vec<(String, u32)>,
    /// The self-contained HTML.
    pub html: String,
    /// Warnings about the guide.
    pub warnings: Diagnostics,
}

/// Resolves a kit and renders it as one self-contained HTML file (not written).
pub fn kit_file(
    source: &Path,
    choice: &KitChoice,
    candidate: Option<&str>,
    answers: bool,
) -> Result<KitFile, Failure> {
    let LoadedGuide { guide, theme, warnings, .. } = load_guide(source, false)?;
    let mut kit = match choice {
        KitChoice::Defined(id) => {
            let Some(def) = guide.kits.iter().find(|k| &k.id == id) else {
                let ids: Vec<&str> = guide.kits.iter().map(|k| k.id.as_str()).collect();
                let known = if ids.is_empty() {
                    "this guide has no kits".to_string()
                } else {
                    format!("kits: {}", ids.join(", "))
                };
                return Err(Failure::Environment(anyhow::anyhow!(
                    "there is no kit `{id}` ({known})"
                )));
            };
            let (kit, problems) = kit::resolve(&guide, def);
            match kit {
                Some(kit) => kit,
                None => return Err(Failure::Content(problems.into_iter().collect())),
            }
        }
        KitChoice::AdHoc(criteria) => {
            kit::fill(&guide, criteria).map_err(|e| Failure::Environment(anyhow::anyhow!(e)))?
        }
    };
    kit.answers &= answers;
    let html =
        render::render_kit_file(&guide, &theme, &kit, candidate).map_err(Failure::Content)?;
    let questions = kit
        .question_indexes()
        .map(|i| {
            (markdown::inline_text(&guide.questions[i].meta.title), guide.questions[i].minutes)
        })
        .collect();
    Ok(KitFile { kit, questions, html, warnings })
}

/// What `check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Every problem (errors and warnings).
    pub diagnostics: Diagnostics,
    /// Snippets run and compiled, when asked for.
    pub snippets: Option<(usize, usize)>,
}

/// Runs every validation of the build without writing anything, and optionally the snippets.
pub fn check(
    source: &Path,
    drafts: bool,
    run_snippets: Option<&snippets::SnippetOptions>,
) -> Result<CheckReport, Failure> {
    // A check shows no page, so code is only escaped: highlighting is most of a build's time.
    let site = match build_in_memory(source, None, drafts, None) {
        Ok(site) => site,
        Err(Failure::Content(diagnostics)) => {
            return Ok(CheckReport { diagnostics, snippets: None });
        }
        Err(e) => return Err(e),
    };
    let mut diagnostics = site.warnings;
    let mut snippets = None;
    if let Some(options) = run_snippets {
        let report = snippets::run_all(&site.guide, options)
            .map_err(|e| Failure::Environment(anyhow::anyhow!(e)))?;
        snippets = Some((report.ran, report.compiled));
        diagnostics.extend(report.diagnostics);
    }
    Ok(CheckReport { diagnostics, snippets })
}

/// Loads and renders the guide into a [`render::Session`] that later edits can update.
pub fn start_session(
    source: &Path,
    base_url: &str,
    drafts: bool,
    cache: std::sync::Arc<highlight::Cache>,
) -> Result<render::Session, Failure> {
    let LoadedGuide { mut guide, theme, kits, warnings, file_warnings } =
        load_guide(source, drafts)?;
    set_base_url(&mut guide, base_url, "base URL")?;
    let file_warnings = warnings.iter().take(file_warnings).cloned().collect();
    render::Session::new(guide, theme, kits, file_warnings, cache)
        .map_err(|failure| render_failure(failure, &warnings))
}

/// Replaces `base_url` from site.yaml with `url` (given as `label`), refusing an unsafe one.
fn set_base_url(guide: &mut content::Guide, url: &str, label: &str) -> Result<(), Failure> {
    if let Some(problem) = config::base_url_problem(url) {
        return Err(Failure::Environment(anyhow::anyhow!("{label}: {problem}")));
    }
    guide.config.base_url = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
    Ok(())
}

/// A render's failure as a build's: content errors come with the load's warnings.
fn render_failure(failure: render::RenderFailure, warnings: &Diagnostics) -> Failure {
    match failure {
        render::RenderFailure::Content(mut d) => {
            d.extend(warnings.iter().cloned());
            Failure::Content(d)
        }
        render::RenderFailure::Write(e) => Failure::Environment(anyhow::anyhow!(e)),
    }
}

/// Serves the guide at `source` on 127.0.0.1:`port` with live reload, until stopped.
pub fn serve(
    source: &Path,
    port: u16,
    drafts: bool,
    report: impl Fn(serve::Event<'_>) + Send + 'static,
    on_ready: impl FnOnce(&str),
) -> anyhow::Result<()> {
    if !source.is_dir() {
        anyhow::bail!("the source folder `{}` does not exist", source.display());
    }
    let (server, url) = serve::bind(port)?;
    on_ready(&url);
    let root = source.to_path_buf();
    let base = url.clone();
    // Highlighted blocks stay in memory for as long as the server runs, across full rebuilds.
    let cache = std::sync::Arc::new(highlight::Cache::memory());
    let mut session: Option<render::Session> = None;
    let rebuild = move |changed: &[PathBuf]| -> serve::BuildResult {
        if let Some(current) = session.as_mut().filter(|_| !changed.is_empty()) {
            match current.update(changed) {
                render::Update::Done { rewritten } => {
                    return Ok(serve::Built {
                        output: current.output().clone(),
                        warnings: current.warnings().sorted(),
                        rewritten: Some(rewritten),
                    });
                }
                render::Update::Failed(errors) => {
                    return Err(errors.into_iter().collect::<Diagnostics>().sorted());
                }
                render::Update::Unsupported => {}
            }
        }
        session = None;
        match start_session(&root, &base, drafts, cache.clone()) {
            Ok(started) => {
                let built = serve::Built {
                    output: started.output().clone(),
                    warnings: started.warnings().sorted(),
                    rewritten: None,
                };
                session = Some(started);
                Ok(built)
            }
            Err(Failure::Content(d)) => Err(d.sorted()),
            Err(Failure::Environment(e)) => {
                Err(vec![diagnostic::Diagnostic::error(&root, format!("{e:#}"))])
            }
        }
    };
    serve::run(server, &url, source, rebuild, report)
}
