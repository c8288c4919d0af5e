//! The eligibility engine: pure functions from (plan, profile, as-of date) to
//! a verdict with reasons, figures, earliest dates and the materials list.
//!
//! Architecture invariant: no I/O, no clock. The as-of date (the form's
//! signing date) is always passed in; the UI and the CLI default it to today.
//!
//! Conventions (see [`period`] for the counting of years):
//! * A work period counts only when its occupation, with any 工种 in
//!   parentheses removed, is in the plan's 本职业 list or (when the condition
//!   says 本职业或相关职业) its 相关职业 list, and not in the plan's
//!   exclusions. Informal titles (电商运营, 带货主播…) never count: they
//!   produce a [`Suggestion`] and a problem on the field, which the candidate
//!   resolves by writing the list name, never silently.
//! * Dates after the as-of date are problems; work is counted up to the
//!   as-of date only. `end: null` means ongoing: it counts to the as-of date
//!   and, if a condition is not met yet, gives the **earliest** date on which
//!   it would be met if the work goes on.
//! * A condition holds when all its requirements hold. Its status is
//!   `not_met` if any requirement is definitely not met, else `needs_info`
//!   if some answer is missing, else `met`.
//! * `eligible` is the verdict on the conditions alone (the chosen condition
//!   when one is chosen, else any condition); `ready` additionally needs no
//!   problems on the form.

pub mod levels;
pub mod period;
pub mod sheet;

use crate::date::Date;
use crate::identity;
use crate::profile::{Profile, SchoolType, TechnicianClass, TitleRank};
use crate::rules::{
    catalog, AgeReq, Anchor, CertReq, Condition, EduReq, EduStatus, Exclusion, Mode, NameList,
    OccupationList, Plan, Prep, Requirement, Scope, Text, TrainingReq, Upload, WorkReq,
};
use period::{Interval, Length};
use serde::{Deserialize, Serialize};

/// A condition's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotMet,
    NeedsInfo,
    Met,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::NeedsInfo => "needs_info",
        }
    }

    /// The verdict's word, as the explanation opens with it and a badge shows it.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Status::Met => ("符合", "Met"),
            Status::NotMet => ("不符合", "Not met"),
            Status::NeedsInfo => ("需补充信息", "Needs information"),
        }
    }
}

/// The full result of [`evaluate`]. JSON: `plan`, `as_of`, `eligible`,
/// `ready`, `chosen_condition`, `conditions`, `materials_for`,
/// `materials_note`, `materials`, `notes`, `problems`, `suggestions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    #[serde(rename = "plan")]
    pub plan_id: String,
    pub as_of: Date,
    /// The chosen condition is met (or, with none chosen, some condition is).
    pub eligible: bool,
    /// `eligible` and no problem on the form.
    pub ready: bool,
    pub chosen_condition: Option<String>,
    pub conditions: Vec<ConditionOutcome>,
    /// The condition whose materials are listed, if any.
    pub materials_for: Option<String>,
    #[serde(rename = "materials_note")]
    pub materials_note_zh: String,
    pub materials_note_en: String,
    pub materials: Vec<MaterialOut>,
    pub notes: Vec<NoteOut>,
    pub problems: Vec<Problem>,
    pub suggestions: Vec<Suggestion>,
}

impl Evaluation {
    /// The ids of the conditions that are met, in the guide's order.
    pub fn met_ids(&self) -> Vec<&str> {
        self.conditions
            .iter()
            .filter(|c| c.status == Status::Met)
            .map(|c| c.id.as_str())
            .collect()
    }
}

/// One condition's verdict, with the figures and the guide's sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionOutcome {
    pub id: String,
    pub status: Status,
    #[serde(rename = "explanation")]
    pub explanation_zh: String,
    pub explanation_en: String,
    /// The explanation without its verdict word (`不符合：`), for a front
    /// end that shows its own (the widget's 待填写). Not in the JSON.
    #[serde(skip)]
    pub reason_zh: String,
    #[serde(skip)]
    pub reason_en: String,
    /// The guide's sentence, verbatim.
    pub quote: String,
    /// When not met yet but ongoing work would meet it: the first such date.
    pub earliest: Option<Date>,
    pub figures: Vec<Figure>,
}

/// A figure used in a verdict: what the candidate has against what is needed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub label_zh: String,
    pub label_en: String,
    pub have: String,
    pub need: String,
}

/// A material to prepare, with how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaterialOut {
    pub name: String,
    #[serde(rename = "how")]
    pub how_zh: String,
    pub how_en: String,
    /// `photo`, `id-front`, `id-back`, `document-photo`; empty = paper only.
    pub uploads: Vec<Upload>,
    pub prep: Vec<Prep>,
    pub paper_only: bool,
}

/// A note shown with the verdict. `kind`: `assumption` (how years are
/// counted), `ambiguity` (the guide is unclear: said, not guessed),
/// `mailing` (Beijing: what to mail where, when materials are listed),
/// `guide` (the guide's 说明, verbatim).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteOut {
    pub kind: &'static str,
    pub id: String,
    #[serde(rename = "text")]
    pub text_zh: String,
    pub text_en: String,
}

/// Something on the form to fix. `field` is a path into the profile:
/// `id_number`, `phone`, `work[0].start`, `certificates[1].issued`…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    #[serde(rename = "message")]
    pub message_zh: String,
    pub message_en: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            field: field.into(),
            message_zh: zh.into(),
            message_en: en.into(),
        }
    }
}

/// A list name suggested for an informal title. The candidate must confirm
/// it by writing it on the form; the engine never counts the informal title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub informal: String,
    pub suggested: String,
    /// The list the suggestion comes from, e.g. `电子商务师的相关职业（指南001 ②）`.
    pub list: String,
    #[serde(rename = "message")]
    pub message_zh: String,
    pub message_en: String,
}

/// The name with any 工种 in parentheses removed and whitespace trimmed:
/// `互联网营销师（直播销售员）` → `互联网营销师`.
pub fn base_name(s: &str) -> &str {
    let s = s.trim();
    let cut = s.find(['(', '（']).unwrap_or(s.len());
    s[..cut].trim()
}

/// How an occupation name relates to a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Match {
    Own,
    Related,
    Excluded(String),
    No,
}

/// The lists a reading of the conditions counts with: a plan's (its guide's
/// lists and exclusions), or the national template's for one occupation
/// (the occupation itself only; see [`levels`]). A guide's reading never
/// leaves its plan: each plan brings its own.
#[derive(Clone, Copy)]
pub(crate) struct Lists<'a> {
    occupation: &'a str,
    own: &'a OccupationList,
    related: Option<&'a OccupationList>,
    excluded: &'a [Exclusion],
    majors: &'a [NameList],
}

impl<'a> Lists<'a> {
    fn of(plan: &'a Plan) -> Lists<'a> {
        Lists {
            occupation: &plan.occupation,
            own: &plan.own,
            related: plan.related.as_ref(),
            excluded: &plan.excluded,
            majors: &plan.majors,
        }
    }

    fn major_list(&self, id: &str) -> Option<&'a NameList> {
        self.majors.iter().find(|l| l.id == id)
    }
}

