//! The candidate's answers as typed, and their translation into the core's
//! [`Profile`]. Answers keep the raw text of every field so that nothing the
//! candidate typed is lost when it is not (yet) valid; errors are reported
//! per field in both languages.

use jiff::civil::Date;
use jiff::Span;
use precheck_core::profile::{Certificate, Profile, WorkPeriod};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Answers {
    /// Years worked in the occupation or a related one, as typed ("6", "4.5").
    pub years_worked: String,
    /// Holds a 五级/初级工 certificate of the occupation or a related one.
    pub holds_level5: Option<bool>,
    /// The certificate's issue date as typed (YYYY-MM-DD from a date input).
    pub level5_issued: String,
}

/// A problem with one answer, shown at the field and in the error summary.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's id in the form (also its anchor).
    pub field: &'static str,
    pub zh: String,
    pub en: String,
}

/// The most years anyone can have worked; beyond this the entry is a typo.
const MAX_YEARS: f64 = 60.0;

impl Answers {
    /// Builds the profile the engine sees. `occupation` is the plan's own
    /// occupation: the quick questions ask about work "in this occupation or
    /// a related one", so the work is recorded under the plan's own name.
    pub fn to_profile(&self, occupation: &str, today: Date) -> (Profile, Vec<FieldError>) {
        let mut profile = Profile {
            as_of: Some(today),
            ..Profile::default()
        };
        let mut errors = Vec::new();

        match parse_years(&self.years_worked) {
            Ok(None) => {}
            Ok(Some(months)) => {
                let start = today
                    .checked_sub(Span::new().months(months))
                    .unwrap_or(today);
                profile.work.push(WorkPeriod {
                    employer: None,
                    occupation: Some(occupation.to_owned()),
                    start: Some(start),
                    end: None,
                    employer_founded: None,
                    employer_dissolved: None,
                });
            }
            Err((zh, en)) => errors.push(FieldError {
                field: "years_worked",
                zh,
                en,
            }),
        }

        if self.holds_level5 == Some(true) {
            let issued = match parse_date(&self.level5_issued, today) {
                Ok(d) => d,
                Err((zh, en)) => {
                    errors.push(FieldError {
                        field: "level5_issued",
                        zh,
                        en,
                    });
                    None
                }
            };
            profile.certificates.push(Certificate {
                occupation: Some(occupation.to_owned()),
                level: Some(5),
                issued,
            });
        }
        (profile, errors)
    }
}

/// "6" → 72 months, "4.5" → 54; blank → None.
fn parse_years(text: &str) -> Result<Option<i64>, (String, String)> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let years: f64 = text.parse().map_err(|_| {
        (
            format!("「{text}」不是数字，请填写年数，例如 6 或 4.5。"),
            format!("\"{text}\" is not a number; enter years, e.g. 6 or 4.5."),
        )
    })?;
    if !years.is_finite() || years < 0.0 {
        return Err((
            "年数不能为负数。".into(),
            "Years cannot be negative.".into(),
        ));
    }
    if years > MAX_YEARS {
        return Err((
            format!("{years} 年超过了 {MAX_YEARS} 年，请检查是否填错。"),
            format!("{years} years is more than {MAX_YEARS}; please check the entry."),
        ));
    }
    Ok(Some((years * 12.0).round() as i64))
}

/// A date as typed in a date input: YYYY-MM-DD, not after today.
fn parse_date(text: &str, today: Date) -> Result<Option<Date>, (String, String)> {
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
    if date > today {
        return Err((
            format!("取证日期 {date} 晚于今天（{today}），请检查。"),
            format!("The issue date {date} is after today ({today}); please check."),
        ));
    }
    if date.year() < 1950 {
        return Err((
            format!("取证日期 {date} 太早，请检查。"),
            format!("The issue date {date} is too early; please check."),
        ));
    }
    Ok(Some(date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use wasm_bindgen_test::wasm_bindgen_test;

    const TODAY: Date = date(2026, 11, 23);

    #[wasm_bindgen_test]
    fn years_become_an_ongoing_work_period_ending_today() {
        let answers = Answers {
            years_worked: "4.5".into(),
            ..Answers::default()
        };
        let (profile, errors) = answers.to_profile("电子商务师", TODAY);
        assert!(errors.is_empty());
        assert_eq!(profile.work.len(), 1);
        assert_eq!(profile.work[0].start, Some(date(2022, 5, 23)));
        assert_eq!(profile.work[0].end, None);
        assert_eq!(profile.work[0].occupation.as_deref(), Some("电子商务师"));
    }

    #[wasm_bindgen_test]
    fn bad_years_are_reported_at_the_field_and_keep_the_text() {
        for bad in ["abc", "-1", "75"] {
            let answers = Answers {
                years_worked: bad.into(),
                ..Answers::default()
            };
            let (profile, errors) = answers.to_profile("电子商务师", TODAY);
            assert!(profile.work.is_empty(), "{bad}");
            assert_eq!(errors.len(), 1, "{bad}");
            assert_eq!(errors[0].field, "years_worked");
            assert_eq!(answers.years_worked, bad);
        }
    }

    #[wasm_bindgen_test]
    fn certificate_date_in_the_future_is_an_error_but_the_certificate_counts_as_unknown_date() {
        let answers = Answers {
            holds_level5: Some(true),
            level5_issued: "2027-01-01".into(),
            ..Answers::default()
        };
        let (profile, errors) = answers.to_profile("电子商务师", TODAY);
        assert_eq!(errors[0].field, "level5_issued");
        assert_eq!(profile.certificates[0].issued, None);
        assert_eq!(profile.certificates[0].level, Some(5));
    }

    #[wasm_bindgen_test]
    fn impossible_date_is_an_error() {
        let answers = Answers {
            holds_level5: Some(true),
            level5_issued: "2023-02-30".into(),
            ..Answers::default()
        };
        let (_, errors) = answers.to_profile("电子商务师", TODAY);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].zh.contains("2023-02-30"));
    }
}
