//! The fill-in sheet (填写草稿): for a plan, a condition and a profile, every
//! box of the paper forms the condition needs (申报表, 承诺书), in the form's
//! order, with the exact words to write, the boxes to leave empty and the ones
//! only the candidate, the employer or the organiser can fill.
//!
//! The forms and their boxes are rules data (`[[form]]` in rules/plans/*.toml,
//! checked against the guide at build time); this module only fills them in.
//! The guides make the forms unforgiving — handwritten, no corrections, an
//! invalid form cannot be resubmitted — so what would make a form invalid comes
//! first, as `problems`, in the same shape as `evaluate`'s.

use super::period::{cumulative, Interval, Length};
use super::{
    base_name, classify, evaluate, form_problems, level_word, level_zh, suggest_occupation,
    unknown_condition, Lists, Match, Problem, Status,
};
use crate::date::Date;
use crate::identity;
use crate::profile::{Education, Profile, SchoolType, WorkPeriod};
use crate::rules::{Condition, Fill, Form, FormBox, Plan, Requirement, Scope};
use serde::Serialize;
use std::collections::HashSet;

/// The sheet for one plan and condition. JSON: `plan`, `condition`, `as_of`,
/// `status`, `verdict`, `verdict_en`, `earliest`, `forms`, `problems`.
///
/// The sheet follows the verdict: unless the condition is met (`status` is
/// `met`), no box certifies it — the employer's statement, the copied
/// condition and the signatures are shown as the guide's template, greyed
/// (`withheld`), and the first problem says why and from when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sheet {
    pub plan: String,
    pub condition: String,
    /// The signing date the dates and years are counted to.
    pub as_of: Date,
    /// The chosen condition's verdict, as `evaluate` gives it.
    pub status: Status,
    #[serde(rename = "verdict")]
    pub verdict_zh: String,
    pub verdict_en: String,
    /// When not met yet: the first date it would be met if nothing changes.
    pub earliest: Option<Date>,
    pub forms: Vec<FormSheet>,
    /// What would make a form invalid, with the fix; empty when none.
    pub problems: Vec<Problem>,
}

/// One paper form. JSON: `form` (its name), `material`, `complete`, `rules`,
/// `note`, `note_en`, `boxes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormSheet {
    #[serde(rename = "form")]
    pub name: String,
    /// The material key it belongs to (`form`, `work_pledge`…).
    pub material: String,
    /// That material's name in the checklist (`申报表(单位盖章)`).
    pub material_name: String,
    /// The guide shows the whole form; otherwise only the boxes it speaks of.
    pub complete: bool,
    /// The guide's rules for the whole form, verbatim.
    pub rules: Vec<String>,
    #[serde(rename = "note")]
    pub note_zh: String,
    pub note_en: String,
    pub boxes: Vec<BoxSheet>,
}

/// Who fills a box that the sheet cannot write out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Who {
    /// Only the candidate: a signature, a number from a certificate…
    Candidate,
    /// The employer: its statement and stamp.
    Employer,
    /// The organiser (评价机构).
    Organiser,
}

/// A gap left in a box's words for someone to fill (`＿＿＿＿` in `write`).
/// JSON: `what`, `what_en`, `who`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    #[serde(rename = "what")]
    pub what_zh: String,
    pub what_en: String,
    pub who: Who,
}

/// The mark a gap leaves in `write`.
pub const GAP_MARK: &str = "＿＿＿＿";

/// One box. JSON: `box`, `write`, `write_en`, `blank`, `copy`, `withheld`,
/// `gaps`, `working`, `working_en`, `who`, `source`, `rule`, `field`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoxSheet {
    /// As on the form.
    #[serde(rename = "box")]
    pub label: String,
    /// The words to write (when `who` is null), or what to put there.
    pub write: String,
    pub write_en: String,
    /// 此栏不填.
    pub blank: bool,
    /// `write` is the words to put in the box, to copy as they are (by
    /// whoever fills it); false: it says what to do (a hint, a signature).
    pub copy: bool,
    /// Not to be filled yet: `write` is the guide's template with its blanks,
    /// shown so the candidate sees what will be asked (the condition is not
    /// met, or the box needs a current employer the answers lack).
    pub withheld: bool,
    /// Gaps in `write` that someone still fills in (`＿＿＿＿`).
    pub gaps: Vec<Gap>,
    /// How a figure in `write` was counted (years in the post…).
    #[serde(rename = "working")]
    pub working_zh: Option<String>,
    pub working_en: Option<String>,
    pub who: Option<Who>,
    /// Where the guide says it.
    pub source: String,
    /// The guide's sentence about this box, verbatim.
    pub rule: Option<String>,
    /// The answer it comes from (`work[0]`, `id_number`…), to go and change it.
    pub field: Option<String>,
}

