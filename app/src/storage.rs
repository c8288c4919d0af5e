//! Saving the answers on this device (localStorage), under a versioned
//! schema. One `Effect` in `app.rs` writes; nothing else touches storage.
//! An old, foreign or corrupted saved state is discarded with a notice —
//! never a broken page. Storage may be missing or refuse writes (private
//! browsing, sandboxed frames): the widget then works without saving.

use crate::answers::Answers;
use serde::{Deserialize, Serialize};

// Shared with the first-load module, which saves the plan choice.
pub use precheck_start::saved::clear;
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

/// Parses a saved state; `None` for anything but the current schema.
pub fn decode(text: &str) -> Option<Answers> {
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

pub fn save(answers: &Answers) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(KEY, &encode(answers));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::WorkAnswer;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn answers_round_trip_without_the_id_number() {
        let answers = Answers {
            id_number: "11010519491231002X".into(),
            work: vec![WorkAnswer {
                start: "2020-07-01".into(),
                ongoing: true,
                ..Default::default()
            }],
            ..Answers::default()
        };
        let restored = decode(&encode(&answers)).expect("current schema decodes");
        assert_eq!(restored.work, answers.work);
        assert_eq!(restored.id_number, "");
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
        ] {
            assert_eq!(decode(text), None, "{text}");
        }
        assert!(decode(r#"{"version": 1, "answers": {}}"#).is_some());
    }
}
