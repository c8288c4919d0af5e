//! The staff command's check (`./dev rules`; also part of `cargo test`): runs
//! the case tables and the tidy checks of `case_runner` and prints each
//! finding as file, entry, what is wrong and what to do, in Chinese and
//! English — no panic, no stack trace. Exit status 1 when anything is wrong.
//! A test binary without libtest's harness (`harness = false` in Cargo.toml).

mod case_runner;

use std::process::ExitCode;

fn main() -> ExitCode {
    // `cargo test -- --list` asks every test binary for its tests.
    if std::env::args().any(|a| a == "--list") {
        println!("rules_check: test");
        return ExitCode::SUCCESS;
    }
    let (findings, notes, rows) = case_runner::check_all();
    let plans = precheck_core::rules::catalog().plans().len();
    for n in &notes {
        println!("· {n}");
    }
    if findings.is_empty() {
        println!(
            "✓ 报考规则检查通过：{plans} 个计划、{rows} 行案例 / rules check passed: {plans} plans, {rows} case rows"
        );
        return ExitCode::SUCCESS;
    }
    for f in &findings {
        println!("\n{}", f.report());
    }
    println!(
        "\n✗ 报考规则检查发现 {n} 处问题（{plans} 个计划、{rows} 行案例）/ rules check: {n} problem(s) ({plans} plans, {rows} case rows)",
        n = findings.len()
    );
    ExitCode::FAILURE
}
