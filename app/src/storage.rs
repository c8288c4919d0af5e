//! Saving the answers on this device (localStorage), under a versioned
//! schema. In this module one `Effect` in `app.rs` writes; the only other
//! writer is the first-load module, which saves the plan choice and clears
//! on request (`precheck_start::saved`, the same key and schema).
//! An old, foreign or corrupted saved state is discarded with a notice —
//! never a broken page. Storage may be missing or refuse writes (private
//! browsing, sandboxed frames): the widget then works without saving.

use crate::answers::Answers;
use serde::{Deserialize, Serialize};

// Shared with the first-load module, which saves the plan choice.
use precheck_start::saved::{local_storage, KEY, SCHEMA_VERSION};

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    answers: Answers,
}

/// What was found in storage at start-up.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Nothing,
    Restored(Answers),
    /// Something was there but could not be used; it has been removed.
    Discarded,
}

pub fn load() -> Loaded {
    let Some(storage) = local_storage() else {
        return Loaded::Nothing;
    };
    let Ok(Some(text)) = storage.get_item(KEY) else {
        return Loaded::Nothing;
    };
    match decode(&text) {
        Some(answers) => Loaded::Restored(answers),
        None => {
            let _ = storage.remove_item(KEY);
            Loaded::Discarded
        }
    }
}

/// Parses a saved state; `None` for anything but the current schema: also
/// for a JSON array (serde would read a struct from one by position) and for
/// text larger than any real profile.
pub fn decode(text: &str) -> Option<Answers> {
    if text.len() > precheck_core::profile::MAX_JSON_BYTES || !text.trim_start().starts_with('{') {
        return None;
    }
    let saved: Saved = serde_json::from_str(text).ok()?;
    (saved.version == SCHEMA_VERSION).then_some(saved.answers)
}

pub fn encode(answers: &Answers) -> String {
    let saved = Saved {
        version: SCHEMA_VERSION,
        answers: answers.for_storage(),
    };
    serde_json::to_string(&saved).unwrap_or_default()
}

// Where the candidate was (`Place::key`), beside the answers; cleared with them.
pub use precheck_start::saved::clear;
use precheck_start::saved::PLACE_KEY;

pub fn save_place(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(PLACE_KEY, key);
    }
}

pub fn load_place() -> Option<String> {
    local_storage()?.get_item(PLACE_KEY).ok().flatten()
}

