//! Writing a site to disk, atomically and only where it is safe.
//!
//! A build writes its pages into a [`Staging`] folder beside the output folder as they are
//! rendered; the staging folder is swapped with the output folder only once every file is
//! written: a single `renameat2(RENAME_EXCHANGE)` on Linux,
//! two renames elsewhere. A failed or interrupted build leaves the previous site untouched.
//! Every folder this module creates carries a marker file; it replaces or removes only
//! folders that carry it (or a foreign folder with `--force`), and never writes outside the
//! output folder and its two siblings.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The marker file's name, in every folder hireguide owns.
pub const MARKER: &str = ".hireguide-output";
const MARKER_TEXT: &str =
    "This folder is written by `hireguide build` and replaced on every build.\n";

/// Why the output folder was not written.
#[derive(Debug)]
pub enum OutputError {
    /// The folder is one hireguide must never replace; `--force` does not help.
    Refused {
        /// The folder.
        path: PathBuf,
        /// Why.
        reason: String,
        /// What was to be written there.
        what: &'static str,
    },
    /// A non-empty folder without the marker; `--force` replaces it.
    Foreign(PathBuf),
    /// A filesystem error.
    Io {
        /// What was being done.
        action: String,
        /// The error.
        error: io::Error,
    },
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused { path, reason, what } => {
                write!(f, "refusing to write {what} to `{}`: {reason}", path.display())
            }
            OutputError::Foreign(path) => write!(
                f,
                "`{}` is not empty and was not made by hireguide; refusing to replace it (pass --force to replace it, or choose another --output)",
                path.display()
            ),
            OutputError::Io { action, error } => write!(f, "{action}: {error}"),
        }
    }
}

impl std::error::Error for OutputError {}

fn io_err(action: impl Into<String>) -> impl FnOnce(io::Error) -> OutputError {
    let action = action.into();
    move |error| OutputError::Io { action, error }
}

/// Makes `path` absolute and removes `.` and `..` without touching the disk, then resolves
/// symlinks in the longest prefix that exists.
fn normalise(path: &Path) -> io::Result<PathBuf> {
    let absolute =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut clean = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other.as_os_str()),
        }
    }
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Checks that `out` may hold the site of the guide at `source`. Returns the normalised path.
pub fn check_target(out: &Path, source: &Path) -> Result<PathBuf, OutputError> {
    let target = normalise(out).map_err(io_err("cannot resolve the output folder"))?;
    let source = normalise(source).map_err(io_err("cannot resolve the source folder"))?;
    let refuse = |reason: &str| {
        Err(OutputError::Refused {
            path: out.to_path_buf(),
            reason: reason.into(),
            what: "the site",
        })
    };
    if target.parent().is_none() {
        return refuse("it is the filesystem root");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if normalise(Path::new(&home)).is_ok_and(|h| h == target) {
            return refuse("it is the home folder");
        }
    }
    if source.starts_with(&target) {
        return refuse("it is the guide's source folder or contains it");
    }
    for inner in ["content", "templates", "static"] {
        if target.starts_with(source.join(inner)) {
            return refuse(&format!("it is inside the guide's {inner}/ folder"));
        }
    }
    Ok(target)
}

/// Refuses a highlight cache folder that a build would destroy or that would put files into
/// the guide: inside the output folder (swapped away with the old site) or inside `content/`,
/// `templates/` or `static/`.
pub fn check_cache_dir(cache: &Path, out: &Path, source: &Path) -> Result<(), OutputError> {
    let cache_dir = normalise(cache).map_err(io_err("cannot resolve the cache folder"))?;
    let target = normalise(out).map_err(io_err("cannot resolve the output folder"))?;
    let source = normalise(source).map_err(io_err("cannot resolve the source folder"))?;
    let refuse = |reason: String| {
        Err(OutputError::Refused { path: cache.to_path_buf(), reason, what: "the highlight cache" })
    };
    if cache_dir.starts_with(&target) {
        return refuse("it is inside the output folder, which every build replaces".into());
    }
    for inner in ["content", "templates", "static"] {
        if cache_dir.starts_with(source.join(inner)) {
            return refuse(format!("it is inside the guide's {inner}/ folder"));
        }
    }
    Ok(())
}

