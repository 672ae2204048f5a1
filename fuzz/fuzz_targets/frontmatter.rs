//! Splits arbitrary text into front-matter and body and decodes the YAML as every front-matter
//! type of the guide. Nothing may panic, and the spans must lie inside the input.
#![no_main]

use hireguide::content::{CategoryMeta, KitMeta, PageMeta, QuestionMeta};
use hireguide::frontmatter::{parse_yaml, split, strip_bom};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = strip_bom(text);
    // Whole-text decoding too: `site.yaml` and `_category.yaml` are YAML without fences.
    let _ = parse_yaml::<CategoryMeta>(text);
    let _ = parse_yaml::<serde_yaml::Value>(text);
    if let Ok(Some(s)) = split(text) {
        assert!(s.yaml.start <= s.yaml.end && s.yaml.end <= s.body.start);
        assert_eq!(s.body.end, text.len());
        let yaml = &text[s.yaml.clone()];
        let _ = &text[s.body.clone()];
        let _ = parse_yaml::<QuestionMeta>(yaml);
        let _ = parse_yaml::<KitMeta>(yaml);
        let _ = parse_yaml::<PageMeta>(yaml);
        if let Err(e) = parse_yaml::<QuestionMeta>(yaml) {
            // The offset, when there is one, must point into the block (it becomes a line).
            if let Some(offset) = e.offset {
                assert!(offset <= yaml.len(), "offset {offset} past {}", yaml.len());
            }
        }
    }
});
