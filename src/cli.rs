//! The command line: arguments, printing and exit codes.
//!
//! Exit codes: 0 success, 1 content problems (diagnostics printed), 2 usage or environment
//! problems. Only this module prints; it is in the library so tests can run it with an
//! argument vector and captured output.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::{BuildOptions, Failure};

/// A static-site generator for interview-question guides.
#[derive(Debug, Parser)]
#[command(name = "hireguide", version, about, propagate_version = true)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is done.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to use colours.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    /// Colours when writing to a terminal.
    Auto,
    /// Always colours.
    Always,
    /// Never colours.
    Never,
}

/// Diagnostic output format.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Compiler-style text with the source line.
    Human,
    /// GitHub Actions annotations.
    Github,
    /// A JSON array.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the guide into a static site.
    Build {
        /// The guide folder.
        #[arg(long, short = 's', default_value = ".")]
        source: PathBuf,
        /// The output folder.
        #[arg(long, short = 'o', default_value = "public")]
        output: PathBuf,
        /// Override `base_url` from site.yaml (e.g. for a preview under another address).
        #[arg(long)]
        base_url: Option<String>,
        /// Include questions and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Replace a non-empty output folder that hireguide did not create.
        #[arg(long)]
        force: bool,
        /// Keep highlighted code blocks in this folder between builds (e.g. a git-ignored
        /// `.hireguide-cache`), so a rebuild highlights only the code that changed.
        #[arg(long, value_name = "DIR")]
        cache_dir: Option<PathBuf>,
    },
    /// Preview the guide on 127.0.0.1, rebuilding and reloading pages on every save.
    Serve {
        /// The guide folder.
        #[arg(long, short = 's', default_value = ".")]
        source: PathBuf,
        /// The port (0 picks a free one).
        #[arg(long, short = 'p', default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Write one printable, self-contained HTML file for a kit.
    Kit {
        /// A kit defined in content/kits/ID.md.
        #[arg(long, conflicts_with_all = ["level", "category", "kind", "tag", "seed"])]
        kit: Option<String>,
        /// Ad-hoc kit: the level of the questions.
        #[arg(long)]
        level: Option<String>,
        /// Ad-hoc kit: a category to draw from (repeatable; default all).
        #[arg(long)]
        category: Vec<String>,
        /// Ad-hoc kit: a kind of question (repeatable; default all).
        #[arg(long)]
        kind: Vec<String>,
        /// Ad-hoc kit: a tag the questions must carry (repeatable).
        #[arg(long)]
        tag: Vec<String>,
        /// Ad-hoc kit: the time budget, filled without going over.
        #[arg(long, required_unless_present = "kit")]
        minutes: Option<u32>,
        /// Ad-hoc kit: a seed, to get another selection or reproduce one.
        #[arg(long)]
        seed: Option<String>,
        /// Pre-fill the candidate's name.
        #[arg(long)]
        candidate: Option<String>,
        /// Leave out the model answers (rubric only).
        #[arg(long)]
        no_answers: bool,
        /// The file to write (default: a name made from the kit's title).
        #[arg(long, short = 'o')]
        output: Option<PathBuf>,
        /// The guide folder.
        #[arg(long, short = 's', default_value = ".")]
        source: PathBuf,
    },
    /// Start a new question or kit from a ready-to-fill file.
    New {
        /// What to create.
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a new guide, with example content that builds and checks cleanly.
    Init {
        /// The folder to create (must be missing or empty).
        dir: PathBuf,
    },
    /// Check the guide for problems without writing anything.
    Check {
        /// The guide folder.
        #[arg(long, short = 's', default_value = ".")]
        source: PathBuf,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (exit 1).
        #[arg(long)]
        deny_warnings: bool,
        /// Include drafts.
        #[arg(long)]
        drafts: bool,
        /// Run every ```python block with python3 (```python norun blocks are only compiled).
        /// This runs the guide's code on your machine: use it on content you trust.
        #[arg(long)]
        run_snippets: bool,
        /// The time limit per snippet, in seconds.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        snippet_timeout: u64,
    },
}

/// What `new` creates.
#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A kit definition: `new kit <id>`.
    Kit {
        /// The kit id (its file name), e.g. `backend-60`.
        id: String,
        /// The guide folder.
        #[arg(long, short = 's', default_value = ".")]
        source: PathBuf,
    },
    /// A question file: `new question <category>/<id>`.
    Question {
        /// `<category>/<id>`, e.g. `oop/slots`.
        spec: String,
        /// The level (default: the first level in site.yaml).
        #[arg(long)]
        level: Option<String>,
        /// The title.
        #[arg(long)]
        title: Option<String>,
        /// The guide folder.
        #[arg(long, short = 's', default_value = ".")]
        source: PathBuf,
    },
}

