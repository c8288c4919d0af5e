//! The rules check, shared by `tests/rules_check.rs` (the staff command
//! `./dev rules`, which prints its findings plainly) and
//! `tests/eligibility_cases.rs` (the runner's own tests).
//!
//! It runs the case tables (OpenFisca style: every file under tests/cases/
//! is a table for one plan; each row is a profile, an as-of date and the
//! expected verdicts) and the tidy checks:
//! * plan files: every plan of every rules/plans/*.toml is in the built
//!   catalog and reachable by its id, and every catalog plan comes from a
//!   file (no list of plans is written by hand anywhere);
//! * coverage: every condition of every plan has a met, a not_met and a
//!   needs_info row; conditions that count years have boundary rows (day
//!   before, day of) and work conditions an overlap row; every material of
//!   every condition is listed by some row; a row counts for its kind only
//!   if it has the kind's shape ([`row_shape`]);
//! * verbatim: every condition text, material name, note, list item and
//!   quote in rules/ appears in its guide text (whitespace removed, because
//!   the extraction broke lines);
//! * seeds: the guides copied from the organiser's seeds still equal them
//!   ([`seed_findings`]); a guide without a seed copy is accepted.
//!
//! Every finding names the file, the entry, what is wrong and what to do, in
//! Chinese and English.

#![allow(dead_code)] // each test crate uses a part

use precheck_core::date::Date;
use precheck_core::engine::{base_name, evaluate, Status};
use precheck_core::profile::Profile;
use precheck_core::rules::{catalog, Plan, Requirement, Scope};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    pub plan: String,
    pub cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub target: Option<String>,
    pub as_of: Date,
    #[serde(default)]
    pub condition: Option<String>,
    pub profile: Profile,
    pub expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    #[serde(default)]
    pub status: BTreeMap<String, Status>,
    #[serde(default)]
    pub earliest: BTreeMap<String, Option<Date>>,
    #[serde(default)]
    pub materials: Option<Vec<String>>,
    #[serde(default)]
    pub eligible: Option<bool>,
    #[serde(default)]
    pub problems: Vec<String>,
    #[serde(default)]
    pub contains: BTreeMap<String, Vec<String>>,
}

/// Every `kind` a row may have (rules/README.md lists them; a tidy test
/// keeps the two in step).
pub const KINDS: &[&str] = &[
    "met",
    "not_met",
    "needs_info",
    "boundary_before",
    "boundary_day",
    "overlap",
    "form",
    "other",
];

/// What to do about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Todo {
    /// A row's expectation differs from the program's answer.
    Expectation,
    /// A row lacks what its kind needs, or names what does not exist.
    Row,
    /// A case file cannot be read.
    CaseFile,
    /// Some condition or material has no row.
    Coverage,
    /// A text is not in its guide.
    Verbatim,
    /// A guide differs from the organiser's seed copy.
    Seed,
    /// A plan file and the built catalog disagree.
    PlanFile,
}

impl Todo {
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            Todo::Expectation => (
                "先对照指南核对这一行的期望。期望没错、程序的判断不同，就不要改期望，请把这一行交给开发人员；期望写错了就改正它。",
                "Check the row's expectation against the guide. If it is right and the program disagrees, do not change it: hand the row to the developers; if it is wrong, correct it.",
            ),
            Todo::Row => (
                "按 rules/README.md「案例表」一节补全或改正这一行。",
                "Complete or correct the row as the case-table section of rules/README.md says.",
            ),
            Todo::CaseFile => (
                "按 rules/README.md「案例表」一节的格式改正这个文件（错误信息里有行号）。",
                "Fix the file's format as the case-table section of rules/README.md shows (the message gives the line).",
            ),
            Todo::Coverage => (
                "在这个计划的案例表里加一行（rules/README.md「案例表」列出每种情形要几行）。",
                "Add a row to the plan's case table (rules/README.md, case tables, says which rows each condition needs).",
            ),
            Todo::Verbatim => (
                "从 rules/guides/ 的指南原样复制这段文字；不要改指南文字版本身。",
                "Copy the text from the guide under rules/guides/ exactly; never edit the guide's text.",
            ),
            Todo::Seed => (
                "指南文字版不要修改：用 git checkout 恢复；评价机构发了新版，就作为新文件放进 rules/guides/。",
                "Do not edit a guide's text: restore it with git checkout; a new version from the organiser goes in rules/guides/ as a new file.",
            ),
            Todo::PlanFile => (
                "检查 rules/plans/ 下的计划文件：扩展名 .toml、[[plan]] 的 id 拼写；然后再运行 ./dev rules。",
                "Check the plan files under rules/plans/: the .toml extension and the [[plan]] ids; then run ./dev rules again.",
            ),
        }
    }
}

