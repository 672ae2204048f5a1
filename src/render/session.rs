//! `serve`'s incremental rebuilds.
//!
//! A [`Session`] keeps what a full build worked out (the guide, its rendered Markdown, the
//! question summaries, the tag index, the search records and every output file), so that
//! after an edit to existing question files it reads only those files again and re-renders only
//! the pages that show them: the question's own page, the kits that include it, the search
//! index, and, when what lists show of it changed (title, kind, minutes, tags), its category,
//! level and tag pages, the all-questions and home pages, its neighbours and the questions that
//! name it as related. Anything else (a new, removed or renamed file, a changed level or draft
//! flag, a tag that appears or disappears, site.yaml, templates, static files, pages, kits)
//! is [`Update::Unsupported`], and the caller builds the whole site again.
//!
//! The result is the same site a full build makes of the same files; `tests/serve.rs` checks
//! that byte for byte.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::{
    Bodies, Output, RenderFailure, Resolver, Selection, Site, Summary, TagIndex, add_fragments,
    build_resolver, build_site, diag_from_problem, join_search_records, palette, render_bodies,
    search_record, summary, tag_index, write_pages,
};
use crate::assets::Theme;
use crate::content::{Guide, Question, reload_question};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::highlight::{Cache, CacheStats, Highlighter, Palette};
use crate::kit::{self, Kit};
use crate::lint;
use crate::markdown;
use rayon::prelude::*;

/// What an edit replaced, to put back if the update fails: the question's index, the
/// question, its rendered answer, its summary and its template value.
type Undo = (usize, Question, markdown::Rendered, Summary, tera::Value);

/// A built site that can be brought up to date after edits to question files.
pub struct Session {
    guide: Guide,
    theme: Theme,
    kits: Vec<Kit>,
    palette: Palette,
    /// Highlighted blocks, kept in memory for the life of the server.
    cache: Arc<Cache>,
    resolver: Resolver,
    base_path: String,
    bodies: Bodies,
    summaries: Vec<Summary>,
    /// The summaries as template values, kept in step with `summaries`.
    values: Vec<tera::Value>,
    tags: TagIndex,
    search: Vec<String>,
    output: Output,
    /// Files whose last edit failed: read again on every update until they load.
    pending: BTreeSet<PathBuf>,
    /// The full build's warnings about the guide's files (not its questions' content).
    file_warnings: Vec<Diagnostic>,
    /// Warnings of the kits as resolved now (over their time budget).
    kit_warnings: Vec<Diagnostic>,
    /// Each question's own lint warnings, by question index.
    question_lints: Vec<Vec<Diagnostic>>,
    /// The lint warnings across questions (duplicate titles, near-duplicate tags, kits).
    guide_lints: Vec<Diagnostic>,
    /// Each question's title as the duplicate-title rule compares it, by question index.
    title_keys: Vec<String>,
    /// Each question's file (relative to the guide root) and its index.
    files: HashMap<PathBuf, usize>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("files", &self.output.files.len()).finish_non_exhaustive()
    }
}

/// What an update did.
#[derive(Debug)]
pub enum Update {
    /// The change is not one an update can make; build the whole site.
    Unsupported,
    /// The edited files have errors; the session still holds the last good site.
    Failed(Vec<Diagnostic>),
    /// The site is up to date: this many files were rewritten.
    Done {
        /// Files rewritten.
        rewritten: usize,
    },
}

impl Session {
    /// Renders the whole guide into memory and keeps what later updates need. `file_warnings`
    /// are the loader's warnings about files it ignored; question edits cannot change them.
    pub fn new(
        guide: Guide,
        theme: Theme,
        kits: Vec<Kit>,
        file_warnings: Vec<Diagnostic>,
        cache: Arc<Cache>,
    ) -> Result<Session, RenderFailure> {
        let base_path = guide.config.base_path();
        let resolver = build_resolver(&guide, &base_path);
        let palette = palette(&guide).map_err(RenderFailure::Content)?;
        let stats = CacheStats::default();
        let code = Highlighter::new(&palette, &cache, &stats);
        let bodies =
            render_bodies(&guide, &kits, &resolver, &code, None).map_err(RenderFailure::Content)?;
        let sink = Mutex::new(Output::default());
        let (summaries, values, tags, search) = {
            let mut site = build_site(&guide, base_path.clone());
            add_fragments(&mut site, &theme, None).map_err(RenderFailure::Content)?;
            let answer_of = |i: usize| Ok(bodies.answers[i].html.clone());
            let written =
                write_pages(&site, &theme, &kits, &bodies, &answer_of, &sink, &Selection::All)?;
            let mut paths: Vec<String> = written.into_iter().map(|(p, _)| p).collect();
            paths.sort();
            let search: Vec<String> =
                (0..guide.questions.len()).map(|i| search_record(&site, i)).collect();
            let index = join_search_records(&search);
            let mut output = sink.lock().unwrap_or_else(|e| e.into_inner());
            for (path, bytes) in super::extra_files(&site, &theme, &palette, index, &paths) {
                output.files.insert(path, bytes.into());
            }
            (site.summaries, site.values, site.tags, search)
        };
        let output = sink.into_inner().unwrap_or_else(|e| e.into_inner());
        let question_lints =
            guide.questions.par_iter().map(|q| lint::question_warnings(&guide, q)).collect();
        let title_keys: Vec<String> = guide.questions.par_iter().map(lint::title_key).collect();
        let guide_lints = lint::guide_warnings_with(&guide, &title_keys);
        let files =
            guide.questions.iter().enumerate().map(|(i, q)| (q.source.file.clone(), i)).collect();
        let kit_warnings = kit::resolve_all(&guide).1;
        Ok(Session {
            guide,
            theme,
            kits,
            palette,
            cache,
            resolver,
            base_path,
            bodies,
            summaries,
            values,
            tags,
            search,
            output,
            pending: BTreeSet::new(),
            file_warnings,
            kit_warnings,
            question_lints,
            guide_lints,
            title_keys,
            files,
        })
    }

