//! Kit pages: the kits index, one printable page per kit, and the self-contained kit file.
//!
//! A kit page reuses the question fragments already rendered for the site (answers, rubric
//! bullets), so nothing is parsed twice.

use serde::Serialize;

use super::{Job, Named, Site, Summary, job};
use crate::config::Score;
use crate::kit::Kit;
use crate::markdown::{self, render_inline};

/// A kit in listings.
#[derive(Serialize, Clone)]
pub(super) struct KitLink {
    id: String,
    title: String,
    url: String,
    level: Option<Named>,
    minutes: u32,
    questions: usize,
    total_minutes: u32,
}

#[derive(Serialize)]
struct KitQuestion<'a> {
    number: usize,
    #[serde(flatten)]
    summary: &'a Summary,
    area: Option<String>,
    listen_for: Vec<String>,
    strong: Vec<String>,
    red_flags: Vec<String>,
    follow_ups: Vec<String>,
    answer_html: &'a str,
    /// Ruled note lines, sized to the question's minutes.
    note_lines: usize,
}

#[derive(Serialize)]
struct KitSection<'a> {
    title: String,
    start: String,
    end: String,
    minutes: u32,
    questions: Vec<KitQuestion<'a>>,
}

#[derive(Serialize)]
struct AreaRow {
    title: String,
    weight: u32,
}

#[derive(Serialize)]
struct KitCtx<'a> {
    id: &'a str,
    title: &'a str,
    level: Option<Named>,
    role: Option<&'a str>,
    budget: u32,
    total_minutes: u32,
    question_count: usize,
    seed: &'a str,
    answers: bool,
    instructions_html: &'a str,
    sections: Vec<KitSection<'a>>,
    scoring: &'a [Score],
    areas: Vec<AreaRow>,
    recommendations: [&'static str; 4],
    candidate: Option<&'a str>,
}

/// `0:05`, `1:20`: minute marks for the time plan.
fn clock(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

pub(super) fn links(site: &Site<'_>, kits: &[Kit]) -> Vec<KitLink> {
    kits.iter()
        .map(|k| KitLink {
            id: k.id.clone(),
            title: k.title.clone(),
            url: site.url(&format!("kits/{}/", k.id)),
            level: k.level.as_deref().and_then(|l| site.guide.config.level(l)).map(|l| Named {
                id: l.id.clone(),
                title: l.title.clone(),
                url: site.url(&format!("levels/{}/", l.id)),
            }),
            minutes: k.budget,
            questions: k.question_indexes().count(),
            total_minutes: k.total_minutes(site.guide),
        })
        .collect()
}

/// The context of one kit page. `answers` are the rendered answers of every question.
fn context<'a>(
    site: &'a Site<'a>,
    kit: &'a Kit,
    answers: &'a [markdown::Rendered],
    instructions_html: &'a str,
    candidate: Option<&'a str>,
) -> KitCtx<'a> {
    let guide = site.guide;
    let config = &guide.config;
    let bullets = |items: &[String]| items.iter().map(|s| render_inline(s)).collect::<Vec<_>>();
    let mut number = 0;
    let mut elapsed = 0;
    let sections = kit
        .sections
        .iter()
        .map(|section| {
            let start = elapsed;
            let questions: Vec<KitQuestion<'a>> = section
                .questions
                .iter()
                .map(|&i| {
                    let q = &guide.questions[i];
                    number += 1;
                    elapsed += q.minutes;
                    KitQuestion {
                        number,
                        summary: &site.summaries[i],
                        area: q
                            .area
                            .as_deref()
                            .and_then(|a| config.area(a))
                            .map(|a| a.title.clone()),
                        listen_for: bullets(&q.meta.rubric.listen_for),
                        strong: bullets(&q.meta.rubric.strong),
                        red_flags: bullets(&q.meta.rubric.red_flags),
                        follow_ups: bullets(&q.meta.follow_ups),
                        answer_html: answers.get(i).map_or("", |r| r.html.as_str()),
                        note_lines: (q.minutes as usize).clamp(3, 10),
                    }
                })
                .collect();
            KitSection {
                title: section.title.clone(),
                start: clock(start),
                end: clock(elapsed),
                minutes: elapsed - start,
                questions,
            }
        })
        .collect();
    KitCtx {
        id: &kit.id,
        title: &kit.title,
        level: kit.level.as_deref().and_then(|l| config.level(l)).map(|l| Named {
            id: l.id.clone(),
            title: l.title.clone(),
            url: site.url(&format!("levels/{}/", l.id)),
        }),
        role: kit.role.as_deref(),
        budget: kit.budget,
        total_minutes: kit.total_minutes(guide),
        question_count: kit.question_indexes().count(),
        seed: &kit.seed,
        answers: kit.answers,
        instructions_html,
        sections,
        scoring: &config.scoring,
        areas: config
            .areas
            .iter()
            .map(|a| AreaRow { title: a.title.clone(), weight: a.weight })
            .collect(),
        recommendations: ["Strong no", "No", "Yes", "Strong yes"],
        candidate,
    }
}

/// The kits index and one page per kit.
pub(super) fn jobs<'a>(
    site: &'a Site<'a>,
    kits: &'a [Kit],
    answers: &'a [markdown::Rendered],
    instructions: &'a [String],
    jobs: &mut Vec<Job<'a>>,
) {
    let list = links(site, kits);
    jobs.push(job("kits/index.html".into(), "kits.html", move |c| c.insert("kits", &list)));
    for (kit, html) in kits.iter().zip(instructions) {
        let ctx = context(site, kit, answers, html, None);
        jobs.push(job(format!("kits/{}/index.html", kit.id), "kit.html", move |c| {
            c.insert("kit", &ctx);
            c.insert("standalone", &false);
        }));
    }
}

/// The job for a self-contained kit file.
pub(super) fn standalone_job<'a>(
    site: &'a Site<'a>,
    kit: &'a Kit,
    answers: &'a [markdown::Rendered],
    instructions_html: &'a str,
    candidate: Option<&'a str>,
    inline_css: &'a str,
) -> Job<'a> {
    let ctx = context(site, kit, answers, instructions_html, candidate);
    job("kit.html".into(), "kit.html", move |c| {
        c.insert("kit", &ctx);
        c.insert("standalone", &true);
        c.insert("inline_css", inline_css);
    })
}
