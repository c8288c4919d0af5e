//! `photo`.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn photo(_files: &[PathBuf], _material: &str, _plan: Option<&str>, _fix: Option<&Path>, _json: bool) -> ExitCode {
    eprintln!("not implemented yet");
    ExitCode::from(2)
}
