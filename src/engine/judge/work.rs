//! The work-years requirement: the years in the occupation (本职业, 相关职业 by
//! the plan's lists), 累计 or 连续, counted from an anchor document when the
//! condition has one.

use super::*;

impl Ctx<'_> {
    pub(crate) fn work(&self, w: &WorkReq) -> ReqOut {
        let (from, pre_zh, pre_en) = match &w.after {
            Some(a) => match self.anchor(a, w.scope) {
                Ok((d, z, e)) => (Some(d), z, e),
                Err(o) => return *o,
            },
            None => (None, String::new(), String::new()),
        };
        let mut intervals = Vec::new();
        let mut missing = Vec::new();
        let mut skipped_zh = Vec::new();
        let mut skipped_en = Vec::new();
        for (i, p) in self.profile.work.iter().enumerate() {
            let Some(occ) = p.occupation.as_deref().filter(|o| !o.trim().is_empty()) else {
                missing.push((
                    format!("第{}段工作经历的从事职业", i + 1),
                    format!("the occupation of work period {}", i + 1),
                ));
                continue;
            };
            match classify(&self.lists, occ, w.scope) {
                Match::Own | Match::Related => {}
                Match::Excluded(q) => {
                    skipped_zh.push(format!("第{}段“{occ}”不计入（指南：“{q}”）", i + 1));
                    skipped_en.push(format!(
                        "period {} \"{occ}\" excluded by the organiser",
                        i + 1
                    ));
                    continue;
                }
                Match::No => {
                    skipped_zh.push(format!("第{}段“{occ}”不在名单中", i + 1));
                    skipped_en.push(format!("period {} \"{occ}\" is not on the list", i + 1));
                    continue;
                }
            }
            let Some(start) = p.start else {
                missing.push((
                    format!("第{}段工作经历的开始日期", i + 1),
                    format!("the start date of work period {}", i + 1),
                ));
                continue;
            };
            let end = p.end.map_or(self.as_of, |e| e.min(self.as_of));
            let start = from.map_or(start, |f| start.max(f));
            // An ongoing job that starts on the signing date (or a
            // certificate issued on it) counts nothing yet but still
            // projects the earliest date.
            if start > end || (start == end && p.end.is_some()) {
                continue;
            }
            intervals.push(Interval {
                start,
                end,
                ongoing: p.end.is_none(),
            });
        }
        let (measure, word_zh, word_en): (fn(&[Interval]) -> Length, _, _) = match w.mode {
            Mode::Cumulative => (period::cumulative, "累计", "cumulative"),
            Mode::Continuous => (period::continuous, "连续", "continuous"),
        };
        let have = measure(&intervals);
        let need = Length::years(w.years);
        let what_zh = if w.scope == Scope::Own {
            "本职业"
        } else {
            "本职业或相关职业"
        };
        let what_en = if w.scope == Scope::Own {
            "own occupation"
        } else {
            "own or related occupations"
        };
        let mut zh = format!(
            "{pre_zh}{word_zh}从事{what_zh} {}，需满 {}年",
            have.zh(),
            w.years
        );
        let mut en = format!(
            "{pre_en} {word_en} work in {what_en}: {}, need {} y",
            have.en(),
            w.years
        )
        .trim()
        .to_string();
        let checked = Some((
            lists_checked(&self.lists, w.scope),
            lists_checked_en(&self.lists, w.scope),
        ));
        if !skipped_zh.is_empty() {
            zh += &format!("；{}", skipped_zh.join("，"));
            en += &format!("; {}", skipped_en.join(", "));
        }
        let figure = Some(Figure {
            label_zh: format!("{pre_zh}{word_zh}从事{what_zh}"),
            label_en: format!("{word_en} work in {what_en}"),
            have: have.zh(),
            need: format!("{}年", w.years),
        });
        if have >= need {
            return ReqOut {
                checked: checked.clone(),
                status: Status::Met,
                zh,
                en,
                earliest: None,
                figure,
            };
        }
        let earliest = period::earliest(&intervals, self.as_of, need, measure);
        if let Some(d) = earliest {
            zh += &format!("；按目前工作持续计算，最早 {d} 满足");
            en += &format!("; if your current work goes on, met on {d}");
        }
        if !missing.is_empty() {
            // In the candidate's words, not field paths (the problems list
            // carries the field ids for the form).
            let (names_zh, names_en): (Vec<String>, Vec<String>) = missing.into_iter().unzip();
            zh += &format!("；缺少信息：{}", names_zh.join("、"));
            en += &format!("; missing: {}", names_en.join(", "));
            return ReqOut {
                checked: checked.clone(),
                status: Status::NeedsInfo,
                zh,
                en,
                earliest,
                figure,
            };
        }
        ReqOut {
            checked,
            status: Status::NotMet,
            zh,
            en,
            earliest,
            figure,
        }
    }
}
