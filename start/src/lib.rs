//! 报名预检's first screen, shared by the widget's two wasm modules.
//!
//! The first-load module (this crate's binary, `main.rs`) shows the header,
//! the step bar, the plan step and the footer: what a candidate sees before
//! they act, small enough to arrive fast on a phone's network
//! (BENCHMARKS.md). The full widget (`precheck-app`) is fetched while the
//! candidate reads (precheck.js) and takes over when they leave the plan step; it
//! shows the same plan step with these same components.
//!
//! Architecture invariant: nothing here links the rule catalog, the
//! engine or serde: only `rules::briefs()`. A saved state is read and written
//! through the browser's own `JSON`.

pub mod chrome;
pub mod handoff;
pub mod host;
pub mod i18n;
pub mod plain;
pub mod plan_step;
pub mod saved;

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
