//! The case runner's own tests: rows and files it must refuse. The case
//! tables and tidy checks themselves run in `tests/rules_check.rs` (the staff
//! command `./dev rules`, also part of `cargo test`), which prints each
//! problem as file, entry, what and what to do; the runner is
//! `tests/case_runner/`.

mod case_runner;

use case_runner::{plans_loaded, root, run_case, seed_findings, Case, Seen, Todo};
use precheck_core::rules::catalog;

fn yaml_case(text: &str) -> Case {
    serde_yaml::from_str(text).expect("a case row")
}

/// The English half of each failure of a row.
fn run(plan: &str, row: &str) -> Vec<String> {
    let plan = catalog().plan(plan).unwrap();
    run_case(plan, &yaml_case(row), &mut Seen::default())
        .into_iter()
        .map(|((_, en), _)| en)
        .collect()
}

#[test]
fn unknown_condition_ids_in_earliest_and_contains_fail() {
    let fails = run(
        "ecommerce-4-beijing",
        r#"{name: x, kind: other, as_of: 2026-07-01, profile: {},
            expect: {earliest: {"9": null}, contains: {"8": ["符合"]}}}"#,
    );
    assert!(
        fails.iter().any(|f| f.contains("earliest: no condition 9"))
            && fails.iter().any(|f| f.contains("contains: no condition 8")),
        "{fails:?}"
    );
}

#[test]
fn a_boundary_before_row_must_expect_not_met_with_an_earliest_date() {
    let fails = run(
        "ecommerce-4-beijing",
        r#"{name: x, kind: boundary_before, target: "2", as_of: 2026-07-01,
            profile: {work: [{employer: 甲, occupation: 电子商务师, start: 2020-07-01}]},
            expect: {status: {"2": met}}}"#,
    );
    assert!(
        fails.iter().any(|f| f.contains("boundary_before")),
        "{fails:?}"
    );
}

#[test]
fn an_overlap_row_needs_two_overlapping_counted_jobs_and_a_figure() {
    // 采购员 is not on guide 004's related list for 互联网营销师: one job counts, nothing merges.
    let fails = run(
        "internet-marketing-2-hebei",
        r#"{name: x, kind: overlap, target: "3", as_of: 2026-07-01,
            profile: {titles: [{rank: 中级, issued: 2025-01-01, field_matches: true}],
              work: [{employer: 甲, occupation: 营销员, start: 2025-01-01, end: 2025-09-01},
                     {employer: 乙, occupation: 采购员, start: 2025-03-01, end: 2025-11-01}]},
            expect: {status: {"3": not_met}}}"#,
    );
    assert!(
        fails.iter().any(|f| f.contains("two jobs"))
            && fails.iter().any(|f| f.contains("merged figure")),
        "{fails:?}"
    );
}

#[test]
fn a_wrong_expectation_says_what_differs_and_what_to_do_in_both_languages() {
    let plan = catalog().plan("ecommerce-4-beijing").unwrap();
    let row = yaml_case(
        r#"{name: x, kind: met, target: "2", as_of: 2026-06-30,
            profile: {work: [{employer: 甲, occupation: 电子商务师, start: 2020-07-01}]},
            expect: {status: {"2": met}}}"#,
    );
    let fails = run_case(plan, &row, &mut Seen::default());
    let [((zh, en), Todo::Expectation)] = fails.as_slice() else {
        panic!("{fails:?}");
    };
    assert!(zh.contains("程序判断「不符合」，表中期望「符合」"), "{zh}");
    assert!(
        en.contains("the program says not_met, the row expects met"),
        "{en}"
    );
    let (todo_zh, todo_en) = Todo::Expectation.text();
    assert!(todo_zh.contains("开发人员") && todo_en.contains("developers"));
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
    std::fs::write(guides.join("900_new_season.txt"), "新指南").unwrap();
    let mut notes = Vec::new();
    let bad = seed_findings(&guides, &dir.join("no-seeds-here"), &mut notes);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        bad.iter()
            .any(|b| b.at.contains(name) && b.en.contains("edited")),
        "{bad:?}"
    );
    // A guide without a seed copy is accepted, and said so.
    assert!(
        !bad.iter().any(|b| b.at.contains("900_new_season")),
        "{bad:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("900_new_season")),
        "{notes:?}"
    );
}

#[test]
fn a_plan_file_whose_plan_is_not_in_the_catalog_is_named() {
    let dir = std::env::temp_dir().join(format!("precheck-plans-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(root().join("rules/plans")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    // A plan file the build did not load (here: written after the build).
    std::fs::write(
        dir.join("009-not-built.toml"),
        "[[plan]]\nid = \"not-built\"\n",
    )
    .unwrap();
    let bad = plans_loaded(&dir);
    // And the catalog's plans of a file that is gone.
    std::fs::remove_file(dir.join("000-ecommerce-entry.toml")).unwrap();
    let gone = plans_loaded(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        bad.len() == 1
            && bad[0].at.contains("009-not-built.toml")
            && bad[0].at.contains("not-built")
            && bad[0].todo == Todo::PlanFile,
        "{bad:?}"
    );
    assert!(
        gone.iter()
            .any(|f| f.at.contains("ecommerce-entry") && f.en.contains("declared by no file")),
        "{gone:?}"
    );
}
