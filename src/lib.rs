//! hireguide: a static-site generator for interview-question guides.
//!
//! The pipeline is load → render → write: [`content::load`] reads and validates a guide
//! folder into a [`content::Guide`], [`render::render_site`] turns it into an in-memory
//! [`render::Output`], and [`output::publish`] swaps it into the output folder atomically.
//! This file only sequences those steps; [`cli`] is the command line on top.

pub mod assets;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod frontmatter;
pub mod highlight;
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
}

/// Loads, validates and renders the guide at `source`, writing nothing.
pub fn build_in_memory(
    source: &Path,
    base_url: Option<&str>,
    drafts: bool,
) -> Result<Site, Failure> {
    if !source.is_dir() {
        return Err(Failure::Environment(anyhow::anyhow!(
            "the source folder `{}` does not exist",
            source.display()
        )));
    }
    let options = content::LoadOptions { drafts };
    let loaded = content::load(source, options);
    let theme = assets::load(source);
    let mut diagnostics = loaded.diagnostics;
    if let Err(problems) = &theme {
        diagnostics.extend(problems.iter().cloned());
    }
    let Some(mut guide) = loaded.guide else { return Err(Failure::Content(diagnostics)) };
    let theme = match theme {
        Ok(theme) if !diagnostics.has_errors() => theme,
        _ => {
            // Report the body links of the files that did load too: all problems at once.
            diagnostics.extend(render::link_problems(&guide));
            return Err(Failure::Content(diagnostics));
        }
    };
    let mut warnings = diagnostics;
    warnings.extend(lint::lint(&guide));
    if let Some(url) = base_url {
        guide.config.base_url =
            if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
    }
    let (output, stats) = render::render_site(&guide, &theme).map_err(|mut d| {
        d.extend(warnings.iter().cloned());
        Failure::Content(d)
    })?;
    Ok(Site { guide, output, stats, warnings })
}

/// Builds the guide and publishes it to the output folder.
pub fn build(options: &BuildOptions) -> Result<Site, Failure> {
    // Refuse a forbidden output folder before spending time on the build.
    output::check_target(&options.output, &options.source)
        .map_err(|e| Failure::Environment(e.into()))?;
    let site = build_in_memory(&options.source, options.base_url.as_deref(), options.drafts)?;
    output::publish(&site.output, &options.output, &options.source, options.force)
        .map_err(|e| Failure::Environment(e.into()))?;
    Ok(site)
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
    let site = match build_in_memory(source, None, drafts) {
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
    let rebuild = move || match build_in_memory(&root, Some(&base), drafts) {
        Ok(site) => Ok((site.output, site.warnings.sorted())),
        Err(Failure::Content(d)) => Err(d.sorted()),
        Err(Failure::Environment(e)) => {
            Err(vec![diagnostic::Diagnostic::error(&root, format!("{e:#}"))])
        }
    };
    serve::run(server, &url, source, rebuild, report)
}
