//! Generates a deterministic synthetic bank of interview questions for the benchmarks.
//!
//! The same bank can be written in three forms, so that `benches/compare.sh` times hireguide,
//! Hugo and mdBook on identical content:
//!
//! ```text
//! cargo run --release --example gen_bank -- --n N --format FORMAT --out DIR [--seed S] [--no-search]
//!
//!   --n N          number of questions (at least 1)
//!   --format F     hireguide | hugo | mdbook | all  (all writes DIR/hireguide, DIR/hugo, DIR/mdbook)
//!   --out DIR      output folder: absent, empty, or made by an earlier run (then it is replaced)
//!   --seed S       random seed (default 20240601)
//!   --no-search    mdBook only: turn off its search index (on by default, as in mdBook)
//! ```
//!
//! - **hireguide**: `site.yaml`, `content/questions/<category>/_category.yaml` and one
//!   `content/questions/<category>/<slug>.md` per question.
//! - **hugo**: `hugo.toml` (taxonomies for category, level and tag; class-based highlighting),
//!   layouts for the home page, a section page per category, taxonomy and term pages and the
//!   question page, a stylesheet, the chroma stylesheet and one content file per question.
//! - **mdbook**: `book.toml`, `src/SUMMARY.md` with one chapter per category and one page per
//!   question.
//!
//! The bank has 12 categories and 3 levels. Every question has tags, a full rubric (listen for,
//! strong, red flags), follow-ups and a body of two short paragraphs, a list and one or two
//! ```` ```python ```` blocks of 15 to 40 lines (sometimes a ```` ```bash ```` block and a notes
//! section too). Code blocks come from fourteen templates whose identifiers and constants vary
//! per question.
//!
//! Question `i` is drawn from its own random stream, seeded by `(seed, i)`: the bank of 1,000 is
//! a prefix of the bank of 10,000, and every format holds the same text for question `i`. The
//! output folder gets a `.gen_bank` marker file; a non-empty folder without it is never touched.
//!
//! This is the Rust version of the team's reference generator, `gen_bank.py`: same vocabulary,
//! same code templates and the same file layout per format, except that the Hugo site is
//! configured in TOML and gets a chroma stylesheet for its highlighting classes (the Zola output
//! is left out). The random streams differ, so the text is not byte-identical to the Python
//! output.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

const DEFAULT_SEED: u64 = 20_240_601;
const SITE_TITLE: &str = "Python Interview Question Bank (synthetic)";
const BASE_URL: &str = "https://example.org/";
/// Marks a folder this generator made, so a later run may replace it.
const MARKER: &str = ".gen_bank";

const USAGE: &str = "\
usage: gen_bank --n N --format hireguide|hugo|mdbook|all --out DIR [--seed S] [--no-search]

Writes a deterministic synthetic bank of N interview questions.
  --n N          number of questions (at least 1)
  --format F     hireguide, hugo, mdbook, or all (writes DIR/hireguide, DIR/hugo, DIR/mdbook)
  --out DIR      output folder: absent, empty, or made by gen_bank (then it is replaced)
  --seed S       random seed (default 20240601)
  --no-search    mdbook only: turn off the search index";

// --------------------------------------------------------------------------------------------
// Vocabulary. Prose templates use `${name}` placeholders, filled per question.
// --------------------------------------------------------------------------------------------