/// The fill-in sheet for `plan`'s condition `condition_id`, signed on `as_of`.
pub fn sheet(
    plan: &Plan,
    condition_id: &str,
    profile: &Profile,
    as_of: Date,
) -> Result<Sheet, Problem> {
    let condition = plan
        .condition(condition_id)
        .ok_or_else(|| unknown_condition(plan, condition_id))?;
    let evaluation = evaluate(plan, profile, as_of, Some(condition_id));
    let verdict = evaluation
        .conditions
        .into_iter()
        .find(|c| c.id == condition.id)
        .ok_or_else(|| unknown_condition(plan, condition_id))?;
    let mut problems = Vec::new();
    if verdict.status != Status::Met {
        problems.push(unmet_problem(condition, &verdict));
    }
    problems.extend(form_problems(profile, as_of));
    let mut filler = Filler {
        plan,
        lists: Lists::of(plan),
        condition,
        profile,
        as_of,
        met: verdict.status == Status::Met,
        list_names: plan
            .forms
            .iter()
            .flat_map(|f| f.boxes.iter())
            .find(|b| b.list_names),
        problems,
    };
    let forms = condition
        .materials
        .iter()
        .filter_map(|m| Some((m, plan.forms.iter().find(|f| f.material == m.key)?)))
        .map(|(m, f)| FormSheet {
            material_name: m.name.to_string(),
            ..filler.form(f)
        })
        .collect();
    // Linear, not pairwise: a profile may hold hundreds of work lines.
    let mut seen = HashSet::new();
    let problems = filler
        .problems
        .into_iter()
        .filter(|p| seen.insert((p.field.clone(), p.message_zh.clone())))
        .collect();
    Ok(Sheet {
        plan: plan.id.to_string(),
        condition: condition.id.to_string(),
        as_of,
        status: verdict.status,
        verdict_zh: verdict.explanation_zh,
        verdict_en: verdict.explanation_en,
        earliest: verdict.earliest,
        forms,
        problems,
    })
}

/// The first problem of a sheet whose condition is not met (or not known to
/// be): the verdict in the engine's words, the date where it knows one, and
/// that nothing certifying it may be written or signed before then.
fn unmet_problem(condition: &Condition, verdict: &super::ConditionOutcome) -> Problem {
    let id = &condition.id;
    let (when_zh, when_en) = match verdict.earliest {
        Some(d) => (
            format!("如情况不变，最早 {d} 起符合；"),
            format!("If nothing changes it is met on {d}. "),
        ),
        None => (String::new(), String::new()),
    };
    let (head_zh, head_en) = if verdict.status == Status::NeedsInfo {
        (
            format!("还不能确定你符合所选的条件{id}"),
            format!("It is not yet known whether you meet condition {id}"),
        )
    } else {
        (
            format!("你现在还不符合所选的条件{id}"),
            format!("You do not meet condition {id} yet"),
        )
    };
    Problem::new(
        "condition",
        format!(
            "{head_zh}（{}）。{when_zh}在符合之前，不要填写、签字或请单位盖章：表上证明符合条件的语句（单位意见、申报条件、本人承诺）下面只显示样式，留空处不写。",
            verdict.reason_zh
        ),
        format!(
            "{head_en} ({}). {when_en}Until it is met, do not fill in, sign or have your employer stamp the form: the statements that certify the condition (employer's opinion, condition, your pledge) are shown below as the template only, with their blanks.",
            verdict.reason_en
        ),
    )
}

/// `n` in the capital numerals of Chinese finance (大写): 5 → 伍, 12 → 壹拾贰,
/// 20 → 贰拾, 0 → 零. The sample forms ask for years this way.
pub fn capital_number(n: u32) -> String {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const UNITS: [char; 4] = ['\0', '拾', '佰', '仟'];
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let digits: Vec<u32> = n.to_string().bytes().map(|b| u32::from(b - b'0')).collect();
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, d) in digits.iter().enumerate() {
        let unit = UNITS[digits.len() - 1 - i];
        if *d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        out.push(DIGITS[*d as usize]);
        if unit != '\0' {
            out.push(unit);
        }
    }
    out
}

/// The condition's words without the guide's footnote marks (`相关职业①`):
/// the marks point at the lists under the conditions, they are not words to copy.
fn without_footnote_marks(text: &str) -> String {
    text.chars().filter(|c| !('①'..='⑳').contains(c)).collect()
}

/// `2021.07` — the sample forms' year and month.
fn year_month(d: Date) -> String {
    format!("{:04}.{:02}", d.year(), d.month())
}

/// `2021.07.01` — the sample's 取证时间.
fn dotted(d: Date) -> String {
    format!("{:04}.{:02}.{:02}", d.year(), d.month(), d.day())
}

/// `2026年11月22日` — the sample's 承诺日期.
fn written_date(d: Date) -> String {
    format!("{}年{:02}月{:02}日", d.year(), d.month(), d.day())
}

struct Filler<'a> {
    plan: &'a Plan,
    lists: Lists<'a>,
    condition: &'a Condition,
    profile: &'a Profile,
    as_of: Date,
    /// The chosen condition is met: only then may a box certify it.
    met: bool,
    /// The box whose rule says the forms carry list names (001–004), if any:
    /// every work line of every form then uses them (the pledges repeat the
    /// 申报表's lines).
    list_names: Option<&'a FormBox>,
    problems: Vec<Problem>,
}

/// The candidate's main job now, as the forms' 工作单位 means it.
enum MainJob<'a> {
    /// The ongoing period not marked 兼职 (the longest-standing of several).
    Current(usize, &'a WorkPeriod),
    /// No ongoing full-time job: every period has ended, or only 兼职 goes on.
    None,
}

