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

mod form;
mod judge;
pub mod levels;
mod lists;
mod outcome;
pub mod period;
pub mod sheet;
mod words;

pub use form::{form_problems, graduation_season_end, unknown_condition};
pub use judge::requirement_topics;
pub(crate) use judge::{Ctx, Part};
pub use lists::{base_name, suggest_occupation, uncounted_work};
pub(crate) use lists::{classify, lists_checked, lists_checked_en, Lists, Match};
pub use outcome::*;
pub use words::{level_en, level_word, level_zh, LevelName, LEVELS};

use crate::date::Date;
use crate::identity;
use crate::profile::{Profile, SchoolType, TechnicianClass, TitleRank, Topic};
use crate::rules::{
    catalog, AgeReq, Anchor, CertReq, Condition, EduReq, EduStatus, Exclusion, Mode, NameList,
    OccupationList, Plan, Prep, Requirement, Scope, Text, TrainingReq, Upload, WorkReq,
};
use period::{Interval, Length};
use serde::{Deserialize, Serialize};

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
                    name_en: m.name_en.to_string(),
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
    /// "Not answered" is its own state: the same empty work list is
    /// `not_met` when the candidate said "none" and `needs_info` when they
    /// have not answered the topic yet.
    #[test]
    fn an_unanswered_topic_makes_a_condition_unknown_not_unmet() {
        let p = plan("ecommerce-4-beijing");
        let as_of = date(2026, 11, 22);
        let none = Profile::default();
        let status = |pr: &Profile| evaluate(p, pr, as_of, Some("2")).conditions[1].status;
        assert_eq!(status(&none), Status::NotMet);
        let not_told = Profile {
            unanswered: vec![Topic::Work],
            ..Profile::default()
        };
        assert_eq!(status(&not_told), Status::NeedsInfo);
        let c = &evaluate(p, &not_told, as_of, Some("2")).conditions[1];
        assert!(
            c.explanation_zh.contains("还没有回答“工作经历”"),
            "{}",
            c.explanation_zh
        );
        // An answered topic that does not meet it stays not met.
        let other = Profile {
            unanswered: vec![Topic::Training],
            ..Profile::default()
        };
        assert_eq!(status(&other), Status::NotMet);
    }

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
