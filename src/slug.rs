//! Ids and slugs: the only strings that become path segments of the output.
//!
//! A valid id can never form a path outside the output folder: it is non-empty ASCII
//! lowercase letters, digits, `-` and `_`, and starts with a letter or digit.

/// The rule for ids, as told to authors.
pub const ID_RULE: &str = "ids become URLs: use lowercase letters a-z, digits, '-' and '_', starting with a letter or digit";

/// Whether `id` is safe and stable as a URL path segment.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_'))
}

/// Turns any text (a tag, a heading) into a valid id: lowercase, runs of other characters
/// folded into one `-`. Text with no letter or digit at all gives `"x"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c == '_' && !out.is_empty() && !dash {
            out.push('_');
        } else {
            dash = true;
        }
    }
    let trimmed = out.trim_end_matches('_');
    if trimmed.is_empty() { "x".into() } else { trimmed.into() }
}

/// Folds the common Latin accented letters to ASCII so `café` becomes `cafe`.
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        for id in ["a", "lists-vs-tuples", "q_1", "3d"] {
            assert!(is_valid_id(id), "{id}");
        }
        for id in ["", "-a", "_a", "A", "a b", "..", "a/b", "a\\b", "é", "a.b"] {
            assert!(!is_valid_id(id), "{id}");
        }
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("Unit Tests"), "unit-tests");
        assert_eq!(slugify("  C++ / Rust!! "), "c-rust");
        assert_eq!(slugify("Café au lait"), "cafe-au-lait");
        assert_eq!(slugify("__init__"), "init");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("日本"), "x");
    }

    // Every slug is a valid id, whatever the input.
    #[test]
    fn slugs_are_valid_ids() {
        for text in ["", "-", "a_", "_x_y_", "Ab-Cd", "x..y", "a\u{0}b", "ÄÖÜ"] {
            let s = slugify(text);
            assert!(is_valid_id(&s), "{text:?} -> {s:?}");
        }
    }
}