/// Runs the command line with these arguments (the first is the program name).
pub fn main_with_args<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    run(cli)
}

/// Runs the command line from the process arguments.
pub fn main() -> ExitCode {
    main_with_args(std::env::args_os())
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

fn run(cli: Cli) -> ExitCode {
    let color = use_color(cli.color);
    match cli.command {
        Command::Build { source, output, base_url, drafts, force, cache_dir } => {
            let started = Instant::now();
            let options = BuildOptions { source, output, base_url, drafts, force, cache_dir };
            match crate::build(&options) {
                Ok(site) => {
                    if cli.verbose {
                        for (stage, took) in &site.timings {
                            eprintln!("  {stage:<15} {:>7.3} s", took.as_secs_f64());
                        }
                        let s = &site.stats;
                        eprintln!("  {} files, {:.1} MB", s.files, s.bytes as f64 / 1_000_000.0);
                        if site.unchanged {
                            eprintln!(
                                "  nothing the site is built from changed: all {} files left as they were",
                                site.kept
                            );
                        } else if options.cache_dir.is_some() {
                            eprintln!(
                                "  {} files kept as they were in the previous site",
                                site.kept
                            );
                        }
                        eprintln!(
                            "  code blocks: {} highlighted, {} from the cache, {} cache entries rebuilt",
                            s.highlighted, s.cached, s.rejected
                        );
                    }
                    print_human(&site.warnings.clone().sorted(), color, cli.quiet);
                    if !cli.quiet {
                        let s = site.stats;
                        println!(
                            "built {} in {}, {}, {} -> {}/ in {:.2} s",
                            count(s.questions, "question"),
                            count(s.categories, "category"),
                            count(s.kits, "kit"),
                            count(s.pages, "page"),
                            options.output.display().to_string().trim_end_matches('/'),
                            started.elapsed().as_secs_f64()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => report_failure(failure, color, cli.quiet),
            }
        }
        Command::Serve { source, port, open, drafts } => {
            let quiet = cli.quiet;
            let result = crate::serve(
                &source,
                port,
                drafts,
                move |event| print_serve_event(event, color, quiet),
                |url| {
                    if open {
                        open_browser(url);
                    }
                },
            );
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Kit {
            kit,
            level,
            category,
            kind,
            tag,
            minutes,
            seed,
            candidate,
            no_answers,
            output,
            source,
        } => {
            let choice = match kit {
                Some(id) => crate::KitChoice::Defined(id),
                None => crate::KitChoice::AdHoc(crate::kit::Criteria {
                    level,
                    categories: category,
                    kinds: kind,
                    tags: tag,
                    minutes: minutes.unwrap_or(60),
                    seed,
                    answers: true,
                }),
            };
            let file = match crate::kit_file(&source, &choice, candidate.as_deref(), !no_answers) {
                Ok(file) => file,
                Err(failure) => return report_failure(failure, color, cli.quiet),
            };
            print_human(&file.warnings.clone().sorted(), color, true);
            let path = output.unwrap_or_else(|| {
                PathBuf::from(format!("{}.html", crate::slug::slugify(&file.kit.title)))
            });
            if let Err(e) = crate::output::write_file(&path, file.html.as_bytes()) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            if !cli.quiet {
                for (n, (title, minutes)) in file.questions.iter().enumerate() {
                    println!("{:>3}. {title} ({minutes} min)", n + 1);
                }
                let total: u32 = file.questions.iter().map(|(_, m)| m).sum();
                println!(
                    "wrote {} — {} questions, {total} of {} minutes, seed {}",
                    path.display(),
                    file.questions.len(),
                    file.kit.budget,
                    file.kit.seed
                );
            }
            ExitCode::SUCCESS
        }
        Command::New { what } => {
            let source = match &what {
                NewCommand::Kit { source, .. } | NewCommand::Question { source, .. } => {
                    source.clone()
                }
            };
            let config = match crate::config::load(&source) {
                Ok((config, _)) => config,
                Err(errors) => {
                    return report_failure(
                        Failure::Content(errors.into_iter().collect()),
                        color,
                        cli.quiet,
                    );
                }
            };
            let created = match what {
                NewCommand::Kit { id, .. } => {
                    crate::scaffold::new_kit(&source, &config, &id).map(|f| vec![f])
                }
                NewCommand::Question { spec, level, title, .. } => crate::scaffold::new_question(
                    &source,
                    &config,
                    &spec,
                    level.as_deref(),
                    title.as_deref(),
                )
                .map(|q| q.category_file.into_iter().chain([q.file]).collect()),
            };
            match created {
                Ok(files) => {
                    for file in files {
                        if file.ends_with("_category.yaml") {
                            println!(
                                "created {} (give the category a title and description)",
                                file.display()
                            );
                        } else {
                            println!(
                                "created {}: replace every TODO: in it, then run `hireguide check`",
                                file.display()
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Init { dir } => match crate::scaffold::init(&dir) {
            Ok(files) => {
                if !cli.quiet {
                    println!("created a new guide in {} ({} files)", dir.display(), files.len());
                    println!("next: cd {} && hireguide serve", dir.display());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Check { source, format, deny_warnings, drafts, run_snippets, snippet_timeout } => {
            let options = crate::snippets::SnippetOptions {
                timeout: std::time::Duration::from_secs(snippet_timeout.max(1)),
                ..Default::default()
            };
            let report = match crate::check(&source, drafts, run_snippets.then_some(&options)) {
                Ok(report) => report,
                Err(failure) => return report_failure(failure, color, cli.quiet),
            };
            let diagnostics = report.diagnostics.sorted();
            let shown: Vec<Diagnostic> = diagnostics
                .iter()
                .filter(|d| !cli.quiet || d.severity == Severity::Error)
                .cloned()
                .collect();
            match format {
                Format::Human => print_human(&shown, color, false),
                Format::Github => print!("{}", diagnostic::render_github(&shown)),
                Format::Json => print!("{}", diagnostic::render_json(&shown)),
            }
            let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = diagnostics.len() - errors;
            // The summary goes to stderr, so stdout stays valid JSON or annotations.
            if !cli.quiet {
                if let Some((ran, compiled)) = report.snippets {
                    eprintln!("ran {ran} Python snippets and compiled {compiled} norun snippets");
                }
                eprintln!("{}", summary_line(errors, warnings));
            }
            if errors > 0 || (deny_warnings && warnings > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn print_serve_event(event: crate::serve::Event<'_>, color: bool, quiet: bool) {
    use crate::serve::Event;
    match event {
        Event::Listening(url) => {
            println!("serving the guide at {url} (Ctrl-C to stop); pages reload when you save");
        }
        Event::Built { warnings, elapsed, changed, rewritten } => {
            print_human(warnings, color, quiet);
            if !quiet {
                let what = match changed {
                    [] => String::from("built"),
                    [one] => format!("rebuilt after a change to {}", one.display()),
                    many => format!("rebuilt after {} changes", many.len()),
                };
                let scope = match rewritten {
                    Some(files) => format!(" ({})", count(files, "file") + " rewritten"),
                    None => String::new(),
                };
                let ms = elapsed.as_secs_f64() * 1000.0;
                println!("{what}{scope} in {ms:.1} ms");
            }
        }
        Event::Failed(errors) => {
            print_human(errors, color, false);
            eprintln!("the build failed; still serving the last good version");
        }
    }
}

/// Opens `url` in the desktop's browser; a failure only costs the convenience.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
}

/// `1 kit`, `2 kits`, `3 categories`.
fn count(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

fn summary_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors == 0 && warnings == 0 {
        "no problems found".into()
    } else {
        format!("found {} and {}", plural(errors, "error"), plural(warnings, "warning"))
    }
}

fn print_human(diagnostics: &[Diagnostic], color: bool, quiet: bool) {
    let shown: Vec<Diagnostic> =
        diagnostics.iter().filter(|d| !quiet || d.severity == Severity::Error).cloned().collect();
    if shown.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(diagnostic::render_human(&shown, color).as_bytes());
}

fn report_failure(failure: Failure, color: bool, quiet: bool) -> ExitCode {
    match failure {
        Failure::Content(diagnostics) => {
            let sorted = diagnostics.sorted();
            print_human(&sorted, color, quiet);
            let errors = sorted.iter().filter(|d| d.severity == Severity::Error).count();
            eprintln!(
                "build failed: {}; nothing was written",
                summary_line(errors, sorted.len() - errors)
            );
            ExitCode::from(1)
        }
        Failure::Environment(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
