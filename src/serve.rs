//! `serve`: a live preview from memory.
//!
//! Serves the last good [`Output`] on 127.0.0.1, watches the guide folder and rebuilds on
//! save through a callback (this module does not know how to build). Open pages poll
//! `/__hireguide/poll` and reload themselves after a good rebuild; after a broken edit they
//! show the diagnostics in an overlay while the last good site keeps being served. Nothing is
//! written to disk, so stopping the server (Ctrl-C) leaves nothing behind.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use tiny_http::{Header, Request, Response, Server};

use crate::diagnostic::{Diagnostic, render_human};
use crate::markdown::escape_html;
use crate::render::Output;
use crate::source::is_ignored_name;

/// A good rebuild.
#[derive(Debug)]
pub struct Built {
    /// The whole site.
    pub output: Output,
    /// Its warnings.
    pub warnings: Vec<Diagnostic>,
    /// How many files an incremental update rewrote; `None` when the whole site was built.
    pub rewritten: Option<usize>,
}

/// What a rebuild produced: the site, or the errors.
pub type BuildResult = Result<Built, Vec<Diagnostic>>;

/// Something the CLI should tell the user.
#[derive(Debug)]
pub enum Event<'a> {
    /// The server is up at this address.
    Listening(&'a str),
    /// A build succeeded, with these warnings, in this time.
    Built {
        /// Warnings of the build.
        warnings: &'a [Diagnostic],
        /// How long the build took.
        elapsed: Duration,
        /// Files changed that caused it (empty for the first build).
        changed: &'a [PathBuf],
        /// Files an incremental update rewrote; `None` when the whole site was built.
        rewritten: Option<usize>,
    },
    /// A build failed; the last good site is still served.
    Failed(&'a [Diagnostic]),
}

#[derive(Default)]
struct Status {
    /// Bumped on every rebuild, good or bad.
    seq: u64,
    /// The last build's errors, rendered for the overlay.
    error: Option<String>,
}

struct State {
    site: RwLock<Arc<Output>>,
    status: Mutex<Status>,
    changed: Condvar,
}

const POLL_PATH: &str = "/__hireguide/poll";
const POLL_WAIT: Duration = Duration::from_secs(25);
const DEBOUNCE: Duration = Duration::from_millis(40);

/// Binds `127.0.0.1:port` (0 picks a free port) and returns the server and its base URL.
pub fn bind(port: u16) -> anyhow::Result<(Server, String)> {
    let server = Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = server.server_addr().to_ip().map_or(port, |a| a.port());
    Ok((server, format!("http://127.0.0.1:{port}/")))
}

/// Serves until the process is stopped. `rebuild` builds the site, given the files changed
/// since its last call (none the first time); `report` is told what happens.
pub fn run(
    server: Server,
    url: &str,
    root: &Path,
    mut rebuild: impl FnMut(&[PathBuf]) -> BuildResult + Send + 'static,
    report: impl Fn(Event<'_>) + Send + 'static,
) -> anyhow::Result<()> {
    let state = Arc::new(State {
        site: RwLock::new(Arc::new(Output::default())),
        status: Mutex::new(Status::default()),
        changed: Condvar::new(),
    });
    let started = Instant::now();
    apply(&state, rebuild(&[]), started, &[], &report);
    report(Event::Listening(url));

    // Events carry absolute paths: compare them with the absolute root (`--source .` is common).
    let root = root.canonicalize()?;
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(&root, RecursiveMode::Recursive)?;
    let watched_state = Arc::clone(&state);
    thread::spawn(move || {
        let _keep_alive = watcher;
        while let Ok(first) = rx.recv() {
            let mut changed: Vec<PathBuf> = Vec::new();
            collect(&root, first, &mut changed);
            // Editors save in bursts (temp file, rename, chmod): wait for the burst to end.
            loop {
                match rx.recv_timeout(DEBOUNCE) {
                    Ok(more) => collect(&root, more, &mut changed),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            if changed.is_empty() {
                continue;
            }
            changed.sort();
            changed.dedup();
            let started = Instant::now();
            apply(&watched_state, rebuild(&changed), started, &changed, &report);
        }
    });

    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        thread::spawn(move || handle(&state, request));
    }
    Ok(())
}

/// Keeps the changed paths that belong to the guide's sources.
fn collect(root: &Path, event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>) {
    let Ok(event) = event else { return };
    if event.kind.is_access() {
        return;
    }
    for path in event.paths {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let top = parts.next().unwrap_or_default();
        let relevant = matches!(top.as_str(), "site.yaml" | "content" | "templates" | "static");
        let ignored = rel.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()));
        if relevant && !ignored {
            changed.push(rel);
        }
    }
}

fn apply(
    state: &State,
    result: BuildResult,
    started: Instant,
    changed: &[PathBuf],
    report: &impl Fn(Event<'_>),
) {
    let mut status = state.status.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(built) => {
            *state.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(built.output);
            status.error = None;
            report(Event::Built {
                warnings: &built.warnings,
                elapsed: started.elapsed(),
                changed,
                rewritten: built.rewritten,
            });
        }
        Err(errors) => {
            status.error = Some(render_human(&errors, false));
            report(Event::Failed(&errors));
        }
    }
    status.seq += 1;
    state.changed.notify_all();
}

/// Sends a response with these headers (all of them plain ASCII, so none is ever refused).
fn respond(request: Request, code: u16, body: Vec<u8>, headers: &[(&str, &str)]) {
    let mut response = Response::from_data(body).with_status_code(code);
    for (name, value) in headers {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    let _ = request.respond(response);
}

fn handle(state: &State, request: Request) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path == POLL_PATH {
        let seen: u64 = query.strip_prefix("seq=").and_then(|v| v.parse().ok()).unwrap_or(0);
        let body = poll(state, seen).into_bytes();
        respond(
            request,
            200,
            body,
            &[("Content-Type", "application/json"), ("Cache-Control", "no-store")],
        );
        return;
    }
    let site = Arc::clone(&state.site.read().unwrap_or_else(|e| e.into_inner()));
    let (seq, error) = {
        let status = state.status.lock().unwrap_or_else(|e| e.into_inner());
        (status.seq, status.error.clone())
    };
    let rel = decode(path.trim_start_matches('/'));
    let wanted =
        if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.clone() };
    if !site.files.contains_key(&wanted) && site.files.contains_key(&format!("{rel}/index.html")) {
        respond(request, 301, Vec::new(), &[("Location", &format!("/{rel}/"))]);
        return;
    }
    let (code, file) =
        if site.files.contains_key(&wanted) { (200, wanted) } else { (404, "404.html".into()) };
    // Before the first good build there is no site at all: every page is the error overlay.
    let body = site.files.get(&file).map(|b| b.to_vec()).unwrap_or_default();
    let kind =
        if site.files.contains_key(&file) { content_type(&file) } else { content_type("404.html") };
    let body =
        if kind.starts_with("text/html") { inject(&body, seq, error.as_deref()) } else { body };
    respond(request, code, body, &[("Content-Type", kind), ("Cache-Control", "no-store")]);
}

