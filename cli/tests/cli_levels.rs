//! `precheck levels`: the overview of every plan and the path up the levels,
//! its JSON keys, its exit codes (as `check`: 0 on valid input, 2 on invalid).

mod common;

use common::{json, run};
use precheck_core::engine::base_name;
use precheck_core::rules::catalog;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

const PROFILE: &str = r#"{"as_of": "2026-06-30", "id_number": "11010519491231002X",
 "certificates": [{"occupation": "电子商务师", "level": 3, "issued": "2021-07-01"}],
 "work": [{"employer": "石家庄甲科技有限公司", "occupation": "电子商务师", "start": "2015-01-01"}]}"#;

fn profile_file(name: &str, body: &str) -> PathBuf {
    common::profile_file("levels", name, body)
}

#[test]
fn json_has_the_documented_shape() {
    let p = profile_file("shape.json", PROFILE);
    let v = json(&run(&[
        "levels",
        "--profile",
        p.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(
        v["as_of"], "2026-06-30",
        "the profile's as_of is the default"
    );
    let plans = v["plans"].as_array().unwrap();
    // Counted from the rules, never written in: a guide added by the
    // organiser's staff (scripts/staff-drill) must not turn this red.
    assert_eq!(plans.len(), catalog().plans().len());
    for p in plans {
        for key in [
            "plan",
            "occupation",
            "level",
            "region",
            "status",
            "condition",
            "earliest",
            "reason_zh",
            "reason_en",
        ] {
            assert!(p.get(key).is_some(), "plans[]: {key} missing in {p}");
        }
        let level = p["level"].as_u64().unwrap();
        assert!((1..=5).contains(&level));
        assert!(["now", "later", "needs_info", "not_met"].contains(&p["status"].as_str().unwrap()));
    }
    let hebei = plans
        .iter()
        .find(|p| p["plan"] == "ecommerce-2-hebei")
        .unwrap();
    assert_eq!(hebei["status"], "later");
    assert_eq!(hebei["condition"], "1");
    assert_eq!(hebei["earliest"], "2026-07-01");
    assert_eq!(hebei["region"], "河北");
    let entry = plans
        .iter()
        .find(|p| p["plan"] == "ecommerce-entry")
        .unwrap();
    assert_eq!(entry["region"], Value::Null);
    let ladder = v["ladder"].as_array().unwrap();
    let occupations: BTreeSet<&str> = catalog()
        .plans()
        .iter()
        .map(|p| base_name(&p.occupation))
        .collect();
    assert_eq!(
        ladder.len(),
        occupations.len() * 5,
        "every occupation the plans cover × 5 levels"
    );
    for r in ladder {
        for key in [
            "occupation",
            "level",
            "source",
            "plan",
            "status",
            "earliest",
            "route_zh",
        ] {
            assert!(r.get(key).is_some(), "ladder[]: {key} missing in {r}");
        }
        match r["source"].as_str().unwrap() {
            "guide" => assert!(r["plan"].is_string(), "{r}"),
            "standard" => {
                assert!(r["plan"].is_null(), "{r}");
                assert!(
                    r["route_zh"]
                        .as_str()
                        .unwrap()
                        .starts_with("按国家职业标准"),
                    "{r}"
                );
            }
            s => panic!("source {s}"),
        }
    }
    assert_eq!(
        ladder[0]["occupation"], "电子商务师",
        "the candidate's own first"
    );
}

#[test]
fn as_of_flag_overrides_the_profile_date() {
    let p = profile_file("asof.json", PROFILE);
    let v = json(&run(&[
        "levels",
        "--profile",
        p.to_str().unwrap(),
        "--as-of",
        "2026-07-01",
        "--json",
    ]));
    assert_eq!(v["as_of"], "2026-07-01");
    let hebei = v["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["plan"] == "ecommerce-2-hebei")
        .unwrap()
        .clone();
    assert_eq!(hebei["status"], "now");
    assert_eq!(hebei["earliest"], Value::Null);
}

#[test]
fn text_output_names_the_template_as_such() {
    let p = profile_file("text.json", PROFILE);
    let out = run(&["levels", "--profile", p.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2026-07-01 起可以报"), "{text}");
    assert!(
        text.contains("按国家规程模板；本机构暂无该级别的报考指南，以正式发布的指南为准"),
        "{text}"
    );
}

#[test]
fn invalid_input_exits_2_in_both_languages() {
    let bad = profile_file("bad.json", r#"{"wrok": []}"#);
    let ok = profile_file("ok.json", "{}");
    for args in [
        vec!["levels", "--profile", bad.to_str().unwrap()],
        vec!["levels", "--profile", "/nonexistent/profile.json"],
        vec![
            "levels",
            "--profile",
            ok.to_str().unwrap(),
            "--as-of",
            "2026-13-01",
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("错误") && err.contains("error:"), "{err}");
    }
    let out = run(&[
        "levels",
        "--profile",
        ok.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "an empty profile is valid input"
    );
}
