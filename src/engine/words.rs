//! The one table of level names the guides, the forms and the widget use:
//! 五级/初级工 … 一级/高级技师. (Title ranks and technician classes name
//! themselves: `TitleRank::name`, `TechnicianClass::name` in profile.rs.)

/// A level as the guides write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelName {
    pub level: u8,
    /// In one word, as the forms write it: `二级`.
    pub word: &'static str,
    /// With the old title, as the conditions write it: `二级/技师`.
    pub full: &'static str,
    pub en: &'static str,
}

/// Levels 1 to 5, in that order.
pub const LEVELS: [LevelName; 5] = [
    LevelName {
        level: 1,
        word: "一级",
        full: "一级/高级技师",
        en: "Level 1 (senior technician)",
    },
    LevelName {
        level: 2,
        word: "二级",
        full: "二级/技师",
        en: "Level 2 (technician)",
    },
    LevelName {
        level: 3,
        word: "三级",
        full: "三级/高级工",
        en: "Level 3 (senior worker)",
    },
    LevelName {
        level: 4,
        word: "四级",
        full: "四级/中级工",
        en: "Level 4 (intermediate worker)",
    },
    LevelName {
        level: 5,
        word: "五级",
        full: "五级/初级工",
        en: "Level 5 (junior worker)",
    },
];

fn name(l: u8) -> Option<&'static LevelName> {
    LEVELS.get(usize::from(l).checked_sub(1)?)
}

/// The level in one word, as the forms and the path up the levels write it: `二级`.
pub fn level_word(l: u8) -> &'static str {
    name(l).map_or("?级", |n| n.word)
}

/// The level with its old title, as the conditions write it: `二级/技师`.
pub fn level_zh(l: u8) -> &'static str {
    name(l).map_or("?级", |n| n.full)
}

/// The level in English: `Level 2 (technician)`.
pub fn level_en(l: u8) -> &'static str {
    name(l).map_or("Level ?", |n| n.en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_runs_from_one_to_five_and_out_of_range_is_marked() {
        for (i, l) in LEVELS.iter().enumerate() {
            assert_eq!(usize::from(l.level), i + 1);
            assert!(l.full.starts_with(l.word));
        }
        assert_eq!(level_word(2), "二级");
        assert_eq!(level_zh(5), "五级/初级工");
        assert_eq!(level_word(0), "?级");
        assert_eq!(level_word(6), "?级");
    }
}
