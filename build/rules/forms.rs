//! A guide's `[[form]]` tables: the boxes in the form's order, the employer's
//! statement's wording cut at its blanks, and the quoted rules whole sentences.

use super::*;

/// The blanks an `employer_opinion` wording may have, where the sample has XX.
const OPINION_BLANKS: [&str; 4] = ["{部门}", "{岗位}", "{年数}", "{条件}"];

/// An `employer_opinion` wording cut at its blanks: the sample's own words,
/// each checked verbatim against the guide (a stray `{…}` is an unknown blank).
pub(super) fn opinion_pieces(t: &str) -> Vec<String> {
    let mut rest = t.to_string();
    for blank in OPINION_BLANKS {
        rest = rest.replace(blank, "\u{0}");
    }
    rest.split('\u{0}').map(str::to_string).collect()
}

/// The sentences a fill-in sheet quotes to the candidate (a form's rules, the
/// unrelated-boxes rule, a box's rule) are whole: they end with a sentence
/// mark, or where the guide's own paragraph ends. A quote cut mid-sentence
/// (「…所有内容需」) reads as a rule the guide never gave.
pub(super) fn check_whole_sentences(
    fname: &str,
    file: &GuideFile,
    guide: &str,
    errors: &mut Vec<String>,
) {
    let line_ends: Vec<String> = guide.lines().map(bare).collect();
    for f in &file.forms {
        let boxes = f.boxes.iter().filter_map(|b| b.rule.as_ref());
        for r in f.rules.iter().chain(&f.unrelated_blank).chain(boxes) {
            let r = bare(r);
            let marked = r.ends_with(['。', '；', '！', '？', '）', ')']);
            let ends_paragraph = line_ends.iter().any(|l| !r.is_empty() && l.ends_with(&r));
            if !marked && !ends_paragraph {
                errors.push(format!(
                    "rules/{fname}: form \"{}\": «{r}» stops mid-sentence: quote the guide's whole sentence (up to its 。；！？ or the end of its paragraph); write a lost word as 〔缺字〕 · 规则引文不完整：请引用指南的整句",
                    f.material
                ));
            }
        }
    }
}

/// Checks a guide file's `[[form]]` tables (what the verbatim check cannot
/// see) and turns them into the model's [`Form`]s.
pub(super) fn check_forms(fname: &str, file: &GuideFile, errors: &mut Vec<String>) -> Vec<Form> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for f in &file.forms {
        let at = format!("rules/{fname}: form \"{}\"", f.material);
        if !file.materials.contains_key(&f.material) {
            errors.push(format!(
                "{at}: no material \"{}\" (material = the key in [materials.…])",
                f.material
            ));
        } else if !file
            .conditions
            .iter()
            .any(|c| c.materials.contains(&f.material))
        {
            errors.push(format!("{at}: no condition lists this material"));
        }
        if !seen.insert(f.material.as_str()) {
            errors.push(format!("{at}: a second form for the same material"));
        }
        if f.boxes.is_empty() {
            errors.push(format!("{at}: no boxes"));
        }
        let mut boxes = Vec::new();
        for b in &f.boxes {
            let bat = format!("{at}: box \"{}\"", b.label);
            for c in &b.conditions {
                if !file.conditions.iter().any(|x| &x.id == c) {
                    errors.push(format!("{bat}: no condition \"{c}\""));
                }
            }
            for s in &b.schools {
                if !SCHOOL_TYPE_NAMES.contains(&s.as_str()) {
                    errors.push(format!(
                        "{bat}: school \"{s}\" is not one of {}",
                        SCHOOL_TYPE_NAMES.join("、")
                    ));
                }
            }
            let needs_text = matches!(b.fill, Fill::Text | Fill::EmployerOpinion);
            if needs_text != b.text.is_some() {
                errors.push(format!(
                    "{bat}: text is for fill = \"text\" and \"employer_opinion\" only, and they need it"
                ));
            }
            if let (Fill::EmployerOpinion, Some(t)) = (b.fill, &b.text) {
                if opinion_pieces(t).iter().any(|p| p.contains(['{', '}'])) {
                    errors.push(format!(
                        "{bat}: the only blanks are {}",
                        OPINION_BLANKS.join(" ")
                    ));
                }
            }
            if b.fill == Fill::Candidate && b.hint_zh.is_none() {
                errors.push(format!(
                    "{bat}: fill = \"candidate\" needs hint_zh (what to write)"
                ));
            }
            if b.hint_zh.is_some() != b.hint_en.is_some() {
                errors.push(format!("{bat}: hint_zh and hint_en go together"));
            }
            if b.list_names && (b.fill != Fill::WorkHistory || b.rule.is_none()) {
                errors.push(format!(
                    "{bat}: list_names is for a work_history box whose rule (the guide's sentence) says the form must carry the list names"
                ));
            }
            boxes.push(FormBox {
                label: b.label.clone().into(),
                fill: b.fill,
                conditions: texts(&b.conditions),
                schools: texts(&b.schools),
                text: b.text.as_deref().map(|t| Text::from(squash(t))),
                hint_zh: b.hint_zh.clone().map(Text::from),
                hint_en: b.hint_en.clone().map(Text::from),
                rule: b.rule.as_deref().map(|r| Text::from(squash(r))),
                list_names: b.list_names,
                source: b.source.clone().into(),
            });
        }
        out.push(Form {
            material: f.material.clone().into(),
            name: f.name.clone().into(),
            section: f.section.clone().into(),
            complete: f.complete,
            rules: f.rules.iter().map(|r| Text::from(squash(r))).collect(),
            unrelated_blank: f.unrelated_blank.as_deref().map(|r| Text::from(squash(r))),
            boxes: boxes.into(),
        });
    }
    out
}
