//! End-to-end builds of fixture guides: the produced files and their HTML.

mod common;

use common::{GuideTest, main_of, tree};

fn built() -> GuideTest {
    let t = GuideTest::fixture("basic");
    t.build(&[]);
    t
}

// Every file of the output layout is there, with pretty URLs.
#[test]
fn can_build_the_full_layout() {
    let t = built();
    for path in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "search-index.json",
        ".nojekyll",
        ".hireguide-output",
        "questions/index.html",
        "questions/basics/index.html",
        "questions/basics/is-vs-equals/index.html",
        "questions/basics/copying/index.html",
        "questions/testing-things/mocks/index.html",
        "levels/junior/index.html",
        "levels/mid/index.html",
        "levels/senior/index.html",
        "tags/index.html",
        "tags/identity/index.html",
        "about/index.html",
        "static/style.css",
        "static/highlight.css",
    ] {
        assert!(t.exists(&format!("public/{path}")), "missing {path}");
    }
    assert!(!t.exists("public/questions/basics/draft-question"), "drafts are not built by default");
    let run = t.build(&[]);
    assert!(
        run.stdout.starts_with("built 3 questions in 2 categories, 1 kit, 19 pages -> public/ in "),
        "{}",
        run.stdout
    );
}

// With a subpath base_url, every internal link and asset carries the subpath.
#[test]
fn every_internal_url_carries_the_base_path() {
    let t = built();
    for (path, bytes) in tree(&t.root.join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"", "src=\""] {
            for rest in html.split(attr).skip(1) {
                let url = &rest[..rest.find('"').unwrap()];
                let ok = url.starts_with("/sub/path/")
                    || url.starts_with("https://")
                    || url.starts_with('#');
                assert!(ok, "{path}: internal URL without the base path: {url}");
            }
        }
    }
    let sitemap = t.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/sub/path/questions/basics/copying/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/sub/path/</loc>"));
    assert!(!sitemap.contains("404"));
    assert!(
        t.read("public/robots.txt").contains("Sitemap: https://example.org/sub/path/sitemap.xml")
    );
}

// `--base-url` overrides site.yaml, for previews served from another address.
#[test]
fn base_url_flag_overrides_config() {
    let t = GuideTest::fixture("basic");
    t.build(&["--base-url", "http://127.0.0.1:8000/public"]);
    let html = t.read("public/questions/basics/copying/index.html");
    assert!(html.contains("href=\"/public/static/style.css\""), "{html}");
    assert!(t.read("public/sitemap.xml").contains("http://127.0.0.1:8000/public/questions/"));
}

