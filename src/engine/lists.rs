//! Which list an occupation name is on for a plan (本职业, 相关职业, excluded,
//! none), and the list name to suggest for an informal job title.
//!
//! Invariant: a plan's lists never leave it (002's exclusion is 002's); an
//! informal title is never matched silently, only suggested.
use super::*;

/// The name with any 工种 in parentheses removed and whitespace trimmed:
/// `互联网营销师（直播销售员）` → `互联网营销师`.
pub fn base_name(s: &str) -> &str {
    let s = s.trim();
    let cut = s.find(['(', '（']).unwrap_or(s.len());
    s[..cut].trim()
}

/// How an occupation name relates to a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Match {
    Own,
    Related,
    Excluded(String),
    No,
}

/// The lists a reading of the conditions counts with: a plan's (its guide's
/// lists and exclusions), or the national template's for one occupation
/// (the occupation itself only; see [`levels`]). A guide's reading never
/// leaves its plan: each plan brings its own.
#[derive(Clone, Copy)]
pub(crate) struct Lists<'a> {
    pub(crate) occupation: &'a str,
    pub(crate) own: &'a OccupationList,
    pub(crate) related: Option<&'a OccupationList>,
    pub(crate) excluded: &'a [Exclusion],
    pub(crate) majors: &'a [NameList],
}

impl<'a> Lists<'a> {
    pub(crate) fn of(plan: &'a Plan) -> Lists<'a> {
        Lists {
            occupation: &plan.occupation,
            own: &plan.own,
            related: plan.related.as_ref(),
            excluded: &plan.excluded,
            majors: &plan.majors,
        }
    }

    pub(crate) fn major_list(&self, id: &str) -> Option<&'a NameList> {
        self.majors.iter().find(|l| l.id == id)
    }
}

pub(crate) fn classify(lists: &Lists, name: &str, scope: Scope) -> Match {
    let n = base_name(name);
    if let Some(x) = lists.excluded.iter().find(|x| x.occupation == n) {
        return Match::Excluded(x.quote.to_string());
    }
    let has = |items: &[Text]| items.iter().any(|i| i == n);
    if has(&lists.own.items) || has(&lists.own.expanded) || n == lists.occupation {
        return Match::Own;
    }
    if scope == Scope::OwnOrRelated {
        if let Some(r) = lists.related {
            if has(&r.items) || has(&r.expanded) {
                return Match::Related;
            }
        }
    }
    Match::No
}

/// The occupations written on work periods that count for none of this
/// plan's lists (本职业, 相关职业; or excluded by the organiser), once each:
/// said plainly to a candidate who is not eligible, so twenty years as 会计
/// are not silently worth nothing.
pub fn uncounted_work(plan: &Plan, profile: &crate::profile::Profile) -> Vec<String> {
    let lists = Lists::of(plan);
    let mut out: Vec<String> = Vec::new();
    for w in &profile.work {
        let Some(occ) = w
            .occupation
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
        else {
            continue;
        };
        let counts = matches!(
            classify(&lists, occ, Scope::OwnOrRelated),
            Match::Own | Match::Related
        );
        if !counts && !out.iter().any(|o| o == occ) {
            out.push(occ.to_string());
        }
    }
    out
}

pub(crate) fn lists_checked(lists: &Lists, scope: Scope) -> String {
    let mut s = lists.own.name_zh.to_string();
    if scope == Scope::OwnOrRelated {
        if let Some(r) = lists.related {
            s += "、";
            s += &r.name_zh;
        }
    }
    s
}

pub(crate) fn lists_checked_en(lists: &Lists, scope: Scope) -> String {
    let mut s = lists.own.name_en.to_string();
    if scope == Scope::OwnOrRelated {
        if let Some(r) = lists.related {
            s += ", ";
            s += &r.name_en;
        }
    }
    s
}

/// Suggests the list name to write on the form for an informal job title
/// (电商运营, 网店客服, 带货主播, 直播运营…), taken from the plan's own or
/// related list. `None` when the title is already a list name or nothing fits.
pub fn suggest_occupation(informal: &str, plan: &Plan) -> Option<Suggestion> {
    let lists = Lists::of(plan);
    let n = base_name(informal);
    if n.is_empty() || classify(&lists, n, Scope::OwnOrRelated) != Match::No {
        return None;
    }
    let entry = catalog()
        .informal
        .iter()
        .find(|t| n == t.term)
        .or_else(|| {
            catalog()
                .informal
                .iter()
                .filter(|t| n.contains(&*t.term))
                .max_by_key(|t| t.term.chars().count())
        })?;
    let (name, list) =
        entry
            .suggest
            .iter()
            .find_map(|s| match classify(&lists, s, Scope::OwnOrRelated) {
                Match::Own => Some((s.clone(), plan.own.name_zh.clone())),
                Match::Related => Some((
                    s.clone(),
                    plan.related
                        .as_ref()
                        .map(|r| r.name_zh.clone())
                        .unwrap_or_default(),
                )),
                _ => None,
            })?;
    Some(Suggestion {
        informal: informal.to_string(),
        message_zh: format!(
            "“{informal}”是岗位俗称，不在名单中，不计入年限。若实际从事的是“{name}”（{list}），请在申报表上写“{name}”并确认属实。"
        ),
        message_en: format!(
            "\"{informal}\" is an informal title and does not count. If your work was \"{name}\" ({list}), write that name on the form and confirm it is true."
        ),
        suggested: name.to_string(),
        list: list.to_string(),
    })
}