impl<'a> Filler<'a> {
    fn form(&mut self, form: &Form) -> FormSheet {
        let mut boxes = Vec::new();
        for b in form.boxes.iter() {
            let for_condition =
                b.conditions.is_empty() || b.conditions.contains(&self.condition.id);
            if !for_condition {
                // Another box of the same label is this condition's version.
                let twin = form.boxes.iter().any(|o| {
                    o.label == b.label
                        && (o.conditions.is_empty() || o.conditions.contains(&self.condition.id))
                });
                if !twin {
                    boxes.push(self.unrelated(form, b));
                }
                continue;
            }
            if !b.schools.is_empty() && !self.has_school(b) {
                boxes.push(BoxSheet {
                    write: format!("此栏不填（只有{}的考生填写）", b.schools.join("、")),
                    write_en: "Leave empty (only for candidates from the schools named)".into(),
                    blank: true,
                    ..self.base(b)
                });
                continue;
            }
            self.fill(b, &mut boxes);
        }
        let (note_zh, note_en) = if form.complete {
            (
                format!(
                    "按指南的申报表样例（{}），栏目顺序与表上一致。",
                    form.section
                ),
                format!(
                    "From the guide's sample form ({}), in the form's order.",
                    form.section
                ),
            )
        } else {
            (
                format!("指南文字版没有这份表的样例，只讲到下面这些栏目（{}）；表上其他栏目按表格本身的提示如实填写。", form.section),
                format!("The guide's text shows no sample of this form, only these boxes ({}); fill the others truthfully as the form asks.", form.section),
            )
        };
        FormSheet {
            name: form.name.to_string(),
            material: form.material.to_string(),
            material_name: String::new(),
            complete: form.complete,
            rules: form.rules.iter().map(|r| r.to_string()).collect(),
            note_zh,
            note_en,
            boxes,
        }
    }

    fn base(&self, b: &FormBox) -> BoxSheet {
        BoxSheet {
            label: b.label.to_string(),
            write: String::new(),
            write_en: String::new(),
            blank: false,
            copy: false,
            withheld: false,
            gaps: Vec::new(),
            working_zh: None,
            working_en: None,
            who: None,
            source: b.source.to_string(),
            rule: b.rule.as_ref().map(|r| r.to_string()),
            field: None,
        }
    }

    /// A box that would certify the condition, while it is not met: what it
    /// will say, greyed, not to be written or signed yet.
    fn withheld(&self, b: &FormBox, zh: String, en: String, who: Option<Who>) -> BoxSheet {
        BoxSheet {
            write: zh,
            write_en: en,
            withheld: true,
            who,
            ..self.base(b)
        }
    }

    /// A box for other conditions than the chosen one.
    fn unrelated(&self, form: &Form, b: &FormBox) -> BoxSheet {
        match &form.unrelated_blank {
            Some(rule) => BoxSheet {
                write: "此栏不填（与所选申报条件无关）".into(),
                write_en: "Leave empty (not part of your chosen condition)".into(),
                blank: true,
                rule: Some(rule.to_string()),
                ..self.base(b)
            },
            None => BoxSheet {
                write: "所选条件不看此栏；有就如实填写，没有就空着".into(),
                write_en:
                    "Your condition does not rest on this box: fill it truthfully if it applies"
                        .into(),
                who: Some(Who::Candidate),
                ..self.base(b)
            },
        }
    }

    fn has_school(&self, b: &FormBox) -> bool {
        self.profile
            .education
            .iter()
            .filter_map(|e| e.school)
            .any(|s| b.schools.iter().any(|n| n == s.name()))
    }

    fn requires(&self, f: impl Fn(&Requirement) -> bool) -> bool {
        self.condition.requires.iter().any(f)
    }

    /// A box whose answer is missing: says what to add, and when the
    /// condition rests on it, lists it as a problem.
    fn missing(
        &mut self,
        b: &FormBox,
        field: &str,
        what_zh: &str,
        what_en: &str,
        needed: bool,
    ) -> BoxSheet {
        if needed {
            self.problems.push(Problem::new(
                field,
                format!(
                    "申报表的“{}”一栏需要{what_zh}，你的答案里还没有：请补充后再抄写",
                    b.label
                ),
                format!(
                    "The form's box \"{}\" needs {what_en}, which your answers lack: add it first",
                    b.label
                ),
            ));
        }
        BoxSheet {
            write: format!("（待补充：{what_zh}）"),
            write_en: format!("(to add: {what_en})"),
            who: Some(Who::Candidate),
            field: Some(field.to_string()),
            ..self.base(b)
        }
    }

