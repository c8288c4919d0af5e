//! `plans`, `explain`, `check` and `levels`: thin wrappers over `precheck_core::rules`
//! and `precheck_core::engine`. Exit 0 when the input was valid (eligible or
//! not), 2 on invalid input (unknown plan or condition, unreadable or
//! malformed profile, bad date), with the error in Chinese and English.
use precheck_core::date::Date;
use precheck_core::engine::levels::{self, Verdict};
use precheck_core::engine::{self, level_word, Status};
use precheck_core::profile::Profile;
use precheck_core::rules::{catalog, Plan};
use std::path::Path;
use std::process::ExitCode;

fn invalid(zh: &str, en: &str) -> ExitCode {
    eprintln!("错误：{zh}\nerror: {en}");
    ExitCode::from(2)
}

fn print_json<T: serde::Serialize>(v: &T) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

fn find_plan(id: &str) -> Result<&'static Plan, ExitCode> {
    catalog().plan(id).ok_or_else(|| {
        let ids: Vec<&str> = catalog().plans().iter().map(|p| &*p.id).collect();
        invalid(
            &format!("没有计划“{id}”；可用：{}", ids.join(", ")),
            &format!("no plan \"{id}\"; known: {}", ids.join(", ")),
        )
    })
}

#[derive(serde::Serialize)]
struct PlanRow<'a> {
    id: &'a str,
    title_zh: &'a str,
    title_en: &'a str,
    occupation: &'a str,
    work_type: Option<&'a str>,
    level: u8,
    level_name: &'a str,
    region: Option<&'a str>,
    source: &'a str,
    title_missing: bool,
    conditions: usize,
}

pub fn plans(json: bool) -> ExitCode {
    let rows: Vec<PlanRow> = catalog()
        .plans()
        .iter()
        .map(|p| PlanRow {
            id: &p.id,
            title_zh: &p.title_zh,
            title_en: &p.title_en,
            occupation: &p.occupation,
            work_type: p.work_type.as_deref(),
            level: p.level,
            level_name: &p.level_name,
            region: p.region.as_deref(),
            source: &p.source.file,
            title_missing: p.source.title_missing,
            conditions: p.conditions.len(),
        })
        .collect();
    if json {
        print_json(&rows);
    } else {
        for r in rows {
            println!(
                "{:<30} {}  [{}级, {}, {} 条条件, {}]",
                r.id,
                r.title_zh,
                r.level,
                r.region.unwrap_or("未注明地区"),
                r.conditions,
                r.source
            );
        }
    }
    ExitCode::SUCCESS
}

pub fn explain(plan: &str, json: bool) -> ExitCode {
    let p = match find_plan(plan) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if json {
        print_json(p);
        return ExitCode::SUCCESS;
    }
    println!("{} ({})\n{}", p.title_zh, p.id, p.title_en);
    println!(
        "来源 source: rules/guides/{} 《{}》 {}",
        p.source.file, p.source.title, p.source.organiser
    );
    println!("依据 standard: {}", p.standard_zh);
    println!("\n报考条件（满足其一）:");
    for c in p.conditions.iter() {
        println!("  {}. {}  [{}]", c.id, c.text, c.section);
        for m in c.materials.iter() {
            // As `precheck photo --material` names them.
            let up: Vec<&str> = m.uploads.iter().map(|u| u.material().as_str()).collect();
            let up = if up.is_empty() {
                "纸质".to_string()
            } else {
                up.join("+")
            };
            println!("     - {} ({up}): {}", m.name, m.how_zh);
        }
    }
    println!("\n本职业: {}", p.own.items.join("、"));
    if let Some(r) = &p.related {
        println!(
            "相关职业 [{}]: {}{}",
            r.name_zh,
            r.items.join("、"),
            if r.open_ended { " 等" } else { "" }
        );
    }
    for x in p.excluded.iter() {
        println!("不计入: {} ——“{}”", x.occupation, x.quote);
    }
    for l in p.majors.iter() {
        println!("专业 [{}]: {}", l.name_zh, l.items.join("、"));
    }
    if !p.ambiguities.is_empty() {
        println!("\n提示（指南不明确之处）:");
        for a in p.ambiguities.iter() {
            println!("  ! {}", a.text_zh);
        }
    }
    println!("\n说明:");
    for n in p.notes.iter() {
        println!("  {}：{}", n.id, n.text);
    }
    if let Some(m) = &p.mailing {
        println!(
            "\n邮寄: {}（{}，{}）: {}",
            m.address,
            m.contact,
            m.phone,
            m.items.join("、")
        );
        println!("  {}", m.rule);
    }
    println!("\n报名流程:");
    for s in p.steps.iter() {
        println!("  {}. {}", s.n, s.text_zh);
        match (&s.note_zh, &s.note_condition) {
            (Some(n), Some(c)) => println!("     注（条件 {c}）：{n}"),
            (Some(n), None) => println!("     注：{n}"),
            _ => {}
        }
    }
    ExitCode::SUCCESS
}

