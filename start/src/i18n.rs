//! Simplified Chinese first, English one tap away. UI strings are written as
//! pairs at the place they are used (`tr(lang, "中文", "English")`), so a
//! reviewer sees both languages side by side; texts from the rules and the
//! checks come from the core already in both languages.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// From a `data-lang` attribute; anything but English means Chinese.
    pub fn from_attr(value: Option<&str>) -> Lang {
        match value.map(str::trim) {
            Some(v)
                if v.eq_ignore_ascii_case("en") || v.to_ascii_lowercase().starts_with("en-") =>
            {
                Lang::En
            }
            _ => Lang::Zh,
        }
    }

    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The short code of `data-lang` and of the hand-off (`zh`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

/// Picks the text for `lang`: a pair written at the point of use
/// (`tr(lang, "中文", "English")`) or a core message in both languages
/// (`tr(lang, &p.message_zh, &p.message_en)`). The one translation helper.
pub fn tr<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Byte counts as the core's photo messages write them.
pub use precheck_core::photo::group_digits;

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn lang_attribute_defaults_to_chinese() {
        assert_eq!(Lang::from_attr(None), Lang::Zh);
        assert_eq!(Lang::from_attr(Some("zh")), Lang::Zh);
        assert_eq!(Lang::from_attr(Some("fr")), Lang::Zh);
        assert_eq!(Lang::from_attr(Some("EN")), Lang::En);
        assert_eq!(Lang::from_attr(Some("en-GB")), Lang::En);
    }
}
