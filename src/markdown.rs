//! Markdown to a safe HTML fragment.
//!
//! CommonMark plus tables, footnotes, strikethrough, task lists and heading ids, with:
//! raw HTML escaped (shown as text), `javascript:`/`vbscript:`/`data:` targets refused,
//! relative links to other question files rewritten through a [`LinkResolver`], heading
//! attributes other than the id dropped, and fenced code highlighted at build time. The
//! fenced blocks are also returned, with their lines, for `check --run-snippets`. Nothing
//! here reads files or panics on any input; problems come back with body byte offsets.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::highlight::Highlighter;
use crate::slug::slugify;

/// Turns a relative link target found in a file into a page URL.
pub trait LinkResolver: Sync {
    /// Resolves `path` (a `.md` path relative to the folder of `from`, no fragment).
    /// `Err` carries the message and help for a dangling link.
    fn resolve(&self, from: &Path, path: &str) -> Result<String, (String, String)>;
    /// The site's base path (`/` or `/repo/`), prefixed to root-absolute links.
    fn base_path(&self) -> &str;
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The first word of the info string (`python`), lowercased.
    pub lang: String,
    /// The other words (`norun`).
    pub flags: Vec<String>,
    /// The code.
    pub code: String,
    /// Byte offset of the opening fence in the body.
    pub offset: usize,
}

impl CodeBlock {
    fn new(info: &str, code: String, offset: usize) -> Self {
        let mut words = info.split_whitespace().map(str::to_string);
        let lang = words.next().unwrap_or_default().to_ascii_lowercase();
        CodeBlock { lang, flags: words.collect(), code, offset }
    }
}

/// The code blocks of a body (fenced and indented), without rendering or highlighting.
pub fn code_blocks(body: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                current = Some((info, range.start, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, _, code)) = current.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, offset, code)) = current.take() {
                    blocks.push(CodeBlock::new(&info, code, offset));
                }
            }
            _ => {}
        }
    }
    blocks
}

/// A problem found while rendering, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// The result of rendering one body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML fragment.
    pub html: String,
    /// Every fenced code block, in order.
    pub code_blocks: Vec<CodeBlock>,
    /// Errors to report.
    pub problems: Vec<Problem>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Whether a link target would run script or embed content in a browser.
pub fn is_unsafe_url(url: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters inside a scheme, and schemes
    // are case-insensitive; entities were already decoded by the parser.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(16)
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| lower.starts_with(s))
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Renders a Markdown body. `from` is the file (relative to the guide root) the body is in;
/// fenced code goes through `highlighter`.
pub fn render(
    body: &str,
    from: &Path,
    resolver: &dyn LinkResolver,
    highlighter: &Highlighter<'_>,
) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_start: Option<usize> = None;
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut code: Option<(String, usize, String)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if let Some((_, _, text)) = code.as_mut() {
            match event {
                Event::Text(t) => {
                    text.push_str(&t);
                    continue;
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((info, offset, text)) = code.take() {
                        events.push(Event::Html(code_block_html(&info, &text, highlighter).into()));
                        out.code_blocks.push(CodeBlock::new(&info, text, offset));
                    }
                    continue;
                }
                _ => continue,
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, range.start, String::new()));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading_start = Some(events.len());
                // Classes and attributes from `{.x key=val}` are dropped: `key` would become a
                // raw attribute name, such as `onclick`.
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    assign_heading_id(&mut events, start, &mut used_ids);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::HtmlBlock) => {
                events.push(Event::Html("<pre class=\"raw-html\">".into()))
            }
            Event::End(TagEnd::HtmlBlock) => events.push(Event::Html("</pre>\n".into())),
            Event::Html(text) | Event::InlineHtml(text) => events.push(Event::Text(text)),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url =
                    check_url(dest_url, range.start, link_type, from, resolver, &mut out.problems);
                events.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url =
                    check_url(dest_url, range.start, link_type, from, resolver, &mut out.problems);
                events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            other => events.push(other),
        }
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

