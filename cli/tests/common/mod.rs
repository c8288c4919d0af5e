//! What the CLI test files share: running the built `precheck`, writing a
//! profile for it, and reading its JSON.
#![allow(dead_code)] // each test file uses its own part

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_precheck"))
        .args(args)
        .output()
        .expect("run precheck")
}

/// `body` written to `name` in a folder of the test file `suite` and this
/// process. Tests run in parallel: give each test its own `name`.
pub fn profile_file(suite: &str, name: &str, body: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("precheck-cli-{suite}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

/// The JSON on stdout of a run that must have succeeded.
pub fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}