/// A category: its folder name, title, description, the topics its questions are about and the
/// tags they mostly carry.
struct Category {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
    topics: [&'static str; 10],
    tags: [&'static str; 5],
}

const CATEGORIES: [Category; 12] = [
    Category {
        slug: "python-core",
        title: "Python Core",
        description: "Language fundamentals: data model, scoping, iteration and the standard library.",
        topics: [
            "generators",
            "closures",
            "the descriptor protocol",
            "name scoping",
            "mutable default arguments",
            "the iterator protocol",
            "context managers",
            "unpacking",
            "f-string formatting",
            "dunder methods",
        ],
        tags: ["generators", "iterators", "closures", "decorators", "context-managers"],
    },
    Category {
        slug: "data-structures",
        title: "Data Structures",
        description: "Choosing and using lists, dicts, sets, heaps, deques and friends.",
        topics: [
            "dict ordering",
            "set operations",
            "heapq",
            "collections.deque",
            "namedtuple",
            "bisect",
            "hash collisions",
            "list slicing",
            "defaultdict",
            "frozen dataclasses",
        ],
        tags: ["dicts", "sets", "heaps", "collections", "hashing"],
    },
    Category {
        slug: "algorithms",
        title: "Algorithms",
        description: "Complexity, searching, sorting, recursion and dynamic programming.",
        topics: [
            "binary search",
            "memoization",
            "two pointers",
            "sliding windows",
            "graph traversal",
            "topological sort",
            "recursion depth",
            "stable sorting",
            "greedy choices",
            "interval merging",
        ],
        tags: ["big-o", "recursion", "dynamic-programming", "graphs", "sorting"],
    },
    Category {
        slug: "oop-design",
        title: "Object-Oriented Design",
        description: "Classes, composition, protocols and design patterns.",
        topics: [
            "inheritance",
            "composition",
            "abstract base classes",
            "typing.Protocol",
            "properties",
            "__slots__",
            "the MRO",
            "dependency injection",
            "the strategy pattern",
            "class methods",
        ],
        tags: ["inheritance", "composition", "design-patterns", "protocols", "dataclasses"],
    },
    Category {
        slug: "concurrency",
        title: "Concurrency & Async",
        description: "Threads, processes, asyncio and the GIL.",
        topics: [
            "the GIL",
            "asyncio tasks",
            "thread pools",
            "multiprocessing",
            "locks",
            "async context managers",
            "cancellation",
            "backpressure",
            "queues between workers",
            "event loops",
        ],
        tags: ["asyncio", "threads", "multiprocessing", "gil", "locks"],
    },
    Category {
        slug: "testing",
        title: "Testing & Quality",
        description: "pytest, fixtures, mocking, property tests and CI.",
        topics: [
            "pytest fixtures",
            "parametrized tests",
            "mocking",
            "test isolation",
            "property-based testing",
            "coverage",
            "flaky tests",
            "contract tests",
            "snapshot tests",
            "test doubles",
        ],
        tags: ["pytest", "mocking", "fixtures", "tdd", "ci"],
    },
    Category {
        slug: "web-apis",
        title: "Web & APIs",
        description: "HTTP services, REST design, validation and authentication.",
        topics: [
            "REST resource design",
            "request validation",
            "pagination",
            "idempotency keys",
            "rate limiting",
            "JWT authentication",
            "CORS",
            "API versioning",
            "webhooks",
            "middleware",
        ],
        tags: ["http", "rest", "auth", "pagination", "rate-limiting"],
    },
    Category {
        slug: "databases",
        title: "Databases & ORMs",
        description: "SQL, indexes, transactions and ORM pitfalls.",
        topics: [
            "the N+1 query problem",
            "database indexes",
            "transactions",
            "isolation levels",
            "migrations",
            "connection pooling",
            "ORM sessions",
            "query plans",
            "optimistic locking",
            "bulk inserts",
        ],
        tags: ["sql", "indexes", "transactions", "orm", "migrations"],
    },
    Category {
        slug: "performance",
        title: "Performance & Profiling",
        description: "Measuring, profiling and speeding up Python code.",
        topics: [
            "cProfile",
            "memory profiling",
            "vectorization",
            "caching",
            "string building",
            "algorithmic complexity",
            "lazy evaluation",
            "C extensions",
            "object allocation",
            "I/O batching",
        ],
        tags: ["profiling", "memory", "caching", "numpy", "benchmarks"],
    },
    Category {
        slug: "tooling",
        title: "Packaging & Tooling",
        description: "Virtual environments, packaging, linting and CI pipelines.",
        topics: [
            "virtual environments",
            "pyproject.toml",
            "dependency pinning",
            "wheels",
            "entry points",
            "type checking",
            "linters",
            "pre-commit hooks",
            "editable installs",
            "lock files",
        ],
        tags: ["packaging", "venv", "linting", "typing", "pre-commit"],
    },
    Category {
        slug: "security",
        title: "Security",
        description: "Secure coding, secrets, injection and dependency risk.",
        topics: [
            "SQL injection",
            "secret management",
            "input sanitisation",
            "pickle safety",
            "password hashing",
            "dependency auditing",
            "path traversal",
            "CSRF",
            "timing attacks",
            "least privilege",
        ],
        tags: ["injection", "secrets", "crypto", "owasp", "dependencies"],
    },
    Category {
        slug: "system-design",
        title: "System Design",
        description: "Designing services, queues, caches and data flows.",
        topics: [
            "caching layers",
            "message queues",
            "sharding",
            "retries with backoff",
            "observability",
            "eventual consistency",
            "circuit breakers",
            "batch versus streaming",
            "schema evolution",
            "load shedding",
        ],
        tags: ["queues", "scalability", "observability", "idempotency", "microservices"],
    },
];

/// Levels with their relative weights.
const LEVELS: [(&str, u32); 3] = [("junior", 35), ("mid", 40), ("senior", 25)];

/// Tags any question may carry besides its category's.
const GENERAL_TAGS: [&str; 10] = [
    "debugging",
    "refactoring",
    "code-review",
    "logging",
    "exceptions",
    "regex",
    "serialization",
    "json",
    "strings",
    "typing-hints",
];

const CONTEXTS: [&str; 12] = [
    "payments service",
    "data pipeline",
    "CLI tool",
    "web backend",
    "nightly batch job",
    "feature store",
    "chat application",
    "monitoring agent",
    "inventory system",
    "reporting dashboard",
    "mobile API",
    "search indexer",
];

const ENTITIES: [&str; 20] = [
    "order", "invoice", "user", "session", "ticket", "payment", "shipment", "event", "report",
    "job", "task", "metric", "account", "booking", "message", "device", "sensor", "article",
    "comment", "product",
];

const TOOLS: [&str; 16] = [
    "pytest",
    "mypy",
    "ruff",
    "cProfile",
    "py-spy",
    "tracemalloc",
    "asyncio",
    "SQLAlchemy",
    "requests",
    "httpx",
    "pydantic",
    "FastAPI",
    "Django",
    "Celery",
    "Redis",
    "PostgreSQL",
];

/// Large quantities named in prose.
const BIG_WORDS: [&str; 5] = ["ten thousand", "a million", "fifty million", "500k", "two billion"];

/// Every title is a question or starts with an instruction verb, as hireguide's lint asks.
const TITLE_TEMPLATES: [&str; 12] = [
    "How does ${topic} work in Python?",
    "Explain ${topic} to a new teammate",
    "When would you avoid ${topic}?",
    "Debug a failure caused by ${topic}",
    "What are the trade-offs of ${topic} in a ${context}?",
    "Walk through ${topic} with an example",
    "Review the design of ${topic} for a ${context}",
    "What goes wrong with ${topic} under load?",
    "Refactor code that misuses ${topic}",
    "Compare ${topic} and ${topic2}",
    "Test code that relies on ${topic}",
    "${Topic} in a ${context}: what would you change?",
];

const SENTENCES: [&str; 20] = [
    "The candidate is shown a short snippet from a ${context} that leans on ${topic}.",
    "We want to hear how they reason about ${topic} before they reach for ${tool}.",
    "Start by asking what the code prints, then ask why.",
    "A good answer ties ${topic} back to a concrete ${entity} workflow.",
    "There is no single correct answer; the interviewer is looking for the reasoning.",
    "The team that owns the ${context} hit a production incident related to ${topic2} last quarter.",
    "Give the candidate about ${n} minutes to read the code before discussing it.",
    "If they get stuck, hint that the `${entity}` objects are shared between callers.",
    "Stronger candidates will mention ${topic2} without being prompted.",
    "Ask them to estimate how the approach behaves with ${big} ${entity} records.",
    "Encourage them to think aloud and to write down assumptions about the input.",
    "This question works well as a warm-up for a longer pairing exercise.",
    "The snippet below is deliberately imperfect: it has at least one subtle bug.",
    "Many candidates know the definition of ${topic} but struggle to apply it.",
    "Watch for whether they consider failure modes, not just the happy path.",
    "It is fine to let them look up the exact signature of `${func}()`.",
    "The ${context} processes roughly ${big} ${entity} updates per hour.",
    "Ask how they would explain the fix in a code review comment.",
    "Follow the candidate's lead if they want to discuss ${tool} instead.",
    "Note how quickly they notice the interaction between ${topic} and ${topic2}.",
];

const BULLETS: [&str; 12] = [
    "What the code returns for an empty input",
    "How `${func}()` behaves when the `${entity}` is missing",
    "Whether ${topic} changes the complexity of the loop",
    "Which part of the ${context} would break first",
    "How to make the behaviour obvious to the next reader",
    "What a minimal failing test would look like",
    "Where logging would help during an incident",
    "How ${tool} could confirm the hypothesis",
    "Whether the result is deterministic across runs",
    "How the design changes with ${big} concurrent users",
    "What to document for the on-call engineer",
    "Which invariant `${func}()` relies on",
];

const LISTEN_FOR: [&str; 10] = [
    "Names ${topic} explicitly and explains when it applies",
    "Mentions the time and memory cost of the chosen approach",
    "Asks about the size and shape of the `${entity}` data first",
    "Identifies the bug in `${func}()` and explains its cause",
    "Distinguishes ${topic} from ${topic2}",
    "Talks about error handling at the boundary of the ${context}",
    "Suggests a test that reproduces the problem",
    "Considers what happens when the input is empty or huge",
    "Explains the trade-off in terms a product manager would follow",
    "Mentions readability and naming, not only correctness",
];

const STRONG: [&str; 8] = [
    "Connects ${topic} to a concrete incident they handled",
    "Proposes measuring with ${tool} before optimising",
    "Sketches a migration path that keeps the ${context} running",
    "Writes a property-style test for `${func}()`",
    "Explains how the answer changes for ${big} ${entity} records",
    "Brings up observability: metrics, logs and alerts",
    "Refactors towards smaller, pure functions without prompting",
    "Discusses backwards compatibility for existing callers",
];

const RED_FLAGS: [&str; 8] = [
    "Claims ${topic} is always faster without measuring",
    "Ignores error handling entirely",
    "Rewrites everything instead of fixing the bug",
    "Cannot explain what `${func}()` returns",
    "Dismisses testing as somebody else's job",
    "Relies on global state to pass `${entity}` data around",
    "Confuses ${topic} with ${topic2} and does not notice",
    "Blames the language instead of reading the traceback",
];

const FOLLOW_UPS: [&str; 8] = [
    "How would your answer change if the ${entity} table had ${big} rows?",
    "What would you log to diagnose ${topic} issues in production?",
    "How would you test this without touching the real ${context}?",
    "Which part of this would you hand to a junior engineer, and how would you review it?",
    "How does ${topic2} interact with your solution?",
    "What would you do differently if latency mattered more than throughput?",
    "How would you explain `${func}()` in the docstring?",
    "Where would ${tool} help here, and where would it get in the way?",
];

/// Lead-ins for the first code block of a question, and for the second.
const FIRST_INTROS: [&str; 4] = [
    "Show the candidate this code:",
    "Here is the snippet to discuss:",
    "Ask what this prints and why:",
    "Starting point for the exercise:",
];
const SECOND_INTROS: [&str; 2] =
    ["A variation to compare against:", "Then show the second version:"];

const MINUTES: [u32; 5] = [5, 10, 15, 20, 30];

// Identifiers and constants for the code templates.

const FUNC_VERBS: [&str; 15] = [
    "load",
    "parse",
    "merge",
    "validate",
    "normalize",
    "summarize",
    "dispatch",
    "collect",
    "resolve",
    "schedule",
    "render",
    "index",
    "dedupe",
    "flush",
    "reconcile",
];

/// Dataclass fields: name, type and default value.
const FIELDS: [(&str, &str, &str); 10] = [
    ("status", "str", "\"pending\""),
    ("amount", "float", "0.0"),
    ("owner", "str", "\"\""),
    ("priority", "int", "0"),
    ("region", "str", "\"eu-west\""),
    ("score", "float", "0.0"),
    ("email", "str", "\"\""),
    ("quantity", "int", "1"),
    ("version", "int", "1"),
    ("active", "bool", "True"),
];

const EXC_NAMES: [&str; 5] =
    ["ValidationError", "NotFoundError", "ConflictError", "QuotaExceeded", "UpstreamTimeout"];

const CODE_BIG: [u64; 5] = [100, 250, 500, 1000, 5000];
const CODE_TIMEOUTS: [&str; 5] = ["0.5", "1.0", "2.5", "5.0", "10.0"];

// --------------------------------------------------------------------------------------------
// Random numbers
// --------------------------------------------------------------------------------------------

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a bijective mix of all 64 bits.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): small, fast and plenty for generating text.
struct Rng {
    state: u64,
}

impl Rng {
    /// The stream of question `index`: it depends only on `(seed, index)`.
    fn for_question(seed: u64, index: u64) -> Self {
        Rng { state: mix64(mix64(seed) ^ mix64(index.wrapping_add(GOLDEN_GAMMA))) }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }

