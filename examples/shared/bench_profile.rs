//! The bench profile: 20 overlapping work periods (the last one ongoing), two
//! certificates, a title, an education and a training, as a busy candidate's
//! answers. Shared by `bench_engine` (native) and `bench_overview_wasm` (the
//! overview in a browser's wasm engine), so both time the same input.

use precheck_core::date::date;
use precheck_core::profile::{
    Certificate, Education, Profile, SchoolType, Title, TitleRank, Training, WorkPeriod,
};

/// The as-of date both benches use.
pub fn as_of() -> precheck_core::date::Date {
    date(2026, 11, 22)
}

pub fn profile() -> Profile {
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
