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