/// One thing wrong: where (file and entry), what, and what to do.
#[derive(Debug, Clone)]
pub struct Finding {
    pub at: String,
    pub zh: String,
    pub en: String,
    pub todo: Todo,
}

impl Finding {
    fn new(at: impl Into<String>, zh: String, en: String, todo: Todo) -> Finding {
        Finding {
            at: at.into(),
            zh,
            en,
            todo,
        }
    }

    /// The finding for a person: file and entry, then what and what to do in both languages.
    pub fn report(&self) -> String {
        let (zh, en) = self.todo.text();
        format!(
            "✗ {}\n  {}\n  {}\n  怎么办：{zh}\n  what to do: {en}",
            self.at, self.zh, self.en
        )
    }
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The case tables, each with its file name; a file that cannot be read is a finding.
pub fn case_files(findings: &mut Vec<Finding>) -> Vec<(String, CaseFile)> {
    let mut out = Vec::new();
    let dir = root().join("tests/cases");
    let mut paths: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            findings.push(Finding::new(
                "tests/cases/",
                format!("读不到案例表目录：{e}"),
                format!("cannot read the case tables: {e}"),
                Todo::CaseFile,
            ));
            return out;
        }
    };
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let at = format!("tests/cases/{name}");
        if p.extension().and_then(|e| e.to_str()) != Some("yaml") {
            findings.push(Finding::new(
                at,
                "案例表目录里只能放 <计划id>.yaml 文件".into(),
                "only <plan id>.yaml files belong in tests/cases".into(),
                Todo::CaseFile,
            ));
            continue;
        }
        let parsed = std::fs::read_to_string(&p)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_yaml::from_str::<CaseFile>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(f) if format!("{}.yaml", f.plan) != name => findings.push(Finding::new(
                at,
                format!("文件名应为计划id加 .yaml：{}.yaml", f.plan),
                format!("the file is named after its plan: {}.yaml", f.plan),
                Todo::CaseFile,
            )),
            Ok(f) => out.push((name, f)),
            Err(e) => findings.push(Finding::new(
                at,
                format!("格式错误：{e}"),
                format!("not a case table: {e}"),
                Todo::CaseFile,
            )),
        }
    }
    out
}

/// What the rows exercised: (plan, condition) → statuses and kinds; (plan, condition, material).
#[derive(Default)]
pub struct Seen {
    pub statuses: BTreeSet<(String, String, Status)>,
    pub kinds: BTreeSet<(String, String, String)>,
    pub materials: BTreeSet<(String, String, String)>,
}

fn zh_status(s: Status) -> &'static str {
    s.label().0
}

/// A wrong row: (中文, English).
type Fail = (String, String);

