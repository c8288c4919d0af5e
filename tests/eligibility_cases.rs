//! Data-driven eligibility tests (OpenFisca style): every file under
//! tests/cases/ is a case table for one plan; each row is a profile, an as-of
//! date and the expected verdicts. Plus two tidy tests:
//! * coverage: every condition of every plan has a met, a not_met and a
//!   needs_info row; conditions that count years have boundary rows (day
//!   before, day of) and work conditions an overlap row; every material of
//!   every condition is listed by some row;
//! * verbatim: every condition text, material name, note, list item and
//!   quote in rules/ appears in its guide text (whitespace removed, because
//!   the extraction broke lines), and the copies in rules/guides/ equal the
//!   shared seeds when those are present.

use precheck_core::date::Date;
use precheck_core::engine::{evaluate, Status};
use precheck_core::profile::Profile;
use precheck_core::rules::{catalog, Plan, Requirement};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    plan: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    kind: String,
    #[serde(default)]
    target: Option<String>,
    as_of: Date,
    #[serde(default)]
    condition: Option<String>,
    profile: Profile,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    status: BTreeMap<String, Status>,
    #[serde(default)]
    earliest: BTreeMap<String, Option<Date>>,
    #[serde(default)]
    materials: Option<Vec<String>>,
    #[serde(default)]
    eligible: Option<bool>,
    #[serde(default)]
    problems: Vec<String>,
    #[serde(default)]
    contains: BTreeMap<String, Vec<String>>,
}

const KINDS: &[&str] = &[
    "met",
    "not_met",
    "needs_info",
    "boundary_before",
    "boundary_day",
    "overlap",
    "form",
    "other",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn case_files() -> Vec<(String, CaseFile)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root().join("tests/cases"))
        .expect("tests/cases")
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&p).unwrap();
        let f: CaseFile =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("tests/cases/{name}: {e}"));
        assert_eq!(
            format!("{}.yaml", f.plan),
            name,
            "tests/cases/{name}: the file is named after its plan"
        );
        out.push((name, f));
    }
    out
}

/// What the rows exercised: (plan, condition) → statuses and kinds; (plan, condition, material).
#[derive(Default)]
struct Seen {
    statuses: BTreeSet<(String, String, Status)>,
    kinds: BTreeSet<(String, String, String)>,
    materials: BTreeSet<(String, String, String)>,
}

fn run_case(plan: &Plan, c: &Case, seen: &mut Seen) -> Vec<String> {
    let mut fails = Vec::new();
    let ev = evaluate(plan, &c.profile, c.as_of, c.condition.as_deref());
    let outcome = |id: &str| ev.conditions.iter().find(|o| o.id == id);
    if !KINDS.contains(&c.kind.as_str()) {
        fails.push(format!("unknown kind {}", c.kind));
    }
    if let Some(t) = &c.target {
        if plan.condition(t).is_none() {
            fails.push(format!("target {t} is not a condition"));
        }
        if row_shape(plan, c).is_empty() {
            seen.kinds
                .insert((plan.id.to_string(), t.clone(), c.kind.clone()));
        }
    }
    for (id, want) in &c.expect.status {
        match outcome(id) {
            None => fails.push(format!("no condition {id}")),
            Some(o) if o.status != *want => fails.push(format!(
                "condition {id}: status {:?}, expected {want:?} — {}",
                o.status, o.explanation_zh
            )),
            Some(_) => {
                seen.statuses
                    .insert((plan.id.to_string(), id.clone(), *want));
            }
        }
    }
    for (id, want) in &c.expect.earliest {
        match outcome(id) {
            None => fails.push(format!("earliest: no condition {id}")),
            Some(o) if o.earliest != *want => fails.push(format!(
                "condition {id}: earliest {:?}, expected {want:?} — {}",
                o.earliest, o.explanation_zh
            )),
            Some(_) => {}
        }
    }
    for (id, subs) in &c.expect.contains {
        match outcome(id) {
            None => fails.push(format!("contains: no condition {id}")),
            Some(o) => {
                for s in subs {
                    if !o.explanation_zh.contains(s.as_str()) {
                        fails.push(format!(
                            "condition {id}: explanation lacks «{s}»: {}",
                            o.explanation_zh
                        ));
                    }
                }
            }
        }
    }
    fails.extend(row_shape(plan, c));
    for o in &ev.conditions {
        if o.status == Status::Met && o.earliest.is_some() {
            fails.push(format!("condition {}: met but has an earliest date", o.id));
        }
        if o.quote != plan.condition(&o.id).unwrap().text {
            fails.push(format!(
                "condition {}: quote is not the guide's sentence",
                o.id
            ));
        }
    }
    if let Some(want) = c.expect.eligible {
        if ev.eligible != want {
            fails.push(format!("eligible {}, expected {want}", ev.eligible));
        }
    }
    if let Some(want) = &c.expect.materials {
        let got: Vec<&str> = ev.materials.iter().map(|m| m.name.as_str()).collect();
        if got != want.iter().map(String::as_str).collect::<Vec<_>>() {
            fails.push(format!("materials {got:?}, expected {want:?}"));
        } else if let Some(cid) = &ev.materials_for {
            for m in want {
                seen.materials
                    .insert((plan.id.to_string(), cid.clone(), m.clone()));
            }
        }
    }
    let got: BTreeSet<&str> = ev.problems.iter().map(|p| p.field.as_str()).collect();
    let want: BTreeSet<&str> = c.expect.problems.iter().map(String::as_str).collect();
    if got != want {
        let msgs: Vec<String> = ev
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message_zh))
            .collect();
        fails.push(format!("problems {got:?}, expected {want:?} ({msgs:?})"));
    }
    fails
}