    /// A number in `0..n` (multiply-shift; the bias is far below anything measurable here).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.below((high - low + 1) as usize) as u64
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct items in random order (a partial Fisher–Yates shuffle).
    fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut all = items.to_vec();
        let k = k.min(all.len());
        for j in 0..k {
            let other = j + self.below(all.len() - j);
            all.swap(j, other);
        }
        all.truncate(k);
        all
    }

    /// An item chosen with probability proportional to its weight.
    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|&(_, weight)| weight).sum();
        let mut ticket = self.below(total as usize) as u32;
        for &(item, weight) in items {
            if ticket < weight {
                return item;
            }
            ticket -= weight;
        }
        items[items.len() - 1].0
    }
}

// --------------------------------------------------------------------------------------------
// Templates
// --------------------------------------------------------------------------------------------

/// Values for the `${name}` placeholders of a template.
#[derive(Default)]
struct Vars(Vec<(&'static str, String)>);

impl Vars {
    fn set(&mut self, key: &'static str, value: impl ToString) {
        self.0.push((key, value.to_string()));
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// The template with every known `${name}` replaced; unknown ones are left as they are
    /// (and caught by [`Question::unfilled`]).
    fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let found = after.find('}').and_then(|end| Some((end, self.get(&after[..end])?)));
            match found {
                Some((end, value)) => {
                    out.push_str(value);
                    rest = &after[end + 1..];
                }
                None => {
                    out.push_str("${");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// `count` distinct templates from `pool`, filled.
    fn sample(&self, rng: &mut Rng, pool: &[&str], count: usize) -> Vec<String> {
        rng.sample(pool, count).into_iter().map(|t| self.fill(t)).collect()
    }
}

/// The first letter in upper case.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower case, with every run of other characters than `a-z0-9` turned into one `-`.
fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

// --------------------------------------------------------------------------------------------
// Code blocks: one function per template, each returning 15 to 40 lines of Python
// --------------------------------------------------------------------------------------------

/// A code block being written: the placeholder values of its template and its lines so far.
struct Code {
    vars: Vars,
    lines: Vec<String>,
}

impl Code {
    /// Draws the identifiers and constants a template uses:
    ///
    /// | placeholder | example |
    /// | --- | --- |
    /// | `e`, `E`, `es`, `E_UPPER` | `order`, `Order`, `orders`, `ORDER` |
    /// | `fn` | `merge_orders` |
    /// | `n`, `n+3`, `n*10` | a small number (2 to 9) and two derived from it |
    /// | `big`, `big/10`, `big/5`, `big*10` | a size (100 to 5000) and three derived from it |
    /// | `t` | a timeout in seconds, `0.5` to `10.0` |
    /// | `field`, `field_default` | a field name and a default value for it |
    fn new(rng: &mut Rng) -> Self {
        let e = rng.pick(&ENTITIES);
        let verb = rng.pick(&FUNC_VERBS);
        let n = rng.range(2, 9);
        let big = rng.pick(&CODE_BIG);
        let t = rng.pick(&CODE_TIMEOUTS);
        let (field, _, default) = rng.pick(&FIELDS);
        let mut vars = Vars::default();
        vars.set("e", e);
        vars.set("E", capitalize(e));
        vars.set("es", format!("{e}s"));
        vars.set("E_UPPER", e.to_uppercase());
        vars.set("fn", format!("{verb}_{e}s"));
        vars.set("n", n);
        vars.set("n+3", n + 3);
        vars.set("n*10", n * 10);
        vars.set("big", big);
        vars.set("big/10", big / 10);
        vars.set("big/5", big / 5);
        vars.set("big*10", big * 10);
        vars.set("t", t);
        vars.set("field", field);
        vars.set("field_default", default);
        Code { vars, lines: Vec::with_capacity(40) }
    }

    /// Appends a multi-line template. One leading and one trailing newline are dropped, so a
    /// template can start and end on lines of its own; a blank line before the closing quote
    /// adds a blank line to the code.
    fn push(&mut self, template: &str) {
        let text = template.strip_prefix('\n').unwrap_or(template);
        let text = text.strip_suffix('\n').unwrap_or(text);
        self.lines.extend(self.vars.fill(text).split('\n').map(str::to_owned));
    }

    fn done(self) -> Vec<String> {
        self.lines
    }
}

fn code_dataclass(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    let count = rng.range(2, 5) as usize;
    let fields = rng.sample(&FIELDS, count);
    code.push(
        r#"
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(order=True)
class ${E}:
    id: int"#,
    );
    for (name, ty, default) in fields {
        code.lines.push(format!("    {name}: {ty} = {default}"));
    }
    code.push(
        r#"
    tags: list[str] = field(default_factory=list)
    created_at: datetime = field(default_factory=datetime.now)

    def label(self) -> str:
        return f"${E}#{self.id} ({len(self.tags)} tags)"

"#,
    );
    if rng.chance(0.6) {
        code.push(
            r#"
    def is_recent(self, now: datetime) -> bool:
        return (now - self.created_at).total_seconds() < ${big}

"#,
        );
    }
    code.push(
        r#"

def ${fn}(items: list[${E}], limit: int = ${n}) -> list[str]:
    ranked = sorted(items, key=lambda x: (len(x.tags), x.id), reverse=True)
    return [item.label() for item in ranked[:limit]]


${es} = [${E}(i, tags=['t{}'.format(j) for j in range(i % ${n})]) for i in range(${big/10})]
print(${fn}(${es}))
"#,
    );
    code.done()
}

fn code_retry(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.vars.set("exc", rng.pick(&EXC_NAMES));
    code.push(
        r#"
import functools
import logging
import time

log = logging.getLogger(__name__)


class ${exc}(Exception):
    pass


def retry(times: int = ${n}, delay: float = ${t}, exceptions=(${exc},)):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    log.warning(f"{func.__name__} failed ({attempt}/{times}): {exc!r}")
                    if attempt == times:
                        raise
                    time.sleep(delay * 2 ** (attempt - 1))
        return wrapper
    return decorator


@retry(times=${n})
def ${fn}(${e}_id: int) -> dict:
"#,
    );
    if rng.chance(0.5) {
        code.push(
            r#"
    if ${e}_id % ${n} == 0:
        raise ${exc}(f"${e} {${e}_id} not ready")
"#,
        );
    }
    code.push(
        r#"
    return {"id": ${e}_id, "${field}": ${field_default}}
"#,
    );
    code.done()
}

fn code_async(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
import asyncio
import random


async def fetch_${e}(sem: asyncio.Semaphore, ${e}_id: int) -> dict:
    async with sem:
        await asyncio.sleep(random.random() / ${n})
        if ${e}_id % ${n+3} == 0:
            raise ConnectionError(f"${e} {${e}_id} unreachable")
        return {"id": ${e}_id, "ok": True}


async def ${fn}(ids: list[int], concurrency: int = ${n}) -> tuple[list[dict], list[str]]:
    sem = asyncio.Semaphore(concurrency)
    tasks = [asyncio.create_task(fetch_${e}(sem, i)) for i in ids]
    results, errors = [], []
    for coro in asyncio.as_completed(tasks):
        try:
            results.append(await asyncio.wait_for(coro, timeout=${t}))
        except (ConnectionError, asyncio.TimeoutError) as exc:
            errors.append(str(exc))
    return results, errors

"#,
    );
    if rng.chance(0.5) {
        code.push(
            r#"

async def main() -> None:
    ok, failed = await ${fn}(list(range(${big/10})))
    print(f"{len(ok)} ok, {len(failed)} failed")


asyncio.run(main())
"#,
        );
    } else {
        code.push(
            r#"

ok, failed = asyncio.run(${fn}(list(range(${big/10}))))
print(sorted(r["id"] for r in ok)[:5], failed[:3])
"#,
        );
    }
    code.done()
}

fn code_counter(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
from collections import Counter, defaultdict
from itertools import groupby
from operator import itemgetter


def ${fn}(rows: list[dict]) -> dict[str, dict]:
    by_${field} = defaultdict(list)
    for row in rows:
        by_${field}[row["${field}"]].append(row)
    summary = {}
    for key, group in sorted(by_${field}.items()):
        counts = Counter(r["kind"] for r in group)
        summary[key] = {
            "total": len(group),
            "top": counts.most_common(${n}),
            "ratio": round(len(group) / max(len(rows), 1), 3),
        }
    return summary


rows = [{"${field}": i % ${n}, "kind": "abc"[i % 3]} for i in range(${big})]
for key, stats in ${fn}(rows).items():
    print(f"{key:>4}: {stats['total']:5d} {stats['ratio']:.1%}")
"#,
    );
    if rng.chance(0.5) {
        code.push(
            r#"

pairs = sorted((r["kind"], i) for i, r in enumerate(rows[:20]))
grouped = {k: [i for _, i in g] for k, g in groupby(pairs, key=itemgetter(0))}
print(grouped)
"#,
        );
    }
    code.done()
}

fn code_exceptions(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    let names = rng.sample(&EXC_NAMES, 2);
    code.vars.set("a", names[0]);
    code.vars.set("b", names[1]);
    code.push(
        r#"
class ${E}Error(Exception):
    """Base class for ${e} errors."""


class ${a}(${E}Error):
    pass


class ${b}(${E}Error):
    def __init__(self, key: str, retry_after: float = ${t}):
        super().__init__(f"{key} unavailable, retry after {retry_after}s")
        self.retry_after = retry_after


def ${fn}(store: dict, key: str) -> dict:
    try:
        raw = store[key]
    except KeyError as exc:
        raise ${a}(key) from exc
    if raw is None:
        raise ${b}(key)
    try:
        return dict(raw)
    except (TypeError, ValueError):
        raise ${a}(f"{key} is malformed") from None
    finally:
        store.setdefault("_reads", 0)
        store["_reads"] += 1

"#,
    );
    if rng.chance(0.6) {
        code.push(
            r#"

store = {f"k{i}": [("v", i)] for i in range(${n})}
store["broken"] = None
for key in ("k1", "missing", "broken"):
    try:
        print(${fn}(store, key))
    except ${E}Error as err:
        print(f"{type(err).__name__}: {err}")
"#,
        );
    }
    code.done()
}

fn code_context_manager(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
import contextlib
import time
from typing import Iterator


@contextlib.contextmanager
def timed(label: str, sink: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        sink[label] = time.perf_counter() - start


class ${E}Batch:
    def __init__(self, size: int = ${big}):
        self.size = size
        self.items: list[int] = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.flush()
        return False

    def flush(self) -> None:
        print(f"flushing {len(self.items)} ${es}")
        self.items.clear()


timings: dict[str, float] = {}
with timed("${fn}", timings), ${E}Batch() as batch:
    batch.items.extend(x * x for x in range(${big}) if x % ${n})
print({k: f"{v * 1000:.2f} ms" for k, v in timings.items()})
"#,
    );
    code.done()
}

fn code_generators(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
import csv
import io
from typing import Iterable, Iterator


def read_rows(text: str) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(io.StringIO(text))


def only_valid(rows: Iterable[dict[str, str]]) -> Iterator[dict[str, str]]:
    for row in rows:
        if row.get("id", "").isdigit():
            yield row


def ${fn}(rows: Iterable[dict[str, str]], size: int = ${n}) -> Iterator[list[int]]:
    batch: list[int] = []
    for row in rows:
        batch.append(int(row["id"]))
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


data = "id,name\n" + "\n".join(f"{i},${e}{i}" for i in range(${big/10}))
for chunk in ${fn}(only_valid(read_rows(data))):
    print(sum(chunk), chunk[:3])
"#,
    );
    if rng.chance(0.4) {
        code.push(
            r#"

squares = (x * x for x in range(10))
print(next(squares), list(squares)[-1])
"#,
        );
    }
    code.done()
}

fn code_protocol(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
from abc import ABC, abstractmethod
from typing import Protocol


class ${E}Sink(Protocol):
    def write(self, payload: dict) -> None: ...


class Base${E}Handler(ABC):
    def __init__(self, sink: ${E}Sink):
        self._sink = sink
        self._seen = 0

    @property
    def seen(self) -> int:
        return self._seen

    @abstractmethod
    def transform(self, payload: dict) -> dict:
        raise NotImplementedError

    def handle(self, payload: dict) -> None:
        self._seen += 1
        self._sink.write(self.transform(payload))


class Upper${E}Handler(Base${E}Handler):
    def transform(self, payload: dict) -> dict:
        return {k: v.upper() if isinstance(v, str) else v for k, v in payload.items()}


class ListSink:
    def __init__(self):
        self.items = []
    def write(self, payload: dict) -> None:
        self.items.append(payload)
"#,
    );
    code.done()
}

fn code_sqlite(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
import sqlite3
from contextlib import closing


SCHEMA = "CREATE TABLE ${es} (id INTEGER PRIMARY KEY, ${field} TEXT, created REAL)"


def ${fn}(conn: sqlite3.Connection, ${field}: str, limit: int = ${n}) -> list[dict]:
    # parameters, never string formatting, to avoid injection
    sql = "SELECT id, ${field}, created FROM ${es} WHERE ${field} = ? ORDER BY created DESC LIMIT ?"
    with closing(conn.cursor()) as cur:
        cur.execute(sql, (${field}, limit))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]


conn = sqlite3.connect(":memory:")
conn.execute(SCHEMA)
with conn:
    conn.executemany("INSERT INTO ${es} (${field}, created) VALUES (?, ?)",
                     [(str(i % ${n}), i * 0.5) for i in range(${big})])
try:
    rows = ${fn}(conn, "1")
except sqlite3.Error as exc:
    print(f"query failed: {exc}")
else:
    print(len(rows), rows[0] if rows else None)
"#,
    );
    code.done()
}

