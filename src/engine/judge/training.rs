//! The training requirement: hours of 正规培训 in the occupation.

use super::*;

impl Ctx<'_> {
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
                        checked: None,
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
}
