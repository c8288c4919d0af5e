//! The browser's history as the candidate's way back: one entry per step,
//! per 关于你 topic and per overview stage, so the phone's back button (or
//! WeChat's ‹) goes back a screen instead of out of the widget; and the
//! place saved for a reload. The entries carry only `Place::key` (`about/2`):
//! no answer ever goes into the history or the address.

use crate::storage;
use crate::walk::Place;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

const PREFIX: &str = "precheck:";

fn ours(state: &JsValue, topics: usize, stages: usize) -> Option<Place> {
    let key = state.as_string()?;
    Place::from_key(key.strip_prefix(PREFIX)?, topics, stages)
}

/// Follows `place`: saves it, pushes a history entry when it changes, and
/// calls `go` when the candidate goes back or forward to one of ours.
pub fn follow(
    place: Memo<Place>,
    go: impl Fn(Place) + 'static,
    topics: Memo<Vec<crate::steps::about::Topic>>,
    stages: usize,
) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    // A move that came from the history itself must not push again.
    let from_history = StoredValue::new(false);
    let pushing = history.clone();
    Effect::new(move |prev: Option<Place>| {
        let now = place.get();
        storage::save_place(&now.key());
        let state = JsValue::from_str(&format!("{PREFIX}{}", now.key()));
        match prev {
            // The entry the widget opened in: ours from now on, unless the
            // host page keeps its own state there.
            None => {
                let current = pushing.state().unwrap_or(JsValue::NULL);
                if current.is_null()
                    || current.is_undefined()
                    || current.as_string().is_some_and(|s| s.starts_with(PREFIX))
                {
                    let _ = pushing.replace_state(&state, "");
                }
            }
            Some(p) if p != now && !from_history.get_value() => {
                let _ = pushing.push_state(&state, "");
            }
            _ => {}
        }
        from_history.set_value(false);
        now
    });
    let handle = window_event_listener(leptos::ev::popstate, move |ev| {
        let topics = topics.with_untracked(Vec::len);
        if let Some(p) = ours(&ev.state(), topics, stages) {
            if p != place.get_untracked() {
                from_history.set_value(true);
                go(p);
            }
        }
    });
    on_cleanup(move || handle.remove());
}