    fn fill(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        let base = self.base(b);
        let text = |zh: String, en: String| BoxSheet {
            write: zh,
            write_en: en,
            copy: true,
            ..base.clone()
        };
        let by = |who: Who, zh: &str, en: &str| BoxSheet {
            write: zh.to_string(),
            write_en: en.to_string(),
            who: Some(who),
            ..base.clone()
        };
        let boxed = match b.fill {
            Fill::Blank => BoxSheet {
                write: "此栏不填".into(),
                write_en: "Leave empty".into(),
                blank: true,
                ..base.clone()
            },
            Fill::Organiser => BoxSheet {
                write: "此栏不填（评价机构填写）".into(),
                write_en: "Leave empty (the organiser fills it)".into(),
                blank: true,
                who: Some(Who::Organiser),
                ..base.clone()
            },
            Fill::Candidate => by(
                Who::Candidate,
                b.hint_zh.as_deref().unwrap_or_default(),
                b.hint_en.as_deref().unwrap_or_default(),
            ),
            Fill::Signature => {
                let print = b.rule.as_deref().is_some_and(|r| r.contains("手印"));
                let (zh, en) = if print {
                    (
                        "本人亲笔签名（黑色签字笔），并按手印（红色印泥）；不可涂改",
                        "Sign yourself (black pen) and add your fingerprint (red ink); no corrections",
                    )
                } else {
                    ("本人亲笔签名", "Sign yourself")
                };
                if self.met {
                    by(Who::Candidate, zh, en)
                } else {
                    self.withheld(
                        b,
                        format!("符合条件以后再签：{zh}"),
                        format!("Only once the condition is met: {en}"),
                        Some(Who::Candidate),
                    )
                }
            }
            Fill::EmployerStamp => {
                let (zh, en) = (
                    "由单位加盖公章或人力资源部门印章，并写日期",
                    "Your employer stamps it (company or HR seal) and dates it",
                );
                if self.met {
                    by(Who::Employer, zh, en)
                } else {
                    self.withheld(
                        b,
                        format!("符合条件以后：{zh}"),
                        format!("Only once the condition is met: {en}"),
                        Some(Who::Employer),
                    )
                }
            }
            Fill::EmployerOpinion => return out.push(self.employer_opinion(b)),
            Fill::Photo => by(
                Who::Candidate,
                "贴一寸照片：与上传的那张相同",
                "Glue on the 1-inch photo: the same one you upload",
            ),
            Fill::Text => {
                let t = b.text.as_deref().unwrap_or_default().to_string();
                text(t.clone(), t)
            }
            Fill::Occupation => {
                let o = self.plan.form_occupation();
                text(o.clone(), o)
            }
            Fill::Level => {
                let l = level_word(self.plan.level).to_string();
                text(l.clone(), l)
            }
            Fill::IdNumber => match self.profile.id_number.as_deref() {
                Some(id) => BoxSheet {
                    field: Some("id_number".into()),
                    ..text(id.trim().to_uppercase(), id.trim().to_uppercase())
                },
                None => self.missing(b, "id_number", "身份证号", "your ID number", true),
            },
            Fill::Phone => match self.profile.phone.as_deref() {
                Some(p) => BoxSheet {
                    field: Some("phone".into()),
                    ..text(p.trim().to_string(), p.trim().to_string())
                },
                None => self.missing(b, "phone", "手机号", "your phone number", true),
            },
            Fill::Gender => match self.gender() {
                Some((zh, en)) => BoxSheet {
                    field: Some("id_number".into()),
                    ..text(zh.into(), en.into())
                },
                None => by(
                    Who::Candidate,
                    "男 或 女（填了身份证号后按身份证号给出）",
                    "男 or 女 (given from your ID number once you enter it)",
                ),
            },
            Fill::Employer => match self.main_job() {
                MainJob::Current(i, w) => match w
                    .employer
                    .as_deref()
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                {
                    Some(e) => BoxSheet {
                        field: Some(format!("work[{i}].employer")),
                        ..text(e.to_string(), e.to_string())
                    },
                    None => self.missing(
                        b,
                        &format!("work[{i}].employer"),
                        "工作单位全称",
                        "the employer's full name",
                        true,
                    ),
                },
                MainJob::None => self.no_main_job(b, "工作单位", "employer"),
            },
            Fill::CurrentPost => match self.main_job() {
                MainJob::Current(i, w) => {
                    let post = self.written_occupation(i, w);
                    let time = self.time_in_post(w, &post);
                    let (zh, en) = match time.whole_years() {
                        0 => ("不满1年".to_string(), "under 1 year".to_string()),
                        n => (format!("{n}年"), format!("{n} years")),
                    };
                    BoxSheet {
                        field: Some(format!("work[{i}]")),
                        working_zh: Some(time.working_zh),
                        working_en: Some(time.working_en),
                        ..text(format!("{post}（{zh}）"), format!("{post} ({en})"))
                    }
                }
                MainJob::None => self.no_main_job(b, "岗位", "post"),
            },
            Fill::Certificate | Fill::CertificateDate => return out.push(self.certificate(b)),
            Fill::WorkHistory => return self.work_history(b, out),
            Fill::EducationHistory => return self.education_history(b, out),
            Fill::TrainingHistory => return self.training_history(b, out),
            Fill::ConditionText => {
                let c = without_footnote_marks(&self.condition.text);
                let en = format!(
                    "Copy the condition's text in full: {}",
                    self.condition.text_en
                );
                if self.met {
                    BoxSheet {
                        write: c,
                        copy: true,
                        write_en: en,
                        ..base.clone()
                    }
                } else {
                    self.withheld(b, c, en, None)
                }
            }
            Fill::SigningDate => {
                let d = written_date(self.as_of);
                BoxSheet {
                    field: Some("as_of".into()),
                    ..text(d.clone(), d)
                }
            }
        };
        out.push(boxed);
    }

    fn gender(&self) -> Option<(&'static str, &'static str)> {
        let id = self.profile.id_number.as_deref()?.trim();
        identity::check_id_number(id, self.as_of).ok()?;
        let digit = id.as_bytes().get(16)?.checked_sub(b'0')?;
        Some(if digit % 2 == 1 {
            ("男", "male")
        } else {
            ("女", "female")
        })
    }

    fn needs_work(&self) -> bool {
        self.requires(|r| matches!(r, Requirement::Work(_)))
    }

    /// The main job now: ongoing and not 兼职; of several, the one that
    /// started first (a problem asks the candidate to mark the others).
    fn main_job(&mut self) -> MainJob<'a> {
        let profile = self.profile;
        let mut full_time: Vec<(usize, &'a WorkPeriod)> = profile
            .work
            .iter()
            .enumerate()
            .filter(|(_, w)| w.end.is_none() && w.part_time != Some(true))
            .collect();
        full_time.sort_by_key(|(_, w)| w.start);
        let Some(&(i, w)) = full_time.first() else {
            return MainJob::None;
        };
        if full_time.len() > 1 {
            let employer = w.employer.as_deref().unwrap_or("").trim();
            self.problems.push(Problem::new(
                "work",
                format!(
                    "你有 {} 份在职的工作没有标为兼职：表上的工作单位只写主要工作的单位。草稿按最早开始的“{employer}”写出；如果它不是主要工作，请把其他的标为兼职",
                    full_time.len()
                ),
                format!(
                    "{} ongoing jobs are not marked part-time: the form's employer is your main job's. The sheet uses the earliest, \"{employer}\"; mark the others part-time if that is wrong",
                    full_time.len()
                ),
            ));
        }
        MainJob::Current(i, w)
    }

