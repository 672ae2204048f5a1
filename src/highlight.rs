//! All syntect use: syntax and theme sets loaded once, class-based highlighting, theme CSS.
//!
//! Highlighted HTML carries only classes (prefixed `hl-` so they never clash with the site's
//! own CSS); the colours live in `highlight.css`, generated from the two themes named in
//! `site.yaml`: light by default and in print, dark under `prefers-color-scheme: dark`.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix of every highlighted token.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

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

/// Highlights `code` as `lang` into class-annotated HTML (no `<pre>` wrapper).
/// Returns `None` when the language is unknown or the grammar fails on this input.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for highlighted code: `light` on screen and in print, `dark` on dark screens.
pub fn css(light: &str, dark: &str) -> Result<String, String> {
    let set = themes();
    let get = |name: &str| {
        set.themes.get(name).ok_or_else(|| format!("unknown highlight theme `{name}`"))
    };
    let light_css =
        css_for_theme_with_class_style(get(light)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    let dark_css =
        css_for_theme_with_class_style(get(dark)?, CLASS_STYLE).map_err(|e| e.to_string())?;
    let mut out =
        format!("/* Highlighting: {light} (light, print) and {dark} (dark). Generated. */\n");
    out.push_str(&light_css);
    out.push_str("\n@media screen and (prefers-color-scheme: dark) {\n");
    out.push_str(&dark_css);
    out.push_str("}\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_python_with_prefixed_classes() {
        let html = highlight("def f(x):\n    return x\n", "python").unwrap();
        assert!(html.contains("hl-keyword"), "{html}");
        assert!(html.contains("hl-"));
        assert!(!html.contains("style="));
    }

    #[test]
    fn escapes_markup_in_code() {
        let html = highlight("x = '<script>'\n", "py").unwrap();
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("x", "no-such-lang").is_none());
        assert!(!knows("no-such-lang"));
        assert!(knows("python"));
    }

    #[test]
    fn css_has_both_schemes() {
        let sheet = css("InspiredGitHub", "base16-ocean.dark").unwrap();
        assert!(sheet.contains(".hl-"));
        assert!(sheet.contains("prefers-color-scheme: dark"));
        assert!(css("nope", "base16-ocean.dark").is_err());
    }
}
