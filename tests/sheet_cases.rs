//! Case tables for the fill-in sheet (`engine::sheet::sheet`): every file under
//! tests/sheet-cases/, one per guide. A row gives a plan, a condition, a signing
//! date and a profile, and expects boxes (by form and label; `write` exact,
//! `contains` substrings, `blank`, `copy`, `who`), the forms in order, and the exact set
//! of problem fields. Every guide with forms must have a table, and the rows
//! named in `REQUIRED_KINDS` must exist somewhere.

use precheck_core::date::Date;
use precheck_core::engine::sheet::{sheet, BoxSheet, Sheet, Who};
use precheck_core::profile::Profile;
use precheck_core::rules::catalog;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    guide: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    kind: Option<String>,
    plan: String,
    condition: String,
    as_of: Date,
    profile: Profile,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The chosen condition's verdict the sheet follows: `met`, `not_met`,
    /// `needs_info`. Default: not checked.
    #[serde(default)]
    status: Option<String>,
    /// The sheet's `earliest` date (when the condition will be met).
    #[serde(default)]
    earliest: Option<Date>,
    /// The forms' names, in order.
    #[serde(default)]
    forms: Option<Vec<String>>,
    #[serde(default)]
    boxes: Vec<BoxExpect>,
    /// The problems' fields, as a set; default: none.
    #[serde(default)]
    problems: Vec<String>,
    /// Substrings of the problems' Chinese messages, all present somewhere.
    #[serde(default)]
    problem_contains: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoxExpect {
    /// The form's name; default: the first form.
    #[serde(default)]
    form: Option<String>,
    #[serde(rename = "box")]
    label: String,
    /// Which of the boxes with this label (0 = the first).
    #[serde(default)]
    nth: usize,
    /// How many boxes have this label (e.g. one per work period).
    #[serde(default)]
    count: Option<usize>,
    #[serde(default)]
    write: Option<String>,
    #[serde(default)]
    contains: Vec<String>,
    #[serde(default)]
    not_contains: Vec<String>,
    #[serde(default)]
    blank: Option<bool>,
    /// The words are to be copied as they are (not a hint or an instruction).
    #[serde(default)]
    copy: Option<bool>,
    /// `candidate`, `employer`, `organiser`, or `none`.
    #[serde(default)]
    who: Option<String>,
    /// Shown as the template only, not to be filled yet.
    #[serde(default)]
    withheld: Option<bool>,
    /// Substrings of how the box's figure was counted (`working`).
    #[serde(default)]
    working_contains: Vec<String>,
    /// How many gaps (＿＿＿＿) someone still fills in.
    #[serde(default)]
    gaps: Option<usize>,
}

/// The issue's "Done when" rows: each must exist in some table.
const REQUIRED_KINDS: &[&str] = &[
    "employer_opinion",
    "condition_text",
    "higher_vocational",
    "informal_occupation",
    // What the sheet may not write (issue 26): each situation has a row.
    "post_years",
    "unmet",
    "training_hours",
    "main_job",
    "no_current_employer",
    "under_a_year",
    "informal_as_given",
    "post_not_listed",
];

fn tables() -> Vec<(String, CaseFile)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sheet-cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let file: CaseFile =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, file)
        })
        .collect()
}

fn who_name(w: Option<Who>) -> &'static str {
    match w {
        Some(Who::Candidate) => "candidate",
        Some(Who::Employer) => "employer",
        Some(Who::Organiser) => "organiser",
        None => "none",
    }
}

