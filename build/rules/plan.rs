//! One guide's plan file (rules/plans/*.toml) checked against its guide and
//! built into the model's [`Plan`]: lists, materials, conditions, notes, steps.

use super::*;

pub(super) fn bake_file(
    fname: &str,
    file: GuideFile,
    guide: &str,
    steps: &[Step],
    plans: &mut Vec<Plan>,
    errors: &mut Vec<String>,
) {
    let gfile = file.guide.file.clone();
    let mut missing = Vec::new();
    let mut verbatim = |what: String, text: &str| {
        if bare(text).is_empty() || !guide.contains(&bare(text)) {
            missing.push(format!(
                "rules/{fname}: {what}: text not found verbatim in rules/guides/{gfile}: «{text}»"
            ));
        }
    };
    for (key, l) in &file.lists {
        for it in &l.items {
            verbatim(format!("list \"{key}\" item"), it);
        }
    }
    for (key, l) in &file.lists {
        if l.items.is_empty() {
            errors.push(format!("rules/{fname}: list \"{key}\": no items"));
        }
    }
    for (key, m) in &file.materials {
        verbatim(
            format!("material \"{key}\" name"),
            m.guide_name.as_deref().unwrap_or(&m.name),
        );
    }
    for c in &file.conditions {
        verbatim(format!("condition \"{}\"", c.id), &c.text);
    }
    for n in &file.notes {
        verbatim(format!("note \"{}\"", n.id), &n.text);
    }
    for a in &file.ambiguities {
        for q in &a.quotes {
            verbatim(format!("ambiguity \"{}\" quote", a.id), q);
        }
    }
    for f in &file.forms {
        let at = format!("form \"{}\"", f.material);
        verbatim(format!("{at} name"), &f.name);
        for r in f.rules.iter().chain(&f.unrelated_blank) {
            verbatim(format!("{at} rule"), r);
        }
        for b in &f.boxes {
            let bat = format!("{at} box \"{}\"", b.label);
            verbatim(format!("{bat} label"), &b.label);
            if let Some(r) = &b.rule {
                verbatim(format!("{bat} rule"), r);
            }
            match (b.fill, &b.text) {
                (Fill::Text, Some(t)) => verbatim(format!("{bat} text"), t),
                (Fill::EmployerOpinion, Some(t)) => {
                    for piece in opinion_pieces(t).iter().filter(|p| !bare(p).is_empty()) {
                        verbatim(format!("{bat} text"), piece);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(m) = &file.mailing {
        verbatim("mailing rule".into(), &m.rule);
        verbatim("mailing address".into(), &m.address);
    }
    for p in &file.plans {
        for x in &p.excluded {
            verbatim(format!("plan \"{}\" exclusion quote", p.id), &x.quote);
        }
    }
    errors.append(&mut missing);
    for sn in &file.step_notes {
        if !steps.iter().any(|s| s.n == sn.step) {
            errors.push(format!(
                "rules/{fname}: step_note for step {}: no such step",
                sn.step
            ));
        }
        if let Some(c) = &sn.condition {
            if !file.conditions.iter().any(|x| &x.id == c) {
                errors.push(format!(
                    "rules/{fname}: step_note for step {}: no condition \"{c}\"",
                    sn.step
                ));
            }
        }
    }
    let plan_ids: BTreeSet<&str> = file.plans.iter().map(|p| p.id.as_str()).collect();
    for c in &file.conditions {
        for p in &c.plans {
            if !plan_ids.contains(p.as_str()) {
                errors.push(format!(
                    "rules/{fname}: condition \"{}\": unknown plan \"{p}\"",
                    c.id
                ));
            }
        }
    }
    for a in &file.ambiguities {
        for p in &a.plans {
            if !plan_ids.contains(p.as_str()) {
                errors.push(format!(
                    "rules/{fname}: ambiguity \"{}\": unknown plan \"{p}\"",
                    a.id
                ));
            }
        }
    }

    let forms = check_forms(fname, &file, errors);

    let list = |id: &str, what: &str, errors: &mut Vec<String>| -> Option<OccupationList> {
        match file.lists.get(id) {
            Some(l) => Some(OccupationList {
                id: id.to_string().into(),
                name_zh: l.name_zh.clone().into(),
                name_en: l.name_en.clone().into(),
                section: l.section.clone().into(),
                items: texts(&l.items),
                expanded: texts(&l.expanded),
                open_ended: l.open_ended,
            }),
            None => {
                errors.push(format!("rules/{fname}: {what}: no list \"{id}\""));
                None
            }
        }
    };

    for p in &file.plans {
        let at = format!("rules/{fname}: plan \"{}\"", p.id);
        if p.id.is_empty()
            || !p
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            errors.push(format!("{at}: id must be lower-case ascii, digits and '-'"));
        }
        if !(1..=5).contains(&p.level) {
            errors.push(format!("{at}: level {} is not 1–5", p.level));
        }
        let own = list(&p.own, &format!("plan \"{}\" own", p.id), errors);
        let related = p
            .related
            .as_deref()
            .and_then(|r| list(r, &format!("plan \"{}\" related", p.id), errors));
        let majors: Vec<NameList> = p
            .majors
            .iter()
            .filter_map(|m| list(m, &format!("plan \"{}\" majors", p.id), errors))
            .map(|l| NameList {
                id: l.id,
                name_zh: l.name_zh,
                name_en: l.name_en,
                section: l.section,
                items: l.items,
                open_ended: l.open_ended,
            })
            .collect();
        let mut conditions = Vec::new();
        for c in file
            .conditions
            .iter()
            .filter(|c| c.plans.is_empty() || c.plans.contains(&p.id))
        {
            let cat = format!("{at}: condition \"{}\"", c.id);
            if c.id != (conditions.len() + 1).to_string() {
                errors.push(format!(
                    "{cat}: ids must be \"1\", \"2\", … in the guide's order"
                ));
            }
            if c.requires.is_empty() {
                errors.push(format!("{cat}: requires is empty"));
            }
            for r in &c.requires {
                check_req(&cat, r, p.related.is_some(), &majors, errors);
            }
            let mut materials = Vec::new();
            for key in &c.materials {
                match file.materials.get(key) {
                    Some(m) => materials.push(Material {
                        key: key.clone().into(),
                        name: m.name.clone().into(),
                        name_en: m.name_en.clone().into(),
                        guide_name: m.guide_name.clone().map(Text::from),
                        uploads: m.uploads.clone().into(),
                        prep: m.prep.clone().into(),
                        how_zh: m.how_zh.clone().into(),
                        how_en: m.how_en.clone().into(),
                    }),
                    None => errors.push(format!("{cat}: no material \"{key}\"")),
                }
            }
            if materials.is_empty() {
                errors.push(format!("{cat}: no materials"));
            }
            conditions.push(Condition {
                id: c.id.clone().into(),
                text: squash(&c.text).into(),
                text_en: c.text_en.clone().into(),
                section: c.section.clone().into(),
                requires: c.requires.clone().into(),
                materials: materials.into(),
            });
        }
        if conditions.is_empty() {
            errors.push(format!("{at}: no conditions"));
        }
        let ambiguities = file
            .ambiguities
            .iter()
            .filter(|a| a.plans.is_empty() || a.plans.contains(&p.id))
            .map(|a| {
                if let Some(c) = &a.condition {
                    if !conditions.iter().any(|x| &x.id == c) {
                        errors.push(format!(
                            "{at}: ambiguity \"{}\": no condition \"{c}\"",
                            a.id
                        ));
                    }
                }
                Ambiguity {
                    id: a.id.clone().into(),
                    condition: a.condition.clone().map(Text::from),
                    text_zh: a.text_zh.clone().into(),
                    text_en: a.text_en.clone().into(),
                    quotes: a.quotes.iter().map(|q| Text::from(squash(q))).collect(),
                }
            })
            .collect();
        let plan_steps = steps
            .iter()
            .map(|s| {
                let mut s = s.clone();
                if let Some(n) = file.step_notes.iter().find(|n| n.step == s.n) {
                    s.note_zh = Some(n.note_zh.clone().into());
                    s.note_en = Some(n.note_en.clone().into());
                    s.note_condition = n.condition.clone().map(Text::from);
                } else if file.step_notes.is_empty() && s.n == 1 {
                    s.note_zh = Some(NO_PROCEDURE_ZH.into());
                    s.note_en = Some(NO_PROCEDURE_EN.into());
                }
                s
            })
            .collect();
        let (Some(own), related) = (own, related) else {
            continue;
        };
        plans.push(Plan {
            id: p.id.clone().into(),
            occupation: p.occupation.clone().into(),
            work_type: p.work_type.clone().map(Text::from),
            level: p.level,
            level_name: p.level_name.clone().into(),
            title_zh: p.title_zh.clone().into(),
            title_en: p.title_en.clone().into(),
            region: file.guide.region.clone().map(Text::from),
            source: Source {
                file: file.guide.file.clone().into(),
                title: file.guide.title.clone().into(),
                title_missing: file.guide.title_missing,
                organiser: file.guide.organiser.clone().into(),
            },
            standard_zh: file.guide.standard_zh.clone().into(),
            standard_en: file.guide.standard_en.clone().into(),
            own,
            related,
            excluded: p.excluded.clone().into(),
            majors: majors.into(),
            conditions: conditions.into(),
            notes: file
                .notes
                .iter()
                .map(|n| Note {
                    text: squash(&n.text).into(),
                    ..n.clone()
                })
                .collect(),
            ambiguities,
            steps: plan_steps,
            mailing: file.mailing.clone().map(|m| Mailing {
                rule: squash(&m.rule).into(),
                ..m
            }),
            forms: forms.clone().into(),
        });
    }
}
