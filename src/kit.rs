//! Interview kits: resolving a kit definition, or command-line criteria, into an ordered
//! list of questions.
//!
//! Picks are deterministic: candidates are sorted by id and shuffled by a small generator
//! seeded from the kit id (or its `seed:`), so the same kit prints the same questions on every
//! build and every machine. A pick never repeats a question already in the kit. No I/O, no
//! clock, no hash-map order.

use std::collections::HashSet;

use crate::content::{Guide, KitDef, Pick, Question};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::slug::slugify;

/// A resolved kit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kit {
    /// The kit id (file stem, or `adhoc` for a command-line kit).
    pub id: String,
    /// The title.
    pub title: String,
    /// The level it is for, if one.
    pub level: Option<String>,
    /// The time budget in minutes.
    pub budget: u32,
    /// The role, for the header.
    pub role: Option<String>,
    /// The seed the picks used, printed in the footer so the kit can be reproduced.
    pub seed: String,
    /// Print model answers.
    pub answers: bool,
    /// The sections, with indexes into `Guide::questions`.
    pub sections: Vec<Section>,
}

/// A resolved section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading.
    pub title: String,
    /// Indexes into `Guide::questions`, in order.
    pub questions: Vec<usize>,
}

impl Kit {
    /// Every question index, in order.
    pub fn question_indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.sections.iter().flat_map(|s| s.questions.iter().copied())
    }

    /// The minutes of all questions.
    pub fn total_minutes(&self, guide: &Guide) -> u32 {
        self.question_indexes().map(|i| guide.questions[i].minutes).sum()
    }
}

/// SplitMix64: tiny, fast, and the same everywhere; plenty for shuffling a short list.
struct Rng(u64);

impl Rng {
    fn from_seed(seed: &str) -> Self {
        // FNV-1a over the seed text.
        let hash = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Rng(hash)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

fn seed_text(def: &KitDef) -> String {
    match &def.meta.seed {
        Some(serde_yaml::Value::String(s)) => s.clone(),
        Some(serde_yaml::Value::Number(n)) => n.to_string(),
        Some(serde_yaml::Value::Bool(b)) => b.to_string(),
        _ => def.id.clone(),
    }
}

/// What a pick (or a command-line kit) accepts.
#[derive(Debug, Clone, Default)]
struct Filter<'a> {
    categories: Vec<&'a str>,
    levels: Vec<&'a str>,
    kinds: Vec<&'a str>,
    tags: Vec<String>,
}

impl Filter<'_> {
    fn accepts(&self, q: &Question) -> bool {
        (self.categories.is_empty() || self.categories.contains(&q.category.as_str()))
            && (self.levels.is_empty() || self.levels.contains(&q.meta.level.as_str()))
            && (self.kinds.is_empty() || self.kinds.contains(&q.kind.as_str()))
            && (self.tags.is_empty() || q.meta.tags.iter().any(|t| self.tags.contains(&slugify(t))))
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (name, values) in
            [("category", &self.categories), ("level", &self.levels), ("kind", &self.kinds)]
        {
            if !values.is_empty() {
                parts.push(format!("{name} {}", values.join(" or ")));
            }
        }
        if !self.tags.is_empty() {
            parts.push(format!("tag {}", self.tags.join(" or ")));
        }
        if parts.is_empty() { "any question".into() } else { parts.join(", ") }
    }
}

/// Resolves every kit of the guide. Problems name the kit file and line.
pub fn resolve_all(guide: &Guide) -> (Vec<Kit>, Vec<Diagnostic>) {
    let mut kits = Vec::new();
    let mut problems = Vec::new();
    for def in &guide.kits {
        let (kit, mut p) = resolve(guide, def);
        problems.append(&mut p);
        kits.extend(kit);
    }
    kits.sort_by(|a, b| {
        let rank = |k: &Kit| k.level.as_deref().map_or(usize::MAX, |l| guide.config.level_rank(l));
        (rank(a), a.budget, &a.id).cmp(&(rank(b), b.budget, &b.id))
    });
    (kits, problems)
}

