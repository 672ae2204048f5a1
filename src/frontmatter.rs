//! Front-matter: splitting a file into its YAML block and its body, and decoding YAML.
//!
//! Everything works on byte spans of the original text, so a problem found inside the YAML
//! is reported at its line in the *file*, not in the block. Every YAML call in the crate goes
//! through [`parse_yaml`], so swapping the YAML crate is a one-function change. This module
//! never touches the filesystem.

use std::ops::Range;

use serde::de::DeserializeOwned;

/// A file split into front-matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML text (between the fences) in the input.
    pub yaml: Range<usize>,
    /// Byte range of the body (after the closing fence's line) in the input.
    pub body: Range<usize>,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// Byte offset the problem points at.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

/// A YAML problem, positioned in the text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Byte offset in the parsed text, when the parser knows it.
    pub offset: Option<usize>,
    /// The parser's message, without its own position suffix.
    pub message: String,
    /// A suggestion, for unknown keys and values.
    pub help: Option<String>,
}

/// Strips a UTF-8 byte-order mark, which some editors add.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', '\n', ' ', '\t']) == "---"
}

/// Splits `text` (BOM already stripped) into front-matter and body.
///
/// The first line must be `---`; the block ends at the next line that is `---` (or `...`).
/// Returns `Ok(None)` when the file has no front-matter at all.
pub fn split(text: &str) -> Result<Option<Split>, SplitError> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if !is_fence(&text[..first_end]) {
        return Ok(None);
    }
    let yaml_start = first_end;
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..end];
        let trimmed = line.trim_end_matches(['\r', '\n', ' ', '\t']);
        if trimmed == "---" || trimmed == "..." {
            return Ok(Some(Split { yaml: yaml_start..pos, body: end..text.len() }));
        }
        pos = end;
    }
    Err(SplitError {
        offset: 0,
        message: "the front-matter block is never closed".into(),
        help: "end the YAML block with a line containing only `---`, before the answer".into(),
    })
}

/// Decodes YAML into `T`. An empty or comment-only text decodes as an empty mapping.
pub fn parse_yaml<T: DeserializeOwned>(yaml: &str) -> Result<T, YamlError> {
    let blank = yaml.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    let result = if blank { serde_yaml::from_str("{}") } else { serde_yaml::from_str(yaml) };
    result.map_err(|e| {
        let offset = e.location().map(|l| l.index());
        let message = strip_positions(&e.to_string());
        let help = unknown_key_help(&message).or_else(|| type_help(&message));
        YamlError { offset, message: friendlier(message), help }
    })
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" and suggests the closest key.
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (word, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    if expected.is_empty() {
        return None;
    }
    Some(match crate::diagnostic::did_you_mean(word, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("the keys allowed here are: {}", expected.join(", ")),
    })
}

/// Removes the parser's own "at line N column M" positions: they count from the start of the
/// YAML block, not the file, and the diagnostic carries the file position already.
fn strip_positions(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let tail = after.trim_start_matches(|c: char| c.is_ascii_digit());
        rest = match tail.strip_prefix(" column ") {
            Some(col) => col.trim_start_matches(|c: char| c.is_ascii_digit()),
            None => tail,
        };
    }
    out.push_str(rest);
    out
}

/// A hint for a value of the wrong shape.
fn type_help(message: &str) -> Option<String> {
    let help = if message.contains("expected a sequence") {
        "write a list: `[a, b]` on one line, or one `- item` per line below the key"
    } else if message.contains("expected struct") || message.contains("expected a map") {
        "write `key: value` lines indented below this key"
    } else if message.contains("expected a string") {
        "write a single text value; put it in quotes if it contains `: ` or starts with a symbol"
    } else if message.contains("missing field") {
        "add the missing key to the front-matter"
    } else if message.contains("cannot start any token")
        || message.contains("mapping values are not allowed")
        || message.contains("did not find expected")
    {
        "put the value in double quotes: a value that starts with a backtick, `*`, `&`, `!`, `%`, `@` or `[`, or that contains `: `, must be quoted"
    } else if ["expected u32", "expected i64", "expected usize"].iter().any(|t| message.contains(t))
    {
        "write a whole number"
    } else {
        return None;
    };
    Some(help.into())
}

