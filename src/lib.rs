//! 报名预检 core: everything the widget and the CLI know, with no web dependency.
//!
//! Architecture invariant: this crate never imports web-sys, wasm-bindgen or
//! leptos, never touches the clock (the as-of date is always passed in) and
//! never does I/O; it compiles natively and for wasm32-unknown-unknown.

pub mod date;
pub mod engine;
pub mod identity;
pub mod photo;
pub mod profile;
pub mod rules;
