//! rules/ladder.toml, the 2023 规程's template levels, loaded and checked.

use super::*;

const LEVEL_WORDS: [&str; 5] = ["一级", "二级", "三级", "四级", "五级"];

/// rules/ladder.toml: the 2023 规程's generic conditions. Levels 5…1 each
/// once, in that order; every route cites an item of its own level
/// (`三级（2）`, or `五级` for the single item), once; requirements checked
/// as a plan's are, except that 本职业或相关职业 needs no related list (the
/// template has none: only the occupation itself counts).
pub(super) fn load_ladder(root: &Path, errors: &mut Vec<String>) -> Ladder {
    let empty = Ladder {
        source_zh: Text::from(""),
        source_en: Text::from(""),
        label_zh: Text::from(""),
        label_en: Text::from(""),
        levels: Vec::new().into(),
    };
    let Some(file) = read(&root.join("ladder.toml"), errors)
        .and_then(|t| parse::<LadderFile>("ladder.toml", &t, errors))
    else {
        return empty;
    };
    let order: Vec<u8> = file.level.iter().map(|l| l.level).collect();
    if order != [5, 4, 3, 2, 1] {
        errors.push(format!(
            "rules/ladder.toml: levels must be 5, 4, 3, 2, 1, each once (found {order:?})"
        ));
    }
    for (what, t) in [
        ("source_zh", &file.source_zh),
        ("source_en", &file.source_en),
        ("label_zh", &file.label_zh),
        ("label_en", &file.label_en),
    ] {
        if t.trim().is_empty() {
            errors.push(format!("rules/ladder.toml: {what} is empty"));
        }
    }
    let mut levels = Vec::new();
    for l in file.level {
        let at = format!("rules/ladder.toml: level {}", l.level);
        let Some(word) = l
            .level
            .checked_sub(1)
            .and_then(|i| LEVEL_WORDS.get(usize::from(i)))
        else {
            errors.push(format!("{at}: level is not 1–5"));
            continue;
        };
        if l.route.is_empty() {
            errors.push(format!("{at}: no routes"));
        }
        let mut items = BTreeSet::new();
        for r in &l.route {
            let rat = format!("{at}: route \"{}\"", r.item);
            let cites_own_level = r.item == *word
                || r.item.strip_prefix(word).is_some_and(|rest| {
                    rest.strip_prefix('（')
                        .and_then(|n| n.strip_suffix('）'))
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                });
            if !cites_own_level {
                errors.push(format!(
                    "{rat}: item must cite this level's 规程 item, e.g. \"{word}（1）\""
                ));
            }
            if !items.insert(r.item.clone()) {
                errors.push(format!("{rat}: item cited twice"));
            }
            if r.text_zh.trim().is_empty() || r.text_en.trim().is_empty() {
                errors.push(format!("{rat}: text_zh and text_en are required"));
            }
            if r.requires.is_empty() {
                errors.push(format!("{rat}: requires is empty"));
            }
            for q in r.requires.iter() {
                check_req(&rat, q, true, &[], errors);
            }
        }
        levels.push(LadderLevel {
            level: l.level,
            routes: l.route.into(),
            not_encoded: texts(&l.not_encoded),
        });
    }
    Ladder {
        source_zh: file.source_zh.into(),
        source_en: file.source_en.into(),
        label_zh: file.label_zh.into(),
        label_en: file.label_en.into(),
        levels: levels.into(),
    }
}
