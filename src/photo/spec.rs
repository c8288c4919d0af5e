//! Baked material specs: rules/photo-specs.toml, validated by build.rs and written
//! as Rust source (OUT_DIR/photo_specs.rs), compiled in as a `static` like the
//! rule catalog: no decoder in the wasm, nothing decoded at first use.

use super::spec_types::{
    AspectSpec, BackgroundSpec, ClaritySpec, ExposureSpec, FixSpec, FramingSpec, GlareSpec,
    Material, PhotoSpec, ResolutionSpec, SizeSpec, Verdict,
};
use std::borrow::Cow;

static SPECS: Cow<'static, [PhotoSpec]> = include!(concat!(env!("OUT_DIR"), "/photo_specs.rs"));

/// Every spec in rules/photo-specs.toml, in file order.
pub fn all_specs() -> &'static [PhotoSpec] {
    &SPECS
}

/// The spec for a material under a plan. A plan listed in a spec's `plans`
/// (`ecommerce-2-hebei`, `internet-marketing-2-hebei` → colour required) selects it;
/// otherwise the material's default spec. Plan ids are plain strings: unknown ones
/// fall back to the default.
pub fn spec(material: Material, plan_id: Option<&str>) -> &'static PhotoSpec {
    let specs = all_specs();
    if let Some(plan) = plan_id {
        if let Some(s) = specs
            .iter()
            .find(|s| s.material == material && s.plans.iter().any(|p| p == plan))
        {
            return s;
        }
    }
    specs
        .iter()
        .find(|s| s.material == material && s.plans.is_empty())
        .or_else(|| specs.first())
        .expect("build.rs guarantees one default spec per material")
}

impl Material {
    /// The name `parse` reads: `photo`, `id-front`, `id-back`, `document`
    /// (`precheck photo --material`, the photo worker's messages, `precheck:photo`).
    pub fn as_str(self) -> &'static str {
        match self {
            Material::Photo => "photo",
            Material::IdFront => "id-front",
            Material::IdBack => "id-back",
            Material::Document => "document",
        }
    }

    /// Parses `photo`, `id-front`, `id-back`, `document`.
    pub fn parse(s: &str) -> Option<Material> {
        match s {
            "photo" => Some(Material::Photo),
            "id-front" => Some(Material::IdFront),
            "id-back" => Some(Material::IdBack),
            "document" => Some(Material::Document),
            _ => None,
        }
    }
}

impl PhotoSpec {
    /// Whether this spec judges a face (framing), so the face detector and the
    /// person segmentation are worth loading for it: the 一寸 photo, not ID cards
    /// or documents.
    pub fn wants_models(&self) -> bool {
        self.framing.is_some()
    }
}

impl PhotoSpec {
    /// The size window as the guides write it, from the spec's own limits:
    /// `40k–80k` for 40,960–80,000 bytes (the lower end read as KiB, the
    /// upper as kB: the window that satisfies both readings of "k"). `None`
    /// when the spec sets no window.
    pub fn size_words(&self) -> Option<String> {
        let s = self.file_size.as_ref()?;
        Some(format!("{}k–{}k", s.pass_min / 1024, s.pass_max / 1000))
    }

    /// The window the fix encodes into, in kB as the fix rounds it: `41k–80k`
    /// for 40,960–80,000 bytes.
    pub fn fix_window_words(&self) -> Option<String> {
        let s = self.file_size.as_ref()?;
        Some(format!(
            "{}k–{}k",
            s.pass_min.div_ceil(1000),
            s.pass_max / 1000
        ))
    }

    /// The formats that pass, as a candidate knows them: `JPG`.
    pub fn format_words(&self) -> String {
        let names: Vec<String> = self
            .format_pass
            .iter()
            .map(|f| match &**f {
                "jpeg" => "JPG".to_string(),
                other => other.to_uppercase(),
            })
            .collect();
        names.join("/")
    }

    /// `JPG，40k–80k` (zh) and `JPG, 40k–80k` (en): what the photo must be,
    /// in the headings and the registration steps.
    pub fn file_words(&self) -> (String, String) {
        match self.size_words() {
            Some(size) => (
                format!("{}，{size}", self.format_words()),
                format!("{}, {size}", self.format_words()),
            ),
            None => (self.format_words(), self.format_words()),
        }
    }

    /// The fewest pixels that pass: `(295, 413)`.
    pub fn min_pixels(&self) -> (u32, u32) {
        (self.resolution.min_short, self.resolution.min_long)
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;
    use crate::photo::spec_types::SizeSpec;

    /// The words follow the spec: another organiser's window gives other words.
    #[test]
    fn the_words_come_from_the_spec() {
        let mut s = spec(Material::Photo, None).clone();
        assert_eq!(s.size_words().as_deref(), Some("40k–80k"));
        assert_eq!(s.file_words().0, "JPG，40k–80k");
        assert_eq!(s.fix_window_words().as_deref(), Some("41k–80k"));
        s.file_size = Some(SizeSpec {
            pass_min: 20 * 1024,
            pass_max: 200_000,
            warn_min: 20_000,
            warn_max: 204_800,
        });
        s.resolution.min_short = 480;
        s.resolution.min_long = 640;
        assert_eq!(s.file_words().1, "JPG, 20k–200k");
        assert_eq!(s.fix_window_words().as_deref(), Some("21k–200k"));
        assert_eq!(s.min_pixels(), (480, 640));
    }
}
