//! A condition's requirements checked as data: the values each kind allows,
//! the lists and majors it names.

use super::*;

pub(super) fn check_req(
    at: &str,
    r: &Requirement,
    has_related: bool,
    majors: &[NameList],
    errors: &mut Vec<String>,
) {
    let level_ok = |l: u8, errors: &mut Vec<String>| {
        if !(1..=5).contains(&l) {
            errors.push(format!("{at}: level {l} is not 1–5"));
        }
    };
    let needs_related = |s: Scope, errors: &mut Vec<String>| {
        if s == Scope::OwnOrRelated && !has_related {
            errors.push(format!(
                "{at}: scope own_or_related but the plan has no related list"
            ));
        }
    };
    match r {
        Requirement::Work(w) => {
            if w.years == 0 {
                errors.push(format!("{at}: work years must be > 0"));
            }
            needs_related(w.scope, errors);
            match &w.after {
                Some(Anchor::Certificate { level }) => level_ok(*level, errors),
                Some(Anchor::Title { rank }) if !RANKS.contains(&&**rank) => errors.push(format!(
                    "{at}: title rank \"{rank}\" is not one of {RANKS:?}"
                )),
                _ => {}
            }
        }
        Requirement::Certificate(c) => {
            level_ok(c.level, errors);
            needs_related(c.scope, errors);
        }
        Requirement::Title(t) => {
            if !RANKS.contains(&&*t.rank) {
                errors.push(format!(
                    "{at}: title rank \"{}\" is not one of {RANKS:?}",
                    t.rank
                ));
            }
        }
        Requirement::Education(e) => {
            if e.options.is_empty() {
                errors.push(format!("{at}: education has no options"));
            }
            for o in e.options.iter() {
                for s in o.schools.iter().chain(o.unclear_schools.iter()) {
                    if !SCHOOLS.contains(&&**s) {
                        errors.push(format!("{at}: school \"{s}\" is not one of {SCHOOLS:?}"));
                    }
                }
                for c in o.classes.iter() {
                    if !CLASSES.contains(&&**c) {
                        errors.push(format!("{at}: class \"{c}\" is not one of {CLASSES:?}"));
                    }
                }
                if o.majors_unlisted && o.majors.is_some() {
                    errors.push(format!(
                        "{at}: majors_unlisted and a major list exclude each other"
                    ));
                }
                if let Some(m) = &o.majors {
                    if !majors.iter().any(|l| &l.id == m) {
                        errors.push(format!(
                            "{at}: major list \"{m}\" is not in the plan's majors"
                        ));
                    }
                }
            }
        }
        Requirement::Age(a) => {
            if a.years == 0 {
                errors.push(format!("{at}: age years must be > 0"));
            }
        }
        Requirement::Training(t) => {
            if t.occupations.is_empty() {
                errors.push(format!("{at}: training occupations is empty"));
            }
            if let Some(l) = t.level {
                level_ok(l, errors);
            }
        }
    }
}
