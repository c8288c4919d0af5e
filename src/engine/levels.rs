//! "Which level can I take, and when?": one profile against every plan and
//! the path up the levels of every occupation the plans cover.
//!
//! There is no second copy of any rule here. A plan's verdict is its own
//! conditions judged by the engine with its own lists (a guide's reading,
//! such as 002's exclusion of 电子商务师 for 供应链管理师, stays in its plan);
//! a level of the path is the verdict of the guide plans that offer it, and
//! only where no guide offers that level, the national template
//! (`rules/ladder.toml`, `catalog().ladder`) judged by the same engine with
//! the occupation itself as the only 本职业 name and no related list.
//!
//! Verdicts, from best: `now` (a condition holds), `needs_info` (none holds,
//! an answer is missing for one), `later` (none holds; ongoing work or a
//! date already given would meet one, the earliest such date), `not_met`
//! (with the missing requirements of the nearest condition: the one with the
//! fewest requirements not met, the first on a tie).

use super::{base_name, level_word, Ctx, Lists, Part, Status};
use crate::date::Date;
use crate::profile::Profile;
use crate::rules::{
    catalog, Anchor, LadderLevel, Mode, OccupationList, Plan, Requirement, Scope, Text,
};
use serde::Serialize;
use std::borrow::Cow;

/// A plan's or a level's verdict in the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Now,
    NeedsInfo,
    Later,
    NotMet,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Now => "now",
            Verdict::Later => "later",
            Verdict::NeedsInfo => "needs_info",
            Verdict::NotMet => "not_met",
        }
    }
}

/// One plan in the overview. JSON: `plan`, `occupation`, `level`, `region`,
/// `status`, `condition`, `earliest`, `reason_zh`, `reason_en`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanVerdict {
    pub plan: String,
    pub occupation: String,
    pub level: u8,
    pub region: Option<String>,
    pub status: Verdict,
    /// The condition that holds (`now`), holds first (`later`), needs an
    /// answer (`needs_info`) or is nearest (`not_met`).
    pub condition: Option<String>,
    pub earliest: Option<Date>,
    pub reason_zh: String,
    pub reason_en: String,
    /// The level the candidate already holds in this occupation, if it is
    /// this one or higher (`Some(5)` on a 五级 plan: 已取得).
    pub held: Option<u8>,
}

/// Where a level's verdict comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A guide of this organiser offers the level: its plan decides.
    Guide,
    /// No guide offers it: the national template (never this organiser's rule).
    Standard,
}

/// One level of one occupation's path. JSON: `occupation`, `level`,
/// `source`, `plan`, `status`, `earliest`, `route_zh` (and `route_en`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rung {
    pub occupation: String,
    pub level: u8,
    pub source: Source,
    /// The plan that decides (`source: guide`), else `None`.
    pub plan: Option<String>,
    pub status: Verdict,
    pub earliest: Option<Date>,
    /// The condition or 规程 item that gives the verdict and date, and what
    /// is missing: `规程 三级（2）：取得四级证书后再满 4 年`.
    pub route_zh: String,
    pub route_en: String,
    /// As `PlanVerdict::held`.
    pub held: Option<u8>,
    /// Not open yet, but the level below is: the earliest date this level
    /// opens if the candidate took the level below *today* (the same
    /// engine, judged with that certificate added, issued at `as_of`). The
    /// real date moves with the real certificate's date.
    pub after_level_below: Option<Date>,
}

/// The whole overview. JSON: `as_of`, `plans`, `ladder`, `recommended`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub as_of: Date,
    pub plans: Vec<PlanVerdict>,
    pub ladder: Vec<Rung>,
    /// The plan to take: in the candidate's own occupation first, the
    /// highest level open now and not already held; else the one that
    /// opens first. `None` when nothing opens.
    pub recommended: Option<String>,
}

/// The best (lowest-numbered) level held in `occupation`: a certificate
/// whose occupation is that name or on the 本职业 list of a plan for it.
fn best_held(profile: &Profile, occupation: &str) -> Option<u8> {
    profile
        .certificates
        .iter()
        .filter(|c| {
            c.occupation.as_deref().map(base_name).is_some_and(|n| {
                n == occupation
                    || catalog()
                        .plans()
                        .iter()
                        .filter(|p| p.occupation == occupation)
                        .any(|p| p.own.items.iter().any(|i| i == n))
            })
        })
        .filter_map(|c| c.level)
        .min()
}