fn assign_heading_id(events: &mut [Event<'_>], start: usize, used: &mut HashSet<String>) {
    let text: String = events[start + 1..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
        let base = match id.as_ref() {
            Some(explicit) if !explicit.is_empty() => explicit.to_string(),
            _ => slugify(&text),
        };
        let mut unique = base.clone();
        let mut n = 1;
        while !used.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        *id = Some(unique.into());
    }
}

fn check_url<'a>(
    url: CowStr<'a>,
    offset: usize,
    link_type: LinkType,
    from: &Path,
    resolver: &dyn LinkResolver,
    problems: &mut Vec<Problem>,
) -> CowStr<'a> {
    if is_unsafe_url(&url) {
        problems.push(Problem {
            offset,
            message: format!("unsafe link target `{}`", url.chars().take(40).collect::<String>()),
            help: "javascript:, vbscript: and data: links are refused; link to a page or an https:// address".into(),
        });
        return "#".into();
    }
    if matches!(link_type, LinkType::Email | LinkType::Autolink)
        || has_scheme(&url)
        || url.starts_with("//")
    {
        return url;
    }
    if url.starts_with('#') || url.is_empty() {
        return url;
    }
    if let Some(rest) = url.strip_prefix('/') {
        return format!("{}{rest}", resolver.base_path()).into();
    }
    let (path, fragment) = match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (&url[..], ""),
    };
    if !path.ends_with(".md") {
        return url;
    }
    match resolver.resolve(from, path) {
        Ok(target) => format!("{target}{fragment}").into(),
        Err((message, help)) => {
            problems.push(Problem { offset, message, help });
            "#".into()
        }
    }
}

fn code_block_html(info: &str, code: &str, highlighter: &Highlighter<'_>) -> String {
    let lang = info.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    let lang_attr = slugify(&lang);
    let highlighted = highlighter.block(code, &lang);
    let body = highlighted.as_deref().map_or_else(|| escape_html(code), str::to_string);
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!(
            "<pre class=\"code\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{body}</code></pre>\n"
        )
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_html_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] does.
pub fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Renders one line of inline Markdown (a title, a rubric bullet): code spans, emphasis,
/// strong and strikethrough. Links and images keep only their text (these strings sit
/// inside links and lists already); raw HTML and block syntax come out as text.
pub fn render_inline(text: &str) -> String {
    let mut events = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                events.push(Event::Start(tag))
            }
            Event::End(tag @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)) => {
                events.push(Event::End(tag))
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => events.push(Event::Text(t)),
            Event::Code(t) => events.push(Event::Code(t)),
            Event::SoftBreak | Event::HardBreak => events.push(Event::Text(" ".into())),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_))
                if !events.is_empty() =>
            {
                events.push(Event::Text(" ".into()))
            }
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html.trim_end().to_string()
}

/// The plain text of an inline Markdown string (for `<title>`, search and sitemaps).
pub fn inline_text(text: &str) -> String {
    if is_plain(text) { text.to_string() } else { parsed_inline_text(text) }
}