/// Resolves one kit definition.
pub fn resolve(guide: &Guide, def: &KitDef) -> (Option<Kit>, Vec<Diagnostic>) {
    let config = &guide.config;
    let src = &def.source;
    let file = &src.file;
    let mut problems = Vec::new();
    let meta = &def.meta;
    if let Some(level) = &meta.level {
        if config.level(level).is_none() {
            problems.push(src.at_key(
                unknown(file, "level", level, config.levels.iter().map(|l| l.id.as_str())),
                "level",
            ));
        }
    }
    if !(1..=600).contains(&meta.minutes) {
        let d = Diagnostic::error(file, format!("`minutes` is {}", meta.minutes));
        problems.push(
            src.at_key(d, "minutes").with_help("give the interview's length, 1 to 600 minutes"),
        );
    }
    if meta.sections.is_empty() {
        let d = Diagnostic::error(file, "the kit has no sections");
        problems.push(
            src.at_key(d, "sections")
                .with_help("add `sections:` with `questions:` lists or `pick:` rules"),
        );
    }
    let by_id: std::collections::HashMap<&str, usize> =
        guide.questions.iter().enumerate().map(|(i, q)| (q.id.as_str(), i)).collect();
    let mut used: HashSet<usize> = HashSet::new();
    let mut sections: Vec<Section> = Vec::new();
    for section in &meta.sections {
        let mut chosen = Vec::new();
        if section.questions.is_empty() && section.pick.is_none() {
            let d = Diagnostic::error(
                file,
                format!("the section `{}` has neither `questions` nor `pick`", section.title),
            );
            problems.push(
                src.at_value(d, "sections", &section.title)
                    .with_help("list question ids, or add a pick rule"),
            );
        }
        for id in &section.questions {
            match by_id.get(id.as_str()) {
                Some(&i) if used.insert(i) => chosen.push(i),
                Some(_) => {
                    let d = Diagnostic::error(file, format!("`{id}` is already in this kit"));
                    problems.push(
                        src.at_value(d, "sections", id)
                            .with_help("each question appears once per kit"),
                    );
                }
                None => {
                    let mut d = Diagnostic::error(file, format!("`{id}` is not a question"));
                    d = match did_you_mean(id, by_id.keys().copied()) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d.with_help("use a question id: its file name without .md"),
                    };
                    problems.push(src.at_value(d, "sections", id));
                }
            }
        }
        sections.push(Section { title: section.title.clone(), questions: chosen });
    }
    let mut rng = Rng::from_seed(&seed_text(def));
    for (section, out) in meta.sections.iter().zip(sections.iter_mut()) {
        let Some(pick) = &section.pick else { continue };
        match check_pick(guide, def, pick) {
            Ok(filter) => {
                let mut candidates: Vec<usize> = (0..guide.questions.len())
                    .filter(|i| !used.contains(i) && filter.accepts(&guide.questions[*i]))
                    .collect();
                if candidates.len() < pick.count || pick.count == 0 {
                    let message = if pick.count == 0 {
                        format!("the pick in section `{}` asks for 0 questions", section.title)
                    } else {
                        format!(
                            "the pick in section `{}` needs {} question{} ({}), but only {} {} left",
                            section.title,
                            pick.count,
                            if pick.count == 1 { "" } else { "s" },
                            filter.describe(),
                            candidates.len(),
                            if candidates.len() == 1 { "is" } else { "are" }
                        )
                    };
                    let d = Diagnostic::error(file, message);
                    problems.push(src.at_value(d, "sections", &section.title).with_help(
                        "lower `count`, widen the pick, or add questions; a pick never repeats a question already in the kit",
                    ));
                    continue;
                }
                rng.shuffle(&mut candidates);
                candidates.truncate(pick.count);
                let q = &guide.questions;
                candidates.sort_by_key(|&i| (config.level_rank(&q[i].meta.level), q[i].id.clone()));
                used.extend(candidates.iter().copied());
                out.questions.extend(candidates);
            }
            Err(d) => problems.push(src.at_value(*d, "sections", &section.title)),
        }
    }
    if problems.iter().any(|d| d.severity == crate::diagnostic::Severity::Error) {
        return (None, problems);
    }
    let kit = Kit {
        id: def.id.clone(),
        title: meta.title.clone(),
        level: meta.level.clone(),
        budget: meta.minutes,
        role: meta.role.clone(),
        seed: seed_text(def),
        answers: meta.answers,
        sections,
    };
    let total = kit.total_minutes(guide);
    if total > kit.budget {
        let d = Diagnostic::warning(
            file,
            format!("the questions take {total} minutes; the kit allows {}", kit.budget),
        );
        problems.push(src.at_key(d, "minutes").with_help("drop a question or raise `minutes`"));
    }
    (Some(kit), problems)
}