    /// The whole site as it stands.
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// The guide as it stands.
    pub fn guide(&self) -> &Guide {
        &self.guide
    }

    /// Brings the site up to date after `changed` files (relative to the guide root) were
    /// saved. See the module documentation for what it can do.
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let mut paths: BTreeSet<PathBuf> = changed.iter().cloned().collect();
        paths.extend(self.pending.iter().cloned());
        let mut edits: Vec<(usize, Question, markdown::Rendered)> = Vec::new();
        let mut errors = Vec::new();
        let stats = CacheStats::default();
        let code = Highlighter::new(&self.palette, &self.cache, &stats);
        for rel in &paths {
            let Some(&i) = self.files.get(rel) else {
                if self.guide.root.join(rel).symlink_metadata().is_err() {
                    // An editor's or a tool's temporary file that came and went.
                    continue;
                }
                return Update::Unsupported;
            };
            if !self.guide.root.join(rel).is_file() {
                return Update::Unsupported;
            }
            match reload_question(&self.guide, rel) {
                None => return Update::Unsupported,
                Some(Err(problems)) => errors.extend(problems),
                Some(Ok(q)) => {
                    let old = &self.guide.questions[i];
                    if q.meta.level != old.meta.level || q.meta.draft != old.meta.draft {
                        // The question moves in the display order, or in or out of the site.
                        return Update::Unsupported;
                    }
                    let answer =
                        markdown::render(q.source.body(), &q.source.file, &self.resolver, &code);
                    errors.extend(
                        answer.problems.iter().cloned().map(|p| diag_from_problem(&q.source, p)),
                    );
                    edits.push((i, q, answer));
                }
            }
        }
        if !errors.is_empty() {
            self.pending = paths;
            return Update::Failed(errors);
        }
        match self.apply(edits) {
            Ok(update) => {
                self.pending =
                    if matches!(update, Update::Failed(_)) { paths } else { BTreeSet::new() };
                update
            }
            Err(update) => update,
        }
    }

    /// Puts the edited questions in, re-renders what shows them, and on any problem puts the
    /// old ones back. `Err` carries an update that needs no pending bookkeeping.
    fn apply(
        &mut self,
        edits: Vec<(usize, Question, markdown::Rendered)>,
    ) -> Result<Update, Update> {
        let old_kits = self.kits.clone();
        let old_kit_warnings = self.kit_warnings.clone();
        let mut undo: Vec<Undo> = Vec::new();
        let mut dirty_paths: HashSet<String> = HashSet::new();
        let mut dirty_questions: BTreeSet<usize> = BTreeSet::new();
        let mut tags_changed = false;
        let mut summaries_changed = false;
        for (i, q, answer) in edits {
            let old_q = std::mem::replace(&mut self.guide.questions[i], q);
            let old_answer = std::mem::replace(&mut self.bodies.answers[i], answer);
            let new_summary = summary(&self.guide, i, &self.base_path);
            let old_summary = std::mem::replace(&mut self.summaries[i], new_summary);
            dirty_questions.insert(i);
            if old_summary != self.summaries[i] {
                summaries_changed = true;
                let s = &self.summaries[i];
                dirty_paths.insert("index.html".into());
                dirty_paths.insert("questions/index.html".into());
                dirty_paths.insert(format!("questions/{}/index.html", s.category.id));
                dirty_paths.insert(format!("levels/{}/index.html", s.level.id));
                for t in old_summary.tags.iter().chain(&s.tags) {
                    dirty_paths.insert(format!("tags/{}/index.html", t.slug));
                }
                tags_changed |= old_summary.tags != s.tags;
                // Neighbours show its title as previous/next; related questions list it.
                let same_category = |j: usize| {
                    self.guide.questions.get(j).is_some_and(|o| o.category == s.category.id)
                };
                if i > 0 && same_category(i - 1) {
                    dirty_questions.insert(i - 1);
                }
                if same_category(i + 1) {
                    dirty_questions.insert(i + 1);
                }
                let id = &self.guide.questions[i].id;
                for (j, other) in self.guide.questions.iter().enumerate() {
                    if other.meta.related.iter().any(|r| r == id) {
                        dirty_questions.insert(j);
                    }
                }
            }
            let old_value = self.values[i].clone();
            undo.push((i, old_q, old_answer, old_summary, old_value));
        }
        let revert = |session: &mut Session, undo: Vec<Undo>| {
            for (i, q, answer, summary, value) in undo.into_iter().rev() {
                session.guide.questions[i] = q;
                session.bodies.answers[i] = answer;
                session.values[i] = value;
                session.summaries[i] = summary;
                session.title_keys[i] = lint::title_key(&session.guide.questions[i]);
            }
            session.kits = old_kits.clone();
            session.kit_warnings = old_kit_warnings.clone();
        };
        if tags_changed {
            let tags = tag_index(&self.summaries);
            let same_tags = tags.len() == self.tags.len()
                && tags
                    .iter()
                    .zip(&self.tags)
                    .all(|((a, (an, _)), (b, (bn, _)))| a == b && an == bn);
            if !same_tags {
                // A tag page appears or disappears, or a tag is spelt anew: build everything.
                revert(self, undo);
                return Err(Update::Unsupported);
            }
            self.tags = tags;
            dirty_paths.insert("tags/index.html".into());
        }

        // Kits pick by level, kind, tags and minutes: resolve them again against the edit.
        let (kits, problems) = kit::resolve_all(&self.guide);
        if problems.iter().any(|d| d.severity == crate::diagnostic::Severity::Error) {
            revert(self, undo);
            return Ok(Update::Failed(problems));
        }
        if kits != self.kits {
            dirty_paths.insert("kits/index.html".into());
            for k in kits.iter().chain(&self.kits) {
                dirty_paths.insert(format!("kits/{}/index.html", k.id));
            }
        } else {
            // A kit page shows its questions' rubrics and answers, and their titles.
            for k in &kits {
                if k.question_indexes().any(|j| dirty_questions.contains(&j)) {
                    dirty_paths.insert(format!("kits/{}/index.html", k.id));
                }
            }
        }
        self.kits = kits;
        self.kit_warnings = problems;

        let sink = Mutex::new(Output::default());
        let questions: Vec<usize> = dirty_questions.into_iter().collect();
        // The lint rules read only the guide: they run while the pages render.
        let edited: Vec<usize> = undo.iter().map(|u| u.0).collect();
        for &i in &edited {
            self.title_keys[i] = lint::title_key(&self.guide.questions[i]);
        }
        let guide = &self.guide;
        let title_keys = &self.title_keys;
        let lints = || {
            let own: Vec<Vec<Diagnostic>> = edited
                .iter()
                .map(|&i| lint::question_warnings(guide, &guide.questions[i]))
                .collect();
            // Titles and tags are compared across the guide.
            (own, summaries_changed.then(|| lint::guide_warnings_with(guide, title_keys)))
        };
        let render = || {
            let mut site = Site {
                guide,
                base_path: self.base_path.clone(),
                summaries: std::mem::take(&mut self.summaries),
                values: std::mem::take(&mut self.values),
                tags: std::mem::take(&mut self.tags),
            };
            let selection = Selection::Only { paths: &dirty_paths, questions: &questions };
            let bodies = &self.bodies;
            let answer_of = |i: usize| Ok(bodies.answers[i].html.clone());
            let rendered = match add_fragments(&mut site, &self.theme, Some(&edited)) {
                Ok(()) => write_pages(
                    &site,
                    &self.theme,
                    &self.kits,
                    bodies,
                    &answer_of,
                    &sink,
                    &selection,
                ),
                Err(problems) => Err(RenderFailure::Content(problems)),
            };
            for &i in &questions {
                self.search[i] = search_record(&site, i);
            }
            self.summaries = site.summaries;
            self.values = site.values;
            self.tags = site.tags;
            rendered
        };
        let (rendered, (own_lints, guide_lints)) = rayon::join(render, lints);
        let written = match rendered {
            Ok(written) => written,
            Err(RenderFailure::Content(d)) => {
                revert(self, undo);
                return Ok(Update::Failed(d.sorted()));
            }
            Err(RenderFailure::Write(e)) => {
                revert(self, undo);
                let root: &Path = &self.guide.root;
                return Ok(Update::Failed(vec![Diagnostic::error(root, e)]));
            }
        };
        for (&i, lints) in edited.iter().zip(own_lints) {
            self.question_lints[i] = lints;
        }
        if let Some(lints) = guide_lints {
            self.guide_lints = lints;
        }
        let mut output = sink.into_inner().unwrap_or_else(|e| e.into_inner());
        output.files.insert("search-index.json".into(), join_search_records(&self.search).into());
        let rewritten = written.len() + 1;
        self.output.files.append(&mut output.files);
        Ok(Update::Done { rewritten })
    }

    /// The warnings of the guide as it stands: ignored files, kits over their time budget,
    /// and the lint rules, as a full build reports them.
    pub fn warnings(&self) -> Diagnostics {
        let mut all: Diagnostics = self.file_warnings.iter().cloned().collect();
        all.extend(self.kit_warnings.iter().cloned());
        all.extend(self.question_lints.iter().flatten().cloned());
        all.extend(self.guide_lints.iter().cloned());
        all
    }
}
