//! `precheck sheet`: the fill-in sheet as JSON (the keys the issue documents)
//! and text, and its exit codes (0 on valid input, 2 on an unknown plan or
//! condition, in Chinese and English).

mod common;

use common::run;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

const PROFILE: &str = r#"{"as_of": "2026-11-22", "id_number": "11010519491231002X", "phone": "13800138000",
 "certificates": [{"occupation": "电子商务师", "level": 3, "issued": "2019-06-01"}],
 "work": [{"employer": "河北某某电子商务有限公司", "occupation": "电商运营", "start": "2021-01-01"}]}"#;

fn profile_file(name: &str, body: &str) -> PathBuf {
    common::profile_file("sheet", name, body)
}

/// `precheck sheet` on the profile, written to a file of the test's own
/// (tests run in parallel: a shared file was read while another test rewrote it).
fn sheet(test: &str, extra: &[&str]) -> Output {
    let p = profile_file(&format!("{test}.json"), PROFILE);
    let mut args = vec![
        "sheet",
        "--plan",
        "ecommerce-2-hebei",
        "--profile",
        p.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn json_has_the_documented_shape() {
    let out = sheet("shape", &["--condition", "1", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["plan"], "ecommerce-2-hebei");
    assert_eq!(v["condition"], "1");
    assert_eq!(v["as_of"], "2026-11-22");
    let form = &v["forms"][0];
    assert_eq!(form["form"], "职业技能等级认定申报表");
    let boxes = form["boxes"].as_array().unwrap();
    for b in boxes {
        for key in ["box", "write", "blank", "who", "source"] {
            assert!(b.get(key).is_some(), "box lacks {key}: {b}");
        }
        let who = &b["who"];
        assert!(
            who.is_null()
                || ["candidate", "employer", "organiser"].contains(&who.as_str().unwrap()),
            "{who}"
        );
    }
    for key in ["copy", "withheld", "gaps", "working", "working_en"] {
        assert!(boxes[0].get(key).is_some(), "box lacks {key}");
    }
    assert_eq!(v["status"], "not_met");
    assert!(v.get("verdict").is_some() && v.get("earliest").is_some());
    // 电商运营 does not count (the engine's verdict), so the employer's
    // statement is the template only: never 「…岗位伍年，经核实，符合…」.
    let opinion = boxes.iter().find(|b| b["box"] == "工作单位意见").unwrap();
    assert_eq!(opinion["who"], "employer");
    assert_eq!(opinion["withheld"], true);
    assert!(
        !opinion["write"].as_str().unwrap().contains("伍年"),
        "{opinion}"
    );
    // the informal title is a problem in check's shape
    let problems = v["problems"].as_array().unwrap();
    let p = problems
        .iter()
        .find(|p| p["field"] == "work[0].occupation")
        .expect("informal title flagged");
    assert!(p["message"].as_str().unwrap().contains("电商运营"), "{p}");
    assert!(p["message_en"].as_str().is_some());
}

#[test]
fn text_output_lists_problems_before_the_boxes() {
    let out = sheet("text", &["--condition", "1", "--as-of", "2026-11-22"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let problems = text.find("抄写前先改").expect("problems first");
    let first_box = text.find("编号：此栏不填").expect("boxes in form order");
    assert!(problems < first_box, "{text}");
    assert!(
        text.contains("工作单位意见：〔样式，符合条件前不填〕〔单位〕"),
        "{text}"
    );
}

#[test]
fn unknown_condition_exits_2_in_both_languages() {
    let out = sheet("unknown", &["--condition", "9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("没有条件") && err.contains("no condition"),
        "{err}"
    );
    assert!(err.contains("1, 2, 3, 4, 5"), "{err}");
}

/// Input no real candidate gives is refused before anything is computed:
/// exit 2 with a message in Chinese and English, for `sheet`, `check` and `levels`.
#[test]
fn impossible_profiles_exit_2_in_both_languages() {
    let period = r#"{"employer": "甲公司", "occupation": "电子商务师", "start": "2020-01-01"}"#;
    let many = format!(r#"{{"work": [{}]}}"#, vec![period; 400].join(","));
    let huge = format!(r#"{{"phone": "{}"}}"#, "1".repeat(2 << 20));
    let cases: [(&str, String, &str, &str); 6] = [
        ("array", format!("[\"2026-11-22\", null, null, [], [], [{period}]]"), "JSON 对象", "JSON object"),
        ("many", many, "超过上限", "more than the limit"),
        ("huge", huge, "超过上限", "over the limit"),
        ("far", r#"{"as_of": "2099-01-01"}"#.to_string(), "一年以后", "more than a year after today"),
        ("backwards", r#"{"work": [{"employer": "甲公司", "start": "2022-01-01", "end": "2021-01-01"}]}"#.to_string(), "早于开始日期", "before it starts"),
        ("founded", r#"{"work": [{"employer": "甲公司", "start": "2010-01-01", "end": "2012-01-01", "employer_founded": "2015-01-01"}]}"#.to_string(), "才成立", "before its employer was founded"),
    ];
    for (name, body, zh, en) in cases {
        let p = profile_file(&format!("bad-{name}.json"), &body);
        let path = p.to_str().unwrap();
        let started = std::time::Instant::now();
        for args in [
            vec![
                "sheet",
                "--plan",
                "ecommerce-2-hebei",
                "--condition",
                "1",
                "--profile",
                path,
            ],
            vec!["check", "--plan", "ecommerce-2-hebei", "--profile", path],
            vec!["levels", "--profile", path],
        ] {
            let out = run(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {err}");
            assert!(err.contains(zh) && err.contains(en), "{name}: {err}");
            assert!(out.stdout.is_empty(), "{name}: nothing computed");
        }
        // Refused, not computed: 28,000 periods once took the sheet over 6 s
        // (now over the byte limit; 400 are over the count limit).
        assert!(
            started.elapsed().as_secs() < 20,
            "{name}: {:?}",
            started.elapsed()
        );
    }
}

/// The sheet's verdict comes first: a candidate one day short of 满5年 is told
/// so, with the date, and the employer's statement is a template (JSON and text).
#[test]
fn an_unmet_condition_is_said_first_and_nothing_certifies_it() {
    let body = r#"{"as_of": "2026-11-22", "id_number": "11010519491231002X", "phone": "13800138000",
 "certificates": [{"occupation": "电子商务师", "level": 3, "issued": "2021-11-23"}],
 "work": [{"employer": "河北某某电子商务有限公司", "occupation": "电子商务师", "start": "2020-01-01"}]}"#;
    let p = profile_file("one-day-short.json", body);
    let path = p.to_str().unwrap();
    let args = [
        "sheet",
        "--plan",
        "ecommerce-2-hebei",
        "--condition",
        "1",
        "--profile",
        path,
    ];
    let v = common::json(&run(&[&args[..], &["--json"]].concat()));
    assert_eq!(v["status"], "not_met");
    assert_eq!(v["earliest"], "2026-11-23");
    assert_eq!(v["problems"][0]["field"], "condition");
    let opinion = v["forms"][0]["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["box"] == "工作单位意见")
        .unwrap();
    assert_eq!(opinion["withheld"], true);
    assert_eq!(opinion["copy"], false);
    assert!(!opinion["write"].as_str().unwrap().contains("满5年条件"));
    let text = String::from_utf8(run(&args).stdout).unwrap();
    assert!(text.contains("所选条件：不符合"), "{text}");
    assert!(
        text.contains("工作单位意见：〔样式，符合条件前不填〕"),
        "{text}"
    );
}