fn classify(lists: &Lists, name: &str, scope: Scope) -> Match {
    let n = base_name(name);
    if let Some(x) = lists.excluded.iter().find(|x| x.occupation == n) {
        return Match::Excluded(x.quote.to_string());
    }
    let has = |items: &[Text]| items.iter().any(|i| i == n);
    if has(&lists.own.items) || has(&lists.own.expanded) || n == lists.occupation {
        return Match::Own;
    }
    if scope == Scope::OwnOrRelated {
        if let Some(r) = lists.related {
            if has(&r.items) || has(&r.expanded) {
                return Match::Related;
            }
        }
    }
    Match::No
}

fn lists_checked(lists: &Lists, scope: Scope) -> String {
    let mut s = lists.own.name_zh.to_string();
    if scope == Scope::OwnOrRelated {
        if let Some(r) = lists.related {
            s += "、";
            s += &r.name_zh;
        }
    }
    s
}

fn lists_checked_en(lists: &Lists, scope: Scope) -> String {
    let mut s = lists.own.name_en.to_string();
    if scope == Scope::OwnOrRelated {
        if let Some(r) = lists.related {
            s += ", ";
            s += &r.name_en;
        }
    }
    s
}

/// Suggests the list name to write on the form for an informal job title
/// (电商运营, 网店客服, 带货主播, 直播运营…), taken from the plan's own or
/// related list. `None` when the title is already a list name or nothing fits.
pub fn suggest_occupation(informal: &str, plan: &Plan) -> Option<Suggestion> {
    let lists = Lists::of(plan);
    let n = base_name(informal);
    if n.is_empty() || classify(&lists, n, Scope::OwnOrRelated) != Match::No {
        return None;
    }
    let entry = catalog()
        .informal
        .iter()
        .find(|t| n == t.term)
        .or_else(|| {
            catalog()
                .informal
                .iter()
                .filter(|t| n.contains(&*t.term))
                .max_by_key(|t| t.term.chars().count())
        })?;
    let (name, list) =
        entry
            .suggest
            .iter()
            .find_map(|s| match classify(&lists, s, Scope::OwnOrRelated) {
                Match::Own => Some((s.clone(), plan.own.name_zh.clone())),
                Match::Related => Some((
                    s.clone(),
                    plan.related
                        .as_ref()
                        .map(|r| r.name_zh.clone())
                        .unwrap_or_default(),
                )),
                _ => None,
            })?;
    Some(Suggestion {
        informal: informal.to_string(),
        message_zh: format!(
            "“{informal}”是岗位俗称，不在名单中，不计入年限。若实际从事的是“{name}”（{list}），请在申报表上写“{name}”并确认属实。"
        ),
        message_en: format!(
            "\"{informal}\" is an informal title and does not count. If your work was \"{name}\" ({list}), write that name on the form and confirm it is true."
        ),
        suggested: name.to_string(),
        list: list.to_string(),
    })
}

fn class_name(c: TechnicianClass) -> &'static str {
    match c {
        TechnicianClass::PreparatoryTechnician => "预备技师班",
        TechnicianClass::Technician => "技师班",
    }
}

fn rank_name(r: TitleRank) -> &'static str {
    match r {
        TitleRank::Junior => "初级",
        TitleRank::Intermediate => "中级",
    }
}

/// The level in one word, as the forms and the path up the levels write it: `二级`.
pub fn level_word(l: u8) -> &'static str {
    match l {
        1 => "一级",
        2 => "二级",
        3 => "三级",
        4 => "四级",
        5 => "五级",
        _ => "?级",
    }
}

fn level_zh(l: u8) -> &'static str {
    match l {
        1 => "一级/高级技师",
        2 => "二级/技师",
        3 => "三级/高级工",
        4 => "四级/中级工",
        5 => "五级/初级工",
        _ => "?级",
    }
}

/// One requirement's verdict as [`levels`] reads it.
struct Part {
    status: Status,
    zh: String,
    en: String,
}

/// One requirement's verdict.
struct ReqOut {
    status: Status,
    zh: String,
    en: String,
    earliest: Option<Date>,
    figure: Option<Figure>,
}

impl ReqOut {
    fn new(status: Status, zh: impl Into<String>, en: impl Into<String>) -> ReqOut {
        ReqOut {
            status,
            zh: zh.into(),
            en: en.into(),
            earliest: None,
            figure: None,
        }
    }
}

struct Ctx<'a> {
    lists: Lists<'a>,
    profile: &'a Profile,
    as_of: Date,
}

