//! Photo and document checks with a one-tap fix, entirely local.
//!
//! Pure Rust, no web dependency, no I/O: the CLI reads files and the web worker hands
//! over bytes (or pixels already decoded by the browser). No input can panic: every
//! header is read through bounds-checked helpers and decoding runs under explicit
//! [`image::Limits`].

mod error;
mod header;

pub use error::{PhotoError, MAX_PIXELS, MAX_SIDE};
pub use header::{probe, sniff, Format, Probe};