// Raw HTML in bodies and titles, and HTML in site strings, never reach a page as markup.
#[test]
fn raw_html_is_escaped_everywhere() {
    let t = built();
    let page = t.read("public/questions/basics/is-vs-equals/index.html");
    // The only script is the site's own search, loaded from a file.
    assert_eq!(page.matches("<script").count(), 1, "{page}");
    assert!(page.contains("<script src=\"/sub/path/static/search.js\" defer></script>"), "{page}");
    assert!(
        page.contains("<pre class=\"raw-html\">&lt;script&gt;alert(\"raw html\")&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("Fixture &lt;Guide&gt;"));
    let mocks = t.read("public/questions/testing-things/mocks/index.html");
    assert!(mocks.contains("When should you &lt;em&gt;not&lt;/em&gt; mock?"), "{mocks}");
    assert!(!mocks.contains("<em>not</em>"));
}

// Inline Markdown in titles and rubric bullets: `is` shows as code.
#[test]
fn titles_and_rubrics_render_inline_markdown() {
    let t = built();
    let page = t.read("public/questions/basics/is-vs-equals/index.html");
    assert!(
        page.contains(
            "<h1>What is the difference between <code>is</code> and <code>==</code>?</h1>"
        ),
        "{page}"
    );
    assert!(page.contains(
        "<title>What is the difference between is and ==? · Fixture &lt;Guide&gt;</title>"
    ));
    assert!(page.contains("<li><code>is</code> compares identity</li>"));
    assert!(page.contains("What does <code>id()</code> return?"));
}

// Python is highlighted at build time with classes; the stylesheet has both schemes.
#[test]
fn code_is_highlighted_with_classes() {
    let t = built();
    let page = t.read("public/questions/basics/is-vs-equals/index.html");
    assert!(page.contains("<pre class=\"code\" data-lang=\"python\"><code class=\"language-python\">a <span class=\"hl-"), "{page}");
    // Tokens carry the colour classes of both themes; plain text carries none.
    assert!(page.contains("<span class=\"hl-007ea8 hd-d08770\">1</span>"), "{page}");
    assert!(page.contains("plain &lt;text&gt;"));
    let css = t.read("public/static/highlight.css");
    // One rule per colour each theme can give a token, light and dark.
    assert!(css.contains(".hl-") && css.contains(".hd-") && css.contains(" { color: #"), "{css}");
    assert!(css.contains("@media screen and (prefers-color-scheme: dark)"));
}

// Relative links between question files become page URLs, keeping the fragment.
#[test]
fn links_between_questions_are_rewritten() {
    let t = built();
    let page = t.read("public/questions/basics/is-vs-equals/index.html");
    assert!(page.contains("href=\"/sub/path/questions/basics/copying/#deep\""), "{page}");
    assert!(page.contains("href=\"/sub/path/questions/testing-things/mocks/\""));
    let about = t.read("public/about/index.html");
    assert!(about.contains("href=\"/sub/path/questions/basics/copying/\""), "{about}");
    let home = t.read("public/index.html");
    assert!(home.contains("href=\"/sub/path/about/\""), "{home}");
    assert!(t.read("public/questions/basics/copying/index.html").contains("id=\"deep\""));
}

// The question page carries the rubric, follow-ups, related, pager and edit link.
#[test]
fn question_page_has_every_part() {
    let t = built();
    let page = t.read("public/questions/basics/is-vs-equals/index.html");
    for needle in [
        "Listen for",
        "Strong candidates add",
        "Red flags",
        "Follow-up questions",
        "Model answer",
        "Related questions",
        ">Junior</a>",
        ">Technical</span>",
        ">5 min</span>",
        "rel=\"next\" href=\"/sub/path/questions/basics/copying/\"",
        "https://github.com/example/guide/edit/main/content/questions/basics/is-vs-equals.md",
        "href=\"/sub/path/tags/equality/\"",
    ] {
        assert!(page.contains(needle), "missing {needle}");
    }
    assert!(!page.contains("rel=\"prev\""), "the first question of a category has no previous");
}

// Indexes: counts per level on the home page, groups on category and level pages, tags merged by slug.
#[test]
fn indexes_list_and_count_questions() {
    let t = built();
    let home = t.read("public/index.html");
    assert!(
        home.contains("<strong>Junior</strong> <span class=\"count\">1 question</span>"),
        "{home}"
    );
    assert!(home.contains("Welcome to the <strong>fixture</strong> guide."));
    let cat = t.read("public/questions/basics/index.html");
    assert!(cat.contains("id=\"level-junior\"") && cat.contains("id=\"level-mid\""));
    assert!(!cat.contains("id=\"level-senior\""), "the draft is not listed");
    let level = t.read("public/levels/senior/index.html");
    assert!(level.contains("When should you &lt;em&gt;not&lt;/em&gt; mock?"));
    // `Equality` and `equality` are one tag.
    let tag = t.read("public/tags/equality/index.html");
    assert!(tag.contains("copying/") && tag.contains("is-vs-equals/"), "{tag}");
    assert!(!t.exists("public/tags/Equality"));
    let all = t.read("public/questions/index.html");
    assert_eq!(all.matches("<tr data-level=").count(), 3);
    let index: serde_json::Value =
        serde_json::from_str(&t.read("public/search-index.json")).unwrap();
    assert_eq!(index.as_array().unwrap().len(), 3);
}

// Drafts are built with --drafts.
#[test]
fn drafts_flag_includes_drafts() {
    let t = GuideTest::fixture("basic");
    t.build(&["--drafts"]);
    assert!(t.exists("public/questions/basics/draft-question/index.html"));
}

// Identical input gives byte-identical output.
#[test]
fn two_builds_are_identical() {
    let t = GuideTest::fixture("basic");
    let a = t.scratch().join("a");
    let b = t.scratch().join("b");
    t.build(&["--output", a.to_str().unwrap()]);
    t.build(&["--output", b.to_str().unwrap()]);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 15);
    assert_eq!(ta, tb);
}

// The guide has no templates/ or static/: the theme embedded in the binary is used.
#[test]
fn embedded_theme_builds_a_bare_guide() {
    let t = built();
    assert!(!t.exists("templates") && !t.exists("static"));
    let css = t.read("public/static/style.css");
    assert_eq!(
        css,
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/style.css")).unwrap()
    );
}

// A guide's own templates and static files override the built-in ones file by file.
#[test]
fn guide_files_override_the_theme_file_by_file() {
    let t = GuideTest::overlaid("overrides");
    t.build(&[]);
    let page = t.read("public/questions/basics/copying/index.html");
    assert!(
        page.contains(
            "<p class=\"custom\">Custom question page: How do shallow and deep copies differ?</p>"
        ),
        "{page}"
    );
    assert!(page.contains("class=\"skip-link\""), "the built-in base.html is still used");
    assert_eq!(t.read("public/static/style.css"), "/* the guide's own style */\n");
    assert_eq!(t.read("public/static/img/logo.svg"), t.read("static/img/logo.svg"));
    let home = t.read("public/index.html");
    assert!(home.contains("Browse by level"), "index.html is not overridden");
}

// Each question's list markup comes from two partials, rendered once per question: a guide
// that overrides them changes every list that shows the question (the all-questions table,
// the category, level and tag pages, a question's related list), and a guide whose own list
// template still spells out each field sees all of them.
#[test]
fn list_partials_shape_every_list() {
    let t = GuideTest::fixture("basic");
    t.write(
        "templates/partials/question_row.html",
        "<tr class=\"own-row\"><td>{{ q.title_text }} in {{ q.category.title }} at {{ site.base_path }}</td></tr>\n",
    );
    t.write(
        "templates/partials/question_item.html",
        "<a class=\"own-item\" href=\"{{ q.url }}\">{{ q.title_html | safe }}</a> {{ q.minutes }} min",
    );
    t.build(&[]);
    let all = t.read("public/questions/index.html");
    assert_eq!(all.matches("<tr class=\"own-row\">").count(), 3, "{all}");
    assert!(
        all.contains("How do shallow and deep copies differ? in Basics &amp; more at /sub/path/"),
        "{all}"
    );
    for page in [
        "public/questions/basics/index.html",
        "public/levels/mid/index.html",
        "public/tags/equality/index.html",
    ] {
        let html = t.read(page);
        assert!(
            html.contains("<a class=\"own-item\" href=\"/sub/path/questions/basics/copying/\">"),
            "{page}: {html}"
        );
        assert!(!html.contains("class=\"badges\""), "{page}: the built-in item is replaced");
    }
    // The tag page shows the category after the item, as the built-in list does.
    let tag = t.read("public/tags/equality/index.html");
    assert!(tag.contains(" min <a class=\"badge category\""), "{tag}");

    // A list template of its own that reads the fields directly still has them all.
    t.write(
        "templates/partials/question_list.html",
        "<ol>{% for q in questions %}<li>{{ q.title_html | safe }} {{ q.level.title }} {{ q.kind.title }} {{ q.minutes }}{% for t in q.tags %} #{{ t.name }}{% endfor %}</li>{% endfor %}</ol>",
    );
    t.build(&[]);
    let level = t.read("public/levels/mid/index.html");
    assert!(
        level.contains("<li>How do shallow and deep copies differ? Mid-level Coding exercise 15"),
        "{level}"
    );
}

// The rendered question page is pinned; review changes to it like code.
#[test]
fn question_page_snapshot() {
    let t = built();
    let page = t.read("public/questions/basics/is-vs-equals/index.html");
    insta::assert_snapshot!("question_page_main", main_of(&page));
}

// The repository's own guide builds and checks without a single diagnostic.
#[test]
fn bundled_guide_is_clean() {
    let t = GuideTest::repository();
    let run = t.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.stdout.trim(), "[]");
}

