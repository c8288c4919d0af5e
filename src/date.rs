//! Calendar dates: the little date arithmetic the rules need.
//!
//! Why our own type and not a date crate: the widget only ever needs civil
//! dates (no times, no time zones), and the crate we used before brought its
//! time-zone and parsing machinery into the first-load wasm (≈ 100 KB raw,
//! BENCHMARKS.md). The semantics are the ones that crate (and ECMAScript
//! Temporal) use, checked against it by a differential test in this file:
//! adding months clamps the day to the month's end (Jan 31 + 1 month = Feb 28),
//! and a span in months never counts a month whose day has not been reached
//! (Jan 31 → Feb 28 is 28 days, not a month).

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A day of the proleptic Gregorian calendar, years 1–9999.
/// Field order makes the derived ordering chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i16,
    month: u8,
    day: u8,
}

/// A date known to be valid at compile time (tests, constants).
/// Panics (at compile time when used in a const) if it is not a real day.
pub const fn date(year: i16, month: u8, day: u8) -> Date {
    assert!(year >= 1 && year <= 9999 && month >= 1 && month <= 12);
    assert!(day >= 1 && day <= days_in_month(year, month));
    Date { year, month, day }
}

const fn is_leap(year: i16) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const fn days_in_month(year: i16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// `None` unless it is a real day between years 1 and 9999.
    pub fn new(year: i32, month: i32, day: i32) -> Option<Date> {
        let year = i16::try_from(year)
            .ok()
            .filter(|y| (1..=9999).contains(y))?;
        let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
        let day = u8::try_from(day).ok()?;
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    pub fn year(self) -> i16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before). Hinnant's days_from_civil.
    fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_day_number(n: i64) -> Option<Date> {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month as i32, day as i32)
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.day_number() - self.day_number()
    }

    /// The date in China (UTC+8 all year) at `unix_ms` milliseconds after
    /// 1970-01-01T00:00Z. "Today" is counted this way by the widget and the
    /// CLI alike: organisers count signing dates and deadlines in Beijing
    /// time, whatever the phone's or server's time zone.
    pub fn in_china_at(unix_ms: i64) -> Option<Date> {
        const DAY_MS: i64 = 86_400_000;
        const UTC8_MS: i64 = 8 * 3_600_000;
        date(1970, 1, 1).add_days(unix_ms.checked_add(UTC8_MS)?.div_euclid(DAY_MS))
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_day_number(self.day_number().checked_add(days)?)
    }

    pub fn tomorrow(self) -> Option<Date> {
        self.add_days(1)
    }

    /// The same day `months` later, clamped to the end of a shorter month.
    pub fn add_months(self, months: i64) -> Option<Date> {
        let (year, month) = shift_month(self.year, self.month, months)?;
        Some(Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        })
    }

    /// The same day `years` later; 29 February becomes 28 February.
    pub fn add_years(self, years: i64) -> Option<Date> {
        self.add_months(years.checked_mul(12)?)
    }

    /// The calendar span to `later` as whole months plus days; zero if
    /// `later` is not after `self`. A month counts only once its day is
    /// reached: 01-31 → 02-28 is 28 days, 01-31 → 03-01 is 1 month 1 day.
    pub fn months_and_days_until(self, later: Date) -> (i64, i64) {
        if later <= self {
            return (0, 0);
        }
        let month_index = |d: Date| i64::from(d.year) * 12 + i64::from(d.month) - 1;
        let mut months = month_index(later) - month_index(self);
        if later.day < self.day {
            months -= 1;
        }
        let months = months.max(0);
        match self.add_months(months) {
            Some(anchor) => (months, anchor.days_until(later)),
            None => (0, self.days_until(later)),
        }
    }
}

