//! Runs the built `precheck` binary: `plans`, `explain`, `check`, exit codes
//! (0 valid input, 2 invalid) and the `--json` keys the back office relies on.

mod common;

use common::{json, run};
use std::path::PathBuf;

/// Every plan, in the catalog's order (rules/plans/ file by file): no test
/// names the plans, so a guide added by staff needs no change here.
fn plan_ids() -> Vec<&'static str> {
    precheck_core::rules::catalog()
        .plans()
        .iter()
        .map(|p| &*p.id)
        .collect()
}

const ISSUE_PROFILE: &str = r#"{"as_of": "2026-11-22", "id_number": "11010519491231002X", "phone": "13800138000",
 "certificates": [{"occupation": "电子商务师", "level": 5, "issued": "2021-06-01"}],
 "titles": [{"rank": "中级", "issued": "2025-06-01", "field_matches": true}],
 "work": [{"employer": "北京某某科技有限公司", "occupation": "电子商务师",
           "start": "2021-07-01", "end": null,
           "employer_founded": "2015-03-01", "employer_dissolved": null}],
 "education": [{"school": "技工学校", "major": "电子商务", "graduated": "2020-07-01",
                "class": null}],
 "training": [{"occupation": "互联网营销师", "level": 4, "hours": 110, "certificate": true}]}"#;

fn profile_file(name: &str, body: &str) -> PathBuf {
    common::profile_file("rules", name, body)
}

#[test]
fn plans_lists_every_plan() {
    let out = run(&["plans"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!plan_ids().is_empty(), "no plan in rules/plans/");
    for id in plan_ids() {
        assert!(
            text.contains(id),
            "`precheck plans` does not list {id} (a plan of rules/plans/):\n{text}"
        );
    }
    let v = json(&run(&["plans", "--json"]));
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        plan_ids(),
        "`precheck plans --json` lists the catalog's plans in order"
    );
    for id in plan_ids() {
        let out = run(&["explain", "--plan", id]);
        assert!(
            out.status.success(),
            "`precheck explain --plan {id}` failed"
        );
    }
}

#[test]
fn explain_shows_conditions_notes_and_source() {
    let v = json(&run(&[
        "explain",
        "--plan",
        "ecommerce-4-beijing",
        "--json",
    ]));
    assert_eq!(v["conditions"].as_array().unwrap().len(), 3);
    assert!(v["conditions"][1]["text"]
        .as_str()
        .unwrap()
        .contains("累计从事本职业或相关职业工作6年(含)以上"));
    assert_eq!(v["source"]["file"], "001_94802d018d72fac6.txt");
    assert!(v["mailing"]["address"].as_str().unwrap().contains("玉泉路"));
    let text = String::from_utf8(run(&["explain", "--plan", "internet-marketing-2-hebei"]).stdout)
        .unwrap();
    // 004 condition 5: the corrected 三级 certificate is shown, with the guide's 四级 in the note.
    assert!(text.contains("- 三级职业资格/职业技能等级证书"), "{text}");
    assert!(text.contains("“四级职业资格/职业技能等级证书”"), "{text}");
    assert!(text.contains("说明1"));
}