// Every internal link of the bundled guide, under a subpath, resolves to a built file, and
// every fragment to an id on the target page.
#[test]
fn bundled_guide_has_no_broken_links() {
    let t = GuideTest::repository();
    t.build(&["--base-url", "https://example.org/sub/"]);
    let files: std::collections::BTreeMap<String, String> = tree(&t.root.join("public"))
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect();
    let mut checked = 0;
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        for attr in ["href=\"", "src=\""] {
            for rest in html.split(attr).skip(1) {
                let url = &rest[..rest.find('"').unwrap()];
                let Some(local) = url.strip_prefix("/sub/") else { continue };
                let (file, fragment) = local.split_once('#').unwrap_or((local, ""));
                let file = if file.is_empty() || file.ends_with('/') {
                    format!("{file}index.html")
                } else {
                    file.to_string()
                };
                let target =
                    files.get(&file).unwrap_or_else(|| panic!("{path}: broken link {url}"));
                if !fragment.is_empty() {
                    assert!(
                        target.contains(&format!("id=\"{fragment}\"")),
                        "{path}: no #{fragment} in {file}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

// `-v` shows how long each stage took and how much was written.
#[test]
fn verbose_build_reports_stages() {
    let t = GuideTest::fixture("basic");
    let run = t.build(&["-v"]);
    for stage in ["load and check", "render", "write"] {
        assert!(run.stderr.contains(stage), "{}", run.stderr);
    }
    assert!(run.stderr.contains(" files, "), "{}", run.stderr);
    let quiet = t.build(&["-q"]);
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty(), "{quiet:?}");
}
