//! The saved answers' place in localStorage, as far as the first screen
//! needs it: whether anything is saved, its plan, and writing a new plan
//! choice. The full widget (`precheck-app`'s storage.rs) owns the format;
//! this side goes through the browser's `JSON` so that the first-load module
//! carries no serde, and it never touches a state it cannot read (the full
//! widget discards that one, with a notice).

use wasm_bindgen::JsValue;

/// Where the answers are saved.
pub const KEY: &str = "precheck:answers";
/// Bump when the saved answers change shape incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn saved_text() -> Option<String> {
    local_storage()?.get_item(KEY).ok().flatten()
}

/// Something is saved (readable or not): the full widget should read it.
pub fn exists() -> bool {
    saved_text().is_some()
}

/// The `answers` object of a saved state of the current schema.
fn saved_answers(text: &str) -> Option<(JsValue, JsValue)> {
    let saved = js_sys::JSON::parse(text).ok()?;
    let version = js_sys::Reflect::get(&saved, &"version".into()).ok()?;
    if version.as_f64() != Some(f64::from(SCHEMA_VERSION)) {
        return None;
    }
    let answers = js_sys::Reflect::get(&saved, &"answers".into()).ok()?;
    answers.is_object().then_some((saved, answers))
}

/// The plan of the saved answers, if they are readable and name one.
pub fn plan() -> Option<String> {
    let (_, answers) = saved_answers(&saved_text()?)?;
    js_sys::Reflect::get(&answers, &"plan".into())
        .ok()?
        .as_string()
}

/// Saves the candidate's plan choice. A new choice drops the condition they
/// had chosen (it belonged to the old plan), as the full widget does.
pub fn save_plan(id: &str) {
    let Some(storage) = local_storage() else {
        return;
    };
    let text = match storage.get_item(KEY).ok().flatten() {
        None => format!(
            r#"{{"version":{SCHEMA_VERSION},"answers":{{"plan":{}}}}}"#,
            js_sys::JSON::stringify(&id.into())
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| "null".to_owned())
        ),
        Some(text) => {
            let Some((saved, answers)) = saved_answers(&text) else {
                return;
            };
            let _ = js_sys::Reflect::set(&answers, &"plan".into(), &id.into());
            let _ = js_sys::Reflect::delete_property(&answers.into(), &"chosen_condition".into());
            match js_sys::JSON::stringify(&saved)
                .ok()
                .and_then(|s| s.as_string())
            {
                Some(text) => text,
                None => return,
            }
        }
    };
    let _ = storage.set_item(KEY, &text);
}

/// Forgets everything saved on this device.
/// Where the candidate was in the full widget (its walk.rs `Place::key`),
/// so a reload returns there; kept and cleared with the answers.
pub const PLACE_KEY: &str = "precheck:place";

pub fn clear() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(KEY);
        let _ = storage.remove_item(PLACE_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn stored() -> Option<String> {
        local_storage().unwrap().get_item(KEY).unwrap()
    }

    fn put(text: &str) {
        local_storage().unwrap().set_item(KEY, text).unwrap();
    }

    #[wasm_bindgen_test]
    fn a_plan_choice_is_saved_keeping_the_other_answers() {
        clear();
        assert!(!exists());
        save_plan("ecommerce-1-beijing");
        assert_eq!(plan().as_deref(), Some("ecommerce-1-beijing"));
        assert_eq!(
            stored().unwrap(),
            r#"{"version":1,"answers":{"plan":"ecommerce-1-beijing"}}"#
        );

        put(r#"{"version":1,"answers":{"plan":"a","phone":"13800138000","chosen_condition":"2"}}"#);
        save_plan("internet-marketing-4");
        let text = stored().unwrap();
        assert!(text.contains(r#""plan":"internet-marketing-4""#), "{text}");
        assert!(text.contains(r#""phone":"13800138000""#), "{text}");
        assert!(
            !text.contains("chosen_condition"),
            "the old plan's condition goes: {text}"
        );
        clear();
    }

    #[wasm_bindgen_test]
    fn a_state_it_cannot_read_is_left_for_the_full_widget() {
        for text in [
            "{",
            r#"{"version":0,"answers":{}}"#,
            r#"{"version":1,"answers":3}"#,
        ] {
            put(text);
            assert!(exists());
            assert_eq!(plan(), None, "{text}");
            save_plan("ecommerce-1-beijing");
            assert_eq!(stored().as_deref(), Some(text), "untouched");
        }
        clear();
        assert_eq!(stored(), None);
    }
}
