//! Baked material specs (rules/photo-specs.toml → OUT_DIR, decoded once at first use).

use super::spec_types::{Material, PhotoSpec};
use std::sync::OnceLock;

static BAKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/photo_specs.postcard"));

/// Every spec in rules/photo-specs.toml, in file order.
pub fn all_specs() -> &'static [PhotoSpec] {
    static SPECS: OnceLock<Vec<PhotoSpec>> = OnceLock::new();
    // The bytes were written and validated by build.rs from the same types: a
    // failure here is a build bug, not an input.
    SPECS.get_or_init(|| postcard::from_bytes(BAKED).expect("baked photo specs decode"))
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