fn shift_month(year: i16, month: u8, by: i64) -> Option<(i16, u8)> {
    let index = (i64::from(year) * 12 + i64::from(month) - 1).checked_add(by)?;
    let year = i16::try_from(index.div_euclid(12)).ok()?;
    if !(1..=9999).contains(&year) {
        return None;
    }
    Some((year, index.rem_euclid(12) as u8 + 1))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateParseError;

impl fmt::Display for DateParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a date: expected YYYY-MM-DD")
    }
}

impl std::error::Error for DateParseError {}

impl FromStr for Date {
    type Err = DateParseError;

    /// `2021-06-01` (what a date input gives), also `2021-6-1`, `2021/6/1`,
    /// `2021.6.1` (how people in China often type dates) and `20210601`.
    fn from_str(text: &str) -> Result<Date, DateParseError> {
        let number = |s: &str, max_len: usize| -> Option<i32> {
            (!s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
        let (y, m, d) = match parts.as_slice() {
            [y, m, d] if y.len() == 4 => (number(y, 4), number(m, 2), number(d, 2)),
            [compact] if compact.len() == 8 && compact.is_ascii() => (
                number(&compact[..4], 4),
                number(&compact[4..6], 2),
                number(&compact[6..], 2),
            ),
            _ => return Err(DateParseError),
        };
        match (y, m, d) {
            (Some(y), Some(m), Some(d)) => Date::new(y, m, d).ok_or(DateParseError),
            _ => Err(DateParseError),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct Text;
        impl de::Visitor<'_> for Text {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date, YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse()
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn construction_rejects_days_that_do_not_exist() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2021, 4, 31).is_none());
        assert!(Date::new(2021, 13, 1).is_none());
        assert!(Date::new(2021, 0, 1).is_none());
        assert!(Date::new(0, 1, 1).is_none());
        assert!(Date::new(10_000, 1, 1).is_none());
    }

    #[test]
    fn parses_the_forms_people_type_and_nothing_else() {
        for ok in [
            "2021-06-01",
            "2021-6-1",
            "2021/6/1",
            "2021.06.01",
            "20210601",
        ] {
            assert_eq!(ok.parse(), Ok(date(2021, 6, 1)), "{ok}");
        }
        for bad in [
            "",
            "2021",
            "2021-06",
            "2021-02-30",
            "21-6-1",
            "2021-06-01T00:00",
            " 2021-06-01",
            "2021-+6-1",
            "2021-06-001",
            "二〇二一年六月一日",
            "2021060",
            "2021年6",
            "2021年6月1",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad:?} parsed");
        }
    }

