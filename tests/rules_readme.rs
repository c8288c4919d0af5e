//! Tidy tests: rules/README.md, the staff's only manual, says what the code
//! accepts. Every value of `requires`, `prep`, `uploads`, education `status`
//! and case-table `kind` the code knows is in its table, every value a table
//! lists is accepted, every example parses, and the example case row and
//! profile use every key there is (read from the sources, as rust-analyzer's
//! tidy tests read theirs).

mod case_runner;

use precheck_core::profile::Profile;
use precheck_core::rules::{EduStatus, Prep, Requirement, Upload, SCHOOL_TYPE_NAMES};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    std::fs::read_to_string(case_runner::root().join(path)).unwrap()
}

fn readme() -> String {
    read("rules/README.md")
}

/// The text under the heading that contains `marker`, to the next heading.
fn section<'a>(text: &'a str, marker: &str) -> &'a str {
    let start = text
        .lines()
        .position(|l| l.starts_with('#') && l.contains(marker))
        .unwrap_or_else(|| panic!("rules/README.md has no heading with «{marker}»"));
    let lines: Vec<&str> = text.lines().collect();
    let from = text.find(lines[start]).unwrap() + lines[start].len();
    let rest = &text[from..];
    let end = rest
        .lines()
        .find(|l| l.starts_with("## ") || l.starts_with("### "))
        .and_then(|l| rest.find(l))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Table rows (`| … |`, not the header's separator) as their cells.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The first `code` in a cell.
fn code(cell: &str) -> Option<String> {
    let a = cell.find('`')?;
    let b = cell[a + 1..].find('`')?;
    Some(cell[a + 1..a + 1 + b].to_string())
}

/// The first-column codes of the table rows in `text`.
fn first_codes(text: &str) -> BTreeSet<String> {
    rows(text).iter().filter_map(|r| code(&r[0])).collect()
}

/// The serde names of `enum name`'s unit or tuple variants in `src`.
fn variants(src: &str, name: &str, sep: char) -> BTreeSet<String> {
    let start = src
        .find(&format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("no enum {name}"));
    let body = &src[start..];
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|l| {
            let ident: String = l.chars().take_while(|c| c.is_alphanumeric()).collect();
            let mut out = String::new();
            for (i, c) in ident.chars().enumerate() {
                if c.is_uppercase() && i > 0 {
                    out.push(sep);
                }
                out.extend(c.to_lowercase());
            }
            out
        })
        .collect()
}

/// The field names of `struct name` in `src`.
fn fields(src: &str, name: &str) -> BTreeSet<String> {
    let start = src
        .find(&format!("pub struct {name} {{"))
        .unwrap_or_else(|| panic!("no struct {name}"));
    let body = &src[start..];
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split_once(':').map(|(f, _)| f.trim().to_string()))
        .collect()
}

fn parses<T: DeserializeOwned>(value: &str) -> bool {
    serde_json::from_str::<T>(&format!("\"{value}\"")).is_ok()
}

fn same(what: &str, code: &BTreeSet<String>, doc: &BTreeSet<String>) {
    let missing: Vec<_> = code.difference(doc).collect();
    let extra: Vec<_> = doc.difference(code).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "rules/README.md, {what}: add {missing:?} (the code accepts them); remove {extra:?} (the code does not)"
    );
}

#[test]
fn every_requirement_kind_is_listed_with_an_example_that_parses() {
    #[derive(Deserialize)]
    struct One {
        #[allow(dead_code)]
        r: Requirement,
    }
    let model = read("src/rules/model.rs");
    let doc = readme();
    let table = section(&doc, "requires");
    let kinds = variants(&model, "Requirement", '_');
    let listed = first_codes(table.split("各种要求里的写法").next().unwrap());
    same("requires kinds", &kinds, &listed);
    for r in rows(table) {
        let Some(kind) = code(&r[0]).filter(|k| kinds.contains(k)) else {
            continue;
        };
        let example = code(&r[2]).unwrap_or_default();
        let parsed = toml::from_str::<One>(&format!("r = {example}"));
        assert!(
            parsed.is_ok(),
            "rules/README.md, requires `{kind}`: the example {example} does not parse: {:?}",
            parsed.err()
        );
        assert!(
            example.starts_with(&format!("{{ {kind} =")),
            "rules/README.md, requires `{kind}`: the example is another kind: {example}"
        );
    }
    for v in ["Mode", "Scope"] {
        for value in variants(&model, v, '_') {
            assert!(
                table.contains(&format!("\"{value}\"")),
                "rules/README.md, requires: {v} value \"{value}\" is not shown"
            );
        }
    }
    let status = table.split("`education` 的 `status`").nth(1).unwrap();
    let listed = first_codes(status.split("学校类型只能是").next().unwrap());
    same(
        "education status",
        &variants(&model, "EduStatus", '_'),
        &listed,
    );
    assert!(listed.iter().all(|s| parses::<EduStatus>(s)));
    for s in SCHOOL_TYPE_NAMES {
        assert!(
            table.contains(&format!("`{s}`")),
            "rules/README.md: school type {s} is not listed"
        );
    }
}