    /// 工作单位 / 现从事岗位 when no full-time job goes on.
    fn no_main_job(&mut self, b: &FormBox, what_zh: &str, what_en: &str) -> BoxSheet {
        let ended = self.profile.work.iter().filter_map(|w| w.end).max();
        let (zh, en) = match ended {
            Some(d) => (
                format!("你填的工作都已结束（最近一段到 {d}）或只有兼职：这一栏写现在的{what_zh}，结束了的工作不是“现在的”；没有工作单位怎么填，指南没有说，请先问评价机构"),
                format!("Every job you entered has ended (the latest on {d}) or is part-time: this box is your current {what_en}, and a job that ended is not current; the guide does not say what to write without one: ask the organiser"),
            ),
            None => (
                format!("（待补充：现在的{what_zh}）"),
                format!("(to add: your current {what_en})"),
            ),
        };
        if self.needs_work() && ended.is_none() {
            return self.missing(
                b,
                "work",
                &format!("现在的{what_zh}"),
                &format!("your current {what_en}"),
                true,
            );
        }
        BoxSheet {
            write: zh,
            write_en: en,
            who: Some(Who::Candidate),
            field: Some("work".into()),
            ..self.base(b)
        }
    }

    /// Time in `post` (the occupation as the form writes it) at the employer
    /// of `w`: every period there in that post, merged and added up as the
    /// verdicts add up 累计 years (`period::cumulative`), to the signing date.
    /// Years in another post at the same employer are not in it: the form asks
    /// for the years in the post it names.
    fn time_in_post(&mut self, w: &WorkPeriod, post: &str) -> PostTime {
        let employer = w.employer.as_deref().map(str::trim);
        let profile = self.profile;
        let mut spans = Vec::new();
        let mut other_posts: Vec<String> = Vec::new();
        for o in profile.work.iter() {
            if o.employer.as_deref().map(str::trim) != employer {
                continue;
            }
            let written = self.name_to_write(o).0;
            if base_name(&written) != base_name(post) {
                if !other_posts.contains(&written) && !written.is_empty() {
                    other_posts.push(written);
                }
                continue;
            }
            let Some(start) = o.start else { continue };
            let end = o.end.unwrap_or(self.as_of).min(self.as_of);
            if start < end {
                spans.push(Interval {
                    start,
                    end,
                    ongoing: o.end.is_none(),
                });
            }
        }
        let length = cumulative(&spans);
        PostTime::new(
            employer.unwrap_or_default(),
            post,
            &spans,
            length,
            &other_posts,
        )
    }

    /// The occupation to write for a work period, and the problem that
    /// writing it raises, if any: a list name as the candidate gave it
    /// (工种 in brackets kept); an informal title as its list name where the
    /// guide says the form carries list names (`list_names`), else as given.
    fn name_to_write(&self, w: &WorkPeriod) -> (String, Option<(String, String)>) {
        let Some(occ) = w
            .occupation
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        else {
            return (
                String::new(),
                Some((
                    "工作经历需写明从事的职业（工种）".into(),
                    "Each work line needs the occupation".into(),
                )),
            );
        };
        let rule = self.list_names.and_then(|b| b.rule.as_deref());
        let cite = |b: &FormBox| format!("{}：“{}”", b.source, b.rule.as_deref().unwrap_or(""));
        match classify(&self.lists, occ, Scope::OwnOrRelated) {
            Match::Own | Match::Related => (occ.to_string(), None),
            Match::Excluded(quote) => (
                occ.to_string(),
                Some((
                    format!("“{occ}”在这个计划中不算相关职业（指南：{quote}），这段工作不计入年限"),
                    format!("\"{occ}\" does not count for this plan (the guide excludes it)"),
                )),
            ),
            Match::No => match (rule, self.list_names, suggest_occupation(occ, self.plan)) {
                (Some(_), Some(b), Some(s)) => (
                    s.suggested.clone(),
                    Some((
                        format!(
                            "“{occ}”是岗位俗称，指南要求申报表写名单上的职业名称（{}）：草稿按名单名称“{}”写出，只有属实才能这样写（{}）",
                            cite(b),
                            s.suggested,
                            s.list
                        ),
                        format!(
                            "\"{occ}\" is an informal title and the guide asks for the list name on the form ({}): the sheet writes \"{}\"; write it only if true",
                            b.source, s.suggested
                        ),
                    )),
                ),
                (Some(_), Some(b), None) => (
                    occ.to_string(),
                    Some((
                        format!(
                            "“{occ}”不在本职业或相关职业名单上：指南要求申报表写名单上的职业名称（{}），不在名单上的这段工作也不计入年限",
                            cite(b)
                        ),
                        format!(
                            "\"{occ}\" is not on the own or related lists: the guide asks for a list name on the form ({}), and this work does not count",
                            b.source
                        ),
                    )),
                ),
                // The guide sets no rule on the names (000: its 说明1 even
                // names posts such as 电子商务运营): write the post as given.
                _ => (occ.to_string(), None),
            },
        }
    }

