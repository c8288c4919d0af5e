//! The candidate profile: what a candidate tells us about themselves.
//!
//! The JSON shape is a public contract (the CLI's `--profile FILE` and the
//! widget's saved answers both use it): every field is optional and unknown
//! fields are rejected so that a typo is an error, not a silent "needs info".

use crate::date::Date;
use crate::rules::SCHOOL_TYPE_NAMES;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The form's signing date; `None` means "today" as supplied by the caller.
    #[serde(default)]
    pub as_of: Option<Date>,
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    #[serde(default)]
    pub titles: Vec<Title>,
    #[serde(default)]
    pub work: Vec<WorkPeriod>,
    #[serde(default)]
    pub education: Vec<Education>,
    #[serde(default)]
    pub training: Vec<Training>,
    /// Topics the candidate has not answered yet: their empty lists mean
    /// "not told", not "none", so a condition that rests on them is
    /// `needs_info`, never `not_met`. Absent (the CLI's usual profile): every
    /// topic is answered.
    #[serde(default)]
    pub unanswered: Vec<Topic>,
}

/// A topic of the candidate's answers (the widget asks one a screen).
/// JSON: `work`, `certificates`, `titles`, `education`, `training`, `identity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Work,
    Certificates,
    Titles,
    Education,
    Training,
    Identity,
}

impl Topic {
    pub const ALL: [Topic; 6] = [
        Topic::Work,
        Topic::Certificates,
        Topic::Titles,
        Topic::Education,
        Topic::Training,
        Topic::Identity,
    ];

    /// The JSON name, also the widget's key for it: `work`.
    pub fn slug(self) -> &'static str {
        match self {
            Topic::Work => "work",
            Topic::Certificates => "certificates",
            Topic::Titles => "titles",
            Topic::Education => "education",
            Topic::Training => "training",
            Topic::Identity => "identity",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Topic::Work => "工作经历",
            Topic::Certificates => "职业技能证书",
            Topic::Titles => "职称",
            Topic::Education => "学历",
            Topic::Training => "培训",
            Topic::Identity => "身份信息",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Topic::Work => "Work",
            Topic::Certificates => "Certificates",
            Topic::Titles => "Titles",
            Topic::Education => "Education",
            Topic::Training => "Training",
            Topic::Identity => "Identity",
        }
    }
}

/// A 职业资格 / 职业技能等级 certificate. `level` is 1 (一级/高级技师) to 5 (五级/初级工).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    #[serde(default)]
    pub occupation: Option<String>,
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub issued: Option<Date>,
}

/// A professional title (职称 / 专业技术人员职业资格).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Title {
    #[serde(default)]
    pub rank: Option<TitleRank>,
    #[serde(default)]
    pub issued: Option<Date>,
    /// "符合专业对应关系": the candidate's own answer, the guide gives no list.
    #[serde(default)]
    pub field_matches: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TitleRank {
    #[serde(rename = "初级")]
    Junior,
    #[serde(rename = "中级")]
    Intermediate,
}

impl TitleRank {
    pub const ALL: [TitleRank; 2] = [TitleRank::Junior, TitleRank::Intermediate];

    /// As the guides, the rules and the profile JSON write it: `中级`.
    pub fn name(self) -> &'static str {
        match self {
            TitleRank::Junior => "初级",
            TitleRank::Intermediate => "中级",
        }
    }

    pub fn from_name(name: &str) -> Option<TitleRank> {
        TitleRank::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// One period of work. `end: None` means the work is ongoing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkPeriod {
    #[serde(default)]
    pub employer: Option<String>,
    #[serde(default)]
    pub occupation: Option<String>,
    #[serde(default)]
    pub start: Option<Date>,
    #[serde(default)]
    pub end: Option<Date>,
    #[serde(default)]
    pub employer_founded: Option<Date>,
    #[serde(default)]
    pub employer_dissolved: Option<Date>,
    /// 兼职: a second job beside the main one. The forms' 工作单位 and
    /// 工作单位意见 are the main job's; guide 000 说明1: 「与电子商务师“本职业”
    /// 不相关的兼职岗位不能报考」.
    #[serde(default)]
    pub part_time: Option<bool>,
    /// The 部门(车间) the employer's statement names (optional).
    #[serde(default)]
    pub department: Option<String>,
}

