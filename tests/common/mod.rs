//! A fixture-guide harness: copy a guide from `tests/fixtures/` into a temporary folder,
//! change files, run the real `hireguide` binary on it and read what it wrote.
#![allow(dead_code, unreachable_pub, missing_docs)]
// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A guide in a temporary folder.
pub struct GuideTest {
    _dir: tempfile::TempDir,
    /// The guide folder.
    pub root: PathBuf,
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::create_dir_all(dest.parent().unwrap()).unwrap();
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl GuideTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("guide");
        copy_tree(&fixtures().join(name), &root);
        GuideTest { _dir: dir, root }
    }

    /// A copy of the repository's own guide (site.yaml, content/, templates/, static/).
    pub fn repository() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("guide");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::create_dir_all(&root).unwrap();
        fs::copy(repo.join("site.yaml"), root.join("site.yaml")).unwrap();
        for sub in ["content", "templates", "static"] {
            copy_tree(&repo.join(sub), &root.join(sub));
        }
        GuideTest { _dir: dir, root }
    }

    /// The basic fixture with `tests/fixtures/<overlay>` copied over it.
    pub fn overlaid(overlay: &str) -> Self {
        let t = Self::fixture("basic");
        copy_tree(&fixtures().join(overlay), &t.root);
        t
    }

    /// The folder that holds the guide folder (a place for outputs outside the guide).
    pub fn scratch(&self) -> PathBuf {
        self.root.parent().unwrap().to_path_buf()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// Runs `hireguide ARGS` in the guide folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_hireguide"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `hireguide ARGS` with a time limit: a run that hangs fails its test instead of stalling
    /// the suite. Returns (exit code, stdout, stderr).
    pub fn run_within(&self, args: &[&str], limit: Duration) -> (i32, String, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hireguide"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let read = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut s = String::new();
                let _ = pipe.read_to_string(&mut s);
                s
            })
        };
        let out = read(Box::new(child.stdout.take().unwrap()));
        let err = read(Box::new(child.stderr.take().unwrap()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                panic!("hireguide {args:?} did not finish within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        (status.code().unwrap_or(-1), out.join().unwrap(), err.join().unwrap())
    }

    /// `build`, asserting success.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert_eq!(run.code, 0, "build failed:\n{}\n{}", run.stdout, run.stderr);
        run
    }

    /// `check --format json`, parsed.
    pub fn check_json(&self) -> (i32, Vec<serde_json::Value>) {
        let run = self.run(&["check", "--format", "json"]);
        let parsed = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
        (run.code, parsed)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// No temporary or retired output folder is left beside the output.
    pub fn assert_no_leftovers(&self) {
        for entry in fs::read_dir(&self.root).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.contains("hireguide-"), "temporary folder left behind: {name}");
        }
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root.join(rel).exists()
    }
}

/// Every file under `dir` (relative path → bytes), sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, fs::read(entry.path()).unwrap()));
        }
    }
    out
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("no <main>");
    let end = html.find("</main>").expect("no </main>") + "</main>".len();
    &html[start..end]
}