/// What a row of a kind must show to prove its point: a `boundary_before`
/// row expects its target not met with the earliest date; an `overlap` row
/// has two jobs that count for its target and overlap in time, and asserts
/// the merged figure (`contains`).
fn row_shape(plan: &Plan, c: &Case) -> Vec<String> {
    let mut fails = Vec::new();
    let needs_target = ["boundary_before", "boundary_day", "overlap"];
    let Some(t) = &c.target else {
        if needs_target.contains(&c.kind.as_str()) {
            fails.push(format!("a {} row needs a target", c.kind));
        }
        return fails;
    };
    if c.kind == "boundary_before" {
        let not_met = c.expect.status.get(t) == Some(&Status::NotMet);
        let dated = matches!(c.expect.earliest.get(t), Some(Some(_)));
        if !(not_met && dated) {
            fails.push(format!(
                "a boundary_before row must expect condition {t} not_met with an earliest date"
            ));
        }
    }
    if c.kind == "overlap" {
        let Some(cond) = plan.condition(t) else {
            return fails;
        };
        let related = cond.requires.iter().any(
            |r| matches!(r, Requirement::Work(w) if w.scope == precheck_core::rules::Scope::OwnOrRelated),
        );
        let accepted: Vec<&str> = if related {
            plan.accepted_occupations()
        } else {
            std::iter::once(&*plan.occupation)
                .chain(plan.own.items.iter().map(|s| &**s))
                .collect()
        };
        let jobs: Vec<(Date, Date)> = c
            .profile
            .work
            .iter()
            .filter(|w| {
                w.occupation
                    .as_deref()
                    .is_some_and(|o| accepted.contains(&precheck_core::engine::base_name(o)))
            })
            .filter_map(|w| Some((w.start?, w.end.unwrap_or(c.as_of))))
            .collect();
        let overlapping = jobs
            .iter()
            .enumerate()
            .any(|(i, a)| jobs[i + 1..].iter().any(|b| a.0 <= b.1 && b.0 <= a.1));
        if !overlapping {
            fails.push(format!(
                "an overlap row needs two jobs that count for condition {t} and overlap in time"
            ));
        }
        if c.expect.contains.get(t).is_none_or(|v| v.is_empty()) {
            fails.push(format!(
                "an overlap row must assert the merged figure: contains {{\"{t}\": [\"…\"]}}"
            ));
        }
    }
    fails
}

fn run_all() -> (Seen, Vec<String>) {
    let mut seen = Seen::default();
    let mut fails = Vec::new();
    for (file, f) in case_files() {
        let Some(plan) = catalog().plan(&f.plan) else {
            fails.push(format!("tests/cases/{file}: no plan {}", f.plan));
            continue;
        };
        for c in &f.cases {
            for msg in run_case(plan, c, &mut seen) {
                fails.push(format!(
                    "tests/cases/{file} «{}» (as of {}): {msg}",
                    c.name, c.as_of
                ));
            }
        }
    }
    (seen, fails)
}

#[test]
fn case_tables_pass() {
    let (_, fails) = run_all();
    assert!(
        fails.is_empty(),
        "{} failing expectation(s):\n{}",
        fails.len(),
        fails.join("\n")
    );
}

fn counts_years(r: &Requirement) -> bool {
    matches!(r, Requirement::Work(_))
        || matches!(r, Requirement::Certificate(c) if c.held_years.is_some())
}