fn code_state_machine(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
from enum import Enum, auto


class ${E}State(Enum):
    NEW = auto()
    ACTIVE = auto()
    PAUSED = auto()
    CLOSED = auto()


TRANSITIONS = {
    ${E}State.NEW: {${E}State.ACTIVE, ${E}State.CLOSED},
    ${E}State.ACTIVE: {${E}State.PAUSED, ${E}State.CLOSED},
    ${E}State.PAUSED: {${E}State.ACTIVE, ${E}State.CLOSED},
    ${E}State.CLOSED: set(),
}


def ${fn}(state: ${E}State, event: str) -> ${E}State:
    match event:
        case "start" | "resume":
            target = ${E}State.ACTIVE
        case "pause":
            target = ${E}State.PAUSED
        case "close":
            target = ${E}State.CLOSED
        case _:
            raise ValueError(f"unknown event {event!r}")
    if target not in TRANSITIONS[state]:
        raise ValueError(f"{state.name} -> {target.name} is not allowed")
    return target


state = ${E}State.NEW
for ev in ["start", "pause", "resume", "close"]:
    state = ${fn}(state, ev)
    print(f"{ev:>7} -> {state.name}")
"#,
    );
    code.done()
}

fn code_pytest(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
import pytest

from app.${es} import ${fn}, ${E}Repository


@pytest.fixture
def repo(tmp_path):
    r = ${E}Repository(tmp_path / "${es}.db")
    yield r
    r.close()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ({"id": 1}, 1),
        ({"id": "${n}"}, ${n}),
        ({"id": ${big}}, ${big}),
    ],
)
def test_${fn}_accepts_ids(repo, raw, expected):
    assert ${fn}(repo, raw).id == expected


