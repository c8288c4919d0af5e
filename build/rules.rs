//! Bakes rules/ into OUT_DIR/rules.rs (the `static` behind `precheck_core::rules::catalog`).
//!
//! Reads rules/plans/*.toml (one file per organiser guide), rules/steps.toml
//! (the registration steps common to all guides) and rules/occupations.toml
//! (informal job titles), validates them and writes them as Rust source. Every
//! error names the file and the entry. The verbatim check compares the
//! guide's text under rules/guides/ with all whitespace removed, because the
//! text extraction broke lines in the middle of sentences.

#[path = "../src/rules/model.rs"]
#[allow(dead_code)]
mod model;

use model::*;
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

/// The blanks an `employer_opinion` wording may have, where the sample has XX.
const OPINION_BLANKS: [&str; 4] = ["{部门}", "{岗位}", "{年数}", "{条件}"];

/// An `employer_opinion` wording cut at its blanks: the sample's own words,
/// each checked verbatim against the guide (a stray `{…}` is an unknown blank).
fn opinion_pieces(t: &str) -> Vec<String> {
    let mut rest = t.to_string();
    for blank in OPINION_BLANKS {
        rest = rest.replace(blank, "\u{0}");
    }
    rest.split('\u{0}').map(str::to_string).collect()
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

const LEVEL_WORDS: [&str; 5] = ["一级", "二级", "三级", "四级", "五级"];

/// rules/ladder.toml: the 2023 规程's generic conditions. Levels 5…1 each
/// once, in that order; every route cites an item of its own level
/// (`三级（2）`, or `五级` for the single item), once; requirements checked
/// as a plan's are, except that 本职业或相关职业 needs no related list (the
/// template has none: only the occupation itself counts).
fn load_ladder(root: &Path, errors: &mut Vec<String>) -> Ladder {
    let empty = Ladder {
        source_zh: Text::from(""),
        source_en: Text::from(""),
        label_zh: Text::from(""),
        label_en: Text::from(""),
        levels: Vec::new().into(),
    };
    let Some(file) = read(&root.join("ladder.toml"), errors)
        .and_then(|t| parse::<LadderFile>("ladder.toml", &t, errors))
    else {
        return empty;
    };
    let order: Vec<u8> = file.level.iter().map(|l| l.level).collect();
    if order != [5, 4, 3, 2, 1] {
        errors.push(format!(
            "rules/ladder.toml: levels must be 5, 4, 3, 2, 1, each once (found {order:?})"
        ));
    }
    for (what, t) in [
        ("source_zh", &file.source_zh),
        ("source_en", &file.source_en),
        ("label_zh", &file.label_zh),
        ("label_en", &file.label_en),
    ] {
        if t.trim().is_empty() {
            errors.push(format!("rules/ladder.toml: {what} is empty"));
        }
    }
    let mut levels = Vec::new();
    for l in file.level {
        let at = format!("rules/ladder.toml: level {}", l.level);
        let Some(word) = l
            .level
            .checked_sub(1)
            .and_then(|i| LEVEL_WORDS.get(usize::from(i)))
        else {
            errors.push(format!("{at}: level is not 1–5"));
            continue;
        };
        if l.route.is_empty() {
            errors.push(format!("{at}: no routes"));
        }
        let mut items = BTreeSet::new();
        for r in &l.route {
            let rat = format!("{at}: route \"{}\"", r.item);
            let cites_own_level = r.item == *word
                || r.item.strip_prefix(word).is_some_and(|rest| {
                    rest.strip_prefix('（')
                        .and_then(|n| n.strip_suffix('）'))
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                });
            if !cites_own_level {
                errors.push(format!(
                    "{rat}: item must cite this level's 规程 item, e.g. \"{word}（1）\""
                ));
            }
            if !items.insert(r.item.clone()) {
                errors.push(format!("{rat}: item cited twice"));
            }
            if r.text_zh.trim().is_empty() || r.text_en.trim().is_empty() {
                errors.push(format!("{rat}: text_zh and text_en are required"));
            }
            if r.requires.is_empty() {
                errors.push(format!("{rat}: requires is empty"));
            }
            for q in r.requires.iter() {
                check_req(&rat, q, true, &[], errors);
            }
        }
        levels.push(LadderLevel {
            level: l.level,
            routes: l.route.into(),
            not_encoded: texts(&l.not_encoded),
        });
    }
    Ladder {
        source_zh: file.source_zh.into(),
        source_en: file.source_en.into(),
        label_zh: file.label_zh.into(),
        label_en: file.label_en.into(),
        levels: levels.into(),
    }
}

fn bake_file(
    fname: &str,
    file: GuideFile,
    guide: &str,
    steps: &[Step],
    plans: &mut Vec<Plan>,
    errors: &mut Vec<String>,
) {
    let gfile = file.guide.file.clone();
    let mut missing = Vec::new();
    let mut verbatim = |what: String, text: &str| {
        if bare(text).is_empty() || !guide.contains(&bare(text)) {
            missing.push(format!(
                "rules/{fname}: {what}: text not found verbatim in rules/guides/{gfile}: «{text}»"
            ));
        }
    };
    for (key, l) in &file.lists {
        for it in &l.items {
            verbatim(format!("list \"{key}\" item"), it);
        }
    }
    for (key, l) in &file.lists {
        if l.items.is_empty() {
            errors.push(format!("rules/{fname}: list \"{key}\": no items"));
        }
    }
    for (key, m) in &file.materials {
        verbatim(
            format!("material \"{key}\" name"),
            m.guide_name.as_deref().unwrap_or(&m.name),
        );
    }
    for c in &file.conditions {
        verbatim(format!("condition \"{}\"", c.id), &c.text);
    }
    for n in &file.notes {
        verbatim(format!("note \"{}\"", n.id), &n.text);
    }
    for a in &file.ambiguities {
        for q in &a.quotes {
            verbatim(format!("ambiguity \"{}\" quote", a.id), q);
        }
    }
    for f in &file.forms {
        let at = format!("form \"{}\"", f.material);
        verbatim(format!("{at} name"), &f.name);
        for r in f.rules.iter().chain(&f.unrelated_blank) {
            verbatim(format!("{at} rule"), r);
        }
        for b in &f.boxes {
            let bat = format!("{at} box \"{}\"", b.label);
            verbatim(format!("{bat} label"), &b.label);
            if let Some(r) = &b.rule {
                verbatim(format!("{bat} rule"), r);
            }
            match (b.fill, &b.text) {
                (Fill::Text, Some(t)) => verbatim(format!("{bat} text"), t),
                (Fill::EmployerOpinion, Some(t)) => {
                    for piece in opinion_pieces(t).iter().filter(|p| !bare(p).is_empty()) {
                        verbatim(format!("{bat} text"), piece);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(m) = &file.mailing {
        verbatim("mailing rule".into(), &m.rule);
        verbatim("mailing address".into(), &m.address);
    }
    for p in &file.plans {
        for x in &p.excluded {
            verbatim(format!("plan \"{}\" exclusion quote", p.id), &x.quote);
        }
    }
    errors.append(&mut missing);
    for sn in &file.step_notes {
        if !steps.iter().any(|s| s.n == sn.step) {
            errors.push(format!(
                "rules/{fname}: step_note for step {}: no such step",
                sn.step
            ));
        }
        if let Some(c) = &sn.condition {
            if !file.conditions.iter().any(|x| &x.id == c) {
                errors.push(format!(
                    "rules/{fname}: step_note for step {}: no condition \"{c}\"",
                    sn.step
                ));
            }
        }
    }
    let plan_ids: BTreeSet<&str> = file.plans.iter().map(|p| p.id.as_str()).collect();
    for c in &file.conditions {
        for p in &c.plans {
            if !plan_ids.contains(p.as_str()) {
                errors.push(format!(
                    "rules/{fname}: condition \"{}\": unknown plan \"{p}\"",
                    c.id
                ));
            }
        }
    }
    for a in &file.ambiguities {
        for p in &a.plans {
            if !plan_ids.contains(p.as_str()) {
                errors.push(format!(
                    "rules/{fname}: ambiguity \"{}\": unknown plan \"{p}\"",
                    a.id
                ));
            }
        }
    }

    let forms = check_forms(fname, &file, errors);

    let list = |id: &str, what: &str, errors: &mut Vec<String>| -> Option<OccupationList> {
        match file.lists.get(id) {
            Some(l) => Some(OccupationList {
                id: id.to_string().into(),
                name_zh: l.name_zh.clone().into(),
                name_en: l.name_en.clone().into(),
                section: l.section.clone().into(),
                items: texts(&l.items),
                expanded: texts(&l.expanded),
                open_ended: l.open_ended,
            }),
            None => {
                errors.push(format!("rules/{fname}: {what}: no list \"{id}\""));
                None
            }
        }
    };

    for p in &file.plans {
        let at = format!("rules/{fname}: plan \"{}\"", p.id);
        if p.id.is_empty()
            || !p
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.push(format!("{at}: id must be lower-case ascii, digits and '-'"));
        }
        if !(1..=5).contains(&p.level) {
            errors.push(format!("{at}: level {} is not 1–5", p.level));
        }
        let own = list(&p.own, &format!("plan \"{}\" own", p.id), errors);
        let related = p
            .related
            .as_deref()
            .and_then(|r| list(r, &format!("plan \"{}\" related", p.id), errors));
        let majors: Vec<NameList> = p
            .majors
            .iter()
            .filter_map(|m| list(m, &format!("plan \"{}\" majors", p.id), errors))
            .map(|l| NameList {
                id: l.id,
                name_zh: l.name_zh,
                name_en: l.name_en,
                section: l.section,
                items: l.items,
                open_ended: l.open_ended,
            })
            .collect();
        let mut conditions = Vec::new();
        for c in file
            .conditions
            .iter()
            .filter(|c| c.plans.is_empty() || c.plans.contains(&p.id))
        {
            let cat = format!("{at}: condition \"{}\"", c.id);
            if c.id != (conditions.len() + 1).to_string() {
                errors.push(format!(
                    "{cat}: ids must be \"1\", \"2\", … in the guide's order"
                ));
            }
            if c.requires.is_empty() {
                errors.push(format!("{cat}: requires is empty"));
            }
            for r in &c.requires {
                check_req(&cat, r, p.related.is_some(), &majors, errors);
            }
            let mut materials = Vec::new();
            for key in &c.materials {
                match file.materials.get(key) {
                    Some(m) => materials.push(Material {
                        key: key.clone().into(),
                        name: m.name.clone().into(),
                        guide_name: m.guide_name.clone().map(Text::from),
                        uploads: m.uploads.clone().into(),
                        prep: m.prep.clone().into(),
                        how_zh: m.how_zh.clone().into(),
                        how_en: m.how_en.clone().into(),
                    }),
                    None => errors.push(format!("{cat}: no material \"{key}\"")),
                }
            }
            if materials.is_empty() {
                errors.push(format!("{cat}: no materials"));
            }
            conditions.push(Condition {
                id: c.id.clone().into(),
                text: squash(&c.text).into(),
                text_en: c.text_en.clone().into(),
                section: c.section.clone().into(),
                requires: c.requires.clone().into(),
                materials: materials.into(),
            });
        }
        if conditions.is_empty() {
            errors.push(format!("{at}: no conditions"));
        }
        let ambiguities = file
            .ambiguities
            .iter()
            .filter(|a| a.plans.is_empty() || a.plans.contains(&p.id))
            .map(|a| {
                if let Some(c) = &a.condition {
                    if !conditions.iter().any(|x| &x.id == c) {
                        errors.push(format!(
                            "{at}: ambiguity \"{}\": no condition \"{c}\"",
                            a.id
                        ));
                    }
                }
                Ambiguity {
                    id: a.id.clone().into(),
                    condition: a.condition.clone().map(Text::from),
                    text_zh: a.text_zh.clone().into(),
                    text_en: a.text_en.clone().into(),
                    quotes: a.quotes.iter().map(|q| Text::from(squash(q))).collect(),
                }
            })
            .collect();
        let plan_steps = steps
            .iter()
            .map(|s| {
                let mut s = s.clone();
                if let Some(n) = file.step_notes.iter().find(|n| n.step == s.n) {
                    s.note_zh = Some(n.note_zh.clone().into());
                    s.note_en = Some(n.note_en.clone().into());
                    s.note_condition = n.condition.clone().map(Text::from);
                } else if file.step_notes.is_empty() && s.n == 1 {
                    s.note_zh = Some(NO_PROCEDURE_ZH.into());
                    s.note_en = Some(NO_PROCEDURE_EN.into());
                }
                s
            })
            .collect();
        let (Some(own), related) = (own, related) else {
            continue;
        };
        plans.push(Plan {
            id: p.id.clone().into(),
            occupation: p.occupation.clone().into(),
            work_type: p.work_type.clone().map(Text::from),
            level: p.level,
            level_name: p.level_name.clone().into(),
            title_zh: p.title_zh.clone().into(),
            title_en: p.title_en.clone().into(),
            region: file.guide.region.clone().map(Text::from),
            source: Source {
                file: file.guide.file.clone().into(),
                title: file.guide.title.clone().into(),
                title_missing: file.guide.title_missing,
                organiser: file.guide.organiser.clone().into(),
            },
            standard_zh: file.guide.standard_zh.clone().into(),
            standard_en: file.guide.standard_en.clone().into(),
            own,
            related,
            excluded: p.excluded.clone().into(),
            majors: majors.into(),
            conditions: conditions.into(),
            notes: file
                .notes
                .iter()
                .map(|n| Note {
                    text: squash(&n.text).into(),
                    ..n.clone()
                })
                .collect(),
            ambiguities,
            steps: plan_steps,
            mailing: file.mailing.clone().map(|m| Mailing {
                rule: squash(&m.rule).into(),
                ..m
            }),
            forms: forms.clone().into(),
        });
    }
}

fn check_req(
    at: &str,
    r: &Requirement,
    has_related: bool,
    majors: &[NameList],
    errors: &mut Vec<String>,
) {
    let level_ok = |l: u8, errors: &mut Vec<String>| {
        if !(1..=5).contains(&l) {
            errors.push(format!("{at}: level {l} is not 1–5"));
        }
    };
    let needs_related = |s: Scope, errors: &mut Vec<String>| {
        if s == Scope::OwnOrRelated && !has_related {
            errors.push(format!(
                "{at}: scope own_or_related but the plan has no related list"
            ));
        }
    };
    match r {
        Requirement::Work(w) => {
            if w.years == 0 {
                errors.push(format!("{at}: work years must be > 0"));
            }
            needs_related(w.scope, errors);
            match &w.after {
                Some(Anchor::Certificate { level }) => level_ok(*level, errors),
                Some(Anchor::Title { rank }) if !RANKS.contains(&&**rank) => errors.push(format!(
                    "{at}: title rank \"{rank}\" is not one of {RANKS:?}"
                )),
                _ => {}
            }
        }
        Requirement::Certificate(c) => {
            level_ok(c.level, errors);
            needs_related(c.scope, errors);
        }
        Requirement::Title(t) => {
            if !RANKS.contains(&&*t.rank) {
                errors.push(format!(
                    "{at}: title rank \"{}\" is not one of {RANKS:?}",
                    t.rank
                ));
            }
        }
        Requirement::Education(e) => {
            if e.options.is_empty() {
                errors.push(format!("{at}: education has no options"));
            }
            for o in e.options.iter() {
                for s in o.schools.iter().chain(o.unclear_schools.iter()) {
                    if !SCHOOLS.contains(&&**s) {
                        errors.push(format!("{at}: school \"{s}\" is not one of {SCHOOLS:?}"));
                    }
                }
                for c in o.classes.iter() {
                    if !CLASSES.contains(&&**c) {
                        errors.push(format!("{at}: class \"{c}\" is not one of {CLASSES:?}"));
                    }
                }
                if o.majors_unlisted && o.majors.is_some() {
                    errors.push(format!(
                        "{at}: majors_unlisted and a major list exclude each other"
                    ));
                }
                if let Some(m) = &o.majors {
                    if !majors.iter().any(|l| &l.id == m) {
                        errors.push(format!(
                            "{at}: major list \"{m}\" is not in the plan's majors"
                        ));
                    }
                }
            }
        }
        Requirement::Age(a) => {
            if a.years == 0 {
                errors.push(format!("{at}: age years must be > 0"));
            }
        }
        Requirement::Training(t) => {
            if t.occupations.is_empty() {
                errors.push(format!("{at}: training occupations is empty"));
            }
            if let Some(l) = t.level {
                level_ok(l, errors);
            }
        }
    }
}

/// Checks a guide file's `[[form]]` tables (what the verbatim check cannot
/// see) and turns them into the model's [`Form`]s.
/// The sentences a fill-in sheet quotes to the candidate (a form's rules, the
/// unrelated-boxes rule, a box's rule) are whole: they end with a sentence
/// mark, or where the guide's own paragraph ends. A quote cut mid-sentence
/// (「…所有内容需」) reads as a rule the guide never gave.
fn check_whole_sentences(fname: &str, file: &GuideFile, guide: &str, errors: &mut Vec<String>) {
    let line_ends: Vec<String> = guide.lines().map(bare).collect();
    for f in &file.forms {
        let boxes = f.boxes.iter().filter_map(|b| b.rule.as_ref());
        for r in f.rules.iter().chain(&f.unrelated_blank).chain(boxes) {
            let r = bare(r);
            let marked = r.ends_with(['。', '；', '！', '？', '）', ')']);
            let ends_paragraph = line_ends.iter().any(|l| !r.is_empty() && l.ends_with(&r));
            if !marked && !ends_paragraph {
                errors.push(format!(
                    "rules/{fname}: form \"{}\": «{r}» stops mid-sentence: quote the guide's whole sentence (up to its 。；！？ or the end of its paragraph); write a lost word as 〔缺字〕 · 规则引文不完整：请引用指南的整句",
                    f.material
                ));
            }
        }
    }
}

fn check_forms(fname: &str, file: &GuideFile, errors: &mut Vec<String>) -> Vec<Form> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for f in &file.forms {
        let at = format!("rules/{fname}: form \"{}\"", f.material);
        if !file.materials.contains_key(&f.material) {
            errors.push(format!(
                "{at}: no material \"{}\" (material = the key in [materials.…])",
                f.material
            ));
        } else if !file
            .conditions
            .iter()
            .any(|c| c.materials.contains(&f.material))
        {
            errors.push(format!("{at}: no condition lists this material"));
        }
        if !seen.insert(f.material.as_str()) {
            errors.push(format!("{at}: a second form for the same material"));
        }
        if f.boxes.is_empty() {
            errors.push(format!("{at}: no boxes"));
        }
        let mut boxes = Vec::new();
        for b in &f.boxes {
            let bat = format!("{at}: box \"{}\"", b.label);
            for c in &b.conditions {
                if !file.conditions.iter().any(|x| &x.id == c) {
                    errors.push(format!("{bat}: no condition \"{c}\""));
                }
            }
            for s in &b.schools {
                if !SCHOOL_TYPE_NAMES.contains(&s.as_str()) {
                    errors.push(format!(
                        "{bat}: school \"{s}\" is not one of {}",
                        SCHOOL_TYPE_NAMES.join("、")
                    ));
                }
            }
            let needs_text = matches!(b.fill, Fill::Text | Fill::EmployerOpinion);
            if needs_text != b.text.is_some() {
                errors.push(format!(
                    "{bat}: text is for fill = \"text\" and \"employer_opinion\" only, and they need it"
                ));
            }
            if let (Fill::EmployerOpinion, Some(t)) = (b.fill, &b.text) {
                if opinion_pieces(t).iter().any(|p| p.contains(['{', '}'])) {
                    errors.push(format!(
                        "{bat}: the only blanks are {}",
                        OPINION_BLANKS.join(" ")
                    ));
                }
            }
            if b.fill == Fill::Candidate && b.hint_zh.is_none() {
                errors.push(format!(
                    "{bat}: fill = \"candidate\" needs hint_zh (what to write)"
                ));
            }
            if b.hint_zh.is_some() != b.hint_en.is_some() {
                errors.push(format!("{bat}: hint_zh and hint_en go together"));
            }
            if b.list_names && (b.fill != Fill::WorkHistory || b.rule.is_none()) {
                errors.push(format!(
                    "{bat}: list_names is for a work_history box whose rule (the guide's sentence) says the form must carry the list names"
                ));
            }
            boxes.push(FormBox {
                label: b.label.clone().into(),
                fill: b.fill,
                conditions: texts(&b.conditions),
                schools: texts(&b.schools),
                text: b.text.as_deref().map(|t| Text::from(squash(t))),
                hint_zh: b.hint_zh.clone().map(Text::from),
                hint_en: b.hint_en.clone().map(Text::from),
                rule: b.rule.as_deref().map(|r| Text::from(squash(r))),
                list_names: b.list_names,
                source: b.source.clone().into(),
            });
        }
        out.push(Form {
            material: f.material.clone().into(),
            name: f.name.clone().into(),
            section: f.section.clone().into(),
            complete: f.complete,
            rules: f.rules.iter().map(|r| Text::from(squash(r))).collect(),
            unrelated_blank: f.unrelated_blank.as_deref().map(|r| Text::from(squash(r))),
            boxes: boxes.into(),
        });
    }
    out
}
