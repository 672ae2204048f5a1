//! All syntect use: syntax and theme sets loaded once, highlighting, theme CSS, and the cache
//! of highlighted blocks.
//!
//! A block is parsed once and styled with both themes named in `site.yaml`. Each token gets
//! the classes of its resolved colours, not of its scope names: `hl-RRGGBB` (light) and
//! `hd-RRGGBB` (dark), plus `hl-bold`/`hd-italic`-style font classes, and no span at all
//! where both themes draw plain text. Scope-named classes spelled out the whole scope stack
//! on every token, which made a highlighted block four times the size of its text; resolved
//! classes keep pages small and the stylesheet short. `highlight.css` (see [`css`]) holds one
//! rule per colour a theme can produce: light by default and in print, dark under
//! `prefers-color-scheme: dark`.
//!
//! Highlighting is most of a build's work, so [`Highlighter`] can keep finished blocks in a
//! [`Cache`]: in memory (for `serve`) or in a folder the user names (`--cache-dir`), keyed by
//! a hash of everything the HTML depends on.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use syntect::highlighting::{
    Color, FontStyle, Highlighter as ThemeHighlighter, Style, Theme, ThemeSet,
};
use syntect::parsing::{ClearAmount, ParseState, Scope, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Whether syntect knows a theme of this name.
pub fn theme_exists(name: &str) -> bool {
    themes().themes.contains_key(name)
}

/// Every theme name, sorted.
pub fn theme_names() -> Vec<String> {
    themes().themes.keys().cloned().collect()
}

/// Whether a fence language is known (`python`, `py`, `rust`, `sh`, …).
pub fn knows(lang: &str) -> bool {
    !lang.is_empty() && syntaxes().find_syntax_by_token(lang).is_some()
}

/// The two themes a site is drawn with, already adjusted to AA contrast.
#[derive(Debug)]
pub struct Palette {
    /// Tells theme pairs apart in the per-thread memo of [`classes_for`].
    id: u64,
    light: Theme,
    dark: Theme,
    names: (String, String),
}

impl Palette {
    /// The palette of two syntect themes, or an error naming the unknown one.
    pub fn new(light: &str, dark: &str) -> Result<Self, String> {
        let get = |name: &str| {
            themes()
                .themes
                .get(name)
                .map(accessible)
                .ok_or_else(|| format!("unknown highlight theme `{name}`"))
        };
        // One id per pair of names (the themes are built in), so that `serve`'s rebuilds
        // share one memo instead of growing a new one each time.
        static IDS: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
        let mut ids = IDS.lock().unwrap_or_else(|e| e.into_inner());
        let names = (light.to_string(), dark.to_string());
        let id = match ids.iter().position(|n| *n == names) {
            Some(i) => i,
            None => {
                ids.push(names.clone());
                ids.len() - 1
            }
        };
        Ok(Self { id: id as u64, light: get(light)?, dark: get(dark)?, names })
    }
}

/// Appends the classes one theme's style earns to `out`: none when it is the theme's default.
fn push_classes(out: &mut String, prefix: &str, style: Style, default: Style) {
    let mut class = |name: std::fmt::Arguments<'_>| {
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = out.write_fmt(name);
    };
    if style.foreground != default.foreground {
        let c = style.foreground;
        class(format_args!("{prefix}-{:02x}{:02x}{:02x}", c.r, c.g, c.b));
    }
    if style.background != default.background && style.background.a == 0xff {
        let c = style.background;
        class(format_args!("{prefix}-bg-{:02x}{:02x}{:02x}", c.r, c.g, c.b));
    }
    for (flag, name) in FONT_CLASSES {
        if style.font_style.contains(flag) && !default.font_style.contains(flag) {
            class(format_args!("{prefix}-{name}"));
        }
    }
}

const FONT_CLASSES: [(FontStyle, &str); 3] =
    [(FontStyle::BOLD, "bold"), (FontStyle::ITALIC, "italic"), (FontStyle::UNDERLINE, "underline")];

/// The classes already worked out for each scope stack, for one theme pair.
type StackClasses = HashMap<Vec<Scope>, Rc<str>>;

