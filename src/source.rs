//! Reading a guide's files from disk, safely.
//!
//! One walker and one reader for `content/`, `templates/` and `static/`. They apply the
//! ignore policy (editor backups and dotfiles), follow a symlink only when its target stays
//! inside the guide folder, detect loops, refuse files over [`MAX_FILE_SIZE`], and turn
//! invalid UTF-8 into a diagnostic at the line of the first bad byte. Nothing is skipped
//! silently: every walk error becomes a diagnostic.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The largest source file accepted; no real question is anywhere near this size.
pub const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// Whether a file or folder name is ignored everywhere: dotfiles, `#autosave#` files and
/// editor backups (`~`, `.swp`, `.bak`).
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".bak")
}

/// The files found under one folder of the guide.
#[derive(Debug, Default)]
pub struct Walk {
    /// Paths relative to the guide root, sorted.
    pub files: Vec<PathBuf>,
    /// Problems met on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the files under `root/sub` (relative to `root`), sorted, applying the ignore and
/// symlink policies. A missing folder gives an empty walk.
pub fn walk(root: &Path, sub: &str) -> Walk {
    let mut out = Walk::default();
    let dir = root.join(sub);
    if !dir.exists() {
        return out;
    }
    let canonical_root = match root.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            out.diagnostics
                .push(Diagnostic::error(sub, format!("cannot read the guide folder: {e}")));
            return out;
        }
    };
    let mut escapes = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            if entry.depth() > 0 && is_ignored_name(&name) {
                return false;
            }
            if entry.path_is_symlink() {
                let inside =
                    entry.path().canonicalize().is_ok_and(|t| t.starts_with(&canonical_root));
                if !inside {
                    escapes.push(entry.path().to_path_buf());
                    return false;
                }
            }
            true
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                out.files.push(rel.to_path_buf());
            }
            Ok(_) => {}
            Err(e) => {
                let path =
                    e.path().map(|p| relative(root, p)).unwrap_or_else(|| PathBuf::from(sub));
                let message = match e.loop_ancestor() {
                    Some(ancestor) => {
                        format!(
                            "symlink loop: this link leads back to `{}`",
                            relative(root, ancestor).display()
                        )
                    }
                    None => format!(
                        "cannot read: {}",
                        e.io_error().map_or(e.to_string(), ToString::to_string)
                    ),
                };
                out.diagnostics
                    .push(Diagnostic::error(path, message).with_help("remove or fix the link"));
            }
        }
    }
    for link in escapes {
        out.diagnostics.push(
            Diagnostic::error(relative(root, &link), "this symlink points outside the guide folder (or nowhere)")
                .with_help("links are followed only when their target is inside the guide folder; copy the file in instead"),
        );
    }
    out
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A hash of where every file a build can read stands: `site.yaml` and everything under
/// `content/`, `templates/` and `static/` (ignored names too), by path, type, size,
/// modification time, and inode and change time where there are such, following symlinks as
/// the walker does. Two equal fingerprints mean no input file was edited, added, removed or
/// replaced in between: the test `make` and `cargo` trust, with nanosecond times, and a
/// change time no tool can set back. `None` when anything cannot be read, so that the caller
/// builds instead of trusting a partial answer.
///
/// Take it before reading the files: an edit made while they are read then changes the next
/// fingerprint, and is never mistaken for content already built.
pub fn fingerprint(root: &Path) -> Option<[u8; 32]> {
    let mut hash = blake3::Hasher::new();
    for sub in [crate::config::CONFIG_FILE, "content", "templates", "static"] {
        let top = root.join(sub);
        if fs::symlink_metadata(&top).is_err() {
            hash.update(format!("absent {sub}\n").as_bytes());
            continue;
        }
        for entry in walkdir::WalkDir::new(&top).follow_links(true).sort_by_file_name() {
            let entry = entry.ok()?;
            let meta = entry.metadata().ok()?;
            let rel = entry.path().strip_prefix(root).ok()?;
            let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
            hash.update(rel.as_os_str().as_encoded_bytes());
            let kind = if meta.is_dir() { 'd' } else { 'f' };
            let (ino, changed) = identity(&meta);
            let when = modified.as_nanos();
            let line = format!("\0{kind} {} {when} {ino} {changed}\n", meta.len());
            hash.update(line.as_bytes());
        }
    }
    Some(*hash.finalize().as_bytes())
}

/// A file's inode and change time in nanoseconds: both change when it is replaced or written.
#[cfg(unix)]
fn identity(meta: &fs::Metadata) -> (u64, i128) {
    use std::os::unix::fs::MetadataExt;
    (meta.ino(), i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()))
}

#[cfg(not(unix))]
fn identity(_: &fs::Metadata) -> (u64, i128) {
    (0, 0)
}

/// Reads a file's bytes, refusing files over [`MAX_FILE_SIZE`].
pub fn read_bytes(root: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostic> {
    let path = root.join(rel);
    let size =
        fs::metadata(&path).map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))?.len();
    if size > MAX_FILE_SIZE {
        return Err(Diagnostic::error(
            rel,
            format!("the file is larger than 8 MiB ({size} bytes)"),
        )
        .with_help("split it up; no question needs to be this large"));
    }
    fs::read(&path).map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))
}

/// Reads a text file: size-limited, UTF-8 checked (the error names the line of the first bad
/// byte), byte-order mark removed.
pub fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    decode(rel, read_bytes(root, rel)?)
}

/// Decodes bytes as UTF-8, naming the line of the first invalid byte, and strips a BOM.
pub fn decode(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..good].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..good]).chars().count() + 1;
            let mut d =
                Diagnostic::error(rel, format!("invalid UTF-8 (byte 0x{:02x})", bytes[good]))
                    .with_help("save the file as UTF-8");
            d.line = Some(line);
            d.column = Some(column);
            Err(d)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_policy() {
        for name in [".git", ".DS_Store", "#a.md#", "a.md~", "a.md.swp", "a.bak"] {
            assert!(is_ignored_name(name), "{name}");
        }
        for name in ["a.md", "_category.yaml", "notes.txt"] {
            assert!(!is_ignored_name(name), "{name}");
        }
    }

    #[test]
    fn decode_names_line_of_bad_byte() {
        let d = decode(Path::new("q.md"), b"ok\nbad \xff here\n".to_vec()).unwrap_err();
        assert_eq!((d.line, d.column), (Some(2), Some(5)));
        let d = decode(Path::new("q.md"), "café ".bytes().chain([0xff]).collect()).unwrap_err();
        assert_eq!(d.column, Some(6), "columns count characters, not bytes");
        assert!(d.message.contains("0xff"));
    }

    #[test]
    fn decode_strips_bom() {
        assert_eq!(decode(Path::new("q.md"), b"\xef\xbb\xbfhi".to_vec()).unwrap(), "hi");
    }
}
