//! Checks of the form that do not depend on the conditions (identity, phone,
//! employer names and dates against the signing and employer dates), and the
//! graduation season a 在校应届 candidate belongs to.
//!
//! Invariant: every problem names the profile field it is about.
use super::*;

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

/// A condition id the plan does not have.
pub fn unknown_condition(plan: &Plan, id: &str) -> Problem {
    Problem::new(
        "condition",
        format!("计划 {} 没有条件“{id}”", plan.id),
        format!("Plan {} has no condition \"{id}\"", plan.id),
    )
}