/// The classes of a token drawn under this scope stack: both themes' resolved styles, as
/// [`push_classes`] spells them. Resolving a style matches every theme rule against the stack,
/// which cost more than parsing itself; a block has a few dozen distinct stacks and a site
/// a few thousand, so each thread remembers the classes of every stack it has seen.
fn classes_for(palette: &Palette, stack: &[Scope]) -> Rc<str> {
    thread_local! {
        static MEMO: RefCell<HashMap<u64, StackClasses>> =
            RefCell::new(HashMap::new());
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        let known = memo.entry(palette.id).or_default();
        if let Some(classes) = known.get(stack) {
            return classes.clone();
        }
        let mut classes = String::new();
        for (theme, prefix) in [(&palette.light, "hl"), (&palette.dark, "hd")] {
            let highlighter = ThemeHighlighter::new(theme);
            let default = highlighter.get_default();
            push_classes(&mut classes, prefix, highlighter.style_for_stack(stack), default);
        }
        let classes: Rc<str> = classes.into();
        known.insert(stack.to_vec(), classes.clone());
        classes
    })
}

/// Highlights `code` as `lang` into class-annotated HTML (no `<pre>` wrapper), without a cache.
/// Returns `None` when the language is unknown or the grammar fails on this input.
pub fn highlight(code: &str, lang: &str, palette: &Palette) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut parser = Parser { state: Some(ParseState::new(syntax)), id: None };
    let mut stack = ScopeStack::new();
    let mut html = Spans { out: String::with_capacity(code.len() * 2), open: Rc::from("") };
    let mut current = html.open.clone();
    LINES.with(|memo| {
        let mut memo = memo.borrow_mut();
        for line in LinesWithEndings::from(code) {
            let ops = memo.parse_line(&mut parser, line, set)?;
            let mut at = 0;
            for &(index, op) in ops.iter() {
                let index = index as usize;
                html.push(&line[at..index], &current);
                at = index;
                stack.apply(&memo.ops[op as usize]).ok()?;
                current = classes_for(palette, stack.as_slice());
            }
            html.push(&line[at..], &current);
        }
        Some(())
    })?;
    Some(html.finish())
}

/// The scope changes syntect found in one line: where in the line each falls, and which
/// change it is (its number in [`LineMemo::ops`]).
type LineOps = Rc<[(u32, u32)]>;

/// A scope change as a hash key (syntect's type has none).
#[derive(PartialEq, Eq, Hash)]
enum OpKey {
    Push(Scope),
    Pop(usize),
    ClearTop(usize),
    ClearAll,
    Restore,
    Noop,
}

impl From<&ScopeStackOp> for OpKey {
    fn from(op: &ScopeStackOp) -> Self {
        match op {
            ScopeStackOp::Push(scope) => Self::Push(*scope),
            ScopeStackOp::Pop(n) => Self::Pop(*n),
            ScopeStackOp::Clear(ClearAmount::TopN(n)) => Self::ClearTop(*n),
            ScopeStackOp::Clear(ClearAmount::All) => Self::ClearAll,
            ScopeStackOp::Restore => Self::Restore,
            ScopeStackOp::Noop => Self::Noop,
        }
    }
}

/// Lines this thread has parsed, by their text. A line's scope changes depend only on its
/// text and the parser's state where it starts, so parsing it again from an equal state is
/// wasted work. Code in a guide repeats lines (`try:`, `import sys`, `return result`,
/// blank lines) from block to block, and parsing is most of highlighting's cost.
///
/// Parser states and scope changes are kept once each and named by their index, so an entry
/// is a line's text, two numbers and a list of small pairs.
#[derive(Default)]
struct LineMemo {
    states: Vec<ParseState>,
    ops: Vec<ScopeStackOp>,
    op_ids: HashMap<OpKey, u32>,
    /// For each line text: the state it was parsed from, its scope changes, the state after.
    lines: HashMap<Box<str>, Vec<(u32, LineOps, u32)>>,
    entries: usize,
}

/// Lines remembered per thread before the memo starts over: bounds its memory (about half a
/// kilobyte a line of Python) on guides with a great deal of distinct code.
const LINE_MEMO_ENTRIES: usize = 50_000;
/// Parser states kept per thread before the memo starts over: finding a state is a scan, so
/// it must stay short. Python code sits in a handful of states between lines.
const LINE_MEMO_STATES: usize = 256;
/// Parser states remembered per line text: most lines are only ever met in one or two.
const STATES_PER_LINE: usize = 8;
/// Longer lines are parsed every time: they seldom repeat, and would fill the memo.
const LINE_MEMO_MAX_LEN: usize = 400;

