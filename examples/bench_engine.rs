//! Bench binary (not a timed test): evaluates a profile with 20 work periods
//! against every plan and prints the time per `evaluate` call, then the
//! whole overview (every plan and the path up the levels, as one update of
//! the widget's overview computes it).
//!
//! Run: `cargo run --release -p precheck-core --example bench_engine`
//! (budget: under 1 ms per evaluation, and under 1 ms per overview).

use precheck_core::date::date;
use precheck_core::engine::evaluate;
use precheck_core::engine::levels::overview;
use precheck_core::profile::{
    Certificate, Education, Profile, SchoolType, Title, TitleRank, Training, WorkPeriod,
};
use precheck_core::rules::catalog;
use std::hint::black_box;
use std::time::Instant;

fn profile() -> Profile {
    let occupations = [
        "电子商务师",
        "营销员",
        "互联网营销师",
        "带货主播",
        "仓储员",
        "会计",
        "网络编辑",
    ];
    let work = (0..20)
        .map(|i| {
            let y = 2006 + i as i16;
            WorkPeriod {
                employer: Some(format!("北京第{i}科技有限公司")),
                occupation: Some(occupations[i % occupations.len()].to_string()),
                start: Some(date(y, (i % 12 + 1) as u8, 1)),
                // Overlapping periods, the last one ongoing.
                end: if i == 19 {
                    None
                } else {
                    Some(date(y + 1, ((i + 5) % 12 + 1) as u8, 15))
                },
                employer_founded: Some(date(2000, 1, 1)),
                employer_dissolved: None,
                part_time: None,
                department: None,
            }
        })
        .collect();
    Profile {
        as_of: None,
        id_number: Some("11010519491231002X".into()),
        phone: Some("13800138000".into()),
        certificates: vec![
            Certificate {
                occupation: Some("电子商务师".into()),
                level: Some(3),
                issued: Some(date(2015, 6, 1)),
            },
            Certificate {
                occupation: Some("互联网营销师".into()),
                level: Some(5),
                issued: Some(date(2020, 6, 1)),
            },
        ],
        titles: vec![Title {
            rank: Some(TitleRank::Intermediate),
            issued: Some(date(2022, 1, 1)),
            field_matches: Some(true),
        }],
        work,
        education: vec![Education {
            school: Some(SchoolType::HigherVocational),
            major: Some("电子商务".into()),
            graduated: Some(date(2005, 7, 1)),
            class: None,
        }],
        training: vec![Training {
            occupation: Some("互联网营销师".into()),
            level: Some(4),
            hours: Some(110),
            certificate: Some(true),
        }],
        unanswered: Vec::new(),
    }
}

fn main() {
    let p = profile();
    let as_of = date(2026, 11, 22);
    let t0 = Instant::now();
    let cat = catalog();
    println!("catalog decode (first call): {:?}", t0.elapsed());
    for plan in cat.plans() {
        let mut n = 0u32;
        let start = Instant::now();
        while start.elapsed().as_millis() < 300 {
            black_box(evaluate(black_box(plan), black_box(&p), as_of, None));
            n += 1;
        }
        let per = start.elapsed() / n;
        println!(
            "{:<30} 20 work periods: {:>8.1} µs per evaluate ({n} runs) {}",
            plan.id,
            per.as_secs_f64() * 1e6,
            if per.as_micros() < 1000 {
                "< 1 ms ok"
            } else {
                "OVER 1 ms"
            }
        );
    }
    let mut n = 0u32;
    let start = Instant::now();
    while start.elapsed().as_millis() < 1000 {
        black_box(overview(black_box(&p), as_of));
        n += 1;
    }
    let per = start.elapsed() / n;
    let ov = overview(&p, as_of);
    println!(
        "{:<30} 20 work periods: {:>8.1} µs per overview ({} plans + {} levels, {n} runs) {}",
        "overview",
        per.as_secs_f64() * 1e6,
        ov.plans.len(),
        ov.ladder.len(),
        if per.as_micros() < 1000 {
            "< 1 ms ok"
        } else {
            "OVER 1 ms"
        }
    );
}