/// The recommendation (see `Overview::recommended`): the first occupation
/// (the candidate's own come first) with a plan not held that is open now
/// or opens later; there, the highest level open now, else the one that
/// opens first. Climbing one's own occupation beats a sideways step.
fn recommend(plans: &[PlanVerdict], occs: &[&str]) -> Option<String> {
    occs.iter()
        .find_map(|occ| {
            let open: Vec<&PlanVerdict> = plans
                .iter()
                .filter(|v| v.occupation == *occ && v.held.is_none())
                .collect();
            let now = open
                .iter()
                .filter(|v| v.status == Verdict::Now)
                .min_by_key(|v| v.level);
            now.or_else(|| {
                open.iter()
                    .filter(|v| v.status == Verdict::Later)
                    .min_by_key(|v| (v.earliest, v.level))
            })
            .copied()
        })
        .map(|v| v.plan.clone())
}

/// A decision over alternatives (a plan's conditions, a level's routes).
struct Decision {
    status: Verdict,
    index: usize,
    earliest: Option<Date>,
    /// What holds or what is missing, without the alternative's name.
    what_zh: String,
    what_en: String,
}

/// What a requirement asks for, in a few words: `需要三级证书`,
/// `取得四级证书后再满 4 年`. Read from the requirement itself.
pub fn describe(r: &Requirement) -> (String, String) {
    match r {
        Requirement::Work(w) => {
            let y = w.years;
            match &w.after {
                Some(Anchor::Certificate { level }) => (
                    format!("取得{}证书后再满 {y} 年", level_word(*level)),
                    format!("{y} years' work after a level-{level} certificate"),
                ),
                Some(Anchor::Title { rank }) => (
                    format!("取得{rank}职称后再满 {y} 年"),
                    format!("{y} years' work after a {rank} title"),
                ),
                None => {
                    let (m, me) = match w.mode {
                        Mode::Cumulative => ("累计", "cumulative"),
                        Mode::Continuous => ("连续", "continuous"),
                    };
                    let (s, se) = match w.scope {
                        Scope::Own => ("本职业", "the occupation"),
                        Scope::OwnOrRelated => {
                            ("本职业或相关职业", "the occupation or a related one")
                        }
                    };
                    (
                        format!("{m}从事{s}满 {y} 年"),
                        format!("{y} years' {me} work in {se}"),
                    )
                }
            }
        }
        Requirement::Certificate(c) => match c.held_years {
            None => (
                format!("需要{}证书", level_word(c.level)),
                format!("needs a level-{} certificate", c.level),
            ),
            Some(y) => (
                format!("{}证书持有满 {y} 年", level_word(c.level)),
                format!("a level-{} certificate held {y} years", c.level),
            ),
        },
        Requirement::Title(t) => (
            format!("需要符合专业对应关系的{}职称", t.rank),
            format!("needs a {} title matching the field", t.rank),
        ),
        Requirement::Education(e) => {
            let mut schools: Vec<&str> = Vec::new();
            for o in e.options.iter() {
                for s in o.schools.iter() {
                    if !schools.contains(&&**s) {
                        schools.push(s);
                    }
                }
            }
            (
                format!("需要相应学历（{}）", schools.join("、")),
                "needs a matching school record".to_string(),
            )
        }
        Requirement::Training(t) => {
            let lvl = t.level.map(level_word).unwrap_or("");
            let hours = t
                .min_hours
                .map(|h| format!("，不少于 {h} 学时"))
                .unwrap_or_default();
            (
                format!("需要{}{lvl}培训结业证书{hours}", t.occupations.join("、")),
                format!(
                    "needs {} training with a certificate",
                    t.occupations.join("/")
                ),
            )
        }
        Requirement::Age(a) => (
            format!("需年满 {} 周岁", a.years),
            format!("must be {} or over", a.years),
        ),
    }
}