thread_local! {
    static LINES: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

/// Where a block's parse has got to: its state's number in this thread's [`LineMemo`] once
/// known, and syntect's own state when it is needed (after a line the memo had not seen).
/// Lines served from the memo only move the number along.
struct Parser {
    state: Option<ParseState>,
    id: Option<u32>,
}

impl LineMemo {
    /// The number of `state` among the states kept, adding it if it is new.
    fn state_id(&mut self, state: &ParseState) -> u32 {
        let id = self.states.iter().position(|s| s == state).unwrap_or_else(|| {
            self.states.push(state.clone());
            self.states.len() - 1
        });
        id as u32
    }

    fn op_id(&mut self, op: ScopeStackOp) -> u32 {
        let next = self.ops.len() as u32;
        let id = *self.op_ids.entry(OpKey::from(&op)).or_insert(next);
        if id == next {
            self.ops.push(op);
        }
        id
    }

    /// Parses one line from `parser`'s state, or finds it already parsed from an equal state:
    /// the scope changes and the state left are exactly what `ParseState::parse_line` gives.
    fn parse_line(&mut self, parser: &mut Parser, line: &str, set: &SyntaxSet) -> Option<LineOps> {
        let id = match (parser.id, &parser.state) {
            (Some(id), _) => Some(id),
            (None, Some(state)) if line.len() <= LINE_MEMO_MAX_LEN => Some(self.state_id(state)),
            (None, Some(_)) => None,
            (None, None) => return None,
        };
        if let Some(id) = id {
            let known = self.lines.get(line).and_then(|seen| seen.iter().find(|e| e.0 == id));
            if let Some((_, ops, after)) = known {
                parser.id = Some(*after);
                parser.state = None;
                return Some(ops.clone());
            }
        }
        let state = match (parser.state.take(), id) {
            (Some(state), _) => state,
            (None, Some(id)) => self.states[id as usize].clone(),
            (None, None) => return None,
        };
        let state = parser.state.insert(state);
        let found = state.parse_line(line, set).ok()?;
        let restart = self.entries >= LINE_MEMO_ENTRIES || self.states.len() >= LINE_MEMO_STATES;
        if restart {
            // The parser holds its own state, so it does not need the memo's.
            *self = Self::default();
        }
        let ops: LineOps =
            found.into_iter().map(|(index, op)| (index as u32, self.op_id(op))).collect();
        parser.id = None;
        // After a restart `id` names a state of the old memo, so the line is not kept.
        let Some(id) = id.filter(|_| !restart && line.len() <= LINE_MEMO_MAX_LEN) else {
            return Some(ops);
        };
        let after = self.state_id(state);
        parser.id = Some(after);
        let seen = self.lines.entry(line.into()).or_default();
        if seen.len() < STATES_PER_LINE {
            seen.push((id, ops.clone(), after));
            self.entries += 1;
        }
        Some(ops)
    }
}

/// Empties this thread's memo of parsed lines, so the next block is parsed from scratch (for
/// benchmarks that measure the grammar itself).
pub fn forget_parsed_lines() {
    LINES.with(|memo| *memo.borrow_mut() = LineMemo::default());
}

/// Highlighted HTML being written: neighbouring tokens with the same classes share one span.
struct Spans {
    out: String,
    open: Rc<str>,
}

impl Spans {
    fn push(&mut self, text: &str, classes: &Rc<str>) {
        if text.is_empty() {
            return;
        }
        if *classes != self.open {
            self.close();
            if !classes.is_empty() {
                let _ = write!(self.out, "<span class=\"{classes}\">");
            }
            self.open = classes.clone();
        }
        crate::markdown::escape_html_into(&mut self.out, text);
    }

    fn close(&mut self) {
        if !self.open.is_empty() {
            self.out.push_str("</span>");
        }
    }

    fn finish(mut self) -> String {
        self.close();
        self.out
    }
}

/// Where finished blocks are kept between builds.
#[derive(Debug, Default)]
pub enum Cache {
    /// Nothing is kept: every build highlights every block.
    #[default]
    Off,
    /// Kept in this process (`serve`), for as long as it runs.
    Memory(Mutex<HashMap<[u8; 32], Arc<str>>>),
    /// Kept in a folder (`--cache-dir`), one file per block.
    Folder(PathBuf),
}

impl Cache {
    /// An in-memory cache.
    pub fn memory() -> Self {
        Self::Memory(Mutex::default())
    }
}

/// What a build's highlighting cost: blocks served from the cache, highlighted afresh, and
/// cache entries found damaged or stale (and rebuilt).
#[derive(Debug, Default)]
pub struct CacheStats {
    /// Blocks found in the cache.
    pub hits: AtomicUsize,
    /// Blocks highlighted.
    pub misses: AtomicUsize,
    /// Cache entries that failed their checks and were replaced.
    pub rejected: AtomicUsize,
}

/// Bumped whenever the HTML for the same code could change (class scheme, contrast rule).
const CACHE_FORMAT: &str = "hireguide-highlight-2";
/// The syntect release whose grammars and themes produced an entry (read from Cargo.lock).
const SYNTECT_VERSION: &str = env!("HIREGUIDE_SYNTECT_VERSION");
const ENTRY_MAGIC: &[u8] = b"HGHL1 ";

/// Highlights code blocks with a site's palette, through a [`Cache`].
#[derive(Debug)]
pub struct Highlighter<'a> {
    palette: Option<&'a Palette>,
    cache: &'a Cache,
    /// Hits, misses and rejected entries so far.
    pub stats: &'a CacheStats,
}