fn unknown<'a>(
    file: &std::path::Path,
    what: &str,
    value: &str,
    known: impl Iterator<Item = &'a str>,
) -> Diagnostic {
    let known: Vec<&str> = known.collect();
    let help = match did_you_mean(value, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.len() <= 12 => format!("this guide has: {}", known.join(", ")),
        None => format!("no {what} of that name exists in this guide"),
    };
    Diagnostic::error(file, format!("unknown {what} `{value}`")).with_help(help)
}

fn check_pick<'a>(
    guide: &'a Guide,
    def: &'a KitDef,
    pick: &'a Pick,
) -> Result<Filter<'a>, Box<Diagnostic>> {
    let config = &guide.config;
    let file = &def.source.file;
    let mut filter = Filter::default();
    if let Some(c) = &pick.category {
        if !guide.categories.iter().any(|cat| &cat.slug == c) {
            return Err(Box::new(unknown(
                file,
                "category",
                c,
                guide.categories.iter().map(|c| c.slug.as_str()),
            )));
        }
        filter.categories.push(c);
    }
    match pick.level.as_deref().or(def.meta.level.as_deref()) {
        Some("any") | None => {}
        Some(l) if config.level(l).is_some() => filter.levels.push(l),
        Some(l) => {
            return Err(Box::new(unknown(
                file,
                "level",
                l,
                config.levels.iter().map(|l| l.id.as_str()),
            )));
        }
    }
    if let Some(k) = &pick.kind {
        if config.kind(k).is_none() {
            return Err(Box::new(unknown(
                file,
                "kind",
                k,
                config.kinds.iter().map(|k| k.id.as_str()),
            )));
        }
        filter.kinds.push(k);
    }
    if let Some(t) = &pick.tag {
        let slug = slugify(t);
        let all: std::collections::BTreeSet<String> =
            guide.questions.iter().flat_map(|q| q.meta.tags.iter().map(|t| slugify(t))).collect();
        if !all.contains(&slug) {
            return Err(Box::new(unknown(
                file,
                "tag",
                t,
                all.iter().map(String::as_str).collect::<Vec<_>>().into_iter(),
            )));
        }
        filter.tags.push(slug);
    }
    Ok(filter)
}

/// What a command-line kit is made from.
#[derive(Debug, Clone, Default)]
pub struct Criteria {
    /// A level id (none: every level).
    pub level: Option<String>,
    /// Category slugs (none: all).
    pub categories: Vec<String>,
    /// Kind ids (none: all).
    pub kinds: Vec<String>,
    /// Tags (none: all).
    pub tags: Vec<String>,
    /// The time budget; the kit never exceeds it.
    pub minutes: u32,
    /// The seed (default: the criteria themselves, so the same command gives the same kit).
    pub seed: Option<String>,
    /// Print model answers.
    pub answers: bool,
}