#[test]
fn every_form_fill_is_listed() {
    let model = read("src/rules/model.rs");
    let doc = readme();
    let listed = first_codes(section(&doc, "[[form]]"));
    same("form fill values", &variants(&model, "Fill", '_'), &listed);
}

#[test]
fn every_prep_and_upload_value_is_listed_and_accepted() {
    #[derive(Deserialize)]
    struct Preps {
        #[allow(dead_code)]
        prep: Vec<Prep>,
    }
    let model = read("src/rules/model.rs");
    let doc = readme();
    let prep = section(&doc, "prep：");
    let listed = first_codes(prep);
    same("prep values", &variants(&model, "Prep", '_'), &listed);
    for r in rows(prep) {
        let Some(value) = code(&r[0]) else { continue };
        assert!(parses::<Prep>(&value), "prep `{value}` is not accepted");
        let example = code(&r[2]).unwrap_or_default();
        assert!(
            example.contains(&format!("\"{value}\"")) && toml::from_str::<Preps>(&example).is_ok(),
            "rules/README.md, prep `{value}`: the example {example} does not parse or does not use it"
        );
    }
    let uploads = first_codes(section(&doc, "uploads："));
    same("uploads values", &variants(&model, "Upload", '-'), &uploads);
    assert!(uploads.iter().all(|u| parses::<Upload>(u)));
}

#[test]
fn every_case_kind_is_listed() {
    let doc = readme();
    let cases = section(&doc, "案例表 Case tables");
    let listed = first_codes(
        cases
            .split("`kind` 的值")
            .nth(1)
            .unwrap()
            .split("检查要求")
            .next()
            .unwrap(),
    );
    let kinds: BTreeSet<String> = case_runner::KINDS.iter().map(|k| k.to_string()).collect();
    same("case-table kinds", &kinds, &listed);
}

/// The ```yaml blocks of `text`.
fn yaml_blocks(text: &str) -> Vec<&str> {
    text.split("```yaml\n")
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .collect()
}

#[test]
fn the_example_case_row_parses_and_uses_every_key() {
    let doc = readme();
    let cases = section(&doc, "案例表 Case tables");
    let example = yaml_blocks(cases)[0];
    let file: Result<case_runner::CaseFile, _> = serde_yaml::from_str(example);
    assert!(
        file.is_ok(),
        "rules/README.md's example case table: {:?}",
        file.err()
    );
    let runner = read("tests/case_runner/mod.rs");
    for s in ["CaseFile", "Case", "Expect"] {
        for f in fields(&runner, s) {
            assert!(
                example.contains(&format!("{f}:")),
                "rules/README.md's example case table does not show the key `{f}` ({s})"
            );
        }
    }
}

#[test]
fn the_example_profile_parses_and_uses_every_field() {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Wrapped {
        profile: Profile,
    }
    let doc = readme();
    let cases = section(&doc, "案例表 Case tables");
    let example = yaml_blocks(cases)[1];
    let w: Wrapped = serde_yaml::from_str(example)
        .unwrap_or_else(|e| panic!("rules/README.md's example profile: {e}"));
    // Every field of every part shown: no null, no empty list (as_of is the row's).
    fn walk(path: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Null => out.push(path.to_string()),
            serde_json::Value::Array(a) if a.is_empty() => out.push(path.to_string()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(path, x, out)),
            serde_json::Value::Object(o) => o
                .iter()
                .filter(|(k, _)| path.is_empty() && *k != "as_of" || !path.is_empty())
                .for_each(|(k, x)| walk(&format!("{path}.{k}"), x, out)),
            _ => {}
        }
    }
    let mut unshown = Vec::new();
    walk("", &serde_json::to_value(&w.profile).unwrap(), &mut unshown);
    assert!(
        unshown.is_empty(),
        "rules/README.md's example profile does not show {unshown:?}"
    );
}