/// Judges each alternative (id, quote, requirements) and decides.
fn decide(ctx: &Ctx, alts: &[(&str, &str, &[Requirement])]) -> Decision {
    let judged: Vec<_> = alts
        .iter()
        .map(|(id, quote, req)| ctx.judge(id, quote, req))
        .collect();
    let missing = |i: usize, which: &dyn Fn(Status) -> bool| -> (String, String) {
        let reqs = alts[i].2;
        // 取得三级证书后再满 5 年 already says 需要三级证书.
        let implied = |r: &Requirement| match r {
            Requirement::Certificate(c) if c.held_years.is_none() => reqs.iter().any(|o| {
                matches!(o, Requirement::Work(w)
                    if w.after == Some(Anchor::Certificate { level: c.level }))
            }),
            _ => false,
        };
        let (zh, en): (Vec<String>, Vec<String>) = reqs
            .iter()
            .zip(&judged[i].1)
            .filter(|(r, p)| which(p.status) && !implied(r))
            .map(|(r, _)| describe(r))
            .unzip();
        (zh.join("，"), en.join("; "))
    };
    if let Some(i) = judged.iter().position(|(o, _)| o.status == Status::Met) {
        return Decision {
            status: Verdict::Now,
            index: i,
            earliest: None,
            what_zh: "符合".into(),
            what_en: "holds".into(),
        };
    }
    if let Some(i) = judged
        .iter()
        .position(|(o, _)| o.status == Status::NeedsInfo)
    {
        let parts: Vec<&Part> = judged[i]
            .1
            .iter()
            .filter(|p| p.status == Status::NeedsInfo)
            .collect();
        // Two requirements may ask for the same answer (a certificate, and
        // work after it): say it once.
        let mut zh: Vec<&str> = Vec::new();
        let mut en: Vec<&str> = Vec::new();
        for p in &parts {
            if !zh.contains(&p.zh.as_str()) {
                zh.push(&p.zh);
                en.push(&p.en);
            }
        }
        return Decision {
            status: Verdict::NeedsInfo,
            index: i,
            earliest: judged[i].0.earliest,
            what_zh: zh.join("；"),
            what_en: en.join("; "),
        };
    }
    let dated = judged
        .iter()
        .enumerate()
        .filter_map(|(i, (o, _))| o.earliest.map(|d| (d, i)))
        .min();
    if let Some((d, i)) = dated {
        let (zh, en) = missing(i, &|s| s != Status::Met);
        return Decision {
            status: Verdict::Later,
            index: i,
            earliest: Some(d),
            what_zh: zh,
            what_en: en,
        };
    }
    let i = (0..judged.len())
        .min_by_key(|&i| {
            judged[i]
                .1
                .iter()
                .filter(|p| p.status != Status::Met)
                .count()
        })
        .unwrap_or(0);
    let (zh, en) = missing(i, &|s| s != Status::Met);
    Decision {
        status: Verdict::NotMet,
        index: i,
        earliest: None,
        what_zh: zh,
        what_en: en,
    }
}

