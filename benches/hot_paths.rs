//! Micro-benchmarks of the build's hot paths, through the public library API.
//!
//! ```text
//! cargo bench --bench hot_paths
//! ```
//!
//! - `frontmatter/split+parse`: one real question file split into YAML and body, and its YAML
//!   decoded into a `QuestionMeta`.
//! - `markdown/render plain` and `markdown/render highlighted`: that question's answer body
//!   rendered to HTML, with code only escaped, then highlighted with the default palette, no
//!   cache and no memo of parsed lines.
//! - `highlight/python 40 lines`: one 40-line Python block highlighted, reported in lines per
//!   second, with the memo of parsed lines emptied first, so the grammar parses every line;
//!   `highlight/python 40 lines, lines seen before` highlights it again with every line found
//!   in that memo; `highlight/python 40 lines, memory cache hit` serves the same block from a warm
//!   in-memory cache.
//! - `site/one question, render only, highlight cached`: every file of a one-question guide
//!   (question, category, level and tag pages, home, search index, sitemap, stylesheets)
//!   rendered from a guide loaded once.
//! - `site/one question, load + render, highlight cached`: the same guide read from disk,
//!   validated and rendered (`hireguide::build_in_memory`).
//!
//! Sample counts and times are kept small so the whole run takes about a minute.

// A benchmark is not library code: failing loudly on a broken fixture is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// `criterion_group!` declares a public function that takes no doc comment.
#![allow(missing_docs)]

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hireguide::content::QuestionMeta;
use hireguide::highlight::{Cache, CacheStats, Highlighter, Palette};
use hireguide::markdown::LinkResolver;

/// A real question from the bundled guide: a full rubric, links and a Python block.
const QUESTION: &str = "content/questions/code-quality/pythonic-idioms.md";
/// A second real question, small enough to stand alone as a one-question guide.
const SITE_QUESTION: &str = "content/questions/fundamentals/how-python-runs-code.md";

/// Forty lines of ordinary application Python: imports, a decorator, a dataclass, a loop,
/// a dict comprehension, try/except, f-strings.
const PYTHON_40: &str = r#"import functools
import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


def retried(times=3):
    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return fn(*args, **kwargs)
                except ConnectionError as exc:
                    log.warning("attempt %d of %d failed: %s", attempt, times, exc)
            raise RuntimeError(f"{fn.__name__} failed {times} times")
        return inner
    return wrap


@dataclass
class Invoice:
    number: str
    lines: list[tuple[str, int, float]] = field(default_factory=list)
    paid: bool = False

    def total(self) -> float:
        return sum(qty * price for _, qty, price in self.lines)


@retried(times=2)
def summarise(invoices: list[Invoice]) -> dict[str, float]:
    open_ones = [inv for inv in invoices if not inv.paid]
    totals = {inv.number: round(inv.total(), 2) for inv in open_ones}
    for number, amount in sorted(totals.items()):
        if amount > 1_000:
            log.info(f"large invoice {number}: {amount:,.2f}")
    # Zero totals are drafts nobody filled in.
    return {k: v for k, v in totals.items() if v}
"#;
const PYTHON_LINES: u64 = 40;

/// Maps every `.md` link to a question URL, as the site's own resolver does for a good link.
struct AnyQuestion;

impl LinkResolver for AnyQuestion {
    fn resolve(&self, _from: &Path, path: &str) -> Result<String, (String, String)> {
        let stem = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".md");
        Ok(format!("/questions/{stem}/"))
    }

    fn base_path(&self) -> &str {
        "/"
    }
}

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The default palette of a new guide and of the bundled one.
fn palette() -> Palette {
    Palette::new("InspiredGitHub", "base16-ocean.dark").expect("the default themes exist")
}

fn frontmatter(c: &mut Criterion) {
    let text = read(QUESTION);
    let mut group = c.benchmark_group("frontmatter");
    group.bench_function("split+parse", |b| {
        b.iter(|| {
            let text = black_box(text.as_str());
            let split = hireguide::frontmatter::split(text).unwrap().unwrap();
            let meta: QuestionMeta =
                hireguide::frontmatter::parse_yaml(&text[split.yaml.clone()]).unwrap();
            black_box((meta, split.body))
        });
    });
    group.finish();
}

