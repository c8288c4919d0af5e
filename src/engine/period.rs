//! Period arithmetic for "满N年" / "N年（含）以上", 累计 and 连续.
//!
//! # Convention (documented, tested on the day before and the day of)
//!
//! No certification rule says how to count; we follow the civil-law analogy
//! cited in RULES-FACTS (民法典 201/202): the start day is not counted and a
//! period of N years ends on the corresponding day N years later. So work
//! from 2020-07-01 reaches 1 year on 2021-07-01 (not 2021-06-30), and
//! "满N年" / "N年（含）以上" are inclusive: reaching exactly N years is enough.
//!
//! * A period runs from `start` to `end` (`end` = the as-of date when the
//!   work is ongoing); its length is the calendar span `start → end`.
//! * Periods are merged before adding up: overlapping periods, and periods
//!   where the next starts on or the day after the previous one ends, become
//!   one (consecutive calendar days are no gap).
//! * 累计 (cumulative): the merged periods' days are added up and read as
//!   if worked without a gap from the first period's start: the total is the
//!   calendar span from that start to the start plus the total days. For a
//!   single period this is exactly the calendar anniversary (no "30 days = a
//!   month" rounding, which would meet "满4年" a day early).
//! * 连续 (continuous): the longest merged run; any gap of a day or more
//!   between two periods breaks it.

use crate::date::Date;

/// A stretch of time; `end` is already clipped to the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: Date,
    pub end: Date,
    /// The work goes on after the as-of date (profile `end: null`).
    pub ongoing: bool,
}

/// A length of time as whole months plus days (as a calendar span gives them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Length {
    pub months: i64,
    pub days: i64,
}

impl Length {
    pub fn years(n: u8) -> Length {
        Length {
            months: i64::from(n) * 12,
            days: 0,
        }
    }

    /// The calendar span from `a` to `b` (zero if `b` is not after `a`).
    pub fn between(a: Date, b: Date) -> Length {
        if b <= a {
            return Length::default();
        }
        let (months, days) = a.months_and_days_until(b);
        Length { months, days }
    }

    /// Chinese: `5年2个月10天`, `0天`.
    pub fn zh(self) -> String {
        let (y, m, d) = (self.months / 12, self.months % 12, self.days);
        let mut s = String::new();
        if y > 0 {
            s += &format!("{y}年");
        }
        if m > 0 {
            s += &format!("{m}个月");
        }
        if d > 0 || s.is_empty() {
            s += &format!("{d}天");
        }
        s
    }

    /// English: `5 y 2 m 10 d`.
    pub fn en(self) -> String {
        let (y, m, d) = (self.months / 12, self.months % 12, self.days);
        let mut parts = Vec::new();
        if y > 0 {
            parts.push(format!("{y} y"));
        }
        if m > 0 {
            parts.push(format!("{m} m"));
        }
        if d > 0 || parts.is_empty() {
            parts.push(format!("{d} d"));
        }
        parts.join(" ")
    }
}

/// Sorts and merges overlapping or touching intervals.
pub fn merge(mut v: Vec<Interval>) -> Vec<Interval> {
    v.retain(|i| i.end >= i.start);
    v.sort_by_key(|i| (i.start, i.end));
    let mut out: Vec<Interval> = Vec::with_capacity(v.len());
    for i in v {
        if let Some(last) = out.last_mut() {
            let touch = last.end.tomorrow().map(|t| i.start <= t).unwrap_or(true);
            if touch {
                if i.end > last.end || (i.end == last.end && i.ongoing) {
                    last.end = i.end;
                    last.ongoing = i.ongoing;
                }
                continue;
            }
        }
        out.push(i);
    }
    out
}

/// 累计: the sum of the merged intervals' lengths.
pub fn cumulative(v: &[Interval]) -> Length {
    let merged = merge(v.to_vec());
    let Some(first) = merged.first() else {
        return Length::default();
    };
    let days: i64 = merged.iter().map(|i| i.start.days_until(i.end)).sum();
    match first.start.add_days(days) {
        Some(end) => Length::between(first.start, end),
        None => Length::default(),
    }
}