def test_${fn}_rejects_missing_id(repo):
    with pytest.raises(KeyError, match="id"):
        ${fn}(repo, {})
"#,
    );
    if rng.chance(0.5) {
        code.push(
            r#"


def test_${fn}_is_idempotent(repo):
    first = ${fn}(repo, {"id": ${n}})
    second = ${fn}(repo, {"id": ${n}})
    assert first == second
"#,
        );
    }
    code.done()
}

fn code_lru(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
from functools import lru_cache
import sys

sys.setrecursionlimit(${big*10})


@lru_cache(maxsize=${big})
def ways(total: int, coins: tuple[int, ...]) -> int:
    if total == 0:
        return 1
    if total < 0 or not coins:
        return 0
    first, rest = coins[0], coins[1:]
    return ways(total - first, coins) + ways(total, rest)


def ${fn}(prices: dict[str, int], budget: int = ${big/5}) -> dict[str, int]:
    affordable = {name: p for name, p in prices.items() if p <= budget}
    return {name: ways(budget, (p,)) for name, p in sorted(affordable.items())}


prices = {f"${e}_{i}": i * ${n} for i in range(1, 12)}
print(${fn}(prices))
print(ways(${n*10}, (1, 2, 5, 10)), ways.cache_info())
"#,
    );
    code.done()
}

fn code_comprehensions(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
from pathlib import Path

EXTS = {".py", ".toml", ".md"}


def ${fn}(root: Path, min_size: int = ${big}) -> dict[str, int]:
    files = [p for p in root.rglob("*") if p.suffix in EXTS and p.is_file()]
    sizes = {p.name: p.stat().st_size for p in files if p.stat().st_size >= min_size}
    by_ext = {ext: sum(1 for p in files if p.suffix == ext) for ext in EXTS}
    print(f"{len(files)} files, largest: {max(sizes, key=sizes.get, default='-')}")
    return by_ext


"#,
    );
    if rng.chance(0.5) {
        code.push(
            r#"
matrix = [[i * j for j in range(${n})] for i in range(${n})]
flat = [x for row in matrix for x in row if x % 2 == 0]
"#,
        );
    }
    code.push(
        r#"
pairs = {(a, b) for a in range(3) for b in range(3) if a != b}
print(${fn}(Path(".")), sorted(pairs)[:3])
"#,
    );
    code.done()
}