pub fn save(answers: &Answers) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(KEY, &encode(answers));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{
        CertificateAnswer, EducationAnswer, TitleAnswer, TrainingAnswer, WorkAnswer,
    };
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Answers with every field set to something other than its default. The
    /// patterns below name every field (no `..`), so a field added later
    /// fails to compile here until this test fills it too.
    fn every_field_filled() -> Answers {
        let answers = Answers {
            plan: Some("ecommerce-2-hebei".into()),
            as_of: "2026-11-20".into(),
            certificates: vec![CertificateAnswer {
                occupation: "电子商务师".into(),
                level: "3".into(),
                issued: "2019-06-30".into(),
            }],
            titles: vec![TitleAnswer {
                rank: "中级".into(),
                issued: "2021-01-15".into(),
                field_matches: Some(false),
            }],
            work: vec![
                WorkAnswer {
                    employer: "石家庄某某商贸有限公司".into(),
                    occupation: "互联网营销师".into(),
                    start: "2015-03-01".into(),
                    end: "2018-02-28".into(),
                    ongoing: false,
                    employer_founded: "2010-05-04".into(),
                    employer_dissolved: "2019-12-31".into(),
                    part_time: true,
                    department: String::new(),
                },
                WorkAnswer {
                    employer: "北京某某科技有限公司".into(),
                    occupation: "电子商务师".into(),
                    start: "2018-03-01".into(),
                    end: String::new(),
                    ongoing: true,
                    employer_founded: "2012-08-08".into(),
                    employer_dissolved: String::new(),
                    part_time: false,
                    department: "电商运营部".into(),
                },
            ],
            education: vec![EducationAnswer {
                school: "技师学院".into(),
                major: "电子商务".into(),
                graduated: "2027-07-01".into(),
                enrolled: true,
                class: "预备技师班".into(),
            }],
            training: vec![TrainingAnswer {
                occupation: "电子商务师".into(),
                level: "4".into(),
                hours: "120".into(),
                certificate: Some(true),
            }],
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
            keep_id_number: false,
            chosen_condition: Some("4".into()),
            ready_materials: ["申报表".to_string(), "身份证正反面照片".to_string()].into(),
            visited_topics: ["work".to_string(), "education".to_string()].into(),
            visited_steps: ["about".to_string()].into(),
        };
        let Answers {
            plan,
            as_of,
            certificates,
            titles,
            work,
            education,
            training,
            id_number,
            phone,
            keep_id_number: _, // both values are round-tripped below
            chosen_condition,
            ready_materials,
            visited_topics,
            visited_steps,
        } = &answers;
        assert!(plan.is_some() && chosen_condition.is_some());
        for text in [as_of, id_number, phone] {
            assert!(!text.is_empty());
        }
        assert!(!ready_materials.is_empty() && !visited_topics.is_empty());
        assert!(!visited_steps.is_empty());
        for CertificateAnswer {
            occupation,
            level,
            issued,
        } in certificates
        {
            assert!(!occupation.is_empty() && !level.is_empty() && !issued.is_empty());
        }
        for TitleAnswer {
            rank,
            issued,
            field_matches,
        } in titles
        {
            assert!(!rank.is_empty() && !issued.is_empty() && field_matches.is_some());
        }
        // Every field of a work entry is set in one entry or the other
        // (an ongoing job has no end and its employer no dissolution).
        for (i, w) in work.iter().enumerate() {
            let WorkAnswer {
                employer,
                occupation,
                start,
                end,
                ongoing,
                employer_founded,
                employer_dissolved,
                part_time,
                department,
            } = w;
            assert!(!employer.is_empty() && !occupation.is_empty() && !start.is_empty());
            assert!(!employer_founded.is_empty());
            assert_eq!(*ongoing, i == 1);
            assert_eq!(end.is_empty(), i == 1);
            assert_eq!(employer_dissolved.is_empty(), i == 1);
            assert_eq!(*part_time, i == 0);
            assert_eq!(department.is_empty(), i == 0);
        }
        for EducationAnswer {
            school,
            major,
            graduated,
            enrolled,
            class,
        } in education
        {
            assert!(!school.is_empty() && !major.is_empty() && !graduated.is_empty());
            assert!(*enrolled && !class.is_empty());
        }
        for TrainingAnswer {
            occupation,
            level,
            hours,
            certificate,
        } in training
        {
            assert!(!occupation.is_empty() && !level.is_empty() && !hours.is_empty());
            assert!(certificate.is_some());
        }
        answers
    }

    #[wasm_bindgen_test]
    fn every_answer_round_trips_and_the_id_number_only_with_consent() {
        let answers = every_field_filled();
        let restored = decode(&encode(&answers)).expect("current schema decodes");
        assert_eq!(
            restored,
            Answers {
                id_number: String::new(),
                ..answers.clone()
            }
        );

        let kept = Answers {
            keep_id_number: true,
            ..answers
        };
        assert_eq!(
            decode(&encode(&kept)).expect("current schema decodes"),
            kept
        );
    }

    #[wasm_bindgen_test]
    fn old_foreign_or_corrupted_states_are_refused() {
        for text in [
            "",
            "{",
            "null",
            "[]",
            r#"{"version": 0, "answers": {}}"#,
            r#"{"version": 1, "answers": {"work": "lots"}}"#,
            r#"{"answers": {}}"#,
            // serde would read the struct from an array by position
            r#"[1, {}]"#,
        ] {
            assert_eq!(decode(text), None, "{text}");
        }
        let huge = format!(
            r#"{{"version": 1, "answers": {{"phone": "{}"}}}}"#,
            "1".repeat(precheck_core::profile::MAX_JSON_BYTES)
        );
        assert_eq!(decode(&huge), None, "larger than any real profile");
        assert!(decode(r#"{"version": 1, "answers": {}}"#).is_some());
    }
}
