//! Printing kits in a real headless Chromium, and reading the PDFs back with poppler.
//!
//! Run with `cargo test --test browser`; needs `chromium`, `pdftotext` and `pdfinfo` on the
//! PATH (Debian: `apt-get install chromium poppler-utils`). Chromium is started with the flags
//! that keep it off the network, and the pages are served from 127.0.0.1 only.

// A test program reports failures by panicking and prints its results; that is its job.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::GuideTest;

/// Serves `dir` on 127.0.0.1 (GET only, HTTP/1.0) until the process ends; returns the port.
fn serve_dir(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut stream = stream;
                let mut line = String::new();
                BufReader::new(&stream).read_line(&mut line).unwrap_or_default();
                let path = line
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .split(['?', '#'])
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let mut file = dir.join(path.trim_start_matches('/'));
                if path.ends_with('/') {
                    file = file.join("index.html");
                }
                let (status, body) = match std::fs::read(&file) {
                    Ok(body) => ("200 OK", body),
                    Err(_) => ("404 Not Found", b"not found".to_vec()),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    _ => "text/html; charset=utf-8",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.0 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

/// Prints `url` to `pdf` with headless Chromium, kept off the network.
fn print_to_pdf(url: &str, pdf: &Path, profile: &Path) {
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .output()
        .expect("chromium is not installed (apt-get install chromium)");
    assert!(
        pdf.exists(),
        "chromium wrote no PDF for {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdfinfo(pdf: &Path) -> (usize, String) {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        text.lines().find_map(|l| l.strip_prefix(name)).unwrap_or("").trim().to_string()
    };
    (field("Pages:").parse().unwrap_or(0), field("Page size:"))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The headings of a kit page, as printed: numbered question titles and section titles.
fn headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in
        html.split("<h3 id=\"q-").skip(1).chain(html.split("class=\"kit-section-title\">").skip(1))
    {
        let start = part.find('>').map_or(0, |i| i + 1);
        let text = &part[start..part.find("</h").unwrap_or(part.len())];
        let mut plain = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        out.push(squash(&plain));
    }
    out
}

/// Checks a printed kit: page count in range, every question title present, and no heading
/// among the last two lines of a page (a heading alone at the bottom).
fn check_pdf(pdf: &Path, html: &str, paper: &str) -> Result<String, String> {
    // A kit's length follows its content: with model answers at most four pages a question,
    // rubric only at most one, plus the first page and the scorecard.
    let questions = html.matches("<h3 id=\"q-").count();
    let per_question = if html.contains("class=\"kit-answer\"") { 4 } else { 1 };
    let pages = 2..=(per_question * questions + 2);
    let (count, size) = pdfinfo(pdf);
    if !pages.contains(&count) {
        return Err(format!("{}: {count} pages, expected {pages:?}", pdf.display()));
    }
    if !size.contains(paper) {
        return Err(format!("{}: page size {size}, expected {paper}", pdf.display()));
    }
    let text = pdftotext(pdf);
    // pdftotext spaces font changes apart ("`pytest`." prints as "pytest ."): compare without spaces.
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let flat = bare(&text);
    let heads = headings(html);
    if heads.is_empty() {
        return Err("no headings found in the kit HTML".into());
    }
    for h in &heads {
        let start: String = bare(&h.split(' ').take(6).collect::<Vec<_>>().join(" "));
        if !flat.contains(&start) {
            return Err(format!("{}: the heading {h:?} is not in the PDF text", pdf.display()));
        }
    }
    let page_texts: Vec<&str> = text.split('\u{c}').collect();
    for (n, page) in page_texts.iter().enumerate().take(page_texts.len().saturating_sub(1)) {
        let lines: Vec<String> = page.lines().map(squash).filter(|l| !l.is_empty()).collect();
        for tail in lines.iter().rev().take(2) {
            for h in &heads {
                let first_words = bare(&h.split(' ').take(4).collect::<Vec<_>>().join(" "));
                if first_words.len() > 3 && bare(tail).starts_with(&first_words) {
                    return Err(format!(
                        "{}: page {} ends with the heading {h:?}",
                        pdf.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    Ok(format!("{count} pages ({size}), {} headings, none stranded", heads.len()))
}

fn main() {
    let mut passed = 0;
    let mut failed = 0;
    let mut record = |name: &str, result: Result<String, String>| match result {
        Ok(detail) => {
            passed += 1;
            println!("test {name} ... ok ({detail})");
        }
        Err(e) => {
            failed += 1;
            println!("test {name} ... FAILED\n  {e}");
        }
    };

    let t = GuideTest::repository();
    let site = t.scratch().join("site");
    let port = serve_dir(site.clone());
    let base = format!("http://127.0.0.1:{port}/");
    let run = t.run(&["build", "--output", site.to_str().unwrap(), "--base-url", &base]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let profile = t.scratch().join("profile");
    let pdfs = t.scratch().join("pdf");
    std::fs::create_dir_all(&pdfs).unwrap();

    let kits: Vec<String> = std::fs::read_dir(site.join("kits"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(kits.len() >= 3, "the bundled guide has {} kits", kits.len());
    for kit in &kits {
        let html = std::fs::read_to_string(site.join(format!("kits/{kit}/index.html"))).unwrap();
        let pdf = pdfs.join(format!("{kit}.pdf"));
        print_to_pdf(&format!("{base}kits/{kit}/"), &pdf, &profile);
        record(&format!("print_site_kit_{kit}"), check_pdf(&pdf, &html, "letter"));
    }

    // The standalone file prints the same way from disk, with no server, on A4 and Letter.
    let run =
        t.run(&["kit", "--kit", "mid-technical", "--candidate", "Ada Lovelace", "-o", "kit.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = t.root.join("kit.html");
    let html = std::fs::read_to_string(&file).unwrap();
    let letter = pdfs.join("standalone-letter.pdf");
    print_to_pdf(&format!("file://{}", file.display()), &letter, &profile);
    record(
        "print_standalone_kit_letter",
        check_pdf(&letter, &html, "letter").and_then(|ok| {
            if pdftotext(&letter).contains("Ada Lovelace") {
                Ok(ok)
            } else {
                Err("the candidate's name is missing".into())
            }
        }),
    );
    let a4_file = t.root.join("kit-a4.html");
    std::fs::write(&a4_file, html.replacen("<style>", "<style>@page { size: A4; }", 1)).unwrap();
    let a4 = pdfs.join("standalone-a4.pdf");
    print_to_pdf(&format!("file://{}", a4_file.display()), &a4, &profile);
    record("print_standalone_kit_a4", check_pdf(&a4, &html, "A4"));

    // Rubric only: what an interviewer prints to take notes on, one page or less a question.
    let run =
        t.run(&["kit", "--kit", "recruiter-phone-screen", "--no-answers", "-o", "rubric.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = t.root.join("rubric.html");
    let html = std::fs::read_to_string(&file).unwrap();
    let rubric = pdfs.join("rubric-only.pdf");
    print_to_pdf(&format!("file://{}", file.display()), &rubric, &profile);
    record("print_rubric_only_kit", check_pdf(&rubric, &html, "letter"));

    if let Some(dir) = std::env::var_os("HIREGUIDE_KEEP_PDFS") {
        for entry in std::fs::read_dir(&pdfs).unwrap().flatten() {
            std::fs::copy(entry.path(), Path::new(&dir).join(entry.file_name())).unwrap();
        }
    }
    println!("\n{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