#[test]
fn explain_unknown_plan_exits_2_in_both_languages() {
    let out = run(&["explain", "--plan", "no-such-plan"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("错误") && err.contains("error") && err.contains("no-such-plan"),
        "{err}"
    );
}

#[test]
fn check_valid_profile_exits_0_with_the_json_keys() {
    let p = profile_file("issue.json", ISSUE_PROFILE);
    let v = json(&run(&[
        "check",
        "--plan",
        "ecommerce-4-beijing",
        "--profile",
        p.to_str().unwrap(),
        "--json",
    ]));
    for key in [
        "plan",
        "eligible",
        "conditions",
        "materials",
        "notes",
        "problems",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["plan"], "ecommerce-4-beijing");
    assert_eq!(
        v["as_of"], "2026-11-22",
        "the profile's as_of is the default signing date"
    );
    let c = &v["conditions"][0];
    for key in ["id", "status", "explanation", "earliest"] {
        assert!(c.get(key).is_some(), "condition lacks {key}");
    }
    // Level-5 certificate 2021-06-01, work since 2021-07-01: 5 years 4 months after it.
    assert_eq!(c["status"], "met");
    assert_eq!(v["eligible"], true);
    let m = &v["materials"][0];
    assert!(m.get("name").is_some() && m.get("how").is_some());
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn check_not_eligible_is_still_exit_0_and_shows_problems() {
    let p = profile_file(
        "young.json",
        r#"{"id_number": "110105194912310021", "work": [{"occupation": "电子商务师", "start": "2026-01-01"}]}"#,
    );
    let out = run(&[
        "check",
        "--plan",
        "ecommerce-4-beijing",
        "--profile",
        p.to_str().unwrap(),
        "--as-of",
        "2026-07-01",
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(v["eligible"], false);
    assert_eq!(v["conditions"][1]["status"], "not_met");
    assert_eq!(v["conditions"][1]["earliest"], "2032-01-01");
    let fields: Vec<&str> = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["id_number", "work[0].employer"]);
    assert!(v["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("校验码"));
    let human = run(&[
        "check",
        "--plan",
        "ecommerce-4-beijing",
        "--profile",
        p.to_str().unwrap(),
        "--as-of",
        "2026-07-01",
    ]);
    assert_eq!(human.status.code(), Some(0));
    assert!(String::from_utf8(human.stdout)
        .unwrap()
        .contains("2032-01-01"));
}

#[test]
fn malformed_json_exits_2() {
    let p = profile_file("broken.json", r#"{"work": [ {"start": "2020-01-01" ]"#);
    let out = run(&[
        "check",
        "--plan",
        "ecommerce-4-beijing",
        "--profile",
        p.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("不是有效的资料") && err.contains("not a valid profile"),
        "{err}"
    );
}

#[test]
fn unknown_field_and_bad_date_in_profile_exit_2() {
    for (name, body) in [
        ("typo.json", r#"{"wrok": []}"#),
        ("baddate.json", r#"{"work": [{"start": "2020-02-30"}]}"#),
        ("badlevel.json", r#"{"certificates": [{"level": "five"}]}"#),
    ] {
        let p = profile_file(name, body);
        let out = run(&[
            "check",
            "--plan",
            "ecommerce-4-beijing",
            "--profile",
            p.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
    }
}

#[test]
fn as_of_reads_dates_as_a_profile_does() {
    let p = profile_file("as-of.json", "{}");
    for typed in ["2026-07-01", "2026/7/1", "2026.7.1", "20260701"] {
        let out = run(&[
            "check",
            "--plan",
            "ecommerce-4-beijing",
            "--profile",
            p.to_str().unwrap(),
            "--as-of",
            typed,
            "--json",
        ]);
        assert_eq!(json(&out)["as_of"], "2026-07-01", "{typed}");
    }
}

#[test]
fn bad_as_of_unknown_condition_and_missing_file_exit_2() {
    let p = profile_file("ok.json", "{}");
    let ps = p.to_str().unwrap();
    for args in [
        vec![
            "check",
            "--plan",
            "ecommerce-4-beijing",
            "--profile",
            ps,
            "--as-of",
            "2026-02-30",
        ],
        vec![
            "check",
            "--plan",
            "ecommerce-4-beijing",
            "--profile",
            ps,
            "--as-of",
            "22/11/2026",
        ],
        vec![
            "check",
            "--plan",
            "ecommerce-4-beijing",
            "--profile",
            ps,
            "--condition",
            "9",
        ],
        vec![
            "check",
            "--plan",
            "ecommerce-4-beijing",
            "--profile",
            "/nonexistent/profile.json",
        ],
        vec!["check", "--plan", "nope", "--profile", ps],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let ok = run(&[
        "check",
        "--plan",
        "ecommerce-4-beijing",
        "--profile",
        ps,
        "--as-of",
        "2026-11-22",
        "--condition",
        "3",
    ]);
    assert_eq!(ok.status.code(), Some(0));
}
