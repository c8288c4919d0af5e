//! 报名预检 widget: the Leptos (client-side rendered) face of `precheck-core`.
//!
//! Architecture invariant: this crate holds no rules and no checks. It reads
//! the candidate's answers, asks the core, and shows what the core says; the
//! only logic here is turning form answers into a [`Profile`] and talking to
//! the browser (mounting, storage, events, files).
//!
//! [`Profile`]: precheck_core::profile::Profile

mod about;
mod answers;
mod app;
mod device;
mod host;
mod levels;
mod materials;
mod photo_slot;
mod photo_worker;
mod register_steps;
mod sheet;
mod storage;
mod summary;
mod verdicts;

use precheck_start::i18n;
use wasm_bindgen::prelude::*;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn main() {
    console_error_panic_hook::set_once();
}

/// Called by `precheck.js` once the wasm module is ready: takes over the
/// elements the first-load module hands over (`handed`, from its
/// `take_over`: `[{element, lang, step, plan, levels}]`), then mounts into any other
/// `[data-precheck]` element of the page. `base` is the URL of the folder the
/// widget's files are served from.
#[wasm_bindgen]
pub fn mount_all(base: String, handed: JsValue) {
    host::mount_all(&base, &handed);
}

/// Called by `precheck.js` when the browser is idle after fetching this
/// module on the candidate's first touch: see [`host::warm_up`].
#[wasm_bindgen]
pub fn warm_up(base: String) {
    host::warm_up(&base);
}
