//! `check --run-snippets`: running the guide's Python and reporting failures at their line.
//!
//! Every ```python block runs as its own `python3` process in a fresh temporary folder, with a
//! time limit, an environment holding only `PATH` and a UTF-8 locale (no inherited secrets,
//! no `PYTHON*` variables), and without the user's site-packages (`-s`). Otherwise it runs as
//! `python3 snippet.py` would, so its own folder is on `sys.path`. A block
//! fenced ```python norun is only compiled. A process that runs past the limit is killed with
//! its whole process group. This is the only module that starts processes.
//!
//! Trust model: this runs the guide's own code with the user's privileges. Run it on content
//! you would run as a script yourself — in CI for pull requests, on the CI machine.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::{Guide, Source};
use crate::diagnostic::{Diagnostic, locate};
use crate::markdown::{CodeBlock, code_blocks};

/// How snippets are run.
#[derive(Debug, Clone)]
pub struct SnippetOptions {
    /// The interpreter (`python3`).
    pub python: String,
    /// The time limit per block.
    pub timeout: Duration,
}

impl Default for SnippetOptions {
    fn default() -> Self {
        SnippetOptions { python: "python3".into(), timeout: Duration::from_secs(10) }
    }
}

/// What running the snippets found.
#[derive(Debug, Default)]
pub struct SnippetReport {
    /// Blocks run.
    pub ran: usize,
    /// Blocks only compiled (`norun`).
    pub compiled: usize,
    /// Failures, each at its line.
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a fence's language is Python.
fn is_python(block: &CodeBlock) -> bool {
    matches!(block.lang.as_str(), "python" | "py" | "python3")
}

/// Runs (or compiles) every Python block of every built question and page.
pub fn run_all(guide: &Guide, options: &SnippetOptions) -> Result<SnippetReport, String> {
    let probe =
        Command::new(&options.python).arg("--version").env_clear().envs(safe_env()).output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return Err(format!(
            "cannot run `{}`; --run-snippets needs Python 3 on the PATH",
            options.python
        ));
    }
    let sources =
        guide.questions.iter().map(|q| &q.source).chain(guide.pages.iter().map(|p| &p.source));
    let jobs: Vec<(&Source, CodeBlock)> = sources
        .flat_map(|s| code_blocks(s.body()).into_iter().filter(is_python).map(move |b| (s, b)))
        .collect();
    let results: Vec<(bool, Option<Diagnostic>)> = jobs
        .par_iter()
        .map(|(source, block)| {
            let compile_only = block.flags.iter().any(|f| f == "norun");
            (compile_only, run_block(source, block, compile_only, options))
        })
        .collect();
    let mut report = SnippetReport::default();
    for (compile_only, failure) in results {
        if compile_only {
            report.compiled += 1;
        } else {
            report.ran += 1;
        }
        report.diagnostics.extend(failure);
    }
    Ok(report)
}

fn safe_env() -> Vec<(String, String)> {
    let path = std::env::var("PATH").unwrap_or_else(|_| "/usr/local/bin:/usr/bin:/bin".into());
    vec![
        ("PATH".into(), path),
        ("LANG".into(), "C.UTF-8".into()),
        ("PYTHONIOENCODING".into(), "utf-8".into()),
    ]
}

const COMPILE_ONLY: &str = "import sys\nsrc = open(sys.argv[1], encoding='utf-8').read()\ncompile(src, 'snippet.py', 'exec')\n";