/// Builds a kit from criteria: fills the budget, balanced across the chosen categories (round
/// robin in category order), never repeating a question and never going over the budget.
pub fn fill(guide: &Guide, criteria: &Criteria) -> Result<Kit, String> {
    let config = &guide.config;
    if let Some(l) = &criteria.level {
        if config.level(l).is_none() {
            return Err(unknown_plain("level", l, config.levels.iter().map(|l| l.id.as_str())));
        }
    }
    for c in &criteria.categories {
        if !guide.categories.iter().any(|cat| &cat.slug == c) {
            return Err(unknown_plain(
                "category",
                c,
                guide.categories.iter().map(|c| c.slug.as_str()),
            ));
        }
    }
    for k in &criteria.kinds {
        if config.kind(k).is_none() {
            return Err(unknown_plain("kind", k, config.kinds.iter().map(|k| k.id.as_str())));
        }
    }
    if criteria.minutes == 0 {
        return Err("--minutes must be at least 1".into());
    }
    let filter = Filter {
        categories: Vec::new(),
        levels: criteria.level.iter().map(String::as_str).collect(),
        kinds: criteria.kinds.iter().map(String::as_str).collect(),
        tags: criteria.tags.iter().map(|t| slugify(t)).collect(),
    };
    let seed = criteria.seed.clone().unwrap_or_else(|| {
        format!(
            "{}|{}|{}|{}|{}",
            criteria.level.as_deref().unwrap_or("any"),
            criteria.categories.join(","),
            criteria.kinds.join(","),
            criteria.tags.join(","),
            criteria.minutes
        )
    });
    let mut rng = Rng::from_seed(&seed);
    let cats: Vec<&str> = guide
        .categories
        .iter()
        .map(|c| c.slug.as_str())
        .filter(|c| criteria.categories.is_empty() || criteria.categories.iter().any(|x| x == c))
        .collect();
    let mut queues: Vec<Vec<usize>> = cats
        .iter()
        .map(|cat| {
            let mut qs: Vec<usize> = (0..guide.questions.len())
                .filter(|&i| {
                    guide.questions[i].category == *cat && filter.accepts(&guide.questions[i])
                })
                .collect();
            rng.shuffle(&mut qs);
            qs
        })
        .collect();
    let mut remaining = criteria.minutes;
    let mut picked: Vec<Vec<usize>> = vec![Vec::new(); cats.len()];
    loop {
        let mut added = false;
        for (queue, out) in queues.iter_mut().zip(picked.iter_mut()) {
            if let Some(pos) = queue.iter().position(|&i| guide.questions[i].minutes <= remaining) {
                let i = queue.remove(pos);
                remaining -= guide.questions[i].minutes;
                out.push(i);
                added = true;
            }
        }
        if !added {
            break;
        }
    }
    let sections: Vec<Section> = cats
        .iter()
        .zip(picked)
        .filter(|(_, qs)| !qs.is_empty())
        .map(|(cat, mut qs)| {
            let q = &guide.questions;
            qs.sort_by_key(|&i| (config.level_rank(&q[i].meta.level), q[i].id.clone()));
            let title = guide
                .categories
                .iter()
                .find(|c| c.slug == *cat)
                .map_or(cat.to_string(), |c| c.meta.title.clone());
            Section { title, questions: qs }
        })
        .collect();
    if sections.is_empty() {
        return Err(format!(
            "no question matches ({}) within {} minutes",
            filter.describe(),
            criteria.minutes
        ));
    }
    let level_title =
        criteria.level.as_deref().and_then(|l| config.level(l)).map(|l| l.title.clone());
    let title = match level_title {
        Some(level) => format!("{level} interview — {} minutes", criteria.minutes),
        None => format!("Interview — {} minutes", criteria.minutes),
    };
    Ok(Kit {
        id: "adhoc".into(),
        title,
        level: criteria.level.clone(),
        budget: criteria.minutes,
        role: None,
        seed,
        answers: criteria.answers,
        sections,
    })
}

fn unknown_plain<'a>(what: &str, value: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    match did_you_mean(value, known.iter().copied()) {
        Some(best) => format!("unknown {what} `{value}`; did you mean `{best}`?"),
        None => format!("unknown {what} `{value}`; known: {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The generator is part of the output format: a change reshuffles every printed kit.
    #[test]
    fn rng_is_stable_across_versions() {
        let mut rng = Rng::from_seed("mid-technical");
        let first: Vec<u64> = (0..3).map(|_| rng.next() % 1000).collect();
        let mut again = Rng::from_seed("mid-technical");
        assert_eq!(first, (0..3).map(|_| again.next() % 1000).collect::<Vec<_>>());
        let mut items: Vec<u32> = (0..10).collect();
        Rng::from_seed("x").shuffle(&mut items);
        let mut sorted = items.clone();
        sorted.sort();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_ne!(items, sorted);
    }
}
