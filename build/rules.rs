//! Bakes rules/ into OUT_DIR/rules.rs (the `static` behind `precheck_core::rules::catalog`).
//!
//! Reads rules/plans/*.toml (one file per organiser guide), rules/steps.toml
//! (the registration steps common to all guides) and rules/occupations.toml
//! (informal job titles), validates them and writes them as Rust source. Every
//! error names the file and the entry. The verbatim check compares the
//! guide's text under rules/guides/ with all whitespace removed, because the
//! text extraction broke lines in the middle of sentences.
//!
//! Here: the TOML shapes (`*Src`, `*File`), reading and baking. By what each
//! part checks: `plan.rs` (one guide's plan file), `requirements.rs` (a
//! condition's requirements), `forms.rs` (the `[[form]]` tables), `ladder.rs`
//! (the template levels).

#[path = "../src/rules/model.rs"]
#[allow(dead_code)]
mod model;

use model::*;

// build.rs reaches this file by `#[path]`, so its rooms are named by path too.
#[path = "rules/forms.rs"]
mod forms;
#[path = "rules/ladder.rs"]
mod ladder;
#[path = "rules/plan.rs"]
mod plan;
#[path = "rules/requirements.rs"]
mod requirements;

use forms::{check_forms, check_whole_sentences, opinion_pieces};
use ladder::load_ladder;
use plan::bake_file;
use requirements::check_req;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuideFile {
    guide: GuideSrc,
    #[serde(default)]
    lists: BTreeMap<String, ListSrc>,
    #[serde(default)]
    materials: BTreeMap<String, MaterialSrc>,
    #[serde(default, rename = "condition")]
    conditions: Vec<ConditionSrc>,
    #[serde(default, rename = "note")]
    notes: Vec<Note>,
    #[serde(default, rename = "ambiguity")]
    ambiguities: Vec<AmbiguitySrc>,
    #[serde(default, rename = "step_note")]
    step_notes: Vec<StepNote>,
    #[serde(default)]
    mailing: Option<Mailing>,
    #[serde(rename = "plan")]
    plans: Vec<PlanSrc>,
    #[serde(default, rename = "form")]
    forms: Vec<FormSrc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FormSrc {
    material: String,
    name: String,
    section: String,
    #[serde(default)]
    complete: bool,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    unrelated_blank: Option<String>,
    #[serde(rename = "box")]
    boxes: Vec<BoxSrc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoxSrc {
    label: String,
    fill: Fill,
    #[serde(default)]
    conditions: Vec<String>,
    #[serde(default)]
    schools: Vec<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    hint_zh: Option<String>,
    #[serde(default)]
    hint_en: Option<String>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    list_names: bool,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuideSrc {
    file: String,
    title: String,
    #[serde(default)]
    title_missing: bool,
    organiser: String,
    #[serde(default)]
    region: Option<String>,
    standard_zh: String,
    standard_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListSrc {
    name_zh: String,
    name_en: String,
    section: String,
    items: Vec<String>,
    #[serde(default)]
    expanded: Vec<String>,
    #[serde(default)]
    open_ended: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MaterialSrc {
    name: String,
    name_en: String,
    #[serde(default)]
    guide_name: Option<String>,
    #[serde(default)]
    uploads: Vec<Upload>,
    #[serde(default)]
    prep: Vec<Prep>,
    how_zh: String,
    how_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionSrc {
    id: String,
    text: String,
    text_en: String,
    section: String,
    requires: Vec<Requirement>,
    materials: Vec<String>,
    /// Plans of this guide the condition belongs to; empty = all.
    #[serde(default)]
    plans: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmbiguitySrc {
    id: String,
    #[serde(default)]
    condition: Option<String>,
    text_zh: String,
    text_en: String,
    #[serde(default)]
    quotes: Vec<String>,
    #[serde(default)]
    plans: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepNote {
    step: u8,
    /// The condition the note is about, if only one.
    #[serde(default)]
    condition: Option<String>,
    note_zh: String,
    note_en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanSrc {
    id: String,
    occupation: String,
    #[serde(default)]
    work_type: Option<String>,
    level: u8,
    level_name: String,
    title_zh: String,
    title_en: String,
    own: String,
    #[serde(default)]
    related: Option<String>,
    #[serde(default)]
    excluded: Vec<Exclusion>,
    #[serde(default)]
    majors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepsFile {
    step: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LadderFile {
    source_zh: String,
    source_en: String,
    label_zh: String,
    label_en: String,
    level: Vec<LadderLevelSrc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LadderLevelSrc {
    level: u8,
    #[serde(default)]
    not_encoded: Vec<String>,
    route: Vec<Route>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OccupationsFile {
    informal: Vec<InformalTitle>,
}

const SCHOOLS: &[&str] = &SCHOOL_TYPE_NAMES;
const CLASSES: &[&str] = &["预备技师班", "技师班"];
const RANKS: &[&str] = &["初级", "中级"];

/// Step 1's note for a guide without `[[step_note]]`: it gave no 报名流程 of
/// its own, so the candidate sees the common steps, said to be common.
const NO_PROCEDURE_ZH: &str = "本指南未写报名流程，以下为通用步骤，以评价机构通知为准";
const NO_PROCEDURE_EN: &str =
    "This guide describes no registration procedure: these are the common steps; the organiser's notice decides.";

/// Owned strings from TOML as the model's list of texts.
fn texts(v: &[String]) -> List<Text> {
    v.iter().cloned().map(Text::from).collect()
}

/// Marks a word lost in the extraction (red highlighted text); shown to the
/// candidate, ignored by the verbatim check.
const GAP: &str = "〔缺字〕";

/// Removes every whitespace character (the extraction broke lines and put
/// spaces between characters). The stored text keeps [`GAP`] markers.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What the verbatim check compares: `squash` without the gap markers.
fn bare(s: &str) -> String {
    squash(s).replace(GAP, "")
}

pub fn bake(out_dir: &Path, errors: &mut Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let catalog = load(&root, errors);
    match crate::rust_literal::to_rust(&catalog) {
        Ok(source) => std::fs::write(out_dir.join("rules.rs"), source).expect("write rules.rs"),
        Err(e) => errors.push(format!("rules/: cannot write the catalog as Rust: {e}")),
    }
    let briefs = Briefs {
        plans: catalog.plans.iter().map(Plan::brief).collect(),
    };
    match crate::rust_literal::to_rust(&briefs) {
        Ok(source) => std::fs::write(out_dir.join("briefs.rs"), source).expect("write briefs.rs"),
        Err(e) => errors.push(format!("rules/: cannot write the plan briefs as Rust: {e}")),
    }
}

fn read(path: &Path, errors: &mut Vec<String>) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(format!("{}: cannot read: {e}", path.display()));
            None
        }
    }
}

fn parse<T: for<'de> Deserialize<'de>>(
    name: &str,
    text: &str,
    errors: &mut Vec<String>,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(format!("rules/{name}: {e}"));
            None
        }
    }
}

/// A step's own part (`shows`) comes with what it shows, once per file: the
/// site's address and the identity to choose also appear in the step's text.
fn check_step_part(s: &Step, steps: &[Step], errors: &mut Vec<String>) {
    let at = |what: &str| format!("rules/steps.toml: step {}: {what}", s.n);
    let Some(part) = s.shows else {
        if s.site.is_some() || s.choose.is_some() || !s.statuses.is_empty() {
            errors.push(at("site, choose and statuses go with shows"));
        }
        return;
    };
    if steps.iter().filter(|o| o.shows == Some(part)).count() > 1 {
        errors.push(at(&format!("shows {part:?} on more than one step")));
    }
    let in_text = |v: &Option<Text>, name: &str, errors: &mut Vec<String>| match v {
        Some(v) if s.text_zh.contains(&**v) => {}
        Some(v) => errors.push(at(&format!("{name} \"{v}\" is not in text_zh"))),
        None => errors.push(at(&format!("shows {part:?} needs {name}"))),
    };
    match part {
        StepPart::Site => in_text(&s.site, "site", errors),
        StepPart::Identity => in_text(&s.choose, "choose", errors),
        StepPart::Statuses if s.statuses.is_empty() => {
            errors.push(at("shows statuses needs [[step.statuses]]"))
        }
        _ => {}
    }
}

/// Reads and validates everything under `root` (rules/). Public so that a
/// test could call it; errors are pushed, never panicked.
pub fn load(root: &Path, errors: &mut Vec<String>) -> Catalog {
    let steps: Vec<Step> = read(&root.join("steps.toml"), errors)
        .and_then(|t| parse::<StepsFile>("steps.toml", &t, errors))
        .map(|f| f.step)
        .unwrap_or_default();
    for (i, s) in steps.iter().enumerate() {
        if usize::from(s.n) != i + 1 {
            errors.push(format!(
                "rules/steps.toml: step {}: steps must be numbered 1, 2, … in order",
                s.n
            ));
        }
        check_step_part(s, &steps, errors);
    }
    let mut plans: Vec<Plan> = Vec::new();
    let mut guides_used = BTreeSet::new();
    let dir = root.join("plans");
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(format!("rules/plans: {e}"));
            Vec::new()
        }
    };
    files.sort();
    // A plan file that cannot be read may be the one that uses a guide.
    let mut unreadable_plan_file = false;
    for path in files {
        let fname = format!("plans/{}", path.file_name().unwrap().to_string_lossy());
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            errors.push(format!(
                "rules/{fname}: only .toml files belong in rules/plans"
            ));
            continue;
        }
        let Some(text) = read(&path, errors) else {
            continue;
        };
        let Some(file) = parse::<GuideFile>(&fname, &text, errors) else {
            unreadable_plan_file = true;
            continue;
        };
        guides_used.insert(file.guide.file.clone());
        let Some(guide_text) = read(&root.join("guides").join(&file.guide.file), errors) else {
            continue;
        };
        let guide = squash(&guide_text);
        check_whole_sentences(&fname, &file, &guide_text, errors);
        bake_file(&fname, file, &guide, &steps, &mut plans, errors);
    }
    if let Ok(rd) = std::fs::read_dir(root.join("guides")) {
        for e in rd.flatten().filter(|_| !unreadable_plan_file) {
            let n = e.file_name().to_string_lossy().into_owned();
            if !guides_used.contains(&n) {
                errors.push(format!("rules/guides/{n}: no plan file uses this guide"));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for p in &plans {
        if !seen.insert(p.id.clone()) {
            errors.push(format!("plan \"{}\": id used twice", p.id));
        }
    }
    let informal: Vec<InformalTitle> = read(&root.join("occupations.toml"), errors)
        .and_then(|t| parse::<OccupationsFile>("occupations.toml", &t, errors))
        .map(|f| f.informal)
        .unwrap_or_default();
    let known: BTreeSet<&str> = plans
        .iter()
        .flat_map(|p| {
            p.own
                .items
                .iter()
                .chain(p.related.iter().flat_map(|r| r.items.iter()))
        })
        .map(|s| &**s)
        .collect();
    for t in &informal {
        if t.suggest.is_empty() {
            errors.push(format!(
                "rules/occupations.toml: informal \"{}\": suggest is empty",
                t.term
            ));
        }
        for s in t.suggest.iter() {
            if !known.contains(&**s) {
                errors.push(format!(
                    "rules/occupations.toml: informal \"{}\": \"{s}\" is in no plan's 本职业/相关职业 list",
                    t.term
                ));
            }
        }
    }
    let ladder = load_ladder(root, errors);
    Catalog {
        plans: plans.into(),
        informal: informal.into(),
        ladder,
    }
}
