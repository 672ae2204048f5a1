//! Renders arbitrary text as a question body. Nothing may panic, and no script may come out.
#![no_main]

use std::path::Path;

use hireguide::highlight::{Cache, CacheStats, Highlighter, Palette};
use hireguide::markdown::{code_blocks, inline_text, render, render_inline};
use libfuzzer_sys::fuzz_target;

#[path = "../html_scan.rs"]
mod html_scan;
#[path = "../resolver.rs"]
mod resolver;

use html_scan::live_markup;
use resolver::Resolver;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let Ok(palette) = Palette::new("InspiredGitHub", "base16-ocean.dark") else { return };
    let (cache, stats) = (Cache::Off, CacheStats::default());
    let code = Highlighter::new(&palette, &cache, &stats);
    let rendered = render(body, Path::new("content/questions/a/q.md"), &Resolver, &code);
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
