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
    let opinion = boxes.iter().find(|b| b["box"] == "工作单位意见").unwrap();
    assert_eq!(opinion["who"], "employer");
    assert!(
        opinion["write"]
            .as_str()
            .unwrap()
            .contains("岗位伍年(大写)"),
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
    assert!(text.contains("工作单位意见：〔单位〕"), "{text}");
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