fn check_box(at: &str, s: &Sheet, e: &BoxExpect, errors: &mut Vec<String>) {
    let form = match &e.form {
        Some(n) => s.forms.iter().find(|f| &f.name == n),
        None => s.forms.first(),
    };
    let Some(form) = form else {
        errors.push(format!("{at}: no form {:?}", e.form));
        return;
    };
    let found: Vec<&BoxSheet> = form.boxes.iter().filter(|b| b.label == e.label).collect();
    if let Some(n) = e.count {
        if found.len() != n {
            errors.push(format!(
                "{at}: box «{}»: {} boxes, expected {n}",
                e.label,
                found.len()
            ));
        }
    }
    let Some(b) = found.get(e.nth) else {
        errors.push(format!(
            "{at}: form «{}» has no box «{}» #{}",
            form.name, e.label, e.nth
        ));
        return;
    };
    if let Some(w) = &e.write {
        if &b.write != w {
            errors.push(format!(
                "{at}: box «{}»: writes «{}», expected «{w}»",
                e.label, b.write
            ));
        }
    }
    for c in &e.contains {
        if !b.write.contains(c.as_str()) {
            errors.push(format!(
                "{at}: box «{}»: «{}» lacks «{c}»",
                e.label, b.write
            ));
        }
    }
    for c in &e.not_contains {
        if b.write.contains(c.as_str()) {
            errors.push(format!("{at}: box «{}»: «{}» has «{c}»", e.label, b.write));
        }
    }
    if let Some(bl) = e.blank {
        if b.blank != bl {
            errors.push(format!(
                "{at}: box «{}»: blank {}, expected {bl}",
                e.label, b.blank
            ));
        }
    }
    if let Some(c) = e.copy {
        if b.copy != c {
            errors.push(format!(
                "{at}: box «{}»: copy {}, expected {c}",
                e.label, b.copy
            ));
        }
    }
    if let Some(w) = e.withheld {
        if b.withheld != w {
            errors.push(format!(
                "{at}: box «{}»: withheld {}, expected {w} («{}»)",
                e.label, b.withheld, b.write
            ));
        }
    }
    for c in &e.working_contains {
        if !b.working_zh.as_deref().unwrap_or("").contains(c.as_str()) {
            errors.push(format!(
                "{at}: box «{}»: working «{}» lacks «{c}»",
                e.label,
                b.working_zh.as_deref().unwrap_or("")
            ));
        }
    }
    if let Some(n) = e.gaps {
        if b.gaps.len() != n {
            errors.push(format!(
                "{at}: box «{}»: {} gaps, expected {n}",
                e.label,
                b.gaps.len()
            ));
        }
    }
    if let Some(w) = &e.who {
        if who_name(b.who) != w {
            errors.push(format!(
                "{at}: box «{}»: who {}, expected {w}",
                e.label,
                who_name(b.who)
            ));
        }
    }
}