fn today_in_china() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Date::in_china_at(now).expect("the clock gives a date between years 1 and 9999")
}

/// Reads `--profile FILE` and settles the signing date: `--as-of`, else
/// the profile's `as_of`, else today in Beijing. Errors exit 2.
fn load_profile(profile: &Path, as_of: Option<&str>) -> Result<(Profile, Date), ExitCode> {
    let unreadable = |e: &dyn std::fmt::Display| {
        invalid(
            &format!("无法读取资料文件 {}：{e}", profile.display()),
            &format!("cannot read profile {}: {e}", profile.display()),
        )
    };
    // Refused before reading it whole: no real profile is near this size.
    let size = std::fs::metadata(profile)
        .map_err(|e| unreadable(&e))?
        .len();
    if size > precheck_core::profile::MAX_JSON_BYTES as u64 {
        return Err(invalid(
            &format!(
                "资料文件 {} 有 {size} 字节，超过上限 {} 字节：真实的资料只有几 KB",
                profile.display(),
                precheck_core::profile::MAX_JSON_BYTES
            ),
            &format!(
                "profile {} is {size} bytes, over the limit of {} bytes: a real one is a few KB",
                profile.display(),
                precheck_core::profile::MAX_JSON_BYTES
            ),
        ));
    }
    let text = std::fs::read_to_string(profile).map_err(|e| unreadable(&e))?;
    let not_valid = |e: &dyn std::fmt::Display| {
        invalid(
            &format!("资料文件 {} 不是有效的资料 JSON（{e}）", profile.display()),
            &format!(
                "profile {} is not a valid profile JSON: {e}",
                profile.display()
            ),
        )
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| not_valid(&e))?;
    // serde reads a struct from an array by position: only an object is a profile.
    if !value.is_object() {
        return Err(invalid(
            &format!(
                "资料文件 {} 应是一个 JSON 对象（{{\"work\": […], …}}），不是数组或单个值",
                profile.display()
            ),
            &format!(
                "profile {} must be a JSON object ({{\"work\": […], …}}), not an array or a single value",
                profile.display()
            ),
        ));
    }
    let prof: Profile = serde_json::from_value(value).map_err(|e| not_valid(&e))?;
    let today = today_in_china();
    if let Err(e) = prof.check_limits(today) {
        return Err(invalid(
            &format!("资料文件 {}（{}）：{}", profile.display(), e.field, e.zh),
            &format!("profile {} ({}): {}", profile.display(), e.field, e.en),
        ));
    }
    let as_of = match as_of {
        // The same parser as the profile's dates: YYYY-MM-DD, 2021/6/1, 20210601.
        Some(s) => match s.parse::<Date>() {
            Ok(d) => d,
            Err(_) => {
                return Err(invalid(
                    &format!("--as-of “{s}” 不是有效日期，应为 YYYY-MM-DD"),
                    &format!("--as-of \"{s}\" is not a valid date (YYYY-MM-DD)"),
                ))
            }
        },
        None => prof.as_of.unwrap_or(today),
    };
    // --as-of is a signing date too: the same limit as the profile's.
    let dated = Profile {
        as_of: Some(as_of),
        ..Profile::default()
    };
    if let Err(e) = dated.check_limits(today) {
        return Err(invalid(&e.zh, &e.en));
    }
    Ok((prof, as_of))
}

/// Exit 2: the plan has no condition `id`; names the ones it has.
fn unknown_condition(p: &Plan, id: &str) -> ExitCode {
    let problem = engine::unknown_condition(p, id);
    let ids: Vec<&str> = p.conditions.iter().map(|c| &*c.id).collect();
    invalid(
        &format!("{}；可用：{}", problem.message_zh, ids.join(", ")),
        &format!("{}; known: {}", problem.message_en, ids.join(", ")),
    )
}

pub fn check(
    plan: &str,
    profile: &Path,
    condition: Option<&str>,
    as_of: Option<&str>,
    json: bool,
) -> ExitCode {
    let p = match find_plan(plan) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(c) = condition.filter(|c| p.condition(c).is_none()) {
        return unknown_condition(p, c);
    }
    let (prof, as_of) = match load_profile(profile, as_of) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let mut ev = engine::evaluate(p, &prof, as_of, condition);
    // `ready` as the widget decides it (`engine::is_ready`): the evaluation
    // and the fill-in sheet of the condition to tick (the CLI has no ticks:
    // materials are the candidate's to prepare).
    let sheet = ev
        .materials_for
        .as_deref()
        .and_then(|c| engine::sheet::sheet_of(p, c, &prof, &ev).ok());
    ev.ready = engine::is_ready(&ev, sheet.as_ref(), 0, 0);
    if json {
        print_json(&ev);
        return ExitCode::SUCCESS;
    }
    println!("{}（{}），签字日期 {}", p.title_zh, p.id, ev.as_of);
    println!(
        "结论: {}{}",
        if ev.eligible {
            "符合报考条件"
        } else {
            "暂不符合"
        },
        if ev.eligible && !ev.ready {
            "（但申报表有问题需修改）"
        } else {
            ""
        }
    );
    for c in &ev.conditions {
        let mark = match c.status {
            Status::Met => "✔",
            Status::NotMet => "✘",
            Status::NeedsInfo => "?",
        };
        println!(
            "  {mark} 条件{} [{}] {}",
            c.id,
            c.status.as_str(),
            c.explanation_zh
        );
        if !c.checked_zh.is_empty() {
            println!("      核对名单: {}", c.checked_zh.join("；"));
        }
        if let Some(d) = c.earliest {
            println!("      最早满足日期: {d}");
        }
    }
    if !ev.problems.is_empty() {
        println!("需修改:");
        for pr in &ev.problems {
            println!("  - {}: {}", pr.field, pr.message_zh);
        }
    }
    println!("材料: {}", ev.materials_note_zh);
    for m in &ev.materials {
        println!("  - {}: {}", m.name, m.how_zh);
    }
    for n in ev.notes.iter().filter(|n| n.kind != "guide") {
        println!("注意: {}", n.text_zh);
    }
    ExitCode::SUCCESS
}

