//! Renders arbitrary text as a question body. Nothing may panic, and no script may come out.
#![no_main]

use std::path::Path;

use hireguide::markdown::{LinkResolver, code_blocks, inline_text, render, render_inline};
use libfuzzer_sys::fuzz_target;

#[path = "../html_scan.rs"]
mod html_scan;

use html_scan::live_markup;

/// Resolves every `.md` link except those naming `missing`, like a small guide would.
struct Resolver;

impl LinkResolver for Resolver {
    fn resolve(&self, _from: &Path, path: &str) -> Result<String, (String, String)> {
        if path.contains("missing") {
            Err(("no such file".into(), "fix the link".into()))
        } else {
            Ok(format!("/questions/{}/", path.trim_end_matches(".md")))
        }
    }

    fn base_path(&self) -> &str {
        "/base/"
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let rendered = render(body, Path::new("content/questions/a/q.md"), &Resolver);
    for p in &rendered.problems {
        assert!(p.offset <= body.len());
    }
    let live = live_markup(&rendered.html, &[], &[]);
    assert!(live.is_empty(), "live markup {live:?} from {body:?}: {}", rendered.html);
    let _ = code_blocks(body);
    let inline = render_inline(body);
    let live = live_markup(&inline, &[], &[]);
    assert!(live.is_empty(), "live inline markup {live:?} from {body:?}: {inline}");
    let _ = inline_text(body);
});