#[test]
fn sheet_case_tables() {
    let mut errors = Vec::new();
    let mut kinds = BTreeSet::new();
    let mut guides = BTreeSet::new();
    let mut rows = 0;
    for (file, table) in tables() {
        guides.insert(table.guide.clone());
        for c in &table.cases {
            rows += 1;
            let at = format!("tests/sheet-cases/{file}: «{}»", c.name);
            kinds.extend(c.kind.clone());
            let Some(plan) = catalog().plan(&c.plan) else {
                errors.push(format!("{at}: no plan {}", c.plan));
                continue;
            };
            if plan.source.file != table.guide {
                errors.push(format!(
                    "{at}: plan {} comes from {}, not this table's guide {}",
                    c.plan, plan.source.file, table.guide
                ));
            }
            let s = match sheet(plan, &c.condition, &c.profile, c.as_of) {
                Ok(s) => s,
                Err(p) => {
                    errors.push(format!("{at}: {}", p.message_en));
                    continue;
                }
            };
            if let Some(forms) = &c.expect.forms {
                let got: Vec<&str> = s.forms.iter().map(|f| f.name.as_str()).collect();
                if got != forms.iter().map(String::as_str).collect::<Vec<_>>() {
                    errors.push(format!("{at}: forms {got:?}, expected {forms:?}"));
                }
            }
            if let Some(st) = &c.expect.status {
                if s.status.as_str() != st {
                    errors.push(format!("{at}: status {}, expected {st}", s.status.as_str()));
                }
            }
            if c.expect.earliest.is_some() && s.earliest != c.expect.earliest {
                errors.push(format!(
                    "{at}: earliest {:?}, expected {:?}",
                    s.earliest, c.expect.earliest
                ));
            }
            for b in &c.expect.boxes {
                check_box(&at, &s, b, &mut errors);
            }
            let got: BTreeSet<&str> = s.problems.iter().map(|p| p.field.as_str()).collect();
            let want: BTreeSet<&str> = c.expect.problems.iter().map(String::as_str).collect();
            if got != want {
                let msgs: Vec<_> = s.problems.iter().map(|p| &p.message_zh).collect();
                errors.push(format!(
                    "{at}: problems {got:?}, expected {want:?} ({msgs:?})"
                ));
            }
            for c in &c.expect.problem_contains {
                if !s.problems.iter().any(|p| p.message_zh.contains(c.as_str())) {
                    errors.push(format!("{at}: no problem says «{c}»"));
                }
            }
        }
    }
    for k in REQUIRED_KINDS {
        if !kinds.contains(*k) {
            errors.push(format!("no row of kind {k}"));
        }
    }
    for p in catalog().plans() {
        if !p.forms.is_empty() && !guides.contains(&*p.source.file) {
            errors.push(format!(
                "guide {} (plan {}) has forms but no table in tests/sheet-cases/",
                p.source.file, p.id
            ));
        }
    }
    assert!(rows >= 10, "only {rows} rows");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// A sheet for a condition the plan does not have is an error, not an empty sheet.
#[test]
fn unknown_condition_is_refused() {
    let plan = catalog().plan("ecommerce-4-beijing").unwrap();
    let err = sheet(
        plan,
        "9",
        &Profile::default(),
        Date::new(2026, 11, 22).unwrap(),
    )
    .unwrap_err();
    assert_eq!(err.field, "condition");
    assert!(err.message_zh.contains("没有条件"), "{}", err.message_zh);
}

/// Every form box's label is on some sheet of its plan's conditions: a box
/// that no condition's sheet shows would be dead data.
#[test]
fn every_form_box_is_shown_for_some_condition() {
    let as_of = Date::new(2026, 11, 22).unwrap();
    for p in catalog().plans() {
        for f in p.forms.iter() {
            for b in f.boxes.iter() {
                let shown = p.conditions.iter().any(|c| {
                    sheet(p, &c.id, &Profile::default(), as_of).is_ok_and(|s| {
                        s.forms.iter().any(|sf| {
                            sf.name == *f.name && sf.boxes.iter().any(|x| x.label == *b.label)
                        })
                    })
                });
                assert!(
                    shown,
                    "plan {}: form {} box {} is never shown",
                    p.id, f.name, b.label
                );
            }
        }
    }
}

/// `engine::is_ready` reads the sheet: a candidate who meets the condition and
/// has every material ticked is not ready while the sheet finds the form
/// invalid (here two full-time jobs: which employer goes on the form?).
#[test]
fn a_form_the_sheet_calls_invalid_is_not_ready() {
    use precheck_core::engine::{evaluate, is_ready};
    let plan = catalog().plan("ecommerce-2-hebei").unwrap();
    let as_of = Date::new(2026, 11, 22).unwrap();
    let profile: Profile = serde_yaml::from_str(
        r#"
id_number: 11010519491231002X
phone: "13800138000"
certificates: [{occupation: 电子商务师, level: 3, issued: 2015-06-01}]
work:
  - {employer: 甲公司, occupation: 电子商务师, start: 2015-07-01}
  - {employer: 乙公司, occupation: 营销员, start: 2020-07-01}
"#,
    )
    .unwrap();
    let ev = evaluate(plan, &profile, as_of, Some("1"));
    assert!(ev.eligible && ev.problems.is_empty(), "{:?}", ev.problems);
    let s = sheet(plan, "1", &profile, as_of).unwrap();
    assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
    assert!(s.problems[0].message_zh.contains("没有标为兼职"));
    assert!(is_ready(&ev, None, 0, 0), "the engine alone finds nothing");
    assert!(!is_ready(&ev, Some(&s), 0, 0), "the sheet's problem counts");
    assert!(!is_ready(&ev, None, 1, 0) && !is_ready(&ev, None, 0, 1));
}