/// Rewords the parser's terms where they would puzzle a content author.
fn friendlier(message: String) -> String {
    let message =
        message.replace("unknown field", "unknown key").replace("missing field", "missing key");
    let mut message = message
        .replace(", expected one of", "; expected one of")
        .replace("invalid type: ", "wrong type: ");
    // "expected struct Rubric" names a Rust type; authors know it as a block of keys.
    if let Some(i) = message.find("expected struct ") {
        let end = message[i + 16..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(message.len(), |e| i + 16 + e);
        message.replace_range(i..end, "expected a block of `key: value` lines");
    }
    for number in ["expected u32", "expected usize", "expected i64"] {
        message = message.replace(number, "expected a whole number");
    }
    message
}

/// The byte offset of a top-level key (`key:` at the start of a line) in a YAML text.
pub fn find_key(yaml: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in yaml.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start_matches([' ', '\t']).starts_with(':') {
                return Some(pos);
            }
        }
        pos += line.len();
    }
    None
}

/// The byte offset of `value` in `yaml`, searching from top-level `key` on.
///
/// Used to point at one item of a list (`related: [a, b]`) rather than at the key.
pub fn find_value(yaml: &str, key: &str, value: &str) -> Option<usize> {
    let start = find_key(yaml, key)?;
    let is_edge = |c: Option<char>| {
        c.is_none_or(|c| {
            matches!(c, '[' | ']' | ',' | ' ' | '\t' | '\n' | '\r' | '"' | '\'' | '-' | ':')
        })
    };
    let region = &yaml[start..];
    let mut from = 0;
    while !value.is_empty() {
        let Some(i) = region[from..].find(value).map(|i| from + i) else { break };
        let before = region[..i].chars().next_back();
        let after = region[i + value.len()..].chars().next();
        if is_edge(before) && is_edge(after) {
            return Some(start + i);
        }
        from = i + value.len();
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (String, String) {
        let s = split(text).unwrap().unwrap();
        (text[s.yaml].to_string(), text[s.body].to_string())
    }

    #[test]
    fn can_split_basic_file() {
        assert_eq!(parts("---\na: 1\n---\nbody\n"), ("a: 1\n".into(), "body\n".into()));
    }

    // CRLF line endings and a trailing space after the fence are accepted.
    #[test]
    fn can_split_crlf() {
        assert_eq!(parts("--- \r\na: 1\r\n---\r\nbody"), ("a: 1\r\n".into(), "body".into()));
    }

    // A `---` inside the body (a thematic break) belongs to the body.
    #[test]
    fn fences_in_body_stay_in_body() {
        assert_eq!(parts("---\na: 1\n---\nx\n---\ny\n"), ("a: 1\n".into(), "x\n---\ny\n".into()));
    }

    #[test]
    fn can_split_empty_block_and_no_body() {
        assert_eq!(parts("---\n---"), (String::new(), String::new()));
    }

    #[test]
    fn no_front_matter_is_none() {
        assert_eq!(split("# Title\n").unwrap(), None);
        assert_eq!(split("").unwrap(), None);
        assert_eq!(split("----\n").unwrap(), None);
    }

    #[test]
    fn errors_on_unterminated_block() {
        let e = split("---\ntitle: x\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn bom_is_stripped() {
        assert_eq!(strip_bom("\u{feff}---"), "---");
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        level: Option<String>,
    }

    #[test]
    fn unknown_keys_get_a_hint_and_an_offset() {
        let yaml = "title: x\nlevle: junior\n";
        let e = parse_yaml::<T>(yaml).unwrap_err();
        assert!(e.message.starts_with("unknown key `levle`"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("did you mean `level`?"));
        assert_eq!(e.offset, Some(9));
    }

    #[test]
    fn empty_yaml_reports_the_missing_key() {
        let e = parse_yaml::<T>("# nothing\n").unwrap_err();
        assert!(e.message.contains("missing key `title`"), "{}", e.message);
    }

    #[test]
    fn positions_are_stripped_from_messages() {
        let m = strip_positions(
            "found unexpected end of stream at line 7 column 1, while scanning at line 3 column 8",
        );
        assert_eq!(m, "found unexpected end of stream, while scanning");
    }

    #[test]
    fn rust_type_names_never_reach_authors() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Outer {
            rubric: Inner,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Inner {
            a: String,
        }
        let e = parse_yaml::<Outer>("rubric: [a]\n").unwrap_err();
        assert!(!e.message.contains("struct"), "{}", e.message);
        assert!(e.help.is_some());
    }

    #[test]
    fn find_key_and_value() {
        let yaml = "title: x\nrelated: [a, bb]\n";
        assert_eq!(find_key(yaml, "related"), Some(9));
        assert_eq!(find_value(yaml, "related", "bb"), Some(22));
        // A value that is a prefix of an earlier item is found as a whole item.
        assert_eq!(find_value("related: [copying, copyin]\n", "related", "copyin"), Some(19));
        assert_eq!(find_key(yaml, "titl"), None);
    }
}