/// [`inline_text`] through the parser, for text that may hold Markdown.
fn parsed_inline_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Whether Markdown reads `text` as exactly itself: letters, digits, single inner spaces and
/// punctuation with no Markdown meaning, starting with a letter (so it cannot open a list,
/// heading, quote or code block). Most titles are; [`inline_text`] then skips the parser.
fn is_plain(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_alphabetic)
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text.chars().all(|c| c.is_alphanumeric() || " ?,.;:'\"()/%@+=-—–’‘“”…".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_titles_skip_the_parser_and_read_the_same() {
        for title in [
            "What does `is` do?",
            "1. Numbered",
            "- a list",
            "# heading",
            "a *b* c",
            "Use &amp; here",
            "<b>bold</b>",
            "Trailing space ",
            "Two  spaces",
            "[link](x)",
            "under_score_words",
        ] {
            assert!(!is_plain(title), "{title}");
        }
        for title in [
            "How does the GIL work in Python?",
            "Explain closures to a new teammate",
            "Why is 0.1 + 0.2 = 0.30000000000000004 (in floats)?",
            "Compare lists and tuples: when, and why?",
            "Naïve “quotes” — and ‘more’…",
            "What's the cost of a = b + c/d at 100% load, e.g. for @decorators?",
        ] {
            assert!(is_plain(title), "{title}");
            assert_eq!(inline_text(title), parsed_inline_text(title), "{title}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_agrees_with_the_parser(text in "[a-zA-Z][a-zA-Z0-9 ?,.;:'\"()/%@+=—–’‘“”…-]{0,40}") {
            if is_plain(&text) {
                proptest::prop_assert_eq!(inline_text(&text), parsed_inline_text(&text));
            }
        }
    }

    struct Resolver;
    impl LinkResolver for Resolver {
        fn resolve(&self, _from: &Path, path: &str) -> Result<String, (String, String)> {
            match path {
                "other.md" | "../cat/other.md" => Ok("/base/questions/cat/other/".into()),
                _ => Err((format!("no question at `{path}`"), "fix the path".into())),
            }
        }
        fn base_path(&self) -> &str {
            "/base/"
        }
    }

    fn md(s: &str) -> Rendered {
        let palette =
            crate::highlight::Palette::new("InspiredGitHub", "base16-ocean.dark").unwrap();
        let (cache, stats) =
            (crate::highlight::Cache::Off, crate::highlight::CacheStats::default());
        let code = Highlighter::new(&palette, &cache, &stats);
        render(s, Path::new("content/questions/cat/q.md"), &Resolver, &code)
    }

    #[test]
    fn escapes_raw_html_block_and_inline() {
        let r = md("<script>alert(1)</script>\n\nhi <b onclick=x>there</b>\n");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<b "), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
    }

    #[test]
    fn refuses_unsafe_targets_in_every_form() {
        for src in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](<java\tscript:x>)",
            "![x](data:text/html;base64,xx)",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: vbscript:x",
        ] {
            let r = md(src);
            assert_eq!(r.problems.len(), 1, "{src}: {:?}", r.problems);
            for attr in ["href=\"", "src=\""] {
                for value in r.html.split(attr).skip(1) {
                    assert!(value.starts_with('#'), "{src}: {}", r.html);
                }
            }
        }
    }

    #[test]
    fn rewrites_relative_question_links_and_keeps_fragments() {
        let r = md("[a](other.md#x) [b](../cat/other.md) [c](https://python.org) [d](/tags/)");
        assert!(r.html.contains("href=\"/base/questions/cat/other/#x\""), "{}", r.html);
        assert!(r.html.contains("href=\"/base/questions/cat/other/\""));
        assert!(r.html.contains("href=\"https://python.org\""));
        assert!(r.html.contains("href=\"/base/tags/\""));
        assert!(r.problems.is_empty());
    }

    #[test]
    fn dangling_link_is_a_problem_at_its_offset() {
        let r = md("line one\n\nsee [gone](gone.md)\n");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].offset, 14);
        assert!(r.problems[0].message.contains("gone.md"));
    }

    #[test]
    fn highlights_python_and_lists_blocks() {
        let r = md("text\n\n```python norun\nx = 1\n```\n\n```unknownlang\n<a>\n```\n");
        assert!(r.html.contains("class=\"hl-"), "{}", r.html);
        assert!(r.html.contains("&lt;a&gt;"));
        assert_eq!(r.code_blocks.len(), 2);
        assert_eq!(r.code_blocks[0].lang, "python");
        assert_eq!(r.code_blocks[0].flags, ["norun"]);
        assert_eq!(r.code_blocks[0].offset, 6);
    }

    // `check --run-snippets` lists blocks without rendering; it must see what the build sees.
    #[test]
    fn code_blocks_match_what_render_lists() {
        let body = "```python\nx = 1\n```\n\n    indented\n\n~~~python norun extra\ny\n~~~\n";
        assert_eq!(code_blocks(body), md(body).code_blocks);
        assert_eq!(code_blocks(body)[2].flags, ["norun", "extra"]);
        assert_eq!(code_blocks(body)[2].code, "y\n");
    }

    #[test]
    fn headings_get_unique_ids_and_no_attributes() {
        let r = md("## Why it matters\n\n## Why it matters\n\n## Custom {#mine onclick=evil .c}\n");
        assert!(r.html.contains("id=\"why-it-matters\""));
        assert!(r.html.contains("id=\"why-it-matters-1\""));
        assert!(r.html.contains("id=\"mine\""), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough() {
        let r =
            md("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: foot\n");
        for needle in ["<table>", "type=\"checkbox\"", "<del>old</del>", "footnote"] {
            assert!(r.html.contains(needle), "{needle}: {}", r.html);
        }
    }

    #[test]
    fn inline_rendering_is_inline_and_safe() {
        assert_eq!(
            render_inline("What does `__init__` do?"),
            "What does <code>__init__</code> do?"
        );
        assert_eq!(
            render_inline("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(render_inline("[click](javascript:x) *now*"), "click <em>now</em>");
        assert_eq!(render_inline("# not a heading"), "not a heading");
        assert_eq!(inline_text("Is `a is b` *true*?"), "Is a is b true?");
    }
}