fn plan_verdict(plan: &Plan, profile: &Profile, as_of: Date) -> (PlanVerdict, String, String) {
    let ctx = Ctx {
        lists: Lists::of(plan),
        profile,
        as_of,
    };
    let alts: Vec<(&str, &str, &[Requirement])> = plan
        .conditions
        .iter()
        .map(|c| (&*c.id, &*c.text, &*c.requires))
        .collect();
    let d = decide(&ctx, &alts);
    let id = plan.conditions.get(d.index).map(|c| c.id.to_string());
    let cond = id.clone().unwrap_or_default();
    let (mut reason_zh, mut reason_en) = match d.status {
        Verdict::Now => (
            format!("符合条件 {cond}"),
            format!("Condition {cond} holds"),
        ),
        _ => (d.what_zh.clone(), d.what_en.clone()),
    };
    if d.status != Verdict::Now {
        // This plan's own reading (e.g. 002: 电子商务师 is not a related
        // occupation of 供应链管理师) is said where it costs the candidate.
        let names = profile
            .work
            .iter()
            .filter_map(|w| w.occupation.as_deref())
            .chain(
                profile
                    .certificates
                    .iter()
                    .filter_map(|c| c.occupation.as_deref()),
            )
            .map(base_name);
        let mut excluded: Vec<&str> = Vec::new();
        for n in names {
            if plan.excluded.iter().any(|x| x.occupation == n) && !excluded.contains(&n) {
                excluded.push(n);
            }
        }
        for n in excluded {
            reason_zh += &format!("；“{n}”不计入本计划（评价机构规定）");
            reason_en += &format!("; {n} does not count for this plan (organiser's ruling)");
        }
    }
    let guide = plan.source.file.get(..3).unwrap_or("");
    let route_zh = match d.status {
        Verdict::Now => format!("指南{guide} 条件 {cond}"),
        _ => format!("指南{guide} 条件 {cond}：{}", d.what_zh),
    };
    let route_en = match d.status {
        Verdict::Now => format!("guide {guide}, condition {cond}"),
        _ => format!("guide {guide}, condition {cond}: {}", d.what_en),
    };
    let v = PlanVerdict {
        plan: plan.id.to_string(),
        occupation: plan.occupation.to_string(),
        level: plan.level,
        region: plan.region.as_deref().map(str::to_string),
        status: d.status,
        condition: id,
        earliest: d.earliest,
        reason_zh,
        reason_en,
        held: best_held(profile, &plan.occupation).filter(|h| *h <= plan.level),
    };
    (v, route_zh, route_en)
}

/// The occupations the plans cover, in catalog order, the candidate's own
/// first (those they work in or hold a certificate for, by name or a plan's
/// 本职业 list).
pub fn occupations(profile: &Profile) -> Vec<&'static str> {
    let mut occs: Vec<&'static str> = Vec::new();
    for p in catalog().plans() {
        if !occs.contains(&&*p.occupation) {
            occs.push(&p.occupation);
        }
    }
    let theirs = |occ: &str| {
        let names = profile
            .work
            .iter()
            .filter_map(|w| w.occupation.as_deref())
            .chain(
                profile
                    .certificates
                    .iter()
                    .filter_map(|c| c.occupation.as_deref()),
            );
        names.map(base_name).any(|n| {
            n == occ
                || catalog()
                    .plans()
                    .iter()
                    .filter(|p| p.occupation == occ)
                    .any(|p| p.own.items.iter().any(|i| i == n))
        })
    };
    occs.sort_by_key(|o| !theirs(o));
    occs
}

fn template_rung(occupation: &str, level: &LadderLevel, profile: &Profile, as_of: Date) -> Rung {
    let own = OccupationList {
        id: Text::from("template"),
        name_zh: Cow::Owned(format!("国家职业标准模板：只计“{occupation}”本职业，相关职业以正式指南为准")),
        name_en: Cow::Owned(format!(
            "national template: {occupation} itself only; related occupations per the published guide"
        )),
        section: Text::from(""),
        items: Cow::Owned(vec![Text::Owned(occupation.to_string())]),
        expanded: Cow::Borrowed(&[]),
        open_ended: false,
    };
    let ctx = Ctx {
        lists: Lists {
            occupation,
            own: &own,
            related: None,
            excluded: &[],
            majors: &[],
        },
        profile,
        as_of,
    };
    let alts: Vec<(&str, &str, &[Requirement])> = level
        .routes
        .iter()
        .map(|r| (&*r.item, &*r.text_zh, &*r.requires))
        .collect();
    let d = decide(&ctx, &alts);
    let route = &level.routes[d.index];
    let item = &route.item;
    let (mut route_zh, mut route_en) = match d.status {
        Verdict::Now => (
            format!("按国家职业标准{item}"),
            format!("per the national standard ({item})"),
        ),
        _ => (
            format!("按国家职业标准{item}：{}", d.what_zh),
            format!("per the national standard ({item}): {}", d.what_en),
        ),
    };
    // The template has no related-occupation list: say so where work counts.
    let counts_work = route
        .requires
        .iter()
        .any(|r| matches!(r, Requirement::Work(_)));
    if d.status != Verdict::Now && counts_work {
        route_zh += &format!("（模板只计“{occupation}”本职业的工作，相关职业以正式指南为准）");
        route_en += &format!(
            " (the template counts work as {occupation} only; related occupations per the published guide)"
        );
    }
    Rung {
        occupation: occupation.to_string(),
        level: level.level,
        source: Source::Standard,
        plan: None,
        status: d.status,
        earliest: d.earliest,
        route_zh,
        route_en,
        held: best_held(profile, occupation).filter(|h| *h <= level.level),
        after_level_below: None,
    }
}

