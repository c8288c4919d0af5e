//! The candidate's answers as typed, and their translation into the core's
//! [`Profile`]. Answers keep the raw text of every field, so nothing typed is
//! lost while it is not (yet) valid; problems are reported per field, in both
//! languages, with the field's id so the error summary can link to it.
//!
//! This struct is also what is saved in localStorage (see `storage.rs`):
//! change its shape only together with `SCHEMA_VERSION` there.

use crate::steps::about::{Topic, TopicView};
use precheck_core::date::Date;
use precheck_core::profile::{
    Certificate, Education, Profile, SchoolType, TechnicianClass, Title, TitleRank, Training,
    WorkPeriod,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    /// The plan the candidate picked (ignored when the host page fixes one).
    pub plan: Option<String>,
    /// The form's signing date as typed; blank means today.
    pub as_of: String,
    pub certificates: Vec<CertificateAnswer>,
    pub titles: Vec<TitleAnswer>,
    pub work: Vec<WorkAnswer>,
    pub education: Vec<EducationAnswer>,
    pub training: Vec<TrainingAnswer>,
    /// Kept in memory only, unless the candidate opts in to saving it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id_number: String,
    pub phone: String,
    /// The candidate agreed to keep the ID number on this device.
    pub keep_id_number: bool,
    /// The condition the candidate will tick on the site.
    pub chosen_condition: Option<String>,
    /// Materials the candidate ticked as ready (material names).
    pub ready_materials: BTreeSet<String>,
    /// The about-you topics the candidate has been through (slugs): an
    /// empty topic they left means "none", one they never opened "not
    /// answered yet" (verdicts.rs shows 待填写, not 不符合).
    pub visited_topics: BTreeSet<String>,
    /// The walk-through's steps the candidate has opened (slugs), for the
    /// step bar's 未开始 / 进行中 / 已完成.
    pub visited_steps: BTreeSet<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateAnswer {
    pub occupation: String,
    /// "1"–"5" as chosen in a select; blank = not chosen.
    pub level: String,
    pub issued: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TitleAnswer {
    /// "初级" or "中级".
    pub rank: String,
    pub issued: String,
    pub field_matches: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkAnswer {
    pub employer: String,
    pub occupation: String,
    pub start: String,
    pub end: String,
    /// Still working there: the period runs to the signing date.
    pub ongoing: bool,
    pub employer_founded: String,
    pub employer_dissolved: String,
    /// 兼职: a second job beside the main one (not the forms' 工作单位).
    pub part_time: bool,
    /// 部门(车间), for the employer's statement (optional).
    pub department: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EducationAnswer {
    /// One of the profile's school type names (技工学校…).
    pub school: String,
    pub major: String,
    pub graduated: String,
    /// Still enrolled (在校应届).
    pub enrolled: bool,
    /// "" / 预备技师班 / 技师班.
    pub class: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingAnswer {
    pub occupation: String,
    pub level: String,
    pub hours: String,
    pub certificate: Option<bool>,
}

/// A problem with one answer, shown at the field and in the error summary.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's element id, e.g. `work-0-start`.
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl Answers {
    /// Builds the profile the engine sees, and the problems found while
    /// reading the answers (unreadable numbers and dates). Dates that are
    /// readable but wrong (after the signing date, before the employer
    /// existed) are the engine's to judge.
    pub fn to_profile(&self, today: Date) -> (Profile, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut date = |field: String, text: &str| match parse_date(text) {
            Ok(d) => d,
            Err((zh, en)) => {
                errors.push(FieldError { field, zh, en });
                None
            }
        };
        let mut as_of = date("as_of".into(), &self.as_of).unwrap_or(today);
        // The same limit as the CLI's (`Profile::check_limits`): a signing
        // date a year ahead is a slip (2099), not a plan. Judged as today.
        let latest = today
            .add_days(precheck_core::profile::MAX_SIGNING_DAYS_AHEAD)
            .unwrap_or(today);
        let mut far_ahead = None;
        if as_of > latest {
            far_ahead = Some(FieldError {
                field: "as_of".into(),
                zh: format!("签字日期 {as_of} 在一年以后：请填写你实际签字的日期（暂按今天 {today} 计算）。"),
                en: format!("The signing date {as_of} is more than a year ahead: give the date you will sign (today, {today}, is used meanwhile)."),
            });
            as_of = today;
        }
        let certificates = self
            .certificates
            .iter()
            .enumerate()
            .map(|(i, c)| Certificate {
                occupation: non_empty(&c.occupation),
                level: c.level.trim().parse().ok().filter(|l| (1..=5).contains(l)),
                issued: date(format!("certificates-{i}-issued"), &c.issued),
            })
            .collect();
        let titles = self
            .titles
            .iter()
            .enumerate()
            .map(|(i, t)| Title {
                rank: TitleRank::from_name(&t.rank),
                issued: date(format!("titles-{i}-issued"), &t.issued),
                field_matches: t.field_matches,
            })
            .collect();
        let work = self
            .work
            .iter()
            .enumerate()
            .map(|(i, w)| WorkPeriod {
                employer: non_empty(&w.employer),
                occupation: non_empty(&w.occupation),
                start: date(format!("work-{i}-start"), &w.start),
                end: if w.ongoing {
                    None
                } else {
                    date(format!("work-{i}-end"), &w.end)
                },
                employer_founded: date(format!("work-{i}-employer_founded"), &w.employer_founded),
                employer_dissolved: date(
                    format!("work-{i}-employer_dissolved"),
                    &w.employer_dissolved,
                ),
                part_time: w.part_time.then_some(true),
                department: non_empty(&w.department),
            })
            .collect();
        let education = self
            .education
            .iter()
            .enumerate()
            .map(|(i, e)| Education {
                school: SchoolType::from_name(&e.school),
                major: non_empty(&e.major),
                graduated: if e.enrolled {
                    None
                } else {
                    date(format!("education-{i}-graduated"), &e.graduated)
                },
                class: TechnicianClass::from_name(&e.class),
            })
            .collect();
        let mut training = Vec::new();
        for (i, t) in self.training.iter().enumerate() {
            let hours = match t.hours.trim() {
                "" => None,
                text => match text.parse::<u32>() {
                    Ok(h) if h <= 5000 => Some(h),
                    _ => {
                        errors.push(FieldError {
                            field: format!("training-{i}-hours"),
                            zh: format!("「{text}」不是有效的学时数，请填写整数，例如 110。"),
                            en: format!("\"{text}\" is not a number of hours; enter a whole number, e.g. 110."),
                        });
                        None
                    }
                },
            };
            training.push(Training {
                occupation: non_empty(&t.occupation),
                level: t.level.trim().parse().ok().filter(|l| (1..=5).contains(l)),
                hours,
                certificate: t.certificate,
            });
        }
        let profile = Profile {
            as_of: Some(as_of),
            id_number: non_empty(&self.id_number),
            phone: non_empty(&self.phone),
            certificates,
            titles,
            work,
            education,
            training,
            // What the candidate has not been through yet is "not told",
            // not "none": the engine judges it unknown.
            unanswered: Topic::ALL
                .into_iter()
                .filter(|t| !t.answered(self))
                .collect(),
        };
        errors.extend(far_ahead);
        (profile, errors)
    }

    /// The copy that may be saved: the ID number only with consent.
    pub fn for_storage(&self) -> Answers {
        let mut copy = self.clone();
        if !copy.keep_id_number {
            copy.id_number.clear();
        }
        copy
    }
}

/// A profile path (`work[0].start`, the JSON's and the engine's) → the form element's id
/// (`work-0-start`): one naming scheme, the same words in both.
pub fn field_id(engine_field: &str) -> String {
    let mut out = String::with_capacity(engine_field.len());
    for c in engine_field.chars() {
        match c {
            '[' | '.' => out.push('-'),
            ']' => {}
            c => out.push(c),
        }
    }
    out
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A date as typed: YYYY-MM-DD (what a date input gives). Blank → None.
fn parse_date(text: &str) -> Result<Option<Date>, (String, String)> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let date: Date = text.parse().map_err(|_| {
        (
            format!("「{text}」不是有效日期，请按 年-月-日 填写，例如 2021-06-01。"),
            format!("\"{text}\" is not a valid date; use year-month-day, e.g. 2021-06-01."),
        )
    })?;
    if date.year() < 1940 {
        return Err((
            format!("日期 {date} 太早，请检查。"),
            format!("The date {date} is too early; please check."),
        ));
    }
    Ok(Some(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use precheck_core::date::date;
    use wasm_bindgen_test::wasm_bindgen_test;

    const TODAY: Date = date(2026, 11, 23);

    #[wasm_bindgen_test]
    fn a_signing_date_years_ahead_is_an_error_and_today_is_used() {
        let answers = Answers {
            as_of: "2099-01-01".into(),
            phone: "13800138000".into(),
            ..Answers::default()
        };
        let (profile, errors) = answers.to_profile(TODAY);
        assert_eq!(profile.as_of, Some(TODAY));
        assert_eq!(
            profile.phone.as_deref(),
            Some("13800138000"),
            "other answers kept"
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "as_of");
        assert!(errors[0].zh.contains("一年以后") && errors[0].en.contains("a year ahead"));
        let soon = Answers {
            as_of: "2027-03-01".into(),
            ..Answers::default()
        };
        assert!(soon.to_profile(TODAY).1.is_empty());
    }

    #[wasm_bindgen_test]
    fn ongoing_work_has_no_end_and_typed_dates_are_read() {
        let answers = Answers {
            work: vec![WorkAnswer {
                employer: " 北京某某科技有限公司 ".into(),
                occupation: "电子商务师".into(),
                start: "2020-07-01".into(),
                end: "2021-01-01".into(),
                ongoing: true,
                ..WorkAnswer::default()
            }],
            ..Answers::default()
        };
        let (profile, errors) = answers.to_profile(TODAY);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(profile.work[0].start, Some(date(2020, 7, 1)));
        assert_eq!(profile.work[0].end, None);
        assert_eq!(
            profile.work[0].employer.as_deref(),
            Some("北京某某科技有限公司")
        );
        assert_eq!(profile.as_of, Some(TODAY));
    }

    #[wasm_bindgen_test]
    fn impossible_dates_are_reported_at_their_field_and_the_text_is_kept() {
        let answers = Answers {
            certificates: vec![CertificateAnswer {
                level: "5".into(),
                issued: "2023-02-30".into(),
                ..Default::default()
            }],
            training: vec![TrainingAnswer {
                hours: "一百".into(),
                ..Default::default()
            }],
            ..Answers::default()
        };
        let (profile, errors) = answers.to_profile(TODAY);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["certificates-0-issued", "training-0-hours"]);
        assert_eq!(profile.certificates[0].issued, None);
        assert_eq!(profile.certificates[0].level, Some(5));
        assert_eq!(answers.certificates[0].issued, "2023-02-30");
    }

    #[wasm_bindgen_test]
    fn engine_fields_map_to_element_ids() {
        assert_eq!(field_id("work[0].start"), "work-0-start");
        assert_eq!(field_id("certificates[1].issued"), "certificates-1-issued");
        assert_eq!(field_id("id_number"), "id_number");
    }

    #[wasm_bindgen_test]
    fn id_number_is_saved_only_with_consent() {
        let mut answers = Answers {
            id_number: "11010519491231002X".into(),
            ..Answers::default()
        };
        assert_eq!(answers.for_storage().id_number, "");
        answers.keep_id_number = true;
        assert_eq!(answers.for_storage().id_number, "11010519491231002X");
    }
}