fn markdown(c: &mut Criterion) {
    let text = read(QUESTION);
    let split = hireguide::frontmatter::split(&text).unwrap().unwrap();
    let body = &text[split.body];
    let from = Path::new(QUESTION).strip_prefix("content").unwrap();
    let palette = palette();
    let cache = Cache::Off;
    let stats = CacheStats::default();
    let highlighted = Highlighter::new(&palette, &cache, &stats);
    let plain = Highlighter::plain();

    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("render plain", |b| {
        b.iter(|| hireguide::markdown::render(black_box(body), from, &AnyQuestion, &plain));
    });
    group.bench_function("render highlighted", |b| {
        b.iter(|| {
            hireguide::highlight::forget_parsed_lines();
            hireguide::markdown::render(black_box(body), from, &AnyQuestion, &highlighted)
        });
    });
    group.finish();
}

fn highlight(c: &mut Criterion) {
    assert_eq!(PYTHON_40.lines().count() as u64, PYTHON_LINES);
    let palette = palette();
    let cache = Cache::memory();
    let stats = CacheStats::default();
    let cached = Highlighter::new(&palette, &cache, &stats);
    assert!(cached.block(PYTHON_40, "python").is_some(), "python is highlighted");

    let mut group = c.benchmark_group("highlight");
    group.throughput(Throughput::Elements(PYTHON_LINES));
    group.bench_function("python 40 lines", |b| {
        b.iter(|| {
            hireguide::highlight::forget_parsed_lines();
            hireguide::highlight::highlight(black_box(PYTHON_40), "python", &palette)
        });
    });
    group.bench_function("python 40 lines, lines seen before", |b| {
        b.iter(|| hireguide::highlight::highlight(black_box(PYTHON_40), "python", &palette));
    });
    group.bench_function("python 40 lines, memory cache hit", |b| {
        b.iter(|| cached.block(black_box(PYTHON_40), "python"));
    });
    group.finish();
}

/// Writes a guide of one question (the bundled site.yaml, one category, one question without
/// its `related` list, which would point outside this guide) into a new temporary folder.
fn one_question_guide() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let category = Path::new(SITE_QUESTION).parent().unwrap();
    fs::create_dir_all(root.join(category)).unwrap();
    fs::write(root.join("site.yaml"), read("site.yaml")).unwrap();
    let category_file = category.join("_category.yaml");
    fs::write(root.join(&category_file), read(category_file.to_str().unwrap())).unwrap();
    let question: String = read(SITE_QUESTION)
        .lines()
        .filter(|line| !line.starts_with("related:"))
        .flat_map(|line| [line, "\n"])
        .collect();
    fs::write(root.join(SITE_QUESTION), question).unwrap();
    dir
}

fn site(c: &mut Criterion) {
    let dir = one_question_guide();
    let root: PathBuf = dir.path().to_path_buf();
    let cache = Cache::memory();
    // Warm the cache, and make sure the fixture builds without errors.
    let site = hireguide::build_in_memory(&root, None, false, Some(&cache))
        .unwrap_or_else(|e| panic!("the one-question guide does not build: {e:?}"));
    assert_eq!(site.stats.questions, 1);

    let loaded = hireguide::content::load(&root, hireguide::content::LoadOptions { drafts: false });
    let guide = loaded.guide.expect("the guide loads");
    let theme = hireguide::assets::load(&root).expect("the built-in theme loads");
    let (kits, _) = hireguide::kit::resolve_all(&guide);

    let mut group = c.benchmark_group("site");
    group.bench_function("one question, render only, highlight cached", |b| {
        b.iter(|| {
            let sink = Mutex::new(hireguide::render::Output::default());
            let stats =
                hireguide::render::render_site(&guide, &theme, &kits, &sink, Some(&cache)).unwrap();
            black_box((stats, sink))
        });
    });
    group.bench_function("one question, load + render, highlight cached", |b| {
        b.iter(|| hireguide::build_in_memory(black_box(&root), None, false, Some(&cache)).unwrap());
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(40)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = frontmatter, markdown, highlight, site
}
criterion_main!(benches);