fn verdict_zh(v: Verdict, earliest: Option<Date>) -> String {
    match (v, earliest) {
        (Verdict::Now, _) => "现在可以报".into(),
        (Verdict::Later, Some(d)) => format!("{d} 起可以报"),
        (Verdict::Later, None) => "以后可以报".into(),
        (Verdict::NeedsInfo, _) => "需补充信息".into(),
        (Verdict::NotMet, _) => "不符合".into(),
    }
}

/// `levels`: every plan and the path up the levels for one profile.
pub fn levels(profile: &Path, as_of: Option<&str>, json: bool) -> ExitCode {
    let (prof, as_of) = match load_profile(profile, as_of) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let ov = levels::overview(&prof, as_of);
    if json {
        print_json(&ov);
        return ExitCode::SUCCESS;
    }
    println!("签字日期 {}（如情况不变）", ov.as_of);
    println!("\n各报考计划:");
    for v in &ov.plans {
        let cond = v
            .condition
            .as_deref()
            .map(|c| format!("条件 {c}"))
            .unwrap_or_default();
        println!(
            "  {:<30} {}{} {:<12} {}  [{}]",
            v.plan,
            v.occupation,
            level_word(v.level),
            verdict_zh(v.status, v.earliest),
            v.reason_zh,
            cond
        );
    }
    let ladder = &catalog().ladder;
    let mut last = "";
    for r in &ov.ladder {
        if r.occupation != last {
            println!("\n{} 逐级路径:", r.occupation);
            last = &r.occupation;
        }
        let from = match &r.plan {
            Some(p) => format!("指南计划 {p}"),
            None => format!("（{}）", ladder.label_zh),
        };
        println!(
            "  {}  {:<12} {}  {from}",
            level_word(r.level),
            verdict_zh(r.status, r.earliest),
            r.route_zh
        );
    }
    ExitCode::SUCCESS
}

pub fn sheet(
    plan: &str,
    condition: &str,
    profile: &Path,
    as_of: Option<&str>,
    json: bool,
) -> ExitCode {
    let p = match find_plan(plan) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if p.condition(condition).is_none() {
        return unknown_condition(p, condition);
    }
    let (prof, as_of) = match load_profile(profile, as_of) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let sheet = match engine::sheet::sheet(p, condition, &prof, as_of) {
        Ok(s) => s,
        Err(_) => return unknown_condition(p, condition),
    };
    if json {
        print_json(&sheet);
        return ExitCode::SUCCESS;
    }
    println!(
        "{}（{}）条件{} 填写草稿，签字日期 {}",
        p.title_zh, p.id, sheet.condition, sheet.as_of
    );
    let (verdict, _) = sheet.status.label();
    println!("所选条件：{verdict}");
    if sheet.problems.is_empty() {
        println!("抄写前：没有发现会让表格无效的问题。");
    } else {
        println!("抄写前先改（否则表格可能无效）：");
        for pr in &sheet.problems {
            println!("  ✘ {}: {}", pr.field, pr.message_zh);
        }
    }
    for f in &sheet.forms {
        println!("\n【{}】{}", f.name, f.note_zh);
        for r in &f.rules {
            println!("  规则：{r}");
        }
        for b in &f.boxes {
            let who = match b.who {
                Some(engine::sheet::Who::Candidate) => "〔本人〕",
                Some(engine::sheet::Who::Employer) => "〔单位〕",
                Some(engine::sheet::Who::Organiser) => "〔评价机构〕",
                None => "",
            };
            let withheld = if b.withheld {
                "〔样式，符合条件前不填〕"
            } else {
                ""
            };
            println!("  {}：{withheld}{who}{}", b.label, b.write);
            for g in &b.gaps {
                println!("      {}：{}", engine::sheet::GAP_MARK, g.what_zh);
            }
            if let Some(w) = &b.working_zh {
                println!("      计算：{w}");
            }
        }
    }
    ExitCode::SUCCESS
}