impl Ctx<'_> {
    /// The date of the anchor document (earliest qualifying), or why not.
    fn anchor(&self, a: &Anchor, scope: Scope) -> Result<(Date, String, String), Box<ReqOut>> {
        match a {
            Anchor::Certificate { level } => self.cert_date(*level, scope),
            Anchor::Title { rank } => {
                let mut missing = false;
                let mut best: Option<Date> = None;
                for t in &self.profile.titles {
                    match t.rank.map(rank_name) {
                        Some(r) if r == rank => {}
                        Some(_) => continue,
                        None => {
                            missing = true;
                            continue;
                        }
                    }
                    match (t.field_matches, t.issued) {
                        (Some(false), _) => {}
                        (Some(true), Some(d)) if d <= self.as_of => {
                            best = Some(best.map_or(d, |b| b.min(d)))
                        }
                        (Some(true), Some(_)) => {}
                        _ => missing = true,
                    }
                }
                match best {
                    Some(d) => Ok((
                        d,
                        format!("取得{rank}职称（{d}）后"),
                        format!("after the {rank} title ({d})"),
                    )),
                    None if missing => Err(Box::new(ReqOut::new(
                        Status::NeedsInfo,
                        format!("请填写{rank}职称的取得日期，并确认是否符合专业对应关系"),
                        format!(
                            "Give the {rank} title's issue date and whether it matches the field"
                        ),
                    ))),
                    None => Err(Box::new(ReqOut::new(
                        Status::NotMet,
                        format!("未填写符合专业对应关系的{rank}职称"),
                        format!("No {rank} title matching the field"),
                    ))),
                }
            }
        }
    }

    fn cert_date(&self, level: u8, scope: Scope) -> Result<(Date, String, String), Box<ReqOut>> {
        let mut missing = false;
        let mut excluded = None;
        let mut unrelated = Vec::new();
        let mut best: Option<Date> = None;
        for c in &self.profile.certificates {
            match c.level {
                Some(l) if l == level => {}
                Some(_) => continue,
                None => {
                    missing = true;
                    continue;
                }
            }
            let Some(occ) = c.occupation.as_deref() else {
                missing = true;
                continue;
            };
            match classify(&self.lists, occ, scope) {
                Match::Own | Match::Related => {}
                Match::Excluded(q) => {
                    excluded = Some((occ.to_string(), q));
                    continue;
                }
                Match::No => {
                    unrelated.push(occ.to_string());
                    continue;
                }
            }
            match c.issued {
                Some(d) if d <= self.as_of => best = Some(best.map_or(d, |b| b.min(d))),
                Some(_) => {}
                None => missing = true,
            }
        }
        let lz = level_zh(level);
        if let Some(d) = best {
            return Ok((
                d,
                format!("取得{lz}证书（{d}）后"),
                format!("after the level-{level} certificate ({d})"),
            ));
        }
        if missing {
            return Err(Box::new(ReqOut::new(
                Status::NeedsInfo,
                format!("请填写{lz}证书的职业和取得日期"),
                format!("Give the level-{level} certificate's occupation and issue date"),
            )));
        }
        let mut zh = format!("未持有本职业或相关职业{lz}证书");
        let mut en = format!("No level-{level} certificate in the own or a related occupation");
        if let Some((o, q)) = excluded {
            zh += &format!("：“{o}”证书不计入，指南原文：“{q}”");
            en += &format!(": the {o} certificate does not count (organiser's ruling)");
        } else if !unrelated.is_empty() {
            zh += &format!(
                "（“{}”不在{}中）",
                unrelated.join("”“"),
                lists_checked(&self.lists, scope)
            );
            en += &format!(
                " ({} not in {})",
                unrelated.join(", "),
                lists_checked_en(&self.lists, scope)
            );
        }
        Err(Box::new(ReqOut::new(Status::NotMet, zh, en)))
    }

    fn work(&self, w: &WorkReq) -> ReqOut {
        let (from, pre_zh, pre_en) = match &w.after {
            Some(a) => match self.anchor(a, w.scope) {
                Ok((d, z, e)) => (Some(d), z, e),
                Err(o) => return *o,
            },
            None => (None, String::new(), String::new()),
        };
        let mut intervals = Vec::new();
        let mut missing = Vec::new();
        let mut skipped_zh = Vec::new();
        let mut skipped_en = Vec::new();
        for (i, p) in self.profile.work.iter().enumerate() {
            let Some(occ) = p.occupation.as_deref().filter(|o| !o.trim().is_empty()) else {
                missing.push((
                    format!("第{}段工作经历的从事职业", i + 1),
                    format!("the occupation of work period {}", i + 1),
                ));
                continue;
            };
            match classify(&self.lists, occ, w.scope) {
                Match::Own | Match::Related => {}
                Match::Excluded(q) => {
                    skipped_zh.push(format!("第{}段“{occ}”不计入（指南：“{q}”）", i + 1));
                    skipped_en.push(format!(
                        "period {} \"{occ}\" excluded by the organiser",
                        i + 1
                    ));
                    continue;
                }
                Match::No => {
                    skipped_zh.push(format!("第{}段“{occ}”不在名单中", i + 1));
                    skipped_en.push(format!("period {} \"{occ}\" is not on the list", i + 1));
                    continue;
                }
            }
            let Some(start) = p.start else {
                missing.push((
                    format!("第{}段工作经历的开始日期", i + 1),
                    format!("the start date of work period {}", i + 1),
                ));
                continue;
            };
            let end = p.end.map_or(self.as_of, |e| e.min(self.as_of));
            let start = from.map_or(start, |f| start.max(f));
            if start >= end {
                continue;
            }
            intervals.push(Interval {
                start,
                end,
                ongoing: p.end.is_none(),
            });
        }
        let (measure, word_zh, word_en): (fn(&[Interval]) -> Length, _, _) = match w.mode {
            Mode::Cumulative => (period::cumulative, "累计", "cumulative"),
            Mode::Continuous => (period::continuous, "连续", "continuous"),
        };
        let have = measure(&intervals);
        let need = Length::years(w.years);
        let what_zh = if w.scope == Scope::Own {
            "本职业"
        } else {
            "本职业或相关职业"
        };
        let what_en = if w.scope == Scope::Own {
            "own occupation"
        } else {
            "own or related occupations"
        };
        let mut zh = format!(
            "{pre_zh}{word_zh}从事{what_zh} {}，需满 {}年",
            have.zh(),
            w.years
        );
        let mut en = format!(
            "{pre_en} {word_en} work in {what_en}: {}, need {} y",
            have.en(),
            w.years
        )
        .trim()
        .to_string();
        zh += &format!("（核对名单：{}）", lists_checked(&self.lists, w.scope));
        en += &format!(
            " (checked against {})",
            lists_checked_en(&self.lists, w.scope)
        );
        if !skipped_zh.is_empty() {
            zh += &format!("；{}", skipped_zh.join("，"));
            en += &format!("; {}", skipped_en.join(", "));
        }
        let figure = Some(Figure {
            label_zh: format!("{pre_zh}{word_zh}从事{what_zh}"),
            label_en: format!("{word_en} work in {what_en}"),
            have: have.zh(),
            need: format!("{}年", w.years),
        });
        if have >= need {
            return ReqOut {
                status: Status::Met,
                zh,
                en,
                earliest: None,
                figure,
            };
        }
        let earliest = period::earliest(&intervals, self.as_of, need, measure);
        if let Some(d) = earliest {
            zh += &format!("；按目前工作持续计算，最早 {d} 满足");
            en += &format!("; if your current work goes on, met on {d}");
        }
        if !missing.is_empty() {
            // In the candidate's words, not field paths (the problems list
            // carries the field ids for the form).
            let (names_zh, names_en): (Vec<String>, Vec<String>) = missing.into_iter().unzip();
            zh += &format!("；缺少信息：{}", names_zh.join("、"));
            en += &format!("; missing: {}", names_en.join(", "));
            return ReqOut {
                status: Status::NeedsInfo,
                zh,
                en,
                earliest,
                figure,
            };
        }
        ReqOut {
            status: Status::NotMet,
            zh,
            en,
            earliest,
            figure,
        }
    }

    fn certificate(&self, c: &CertReq) -> ReqOut {
        let d = match self.cert_date(c.level, c.scope) {
            Ok((d, _, _)) => d,
            Err(o) => return *o,
        };
        let Some(years) = c.held_years else {
            return ReqOut::new(
                Status::Met,
                format!("持有{}证书（{d}）", level_zh(c.level)),
                format!("Holds the level-{} certificate ({d})", c.level),
            );
        };
        let have = Length::between(d, self.as_of);
        let due = d.add_years(years.into());
        let figure = Some(Figure {
            label_zh: format!("持有{}证书", level_zh(c.level)),
            label_en: format!("level-{} certificate held", c.level),
            have: have.zh(),
            need: format!("{years}年"),
        });
        if have >= Length::years(years) {
            ReqOut {
                status: Status::Met,
                zh: format!(
                    "{}证书（{d}）已持有 {}，需满 {years}年",
                    level_zh(c.level),
                    have.zh()
                ),
                en: format!(
                    "Level-{} certificate ({d}) held {}, need {years} y",
                    c.level,
                    have.en()
                ),
                earliest: None,
                figure,
            }
        } else {
            let mut zh = format!(
                "{}证书（{d}）已持有 {}，需满 {years}年",
                level_zh(c.level),
                have.zh()
            );
            let mut en = format!(
                "Level-{} certificate ({d}) held {}, need {years} y",
                c.level,
                have.en()
            );
            if let Some(due) = due {
                zh += &format!("；最早 {due} 满足");
                en += &format!("; met on {due}");
            }
            ReqOut {
                status: Status::NotMet,
                zh,
                en,
                earliest: due,
                figure,
            }
        }
    }

    fn title(&self, rank: &str) -> ReqOut {
        match self.anchor(
            &Anchor::Title {
                rank: Text::from(rank.to_owned()),
            },
            Scope::Own,
        ) {
            Ok((d, _, _)) => ReqOut::new(
                Status::Met,
                format!("持有符合专业对应关系的{rank}职称（{d}）"),
                format!("Holds a {rank} title matching the field ({d})"),
            ),
            Err(o) => *o,
        }
    }

    fn education(&self, e: &EduReq) -> ReqOut {
        let mut best: Option<ReqOut> = None;
        if self.profile.education.is_empty() {
            return ReqOut::new(
                Status::NotMet,
                "未填写学历（院校）信息",
                "No school record given",
            );
        }
        for (i, rec) in self.profile.education.iter().enumerate() {
            for o in e.options.iter() {
                let out = self.edu_option(i, rec, o);
                // Among equals, the one that says when it would be met (a
                // school type that fits, graduating later) tells the most.
                let better = |b: &ReqOut| {
                    out.status > b.status
                        || (out.status == b.status
                            && b.earliest.is_none()
                            && out.earliest.is_some())
                };
                if best.as_ref().is_none_or(better) {
                    best = Some(out);
                }
            }
        }
        best.expect("at least one record and one option")
    }

    fn edu_option(
        &self,
        i: usize,
        rec: &crate::profile::Education,
        o: &crate::rules::EduOption,
    ) -> ReqOut {
        let Some(school) = rec.school.map(SchoolType::name) else {
            return ReqOut::new(
                Status::NeedsInfo,
                format!("第{}条学历缺少学校类型", i + 1),
                format!("School record {} has no school type", i + 1),
            );
        };
        let allowed = o.schools.join("、");
        if !o.schools.iter().any(|s| s == school) {
            if o.unclear_schools.iter().any(|s| s == school) {
                return ReqOut::new(
                    Status::NeedsInfo,
                    format!("指南只写“{allowed}”，“{school}”是否适用未说明，请向评价机构确认"),
                    format!("The guide names only {allowed}; whether {school} counts is not said: ask the organiser"),
                );
            }
            return ReqOut::new(
                Status::NotMet,
                format!("学校类型“{school}”不符（需为：{allowed}）"),
                format!("School type {school} does not fit (needs {allowed})"),
            );
        }
        if let Some(list_id) = &o.majors {
            let list = self
                .lists
                .major_list(list_id)
                .expect("validated at build time");
            match rec.major.as_deref().map(base_name) {
                None | Some("") => {
                    return ReqOut::new(
                        Status::NeedsInfo,
                        format!("第{}条学历缺少专业", i + 1),
                        format!("School record {} has no major", i + 1),
                    )
                }
                Some(m) if list.items.iter().any(|x| x == m) => {}
                Some(m) => {
                    let etc = if list.open_ended {
                        "；名单以“等”结尾，未列出的专业请向评价机构确认"
                    } else {
                        ""
                    };
                    return ReqOut::new(
                        Status::NotMet,
                        format!("专业“{m}”不在{}中{etc}", list.name_zh),
                        format!("Major {m} is not in {}", list.name_en),
                    );
                }
            }
        }
        if !o.classes.is_empty() {
            match rec.class.map(class_name) {
                Some(c) if o.classes.iter().any(|x| x == c) => {}
                Some(c) => {
                    return ReqOut::new(
                        Status::NotMet,
                        format!("班级“{c}”不符（需为：{}）", o.classes.join("、")),
                        format!("Class {c} does not fit"),
                    )
                }
                None => {
                    return ReqOut::new(
                        Status::NotMet,
                        format!("需为{}学生（未填写班级）", o.classes.join("、")),
                        format!("Must be a {} student (no class given)", o.classes.join("/")),
                    )
                }
            }
        }
        let major = rec.major.as_deref().unwrap_or("");
        if o.majors_unlisted {
            let fits = match (o.status, rec.graduated) {
                (EduStatus::Graduated, Some(d)) | (EduStatus::GraduatedOrFinalYear, Some(d)) => {
                    d <= self.as_of
                }
                (EduStatus::GraduatedOrFinalYear, None) | (EduStatus::Enrolled, None) => true,
                _ => false,
            };
            if fits {
                let m = if major.trim().is_empty() {
                    "（未填写专业）".to_string()
                } else {
                    format!("“{major}”")
                };
                return ReqOut::new(
                    Status::NeedsInfo,
                    format!("{school}专业{m}：须为本专业或相关专业，规程未给专业名单，请向评价机构确认"),
                    format!("{school}, major {major}: it must be in the field or a related one; the rules give no list, so ask the organiser"),
                );
            }
        }
        match (o.status, rec.graduated) {
            (EduStatus::Graduated, Some(d)) | (EduStatus::GraduatedOrFinalYear, Some(d))
                if d <= self.as_of =>
            {
                ReqOut::new(
                    Status::Met,
                    format!("{school}{major}毕业（{d}）"),
                    format!("Graduated from a {school} ({major}) on {d}"),
                )
            }
            (EduStatus::GraduatedOrFinalYear, Some(d))
                if d <= graduation_season_end(self.as_of) =>
            {
                let end = graduation_season_end(self.as_of);
                ReqOut::new(
                    Status::Met,
                    format!("{school}{major}预计 {d} 毕业，在本届毕业季（至 {end}）内：按在校应届毕业生计"),
                    format!(
                        "Graduating from a {school} ({major}) on {d}, within this graduation season (to {end}): counted as a final-year student"
                    ),
                )
            }
            (EduStatus::GraduatedOrFinalYear, Some(d)) => {
                let end = graduation_season_end(self.as_of);
                ReqOut {
                    earliest: Some(d),
                    ..ReqOut::new(
                        Status::NotMet,
                        format!(
                            "毕业日期 {d} 晚于签字日期，也晚于本届毕业季（至 {end}），不算在校应届毕业生；如你其实在 {end} 前毕业（本届在校应届毕业生），请勾选「在校应届」"
                        ),
                        format!(
                            "Graduation {d} is after the signing date and after this graduation season (to {end}), so not a final-year student; if you in fact graduate by {end} (this year's final-year student), tick 'Final-year student'"
                        ),
                    )
                }
            }
            (EduStatus::Graduated, Some(d)) => ReqOut {
                earliest: Some(d),
                ..ReqOut::new(
                    Status::NotMet,
                    format!("毕业日期 {d} 晚于签字日期"),
                    format!("Graduation {d} is after the signing date"),
                )
            },
            (EduStatus::Graduated, None) => ReqOut::new(
                Status::NotMet,
                format!("需已取得{school}毕业证书（尚在读不符合）"),
                format!("A {school} diploma is required; still enrolled does not count"),
            ),
            (EduStatus::GraduatedOrFinalYear, None) => ReqOut::new(
                Status::Met,
                format!("{school}{major}在校应届毕业生（按在读应届计）"),
                format!("Final-year student at a {school} ({major})"),
            ),
            (EduStatus::Enrolled, None) => ReqOut::new(
                Status::Met,
                format!(
                    "{school}{}在读学生",
                    rec.class.map(class_name).unwrap_or("")
                ),
                format!("Current student at a {school}"),
            ),
            (EduStatus::Enrolled, Some(d)) if d > self.as_of => ReqOut::new(
                Status::Met,
                format!(
                    "{school}{}在读学生（预计 {d} 毕业）",
                    rec.class.map(class_name).unwrap_or("")
                ),
                format!("Current student at a {school} (graduating on {d})"),
            ),
            (EduStatus::Enrolled, Some(d)) => ReqOut::new(
                Status::NotMet,
                format!("此条件为在读学生，已于 {d} 毕业"),
                format!("This route is for current students; you graduated on {d}"),
            ),
        }
    }

    fn training(&self, t: &TrainingReq) -> ReqOut {
        let names = t.occupations.join("、");
        let lvl = t.level.map(level_zh).unwrap_or("");
        let mut best: Option<ReqOut> = None;
        for (i, tr) in self.profile.training.iter().enumerate() {
            let out = (|| {
                let Some(occ) = tr.occupation.as_deref() else {
                    return ReqOut::new(
                        Status::NeedsInfo,
                        format!("第{}条培训缺少职业", i + 1),
                        "Training occupation missing",
                    );
                };
                if !t.occupations.iter().any(|x| x == base_name(occ)) {
                    return ReqOut::new(
                        Status::NotMet,
                        format!("培训“{occ}”不是{names}培训"),
                        format!("Training in {occ} is not {names} training"),
                    );
                }
                if let Some(l) = t.level {
                    match tr.level {
                        Some(x) if x == l => {}
                        Some(x) => {
                            return ReqOut::new(
                                Status::NotMet,
                                format!("培训等级为{}，需为{lvl}", level_zh(x)),
                                format!("Training level {x}, need {l}"),
                            )
                        }
                        None => {
                            return ReqOut::new(
                                Status::NeedsInfo,
                                "请填写培训等级",
                                "Training level missing",
                            )
                        }
                    }
                }
                match tr.certificate {
                    Some(true) => {}
                    Some(false) => {
                        return ReqOut::new(
                            Status::NotMet,
                            "未取得培训结业证书",
                            "No certificate of completion",
                        )
                    }
                    None => {
                        return ReqOut::new(
                            Status::NeedsInfo,
                            "请确认是否取得结业证书",
                            "Certificate of completion?",
                        )
                    }
                }
                match (t.min_hours, tr.hours) {
                    (Some(min), Some(h)) if h >= min => ReqOut {
                        figure: Some(Figure {
                            label_zh: "培训学时".into(),
                            label_en: "training hours".into(),
                            have: h.to_string(),
                            need: min.to_string(),
                        }),
                        ..ReqOut::new(
                            Status::Met,
                            format!("{names}{lvl}培训 {h} 学时（不少于 {min}），已取得结业证书"),
                            format!("{names} training, {h} h (min {min}), with certificate"),
                        )
                    },
                    (Some(min), Some(h)) => ReqOut::new(
                        Status::NotMet,
                        format!("培训 {h} 学时，需不少于 {min} 学时"),
                        format!("Training {h} h, need at least {min} h"),
                    ),
                    (Some(min), None) => ReqOut::new(
                        Status::NeedsInfo,
                        format!("请填写培训学时（需不少于 {min}）"),
                        format!("Give the training hours (min {min})"),
                    ),
                    (None, _) => ReqOut::new(
                        Status::Met,
                        format!("{names}培训，已取得结业证书（指南未给出“规定标准学时数”，请以培训机构证明为准）"),
                        format!("{names} training with certificate (the guide gives no hour figure)"),
                    ),
                }
            })();
            if best.as_ref().is_none_or(|b| out.status > b.status) {
                best = Some(out);
            }
        }
        best.unwrap_or_else(|| {
            ReqOut::new(
                Status::NotMet,
                format!("未填写{names}{lvl}培训经历"),
                format!("No {names} training given"),
            )
        })
    }

    fn age(&self, a: &AgeReq) -> ReqOut {
        let years = a.years;
        let Some(id) = self
            .profile
            .id_number
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        else {
            return ReqOut::new(
                Status::NeedsInfo,
                format!("请填写身份证号（核对是否年满{years}周岁）"),
                format!("Give your ID number (to check you are {years} or over)"),
            );
        };
        let Some(birth) = identity::birth_date(id.trim()) else {
            return ReqOut::new(
                Status::NeedsInfo,
                "身份证号中读不出出生日期，请核对",
                "No birth date can be read from the ID number: check it",
            );
        };
        let Some(due) = birth.add_years(years.into()) else {
            return ReqOut::new(Status::NeedsInfo, "出生日期无效", "Invalid birth date");
        };
        if due <= self.as_of {
            ReqOut::new(
                Status::Met,
                format!("按身份证号，已年满{years}周岁"),
                format!("By the ID number, {years} or over"),
            )
        } else {
            ReqOut {
                earliest: Some(due),
                ..ReqOut::new(
                    Status::NotMet,
                    format!("按身份证号，{due} 年满{years}周岁"),
                    format!("By the ID number, you turn {years} on {due}"),
                )
            }
        }
    }

    fn requirement(&self, r: &Requirement) -> ReqOut {
        match r {
            Requirement::Work(w) => self.work(w),
            Requirement::Certificate(x) => self.certificate(x),
            Requirement::Title(t) => self.title(&t.rank),
            Requirement::Education(e) => self.education(e),
            Requirement::Training(t) => self.training(t),
            Requirement::Age(a) => self.age(a),
        }
    }

    fn condition(&self, c: &Condition) -> ConditionOutcome {
        self.judge(&c.id, &c.text, &c.requires).0
    }

    /// A conjunction of requirements: the condition's outcome and each
    /// requirement's verdict, in order.
    fn judge(
        &self,
        id: &str,
        quote: &str,
        requires: &[Requirement],
    ) -> (ConditionOutcome, Vec<Part>) {
        let outs: Vec<ReqOut> = requires.iter().map(|r| self.requirement(r)).collect();
        let status = outs.iter().map(|o| o.status).min().unwrap_or(Status::Met);
        let earliest = if status == Status::Met {
            None
        } else {
            outs.iter()
                .filter(|o| o.status != Status::Met)
                .map(|o| o.earliest)
                .collect::<Option<Vec<_>>>()
                .and_then(|v| v.into_iter().max())
        };
        // A missing certificate is reported once even when two requirements need it.
        let mut zh_parts: Vec<&str> = Vec::new();
        let mut en_parts: Vec<&str> = Vec::new();
        for o in &outs {
            if !zh_parts.contains(&o.zh.as_str()) {
                zh_parts.push(&o.zh);
                en_parts.push(&o.en);
            }
        }
        let reason_zh = zh_parts.join("；");
        let reason_en = en_parts.join("; ");
        let (vz, ve) = status.label();
        let mut zh = format!("{vz}：{reason_zh}。");
        let mut en = format!("{ve}: {reason_en}.");
        if let (Some(d), false) = (earliest, status == Status::Met) {
            if outs.len() > 1 {
                zh += &format!("最早满足日期：{d}。");
                en += &format!(" Earliest date: {d}.");
            }
        }
        let parts = outs
            .iter()
            .map(|o| Part {
                status: o.status,
                zh: o.zh.clone(),
                en: o.en.clone(),
            })
            .collect();
        let outcome = ConditionOutcome {
            id: id.to_string(),
            status,
            explanation_zh: zh,
            explanation_en: en,
            reason_zh,
            reason_en,
            quote: quote.to_string(),
            earliest,
            figures: outs.into_iter().filter_map(|o| o.figure).collect(),
        };
        (outcome, parts)
    }
}

