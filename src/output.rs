//! Writing a site to disk, atomically and only where it is safe.
//!
//! A build writes its pages into a [`Staging`] folder beside the output folder as they are
//! rendered; the staging folder is swapped with the output folder only once every file is
//! written: a single `renameat2(RENAME_EXCHANGE)` on Linux,
//! two renames elsewhere. A failed or interrupted build leaves the previous site untouched.
//! Every folder this module creates carries a marker file; it replaces or removes only
//! folders that carry it (or a foreign folder with `--force`), and never writes outside the
//! output folder and its two siblings, except into a cache folder the user names.
//!
//! With a cache folder (`--cache-dir`), the previous site is not deleted after the swap: it
//! is kept there as a spare, with a manifest of every file's size, modification time and
//! hash. The next build claims the spare as its staging folder and writes only the files
//! whose content differs from what the manifest records (or whose size or time on disk no
//! longer match it); files it does not write are removed, as is anything the manifest does not
//! list and every symlink. So a rebuild of an unchanged guide rewrites nothing, and the result
//! is the same tree a fresh build makes. Without a cache folder nothing is kept.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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

/// Checks that `out` may hold the site of the guide at `source` and that replacing it loses
/// nothing hireguide did not write (unless `force`). Returns the normalised path.
pub fn check_output(out: &Path, source: &Path, force: bool) -> Result<PathBuf, OutputError> {
    let target = check_target(out, source)?;
    if is_foreign(&target)? && !force {
        return Err(OutputError::Foreign(out.to_path_buf()));
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
    if target.starts_with(&cache_dir) {
        return refuse("it holds the output folder; keep the two apart".into());
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

/// One file of a published tree, as its manifest records it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recorded {
    size: u64,
    mtime_ns: i128,
    hash: [u8; 32],
}

/// Output path (forward slashes) → what the file held when it was written.
type Manifest = HashMap<String, Recorded>;

const MANIFEST_HEADER: &str = "hireguide-manifest 2";
const SPARE: &str = "site";
const LIVE_MANIFEST: &str = "site.manifest";
const SPARE_MANIFEST: &str = ".hireguide-manifest";

/// What a build records, beside the site's manifest, about the inputs it was built from: the
/// next build with the same stamp and an intact site has nothing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// A hash of every input: the guide's files as they stood, the options, the program.
    pub inputs: [u8; 32],
    /// A line the caller keeps with it (the build's counts), without tabs or newlines.
    pub note: String,
}

fn mtime_ns(meta: &fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(-1, |d| d.as_nanos() as i128)
}

fn to_hex(bytes: &[u8; 32]) -> impl std::fmt::Display {
    blake3::Hash::from(*bytes).to_hex()
}

fn from_hex(hex: &str) -> Option<[u8; 32]> {
    blake3::Hash::from_hex(hex).ok().map(|h| *h.as_bytes())
}

/// Writes a manifest: a header naming the site's folder, a stamp line (`-` when there is
/// none), then `hash size mtime path` per file, tab-separated.
fn write_manifest(
    path: &Path,
    target: &Path,
    manifest: &Manifest,
    stamp: Option<&Stamp>,
) -> io::Result<()> {
    let mut entries: Vec<(&String, &Recorded)> = manifest.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut text = format!("{MANIFEST_HEADER}\t{}\n", target.display());
    match stamp {
        Some(stamp) => {
            text.push_str(&format!("stamp\t{}\t{}\n", to_hex(&stamp.inputs), stamp.note))
        }
        None => text.push_str("stamp\t-\n"),
    }
    for (rel, r) in entries {
        text.push_str(&format!("{}\t{}\t{}\t{rel}\n", to_hex(&r.hash), r.size, r.mtime_ns));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads a manifest written for the site at `target`; `None` if it is missing, damaged, of
/// another format or about another folder.
fn read_manifest(path: &Path, target: &Path) -> Option<(Manifest, Option<Stamp>)> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let (header, of) = lines.next()?.split_once('\t')?;
    if header != MANIFEST_HEADER || of != target.display().to_string() {
        return None;
    }
    let mut stamp_line = lines.next()?.splitn(3, '\t');
    if stamp_line.next()? != "stamp" {
        return None;
    }
    let stamp = match stamp_line.next()? {
        "-" => None,
        hex => Some(Stamp { inputs: from_hex(hex)?, note: stamp_line.next()?.to_string() }),
    };
    let mut manifest = Manifest::new();
    for line in lines {
        let mut fields = line.splitn(4, '\t');
        let (hash, size, mtime, rel) =
            (fields.next()?, fields.next()?, fields.next()?, fields.next()?);
        let recorded = Recorded {
            size: size.parse().ok()?,
            mtime_ns: mtime.parse().ok()?,
            hash: from_hex(hash)?,
        };
        manifest.insert(rel.to_string(), recorded);
    }
    Some((manifest, stamp))
}

/// The note of the build that made the site in `out`, when that build was stamped with
/// `inputs` and the site is exactly as it left it: every file the manifest in the cache
/// folder `keep` lists, with its size and modification time, and nothing else (no other file
/// or folder, no symlink). `None` whenever anything differs or cannot be read; the caller
/// then builds.
pub fn unchanged_site(out: &Path, source: &Path, keep: &Path, inputs: &[u8; 32]) -> Option<String> {
    let target = check_target(out, source).ok()?;
    let keep = normalise(keep).ok()?;
    let (manifest, stamp) = read_manifest(&keep.join(LIVE_MANIFEST), &target)?;
    let stamp = stamp.filter(|s| s.inputs == *inputs)?;
    if target.is_symlink() || !has_marker(&target) {
        return None;
    }
    let mut folders: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for rel in manifest.keys() {
        let mut end = rel.len();
        while let Some(slash) = rel[..end].rfind('/') {
            if !folders.insert(&rel[..slash]) {
                break;
            }
            end = slash;
        }
    }
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&target).min_depth(1) {
        let entry = entry.ok()?;
        let rel = relative_key(&target, entry.path());
        let kind = entry.file_type();
        if kind.is_dir() && folders.contains(rel.as_str()) {
            continue;
        }
        if !kind.is_file() {
            return None;
        }
        if rel == MARKER {
            continue;
        }
        let recorded = manifest.get(&rel)?;
        let meta = entry.metadata().ok()?;
        if meta.len() != recorded.size || mtime_ns(&meta) != recorded.mtime_ns {
            return None;
        }
        files += 1;
    }
    (files == manifest.len()).then_some(stamp.note)
}

fn claim_spare(keep: &Path, target: &Path, dir: &Path) -> Option<Manifest> {
    let spare = keep.join(SPARE);
    if !has_marker(&spare) || spare.is_symlink() {
        return None;
    }
    let manifest = read_manifest(&spare.join(SPARE_MANIFEST), target).map(|(m, _)| m);
    let claimed = manifest.is_some() && fs::rename(&spare, dir).is_ok();
    if !claimed {
        // Damaged, made for another folder, or on another filesystem: not worth keeping.
        let _ = fs::remove_dir_all(&spare);
        return None;
    }
    let _ = fs::remove_file(dir.join(SPARE_MANIFEST));
    let manifest = manifest?;
    for entry in walkdir::WalkDir::new(dir).min_depth(1).contents_first(true).into_iter().flatten()
    {
        let rel = relative_key(dir, entry.path());
        let unknown = entry.file_type().is_file() && rel != MARKER && !manifest.contains_key(&rel);
        if entry.path_is_symlink() || unknown {
            let _ = fs::remove_file(entry.path());
        } else if entry.file_type().is_dir() {
            // Only succeeds for a folder left empty.
            let _ = fs::remove_dir(entry.path());
        }
    }
    Some(manifest)
}

/// `path` inside `dir` as an output path with forward slashes.
fn relative_key(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Keeps the previous site (`retired`, just swapped out) in `keep` as the next build's spare,
/// with the manifest it was published with. Returns whether it was kept.
fn keep_spare(keep: &Path, retired: &Path, target: &Path) -> bool {
    let live = keep.join(LIVE_MANIFEST);
    if !has_marker(retired) || retired.is_symlink() || read_manifest(&live, target).is_none() {
        return false;
    }
    if fs::rename(&live, retired.join(SPARE_MANIFEST)).is_err() {
        return false;
    }
    let spare = keep.join(SPARE);
    if spare.exists() || spare.is_symlink() {
        if !has_marker(&spare) || spare.is_symlink() {
            return false;
        }
        let _ = fs::remove_dir_all(&spare);
    }
    fs::rename(retired, &spare).is_ok()
}

/// A build's temporary folder beside the output folder. Pages are written into it as they are
/// rendered; [`Staging::commit`] swaps it in, and dropping it uncommitted removes it, so a
/// failed or interrupted build never touches the previous site.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// The cache folder that keeps the previous site for reuse (`--cache-dir`).
    keep: Option<PathBuf>,
    /// What the staging folder already holds, when it is the reused previous site.
    reused: Option<Manifest>,
    /// Every file this build wrote or kept as it was: the next manifest (only with `keep`).
    written: Mutex<Manifest>,
    /// Files of the reused site left as they were.
    kept: std::sync::atomic::AtomicUsize,
    /// What the site is built from, kept with its manifest.
    stamp: Option<Stamp>,
}

impl Staging {
    /// Checks that `out` may hold the site of the guide at `source`, and creates the folder.
    /// With `keep` (a cache folder), the previous site kept there is reused when it can be.
    pub fn begin(
        out: &Path,
        source: &Path,
        force: bool,
        keep: Option<&Path>,
    ) -> Result<Staging, OutputError> {
        let target = check_output(out, source, force)?;
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        fs::create_dir_all(&parent)
            .map_err(io_err(format!("cannot create `{}`", parent.display())))?;
        clean_stale(&target);
        let dir = sibling(&target, "new");
        let keep = match keep {
            Some(k) => {
                fs::create_dir_all(k)
                    .map_err(io_err(format!("cannot create `{}`", k.display())))?;
                Some(normalise(k).map_err(io_err("cannot resolve the cache folder"))?)
            }
            None => None,
        };
        let reused = keep.as_deref().and_then(|k| claim_spare(k, &target, &dir));
        if reused.is_none() {
            fs::create_dir(&dir).map_err(io_err(format!("cannot create `{}`", dir.display())))?;
        }
        let staging = Staging {
            target,
            dir,
            committed: false,
            keep,
            reused,
            written: Mutex::default(),
            kept: Default::default(),
            stamp: None,
        };
        if staging.reused.is_none() {
            fs::write(staging.dir.join(MARKER), MARKER_TEXT)
                .map_err(io_err("cannot write the marker file"))?;
        }
        Ok(staging)
    }

    /// Swaps the finished site in for the previous one.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let written = std::mem::take(self.written.get_mut().unwrap_or_else(|e| e.into_inner()));
        if let Some(reused) = &self.reused {
            // Pages of the reused site that this build did not make.
            for rel in reused.keys().filter(|rel| !written.contains_key(*rel)) {
                let path = self.dir.join(rel);
                if fs::remove_file(&path).is_ok() {
                    let mut parent = path.parent();
                    while let Some(p) = parent.filter(|p| *p != self.dir) {
                        if fs::remove_dir(p).is_err() {
                            break;
                        }
                        parent = p.parent();
                    }
                }
            }
        }
        self.committed = true;
        let retired = match swap_in(&self.dir, &self.target) {
            Ok(retired) => retired,
            Err(e) => {
                self.committed = false;
                return Err(e);
            }
        };
        if let Some(keep) = &self.keep {
            let kept = retired.as_ref().is_some_and(|r| keep_spare(keep, r, &self.target));
            if let Some(retired) = retired.filter(|_| !kept) {
                remove_retired(&retired, &self.target)?;
            }
            // Without it the next build starts afresh: slower, never wrong.
            let stamp = self.stamp.as_ref();
            let _ = write_manifest(&keep.join(LIVE_MANIFEST), &self.target, &written, stamp);
        } else if let Some(retired) = retired {
            remove_retired(&retired, &self.target)?;
        }
        Ok(())
    }

    /// Records, with the manifest [`Self::commit`] writes, what this site was built from
    /// (only kept with a cache folder), for [`unchanged_site`] to compare the next build with.
    pub fn set_stamp(&mut self, stamp: Stamp) {
        self.stamp = Some(stamp);
    }

    /// How many files were left as they were in the reused previous site.
    pub fn kept(&self) -> usize {
        self.kept.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn record(&self, rel: &str, recorded: Recorded) {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), recorded);
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
        let hash = self.keep.is_some().then(|| *blake3::hash(&bytes).as_bytes());
        if let (Some(reused), Some(hash)) = (&self.reused, hash) {
            // Unchanged since the reused site was written, and untouched on disk: keep it.
            if let Some(old) = reused.get(rel).filter(|o| o.hash == hash) {
                let on_disk = fs::symlink_metadata(&path).ok().filter(|m| m.is_file());
                if on_disk.is_some_and(|m| m.len() == old.size && mtime_ns(&m) == old.mtime_ns) {
                    self.record(rel, old.clone());
                    self.kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(());
                }
            }
            make_room(&self.dir, &path);
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        fs::write(&path, &bytes).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        if let Some(hash) = hash {
            let meta = fs::metadata(&path)
                .map_err(|e| format!("cannot read back `{}`: {e}", path.display()))?;
            self.record(rel, Recorded { size: meta.len(), mtime_ns: mtime_ns(&meta), hash });
        }
        Ok(())
    }
}

/// In a reused site, clears the way for a file at `path`: a folder where the file goes, or a
/// file where one of its folders goes, is removed.
fn make_room(dir: &Path, path: &Path) {
    if fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        let _ = fs::remove_dir_all(path);
    }
    let mut ancestor = path.parent();
    while let Some(a) = ancestor.filter(|a| *a != dir) {
        if fs::symlink_metadata(a).is_ok_and(|m| !m.is_dir()) {
            let _ = fs::remove_file(a);
        }
        ancestor = a.parent();
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

/// Puts the staging folder in place of `target`; returns where the previous site now is.
fn swap_in(staging: &Path, target: &Path) -> Result<Option<PathBuf>, OutputError> {
    let exists = target.exists() || target.is_symlink();
    if !exists {
        return fs::rename(staging, target)
            .map(|()| None)
            .map_err(io_err(format!("cannot move the site to `{}`", target.display())));
    }
    if target.is_dir() && !target.is_symlink() && exchange(staging, target).is_ok() {
        // `staging` now holds the previous site.
        return Ok(Some(staging.to_path_buf()));
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
    Ok(Some(retired))
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
