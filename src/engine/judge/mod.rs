//! Judging one condition: each requirement (work years, certificate, title,
//! school, training, age) against the profile, with the figures, the reason in
//! both languages and the earliest date it would be met.
//!
//! Invariant: one code path judges every plan and the national template
//! (levels.rs builds its `Ctx` with the template's lists); no I/O, no clock.
//!
//! Here: what a requirement's verdict is (`ReqOut`), what judging reads (`Ctx`),
//! and a condition judged requirement by requirement. Each requirement is judged
//! in the room of what it asks for: `work.rs`, `documents.rs` (certificates,
//! titles, the anchor date), `school.rs`, `training.rs`, `age.rs`.

mod age;
mod documents;
mod school;
mod training;
mod work;

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
    /// The guide's name lists the answers were checked against (zh, en):
    /// the citation behind the plain sentence.
    checked: Option<(String, String)>,
}

impl ReqOut {
    pub(crate) fn new(status: Status, zh: impl Into<String>, en: impl Into<String>) -> ReqOut {
        ReqOut {
            status,
            zh: zh.into(),
            en: en.into(),
            earliest: None,
            figure: None,
            checked: None,
        }
    }
}

pub(crate) struct Ctx<'a> {
    pub(crate) lists: Lists<'a>,
    pub(crate) profile: &'a Profile,
    pub(crate) as_of: Date,
}

impl Ctx<'_> {
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
        let mut checked_zh: Vec<String> = Vec::new();
        let mut checked_en: Vec<String> = Vec::new();
        for (zh, en) in outs.iter().filter_map(|o| o.checked.clone()) {
            if !checked_zh.contains(&zh) {
                checked_zh.push(zh);
                checked_en.push(en);
            }
        }
        let outcome = ConditionOutcome {
            id: id.to_string(),
            status,
            explanation_zh: zh,
            explanation_en: en,
            reason_zh,
            reason_en,
            quote: quote.to_string(),
            checked_zh,
            checked_en,
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