/// Runs one block; returns a diagnostic if it failed.
fn run_block(
    source: &Source,
    block: &CodeBlock,
    compile_only: bool,
    options: &SnippetOptions,
) -> Option<Diagnostic> {
    let fence_offset = source.body.start + block.offset;
    let fence_line = locate(&source.text, fence_offset).line;
    let fail = |message: String, help: String| {
        Some(
            Diagnostic::error(&source.file, message).at(&source.text, fence_offset).with_help(help),
        )
    };
    let dir = match tempfile::Builder::new().prefix("hireguide-snippet-").tempdir() {
        Ok(d) => d,
        Err(e) => {
            return fail(
                format!("cannot create a temporary folder for the snippet: {e}"),
                String::new(),
            );
        }
    };
    let script = dir.path().join("snippet.py");
    if let Err(e) = fs::write(&script, &block.code) {
        return fail(format!("cannot write the snippet: {e}"), String::new());
    }
    let mut command = Command::new(&options.python);
    // Not `-I`: isolated mode also drops the script's folder from sys.path and makes
    // `breakpoint()` ignore PYTHONBREAKPOINT set by the script, unlike a normal run.
    command.arg("-s").arg("-X").arg("utf8");
    if compile_only {
        command.arg("-c").arg(COMPILE_ONLY).arg("snippet.py");
    } else {
        command.arg("snippet.py");
    }
    let (out_path, err_path) = (dir.path().join(".stdout"), dir.path().join(".stderr"));
    let (Ok(out), Ok(err)) = (File::create(&out_path), File::create(&err_path)) else {
        return fail("cannot capture the snippet's output".into(), String::new());
    };
    command
        .current_dir(dir.path())
        .env_clear()
        .envs(safe_env())
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let child = match command.spawn() {
        Ok(c) => c,
        Err(e) => return fail(format!("cannot start `{}`: {e}", options.python), String::new()),
    };
    let status = match wait_with_timeout(child, options.timeout) {
        Some(status) => status,
        None => {
            return fail(
                format!(
                    "the Python snippet ran longer than {} s and was stopped",
                    options.timeout.as_secs()
                ),
                "make the example finish quickly, or fence it as ```python norun".into(),
            );
        }
    };
    if status.success() {
        return None;
    }
    let stderr = read_tail(&err_path, 4000);
    let (snippet_line, error) = parse_traceback(&stderr);
    let what = if compile_only { "does not compile" } else { "failed" };
    let message = format!("the Python snippet {what}: {error}");
    let help = if compile_only {
        "norun blocks must still be valid Python".to_string()
    } else {
        format!("output:\n{}", stderr.trim_end())
    };
    let mut d = Diagnostic::error(&source.file, message).with_help(help);
    let line = snippet_line.map_or(fence_line, |n| fence_line + n);
    d = d.at_line(&source.text, line);
    Some(d)
}

fn wait_with_timeout(mut child: Child, timeout: Duration) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(2);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            _ => {
                kill_tree(&mut child);
                return None;
            }
        }
    }
}

/// Kills the child and everything it started (it leads its own process group).
fn kill_tree(child: &mut Child) {
    #[cfg(unix)]
    {
        if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn read_tail(path: &Path, max: usize) -> String {
    let mut bytes = Vec::new();
    if let Ok(mut f) = File::open(path) {
        let _ = f.read_to_end(&mut bytes);
    }
    let start = bytes.len().saturating_sub(max);
    String::from_utf8_lossy(&bytes[start..]).into_owned()
}

/// The last `snippet.py` line in a traceback and the final error line.
fn parse_traceback(stderr: &str) -> (Option<usize>, String) {
    let mut line = None;
    for l in stderr.lines() {
        let l = l.trim();
        // Python prints the script's path as it was given or made absolute, by version.
        if let Some(rest) = l
            .split_once("snippet.py\", line ")
            .filter(|(head, _)| head.starts_with("File \""))
            .map(|(_, r)| r)
        {
            line = rest.split(|c: char| !c.is_ascii_digit()).next().and_then(|n| n.parse().ok());
        }
    }
    let error = stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('^') && !l.starts_with('~'))
        .unwrap_or("it exited with an error")
        .to_string();
    (line, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_traceback() {
        let stderr = "Traceback (most recent call last):\n  File \"snippet.py\", line 3, in <module>\n    assert x == 2\n           ^^^^^^\nAssertionError\n";
        assert_eq!(parse_traceback(stderr), (Some(3), "AssertionError".to_string()));
        let absolute = "  File \"/tmp/hireguide-snippet-x/snippet.py\", line 7, in <module>\nNameError: name 'y' is not defined\n";
        assert_eq!(parse_traceback(absolute).0, Some(7));
        let syntax =
            "  File \"snippet.py\", line 2\n    def (\n        ^\nSyntaxError: invalid syntax\n";
        assert_eq!(parse_traceback(syntax), (Some(2), "SyntaxError: invalid syntax".to_string()));
        assert_eq!(parse_traceback("").1, "it exited with an error");
    }
}