/// Runs one row; returns what differs from its expectations (as `Todo::Expectation`)
/// and what is wrong with the row itself (as `Todo::Row`).
pub fn run_case(plan: &Plan, c: &Case, seen: &mut Seen) -> Vec<(Fail, Todo)> {
    let mut fails: Vec<(Fail, Todo)> = Vec::new();
    let mut row = |zh: String, en: String| fails.push(((zh, en), Todo::Row));
    let ev = evaluate(plan, &c.profile, c.as_of, c.condition.as_deref());
    let outcome = |id: &str| ev.conditions.iter().find(|o| o.id == id);
    if !KINDS.contains(&c.kind.as_str()) {
        row(
            format!(
                "kind「{}」不是允许的写法（可用：{}）",
                c.kind,
                KINDS.join("、")
            ),
            format!("unknown kind {} (allowed: {})", c.kind, KINDS.join(", ")),
        );
    }
    if let Some(ch) = &c.condition {
        if plan.condition(ch).is_none() {
            row(
                format!("condition「{ch}」：计划没有这个条件"),
                format!("condition {ch}: the plan has no such condition"),
            );
        }
    }
    let shape = row_shape(plan, c);
    if let Some(t) = &c.target {
        if plan.condition(t).is_none() {
            row(
                format!("target「{t}」：计划没有这个条件"),
                format!("target {t} is not a condition"),
            );
        }
        if shape.is_empty() {
            seen.kinds
                .insert((plan.id.to_string(), t.clone(), c.kind.clone()));
        }
    }
    for (zh, en) in shape {
        row(zh, en);
    }
    for (key, ids) in [
        ("status", c.expect.status.keys().collect::<Vec<_>>()),
        ("earliest", c.expect.earliest.keys().collect()),
        ("contains", c.expect.contains.keys().collect()),
    ] {
        for id in ids {
            if outcome(id).is_none() {
                row(
                    format!("expect.{key} 里的条件「{id}」不存在"),
                    format!("expect.{key}: no condition {id}"),
                );
            }
        }
    }
    let mut differ = |zh: String, en: String| fails.push(((zh, en), Todo::Expectation));
    for (id, want) in &c.expect.status {
        match outcome(id) {
            Some(o) if o.status != *want => differ(
                format!(
                    "条件{id}：程序判断「{}」，表中期望「{}」——{}",
                    zh_status(o.status),
                    zh_status(*want),
                    o.explanation_zh
                ),
                format!(
                    "condition {id}: the program says {}, the row expects {} — {}",
                    o.status.as_str(),
                    want.as_str(),
                    o.explanation_en
                ),
            ),
            Some(_) => {
                seen.statuses
                    .insert((plan.id.to_string(), id.clone(), *want));
            }
            None => {}
        }
    }
    let show = |d: &Option<Date>| d.map_or("无 / none".to_string(), |d| d.to_string());
    for (id, want) in &c.expect.earliest {
        if let Some(o) = outcome(id).filter(|o| o.earliest != *want) {
            differ(
                format!(
                    "条件{id}：最早满足日期为 {}，表中期望 {}——{}",
                    show(&o.earliest),
                    show(want),
                    o.explanation_zh
                ),
                format!(
                    "condition {id}: earliest date {}, the row expects {}",
                    show(&o.earliest),
                    show(want)
                ),
            );
        }
    }
    for (id, subs) in &c.expect.contains {
        let Some(o) = outcome(id) else { continue };
        for s in subs {
            // The citation (核对名单) is the explanation's too, shown apart.
            let cited = format!(
                "{}（核对名单：{}）",
                o.explanation_zh,
                o.checked_zh.join("；")
            );
            if !cited.contains(s.as_str()) {
                differ(
                    format!("条件{id}：说明里没有「{s}」——{}", o.explanation_zh),
                    format!("condition {id}: the explanation lacks «{s}»"),
                );
            }
        }
    }
    for o in &ev.conditions {
        if o.status == Status::Met && o.earliest.is_some() {
            differ(
                format!("条件{}：已符合却给出最早日期", o.id),
                format!("condition {}: met but has an earliest date", o.id),
            );
        }
        if plan.condition(&o.id).is_none_or(|c| o.quote != c.text) {
            differ(
                format!("条件{}：引用的不是指南原句", o.id),
                format!("condition {}: quote is not the guide's sentence", o.id),
            );
        }
    }
    if let Some(want) = c.expect.eligible {
        if ev.eligible != want {
            differ(
                format!("eligible 为 {}，表中期望 {want}", ev.eligible),
                format!("eligible {}, the row expects {want}", ev.eligible),
            );
        }
    }
    if let Some(want) = &c.expect.materials {
        let got: Vec<&str> = ev.materials.iter().map(|m| m.name.as_str()).collect();
        if got != want.iter().map(String::as_str).collect::<Vec<_>>() {
            differ(
                format!("材料清单为 {got:?}，表中期望 {want:?}（顺序按计划文件中该条件的 materials）"),
                format!("materials {got:?}, the row expects {want:?} (in the order of the condition's materials)"),
            );
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
        differ(
            format!(
                "申报表问题为 {got:?}，表中期望 {want:?}（{}）",
                msgs.join("；")
            ),
            format!("problems {got:?}, the row expects {want:?}"),
        );
    }
    fails
}

/// What a row of a kind must show to prove its point: a `boundary_before`
/// row expects its target not met with the earliest date; an `overlap` row
/// has two jobs that count for its target and overlap in time, and asserts
/// the merged figure (`contains`).
pub fn row_shape(plan: &Plan, c: &Case) -> Vec<Fail> {
    let mut fails = Vec::new();
    let Some(t) = &c.target else {
        if ["boundary_before", "boundary_day", "overlap"].contains(&c.kind.as_str()) {
            fails.push((
                format!("kind: {} 的行要写 target（它检验的条件）", c.kind),
                format!(
                    "a {} row needs a target (the condition it is about)",
                    c.kind
                ),
            ));
        }
        return fails;
    };
    if c.kind == "boundary_before" {
        let not_met = c.expect.status.get(t) == Some(&Status::NotMet);
        let dated = matches!(c.expect.earliest.get(t), Some(Some(_)));
        if !(not_met && dated) {
            fails.push((
                format!("boundary_before（差一天）的行要期望条件{t}为 not_met，并写出最早满足日期 earliest"),
                format!("a boundary_before row must expect condition {t} not_met with an earliest date"),
            ));
        }
    }
    if c.kind == "overlap" {
        let Some(cond) = plan.condition(t) else {
            return fails;
        };
        let related = cond
            .requires
            .iter()
            .any(|r| matches!(r, Requirement::Work(w) if w.scope == Scope::OwnOrRelated));
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
                    .is_some_and(|o| accepted.contains(&base_name(o)))
            })
            .filter_map(|w| Some((w.start?, w.end.unwrap_or(c.as_of))))
            .collect();
        let overlapping = jobs
            .iter()
            .enumerate()
            .any(|(i, a)| jobs[i + 1..].iter().any(|b| a.0 <= b.1 && b.0 <= a.1));
        if !overlapping {
            fails.push((
                format!("overlap（重叠）的行要有两段时间重叠、且都计入条件{t}的工作（职业在名单上）"),
                format!("an overlap row needs two jobs that count for condition {t} and overlap in time"),
            ));
        }
        if c.expect.contains.get(t).is_none_or(|v| v.is_empty()) {
            fails.push((
                format!("overlap（重叠）的行要用 contains 写出合并后的年限，例如 contains: {{\"{t}\": [\"10个月\"]}}"),
                format!("an overlap row must assert the merged figure: contains {{\"{t}\": [\"…\"]}}"),
            ));
        }
    }
    fails
}