impl<'a> Highlighter<'a> {
    /// A highlighter drawing with `palette`, keeping blocks in `cache`.
    pub fn new(palette: &'a Palette, cache: &'a Cache, stats: &'a CacheStats) -> Self {
        Self { palette: Some(palette), cache, stats }
    }

    /// A highlighter that only escapes: for checks that read links and never show the code.
    pub fn plain() -> Highlighter<'static> {
        static OFF: Cache = Cache::Off;
        static STATS: CacheStats = CacheStats {
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            rejected: AtomicUsize::new(0),
        };
        Highlighter { palette: None, cache: &OFF, stats: &STATS }
    }

    /// The highlighted HTML of one block, or `None` if the language is unknown or the grammar
    /// fails on this input (the caller then escapes the code as plain text).
    pub fn block(&self, code: &str, lang: &str) -> Option<Arc<str>> {
        let palette = self.palette?;
        if !knows(lang) {
            return None;
        }
        match self.cache {
            Cache::Off => {
                self.stats.misses.fetch_add(1, Ordering::Relaxed);
                highlight(code, lang, palette).map(Arc::from)
            }
            Cache::Memory(map) => {
                let key = cache_key(code, lang, palette);
                if let Some(hit) = map.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
                    self.stats.hits.fetch_add(1, Ordering::Relaxed);
                    return Some(hit.clone());
                }
                self.stats.misses.fetch_add(1, Ordering::Relaxed);
                let html: Arc<str> = highlight(code, lang, palette)?.into();
                map.lock().unwrap_or_else(|e| e.into_inner()).insert(key, html.clone());
                Some(html)
            }
            Cache::Folder(dir) => {
                let key = cache_key(code, lang, palette);
                let path = entry_path(dir, &key);
                match read_entry(&path, &key) {
                    Entry::Hit(html) => {
                        self.stats.hits.fetch_add(1, Ordering::Relaxed);
                        return Some(html.into());
                    }
                    Entry::Damaged => {
                        self.stats.rejected.fetch_add(1, Ordering::Relaxed);
                    }
                    Entry::Missing => {}
                }
                self.stats.misses.fetch_add(1, Ordering::Relaxed);
                let html = highlight(code, lang, palette)?;
                // A cache that cannot be written only costs speed: the build goes on.
                let _ = write_entry(&path, &key, &html);
                Some(html.into())
            }
        }
    }
}

/// Everything the HTML of a block depends on, hashed: the code, its language, both themes,
/// the syntect release and hireguide's own class scheme.
fn cache_key(code: &str, lang: &str, palette: &Palette) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    let version = env!("CARGO_PKG_VERSION");
    let names = (&palette.names.0, &palette.names.1);
    for part in [CACHE_FORMAT, version, SYNTECT_VERSION, names.0, names.1, lang, code] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    *h.finalize().as_bytes()
}

fn entry_path(dir: &Path, key: &[u8; 32]) -> PathBuf {
    let name = blake3::Hash::from(*key).to_hex();
    dir.join(&name[..2]).join(&name[2..])
}

enum Entry {
    Hit(String),
    Missing,
    Damaged,
}

