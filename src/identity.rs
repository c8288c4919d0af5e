//! Identity checks: 居民身份证号码 (GB 11643-1999) and mainland mobile numbers.
//!
//! Plain code, no regex (the core ships in a wasm bundle).

use crate::date::Date;

/// Why an ID number is rejected, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdProblem {
    pub zh: String,
    pub en: String,
}

fn bad(zh: impl Into<String>, en: impl Into<String>) -> IdProblem {
    IdProblem {
        zh: zh.into(),
        en: en.into(),
    }
}

/// Province-level codes of GB/T 2260 (plus 71 台湾, 81 香港, 82 澳门, 83 港澳台居住证).
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The check character (ISO 7064 MOD 11-2) of the first 17 digits.
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] as char
}

/// The birth date encoded in an 18-character ID number, if valid.
pub fn birth_date(id: &str) -> Option<Date> {
    let b = id.as_bytes();
    if b.len() != 18 || !b[6..14].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| id[r].parse::<i32>().ok();
    Date::new(n(6..10)?, n(10..12)?, n(12..14)?)
}

/// Checks an 18-character 身份证号: format, province code, birth date,
/// checksum, and age ≥ 16 at `as_of`. A lower-case `x` is accepted.
pub fn check_id_number(id: &str, as_of: Date) -> Result<Date, IdProblem> {
    let id = id.trim();
    let b = id.as_bytes();
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
    {
        return Err(bad(
            "身份证号应为18位：前17位数字，最后一位为数字或X",
            "The ID number has 18 characters: 17 digits, then a digit or X",
        ));
    }
    let prov = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !PROVINCES.contains(&prov) || &id[2..6] == "0000" && prov < 71 {
        return Err(bad(
            format!("身份证号前6位地区码“{}”无效", &id[..6]),
            format!("Region code {} is not valid", &id[..6]),
        ));
    }
    let Some(birth) = birth_date(id) else {
        return Err(bad(
            format!("身份证号中的出生日期“{}”不是有效日期", &id[6..14]),
            "The birth date in the ID number is not a valid date",
        ));
    };
    if birth.year() < 1900 || birth > as_of {
        return Err(bad(
            format!("身份证号中的出生日期 {birth} 不合理"),
            format!("Birth date {birth} is implausible"),
        ));
    }
    let want = check_char(&b[..17]);
    if want != (b[17] as char).to_ascii_uppercase() {
        return Err(bad(
            "身份证号校验码不正确，请核对每一位",
            "The ID number's check character is wrong: check every digit",
        ));
    }
    let sixteen = birth
        .add_years(16)
        .ok_or_else(|| bad("出生日期无效", "Invalid birth date"))?;
    if sixteen > as_of {
        return Err(bad(
            format!("报考须年满16周岁：按身份证号，{sixteen} 才满16周岁"),
            format!("Candidates must be at least 16: you turn 16 on {sixteen}"),
        ));
    }
    Ok(birth)
}

/// A mainland mobile number: `1[3-9]` followed by 9 digits (11 digits). A
/// leading `+86`/`86` and spaces or dashes are tolerated.
pub fn is_mainland_mobile(s: &str) -> bool {
    let digits: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let d = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("86").filter(|r| r.len() == 11))
        .unwrap_or(&digits);
    let b = d.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::date;

    const AS_OF: Date = date(2026, 11, 22);

    #[test]
    fn documented_example_is_valid() {
        assert_eq!(
            check_id_number("11010519491231002X", AS_OF),
            Ok(date(1949, 12, 31))
        );
        assert!(check_id_number("11010519491231002x", AS_OF).is_ok());
    }

    #[test]
    fn wrong_checksum_region_and_date_are_rejected() {
        assert!(check_id_number("110105194912310021", AS_OF)
            .unwrap_err()
            .zh
            .contains("校验码"));
        assert!(check_id_number("99010519491231002X", AS_OF)
            .unwrap_err()
            .zh
            .contains("地区码"));
        let mut s = String::from("11010519490231");
        s.push_str("002");
        let c = check_char(s.as_bytes());
        s.push(c);
        assert!(check_id_number(&s, AS_OF)
            .unwrap_err()
            .zh
            .contains("出生日期"));
        assert!(check_id_number("1101051949123100", AS_OF).is_err());
    }

    fn id_born(b: &str) -> String {
        let mut s = format!("110105{b}001");
        let c = check_char(s.as_bytes());
        s.push(c);
        s
    }

    #[test]
    fn age_sixteen_boundary() {
        // Born 2010-11-22: 16 on 2026-11-22 exactly.
        assert!(check_id_number(&id_born("20101122"), AS_OF).is_ok());
        assert!(check_id_number(&id_born("20101123"), AS_OF)
            .unwrap_err()
            .zh
            .contains("16"));
    }

    #[test]
    fn mobile_numbers() {
        assert!(is_mainland_mobile("13800138000"));
        assert!(is_mainland_mobile("+86 138-0013-8000"));
        assert!(!is_mainland_mobile("12800138000"));
        assert!(!is_mainland_mobile("1380013800"));
        assert!(!is_mainland_mobile("010-12345678"));
    }
}