fn has_marker(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// Whether replacing `dir` would lose anything hireguide did not write.
fn is_foreign(dir: &Path) -> Result<bool, OutputError> {
    if !dir.exists() && !dir.is_symlink() {
        return Ok(false);
    }
    if !dir.is_dir() || dir.is_symlink() {
        return Ok(true);
    }
    if has_marker(dir) {
        return Ok(false);
    }
    let mut entries =
        fs::read_dir(dir).map_err(io_err(format!("cannot read `{}`", dir.display())))?;
    Ok(entries.next().is_some())
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    target.with_file_name(format!(".{name}.hireguide-{tag}-{}", std::process::id()))
}

/// Removes temporary and retired folders left beside `target` by a killed build. Only folders
/// carrying the marker are removed.
fn clean_stale(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else { return };
    let prefix = format!(".{}.hireguide-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_ours = entry.file_name().to_string_lossy().starts_with(&prefix);
        if is_ours && path.is_dir() && !path.is_symlink() && has_marker(&path) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// A build's temporary folder beside the output folder. Pages are written into it as they are
/// rendered; [`Staging::commit`] swaps it in, and dropping it uncommitted removes it, so a
/// failed or interrupted build never touches the previous site.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` may hold the site of the guide at `source`, and creates the folder.
    pub fn begin(out: &Path, source: &Path, force: bool) -> Result<Staging, OutputError> {
        let target = check_target(out, source)?;
        if is_foreign(&target)? && !force {
            return Err(OutputError::Foreign(out.to_path_buf()));
        }
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        fs::create_dir_all(&parent)
            .map_err(io_err(format!("cannot create `{}`", parent.display())))?;
        clean_stale(&target);
        let dir = sibling(&target, "new");
        fs::create_dir(&dir).map_err(io_err(format!("cannot create `{}`", dir.display())))?;
        let staging = Staging { target, dir, committed: false };
        fs::write(staging.dir.join(MARKER), MARKER_TEXT)
            .map_err(io_err("cannot write the marker file"))?;
        Ok(staging)
    }

    /// Swaps the finished site in for the previous one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        self.committed = true;
        let result = swap_in(&self.dir, &self.target);
        if result.is_err() {
            self.committed = false;
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && has_marker(&self.dir) {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), String> {
        let path = safe_join(&self.dir, Path::new(rel)).map_err(|e| e.to_string())?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
    }
}

/// Joins a relative output path, refusing anything that could leave the folder.
fn safe_join(dir: &Path, rel: &Path) -> Result<PathBuf, OutputError> {
    if rel.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(dir.join(rel))
    } else {
        Err(OutputError::Refused {
            path: rel.to_path_buf(),
            reason: "the path leaves the output folder".into(),
            what: "a page",
        })
    }
}

fn swap_in(staging: &Path, target: &Path) -> Result<(), OutputError> {
    let exists = target.exists() || target.is_symlink();
    if !exists {
        return fs::rename(staging, target)
            .map_err(io_err(format!("cannot move the site to `{}`", target.display())));
    }
    if target.is_dir() && !target.is_symlink() && exchange(staging, target).is_ok() {
        // `staging` now holds the previous site.
        return remove_retired(staging, target);
    }
    let retired = sibling(target, "old");
    fs::rename(target, &retired)
        .map_err(io_err(format!("cannot move `{}` aside", target.display())))?;
    if let Err(error) = fs::rename(staging, target) {
        let _ = fs::rename(&retired, target);
        return Err(OutputError::Io {
            action: format!("cannot move the site to `{}`", target.display()),
            error,
        });
    }
    if retired.is_dir() && !has_marker(&retired) {
        // A foreign folder replaced with --force: give it the marker so cleanup may take it.
        let _ = fs::write(retired.join(MARKER), MARKER_TEXT);
    }
    remove_retired(&retired, target)
}

fn remove_retired(retired: &Path, target: &Path) -> Result<(), OutputError> {
    let result = if retired.is_dir() && !retired.is_symlink() {
        fs::remove_dir_all(retired)
    } else {
        fs::remove_file(retired)
    };
    result.map_err(io_err(format!(
        "the new site is in `{}`, but the old one could not be removed",
        target.display()
    )))
}

/// Writes one file atomically (a temporary sibling, then a rename), refusing to replace
/// anything but a previous `.html` file.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    if path.extension().is_none_or(|e| e != "html") {
        return Err(OutputError::Refused {
            path: path.to_path_buf(),
            reason: "a kit file's name must end in .html".into(),
            what: "the kit",
        });
    }
    if path.is_dir() {
        return Err(OutputError::Refused {
            path: path.to_path_buf(),
            reason: "it is a folder".into(),
            what: "the kit",
        });
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.hireguide-{}", std::process::id()));
    fs::write(&temp, bytes).map_err(io_err(format!("cannot write `{}`", temp.display())))?;
    fs::rename(&temp, path).map_err(|error| {
        let _ = fs::remove_file(&temp);
        OutputError::Io { action: format!("cannot write `{}`", path.display()), error }
    })
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange on this platform"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let d = Path::new("/tmp/x");
        assert!(safe_join(d, Path::new("a/b.html")).is_ok());
        assert!(safe_join(d, Path::new("../b")).is_err());
        assert!(safe_join(d, Path::new("/etc/passwd")).is_err());
    }

    #[test]
    fn refuses_root_source_and_inner_folders() {
        let src = tempfile::tempdir().unwrap();
        let s = src.path();
        assert!(check_target(Path::new("/"), s).is_err());
        assert!(check_target(s, s).is_err());
        assert!(check_target(&s.join(".."), s).is_err());
        assert!(check_target(&s.join("content/out"), s).is_err());
        assert!(check_target(&s.join("static"), s).is_err());
        assert!(check_target(&s.join("public"), s).is_ok());
        assert!(check_target(&s.join("x/../public"), s).is_ok());
    }
}