    /// Whatever is typed, parsing answers and never panics (a panic in the
    /// widget's wasm would stop it). Every string of up to 6 characters from
    /// digits, separators and multi-byte characters.
    #[test]
    fn no_typed_text_makes_parsing_panic() {
        let alphabet = ["2", "1", "0", "-", "/", ".", "年", "月", " ", "x"];
        let mut texts = vec![String::new()];
        for _ in 0..6 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for t in &texts {
                let _ = t.parse::<Date>();
            }
        }
        assert_eq!(texts.len(), 1_000_000);
    }

    #[test]
    fn displays_and_serialises_as_iso() {
        assert_eq!(date(987, 3, 9).to_string(), "0987-03-09");
        let json = serde_json::to_string(&date(2021, 6, 1)).unwrap();
        assert_eq!(json, "\"2021-06-01\"");
        assert_eq!(
            serde_json::from_str::<Date>(&json).unwrap(),
            date(2021, 6, 1)
        );
        assert!(serde_json::from_str::<Date>("\"2021-02-30\"").is_err());
    }

    #[test]
    fn arithmetic_at_month_and_year_ends() {
        assert_eq!(date(2021, 1, 31).add_months(1), Some(date(2021, 2, 28)));
        assert_eq!(date(2020, 2, 29).add_years(1), Some(date(2021, 2, 28)));
        assert_eq!(date(2020, 2, 29).add_years(4), Some(date(2024, 2, 29)));
        assert_eq!(date(2021, 12, 31).tomorrow(), Some(date(2022, 1, 1)));
        assert_eq!(date(2021, 3, 1).add_days(-1), Some(date(2021, 2, 28)));
        assert_eq!(date(9999, 12, 31).tomorrow(), None);
        assert_eq!(date(1970, 1, 1).day_number(), 0);
        for (from, to, span) in [
            (date(2021, 1, 31), date(2021, 2, 28), (0, 28)),
            (date(2021, 1, 31), date(2021, 3, 1), (1, 1)),
            (date(2020, 7, 1), date(2021, 7, 1), (12, 0)),
            (date(2020, 7, 1), date(2020, 6, 1), (0, 0)),
        ] {
            assert_eq!(from.months_and_days_until(to), span, "{from} → {to}");
        }
    }

    #[test]
    fn china_date_turns_at_beijing_midnight() {
        // 2026-11-29T16:00:00Z is midnight in Beijing.
        let midnight_ms = 1_795_968_000_000;
        assert_eq!(Date::in_china_at(midnight_ms), Some(date(2026, 11, 30)));
        assert_eq!(Date::in_china_at(midnight_ms - 1), Some(date(2026, 11, 29)));
        assert_eq!(Date::in_china_at(0), Some(date(1970, 1, 1)));
        assert_eq!(
            Date::in_china_at(-8 * 3_600_000 - 1),
            Some(date(1969, 12, 31))
        );
        assert_eq!(Date::in_china_at(i64::MAX), None);
        let tz = jiff::tz::TimeZone::fixed(jiff::tz::offset(8));
        for ms in (0..400).map(|i| 1_600_000_000_000 + i * 7_777_777_777) {
            let j = tz
                .to_datetime(jiff::Timestamp::from_millisecond(ms).unwrap())
                .date();
            let ours = Date::in_china_at(ms).unwrap();
            assert_eq!(
                (ours.year(), ours.month() as i8, ours.day() as i8),
                (j.year(), j.month(), j.day()),
                "{ms}"
            );
        }
    }

    /// Differential test against the date crate we replaced (a dev-dependency
    /// only): every operation the engine uses, over dates spread across
    /// 1948–2052 with every month end and leap day among them.
    #[test]
    fn agrees_with_jiff() {
        use jiff::{civil, Span, Unit};
        let to_jiff = |d: Date| civil::date(d.year, d.month as i8, d.day as i8);
        let mut days: Vec<Date> = Vec::new();
        let mut d = date(1948, 1, 1);
        while d < date(2052, 12, 31) {
            days.push(d);
            // An irregular stride lands on every day of the month over time.
            d = d.add_days(if d.day() >= 27 { 1 } else { 13 }).unwrap();
        }
        assert!(days.len() > 3000, "{}", days.len());
        for (i, &a) in days.iter().enumerate() {
            let ja = to_jiff(a);
            assert_eq!(a.to_string(), ja.to_string());
            assert_eq!(a.tomorrow().map(to_jiff), ja.tomorrow().ok());
            for years in [1i64, 2, 3, 5, 16] {
                let want = ja.checked_add(Span::new().years(years)).unwrap();
                assert_eq!(
                    a.add_years(years).map(to_jiff),
                    Some(want),
                    "{a} + {years} y"
                );
            }
            for months in [1i64, 11, 13, 59] {
                let want = ja.checked_add(Span::new().months(months)).unwrap();
                assert_eq!(
                    a.add_months(months).map(to_jiff),
                    Some(want),
                    "{a} + {months} m"
                );
            }
            for &b in days.iter().skip(i).step_by(7).take(300) {
                let jb = to_jiff(b);
                let span = ja.until((Unit::Month, jb)).unwrap();
                let want = (i64::from(span.get_months()), i64::from(span.get_days()));
                assert_eq!(a.months_and_days_until(b), want, "{a} → {b}");
                let days = i64::from(ja.until(jb).unwrap().get_days());
                assert_eq!(a.days_until(b), days, "{a} → {b} in days");
                assert_eq!(a.add_days(days), Some(b));
            }
        }
    }
}
