//! `serve`: a real server on a free port, real edits, real HTTP.

// Test helpers fail the test by panicking; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::GuideTest;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(t: &GuideTest) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hireguide"))
        .args(["serve", "--port", "0"])
        .current_dir(&t.root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = lines
        .find_map(|l| l.ok().filter(|l| l.starts_with("serving the guide at")))
        .expect("no address");
    let port = line.split("127.0.0.1:").nth(1).unwrap().split('/').next().unwrap().parse().unwrap();
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, port }
}

/// A GET request; returns (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).unwrap().parse().unwrap();
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Polls until the server reports a rebuild after `seq`; returns the status JSON.
fn wait_for_rebuild(port: u16, seq: u64) -> serde_json::Value {
    let (status, body) = get(port, &format!("/__hireguide/poll?seq={seq}"));
    assert_eq!(status, 200);
    serde_json::from_str(&body).unwrap()
}

// Serve builds in memory, rebuilds on save, signals open pages to reload, and after a broken
// edit keeps serving the last good page with the error overlay.
#[test]
fn serve_rebuilds_reloads_and_survives_broken_edits() {
    let t = GuideTest::fixture("basic");
    let server = start(&t);
    let port = server.port;

    let (status, page) = get(port, "/questions/basics/copying/");
    assert_eq!(status, 200);
    assert!(page.contains("<h1>How do shallow and deep copies differ?</h1>"), "{page}");
    assert!(page.contains("/__hireguide/poll"), "the live-reload script is injected");
    assert!(page.contains("href=\"/static/style.css\""), "the base URL is the local address");
    assert_eq!(get(port, "/no/such/page/").0, 404);
    assert!(!t.exists("public"), "serve writes nothing to disk");

    let seq = serde_json::from_str::<serde_json::Value>(&get(port, "/__hireguide/poll?seq=0").1)
        .unwrap()["seq"]
        .as_u64()
        .unwrap();
    let edited = t
        .read("content/questions/basics/copying.md")
        .replace("shallow and deep", "shallow and deep copies really");
    let saved = Instant::now();
    t.write("content/questions/basics/copying.md", &edited);
    let status = wait_for_rebuild(port, seq);
    assert!(saved.elapsed() < Duration::from_secs(10), "reload signal took {:?}", saved.elapsed());
    assert_eq!(status["ok"], true, "{status}");
    let (_, page) = get(port, "/questions/basics/copying/");
    assert!(page.contains("shallow and deep copies really"), "{page}");

    let seq = status["seq"].as_u64().unwrap();
    t.write("content/questions/basics/copying.md", edited.replace("level: mid", "level: mdi"));
    let status = wait_for_rebuild(port, seq);
    assert_eq!(status["ok"], false, "{status}");
    assert!(status["error"].as_str().unwrap().contains("unknown level `mdi`"), "{status}");
    let (code, page) = get(port, "/questions/basics/copying/");
    assert_eq!(code, 200);
    assert!(page.contains("shallow and deep copies really"), "the last good page is still served");
    assert!(page.contains("id=\"hireguide-error\""), "the overlay is shown");
    assert!(page.contains("unknown level `mdi`"));
}
