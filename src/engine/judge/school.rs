//! The school requirement: a school record against each option the condition
//! allows (type, major by the plan's lists, graduation).

use super::*;

impl Ctx<'_> {
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
                    checked: None,
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
                checked: None,
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
}