/// An entry is `HGHL1 <key> <payload hash>\n<payload>`: it is served only if it answers to
/// the key asked for and its payload is intact UTF-8 with the recorded hash.
fn read_entry(path: &Path, key: &[u8; 32]) -> Entry {
    let Ok(bytes) = std::fs::read(path) else { return Entry::Missing };
    let header_len = ENTRY_MAGIC.len() + 64 + 1 + 64 + 1;
    if bytes.len() < header_len || !bytes.starts_with(ENTRY_MAGIC) {
        return Entry::Damaged;
    }
    let header = &bytes[ENTRY_MAGIC.len()..header_len];
    let payload = &bytes[header_len..];
    let expected =
        format!("{} {}\n", blake3::Hash::from(*key).to_hex(), blake3::hash(payload).to_hex());
    if header != expected.as_bytes() {
        return Entry::Damaged;
    }
    match String::from_utf8(payload.to_vec()) {
        Ok(html) => Entry::Hit(html),
        Err(_) => Entry::Damaged,
    }
}

/// Writes an entry through a temporary file and a rename, so a reader never sees half of one.
fn write_entry(path: &Path, key: &[u8; 32], html: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(path);
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(ENTRY_MAGIC)?;
    writeln!(
        file,
        "{} {}",
        blake3::Hash::from(*key).to_hex(),
        blake3::hash(html.as_bytes()).to_hex()
    )?;
    file.write_all(html.as_bytes())?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The contrast every highlighted colour keeps against its background: WCAG AA for text.
const MIN_CONTRAST: f64 = 4.5;

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The WCAG contrast ratio of two colours, 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `fg`, moved toward black on a light background or white on a dark one, just far enough to
/// reach [`MIN_CONTRAST`] against `bg`. Colours that already reach it are kept as they are.
fn legible(fg: Color, bg: Color) -> Color {
    let target = if luminance(bg) > 0.18 { 0.0 } else { 255.0 };
    let mix = |v: u8, t: f64| (f64::from(v) + (target - f64::from(v)) * t).round() as u8;
    let mut out = Color { a: 0xff, ..fg };
    let mut t = 0.0;
    while contrast(out, bg) < MIN_CONTRAST && t < 1.0 {
        t += 0.02;
        out = Color { r: mix(fg.r, t), g: mix(fg.g, t), b: mix(fg.b, t), a: 0xff };
    }
    out
}

/// A copy of `theme` whose every text colour reaches [`MIN_CONTRAST`] on the background it is
/// drawn on (its own highlight background, else the theme's background).
fn accessible(theme: &Theme) -> Theme {
    let mut theme = theme.clone();
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    if let Some(fg) = theme.settings.foreground {
        theme.settings.foreground = Some(legible(fg, bg));
    }
    for item in &mut theme.scopes {
        let under = item.style.background.filter(|b| b.a == 0xff).unwrap_or(bg);
        if let Some(fg) = item.style.foreground {
            item.style.foreground = Some(legible(fg, under));
        }
    }
    theme
}

/// One theme's rules: the colours of the code blocks themselves (`pre.code`), then one rule
/// per class [`highlight`] can give a token under this theme.
fn theme_css(theme: &Theme, prefix: &str) -> String {
    let hex = |c: Color| format!("{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    let default = ThemeHighlighter::new(theme).get_default();
    let mut out = format!(
        "pre.code {{ color: #{}; background-color: #{}; }}\n",
        hex(default.foreground),
        hex(default.background)
    );
    let mut rules = BTreeSet::new();
    for item in &theme.scopes {
        if let Some(fg) = item.style.foreground.filter(|&c| c != default.foreground) {
            rules.insert(format!(".{prefix}-{} {{ color: #{0}; }}", hex(fg)));
        }
        let bg = item.style.background.filter(|&c| c != default.background && c.a == 0xff);
        if let Some(bg) = bg {
            rules.insert(format!(".{prefix}-bg-{} {{ background-color: #{0}; }}", hex(bg)));
        }
    }
    for rule in rules {
        out.push_str(&rule);
        out.push('\n');
    }
    for (name, rule) in [
        ("bold", "font-weight: bold"),
        ("italic", "font-style: italic"),
        ("underline", "text-decoration: underline"),
    ] {
        let _ = writeln!(out, ".{prefix}-{name} {{ {rule}; }}");
    }
    out
}

/// The stylesheet for highlighted code: `light` on screen and in print, `dark` on dark screens.
/// Each theme sits in its own media block, so a rule of one never shows through the other, and
/// every colour is adjusted, where needed, to WCAG AA contrast (4.5:1) on its background.
pub fn css(palette: &Palette) -> String {
    let (light, dark) = &palette.names;
    let mut out =
        format!("/* Highlighting: {light} (light, print) and {dark} (dark). Generated. */\n");
    out.push_str("@media not screen and (prefers-color-scheme: dark) {\n");
    out.push_str(&theme_css(&palette.light, "hl"));
    out.push_str("}\n@media screen and (prefers-color-scheme: dark) {\n");
    out.push_str(&theme_css(&palette.dark, "hd"));
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn palette() -> Palette {
        Palette::new("InspiredGitHub", "base16-ocean.dark").unwrap()
    }

    #[test]
    fn highlights_python_with_colour_classes_for_both_themes() {
        let html = highlight("def f(x):\n    return x\n", "python", &palette()).unwrap();
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains(" hd-"), "{html}");
        assert!(!html.contains("style="));
        // Every class a token gets has a rule in the stylesheet.
        let sheet = css(&palette());
        for class in
            html.split("class=\"").skip(1).flat_map(|s| s[..s.find('"').unwrap()].split(' '))
        {
            assert!(sheet.contains(&format!(".{class} {{")), "no rule for {class}");
        }
    }

    /// What [`highlight`] must give: syntect's parser on every line, no memo.
    fn highlight_by_grammar(code: &str, palette: &Palette) -> String {
        let set = syntaxes();
        let mut parser = ParseState::new(set.find_syntax_by_token("python").unwrap());
        let mut stack = ScopeStack::new();
        let mut html = Spans { out: String::new(), open: Rc::from("") };
        let mut current = html.open.clone();
        for line in LinesWithEndings::from(code) {
            let mut at = 0;
            for (index, op) in parser.parse_line(line, set).unwrap() {
                html.push(&line[at..index], &current);
                at = index;
                stack.apply(&op).unwrap();
                current = classes_for(palette, stack.as_slice());
            }
            html.push(&line[at..], &current);
        }
        html.finish()
    }

    /// Blocks whose lines recur in different parser states: inside and outside a string
    /// spanning lines, inside brackets left open, after a decorator; and a line too long for
    /// the memo.
    fn tricky_blocks() -> Vec<String> {
        let long = format!("values = [{}]\n", "1, ".repeat(200));
        vec![
            "def f(x):\n    return x\n\nx = 1\n".to_string(),
            "doc = \"\"\"\ndef f(x):\n    return x\n\"\"\"\ndef f(x):\n    return x\n".to_string(),
            "call(\n    x = 1,\n    return_x,\n)\nx = 1\n".to_string(),
            "@decorated\ndef f(x):\n    return x\n".to_string(),
            format!("{long}x = 1\n{long}def f(x):\n    return x\n"),
            "s = 'unterminated\nx = 1\n\n".to_string(),
        ]
    }

    #[test]
    fn remembered_lines_give_what_the_grammar_gives() {
        let palette = palette();
        let blocks = tricky_blocks();
        forget_parsed_lines();
        // Twice through, so that the second pass finds every short line in the memo, from
        // whichever state the first pass left there.
        for _ in 0..2 {
            for block in &blocks {
                let html = highlight(block, "python", &palette).unwrap();
                assert_eq!(html, highlight_by_grammar(block, &palette), "{block}");
            }
        }
        LINES.with(|memo| {
            let memo = memo.borrow();
            assert!(memo.entries > 10 && memo.states.len() > 2, "{}", memo.entries);
            assert!(memo.lines.keys().all(|line| line.len() <= LINE_MEMO_MAX_LEN));
            // `    return x` was met inside a string and inside a function.
            assert!(memo.lines["    return x\n"].len() >= 2);
        });
    }

    #[test]
    fn a_full_memo_starts_over_without_changing_results() {
        let palette = palette();
        let blocks = tricky_blocks();
        forget_parsed_lines();
        for block in &blocks {
            highlight(block, "python", &palette).unwrap();
        }
        for limit in ["entries", "states"] {
            LINES.with(|memo| {
                let mut memo = memo.borrow_mut();
                match limit {
                    "entries" => memo.entries = LINE_MEMO_ENTRIES,
                    _ => {
                        let first = memo.states[0].clone();
                        memo.states.resize(LINE_MEMO_STATES, first);
                    }
                }
            });
            // The memo fills up on the block's first new line, midway through it.
            let block = "x = 1\ny = 2\ndef f(x):\n    return x\n";
            let html = highlight(block, "python", &palette).unwrap();
            assert_eq!(html, highlight_by_grammar(block, &palette));
            LINES.with(|memo| {
                let memo = memo.borrow();
                assert!(memo.entries < 5 && memo.states.len() < 5, "{limit}: not started over");
            });
        }
    }

    #[test]
    fn escapes_markup_in_code() {
        let html = highlight("x = '<script>'\n", "py", &palette()).unwrap();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("x", "no-such-lang", &palette()).is_none());
        assert!(!knows("no-such-lang"));
        assert!(knows("python"));
    }

    #[test]
    fn css_has_both_schemes() {
        let sheet = css(&palette());
        assert!(sheet.contains(".hl-") && sheet.contains(".hd-"));
        assert!(sheet.contains("prefers-color-scheme: dark"));
        assert!(Palette::new("nope", "base16-ocean.dark").is_err());
    }

    #[test]
    fn folder_cache_serves_hits_and_rebuilds_damaged_entries() {
        let dir = tempfile::tempdir().unwrap();
        let palette = palette();
        let cache = Cache::Folder(dir.path().to_path_buf());
        let code = "import os\nprint(os.sep)\n";
        let fresh = highlight(code, "python", &palette).unwrap();
        let stats = CacheStats::default();
        let hl = Highlighter::new(&palette, &cache, &stats);
        assert_eq!(&*hl.block(code, "python").unwrap(), fresh);
        assert_eq!(&*hl.block(code, "python").unwrap(), fresh);
        assert_eq!(
            (stats.misses.load(Ordering::Relaxed), stats.hits.load(Ordering::Relaxed)),
            (1, 1)
        );

        // Damage the entry in every way a disk or a person can: each is caught and rebuilt.
        let path = entry_path(dir.path(), &cache_key(code, "python", &palette));
        let good = std::fs::read(&path).unwrap();
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        let other_key = {
            let mut b = good.clone();
            b[ENTRY_MAGIC.len()] = if b[ENTRY_MAGIC.len()] == b'0' { b'1' } else { b'0' };
            b
        };
        for damaged in
            [Vec::new(), good[..good.len() / 2].to_vec(), flipped, other_key, b"HGHL1 x".to_vec()]
        {
            std::fs::write(&path, &damaged).unwrap();
            assert_eq!(&*hl.block(code, "python").unwrap(), fresh);
            assert_eq!(std::fs::read(&path).unwrap(), good, "the entry is rewritten");
        }
        assert_eq!(stats.rejected.load(Ordering::Relaxed), 5);

        // A different theme pair is a different key: never served the other palette's HTML.
        let other = Palette::new("Solarized (light)", "base16-ocean.dark").unwrap();
        let stats = CacheStats::default();
        let hl = Highlighter::new(&other, &cache, &stats);
        assert_eq!(&*hl.block(code, "python").unwrap(), highlight(code, "python", &other).unwrap());
        assert_eq!(stats.misses.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn memory_cache_and_plain() {
        let palette = palette();
        let (cache, stats) = (Cache::memory(), CacheStats::default());
        let hl = Highlighter::new(&palette, &cache, &stats);
        let a = hl.block("x = 1\n", "python").unwrap();
        let b = hl.block("x = 1\n", "python").unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert!(Highlighter::plain().block("x = 1\n", "python").is_none());
    }

    #[test]
    fn every_colour_reaches_aa_contrast() {
        for name in theme_names() {
            let theme = accessible(&themes().themes[&name]);
            let bg = theme.settings.background.unwrap_or(Color::WHITE);
            for item in &theme.scopes {
                let under = item.style.background.filter(|b| b.a == 0xff).unwrap_or(bg);
                if let Some(fg) = item.style.foreground {
                    assert!(contrast(fg, under) >= MIN_CONTRAST, "{name}: {fg:?} on {under:?}");
                }
            }
        }
        let grey = Color { r: 0x96, g: 0x98, b: 0x96, a: 0xff };
        assert!(contrast(grey, Color::WHITE) < MIN_CONTRAST);
        assert!(contrast(legible(grey, Color::WHITE), Color::WHITE) >= MIN_CONTRAST);
        let ok = Color { r: 0x18, g: 0x36, b: 0x91, a: 0xff };
        assert_eq!(legible(ok, Color::WHITE), ok, "colours that pass are kept");
    }
}