/// The largest profile any candidate could have: a real one is a few KB
/// with a handful of jobs. Beyond these the input is refused (exit 2 on the
/// CLI) rather than computed for seconds.
pub const MAX_JSON_BYTES: usize = 1 << 20;
/// Work periods in one profile (a job a month for 25 years is 300).
pub const MAX_WORK_PERIODS: usize = 300;
/// Certificates, titles, school records or training courses, each.
pub const MAX_OTHER_ENTRIES: usize = 50;
/// How far after today a signing date may be: a form is signed within
/// weeks of registering, so a year covers every real plan ahead.
pub const MAX_SIGNING_DAYS_AHEAD: i64 = 366;

/// Input that no real candidate could have given: refused with a message in
/// both languages, never evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The answer it is about (`work[2].end`), or `profile` for the whole.
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl InputError {
    fn new(field: impl Into<String>, zh: String, en: String) -> InputError {
        InputError {
            field: field.into(),
            zh,
            en,
        }
    }
}

impl Profile {
    /// Refuses what cannot be a real candidate's profile: more entries than
    /// any life has, a signing date far ahead of `today`, a work period that
    /// ends before it starts, an employer founded after the period ended or
    /// dissolved before it was founded. Checked before anything is evaluated
    /// (the CLI exits 2). Softer conflicts that a guide lets the candidate
    /// explain (work starting before the employer's founding) stay problems
    /// on the form (`engine::form_problems`).
    pub fn check_limits(&self, today: Date) -> Result<(), InputError> {
        if self.work.len() > MAX_WORK_PERIODS {
            return Err(InputError::new(
                "work",
                format!(
                    "工作经历有 {} 段，超过上限 {MAX_WORK_PERIODS} 段：这不像真实的资料，请检查文件",
                    self.work.len()
                ),
                format!(
                    "{} work periods, more than the limit of {MAX_WORK_PERIODS}: this is not a real profile",
                    self.work.len()
                ),
            ));
        }
        let lists = [
            ("certificates", self.certificates.len(), "证书"),
            ("titles", self.titles.len(), "职称"),
            ("education", self.education.len(), "学历"),
            ("training", self.training.len(), "培训经历"),
        ];
        for (field, n, zh) in lists {
            if n > MAX_OTHER_ENTRIES {
                return Err(InputError::new(
                    field,
                    format!("{zh}有 {n} 条，超过上限 {MAX_OTHER_ENTRIES} 条：请检查文件"),
                    format!("{n} entries in {field}, more than the limit of {MAX_OTHER_ENTRIES}"),
                ));
            }
        }
        if let Some(d) = self.as_of {
            let latest = today.add_days(MAX_SIGNING_DAYS_AHEAD).unwrap_or(today);
            if d > latest {
                return Err(InputError::new(
                    "as_of",
                    format!("签字日期 {d} 在今天（{today}）一年以后：申报表在报名时签字，请填写实际的签字日期"),
                    format!("The signing date {d} is more than a year after today ({today}): give the date you will sign"),
                ));
            }
        }
        for (i, w) in self.work.iter().enumerate() {
            if let (Some(s), Some(e)) = (w.start, w.end) {
                if e < s {
                    return Err(InputError::new(
                        format!("work[{i}].end"),
                        format!("第{}段工作经历的结束日期 {e} 早于开始日期 {s}", i + 1),
                        format!("Work period {} ends ({e}) before it starts ({s})", i + 1),
                    ));
                }
            }
            if let (Some(f), Some(e)) = (w.employer_founded, w.end) {
                if f > e {
                    return Err(InputError::new(
                        format!("work[{i}].employer_founded"),
                        format!("第{}段工作经历在 {e} 结束，单位却在 {f} 才成立：请核对日期", i + 1),
                        format!("Work period {} ended {e}, before its employer was founded ({f}): check the dates", i + 1),
                    ));
                }
            }
            if let (Some(f), Some(x)) = (w.employer_founded, w.employer_dissolved) {
                if x < f {
                    return Err(InputError::new(
                        format!("work[{i}].employer_dissolved"),
                        format!("第{}段工作经历的单位注销日期 {x} 早于成立日期 {f}", i + 1),
                        format!("Work period {}: the employer is dissolved ({x}) before it was founded ({f})", i + 1),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A school record. `graduated: None` means still enrolled (在校应届).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Education {
    #[serde(default)]
    pub school: Option<SchoolType>,
    #[serde(default)]
    pub major: Option<String>,
    #[serde(default)]
    pub graduated: Option<Date>,
    #[serde(default)]
    pub class: Option<TechnicianClass>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchoolType {
    #[serde(rename = "技工学校")]
    TechnicalSchool,
    #[serde(rename = "中等职业学校")]
    SecondaryVocational,
    #[serde(rename = "高等职业学校")]
    HigherVocational,
    #[serde(rename = "本科")]
    Undergraduate,
    #[serde(rename = "高级技工学校")]
    SeniorTechnicalSchool,
    #[serde(rename = "技师学院")]
    TechnicianCollege,
}

impl SchoolType {
    /// Every school type, in the order of [`SCHOOL_TYPE_NAMES`].
    pub const ALL: [SchoolType; 6] = [
        SchoolType::TechnicalSchool,
        SchoolType::SecondaryVocational,
        SchoolType::HigherVocational,
        SchoolType::Undergraduate,
        SchoolType::SeniorTechnicalSchool,
        SchoolType::TechnicianCollege,
    ];

    /// The name the guides and the profile JSON use: `技工学校`.
    pub fn name(self) -> &'static str {
        SCHOOL_TYPE_NAMES[self as usize]
    }

    /// The school type with this name.
    pub fn from_name(name: &str) -> Option<SchoolType> {
        SchoolType::ALL.into_iter().find(|t| t.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TechnicianClass {
    #[serde(rename = "预备技师班")]
    PreparatoryTechnician,
    #[serde(rename = "技师班")]
    Technician,
}

impl TechnicianClass {
    pub const ALL: [TechnicianClass; 2] = [
        TechnicianClass::PreparatoryTechnician,
        TechnicianClass::Technician,
    ];

    /// As the guides and the profile JSON write it: `预备技师班`.
    pub fn name(self) -> &'static str {
        match self {
            TechnicianClass::PreparatoryTechnician => "预备技师班",
            TechnicianClass::Technician => "技师班",
        }
    }

    pub fn from_name(name: &str) -> Option<TechnicianClass> {
        TechnicianClass::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A training course with its 结业证书 (certificate of completion) or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    #[serde(default)]
    pub occupation: Option<String>,
    #[serde(default)]
    pub level: Option<u8>,
    #[serde(default)]
    pub hours: Option<u32>,
    #[serde(default)]
    pub certificate: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::date;

    fn work(start: Option<Date>, end: Option<Date>) -> WorkPeriod {
        WorkPeriod {
            employer: Some("某公司".into()),
            occupation: Some("电子商务师".into()),
            start,
            end,
            employer_founded: None,
            employer_dissolved: None,
            part_time: None,
            department: None,
        }
    }

    #[test]
    fn impossible_profiles_are_refused_with_the_field_named() {
        let today = date(2026, 12, 4);
        let ok = Profile {
            as_of: Some(date(2027, 3, 1)),
            work: vec![work(Some(date(2020, 1, 1)), None)],
            ..Profile::default()
        };
        assert_eq!(ok.check_limits(today), Ok(()));
        let far = Profile {
            as_of: Some(date(2099, 1, 1)),
            ..Profile::default()
        };
        assert_eq!(far.check_limits(today).unwrap_err().field, "as_of");
        let backwards = Profile {
            work: vec![work(Some(date(2022, 1, 1)), Some(date(2021, 1, 1)))],
            ..Profile::default()
        };
        let e = backwards.check_limits(today).unwrap_err();
        assert_eq!(e.field, "work[0].end");
        assert!(e.zh.contains("早于开始日期") && e.en.contains("before it starts"));
        let mut before_founding = work(Some(date(2010, 1, 1)), Some(date(2012, 1, 1)));
        before_founding.employer_founded = Some(date(2015, 1, 1));
        let e = Profile {
            work: vec![before_founding],
            ..Profile::default()
        }
        .check_limits(today)
        .unwrap_err();
        assert_eq!(e.field, "work[0].employer_founded");
        let many = Profile {
            work: vec![work(None, None); MAX_WORK_PERIODS + 1],
            ..Profile::default()
        };
        assert_eq!(many.check_limits(today).unwrap_err().field, "work");
        let at_limit = Profile {
            work: vec![work(None, None); MAX_WORK_PERIODS],
            ..Profile::default()
        };
        assert_eq!(at_limit.check_limits(today), Ok(()));
    }

    const ISSUE_EXAMPLE: &str = r#"{"as_of": "2026-11-22", "id_number": "11010519491231002X", "phone": "13800138000",
 "certificates": [{"occupation": "电子商务师", "level": 5, "issued": "2021-06-01"}],
 "titles": [{"rank": "中级", "issued": "2025-06-01", "field_matches": true}],
 "work": [{"employer": "北京某某科技有限公司", "occupation": "电子商务师",
           "start": "2021-07-01", "end": null,
           "employer_founded": "2015-03-01", "employer_dissolved": null}],
 "education": [{"school": "技工学校", "major": "电子商务", "graduated": "2020-07-01",
                "class": null}],
 "training": [{"occupation": "互联网营销师", "level": 4, "hours": 110, "certificate": true}]}"#;

    #[test]
    fn accepts_the_documented_profile_shape() {
        let p: Profile = serde_json::from_str(ISSUE_EXAMPLE).unwrap();
        assert_eq!(p.as_of, Some(crate::date::date(2026, 11, 22)));
        assert_eq!(p.certificates[0].level, Some(5));
        assert_eq!(p.titles[0].rank, Some(TitleRank::Intermediate));
        assert_eq!(p.work[0].end, None);
        assert_eq!(p.education[0].school, Some(SchoolType::TechnicalSchool));
        assert_eq!(p.training[0].hours, Some(110));
    }

    #[test]
    fn empty_object_is_an_empty_profile() {
        let p: Profile = serde_json::from_str("{}").unwrap();
        assert_eq!(p, Profile::default());
    }

    #[test]
    fn unknown_field_is_rejected() {
        let err = serde_json::from_str::<Profile>(r#"{"wrok": []}"#).unwrap_err();
        assert!(err.to_string().contains("wrok"), "{err}");
    }

    /// Each enum's `name()` is its JSON name, and `from_name` reads it back.
    #[test]
    fn rank_and_class_names_are_their_json_names() {
        for r in TitleRank::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.name())
            );
            assert_eq!(TitleRank::from_name(r.name()), Some(r));
        }
        for c in TechnicianClass::ALL {
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.name())
            );
            assert_eq!(TechnicianClass::from_name(c.name()), Some(c));
        }
    }

    /// The names the rules use, the names the JSON uses and `name()` are one list.
    #[test]
    fn school_type_names_agree_with_the_json_names() {
        for (t, name) in SchoolType::ALL.into_iter().zip(SCHOOL_TYPE_NAMES) {
            assert_eq!(t.name(), name);
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{name}\""));
            assert_eq!(SchoolType::from_name(name), Some(t));
        }
        assert_eq!(SchoolType::from_name("大学"), None);
    }
}
