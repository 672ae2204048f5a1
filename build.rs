//! Embeds the built-in theme (`templates/` and `static/`) into the binary.
//!
//! Writes `$OUT_DIR/embedded.rs`: a sorted table of `(relative path, bytes)`, one entry per
//! file, so the released binary builds a guide that has no theme files of its own. Every file
//! and folder is registered with `rerun-if-changed`, so an edited or added asset is picked up.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect(&path, out)?;
        } else {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push(path);
        }
    }
    Ok(())
}

/// The syntect release in Cargo.lock: part of the highlight cache's key, so that entries made
/// by other grammars are never served. A package built without a lock file says `unlocked`,
/// and its entries are still keyed by hireguide's own version.
fn syntect_version(root: &Path) -> String {
    println!("cargo:rerun-if-changed={}", root.join("Cargo.lock").display());
    let lock = fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"syntect\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = ")) {
                return version.trim_matches('"').to_string();
            }
        }
    }
    format!("unlocked-{}", env::var("CARGO_PKG_VERSION").unwrap_or_default())
}

fn main() -> io::Result<()> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    println!("cargo:rustc-env=HIREGUIDE_SYNTECT_VERSION={}", syntect_version(&root));
    let mut files = Vec::new();
    for dir in ["templates", "static"] {
        let dir = root.join(dir);
        if dir.is_dir() {
            collect(&dir, &mut files)?;
        }
    }
    let mut code = String::from(
        "/// The built-in theme: (path relative to the guide root, bytes), sorted by path.\n",
    );
    code.push_str("pub(crate) static EMBEDDED: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let rel = file.strip_prefix(&root).map_err(io::Error::other)?;
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>();
        let _ = writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            rel.join("/"),
            file.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").map_err(io::Error::other)?).join("embedded.rs");
    fs::write(out, code)
}
