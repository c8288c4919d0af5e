//! The documents a requirement counts from: certificates and titles, their
//! dates (the anchor that work years run from), and the certificate and title
//! requirements themselves.

use super::*;

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
                checked: None,
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
                checked: None,
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
}