/// The last graduation date that still makes a candidate 在校应届: the
/// 31 August on or after the signing date `as_of`. Guides 001 (condition 3)
/// and 003 (condition 4) count "尚未取得毕业证书的在校应届毕业生" without
/// saying which dates that covers; Chinese schools graduate in the summer and
/// their year starts on 1 September, so a candidate who signs in November
/// 2026 and graduates in July 2027 is this season's 应届毕业生, one who
/// graduates in 2028 is not.
pub fn graduation_season_end(as_of: Date) -> Date {
    let year = i32::from(as_of.year()) + i32::from(as_of.month() > 8);
    // Year 9999 has no next season: nothing after the signing date counts.
    Date::new(year, 8, 31).unwrap_or(as_of)
}

/// Form checks that do not depend on the conditions: identity, phone,
/// employer names and dates against the signing and employer dates.
pub fn form_problems(profile: &Profile, as_of: Date) -> Vec<Problem> {
    let mut out = Vec::new();
    if let Some(id) = profile.id_number.as_deref() {
        if let Err(p) = identity::check_id_number(id, as_of) {
            out.push(Problem::new("id_number", p.zh, p.en));
        }
    }
    if let Some(ph) = profile.phone.as_deref() {
        if !identity::is_mainland_mobile(ph) {
            out.push(Problem::new(
                "phone",
                "手机号应为11位中国大陆手机号（1开头，第二位3–9）",
                "The phone must be an 11-digit mainland mobile number (1[3-9]…)",
            ));
        }
    }
    let late = |field: String, d: Date, out: &mut Vec<Problem>| {
        if d > as_of {
            out.push(Problem::new(
                field,
                format!("日期 {d} 晚于申报表签字日期 {as_of}"),
                format!("Date {d} is after the signing date {as_of}"),
            ));
        }
    };
    for (i, w) in profile.work.iter().enumerate() {
        if w.employer.as_deref().is_none_or(|e| e.trim().is_empty()) {
            out.push(Problem::new(
                format!("work[{i}].employer"),
                "工作单位需填写全称",
                "Write the employer's full name",
            ));
        }
        if w.start.is_none() {
            out.push(Problem::new(
                format!("work[{i}].start"),
                "缺少工作开始日期",
                "Work start date missing",
            ));
        }
        if let Some(s) = w.start {
            late(format!("work[{i}].start"), s, &mut out);
        }
        if let Some(e) = w.end {
            late(format!("work[{i}].end"), e, &mut out);
        }
        if let (Some(s), Some(e)) = (w.start, w.end) {
            if e < s {
                out.push(Problem::new(
                    format!("work[{i}].end"),
                    format!("结束日期 {e} 早于开始日期 {s}"),
                    format!("End {e} is before start {s}"),
                ));
            }
        }
        if let (Some(s), Some(f)) = (w.start, w.employer_founded) {
            if s < f {
                out.push(Problem::new(
                    format!("work[{i}].start"),
                    format!("工作开始日期 {s} 早于单位成立日期 {f}（与单位成立时间冲突，如有特殊情况需另行说明）"),
                    format!("Work starts {s}, before the employer was founded ({f})"),
                ));
            }
        }
        if let Some(x) = w.employer_dissolved {
            let end = w.end.unwrap_or(as_of);
            if end > x {
                out.push(Problem::new(
                    format!("work[{i}].end"),
                    format!(
                        "工作结束日期（{}）晚于单位注销日期 {x}",
                        w.end.map_or("至今".to_string(), |e| e.to_string())
                    ),
                    format!("Work ends after the employer was dissolved ({x})"),
                ));
            }
        }
    }
    for (i, c) in profile.certificates.iter().enumerate() {
        if let Some(d) = c.issued {
            late(format!("certificates[{i}].issued"), d, &mut out);
        }
        if c.level.is_some_and(|l| !(1..=5).contains(&l)) {
            out.push(Problem::new(
                format!("certificates[{i}].level"),
                "等级应为1–5",
                "Level must be 1–5",
            ));
        }
    }
    for (i, t) in profile.titles.iter().enumerate() {
        if let Some(d) = t.issued {
            late(format!("titles[{i}].issued"), d, &mut out);
        }
    }
    for (i, e) in profile.education.iter().enumerate() {
        if let Some(d) = e.graduated.filter(|d| *d > as_of) {
            out.push(Problem::new(
                format!("education[{i}].graduated"),
                format!("毕业日期 {d} 晚于申报表签字日期 {as_of}：尚未毕业的，请勾选「在校应届」，不填预计毕业日期"),
                format!("Graduation date {d} is after the signing date {as_of}: if you have not graduated yet, tick 'Final-year student' instead of giving an expected date"),
            ));
        }
    }
    for (i, t) in profile.training.iter().enumerate() {
        if t.level.is_some_and(|l| !(1..=5).contains(&l)) {
            out.push(Problem::new(
                format!("training[{i}].level"),
                "等级应为1–5",
                "Level must be 1–5",
            ));
        }
    }
    out
}

