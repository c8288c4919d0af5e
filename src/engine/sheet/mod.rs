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
    unknown_condition, Evaluation, Lists, Match, Problem, Status,
};
use crate::date::Date;
use crate::identity;
use crate::profile::{Education, Profile, SchoolType, WorkPeriod};
use crate::rules::{Condition, Fill, Form, FormBox, Plan, Requirement, Scope};
use serde::Serialize;
use std::collections::HashSet;

mod employer;
mod fill;

use employer::MainJob;

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

impl Sheet {
    /// The problem that says the condition is not met (or not known): the
    /// reason not to fill the form in yet, shown apart from the slips.
    pub fn verdict_problem(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.field == VERDICT_FIELD)
    }

    /// The problems to fix on the form, without the verdict's.
    pub fn fixes(&self) -> Vec<Problem> {
        self.problems
            .iter()
            .filter(|p| p.field != VERDICT_FIELD)
            .cloned()
            .collect()
    }
}

/// The `field` of the verdict's problem.
const VERDICT_FIELD: &str = "condition";

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
    let evaluation = evaluate(plan, profile, as_of, Some(condition_id));
    sheet_of(plan, condition_id, profile, &evaluation)
}

/// [`sheet`] from an evaluation already made of `profile` against `plan` (on
/// its `as_of`, whatever condition it chose: a condition's verdict does not
/// depend on the choice), so that a caller holding one does not evaluate twice.
pub fn sheet_of(
    plan: &Plan,
    condition_id: &str,
    profile: &Profile,
    evaluation: &Evaluation,
) -> Result<Sheet, Problem> {
    let as_of = evaluation.as_of;
    let condition = plan
        .condition(condition_id)
        .ok_or_else(|| unknown_condition(plan, condition_id))?;
    let verdict = evaluation
        .conditions
        .iter()
        .find(|c| c.id == condition.id)
        .cloned()
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
        main: None,
        main_post: None,
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
        VERDICT_FIELD,
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
    /// The main job, once worked out (`Filler::main_job`).
    main: Option<employer::MainJob<'a>>,
    /// The main job's post and the time in it, once worked out (`Filler::main_post`).
    main_post: Option<(String, employer::PostTime)>,
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
