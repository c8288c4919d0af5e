//! Judging one condition: each requirement (work years, certificate, title,
//! school, training, age) against the profile, with the figures, the reason in
//! both languages and the earliest date it would be met.
//!
//! Invariant: one code path judges every plan and the national template
//! (levels.rs builds its `Ctx` with the template's lists); no I/O, no clock.
use super::*;

/// One requirement's verdict as [`levels`] reads it.
pub(crate) struct Part {
    pub(crate) status: Status,
    pub(crate) zh: String,
    pub(crate) en: String,
}

/// One requirement's verdict.
pub(crate) struct ReqOut {
    status: Status,
    zh: String,
    en: String,
    earliest: Option<Date>,
    figure: Option<Figure>,
}

impl ReqOut {
    pub(crate) fn new(status: Status, zh: impl Into<String>, en: impl Into<String>) -> ReqOut {
        ReqOut {
            status,
            zh: zh.into(),
            en: en.into(),
            earliest: None,
            figure: None,
        }
    }
}

pub(crate) struct Ctx<'a> {
    pub(crate) lists: Lists<'a>,
    pub(crate) profile: &'a Profile,
    pub(crate) as_of: Date,
}

impl Ctx<'_> {
    /// The date of the anchor document (earliest qualifying), or why not.
    pub(crate) fn anchor(
        &self,
        a: &Anchor,
        scope: Scope,
    ) -> Result<(Date, String, String), Box<ReqOut>> {
        match a {
            Anchor::Certificate { level } => self.cert_date(*level, scope),
            Anchor::Title { rank } => {
                let mut missing = false;
                let mut best: Option<Date> = None;
                for t in &self.profile.titles {
                    match t.rank.map(TitleRank::name) {
                        Some(r) if r == rank => {}
                        Some(_) => continue,
                        None => {
                            missing = true;
                            continue;
                        }
                    }
                    match (t.field_matches, t.issued) {
                        (Some(false), _) => {}
                        (Some(true), Some(d)) if d <= self.as_of => {
                            best = Some(best.map_or(d, |b| b.min(d)))
                        }
                        (Some(true), Some(_)) => {}
                        _ => missing = true,
                    }
                }
                match best {
                    Some(d) => Ok((
                        d,
                        format!("取得{rank}职称（{d}）后"),
                        format!("after the {rank} title ({d})"),
                    )),
                    None if missing => Err(Box::new(ReqOut::new(
                        Status::NeedsInfo,
                        format!("请填写{rank}职称的取得日期，并确认是否符合专业对应关系"),
                        format!(
                            "Give the {rank} title's issue date and whether it matches the field"
                        ),
                    ))),
                    None => Err(Box::new(ReqOut::new(
                        Status::NotMet,
                        format!("未填写符合专业对应关系的{rank}职称"),
                        format!("No {rank} title matching the field"),
                    ))),
                }
            }
        }
    }

    pub(crate) fn cert_date(
        &self,
        level: u8,
        scope: Scope,
    ) -> Result<(Date, String, String), Box<ReqOut>> {
        let mut missing = false;
        let mut excluded = None;
        let mut unrelated = Vec::new();
        let mut best: Option<Date> = None;
        for c in &self.profile.certificates {
            match c.level {
                Some(l) if l == level => {}
                Some(_) => continue,
                None => {
                    missing = true;
                    continue;
                }
            }
            let Some(occ) = c.occupation.as_deref() else {
                missing = true;
                continue;
            };
            match classify(&self.lists, occ, scope) {
                Match::Own | Match::Related => {}
                Match::Excluded(q) => {
                    excluded = Some((occ.to_string(), q));
                    continue;
                }
                Match::No => {
                    unrelated.push(occ.to_string());
                    continue;
                }
            }
            match c.issued {
                Some(d) if d <= self.as_of => best = Some(best.map_or(d, |b| b.min(d))),
                Some(_) => {}
                None => missing = true,
            }
        }
        let lz = level_zh(level);
        if let Some(d) = best {
            return Ok((
                d,
                format!("取得{lz}证书（{d}）后"),
                format!("after the level-{level} certificate ({d})"),
            ));
        }
        if missing {
            return Err(Box::new(ReqOut::new(
                Status::NeedsInfo,
                format!("请填写{lz}证书的职业和取得日期"),
                format!("Give the level-{level} certificate's occupation and issue date"),
            )));
        }
        let mut zh = format!("未持有本职业或相关职业{lz}证书");
        let mut en = format!("No level-{level} certificate in the own or a related occupation");
        if let Some((o, q)) = excluded {
            zh += &format!("：“{o}”证书不计入，指南原文：“{q}”");
            en += &format!(": the {o} certificate does not count (organiser's ruling)");
        } else if !unrelated.is_empty() {
            zh += &format!(
                "（“{}”不在{}中）",
                unrelated.join("”“"),
                lists_checked(&self.lists, scope)
            );
            en += &format!(
                " ({} not in {})",
                unrelated.join(", "),
                lists_checked_en(&self.lists, scope)
            );
        }
        Err(Box::new(ReqOut::new(Status::NotMet, zh, en)))
    }

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
        zh += &format!("（核对名单：{}）", lists_checked(&self.lists, w.scope));
        en += &format!(
            " (checked against {})",
            lists_checked_en(&self.lists, w.scope)
        );
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
                status: Status::NeedsInfo,
                zh,
                en,
                earliest,
                figure,
            };
        }
        ReqOut {
            status: Status::NotMet,
            zh,
            en,
            earliest,
            figure,
        }
    }

    pub(crate) fn certificate(&self, c: &CertReq) -> ReqOut {
        let d = match self.cert_date(c.level, c.scope) {
            Ok((d, _, _)) => d,
            Err(o) => return *o,
        };
        let Some(years) = c.held_years else {
            return ReqOut::new(
                Status::Met,
                format!("持有{}证书（{d}）", level_zh(c.level)),
                format!("Holds the level-{} certificate ({d})", c.level),
            );
        };
        let have = Length::between(d, self.as_of);
        let due = d.add_years(years.into());
        let figure = Some(Figure {
            label_zh: format!("持有{}证书", level_zh(c.level)),
            label_en: format!("level-{} certificate held", c.level),
            have: have.zh(),
            need: format!("{years}年"),
        });
        if have >= Length::years(years) {
            ReqOut {
                status: Status::Met,
                zh: format!(
                    "{}证书（{d}）已持有 {}，需满 {years}年",
                    level_zh(c.level),
                    have.zh()
                ),
                en: format!(
                    "Level-{} certificate ({d}) held {}, need {years} y",
                    c.level,
                    have.en()
                ),
                earliest: None,
                figure,
            }
        } else {
            let mut zh = format!(
                "{}证书（{d}）已持有 {}，需满 {years}年",
                level_zh(c.level),
                have.zh()
            );
            let mut en = format!(
                "Level-{} certificate ({d}) held {}, need {years} y",
                c.level,
                have.en()
            );
            if let Some(due) = due {
                zh += &format!("；最早 {due} 满足");
                en += &format!("; met on {due}");
            }
            ReqOut {
                status: Status::NotMet,
                zh,
                en,
                earliest: due,
                figure,
            }
        }
    }

    pub(crate) fn title(&self, rank: &str) -> ReqOut {
        match self.anchor(
            &Anchor::Title {
                rank: Text::from(rank.to_owned()),
            },
            Scope::Own,
        ) {
            Ok((d, _, _)) => ReqOut::new(
                Status::Met,
                format!("持有符合专业对应关系的{rank}职称（{d}）"),
                format!("Holds a {rank} title matching the field ({d})"),
            ),
            Err(o) => *o,
        }
    }

    pub(crate) fn education(&self, e: &EduReq) -> ReqOut {
        let mut best: Option<ReqOut> = None;
        if self.profile.education.is_empty() {
            return ReqOut::new(
                Status::NotMet,
                "未填写学历（院校）信息",
                "No school record given",
            );
        }
        for (i, rec) in self.profile.education.iter().enumerate() {
            for o in e.options.iter() {
                let out = self.edu_option(i, rec, o);
                // Among equals, the one that says when it would be met (a
                // school type that fits, graduating later) tells the most.
                let better = |b: &ReqOut| {
                    out.status > b.status
                        || (out.status == b.status
                            && b.earliest.is_none()
                            && out.earliest.is_some())
                };
                if best.as_ref().is_none_or(better) {
                    best = Some(out);
                }
            }
        }
        best.expect("at least one record and one option")
    }

    pub(crate) fn edu_option(
        &self,
        i: usize,
        rec: &crate::profile::Education,
        o: &crate::rules::EduOption,
    ) -> ReqOut {
        let Some(school) = rec.school.map(SchoolType::name) else {
            return ReqOut::new(
                Status::NeedsInfo,
                format!("第{}条学历缺少学校类型", i + 1),
                format!("School record {} has no school type", i + 1),
            );
        };
        let allowed = o.schools.join("、");
        if !o.schools.iter().any(|s| s == school) {
            if o.unclear_schools.iter().any(|s| s == school) {
                return ReqOut::new(
                    Status::NeedsInfo,
                    format!("指南只写“{allowed}”，“{school}”是否适用未说明，请向评价机构确认"),
                    format!("The guide names only {allowed}; whether {school} counts is not said: ask the organiser"),
                );
            }
            return ReqOut::new(
                Status::NotMet,
                format!("学校类型“{school}”不符（需为：{allowed}）"),
                format!("School type {school} does not fit (needs {allowed})"),
            );
        }
        if let Some(list_id) = &o.majors {
            let list = self
                .lists
                .major_list(list_id)
                .expect("validated at build time");
            match rec.major.as_deref().map(base_name) {
                None | Some("") => {
                    return ReqOut::new(
                        Status::NeedsInfo,
                        format!("第{}条学历缺少专业", i + 1),
                        format!("School record {} has no major", i + 1),
                    )
                }
                Some(m) if list.items.iter().any(|x| x == m) => {}
                Some(m) => {
                    let etc = if list.open_ended {
                        "；名单以“等”结尾，未列出的专业请向评价机构确认"
                    } else {
                        ""
                    };
                    return ReqOut::new(
                        Status::NotMet,
                        format!("专业“{m}”不在{}中{etc}", list.name_zh),
                        format!("Major {m} is not in {}", list.name_en),
                    );
                }
            }
        }
        if !o.classes.is_empty() {
            match rec.class.map(TechnicianClass::name) {
                Some(c) if o.classes.iter().any(|x| x == c) => {}
                Some(c) => {
                    return ReqOut::new(
                        Status::NotMet,
                        format!("班级“{c}”不符（需为：{}）", o.classes.join("、")),
                        format!("Class {c} does not fit"),
                    )
                }
                None => {
                    return ReqOut::new(
                        Status::NotMet,
                        format!("需为{}学生（未填写班级）", o.classes.join("、")),
                        format!("Must be a {} student (no class given)", o.classes.join("/")),
                    )
                }
            }
        }
        let major = rec.major.as_deref().unwrap_or("");
        if o.majors_unlisted {
            let fits = match (o.status, rec.graduated) {
                (EduStatus::Graduated, Some(d)) | (EduStatus::GraduatedOrFinalYear, Some(d)) => {
                    d <= self.as_of
                }
                (EduStatus::GraduatedOrFinalYear, None) | (EduStatus::Enrolled, None) => true,
                _ => false,
            };
            if fits {
                let m = if major.trim().is_empty() {
                    "（未填写专业）".to_string()
                } else {
                    format!("“{major}”")
                };
                return ReqOut::new(
                    Status::NeedsInfo,
                    format!("{school}专业{m}：须为本专业或相关专业，规程未给专业名单，请向评价机构确认"),
                    format!("{school}, major {major}: it must be in the field or a related one; the rules give no list, so ask the organiser"),
                );
            }
        }
        match (o.status, rec.graduated) {
            (EduStatus::Graduated, Some(d)) | (EduStatus::GraduatedOrFinalYear, Some(d))
                if d <= self.as_of =>
            {
                ReqOut::new(
                    Status::Met,
                    format!("{school}{major}毕业（{d}）"),
                    format!("Graduated from a {school} ({major}) on {d}"),
                )
            }
            (EduStatus::GraduatedOrFinalYear, Some(d))
                if d <= graduation_season_end(self.as_of) =>
            {
                let end = graduation_season_end(self.as_of);
                ReqOut::new(
                    Status::Met,
                    format!("{school}{major}预计 {d} 毕业，在本届毕业季（至 {end}）内：按在校应届毕业生计"),
                    format!(
                        "Graduating from a {school} ({major}) on {d}, within this graduation season (to {end}): counted as a final-year student"
                    ),
                )
            }
            (EduStatus::GraduatedOrFinalYear, Some(d)) => {
                let end = graduation_season_end(self.as_of);
                ReqOut {
                    earliest: Some(d),
                    ..ReqOut::new(
                        Status::NotMet,
                        format!(
                            "毕业日期 {d} 晚于签字日期，也晚于本届毕业季（至 {end}），不算在校应届毕业生；如你其实在 {end} 前毕业（本届在校应届毕业生），请勾选「在校应届」"
                        ),
                        format!(
                            "Graduation {d} is after the signing date and after this graduation season (to {end}), so not a final-year student; if you in fact graduate by {end} (this year's final-year student), tick 'Final-year student'"
                        ),
                    )
                }
            }
            (EduStatus::Graduated, Some(d)) => ReqOut {
                earliest: Some(d),
                ..ReqOut::new(
                    Status::NotMet,
                    format!("毕业日期 {d} 晚于签字日期"),
                    format!("Graduation {d} is after the signing date"),
                )
            },
            (EduStatus::Graduated, None) => ReqOut::new(
                Status::NotMet,
                format!("需已取得{school}毕业证书（尚在读不符合）"),
                format!("A {school} diploma is required; still enrolled does not count"),
            ),
            (EduStatus::GraduatedOrFinalYear, None) => ReqOut::new(
                Status::Met,
                format!("{school}{major}在校应届毕业生（按在读应届计）"),
                format!("Final-year student at a {school} ({major})"),
            ),
            (EduStatus::Enrolled, None) => ReqOut::new(
                Status::Met,
                format!(
                    "{school}{}在读学生",
                    rec.class.map(TechnicianClass::name).unwrap_or("")
                ),
                format!("Current student at a {school}"),
            ),
            (EduStatus::Enrolled, Some(d)) if d > self.as_of => ReqOut::new(
                Status::Met,
                format!(
                    "{school}{}在读学生（预计 {d} 毕业）",
                    rec.class.map(TechnicianClass::name).unwrap_or("")
                ),
                format!("Current student at a {school} (graduating on {d})"),
            ),
            (EduStatus::Enrolled, Some(d)) => ReqOut::new(
                Status::NotMet,
                format!("此条件为在读学生，已于 {d} 毕业"),
                format!("This route is for current students; you graduated on {d}"),
            ),
        }
    }

    pub(crate) fn training(&self, t: &TrainingReq) -> ReqOut {
        let names = t.occupations.join("、");
        let lvl = t.level.map(level_zh).unwrap_or("");
        let mut best: Option<ReqOut> = None;
        for (i, tr) in self.profile.training.iter().enumerate() {
            let out = (|| {
                let Some(occ) = tr.occupation.as_deref() else {
                    return ReqOut::new(
                        Status::NeedsInfo,
                        format!("第{}条培训缺少职业", i + 1),
                        "Training occupation missing",
                    );
                };
                if !t.occupations.iter().any(|x| x == base_name(occ)) {
                    return ReqOut::new(
                        Status::NotMet,
                        format!("培训“{occ}”不是{names}培训"),
                        format!("Training in {occ} is not {names} training"),
                    );
                }
                if let Some(l) = t.level {
                    match tr.level {
                        Some(x) if x == l => {}
                        Some(x) => {
                            return ReqOut::new(
                                Status::NotMet,
                                format!("培训等级为{}，需为{lvl}", level_zh(x)),
                                format!("Training level {x}, need {l}"),
                            )
                        }
                        None => {
                            return ReqOut::new(
                                Status::NeedsInfo,
                                "请填写培训等级",
                                "Training level missing",
                            )
                        }
                    }
                }
                match tr.certificate {
                    Some(true) => {}
                    Some(false) => {
                        return ReqOut::new(
                            Status::NotMet,
                            "未取得培训结业证书",
                            "No certificate of completion",
                        )
                    }
                    None => {
                        return ReqOut::new(
                            Status::NeedsInfo,
                            "请确认是否取得结业证书",
                            "Certificate of completion?",
                        )
                    }
                }
                match (t.min_hours, tr.hours) {
                    (Some(min), Some(h)) if h >= min => ReqOut {
                        figure: Some(Figure {
                            label_zh: "培训学时".into(),
                            label_en: "training hours".into(),
                            have: h.to_string(),
                            need: min.to_string(),
                        }),
                        ..ReqOut::new(
                            Status::Met,
                            format!("{names}{lvl}培训 {h} 学时（不少于 {min}），已取得结业证书"),
                            format!("{names} training, {h} h (min {min}), with certificate"),
                        )
                    },
                    (Some(min), Some(h)) => ReqOut::new(
                        Status::NotMet,
                        format!("培训 {h} 学时，需不少于 {min} 学时"),
                        format!("Training {h} h, need at least {min} h"),
                    ),
                    (Some(min), None) => ReqOut::new(
                        Status::NeedsInfo,
                        format!("请填写培训学时（需不少于 {min}）"),
                        format!("Give the training hours (min {min})"),
                    ),
                    (None, _) => ReqOut::new(
                        Status::Met,
                        format!("{names}培训，已取得结业证书（指南未给出“规定标准学时数”，请以培训机构证明为准）"),
                        format!("{names} training with certificate (the guide gives no hour figure)"),
                    ),
                }
            })();
            if best.as_ref().is_none_or(|b| out.status > b.status) {
                best = Some(out);
            }
        }
        best.unwrap_or_else(|| {
            ReqOut::new(
                Status::NotMet,
                format!("未填写{names}{lvl}培训经历"),
                format!("No {names} training given"),
            )
        })
    }

    pub(crate) fn age(&self, a: &AgeReq) -> ReqOut {
        let years = a.years;
        let Some(id) = self
            .profile
            .id_number
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        else {
            return ReqOut::new(
                Status::NeedsInfo,
                format!("请填写身份证号（核对是否年满{years}周岁）"),
                format!("Give your ID number (to check you are {years} or over)"),
            );
        };
        let Some(birth) = identity::birth_date(id.trim()) else {
            return ReqOut::new(
                Status::NeedsInfo,
                "身份证号中读不出出生日期，请核对",
                "No birth date can be read from the ID number: check it",
            );
        };
        let Some(due) = birth.add_years(years.into()) else {
            return ReqOut::new(Status::NeedsInfo, "出生日期无效", "Invalid birth date");
        };
        if due <= self.as_of {
            ReqOut::new(
                Status::Met,
                format!("按身份证号，已年满{years}周岁"),
                format!("By the ID number, {years} or over"),
            )
        } else {
            ReqOut {
                earliest: Some(due),
                ..ReqOut::new(
                    Status::NotMet,
                    format!("按身份证号，{due} 年满{years}周岁"),
                    format!("By the ID number, you turn {years} on {due}"),
                )
            }
        }
    }

    pub(crate) fn requirement(&self, r: &Requirement) -> ReqOut {
        let out = match r {
            Requirement::Work(w) => self.work(w),
            Requirement::Certificate(x) => self.certificate(x),
            Requirement::Title(t) => self.title(&t.rank),
            Requirement::Education(e) => self.education(e),
            Requirement::Training(t) => self.training(t),
            Requirement::Age(a) => self.age(a),
        };
        // "Not answered" is not "none": a topic the candidate has not
        // answered cannot make a requirement unmet, only unknown.
        let unanswered: Vec<Topic> = requirement_topics(std::slice::from_ref(r))
            .into_iter()
            .filter(|t| self.profile.unanswered.contains(t))
            .collect();
        if out.status != Status::NotMet || unanswered.is_empty() {
            return out;
        }
        let zh: Vec<&str> = unanswered.iter().map(|t| t.name_zh()).collect();
        let en: Vec<&str> = unanswered.iter().map(|t| t.name_en()).collect();
        ReqOut {
            status: Status::NeedsInfo,
            zh: format!("还没有回答“{}”（{}）", zh.join("”“"), out.zh),
            en: format!("{} not answered yet ({})", en.join(", "), out.en),
            ..out
        }
    }

    pub(crate) fn condition(&self, c: &Condition) -> ConditionOutcome {
        self.judge(&c.id, &c.text, &c.requires).0
    }

    /// A conjunction of requirements: the condition's outcome and each
    /// requirement's verdict, in order.
    pub(crate) fn judge(
        &self,
        id: &str,
        quote: &str,
        requires: &[Requirement],
    ) -> (ConditionOutcome, Vec<Part>) {
        let outs: Vec<ReqOut> = requires.iter().map(|r| self.requirement(r)).collect();
        let status = outs.iter().map(|o| o.status).min().unwrap_or(Status::Met);
        let earliest = if status == Status::Met {
            None
        } else {
            outs.iter()
                .filter(|o| o.status != Status::Met)
                .map(|o| o.earliest)
                .collect::<Option<Vec<_>>>()
                .and_then(|v| v.into_iter().max())
        };
        // A missing certificate is reported once even when two requirements need it.
        let mut zh_parts: Vec<&str> = Vec::new();
        let mut en_parts: Vec<&str> = Vec::new();
        for o in &outs {
            if !zh_parts.contains(&o.zh.as_str()) {
                zh_parts.push(&o.zh);
                en_parts.push(&o.en);
            }
        }
        let reason_zh = zh_parts.join("；");
        let reason_en = en_parts.join("; ");
        let (vz, ve) = status.label();
        let mut zh = format!("{vz}：{reason_zh}。");
        let mut en = format!("{ve}: {reason_en}.");
        if let (Some(d), false) = (earliest, status == Status::Met) {
            if outs.len() > 1 {
                zh += &format!("最早满足日期：{d}。");
                en += &format!(" Earliest date: {d}.");
            }
        }
        let parts = outs
            .iter()
            .map(|o| Part {
                status: o.status,
                zh: o.zh.clone(),
                en: o.en.clone(),
            })
            .collect();
        let outcome = ConditionOutcome {
            id: id.to_string(),
            status,
            explanation_zh: zh,
            explanation_en: en,
            reason_zh,
            reason_en,
            quote: quote.to_string(),
            earliest,
            figures: outs.into_iter().filter_map(|o| o.figure).collect(),
        };
        (outcome, parts)
    }
}

/// The topics these requirements read, in a natural order (work first):
/// what to ask a candidate for them. The ID number (age) is the identity
/// topic, which every plan asks, so it is not listed.
pub fn requirement_topics(requirements: &[Requirement]) -> Vec<Topic> {
    let mut on = [false; 5];
    for req in requirements {
        match req {
            Requirement::Work(w) => {
                on[0] = true;
                match &w.after {
                    Some(Anchor::Certificate { .. }) => on[1] = true,
                    Some(Anchor::Title { .. }) => on[2] = true,
                    None => {}
                }
            }
            Requirement::Certificate(_) => on[1] = true,
            Requirement::Title(_) => on[2] = true,
            Requirement::Education(_) => on[3] = true,
            Requirement::Training(_) => on[4] = true,
            Requirement::Age(_) => {}
        }
    }
    Topic::ALL[..5]
        .iter()
        .zip(on)
        .filter_map(|(t, on)| on.then_some(*t))
        .collect()
}