/// Waits until a rebuild newer than `seen` happened (or a while passed); returns the status.
fn poll(state: &State, seen: u64) -> String {
    let status = state.status.lock().unwrap_or_else(|e| e.into_inner());
    let (status, _) = state
        .changed
        .wait_timeout_while(status, POLL_WAIT, |s| s.seq == seen)
        .unwrap_or_else(|e| e.into_inner());
    serde_json::json!({ "seq": status.seq, "ok": status.error.is_none(), "error": status.error })
        .to_string()
}

/// Adds the reload script, and the error overlay when the last build failed, to a page.
fn inject(html: &[u8], seq: u64, error: Option<&str>) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(error) = error {
        extra.push_str(&format!(
            "<div id=\"hireguide-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:99999;overflow:auto;margin:0;padding:1.5rem;background:#1b1b1b;color:#f3f3f3;font:14px/1.45 ui-monospace,monospace\"><p style=\"color:#ff8f8f;font-weight:700\">The last edit broke the build; this is the last good version underneath. Fix the problem and save.</p><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            escape_html(error)
        ));
    }
    extra.push_str(&format!(
        "<script>(function(){{var seq={seq};function show(t){{var d=document.getElementById('hireguide-error');if(!d){{d=document.createElement('div');d.id='hireguide-error';d.setAttribute('role','alert');d.style.cssText='position:fixed;inset:0;z-index:99999;overflow:auto;padding:1.5rem;background:#1b1b1b;color:#f3f3f3;font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap';document.body.appendChild(d);}}d.textContent=t;}}function poll(){{fetch('{POLL_PATH}?seq='+seq,{{cache:'no-store'}}).then(function(r){{return r.json();}}).then(function(s){{if(s.seq!==seq){{if(s.ok){{location.reload();return;}}seq=s.seq;show('The last edit broke the build; the page shows the last good version.\\n\\n'+s.error);}}poll();}},function(){{setTimeout(poll,1000);}});}}poll();}})();</script>"
    ));
    let text = String::from_utf8_lossy(html);
    let html = match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]),
        None => format!("{text}{extra}"),
    };
    html.into_bytes()
}

/// Decodes `%xx` escapes in a URL path.
fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `Content-Type` for an output path.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(decode("a%20b/c%2"), "a b/c%2");
        assert_eq!(decode("caf%C3%A9"), "café");
    }

    #[test]
    fn inject_adds_script_before_body_end_and_escapes_errors() {
        let out =
            String::from_utf8(inject(b"<html><body>x</body></html>", 3, Some("<bad>"))).unwrap();
        assert!(out.contains("var seq=3"));
        assert!(out.contains("&lt;bad&gt;"));
        assert!(out.ends_with("</body></html>"));
    }
}