fn code_slots(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(
        r#"
class ${E}Point:
    __slots__ = ("x", "y")

    def __init__(self, x: float, y: float) -> None:
        self.x, self.y = x, y

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(x={self.x!r}, y={self.y!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ${E}Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

"#,
    );
    if rng.chance(0.5) {
        code.push(
            r#"
    def __hash__(self) -> int:
        return hash((self.x, self.y))

"#,
        );
    }
    code.push(
        r#"

points = {${E}Point(i % ${n}, i // ${n}) for i in range(${big})}
print(len(points), next(iter(points)))
"#,
    );
    code.done()
}

/// The Python code templates, drawn uniformly.
const CODE_TEMPLATES: [fn(&mut Rng) -> Vec<String>; 14] = [
    code_dataclass,
    code_retry,
    code_async,
    code_counter,
    code_exceptions,
    code_context_manager,
    code_generators,
    code_protocol,
    code_sqlite,
    code_state_machine,
    code_pytest,
    code_lru,
    code_comprehensions,
    code_slots,
];

/// A Python block of 15 to 40 lines (every template stays in that range, so this draws once
/// unless a template is changed to fall outside it).
fn python_block(rng: &mut Rng) -> Result<Vec<String>> {
    for _ in 0..1000 {
        let lines = rng.pick(&CODE_TEMPLATES)(rng);
        if (15..=40).contains(&lines.len()) {
            return Ok(lines);
        }
    }
    Err("no code template gives a block of 15 to 40 lines".into())
}

/// Shell commands shown with some questions, filled like the Python templates.
const BASH_SNIPPETS: [&str; 5] = [
    r#"
python -m venv .venv
source .venv/bin/activate
pip install -r requirements.txt
pytest -q -k ${fn} --maxfail=1
"#,
    r#"
python -m cProfile -o ${e}.prof app.py --limit ${big}
python -c "import pstats; pstats.Stats('${e}.prof').sort_stats('cumtime').print_stats(${n})"
"#,
    r#"
export ${E_UPPER}_URL=postgresql://localhost/${es}
alembic upgrade head
psql "$${E_UPPER}_URL" -c 'EXPLAIN ANALYZE SELECT * FROM ${es} LIMIT ${n};'
"#,
    r#"
ruff check src/ tests/
mypy --strict src/
for f in tests/test_${e}*.py; do pytest -q "$f" || echo "failed: $f"; done
"#,
    r#"
curl -s -X POST http://localhost:8000/${es} -H 'Content-Type: application/json' \
  -d '{"id": ${n}, "${field}": "x"}' | python -m json.tool
"#,
];

fn bash_block(rng: &mut Rng) -> Vec<String> {
    let mut code = Code::new(rng);
    code.push(rng.pick(&BASH_SNIPPETS));
    code.done()
}

// --------------------------------------------------------------------------------------------
// One question
// --------------------------------------------------------------------------------------------

struct Question {
    title: String,
    slug: String,
    category: &'static Category,
    /// The category's position in [`CATEGORIES`].
    category_index: usize,
    level: &'static str,
    kind: &'static str,
    minutes: u32,
    tags: Vec<&'static str>,
    listen_for: Vec<String>,
    strong: Vec<String>,
    red_flags: Vec<String>,
    follow_ups: Vec<String>,
    /// The model answer, Markdown.
    body: String,
}

impl Question {
    /// Whether a `${name}` placeholder was left unfilled anywhere (a bug in a template).
    fn unfilled(&self) -> bool {
        let lists = [&self.listen_for, &self.strong, &self.red_flags, &self.follow_ups];
        self.title.contains("${")
            || self.body.contains("${")
            || lists.iter().any(|list| list.iter().any(|s| s.contains("${")))
    }
}

/// The whole bank: question `i` depends only on the seed and `i`.
struct Bank {
    seed: u64,
    /// Every tag, sorted: the category tags and the general ones.
    tag_pool: Vec<&'static str>,
    /// Titles given so far: a guide's titles are distinct, so a repeated one gets a variant
    /// number. Questions are made in order, so a smaller bank is still a prefix of a larger.
    titles: std::collections::HashSet<String>,
}

impl Bank {
    fn new(seed: u64) -> Self {
        let mut tag_pool: Vec<&'static str> =
            CATEGORIES.iter().flat_map(|c| c.tags).chain(GENERAL_TAGS).collect();
        tag_pool.sort_unstable();
        tag_pool.dedup();
        Bank { seed, tag_pool, titles: std::collections::HashSet::new() }
    }

    /// `title`, or the first of its numbered variants no earlier question has.
    fn distinct(&mut self, title: String) -> String {
        let mut candidate = title.clone();
        let mut variant = 1;
        while !self.titles.insert(candidate.clone()) {
            variant += 1;
            candidate = match title.strip_suffix('?') {
                Some(question) => format!("{question} (variant {variant})?"),
                None => format!("{title} (variant {variant})"),
            };
        }
        candidate
    }

    fn question(&mut self, index: usize) -> Result<Question> {
        let rng = &mut Rng::for_question(self.seed, index as u64);
        let category_index = index % CATEGORIES.len();
        let category = &CATEGORIES[category_index];
        let level = rng.weighted(&LEVELS);
        let topics = rng.sample(&category.topics, 2);
        let mut prose = Vars::default();
        prose.set("topic", topics[0]);
        prose.set("Topic", capitalize(topics[0]));
        prose.set("topic2", topics[1]);
        prose.set("context", rng.pick(&CONTEXTS));
        prose.set("entity", rng.pick(&ENTITIES));
        prose.set("tool", rng.pick(&TOOLS));
        prose.set("func", format!("{}_{}", rng.pick(&FUNC_VERBS), rng.pick(&ENTITIES)));
        prose.set("n", rng.range(3, 12));
        prose.set("big", rng.pick(&BIG_WORDS));

        let title = self.distinct(prose.fill(rng.pick(&TITLE_TEMPLATES)));
        let stem: String = slugify(&title).chars().take(56).collect();
        let slug = format!("{}-{index:05}", stem.trim_end_matches('-'));

        // One or two tags of the category, then others from the whole pool.
        let count = rng.range(2, 4) as usize;
        let from_category = count.min(rng.range(1, 2) as usize);
        let mut tags = rng.sample(&category.tags, from_category);
        while tags.len() < count {
            let tag = rng.pick(&self.tag_pool);
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }

        let listen_for = prose.sample(rng, &LISTEN_FOR, 3);
        let strong = prose.sample(rng, &STRONG, 2);
        let red_flags = prose.sample(rng, &RED_FLAGS, 2);
        let follow_ups = prose.sample(rng, &FOLLOW_UPS, 2);

        // Sentences are shuffled once and used up in order, so no paragraph repeats one.
        let mut sentences = prose.sample(rng, &SENTENCES, SENTENCES.len()).into_iter();
        let mut paragraph = |rng: &mut Rng| {
            let k = rng.range(2, 4) as usize;
            sentences.by_ref().take(k).collect::<Vec<_>>().join(" ")
        };

        let mut body: Vec<String> = vec!["## Prompt".into(), String::new()];
        body.push(paragraph(rng));
        body.push(String::new());
        body.push(paragraph(rng));
        body.extend(["".into(), "Things to probe:".into(), "".into()]);
        let bullets = rng.range(3, 5) as usize;
        body.extend(prose.sample(rng, &BULLETS, bullets).into_iter().map(|b| format!("- {b}")));
        body.push(String::new());
        let python_blocks = rng.pick(&[1, 1, 2]);
        for j in 0..python_blocks {
            let intro = if j == 0 { rng.pick(&FIRST_INTROS) } else { rng.pick(&SECOND_INTROS) };
            body.extend([intro.into(), "".into(), "```python".into()]);
            body.extend(python_block(rng)?);
            body.extend(["```".into(), "".into()]);
        }
        if rng.chance(0.25) {
            body.extend(["To reproduce locally:".into(), "".into(), "```bash".into()]);
            body.extend(bash_block(rng));
            body.extend(["```".into(), "".into()]);
        }
        if rng.chance(0.5) {
            body.extend(["## Notes for the interviewer".into(), "".into()]);
            body.push(paragraph(rng));
            body.push(String::new());
        }

        let question = Question {
            title,
            slug,
            category,
            category_index,
            level,
            kind: "technical",
            minutes: rng.pick(&MINUTES),
            tags,
            listen_for,
            strong,
            red_flags,
            follow_ups,
            body: body.join("\n"),
        };
        if question.unfilled() {
            return Err(format!("question {index} has an unfilled ${{...}} placeholder").into());
        }
        Ok(question)
    }
}

// --------------------------------------------------------------------------------------------
// A small YAML emitter: strings are JSON-quoted, which YAML reads as double-quoted scalars
// --------------------------------------------------------------------------------------------

enum Yaml<'a> {
    Str(&'a str),
    Int(u64),
    List(Vec<&'a str>),
    Map(Vec<(&'a str, Yaml<'a>)>),
}

fn strings(items: &[String]) -> Yaml<'_> {
    Yaml::List(items.iter().map(String::as_str).collect())
}

/// Appends `s` as a JSON string (ASCII only, like Python's `json.dumps`).
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

fn yaml(out: &mut String, entries: &[(&str, Yaml<'_>)], indent: usize) {
    let pad = " ".repeat(indent);
    for (key, value) in entries {
        match value {
            Yaml::Str(s) => {
                let _ = write!(out, "{pad}{key}: ");
                quote(out, s);
                out.push('\n');
            }
            Yaml::Int(n) => {
                let _ = writeln!(out, "{pad}{key}: {n}");
            }
            Yaml::List(items) if items.is_empty() => {
                let _ = writeln!(out, "{pad}{key}: []");
            }
            Yaml::List(items) => {
                let _ = writeln!(out, "{pad}{key}:");
                for item in items {
                    let _ = write!(out, "{pad}  - ");
                    quote(out, item);
                    out.push('\n');
                }
            }
            Yaml::Map(inner) => {
                let _ = writeln!(out, "{pad}{key}:");
                yaml(out, inner, indent + 2);
            }
        }
    }
}

fn yaml_file(entries: &[(&str, Yaml<'_>)]) -> String {
    let mut out = String::new();
    yaml(&mut out, entries, 0);
    out
}

/// A Markdown file with YAML front-matter.
fn front_matter(entries: &[(&str, Yaml<'_>)], body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 1024);
    out.push_str("---\n");
    yaml(&mut out, entries, 0);
    out.push_str("---\n\n");
    out.push_str(body);
    out.push('\n');
    out
}

fn rubric_yaml(q: &Question) -> Yaml<'_> {
    Yaml::Map(vec![
        ("listen_for", strings(&q.listen_for)),
        ("strong", strings(&q.strong)),
        ("red_flags", strings(&q.red_flags)),
    ])
}

// --------------------------------------------------------------------------------------------
// Files and the output folder
// --------------------------------------------------------------------------------------------

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()).into())
}

fn mkdir(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()).into())
}

/// Makes `dir` an empty folder carrying the marker. A folder that is absent or empty is fine; a
/// non-empty one is replaced only if an earlier run made it (it has the marker).
fn prepare_output(dir: &Path, marker: &str) -> Result<()> {
    match fs::read_dir(dir) {
        Err(e) if e.kind() == ErrorKind::NotFound => mkdir(dir)?,
        Err(e) => {
            return Err(format!("cannot use {} as the output folder: {e}", dir.display()).into());
        }
        Ok(mut entries) => {
            if entries.next().is_some() {
                if !dir.join(MARKER).is_file() {
                    return Err(format!(
                        "{} is not empty and was not made by gen_bank (it has no {MARKER} file); \
                         refusing to replace it",
                        dir.display()
                    )
                    .into());
                }
                fs::remove_dir_all(dir)
                    .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
                mkdir(dir)?;
            }
        }
    }
    write(&dir.join(MARKER), marker)
}

// --------------------------------------------------------------------------------------------
// Formats: one writer each. A writer lays out the fixed files when it is created, then writes
// each question as it is generated, so the bank is never held in memory.
// --------------------------------------------------------------------------------------------

trait Writer {
    fn question(&mut self, q: &Question) -> Result<()>;

    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

/// `site.yaml`, `content/questions/<category>/_category.yaml` and the question files.
struct HireguideWriter {
    questions: PathBuf,
}

impl HireguideWriter {
    fn create(root: &Path) -> Result<Self> {
        let site =
            yaml_file(&[("title", Yaml::Str(SITE_TITLE)), ("base_url", Yaml::Str(BASE_URL))]);
        write(&root.join("site.yaml"), &site)?;
        let questions = root.join("content").join("questions");
        for (order, category) in (1..).zip(&CATEGORIES) {
            let dir = questions.join(category.slug);
            mkdir(&dir)?;
            let text = yaml_file(&[
                ("title", Yaml::Str(category.title)),
                ("description", Yaml::Str(category.description)),
                ("order", Yaml::Int(order)),
            ]);
            write(&dir.join("_category.yaml"), &text)?;
        }
        Ok(HireguideWriter { questions })
    }
}

impl Writer for HireguideWriter {
    fn question(&mut self, q: &Question) -> Result<()> {
        let meta = [
            ("title", Yaml::Str(&q.title)),
            ("level", Yaml::Str(q.level)),
            ("kind", Yaml::Str(q.kind)),
            ("minutes", Yaml::Int(q.minutes.into())),
            ("tags", Yaml::List(q.tags.clone())),
            ("rubric", rubric_yaml(q)),
            ("follow_ups", strings(&q.follow_ups)),
        ];
        let path = self.questions.join(q.category.slug).join(format!("{}.md", q.slug));
        write(&path, &front_matter(&meta, &q.body))
    }
}

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/"
title = "Python Interview Question Bank (synthetic)"
languageCode = "en"
disableKinds = ["RSS"]

[taxonomies]
category = "categories"
level = "levels"
tag = "tags"

[markup.highlight]
noClasses = false
codeFences = true
guessSyntax = false
"#;

/// The layouts: home, question page, section page (a category), taxonomy and term pages.
const HUGO_LAYOUTS: [(&str, &str); 6] = [
    (
        "_default/baseof.html",
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | absURL }}">
<link rel="stylesheet" href="{{ "chroma.css" | absURL }}">
</head>
<body>
<nav><a href="{{ "/" | absURL }}">Home</a> · <a href="{{ "categories/" | absURL }}">Categories</a> · <a href="{{ "levels/" | absURL }}">Levels</a> · <a href="{{ "tags/" | absURL }}">Tags</a></nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#,
    ),
    (
        "index.html",
        r#"{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<ul class="categories">
{{ range .Site.Sections.ByWeight }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> ({{ len .Pages }}) — {{ .Params.description }}</li>
{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "_default/single.html",
        r#"{{ define "main" }}
<article class="question">
<h1>{{ .Title }}</h1>
<p class="meta">Level: {{ range .GetTerms "levels" }}<a href="{{ .Permalink }}">{{ .LinkTitle }}</a>{{ end }}
· Category: <a href="{{ .CurrentSection.Permalink }}">{{ .CurrentSection.Title }}</a>
· {{ .Params.minutes }} min · {{ .Params.kind }}</p>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .Permalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<div class="body">
{{ .Content }}
</div>
<section class="rubric">
<h2>Rubric</h2>
<h3>Listen for</h3>
<ul>{{ range .Params.rubric.listen_for }}<li>{{ . | markdownify }}</li>{{ end }}</ul>
<h3>Strong</h3>
<ul>{{ range .Params.rubric.strong }}<li>{{ . | markdownify }}</li>{{ end }}</ul>
<h3>Red flags</h3>
<ul>{{ range .Params.rubric.red_flags }}<li>{{ . | markdownify }}</li>{{ end }}</ul>
</section>
<section class="follow-ups">
<h2>Follow-ups</h2>
<ol>{{ range .Params.follow_ups }}<li>{{ . | markdownify }}</li>{{ end }}</ol>
</section>
</article>
{{ end }}
"#,
    ),
    (
        "_default/list.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ .Params.description }}</p>
<ul class="questions">
{{ range .Pages.ByTitle }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> <span class="level">{{ index .Params.levels 0 }}</span></li>
{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "_default/taxonomy.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "_default/term.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="questions">
{{ range .Pages.ByTitle }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> <span class="level">{{ index .Params.levels 0 }}</span></li>
{{ end }}</ul>
{{ end }}
"#,
    ),
];

const STYLE_CSS: &str = "body { font-family: sans-serif; max-width: 52rem; margin: auto; }
pre { padding: .6rem; overflow-x: auto; background: #f6f8fa; }
.meta { color: #555; }
ul.tags li { display: inline; margin-right: .5rem; }
";

/// Classes for Hugo's highlighter: `hugo gen chromastyles --style=github` (Hugo 0.111.3), with
/// the comments and empty rules left out.
const CHROMA_CSS: &str = "\
.bg { background-color: #ffffff; }
.chroma { background-color: #ffffff; }
.chroma .err { color: #a61717; background-color: #e3d2d2 }
.chroma .lnlinks { outline: none; text-decoration: none; color: inherit }
.chroma .lntd { vertical-align: top; padding: 0; margin: 0; border: 0; }
.chroma .lntable { border-spacing: 0; padding: 0; margin: 0; border: 0; }
.chroma .hl { background-color: #ffffcc }
.chroma .lnt { white-space: pre; -webkit-user-select: none; user-select: none; margin-right: 0.4em; padding: 0 0.4em 0 0.4em;color: #7f7f7f }
.chroma .ln { white-space: pre; -webkit-user-select: none; user-select: none; margin-right: 0.4em; padding: 0 0.4em 0 0.4em;color: #7f7f7f }
.chroma .line { display: flex; }
.chroma .k { color: #000000; font-weight: bold }
.chroma .kc { color: #000000; font-weight: bold }
.chroma .kd { color: #000000; font-weight: bold }
.chroma .kn { color: #000000; font-weight: bold }
.chroma .kp { color: #000000; font-weight: bold }
.chroma .kr { color: #000000; font-weight: bold }
.chroma .kt { color: #445588; font-weight: bold }
.chroma .na { color: #008080 }
.chroma .nb { color: #0086b3 }
.chroma .bp { color: #999999 }
.chroma .nc { color: #445588; font-weight: bold }
.chroma .no { color: #008080 }
.chroma .nd { color: #3c5d5d; font-weight: bold }
.chroma .ni { color: #800080 }
.chroma .ne { color: #990000; font-weight: bold }
.chroma .nf { color: #990000; font-weight: bold }
.chroma .nl { color: #990000; font-weight: bold }
.chroma .nn { color: #555555 }
.chroma .nt { color: #000080 }
.chroma .nv { color: #008080 }
.chroma .vc { color: #008080 }
.chroma .vg { color: #008080 }
.chroma .vi { color: #008080 }
.chroma .s { color: #dd1144 }
.chroma .sa { color: #dd1144 }
.chroma .sb { color: #dd1144 }
.chroma .sc { color: #dd1144 }
.chroma .dl { color: #dd1144 }
.chroma .sd { color: #dd1144 }
.chroma .s2 { color: #dd1144 }
.chroma .se { color: #dd1144 }
.chroma .sh { color: #dd1144 }
.chroma .si { color: #dd1144 }
.chroma .sx { color: #dd1144 }
.chroma .sr { color: #009926 }
.chroma .s1 { color: #dd1144 }
.chroma .ss { color: #990073 }
.chroma .m { color: #009999 }
.chroma .mb { color: #009999 }
.chroma .mf { color: #009999 }
.chroma .mh { color: #009999 }
.chroma .mi { color: #009999 }
.chroma .il { color: #009999 }
.chroma .mo { color: #009999 }
.chroma .o { color: #000000; font-weight: bold }
.chroma .ow { color: #000000; font-weight: bold }
.chroma .c { color: #999988; font-style: italic }
.chroma .ch { color: #999988; font-style: italic }
.chroma .cm { color: #999988; font-style: italic }
.chroma .c1 { color: #999988; font-style: italic }
.chroma .cs { color: #999999; font-weight: bold; font-style: italic }
.chroma .cp { color: #999999; font-weight: bold; font-style: italic }
.chroma .cpf { color: #999999; font-weight: bold; font-style: italic }
.chroma .gd { color: #000000; background-color: #ffdddd }
.chroma .ge { color: #000000; font-style: italic }
.chroma .gr { color: #aa0000 }
.chroma .gh { color: #999999 }
.chroma .gi { color: #000000; background-color: #ddffdd }
.chroma .go { color: #888888 }
.chroma .gp { color: #555555 }
.chroma .gs { font-weight: bold }
.chroma .gu { color: #aaaaaa }
.chroma .gt { color: #aa0000 }
.chroma .gl { text-decoration: underline }
.chroma .w { color: #bbbbbb }
";

/// A Hugo site: config, layouts, stylesheets, a section per category and the question pages.
struct HugoWriter {
    content: PathBuf,
}

impl HugoWriter {
    fn create(root: &Path) -> Result<Self> {
        write(&root.join("hugo.toml"), HUGO_CONFIG)?;
        for (rel, text) in HUGO_LAYOUTS {
            let path = root.join("layouts").join(rel);
            if let Some(parent) = path.parent() {
                mkdir(parent)?;
            }
            write(&path, text)?;
        }
        let stat = root.join("static");
        mkdir(&stat)?;
        write(&stat.join("style.css"), STYLE_CSS)?;
        write(&stat.join("chroma.css"), CHROMA_CSS)?;
        let content = root.join("content");
        mkdir(&content)?;
        write(&content.join("_index.md"), &front_matter(&[("title", Yaml::Str(SITE_TITLE))], ""))?;
        for (weight, category) in (1..).zip(&CATEGORIES) {
            let dir = content.join(category.slug);
            mkdir(&dir)?;
            let meta = [
                ("title", Yaml::Str(category.title)),
                ("description", Yaml::Str(category.description)),
                ("weight", Yaml::Int(weight)),
            ];
            write(&dir.join("_index.md"), &front_matter(&meta, ""))?;
        }
        Ok(HugoWriter { content })
    }
}

impl Writer for HugoWriter {
    fn question(&mut self, q: &Question) -> Result<()> {
        let meta = [
            ("title", Yaml::Str(&q.title)),
            ("categories", Yaml::List(vec![q.category.slug])),
            ("levels", Yaml::List(vec![q.level])),
            ("tags", Yaml::List(q.tags.clone())),
            ("kind", Yaml::Str(q.kind)),
            ("minutes", Yaml::Int(q.minutes.into())),
            ("rubric", rubric_yaml(q)),
            ("follow_ups", strings(&q.follow_ups)),
        ];
        let path = self.content.join(q.category.slug).join(format!("{}.md", q.slug));
        write(&path, &front_matter(&meta, &q.body))
    }
}

/// An mdBook: one chapter per category, one page per question. `SUMMARY.md` is written last.
struct MdbookWriter {
    src: PathBuf,
    /// Per category, in bank order: the questions' titles and slugs.
    chapters: Vec<Vec<(String, String)>>,
}

impl MdbookWriter {
    fn create(root: &Path, search: bool) -> Result<Self> {
        let book = format!(
            "[book]\ntitle = \"{SITE_TITLE}\"\nauthors = [\"gen_bank\"]\nlanguage = \"en\"\n\
             src = \"src\"\n\n[output.html]\n\n[output.html.search]\nenable = {search}\n"
        );
        write(&root.join("book.toml"), &book)?;
        let src = root.join("src");
        mkdir(&src)?;
        let intro = format!("# {SITE_TITLE}\n\nOne page per question, grouped by category.\n");
        write(&src.join("README.md"), &intro)?;
        for category in &CATEGORIES {
            let dir = src.join(category.slug);
            mkdir(&dir)?;
            let text = format!("# {}\n\n{}\n", category.title, category.description);
            write(&dir.join("README.md"), &text)?;
        }
        Ok(MdbookWriter { src, chapters: CATEGORIES.iter().map(|_| Vec::new()).collect() })
    }
}

fn rubric_markdown(q: &Question) -> String {
    let mut out = String::from("## Rubric\n\n### Listen for\n\n");
    for item in &q.listen_for {
        let _ = writeln!(out, "- {item}");
    }
    out.push_str("\n### Strong\n\n");
    for item in &q.strong {
        let _ = writeln!(out, "- {item}");
    }
    out.push_str("\n### Red flags\n\n");
    for item in &q.red_flags {
        let _ = writeln!(out, "- {item}");
    }
    out.push_str("\n## Follow-ups\n\n");
    for (n, item) in (1..).zip(&q.follow_ups) {
        let _ = writeln!(out, "{n}. {item}");
    }
    out
}

impl Writer for MdbookWriter {
    fn question(&mut self, q: &Question) -> Result<()> {
        let tags: Vec<String> = q.tags.iter().map(|t| format!("`{t}`")).collect();
        let text = format!(
            "# {}\n\n**Level:** {} · **Category:** {} · **Kind:** {} · **Minutes:** {}\n\n\
             **Tags:** {}\n\n{}\n{}",
            q.title,
            q.level,
            q.category.title,
            q.kind,
            q.minutes,
            tags.join(", "),
            q.body,
            rubric_markdown(q),
        );
        write(&self.src.join(q.category.slug).join(format!("{}.md", q.slug)), &text)?;
        self.chapters[q.category_index].push((q.title.clone(), q.slug.clone()));
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        let mut summary = String::from("# Summary\n\n[Introduction](README.md)\n\n");
        for (category, questions) in CATEGORIES.iter().zip(&self.chapters) {
            let slug = category.slug;
            let _ = writeln!(summary, "- [{}]({slug}/README.md)", category.title);
            for (title, page) in questions {
                let _ = writeln!(summary, "  - [{title}]({slug}/{page}.md)");
            }
        }
        write(&self.src.join("SUMMARY.md"), &summary)
    }
}

// --------------------------------------------------------------------------------------------
// Command line
// --------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Hireguide,
    Hugo,
    Mdbook,
    All,
}

impl Format {
    const ALL: [Format; 4] = [Format::Hireguide, Format::Hugo, Format::Mdbook, Format::All];

    fn name(self) -> &'static str {
        match self {
            Format::Hireguide => "hireguide",
            Format::Hugo => "hugo",
            Format::Mdbook => "mdbook",
            Format::All => "all",
        }
    }
}

struct Args {
    n: usize,
    format: Format,
    out: PathBuf,
    seed: u64,
    search: bool,
}

/// `None` when help was asked for.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>> {
    let (mut n, mut format, mut out) = (None, None, None);
    let (mut seed, mut search) = (DEFAULT_SEED, true);
    while let Some(arg) = args.next() {
        // Both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = || {
            inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--n" => {
                let v = value()?;
                let parsed: usize = v.parse().map_err(|_| format!("--n: not a number: {v}"))?;
                if parsed == 0 {
                    return Err("--n must be at least 1".into());
                }
                n = Some(parsed);
            }
            "--format" => {
                let v = value()?;
                let parsed = Format::ALL.into_iter().find(|f| f.name() == v);
                format = Some(parsed.ok_or_else(|| {
                    format!("--format: expected hireguide, hugo, mdbook or all, got {v}")
                })?);
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => {
                let v = value()?;
                seed = v.parse().map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--no-search" => search = false,
            other => return Err(format!("unknown argument: {other}").into()),
        }
    }
    match (n, format, out) {
        (Some(n), Some(format), Some(out)) => Ok(Some(Args { n, format, out, seed, search })),
        _ => Err("--n, --format and --out are required".into()),
    }
}

fn run(args: &Args) -> Result<()> {
    let marker = format!(
        "made by gen_bank (--n {} --format {} --seed {}); a later run may replace this folder\n",
        args.n,
        args.format.name(),
        args.seed
    );
    prepare_output(&args.out, &marker)?;
    let root_for = |name: &str| -> Result<PathBuf> {
        if args.format != Format::All {
            return Ok(args.out.clone());
        }
        let dir = args.out.join(name);
        mkdir(&dir)?;
        write(&dir.join(MARKER), &marker)?;
        Ok(dir)
    };
    let mut writers: Vec<Box<dyn Writer>> = Vec::new();
    if matches!(args.format, Format::Hireguide | Format::All) {
        writers.push(Box::new(HireguideWriter::create(&root_for("hireguide")?)?));
    }
    if matches!(args.format, Format::Hugo | Format::All) {
        writers.push(Box::new(HugoWriter::create(&root_for("hugo")?)?));
    }
    if matches!(args.format, Format::Mdbook | Format::All) {
        writers.push(Box::new(MdbookWriter::create(&root_for("mdbook")?, args.search)?));
    }

    let mut bank = Bank::new(args.seed);
    for index in 0..args.n {
        let question = bank.question(index)?;
        for writer in &mut writers {
            writer.question(&question)?;
        }
    }
    for writer in &mut writers {
        writer.finish()?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("gen_bank: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => {
            let (n, format, out) = (args.n, args.format.name(), args.out.display());
            eprintln!("wrote {n} questions ({format}) to {out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_bank: {e}");
            ExitCode::FAILURE
        }
    }
}
