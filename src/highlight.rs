//! All syntect use: syntax and theme sets loaded once, class-based highlighting, theme CSS.
//!
//! Highlighted HTML carries only classes (prefixed `hl-` so they never clash with the site's
//! own CSS); the colours live in `highlight.css`, generated from the two themes named in
//! `site.yaml`: light by default and in print, dark under `prefers-color-scheme: dark`.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
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

/// One theme's rules, plus the colours of the code blocks themselves (`pre.code`), so that the
/// token colours are always read on the background they were checked against.
fn theme_css(theme: &Theme) -> Result<String, String> {
    let theme = accessible(theme);
    let mut out = String::new();
    let hex = |c: Color| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    out.push_str("pre.code {");
    if let Some(fg) = theme.settings.foreground {
        out.push_str(&format!(" color: {};", hex(fg)));
    }
    if let Some(bg) = theme.settings.background {
        out.push_str(&format!(" background-color: {};", hex(bg)));
    }
    out.push_str(" }\n");
    out.push_str(&css_for_theme_with_class_style(&theme, CLASS_STYLE).map_err(|e| e.to_string())?);
    Ok(out)
}

/// The stylesheet for highlighted code: `light` on screen and in print, `dark` on dark screens.
/// Each theme sits in its own media block, so a rule of one never shows through the other, and
/// every colour is adjusted, where needed, to WCAG AA contrast (4.5:1) on its background.
pub fn css(light: &str, dark: &str) -> Result<String, String> {
    let set = themes();
    let get = |name: &str| {
        set.themes.get(name).ok_or_else(|| format!("unknown highlight theme `{name}`"))
    };
    let light_css = theme_css(get(light)?)?;
    let dark_css = theme_css(get(dark)?)?;
    let mut out =
        format!("/* Highlighting: {light} (light, print) and {dark} (dark). Generated. */\n");
    out.push_str("@media not screen and (prefers-color-scheme: dark) {\n");
    out.push_str(&light_css);
    out.push_str("}\n@media screen and (prefers-color-scheme: dark) {\n");
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
