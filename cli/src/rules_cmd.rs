//! `plans`, `explain` and `check`.
use std::path::Path;
use std::process::ExitCode;

pub fn plans(_json: bool) -> ExitCode {
    eprintln!("not implemented yet");
    ExitCode::from(2)
}
pub fn explain(_plan: &str, _json: bool) -> ExitCode {
    eprintln!("not implemented yet");
    ExitCode::from(2)
}
pub fn check(_plan: &str, _profile: &Path, _condition: Option<&str>, _as_of: Option<&str>, _json: bool) -> ExitCode {
    eprintln!("not implemented yet");
    ExitCode::from(2)
}
