//! `precheck photo FILE... [--material photo|id-front|id-back|document] [--plan ID]
//! [--fix OUT] [--json]`
//!
//! Folders are expanded (their files, sorted by name, not recursing) and every file
//! is checked on its own: a bad file never stops the batch. With `--json` each file
//! gives one JSON object on its own line (JSON Lines; one file → one object):
//! `file`, `format`, `bytes`, `width`, `height`, `pass`, `checks` (each `id`,
//! `status`, `value`, `threshold`, `message_zh`, `message_en`) and, with `--fix`,
//! `fixed` (the same fields for the written file) or `fix_error`. A file that cannot
//! be read or decoded gives `error` {`code`, `message_zh`, `message_en`} instead of
//! the checks, and the exit code is 2 (after all files ran); otherwise 0, whether the
//! photos pass or not. `--fix OUT` is the output file for a single input file, else a
//! folder receiving `<name>-fixed.jpg` files. `fix` in each report says whether
//! the one-tap fix can help (`possible`, else `code` and what to do instead).
//!
//! The face detector and person segmentation run natively here (`precheck-vision`,
//! the same models the widget loads): the same pipeline as the widget.
//! `--no-models` checks as the widget does when its model module cannot load.

use crate::native_models::NativeModels;
use precheck_core::photo::{self, Material, Models, Op, PhotoError, Report};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn error_json(e: &PhotoError) -> Value {
    json!({ "code": e.code, "message_zh": e.message_zh, "message_en": e.message_en })
}

fn report_json(file: &Path, r: &Report) -> Value {
    json!({
        "file": file.display().to_string(),
        "format": r.format,
        "bytes": r.bytes,
        "width": r.width,
        "height": r.height,
        "pass": r.pass,
        "checks": r.checks,
        "fix": r.fix,
    })
}

fn expand(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for f in files {
        if f.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(f)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.is_file())
                        .collect()
                })
                .unwrap_or_default();
            inner.sort();
            if inner.is_empty() {
                out.push(f.clone()); // reported as unreadable below
            }
            out.extend(inner);
        } else {
            out.push(f.clone());
        }
    }
    out
}

fn fix_target(out: &Path, input: &Path, single: bool) -> PathBuf {
    if single && !out.is_dir() {
        return out.to_path_buf();
    }
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "photo".into());
    out.join(format!("{stem}-fixed.jpg"))
}

fn print_human(file: &Path, r: &Report) {
    let verdict = if r.pass {
        "PASS 合格"
    } else {
        "FAIL 不合格"
    };
    println!(
        "{}: {verdict} ({}, {} bytes, {}×{})",
        file.display(),
        r.format.label(),
        r.bytes,
        r.width,
        r.height
    );
    for c in &r.checks {
        let tag = match c.status {
            photo::Verdict::Pass => "ok  ",
            photo::Verdict::Warn => "warn",
            photo::Verdict::Fail => "FAIL",
        };
        println!("  [{tag}] {:<12} {}", c.id, c.value);
        if c.status != photo::Verdict::Pass {
            println!("         {}", c.message_zh);
            println!("         {}", c.message_en);
        }
    }
}

pub fn photo(
    files: &[PathBuf],
    material: &str,
    plan: Option<&str>,
    fix: Option<&Path>,
    json: bool,
    use_models: bool,
) -> ExitCode {
    let models = use_models.then_some(NativeModels);
    let models = models.as_ref().map(|m| m as &dyn Models);
    let Some(mat) = Material::parse(material) else {
        let e = PhotoError {
            code: "bad_material".into(),
            message_zh: format!(
                "未知的材料类型 {material:?}：可选 photo、id-front、id-back、document。"
            ),
            message_en: format!(
                "Unknown material {material:?}: use photo, id-front, id-back or document."
            ),
        };
        if json {
            println!("{}", json!({ "error": error_json(&e) }));
        } else {
            eprintln!("{}\n{}", e.message_zh, e.message_en);
        }
        return ExitCode::from(2);
    };
    let spec = photo::spec(mat, plan);
    let inputs = expand(files);
    let single = inputs.len() == 1 && files.len() == 1 && !files[0].is_dir();
    if let Some(out) = fix {
        if !single {
            if let Err(e) = std::fs::create_dir_all(out) {
                eprintln!("cannot create {}: {e}", out.display());
                return ExitCode::from(2);
            }
        }
    }
    let mut unreadable = false;
    for file in &inputs {
        let mut obj;
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(err) => {
                unreadable = true;
                let e = PhotoError {
                    code: "unreadable".into(),
                    message_zh: format!("无法读取文件：{err}"),
                    message_en: format!("Cannot read the file: {err}"),
                };
                if json {
                    println!(
                        "{}",
                        json!({ "file": file.display().to_string(), "error": error_json(&e) })
                    );
                } else {
                    println!(
                        "{}: ERROR {} — {} / {}",
                        file.display(),
                        e.code,
                        e.message_zh,
                        e.message_en
                    );
                }
                continue;
            }
        };
        // One look at the picture: the check, and the fix from the same analysis.
        let op = if fix.is_some() { Op::Fix } else { Op::Check };
        let fixed = match photo::examine(&bytes, spec, models, op) {
            Ok(outcome) => {
                obj = report_json(file, &outcome.report);
                if !json {
                    print_human(file, &outcome.report);
                }
                outcome.fix
            }
            Err(e) => {
                unreadable = true;
                let mut o = json!({ "file": file.display().to_string(), "error": error_json(&e) });
                if let Ok(p) = photo::probe(&bytes) {
                    o["format"] = json!(p.format);
                    o["bytes"] = json!(p.bytes);
                }
                if json {
                    println!("{o}");
                } else {
                    println!(
                        "{}: ERROR {} — {}\n  {}",
                        file.display(),
                        e.code,
                        e.message_zh,
                        e.message_en
                    );
                }
                continue;
            }
        };
        if let (Some(out), Some(fixed)) = (fix, fixed) {
            let target = fix_target(out, file, single);
            match fixed {
                Ok(fixed) => match std::fs::write(&target, &fixed.jpeg) {
                    Ok(()) => {
                        obj["fixed"] = report_json(&target, &fixed.report);
                        if !json {
                            println!("  → fixed: {}", target.display());
                            print_human(&target, &fixed.report);
                        }
                    }
                    Err(err) => {
                        unreadable = true;
                        obj["fix_error"] = json!({
                            "code": "write_failed",
                            "message_zh": format!("无法写入 {}：{err}", target.display()),
                            "message_en": format!("Cannot write {}: {err}", target.display()),
                        });
                        if !json {
                            println!("  → cannot write {}: {err}", target.display());
                        }
                    }
                },
                Err(e) => {
                    obj["fix_error"] = error_json(&e);
                    if !json {
                        println!(
                            "  → 无法自动修正 / cannot fix ({}): {}\n    {}",
                            e.code, e.message_zh, e.message_en
                        );
                    }
                }
            }
        }
        if json {
            println!("{obj}");
        }
    }
    if unreadable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