/// Ready to register — the one definition the CLI, the widget's meter,
/// summary and `precheck:readiness` event use: the condition is met, nothing
/// on the form is wrong (`problems`: the evaluation's, and the fill-in
/// sheet's where there is one — a form the sheet calls invalid is not
/// ready), no answer went unread (`unread_answers`: typed text the front end
/// could not parse), and no listed material is missing.
pub fn is_ready(
    evaluation: &Evaluation,
    sheet: Option<&sheet::Sheet>,
    unread_answers: usize,
    missing_materials: usize,
) -> bool {
    evaluation.eligible
        && evaluation.problems.is_empty()
        && sheet.is_none_or(|s| s.problems.is_empty())
        && unread_answers == 0
        && missing_materials == 0
}

/// A condition id the plan does not have.
pub fn unknown_condition(plan: &Plan, id: &str) -> Problem {
    Problem::new(
        "condition",
        format!("计划 {} 没有条件“{id}”", plan.id),
        format!("Plan {} has no condition \"{id}\"", plan.id),
    )
}

/// Evaluates `profile` against every condition of `plan` at `as_of` (the
/// form's signing date). `chosen_condition` is the id the candidate ticks;
/// the materials are that condition's, else the first met one's, else none.
pub fn evaluate(
    plan: &Plan,
    profile: &Profile,
    as_of: Date,
    chosen_condition: Option<&str>,
) -> Evaluation {
    let ctx = Ctx {
        lists: Lists::of(plan),
        profile,
        as_of,
    };
    let conditions: Vec<ConditionOutcome> =
        plan.conditions.iter().map(|c| ctx.condition(c)).collect();
    let mut problems = form_problems(profile, as_of);
    let mut suggestions = Vec::new();
    for (i, w) in profile.work.iter().enumerate() {
        let Some(occ) = w.occupation.as_deref() else {
            continue;
        };
        if classify(&ctx.lists, occ, Scope::OwnOrRelated) != Match::No {
            continue;
        }
        if let Some(s) = suggest_occupation(occ, plan) {
            problems.push(Problem::new(
                format!("work[{i}].occupation"),
                s.message_zh.clone(),
                s.message_en.clone(),
            ));
            suggestions.push(s);
        }
    }
    let chosen = chosen_condition.map(str::to_string);
    if let Some(c) = &chosen {
        if plan.condition(c).is_none() {
            problems.push(unknown_condition(plan, c));
        }
    }
    let met = |id: &str| {
        conditions
            .iter()
            .any(|o| o.id == id && o.status == Status::Met)
    };
    let eligible = match &chosen {
        Some(c) => met(c),
        None => conditions.iter().any(|o| o.status == Status::Met),
    };
    let materials_for = match &chosen {
        Some(c) if plan.condition(c).is_some() => Some(c.clone()),
        Some(_) => None,
        None => conditions
            .iter()
            .find(|o| o.status == Status::Met)
            .map(|o| o.id.clone()),
    };
    let (materials_note_zh, materials_note_en) = match (&materials_for, &chosen) {
        (Some(c), Some(_)) if !met(c) => (
            format!("所选条件{c}尚不符合；以下为该条件所需材料。"),
            format!("Your chosen condition {c} is not met yet; these are its materials."),
        ),
        (Some(c), Some(_)) => (
            format!("所选条件{c}所需材料。"),
            format!("Materials for your chosen condition {c}."),
        ),
        (Some(c), None) => (
            format!("未选择条件，按第一个符合的条件{c}列出材料。"),
            format!("No condition chosen: materials for the first met condition, {c}."),
        ),
        (None, _) => (
            "没有符合的条件，暂不列出材料。".to_string(),
            "No condition is met, so no materials are listed.".to_string(),
        ),
    };
    let materials: Vec<MaterialOut> = materials_for
        .as_deref()
        .and_then(|c| plan.condition(c))
        .map(|c| {
            c.materials
                .iter()
                .map(|m| MaterialOut {
                    name: m.name.to_string(),
                    how_zh: m.how_zh.to_string(),
                    how_en: m.how_en.to_string(),
                    uploads: m.uploads.to_vec(),
                    prep: m.prep.to_vec(),
                    paper_only: m.uploads.is_empty(),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut notes = vec![NoteOut {
        kind: "assumption",
        id: "as-of".into(),
        text_zh: format!(
            "年限按申报表签字日期 {as_of} 计算（起始日不计入，满N年指到N年后的对应日），最终以评价机构审核为准。"
        ),
        text_en: format!(
            "Years are counted to the signing date {as_of} (start day not counted; N years end on the same date N years later); the organiser's review decides."
        ),
    }];
    let focus = materials_for.as_deref();
    let mut amb: Vec<_> = plan.ambiguities.iter().collect();
    amb.sort_by_key(|a| a.condition.as_deref() != focus || focus.is_none());
    for a in amb {
        notes.push(NoteOut {
            kind: "ambiguity",
            id: a.id.to_string(),
            text_zh: a.text_zh.to_string(),
            text_en: a.text_en.to_string(),
        });
    }
    if let (Some(m), false) = (&plan.mailing, materials.is_empty()) {
        notes.push(NoteOut {
            kind: "mailing",
            id: "mailing".into(),
            text_zh: format!(
                "审核通过并完成缴费后，须在考试报名期限内将{}邮寄至：{}（{}，{}）；逾期未完成邮寄的，将视为放弃考试资格。",
                m.items.join("、"),
                m.address.split_whitespace().collect::<String>(),
                m.contact,
                m.phone
            ),
            text_en: format!(
                "After approval and payment, mail {} to {} ({}, {}) within the registration period. {}",
                m.items.join(", "),
                m.address.split_whitespace().collect::<String>(),
                m.contact,
                m.phone,
                m.rule_en
            ),
        });
    }
    for n in plan.notes.iter() {
        notes.push(NoteOut {
            kind: "guide",
            id: n.id.to_string(),
            text_zh: n.text.to_string(),
            text_en: n.text_en.to_string(),
        });
    }
    // Without a sheet, ticks or typed text: what the engine alone can say.
    let ready = eligible && problems.is_empty();
    Evaluation {
        plan_id: plan.id.to_string(),
        as_of,
        eligible,
        ready,
        chosen_condition: chosen,
        conditions,
        materials_for,
        materials_note_zh,
        materials_note_en,
        materials,
        notes,
        problems,
        suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::date;

    fn plan(id: &str) -> &'static Plan {
        catalog().plan(id).unwrap()
    }

    /// The widget's first screen announces this result without the engine
    /// (app/start: `empty_readiness`) until the candidate answers anything.
    #[test]
    fn an_empty_profile_meets_nothing_and_needs_no_materials_in_every_plan() {
        for p in catalog().plans() {
            let ev = evaluate(p, &Profile::default(), date(2026, 11, 23), None);
            assert!(!ev.eligible && !ev.ready, "{}", p.id);
            assert!(ev.met_ids().is_empty(), "{}", p.id);
            assert_eq!(ev.chosen_condition, None, "{}", p.id);
            assert_eq!(ev.materials_for, None, "{}", p.id);
            assert!(ev.materials.is_empty(), "{}", p.id);
        }
    }

    #[test]
    fn every_suggested_occupation_counts_and_no_excluded_one_is_suggested() {
        let mut expanded_seen = 0;
        for p in catalog().plans() {
            let names = p.accepted_occupations();
            assert_eq!(names.first(), Some(&&*p.occupation), "{}", p.id);
            for name in &names {
                let m = classify(&Lists::of(p), name, Scope::OwnOrRelated);
                assert!(
                    matches!(m, Match::Own | Match::Related),
                    "{}: {name} → {m:?}",
                    p.id
                );
            }
            for x in p.excluded.iter() {
                assert!(
                    !names.contains(&&*x.occupation),
                    "{}: {}",
                    p.id,
                    x.occupation
                );
            }
            // Guide 002's compound items are offered as the names they expand to.
            let expanded = std::iter::once(&p.own)
                .chain(p.related.as_ref())
                .flat_map(|list| list.expanded.iter());
            for n in expanded {
                expanded_seen += 1;
                assert!(names.contains(&&**n), "{}: {n}", p.id);
            }
        }
        assert!(expanded_seen > 0, "some plan has expanded items");
    }

    #[test]
    fn a_certificate_not_held_long_enough_says_when_in_both_languages() {
        // 004 condition 5: a level-3 certificate held 2 years (plus a 技师班 student).
        let profile = Profile {
            certificates: vec![crate::profile::Certificate {
                occupation: Some("电子商务师".into()),
                level: Some(3),
                issued: Some(date(2024, 7, 1)),
            }],
            education: vec![crate::profile::Education {
                school: Some(crate::profile::SchoolType::TechnicianCollege),
                major: Some("电子商务".into()),
                graduated: None,
                class: Some(crate::profile::TechnicianClass::Technician),
            }],
            ..Profile::default()
        };
        let ev = evaluate(plan("ecommerce-2-hebei"), &profile, date(2026, 6, 30), None);
        let c5 = ev.conditions.iter().find(|o| o.id == "5").unwrap();
        assert_eq!(c5.earliest, Some(date(2026, 7, 1)));
        assert!(
            c5.reason_zh.contains("最早 2026-07-01 满足"),
            "{}",
            c5.reason_zh
        );
        assert!(
            c5.reason_en.contains("met on 2026-07-01"),
            "{}",
            c5.reason_en
        );
    }

    #[test]
    fn informal_titles_get_a_list_name_never_a_silent_match() {
        let s = suggest_occupation("电商运营", plan("ecommerce-4-beijing")).unwrap();
        assert_eq!(s.suggested, "电子商务师");
        assert!(s.message_zh.contains("确认"));
        let s = suggest_occupation("带货主播", plan("internet-marketing-4")).unwrap();
        assert_eq!(s.suggested, "互联网营销师");
        let s = suggest_occupation("直播运营", plan("ecommerce-2-hebei")).unwrap();
        assert_eq!(
            s.suggested, "互联网营销师",
            "a related occupation of 电子商务师 in guide 004"
        );
        let s = suggest_occupation("淘宝网店客服", plan("ecommerce-1-beijing")).unwrap();
        assert_eq!(s.suggested, "电子商务师");
        // Already a list name, or nothing fits: no suggestion.
        assert_eq!(
            suggest_occupation("营销员", plan("ecommerce-4-beijing")),
            None
        );
        assert_eq!(
            suggest_occupation("厨师", plan("ecommerce-4-beijing")),
            None
        );
        // 电子商务师 is excluded for 供应链管理师: never suggested there.
        assert_eq!(
            suggest_occupation("电商运营", plan("supply-chain-1-beijing")),
            None
        );
    }

    #[test]
    fn work_type_in_parentheses_is_ignored_when_matching() {
        assert_eq!(base_name(" 互联网营销师（直播销售员） "), "互联网营销师");
        assert_eq!(base_name("电子商务师(网商)"), "电子商务师");
        let p: Profile = Profile {
            work: vec![crate::profile::WorkPeriod {
                employer: Some("甲公司".into()),
                occupation: Some("互联网营销师(直播销售员)".into()),
                start: Some(date(2020, 1, 1)),
                end: None,
                employer_founded: None,
                employer_dissolved: None,
                part_time: None,
                department: None,
            }],
            ..Profile::default()
        };
        let ev = evaluate(plan("internet-marketing-4"), &p, date(2024, 1, 1), None);
        assert_eq!(ev.conditions[1].status, Status::Met);
        assert_eq!(ev.materials_for.as_deref(), Some("2"));
    }

    #[test]
    fn unknown_chosen_condition_is_a_problem_and_no_materials() {
        let ev = evaluate(
            plan("ecommerce-entry"),
            &Profile::default(),
            date(2026, 1, 1),
            Some("7"),
        );
        assert!(!ev.eligible);
        assert_eq!(ev.problems[0].field, "condition");
        assert!(ev.materials.is_empty());
        assert!(ev.materials_note_zh.contains("没有符合"));
    }

    #[test]
    fn beijing_plans_say_where_to_mail_once_materials_are_listed() {
        let ev = evaluate(
            plan("ecommerce-1-beijing"),
            &Profile::default(),
            date(2026, 1, 1),
            Some("1"),
        );
        let m = ev
            .notes
            .iter()
            .find(|n| n.kind == "mailing")
            .expect("mailing note");
        assert!(
            m.text_zh
                .contains("北京市石景山区玉泉路63号远洋时代广场313")
                && m.text_zh.contains("一式两份")
        );
        let ev = evaluate(
            plan("ecommerce-2-hebei"),
            &Profile::default(),
            date(2026, 1, 1),
            Some("1"),
        );
        assert!(
            !ev.notes.iter().any(|n| n.kind == "mailing"),
            "Hebei has no mailing step"
        );
    }

    #[test]
    fn statuses_serialise_as_documented() {
        let v: Vec<String> = [Status::Met, Status::NotMet, Status::NeedsInfo]
            .iter()
            .map(|s| serde_json::to_string(s).unwrap())
            .collect();
        assert_eq!(v, [r#""met""#, r#""not_met""#, r#""needs_info""#]);
    }

    #[test]
    fn every_plan_shows_its_ambiguities_in_the_notes() {
        for p in catalog().plans() {
            let ev = evaluate(p, &Profile::default(), date(2026, 1, 1), None);
            for a in p.ambiguities.iter() {
                assert!(
                    ev.notes
                        .iter()
                        .any(|n| n.kind == "ambiguity" && n.id == a.id),
                    "{} {}",
                    p.id,
                    a.id
                );
            }
        }
        let ids: Vec<&str> = plan("internet-marketing-4")
            .ambiguities
            .iter()
            .map(|a| &*a.id)
            .collect();
        assert!(ids.contains(&"003-duplicate-pledge"));
        let ids: Vec<&str> = plan("ecommerce-2-hebei")
            .ambiguities
            .iter()
            .map(|a| &*a.id)
            .collect();
        assert!(ids.contains(&"004-cond5-certificate-level") && ids.contains(&"004-cond5-diploma"));
        assert!(plan("ecommerce-entry").source.title_missing);
    }

    #[test]
    fn the_graduation_season_ends_on_the_31_august_on_or_after_signing() {
        for (signed, end) in [
            (date(2026, 11, 22), date(2027, 8, 31)),
            (date(2026, 6, 30), date(2026, 8, 31)),
            (date(2026, 8, 31), date(2026, 8, 31)),
            (date(2026, 9, 1), date(2027, 8, 31)),
            (date(2027, 1, 1), date(2027, 8, 31)),
        ] {
            assert_eq!(graduation_season_end(signed), end, "{signed}");
        }
        // No panic at the calendar's end: nothing after the signing date counts.
        let last = date(9999, 12, 31);
        assert_eq!(graduation_season_end(last), last);
    }
}
