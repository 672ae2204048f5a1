//! An HTML scanner for the hardening checks: the start tags of a page as a browser would
//! tokenize them, and the live markup among them (scripts, `on…=` handlers, script URLs,
//! elements that run or frame documents). Shared by `tests/hardening.rs` and the Markdown fuzz
//! target, so both judge output the same way. Escaped text (`&lt;a href="javascript:…"&gt;`)
//! is text, not markup, which a plain substring search cannot tell.

/// One start tag.
#[derive(Debug)]
pub(crate) struct StartTag {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    /// For `script` and `style`: the raw text up to the end tag.
    pub(crate) raw_text: Option<String>,
}

/// Every start tag of `html`. Text (where `<` is escaped as `&lt;`) and comments are skipped,
/// quoted attribute values are read whole, and `script`/`style` contents are raw text.
pub(crate) fn start_tags(html: &str) -> Vec<StartTag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j = (j + 1).min(b.len());
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && matches!(b[j], b'"' | b'\'') {
                    let quote = b[j] as char;
                    let from = j + 1;
                    let end = html[from..].find(quote).map_or(b.len(), |e| from + e);
                    value = html[from..end].to_string();
                    j = (end + 1).min(b.len());
                } else {
                    let from = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[from..j].to_string();
                }
            }
            if !attr.is_empty() {
                attrs.push((attr, value));
            }
        }
        let raw_text = if name == "script" || name == "style" {
            let close = format!("</{name}");
            let end = html[j..].to_ascii_lowercase().find(&close).map_or(b.len(), |e| j + e);
            let text = html[j..end].to_string();
            j = end;
            Some(text)
        } else {
            None
        };
        out.push(StartTag { name, attrs, raw_text });
        i = j;
    }
    out
}

/// Decodes the character references a browser decodes in an attribute value before it looks
/// at a URL's scheme (numeric ones, and the named ones that spell a scheme).
pub(crate) fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
        {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse().ok().and_then(char::from_u32)
        } else {
            match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a URL attribute value would run script (or embed a document) when followed.
pub(crate) fn is_script_url(value: &str) -> bool {
    let cleaned: String = decode_entities(value)
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| cleaned.starts_with(s))
}

const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "srcset",
    "xlink:href",
    "background",
    "data",
];
const FORBIDDEN_ELEMENTS: &[&str] =
    &["iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "style"];

/// Every live-markup problem in a page: scripts other than `allowed_scripts` (the site's own,
/// by `src` suffix or exact inline text), `on…=` handlers, script URLs, dangerous elements.
pub(crate) fn live_markup(
    html: &str,
    allowed_src: &[&str],
    allowed_inline: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    for tag in start_tags(html) {
        for (attr, value) in &tag.attrs {
            if attr.starts_with("on") {
                problems.push(format!("event handler `{attr}={value}` on <{}>", tag.name));
            }
            if URL_ATTRS.contains(&attr.as_str()) && is_script_url(value) {
                problems.push(format!("script URL `{attr}={value}` on <{}>", tag.name));
            }
        }
        let attr = |name: &str| tag.attrs.iter().find(|(a, _)| a == name).map(|(_, v)| v.as_str());
        match tag.name.as_str() {
            "script" => {
                let ok = match attr("src") {
                    Some(src) => {
                        allowed_src.iter().any(|s| src.ends_with(s))
                            && tag.raw_text.as_deref() == Some("")
                    }
                    None => {
                        tag.attrs.is_empty()
                            && allowed_inline.contains(&tag.raw_text.as_deref().unwrap_or(""))
                    }
                };
                if !ok {
                    problems.push(format!("script {:?} {:?}", tag.attrs, tag.raw_text));
                }
            }
            "meta" if attr("http-equiv").is_some() => {
                problems.push(format!("meta http-equiv {:?}", tag.attrs));
            }
            name if FORBIDDEN_ELEMENTS.contains(&name) => {
                problems.push(format!("<{name}> element {:?}", tag.attrs));
            }
            _ => {}
        }
    }
    problems
}
