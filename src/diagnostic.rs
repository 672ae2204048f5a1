//! The single type for content problems, and the position math behind it.
//!
//! A [`Diagnostic`] carries a severity, the file (relative to the guide root), a 1-based line
//! and column counted in characters, a message and an optional help line. Problems are
//! collected into [`Diagnostics`] and reported together at the end, never one at a time.
//! This module imports nothing else from the crate and never prints: the renderers return
//! strings and the CLI decides where they go.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// Worth fixing; the build goes on (unless `--deny-warnings`).
    Warning,
}

impl Severity {
    /// The lowercase word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in a guide's source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the guide root (`content/questions/oop/mro.md`).
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What is wrong, in the author's terms.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The text of the offending line, for the human format's snippet.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file (no position).
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A warning about a whole file (no position).
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// Places the diagnostic at a byte offset of the file's text.
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        let pos = locate(text, offset);
        self.line = Some(pos.line);
        self.column = Some(pos.column);
        self.source_line = Some(pos.line_text.to_string());
        self
    }

    /// Places the diagnostic at a 1-based line (column 1) of the file's text.
    pub fn at_line(self, text: &str, line: usize) -> Self {
        let offset = line_start(text, line);
        self.at(text, offset)
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        let mut s = display_path(&self.file);
        if let Some(line) = self.line {
            let _ = write!(s, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(s, ":{col}");
            }
        }
        s
    }
}

/// A file path as shown to users: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    let parts: Vec<_> = path.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    parts.join("/")
}

/// A resolved position in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position<'a> {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The line's text, without its line ending.
    pub line_text: &'a str,
}

/// Resolves a byte offset (clamped to the text, and to a character boundary) to a position.
pub fn locate(text: &str, offset: usize) -> Position<'_> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_begin = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = text[line_begin..offset].chars().count() + 1;
    let line_end = text[line_begin..].find('\n').map_or(text.len(), |i| line_begin + i);
    let line_text = text[line_begin..line_end].trim_end_matches('\r');
    Position { line, column, line_text }
}

/// The byte offset where 1-based `line` starts (the end of the text when past the last line).
pub fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
}

/// Problems collected over a whole run.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds many problems.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// How many problems have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems, sorted by file, line and column so output is stable.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// The problems in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics { items: iter.into_iter().collect() }
    }
}

/// Compiler-style text: `error: …`, ` --> file:line:col`, the source line with a caret, `help: …`.
pub fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = display_path(&d.file);
        let title = level.primary_title(d.message.as_str());
        let mut groups = Vec::new();
        match (d.line, d.column, d.source_line.as_deref()) {
            (Some(line), Some(col), Some(text)) => {
                let start = char_to_byte(text, col - 1);
                let end = text[start..].chars().next().map_or(start, |c| start + c.len_utf8());
                groups.push(
                    Group::with_title(title).element(
                        Snippet::source(text)
                            .line_start(line)
                            .path(path.as_str())
                            .annotation(AnnotationKind::Primary.span(start..end)),
                    ),
                );
            }
            _ => {
                let origin = annotate_snippets::Origin::path(d.location());
                groups.push(Group::with_title(title).element(origin));
            }
        }
        if let Some(help) = &d.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help.as_str())));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

/// GitHub workflow commands: `::error file=…,line=…,col=…::message`, one per line.
pub fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let mut props = format!("file={}", escape_github_property(&display_path(&d.file)));
        if let Some(line) = d.line {
            let _ = write!(props, ",line={line}");
        }
        if let Some(col) = d.column {
            let _ = write!(props, ",col={col}");
        }
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ =
            writeln!(out, "::{} {}::{}", d.severity.as_str(), props, escape_github_data(&message));
    }
    out
}

fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A JSON array of `{severity, file, line, column, message, help}` objects.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": d.severity.as_str(),
                "file": display_path(&d.file),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| String::from("[]"));
    s.push('\n');
    s
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo: a small
/// edit distance (transpositions count once), or a high Jaro-Winkler similarity.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (strsim::damerau_levenshtein(word, c), strsim::jaro_winkler(word, c), c))
        .filter(|(distance, similarity, _)| *distance <= allowed || *similarity > 0.85)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Line 1 and line N, with multi-byte characters before the column.
    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "ab\ncé: x\n";
        assert_eq!(locate(text, 0).line, 1);
        let p = locate(text, text.find('x').unwrap());
        assert_eq!((p.line, p.column, p.line_text), (2, 5, "cé: x"));
    }

    // CRLF files report the same line and never show the carriage return.
    #[test]
    fn locate_handles_crlf_and_out_of_range() {
        let text = "a\r\nbb\r\n";
        let p = locate(text, 4);
        assert_eq!((p.line, p.column, p.line_text), (2, 2, "bb"));
        assert_eq!(locate(text, 999).line, 3);
    }

    #[test]
    fn line_start_finds_each_line() {
        let text = "one\ntwo\nthree";
        assert_eq!(line_start(text, 1), 0);
        assert_eq!(line_start(text, 3), 8);
        assert_eq!(line_start(text, 9), text.len());
    }

    #[test]
    fn github_format_escapes_properties_and_data() {
        let d = Diagnostic::error("content/a,b.md", "bad: 100%\nreally").at("x\ny", 2);
        assert_eq!(
            render_github(&[d]),
            "::error file=content/a%2Cb.md,line=2,col=1::bad: 100%25%0Areally\n"
        );
    }

    #[test]
    fn json_format_has_exactly_the_contract_fields() {
        let d = Diagnostic::warning("site.yaml", "odd").with_help("fix it");
        let v: serde_json::Value = serde_json::from_str(&render_json(&[d])).unwrap();
        let obj = v[0].as_object().unwrap();
        let mut keys: Vec<_> = obj.keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["column", "file", "help", "line", "message", "severity"]);
        assert!(obj["line"].is_null());
    }

    #[test]
    fn human_format_shows_location_caret_and_help() {
        let text = "---\nlevle: junior\n";
        let d = Diagnostic::error("q.md", "unknown key `levle`")
            .at(text, 4)
            .with_help("did you mean `level`?");
        let out = render_human(&[d], false);
        assert!(out.contains("error: unknown key `levle`"), "{out}");
        assert!(out.contains("q.md:2:1"), "{out}");
        assert!(out.contains("levle: junior"), "{out}");
        assert!(out.contains('^'), "{out}");
        assert!(out.contains("help: did you mean `level`?"), "{out}");
    }

    #[test]
    fn did_you_mean_only_suggests_close_words() {
        assert_eq!(did_you_mean("levle", ["level", "kind", "tags"]), Some("level"));
        assert_eq!(did_you_mean("zzz", ["level", "kind"]), None);
        assert_eq!(did_you_mean("opp", ["basics", "oop"]), Some("oop"));
        assert_eq!(did_you_mean("mdi", ["junior", "mid", "senior"]), Some("mid"));
        assert_eq!(did_you_mean("ab", ["xy", "cd"]), None);
    }
}