/// Runs every case table.
pub fn run_tables(findings: &mut Vec<Finding>) -> (Seen, usize) {
    let mut seen = Seen::default();
    let mut rows = 0;
    for (file, f) in case_files(findings) {
        let Some(plan) = catalog().plan(&f.plan) else {
            findings.push(Finding::new(
                format!("tests/cases/{file}"),
                format!(
                    "没有计划「{}」：plan 要写 rules/plans/ 里某个 [[plan]] 的 id",
                    f.plan
                ),
                format!(
                    "no plan {}: `plan` must be the id of a [[plan]] in rules/plans/",
                    f.plan
                ),
                Todo::CaseFile,
            ));
            continue;
        };
        for c in &f.cases {
            rows += 1;
            for ((zh, en), todo) in run_case(plan, c, &mut seen) {
                findings.push(Finding::new(
                    format!(
                        "tests/cases/{file} «{}»（签字日期 as_of {}）",
                        c.name, c.as_of
                    ),
                    zh,
                    en,
                    todo,
                ));
            }
        }
    }
    (seen, rows)
}

fn counts_years(r: &Requirement) -> bool {
    matches!(r, Requirement::Work(_))
        || matches!(r, Requirement::Certificate(c) if c.held_years.is_some())
}

/// Every condition and material of every plan is exercised by some row.
pub fn coverage(seen: &Seen, files: &BTreeSet<String>) -> Vec<Finding> {
    let mut missing = Vec::new();
    for plan in catalog().plans() {
        let at = format!("tests/cases/{}.yaml", plan.id);
        if !files.contains(&*plan.id) {
            missing.push(Finding::new(
                at.clone(),
                format!("计划 {} 没有案例表", plan.id),
                format!("plan {} has no case table", plan.id),
                Todo::Coverage,
            ));
            continue;
        }
        for c in plan.conditions.iter() {
            let cat = format!("{at} 条件 / condition {}", c.id);
            for s in [Status::Met, Status::NotMet, Status::NeedsInfo] {
                if !seen
                    .statuses
                    .contains(&(plan.id.to_string(), c.id.to_string(), s))
                {
                    missing.push(Finding::new(
                        cat.clone(),
                        format!(
                            "没有一行期望条件{}为 {}（{}）",
                            c.id,
                            s.as_str(),
                            zh_status(s)
                        ),
                        format!("no row expects condition {} {}", c.id, s.as_str()),
                        Todo::Coverage,
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
                    missing.push(Finding::new(
                        cat.clone(),
                        format!(
                            "条件{}计算年限，需要一行 kind: {k}, target: \"{}\"",
                            c.id, c.id
                        ),
                        format!(
                            "condition {} counts years: no {k} row with target \"{}\"",
                            c.id, c.id
                        ),
                        Todo::Coverage,
                    ));
                }
            }
            for m in c.materials.iter() {
                if !seen.materials.contains(&(
                    plan.id.to_string(),
                    c.id.to_string(),
                    m.name.to_string(),
                )) {
                    missing.push(Finding::new(
                        cat.clone(),
                        format!("材料「{}」没有一行列出（写 materials 的行，条件{}要符合或被选中）", m.name, c.id),
                        format!("material «{}» is listed by no row (a row with `materials` where condition {} is met or chosen)", m.name, c.id),
                        Todo::Coverage,
                    ));
                }
            }
        }
    }
    missing
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("〔缺字〕", "")
}

/// Every verbatim text of every plan appears in its guide.
pub fn verbatim() -> Vec<Finding> {
    let mut bad = Vec::new();
    for plan in catalog().plans() {
        let file = format!("rules/guides/{}", plan.source.file);
        let guide = match std::fs::read_to_string(root().join(&file)) {
            Ok(t) => squash(&t),
            Err(e) => {
                bad.push(Finding::new(
                    file,
                    format!("计划 {} 的指南读不到：{e}", plan.id),
                    format!("plan {}: cannot read its guide: {e}", plan.id),
                    Todo::PlanFile,
                ));
                continue;
            }
        };
        let mut check = |what: String, text: &str| {
            if squash(text).is_empty() || !guide.contains(&squash(text)) {
                bad.push(Finding::new(
                    format!("{file}（计划 / plan {}）", plan.id),
                    format!("{what}：「{text}」在指南中找不到"),
                    format!("{what}: «{text}» is not in the guide"),
                    Todo::Verbatim,
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
    bad
}

/// The plan ids each file under rules/plans/ declares (`[[plan]] id = …`),
/// read from the files themselves: no list of plans is written by hand.
pub fn plan_ids_in_files(dir: &Path, findings: &mut Vec<Finding>) -> Vec<(String, String)> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        plan: Vec<Id>,
    }
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            findings.push(Finding::new(
                dir.display().to_string(),
                format!("读不到计划文件目录：{e}"),
                format!("cannot read the plan files: {e}"),
                Todo::PlanFile,
            ));
            Vec::new()
        }
    };
    paths.sort();
    for p in paths {
        let name = format!("rules/plans/{}", p.file_name().unwrap().to_string_lossy());
        let ids = std::fs::read_to_string(&p)
            .map_err(|e| e.to_string())
            .and_then(|t| toml::from_str::<File>(&t).map_err(|e| e.to_string()));
        match ids {
            Ok(f) if f.plan.is_empty() => findings.push(Finding::new(
                name,
                "文件里没有 [[plan]]：每个计划文件至少要有一个 [[plan]] 节".into(),
                "no [[plan]] in the file: each plan file declares at least one".into(),
                Todo::PlanFile,
            )),
            Ok(f) => out.extend(f.plan.into_iter().map(|i| (name.clone(), i.id))),
            Err(e) => findings.push(Finding::new(
                name,
                format!("读不出计划：{e}"),
                format!("cannot read its plans: {e}"),
                Todo::PlanFile,
            )),
        }
    }
    out
}

/// Every plan a file declares is in the built catalog and reachable by its
/// id; every plan of the catalog comes from some file.
pub fn plans_loaded(dir: &Path) -> Vec<Finding> {
    let mut bad = Vec::new();
    let declared = plan_ids_in_files(dir, &mut bad);
    for (file, id) in &declared {
        let reachable = catalog().plan(id).is_some_and(|p| &*p.id == id);
        if !reachable {
            bad.push(Finding::new(
                format!("{file} [[plan]] id = \"{id}\""),
                "这个计划不在程序里（没有被读入，或无法按 id 找到）".into(),
                "this plan is not in the built catalog (not loaded, or not reachable by its id)"
                    .into(),
                Todo::PlanFile,
            ));
        }
    }
    for p in catalog().plans() {
        if !declared.iter().any(|(_, id)| *id == *p.id) {
            bad.push(Finding::new(
                format!("rules/plans/ (plan {})", p.id),
                format!("程序里的计划 {} 在 rules/plans/ 的文件中找不到", p.id),
                format!(
                    "the catalog's plan {} is declared by no file under rules/plans/",
                    p.id
                ),
                Todo::PlanFile,
            ));
        }
    }
    bad
}

/// The guides that are copies of the organiser's seeds (`../shared/seeds`,
/// outside the repository) with their SHA-256, as `sha256sum` prints them:
/// a seeded guide is checked against its fingerprint even where that folder
/// is absent, and the fingerprints against the seeds where it is present.
/// A guide with no line here (a new season's guide added by staff) is
/// accepted as it is: rules/guides/ is the source.
pub const SEEDS_MANIFEST: &str = "tests/guide-seeds.sha256";

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

fn seed_manifest(bad: &mut Vec<Finding>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let text = match std::fs::read_to_string(root().join(SEEDS_MANIFEST)) {
        Ok(t) => t,
        Err(e) => {
            bad.push(Finding::new(
                SEEDS_MANIFEST,
                format!("读不到：{e}"),
                format!("cannot read: {e}"),
                Todo::Seed,
            ));
            return out;
        }
    };
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        match l.split_once("  ") {
            Some((hash, name)) => {
                out.insert(name.to_string(), hash.to_string());
            }
            None => bad.push(Finding::new(
                SEEDS_MANIFEST,
                format!("这一行不是 sha256sum 的格式：{l}"),
                format!("not a `sha256sum` line: {l}"),
                Todo::Seed,
            )),
        }
    }
    out
}

/// Compares the guides under `guides` with the seed copies: each guide named
/// in [`SEEDS_MANIFEST`] must have its recorded fingerprint, and, when the
/// `seeds` folder is present, so must the seed itself. `note` receives what
/// was not compared and why.
pub fn seed_findings(guides: &Path, seeds: &Path, note: &mut Vec<String>) -> Vec<Finding> {
    let mut bad = Vec::new();
    let manifest = seed_manifest(&mut bad);
    let mut present = BTreeSet::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(guides)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let at = format!("rules/guides/{name}");
        match manifest.get(&name) {
            Some(want) if std::fs::read(&p).map(|b| sha256(&b)).ok().as_ref() != Some(want) => {
                bad.push(Finding::new(
                    at,
                    format!("与评价机构原件（{SEEDS_MANIFEST} 记录的指纹）不同：指南文字版被改过"),
                    format!("differs from the organiser's seed copy (its fingerprint in {SEEDS_MANIFEST}): the guide's text was edited"),
                    Todo::Seed,
                ))
            }
            Some(_) => {}
            None if seeds.join(&name).exists() => bad.push(Finding::new(
                at,
                format!("{} 里有它的原件，但 {SEEDS_MANIFEST} 没有记录：把 sha256sum 对它打印的一行加进去", seeds.display()),
                format!("has a seed copy in {} but no line in {SEEDS_MANIFEST}: add the line `sha256sum` prints for it", seeds.display()),
                Todo::Seed,
            )),
            None => note.push(format!(
                "{at}: 没有原件可比，以 rules/guides/ 为准 / no seed copy: rules/guides/ is the source"
            )),
        }
        present.insert(name);
    }
    if !seeds.is_dir() {
        note.push(format!(
            "{} 不在：已按 {SEEDS_MANIFEST} 记录的指纹比较 / not present: compared with the fingerprints in {SEEDS_MANIFEST}",
            seeds.display()
        ));
    }
    for (name, want) in &manifest {
        if !present.contains(name) {
            bad.push(Finding::new(
                format!("rules/guides/{name}"),
                format!("文件不见了，但 {SEEDS_MANIFEST} 记录它是原件：恢复它；计划停用了就删掉那一行"),
                format!("missing, though {SEEDS_MANIFEST} records it as a seed copy: restore it, or delete its line if the plan is retired"),
                Todo::Seed,
            ));
        }
        if seeds.is_dir() {
            let got = std::fs::read(seeds.join(name)).map(|b| sha256(&b));
            if got.as_ref().ok() != Some(want) {
                bad.push(Finding::new(
                    format!("{}/{name}", seeds.display()),
                    format!("原件与 {SEEDS_MANIFEST} 记录的指纹不同（或读不到）"),
                    format!("the seed differs from its fingerprint in {SEEDS_MANIFEST} (or cannot be read)"),
                    Todo::Seed,
                ));
            }
        }
    }
    bad
}

/// The whole check: (findings, notes, rows run).
pub fn check_all() -> (Vec<Finding>, Vec<String>, usize) {
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    findings.extend(plans_loaded(&root().join("rules/plans")));
    let (seen, rows) = run_tables(&mut findings);
    let files: BTreeSet<String> = case_files(&mut Vec::new())
        .into_iter()
        .map(|(_, f)| f.plan)
        .collect();
    findings.extend(coverage(&seen, &files));
    findings.extend(verbatim());
    findings.extend(seed_findings(
        &root().join("rules/guides"),
        &root().join("../shared/seeds"),
        &mut notes,
    ));
    (findings, notes, rows)
}