/// 连续: the longest merged run.
pub fn continuous(v: &[Interval]) -> Length {
    merge(v.to_vec())
        .iter()
        .map(|i| Length::between(i.start, i.end))
        .max()
        .unwrap_or_default()
}

/// The first date after `as_of` on which `measure` reaches `need`, if the
/// ongoing intervals are extended to that date. `None` when nothing is
/// ongoing or it would take more than `need` plus a year.
pub fn earliest(
    v: &[Interval],
    as_of: Date,
    need: Length,
    measure: fn(&[Interval]) -> Length,
) -> Option<Date> {
    if !v.iter().any(|i| i.ongoing) {
        return None;
    }
    let at = |d: Date| -> Length {
        let ext: Vec<Interval> = v
            .iter()
            .map(|i| {
                if i.ongoing {
                    Interval { end: d, ..*i }
                } else {
                    *i
                }
            })
            .collect();
        measure(&ext)
    };
    let horizon = as_of.add_months(need.months + 12)?;
    if at(horizon) < need {
        return None;
    }
    // Binary search on day offsets: the measure only grows as `d` grows.
    let (mut lo, mut hi) = (1i64, as_of.days_until(horizon));
    while lo < hi {
        let mid = (lo + hi) / 2;
        let d = as_of.add_days(mid)?;
        if at(d) >= need {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    as_of.add_days(lo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::date;

    fn iv(a: Date, b: Date) -> Interval {
        Interval {
            start: a,
            end: b,
            ongoing: false,
        }
    }

    #[test]
    fn anniversary_is_the_day_of() {
        let s = date(2020, 7, 1);
        assert!(Length::between(s, date(2021, 6, 30)) < Length::years(1));
        assert_eq!(Length::between(s, date(2021, 7, 1)), Length::years(1));
    }

    #[test]
    fn overlap_is_merged_and_touching_periods_join() {
        let v = [
            iv(date(2018, 1, 1), date(2021, 1, 1)),
            iv(date(2019, 1, 1), date(2022, 1, 1)),
        ];
        assert_eq!(cumulative(&v), Length::years(4));
        let v = [
            iv(date(2018, 1, 1), date(2018, 12, 31)),
            iv(date(2019, 1, 1), date(2020, 1, 1)),
        ];
        assert_eq!(continuous(&v), Length::years(2));
        let v = [
            iv(date(2018, 1, 1), date(2018, 12, 30)),
            iv(date(2019, 1, 1), date(2020, 1, 1)),
        ];
        assert_eq!(
            continuous(&v),
            Length::years(1),
            "a one-day gap breaks the run"
        );
    }

    #[test]
    fn cumulative_reads_gaps_away_from_the_first_start() {
        // 2 years + 2 years with a gap = 4 years, counted from 2015-01-01.
        let v = [
            iv(date(2015, 1, 1), date(2017, 1, 1)),
            iv(date(2020, 3, 1), date(2022, 3, 1)),
        ];
        assert_eq!(cumulative(&v), Length::years(4));
        // One period a day short stays a day short (no 30-day rounding).
        let v = [iv(date(2020, 1, 1), date(2023, 12, 31))];
        assert!(cumulative(&v) < Length::years(4));
    }

    #[test]
    fn earliest_for_ongoing_work() {
        let v = [Interval {
            start: date(2020, 7, 1),
            end: date(2021, 1, 1),
            ongoing: true,
        }];
        assert_eq!(
            earliest(&v, date(2021, 1, 1), Length::years(1), cumulative),
            Some(date(2021, 7, 1))
        );
    }

    #[test]
    fn lengths_read_well() {
        assert_eq!(
            Length {
                months: 62,
                days: 3
            }
            .zh(),
            "5年2个月3天"
        );
        assert_eq!(Length::default().zh(), "0天");
        assert_eq!(Length::years(6).en(), "6 y");
    }
}