/// Evaluates `profile` at `as_of` against every plan and the path up the
/// levels. Plans: grouped by occupation (the candidate's own first), then
/// by level from 五级 up, then in catalog order. Path: per occupation,
/// levels 5 to 1.
pub fn overview(profile: &Profile, as_of: Date) -> Overview {
    let occs = occupations(profile);
    let judged: Vec<Judged> = catalog()
        .plans()
        .iter()
        .map(|p| (p, plan_verdict(p, profile, as_of)))
        .collect();
    let mut ladder = Vec::new();
    for &occ in &occs {
        let first = ladder.len();
        for level in catalog().ladder.levels.iter() {
            ladder.push(rung(occ, level, &judged, profile, as_of));
        }
        chain_levels(&mut ladder[first..], occ, profile, as_of);
    }
    let mut plans: Vec<(usize, PlanVerdict)> = judged
        .into_iter()
        .map(|(_, (v, ..))| v)
        .enumerate()
        .collect();
    plans.sort_by_key(|(i, v)| {
        let group = occs.iter().position(|o| *o == v.occupation);
        (group, std::cmp::Reverse(v.level), *i)
    });
    let plans: Vec<PlanVerdict> = plans.into_iter().map(|(_, v)| v).collect();
    Overview {
        as_of,
        recommended: recommend(&plans, &occs),
        plans,
        ladder,
    }
}

/// A plan with its verdict and route words (`plan_verdict`'s answer).
type Judged = (&'static Plan, (PlanVerdict, String, String));

/// One level of `occupation`: the best verdict of the guide plans that
/// offer it (from `judged`), else the national template's.
fn rung(
    occupation: &str,
    level: &LadderLevel,
    judged: &[Judged],
    profile: &Profile,
    as_of: Date,
) -> Rung {
    let best = judged
        .iter()
        .filter(|(p, _)| p.occupation == occupation && p.level == level.level)
        .min_by_key(|(_, (v, ..))| (v.status, v.earliest))
        .cloned();
    match best {
        Some((p, (v, route_zh, route_en))) => Rung {
            occupation: occupation.to_string(),
            level: level.level,
            source: Source::Guide,
            plan: Some(p.id.to_string()),
            status: v.status,
            earliest: v.earliest,
            route_zh,
            route_en,
            held: v.held,
            after_level_below: None,
        },
        None => template_rung(occupation, level, profile, as_of),
    }
}

/// 「先考四级，取证后满 4 年」: for each level not open, not held, whose level
/// below is open now, the date it would open with that certificate issued
/// today — judged by the same engine on the profile with it added.
fn chain_levels(path: &mut [Rung], occupation: &str, profile: &Profile, as_of: Date) {
    for i in 0..path.len() {
        let (level, status, held) = (path[i].level, path[i].status, path[i].held);
        if status == Verdict::Now || held.is_some() {
            continue;
        }
        let below_open = path
            .iter()
            .any(|r| r.level == level + 1 && r.status == Verdict::Now && r.held.is_none());
        let Some(ladder_level) = catalog().ladder.levels.iter().find(|l| l.level == level) else {
            continue;
        };
        if !below_open {
            continue;
        }
        let mut with_it = profile.clone();
        with_it.certificates.push(crate::profile::Certificate {
            occupation: Some(occupation.to_string()),
            level: Some(level + 1),
            issued: Some(as_of),
        });
        let judged: Vec<Judged> = catalog()
            .plans()
            .iter()
            .filter(|p| p.occupation == occupation && p.level == level)
            .map(|p| (p, plan_verdict(p, &with_it, as_of)))
            .collect();
        let then = rung(occupation, ladder_level, &judged, &with_it, as_of);
        path[i].after_level_below = match then.status {
            Verdict::Now => Some(as_of),
            Verdict::Later => then.earliest,
            _ => None,
        }
        .filter(|d| path[i].earliest.is_none_or(|e| d < &e));
    }
}