    /// The occupation to write for work period `i`, with its problem listed.
    fn written_occupation(&mut self, i: usize, w: &WorkPeriod) -> String {
        let (name, problem) = self.name_to_write(w);
        if let Some((zh, en)) = problem {
            self.problems
                .push(Problem::new(format!("work[{i}].occupation"), zh, en));
        }
        if name.is_empty() {
            "（待补充：职业名称）".into()
        } else {
            name
        }
    }

    fn work_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        let mut order: Vec<usize> = (0..self.profile.work.len()).collect();
        order.sort_by_key(|&i| self.profile.work[i].start);
        if order.is_empty() {
            let needed = self.needs_work();
            out.push(if needed {
                self.missing(
                    b,
                    "work",
                    "工作经历（单位全称、起止年月、职业）",
                    "your work history",
                    true,
                )
            } else {
                BoxSheet {
                    write: "你没有填写工作经历：所选条件不看工作年限，没有就不填".into(),
                    write_en: "No work entered: your condition does not rest on work".into(),
                    who: Some(Who::Candidate),
                    field: Some("work".into()),
                    ..self.base(b)
                }
            });
            return;
        }
        let profile = self.profile;
        for i in order {
            let w = &profile.work[i];
            let start = w.start.map_or("（开始年月）".to_string(), year_month);
            let end = year_month(w.end.unwrap_or(self.as_of).min(self.as_of));
            let employer = w
                .employer
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .unwrap_or("（待补充：单位全称）")
                .to_string();
            let mut occupation = self.written_occupation(i, w);
            if w.part_time == Some(true) {
                occupation += "（兼职）";
            }
            let ongoing = if w.end.is_none() {
                "（在职，截止到签字月份）"
            } else {
                ""
            };
            out.push(BoxSheet {
                write: format!("{start}-{end} {employer}，{occupation}"),
                copy: true,
                write_en: format!(
                    "{start}-{end} {employer}, {occupation}{}",
                    if w.end.is_none() {
                        " (ongoing: up to the signing month)"
                    } else {
                        ""
                    }
                ),
                field: Some(format!("work[{i}]")),
                source: format!("{}{ongoing}", b.source),
                ..self.base(b)
            });
        }
    }

    /// The school records that matter for the condition (all of them when it
    /// asks for none), with the major checked against the condition's list.
    fn education_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        let options: Vec<_> = self
            .condition
            .requires
            .iter()
            .filter_map(|r| match r {
                Requirement::Education(e) => Some(e),
                _ => None,
            })
            .flat_map(|e| e.options.iter())
            .collect();
        let relevant = |e: &Education| {
            options.is_empty()
                || e.school.is_some_and(|s| {
                    options.iter().any(|o| {
                        o.schools
                            .iter()
                            .chain(o.unclear_schools.iter())
                            .any(|n| n == s.name())
                    })
                })
        };
        let records: Vec<(usize, &Education)> = self
            .profile
            .education
            .iter()
            .enumerate()
            .filter(|(_, e)| relevant(e))
            .collect();
        if records.is_empty() {
            let needed = !options.is_empty();
            out.push(self.missing(
                b,
                "education",
                "学历（学校类型、所学专业、毕业时间）",
                "your school record",
                needed,
            ));
            return;
        }
        for (i, e) in records {
            let school = e.school.map_or("（待补充：学校类型）", SchoolType::name);
            let major = match e.major.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
                Some(m) => {
                    self.check_major(i, e, m, &options);
                    m.to_string()
                }
                None => {
                    if !options.is_empty() {
                        self.problems.push(Problem::new(
                            format!("education[{i}].major"),
                            "所学专业需填写名单上的本专业或相关专业名称",
                            "The major must be written, as named in the majors list",
                        ));
                    }
                    "（待补充：所学专业）".into()
                }
            };
            let (when_zh, when_en) = match e.graduated {
                Some(d) if d <= self.as_of => (
                    format!("{} 毕业", year_month(d)),
                    format!("graduated {}", year_month(d)),
                ),
                Some(d) => (
                    format!("在校应届，预计 {} 毕业", year_month(d)),
                    format!("final year, graduating {}", year_month(d)),
                ),
                None => ("在校应届".into(), "final year".into()),
            };
            let class = e.class.map(|c| format!("，{}", c.name()));
            out.push(BoxSheet {
                write: format!(
                    "（入学年月）-{} （{school}全称）{}，{major}",
                    when_zh,
                    class.unwrap_or_default()
                ),
                write_en: format!("(start)-{when_en} (the {school}'s full name), {major}"),
                copy: true,
                field: Some(format!("education[{i}]")),
                source: format!("{}；括号处照毕业证书或学籍证明填写", b.source),
                ..self.base(b)
            });
        }
    }

    fn check_major(
        &mut self,
        i: usize,
        e: &Education,
        major: &str,
        options: &[&crate::rules::EduOption],
    ) {
        let Some(school) = e.school else { return };
        let lists: Vec<_> = options
            .iter()
            .filter(|o| o.schools.iter().any(|n| n == school.name()))
            .filter_map(|o| o.majors.as_deref())
            .filter_map(|id| self.plan.major_list(id))
            .collect();
        if lists.is_empty() || lists.iter().any(|l| l.items.iter().any(|m| m == major)) {
            return;
        }
        let names: Vec<&str> = lists.iter().map(|l| &*l.name_zh).collect();
        let open = lists.iter().any(|l| l.open_ended);
        self.problems.push(Problem::new(
            format!("education[{i}].major"),
            format!(
                "所学专业“{major}”不在名单上（{}）：申报表上要写名单上的专业名称{}",
                names.join("、"),
                if open {
                    "；名单以“等”结尾，相近专业可能被接受，请先向评价机构确认"
                } else {
                    ""
                }
            ),
            format!("The major \"{major}\" is not on the list: the form needs a listed major name"),
        ));
    }

    fn training_history(&mut self, b: &FormBox, out: &mut Vec<BoxSheet>) {
        if self.profile.training.is_empty() {
            let needed = self.requires(|r| matches!(r, Requirement::Training(_)));
            out.push(self.missing(
                b,
                "training",
                "培训经历（职业、等级、学时、结业证书）",
                "your training",
                needed,
            ));
            return;
        }
        for (i, t) in self.profile.training.iter().enumerate() {
            let occ = t.occupation.as_deref().unwrap_or("（待补充：培训职业）");
            let level = t.level.map(level_word).unwrap_or_default();
            let hours_needed = self
                .condition
                .requires
                .iter()
                .any(|r| matches!(r, Requirement::Training(tr) if tr.min_hours.is_some()));
            let hours = match t.hours {
                Some(h) => format!("，{h}学时"),
                None if hours_needed => "，（待补充：学时）".to_string(),
                None => String::new(),
            };
            let cert = match t.certificate {
                Some(true) => "，已取得结业证书",
                Some(false) => "，未取得结业证书",
                None => "",
            };
            out.push(BoxSheet {
                write: format!("{occ}{level}培训{hours}{cert}"),
                copy: true,
                write_en: format!(
                    "{occ} {level} training{}",
                    t.hours.map(|h| format!(", {h} hours")).unwrap_or_default()
                ),
                field: Some(format!("training[{i}]")),
                ..self.base(b)
            });
        }
    }

    /// The certificate the condition asks for (its level, own or related
    /// occupation), or the candidate's highest when it asks for none.
    fn certificate(&mut self, b: &FormBox) -> BoxSheet {
        let level = self.condition.requires.iter().find_map(|r| match r {
            Requirement::Certificate(c) => Some(c.level),
            Requirement::Work(w) => match &w.after {
                Some(crate::rules::Anchor::Certificate { level }) => Some(*level),
                _ => None,
            },
            _ => None,
        });
        let certs = &self.profile.certificates;
        let counts = |c: &crate::profile::Certificate| {
            c.occupation.as_deref().is_some_and(|o| {
                matches!(
                    classify(&self.lists, o, Scope::OwnOrRelated),
                    Match::Own | Match::Related
                )
            })
        };
        let found = certs
            .iter()
            .enumerate()
            .filter(|(_, c)| level.is_none_or(|l| c.level == Some(l)))
            .max_by_key(|(_, c)| (counts(c), std::cmp::Reverse(c.issued)));
        let Some((i, c)) = found else {
            let what = level.map_or("职业资格证书".to_string(), |l| {
                format!("{}证书", level_zh(l))
            });
            return self.missing(b, "certificates", &what, "the certificate", level.is_some());
        };
        let base = BoxSheet {
            field: Some(format!("certificates[{i}]")),
            ..self.base(b)
        };
        if b.fill == Fill::CertificateDate {
            return match c.issued {
                Some(d) => BoxSheet {
                    write: dotted(d),
                    copy: true,
                    write_en: dotted(d),
                    ..base
                },
                None => self.missing(
                    b,
                    &format!("certificates[{i}].issued"),
                    "取证时间",
                    "the issue date",
                    true,
                ),
            };
        }
        let occ = c
            .occupation
            .as_deref()
            .map(base_name)
            .unwrap_or("（待补充：证书职业）");
        let lv = c.level.map(level_word).unwrap_or_default();
        BoxSheet {
            write: format!("{occ} {lv}"),
            copy: true,
            write_en: format!("{occ} {lv}"),
            ..base
        }
    }

    fn employer_opinion(&mut self, b: &FormBox) -> BoxSheet {
        let template = b.text.as_deref().unwrap_or_default().replace(',', "，");
        let condition = without_footnote_marks(&self.condition.text);
        let condition = condition.trim_end_matches('。').to_string();
        let as_template = template
            .replace("{部门}", GAP_MARK)
            .replace("{岗位}", GAP_MARK)
            .replace("{年数}", GAP_MARK)
            .replace("{条件}", GAP_MARK);
        let template_en = "What your employer will write and sign: a regular employee in its ____ department, in the post ____ for ____ years, meeting the condition ____.";
        let mut withhold = !self.met;
        let main = match self.main_job() {
            MainJob::Current(i, w) => Some((i, w)),
            MainJob::None => {
                withhold = true;
                let opening = template.split('，').next().unwrap_or_default().to_string();
                self.problems.push(Problem::new(
                    "work",
                    format!(
                        "工作单位意见由现在的工作单位填写并盖章（指南样例：“{opening}”）：你的答案里没有在职的主要工作（兼职不算），已经离开的单位不能这样写。没有在职单位时由谁签署，指南没有说，请先问评价机构"
                    ),
                    "The employer's opinion is written and stamped by your current employer (the sample opens \"a regular employee of our unit\"): your answers have no ongoing main job (part-time does not count), and a former employer cannot say so. The guide does not say who signs instead: ask the organiser".to_string(),
                ));
                None
            }
        };
        let scope = self
            .condition
            .requires
            .iter()
            .find_map(|r| match r {
                Requirement::Work(w) => Some(w.scope),
                _ => None,
            })
            .unwrap_or(Scope::OwnOrRelated);
        let mut filled = None;
        if let Some((i, w)) = main {
            let post = self.written_occupation(i, w);
            let counts = matches!(
                classify(&self.lists, &post, scope),
                Match::Own | Match::Related
            );
            if !counts {
                withhold = true;
                self.problems.push(Problem::new(
                    format!("work[{i}].occupation"),
                    format!("单位意见写的岗位要与工作经历一致（样例：“从事电子商务师(需与工作经历处一致)岗位”），而你现在的岗位“{post}”不是所选条件计入的职业：草稿不替单位写“从事{post}岗位……经核实，符合……条件”，请先和评价机构、单位确认"),
                    format!("The opinion names your post as in the work history, and your current post \"{post}\" is not an occupation your condition counts: the sheet does not write the statement for your employer; ask the organiser and your employer first"),
                ));
            }
            filled = Some((w, post));
        }
        let (w, post) = match filled {
            Some(f) if !withhold => f,
            _ => {
                return BoxSheet {
                    field: main.map(|(i, _)| format!("work[{i}]")),
                    ..self.withheld(b, as_template, template_en.to_string(), Some(Who::Employer))
                }
            }
        };
        let time = self.time_in_post(w, &post);
        let years = time.whole_years();
        let years_text = if years == 0 {
            "不满壹".to_string()
        } else {
            capital_number(years)
        };
        let department = w
            .department
            .as_deref()
            .map(department_name)
            .filter(|d| !d.is_empty());
        let mut gaps = Vec::new();
        if department.is_none() {
            gaps.push(Gap {
                what_zh: "部门(车间)：你所在部门的名称（可以在“关于你”的工作经历里填写）".into(),
                what_en:
                    "department: the name of your department (you can add it to the work period)"
                        .into(),
                who: Who::Candidate,
            });
        }
        let write = template
            .replace("{部门}", department.unwrap_or(GAP_MARK))
            .replace("{岗位}", &post)
            .replace("{年数}", &years_text)
            .replace("{条件}", &condition);
        let years_en = if years == 0 {
            "under 1 year".to_string()
        } else {
            format!("{years} year(s)")
        };
        BoxSheet {
            write,
            copy: true,
            write_en: format!(
                "Your employer writes and signs this statement: a regular employee in its {} department, working as {post} for {years_en} (in capital numerals: {years_text}), meeting the condition \"{}\".",
                department.unwrap_or("____"),
                self.condition.text_en
            ),
            gaps,
            working_zh: Some(time.working_zh),
            working_en: Some(time.working_en),
            who: Some(Who::Employer),
            field: main.map(|(i, _)| format!("work[{i}]")),
            source: format!("{}；年数是你在本单位这个岗位上的整年数，以单位核实为准", b.source),
            ..self.base(b)
        }
    }
}

