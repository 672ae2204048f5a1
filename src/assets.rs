//! The theme: built-in templates and static files embedded by `build.rs`, overridden file by
//! file by the guide's own `templates/` and `static/`, and the compiled Tera instance.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::source;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The built-in theme's files: (path relative to a guide root, bytes), sorted by path.
pub fn embedded() -> &'static [(&'static str, &'static [u8])] {
    EMBEDDED
}

/// Compiled templates and the static files to publish.
pub struct Theme {
    /// Every template, compiled once.
    pub tera: tera::Tera,
    /// Static files by output path (`static/style.css`).
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Which templates came from the guide rather than the binary (name → file).
    pub overridden: BTreeMap<String, PathBuf>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("static_files", &self.static_files.len())
            .finish_non_exhaustive()
    }
}

impl Theme {
    /// Where a template's text came from, for diagnostics.
    pub fn template_file(&self, name: &str) -> PathBuf {
        self.overridden
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }
}

/// Loads the theme for the guide at `root`. Every unreadable or invalid file is reported.
pub fn load(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut templates: BTreeMap<String, String> = BTreeMap::new();
    let mut static_files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in embedded() {
        if let Some(name) = path.strip_prefix("templates/") {
            templates.insert(name.to_string(), String::from_utf8_lossy(bytes).into_owned());
        } else {
            static_files.insert((*path).to_string(), bytes.to_vec());
        }
    }
    let mut overridden = BTreeMap::new();
    let walk = source::walk(root, "templates");
    problems.extend(walk.diagnostics);
    for rel in walk.files {
        let name = slash_path(rel.strip_prefix("templates").unwrap_or(&rel));
        match source::read_text(root, &rel) {
            Ok(text) => {
                templates.insert(name.clone(), text);
                overridden.insert(name, rel);
            }
            Err(d) => problems.push(d),
        }
    }
    let walk = source::walk(root, "static");
    problems.extend(walk.diagnostics);
    for rel in walk.files {
        match source::read_bytes(root, &rel) {
            Ok(bytes) => {
                static_files.insert(slash_path(&rel), bytes);
            }
            Err(d) => problems.push(d),
        }
    }
    let mut tera = tera::Tera::new();
    if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        let report = TeraProblem::from(&e);
        let file = overridden
            .get(&report.template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{}", report.template)));
        let mut d = Diagnostic::error(file, format!("the template `{}` does not compile: {}", report.template, report.message))
            .with_help("fix the template syntax; the built-in templates in the hireguide repository are examples");
        d.line = report.line;
        d.column = report.column;
        problems.push(d);
    }
    if problems.iter().any(|d| d.severity == crate::diagnostic::Severity::Error) {
        return Err(problems);
    }
    Ok(Theme { tera, static_files, overridden })
}

fn slash_path(path: &Path) -> String {
    crate::diagnostic::display_path(path)
}

/// A Tera error, taken apart for a diagnostic.
#[derive(Debug, Clone)]
pub struct TeraProblem {
    /// The template the error is in (`?` when Tera does not say).
    pub template: String,
    /// 1-based line in that template.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// The message, on one line.
    pub message: String,
}

impl From<&tera::Error> for TeraProblem {
    fn from(e: &tera::Error) -> Self {
        use std::error::Error as _;
        let mut message = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                return TeraProblem {
                    template: r.filename().to_string(),
                    line: Some(r.span().start_line),
                    column: Some(r.span().start_col + 1),
                    message: one_line(r.message()),
                };
            }
            other => other.to_string(),
        };
        let mut source = e.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        TeraProblem {
            template: String::from("?"),
            line: None,
            column: None,
            message: one_line(&message),
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