#[test]
fn every_condition_and_material_is_exercised() {
    let (seen, _) = run_all();
    let mut missing = Vec::new();
    let files: BTreeSet<String> = case_files().into_iter().map(|(_, f)| f.plan).collect();
    for plan in catalog().plans() {
        if !files.contains(&*plan.id) {
            missing.push(format!("plan {}: no tests/cases/{}.yaml", plan.id, plan.id));
        }
        for c in plan.conditions.iter() {
            for s in [Status::Met, Status::NotMet, Status::NeedsInfo] {
                if !seen
                    .statuses
                    .contains(&(plan.id.to_string(), c.id.to_string(), s))
                {
                    missing.push(format!(
                        "plan {} condition {}: no row expects {}",
                        plan.id,
                        c.id,
                        s.as_str()
                    ));
                }
            }
            let mut kinds = vec![];
            if c.requires.iter().any(counts_years) {
                kinds.extend(["boundary_before", "boundary_day"]);
            }
            if c.requires.iter().any(|r| matches!(r, Requirement::Work(_))) {
                kinds.push("overlap");
            }
            for k in kinds {
                if !seen
                    .kinds
                    .contains(&(plan.id.to_string(), c.id.to_string(), k.to_string()))
                {
                    missing.push(format!("plan {} condition {}: no {k} row", plan.id, c.id));
                }
            }
            for m in c.materials.iter() {
                if !seen.materials.contains(&(
                    plan.id.to_string(),
                    c.id.to_string(),
                    m.name.to_string(),
                )) {
                    missing.push(format!(
                        "plan {} condition {}: material «{}» listed by no row",
                        plan.id, c.id, m.name
                    ));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not exercised by any case:\n{}",
        missing.join("\n")
    );
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("〔缺字〕", "")
}

#[test]
fn verbatim_texts_appear_in_their_guides() {
    let mut bad = Vec::new();
    for plan in catalog().plans() {
        let path = root().join("rules/guides").join(&*plan.source.file);
        let guide = squash(&std::fs::read_to_string(&path).unwrap());
        let mut check = |what: String, text: &str| {
            if squash(text).is_empty() || !guide.contains(&squash(text)) {
                bad.push(format!(
                    "{} {what}: «{text}» not in {}",
                    plan.id, plan.source.file
                ));
            }
        };
        for c in plan.conditions.iter() {
            check(format!("condition {}", c.id), &c.text);
            for m in c.materials.iter() {
                check(
                    format!("condition {} material", c.id),
                    m.guide_name.as_deref().unwrap_or(&m.name),
                );
            }
        }
        for n in plan.notes.iter() {
            check(format!("note {}", n.id), &n.text);
        }
        for l in std::iter::once(&plan.own).chain(plan.related.as_ref()) {
            for i in l.items.iter() {
                check(format!("list {}", l.id), i);
            }
        }
        for l in plan.majors.iter() {
            for i in l.items.iter() {
                check(format!("majors {}", l.id), i);
            }
        }
        for x in plan.excluded.iter() {
            check("exclusion".into(), &x.quote);
        }
        for a in plan.ambiguities.iter() {
            for q in a.quotes.iter() {
                check(format!("ambiguity {}", a.id), q);
            }
        }
        if let Some(m) = &plan.mailing {
            check("mailing rule".into(), &m.rule);
            check("mailing address".into(), &m.address);
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// The guides that are copies of the organiser's seeds (`../shared/seeds`,
/// outside the repository) with their SHA-256, as `sha256sum` prints them:
/// a seeded guide is checked against its fingerprint even where that folder
/// is absent, and the fingerprints against the seeds where it is present.
/// A guide with no line here (a new season's guide added by staff) is
/// accepted as it is: rules/guides/ is the source.
const SEEDS_MANIFEST: &str = "tests/guide-seeds.sha256";

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

fn seed_manifest() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join(SEEDS_MANIFEST))
        .unwrap_or_else(|e| panic!("{SEEDS_MANIFEST}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (hash, name) = l
                .split_once("  ")
                .unwrap_or_else(|| panic!("{SEEDS_MANIFEST}: not `hash  name`: {l}"));
            (name.to_string(), hash.to_string())
        })
        .collect()
}

/// Compares the guides under `guides` with the seed copies: each guide named
/// in [`SEEDS_MANIFEST`] must have its recorded fingerprint, and, when the
/// `seeds` folder is present, so must the seed itself.
fn seed_findings(guides: &Path, seeds: &Path) -> Vec<String> {
    let manifest = seed_manifest();
    let mut bad = Vec::new();
    let mut present = BTreeSet::new();
    for e in std::fs::read_dir(guides).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        match manifest.get(&name) {
            Some(want) if sha256(&std::fs::read(&p).unwrap()) != *want => bad.push(format!(
                "{} differs from the organiser's seed copy ({SEEDS_MANIFEST}): the guide's text must not be edited; restore it with git checkout",
                p.display()
            )),
            Some(_) => {}
            None if seeds.join(&name).exists() => bad.push(format!(
                "{} has a seed copy in {} but no line in {SEEDS_MANIFEST}: add the line `sha256sum` prints for it",
                p.display(),
                seeds.display()
            )),
            None => {} // a guide without a seed copy: rules/guides/ is the source
        }
        present.insert(name);
    }
    for (name, want) in &manifest {
        if !present.contains(name) {
            bad.push(format!(
                "{}/{name} is missing, though {SEEDS_MANIFEST} records it as a seed copy: restore it, or delete its line if the plan is retired",
                guides.display()
            ));
        }
        if seeds.is_dir() {
            match std::fs::read(seeds.join(name)) {
                Ok(b) if sha256(&b) == *want => {}
                Ok(_) => bad.push(format!(
                    "{}/{name} differs from the fingerprint in {SEEDS_MANIFEST}",
                    seeds.display()
                )),
                Err(e) => bad.push(format!("{}/{name}: {e}", seeds.display())),
            }
        }
    }
    bad
}

#[test]
fn guide_copies_equal_the_shared_seeds() {
    let bad = seed_findings(
        &root().join("rules/guides"),
        &root().join("../shared/seeds"),
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn every_plan_file_is_loaded_and_every_plan_reachable() {
    let ids: Vec<&str> = catalog().plans().iter().map(|p| &*p.id).collect();
    assert_eq!(
        ids,
        [
            "ecommerce-entry",
            "ecommerce-4-beijing",
            "ecommerce-1-beijing",
            "supply-chain-1-beijing",
            "internet-marketing-1-beijing",
            "internet-marketing-4",
            "ecommerce-2-hebei",
            "internet-marketing-2-hebei"
        ]
    );
    let used: BTreeSet<&str> = catalog().plans().iter().map(|p| &*p.source.file).collect();
    let files = std::fs::read_dir(root().join("rules/guides"))
        .unwrap()
        .count();
    assert_eq!(
        used.len(),
        files,
        "every guide under rules/guides is used by a plan"
    );
    for id in ids {
        assert!(catalog().plan(id).is_some());
    }
}

// The runner checks itself: rows that must be refused.

fn yaml_case(text: &str) -> Case {
    serde_yaml::from_str(text).expect("a case row")
}

#[test]
fn unknown_condition_ids_in_earliest_and_contains_fail() {
    let plan = catalog().plan("ecommerce-4-beijing").unwrap();
    let c = yaml_case(
        r#"{name: x, kind: other, as_of: 2026-07-01, profile: {},
            expect: {earliest: {"9": null}, contains: {"8": ["符合"]}}}"#,
    );
    let fails = run_case(plan, &c, &mut Seen::default());
    assert!(
        fails.iter().any(|f| f.contains("9")) && fails.iter().any(|f| f.contains("8")),
        "{fails:?}"
    );
}

#[test]
fn a_boundary_before_row_must_expect_not_met_with_an_earliest_date() {
    let plan = catalog().plan("ecommerce-4-beijing").unwrap();
    let c = yaml_case(
        r#"{name: x, kind: boundary_before, target: "2", as_of: 2026-07-01,
            profile: {work: [{employer: 甲, occupation: 电子商务师, start: 2020-07-01}]},
            expect: {status: {"2": met}}}"#,
    );
    let fails = run_case(plan, &c, &mut Seen::default());
    assert!(
        fails.iter().any(|f| f.contains("boundary_before")),
        "{fails:?}"
    );
}

#[test]
fn an_overlap_row_needs_two_overlapping_counted_jobs_and_a_figure() {
    let plan = catalog().plan("internet-marketing-2-hebei").unwrap();
    // 采购员 is not on guide 004's related list for 互联网营销师: one job counts, nothing merges.
    let c = yaml_case(
        r#"{name: x, kind: overlap, target: "3", as_of: 2026-07-01,
            profile: {titles: [{rank: 中级, issued: 2025-01-01, field_matches: true}],
              work: [{employer: 甲, occupation: 营销员, start: 2025-01-01, end: 2025-09-01},
                     {employer: 乙, occupation: 采购员, start: 2025-03-01, end: 2025-11-01}]},
            expect: {status: {"3": not_met}}}"#,
    );
    let fails = run_case(plan, &c, &mut Seen::default());
    assert!(fails.iter().any(|f| f.contains("overlap")), "{fails:?}");
}

#[test]
fn a_changed_seeded_guide_fails_even_without_the_seeds_folder() {
    let dir = std::env::temp_dir().join(format!("precheck-seeds-{}", std::process::id()));
    let guides = dir.join("guides");
    std::fs::create_dir_all(&guides).unwrap();
    let name = "001_94802d018d72fac6.txt";
    let mut text = std::fs::read(root().join("rules/guides").join(name)).unwrap();
    text.extend_from_slice("改".as_bytes());
    std::fs::write(guides.join(name), text).unwrap();
    let bad = seed_findings(&guides, &dir.join("no-seeds-here"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(bad.iter().any(|b| b.contains(name)), "{bad:?}");
}