/// The department as the sample's 「XXXXX部门(车间)」 takes it: `运营部`,
/// `运营部门` and `运营` all give `运营`, so that the sentence reads
/// 「运营部门(车间)」 rather than 「运营部部门(车间)」.
fn department_name(d: &str) -> &str {
    let d = d.trim();
    ["部门", "部", "车间"]
        .iter()
        .find_map(|s| d.strip_suffix(s))
        .unwrap_or(d)
        .trim()
}

/// The time in one post at one employer, and how it was counted.
struct PostTime {
    length: Length,
    working_zh: String,
    working_en: String,
}

impl PostTime {
    fn new(
        employer: &str,
        post: &str,
        spans: &[Interval],
        length: Length,
        other_posts: &[String],
    ) -> PostTime {
        let merged = super::period::merge(spans.to_vec());
        let list_zh: Vec<String> = merged
            .iter()
            .map(|s| {
                format!(
                    "{} 至 {}{}",
                    s.start,
                    s.end,
                    if s.ongoing {
                        "（在职，算到签字日）"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        let list_en: Vec<String> = merged
            .iter()
            .map(|s| format!("{} to {}", s.start, s.end))
            .collect();
        let years = length.months / 12;
        let mut zh = format!(
            "在“{employer}”任“{post}”：{}；合计 {}，整年 {years} 年",
            if list_zh.is_empty() {
                "（没有开始日期）".to_string()
            } else {
                list_zh.join("，")
            },
            length.zh()
        );
        let mut en = format!(
            "At \"{employer}\" as \"{post}\": {}; in all {}, {years} whole year(s)",
            list_en.join(", "),
            length.en()
        );
        if !other_posts.is_empty() {
            zh += &format!(
                "；在本单位任“{}”的时间不算在内（表上写的是这个岗位的年限）",
                other_posts.join("”“")
            );
            en += &format!(
                "; time in other posts there ({}) is not counted: the form asks for years in this post",
                other_posts.join(", ")
            );
        }
        if years == 0 {
            zh += "；不满一年怎么写，指南没有说：草稿写“不满壹年”（现从事岗位写“不满1年”），也可以按单位习惯写月数，以单位核实为准";
            en += "; the guide does not say how to write under a year: the sheet writes 不满壹年 (不满1年 for the post box); your employer may write months instead";
        }
        PostTime {
            length,
            working_zh: zh,
            working_en: en,
        }
    }

    fn whole_years(&self) -> u32 {
        u32::try_from(self.length.months / 12).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::capital_number;

    #[test]
    fn capital_numerals_as_finance_writes_them() {
        let cases = [
            (0, "零"),
            (1, "壹"),
            (5, "伍"),
            (10, "壹拾"),
            (12, "壹拾贰"),
            (20, "贰拾"),
            (35, "叁拾伍"),
            (101, "壹佰零壹"),
            (1010, "壹仟零壹拾"),
        ];
        for (n, want) in cases {
            assert_eq!(capital_number(n), want, "{n}");
        }
    }
}
