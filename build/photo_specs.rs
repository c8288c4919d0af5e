//! Bakes rules/photo-specs.toml (owned by the photo checks, see src/photo/).
//!
//! `[[spec]]` entries may say `inherit = "other-id"`: the parent's keys are copied in
//! first (sub-tables whole), then the child's override. The result is validated and
//! written as Rust source to OUT_DIR/photo_specs.rs (build/rust_literal.rs, as the
//! rule catalog is): the core compiles the specs in as a `static`.

#[allow(dead_code)]
mod types {
    include!("../src/photo/spec_types.rs");
}
use types::*;

const FILE: &str = "rules/photo-specs.toml";

pub fn bake(out_dir: &std::path::Path, errors: &mut Vec<String>) {
    let text = match std::fs::read_to_string(FILE) {
        Ok(t) => t,
        Err(e) => {
            errors.push(format!("{FILE}: cannot read: {e}"));
            return;
        }
    };
    match parse(&text) {
        Ok(specs) => {
            let before = errors.len();
            validate(&specs, errors);
            if errors.len() == before {
                match crate::rust_literal::to_rust(&specs) {
                    Ok(source) => {
                        if let Err(e) = std::fs::write(out_dir.join("photo_specs.rs"), source) {
                            errors.push(format!("{FILE}: cannot write OUT_DIR: {e}"));
                        }
                    }
                    Err(e) => errors.push(format!("{FILE}: {e}")),
                }
            }
        }
        Err(e) => errors.push(e),
    }
}

fn parse(text: &str) -> Result<Vec<PhotoSpec>, String> {
    let root: toml::Table = text.parse().map_err(|e| format!("{FILE}: {e}"))?;
    let Some(toml::Value::Array(entries)) = root.get("spec") else {
        return Err(format!("{FILE}: no [[spec]] entries"));
    };
    let mut tables: Vec<toml::Table> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let toml::Value::Table(t) = e else {
            return Err(format!("{FILE}: spec #{i} is not a table"));
        };
        let mut t = t.clone();
        if let Some(parent) = t.remove("inherit") {
            let parent = parent
                .as_str()
                .ok_or(format!("{FILE}: spec #{i}: inherit must be a string"))?;
            let base = tables
                .iter()
                .find(|p| p.get("id").and_then(|v| v.as_str()) == Some(parent))
                .ok_or(format!(
                    "{FILE}: spec #{i}: inherits unknown (or later) spec {parent:?}"
                ))?;
            let mut merged = base.clone();
            merged.remove("plans");
            for (k, v) in t {
                merged.insert(k, v);
            }
            t = merged;
        }
        tables.push(t);
    }
    tables
        .into_iter()
        .map(|t| {
            let id = t
                .get("id")
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string();
            toml::Value::Table(t)
                .try_into::<PhotoSpec>()
                .map_err(|e| format!("{FILE}: spec {id:?}: {e}"))
        })
        .collect()
}

fn validate(specs: &[PhotoSpec], errors: &mut Vec<String>) {
    const FORMATS: [&str; 7] = ["jpeg", "png", "webp", "gif", "heif", "pdf", "other"];
    for m in [
        Material::Photo,
        Material::IdFront,
        Material::IdBack,
        Material::Document,
    ] {
        let n = specs
            .iter()
            .filter(|s| s.material == m && s.plans.is_empty())
            .count();
        if n != 1 {
            errors.push(format!(
                "{FILE}: material {m:?} needs exactly one spec without plans, has {n}"
            ));
        }
    }
    for (i, s) in specs.iter().enumerate() {
        let mut err = |msg: String| errors.push(format!("{FILE}: spec {:?}: {msg}", s.id));
        if specs[..i].iter().any(|o| o.id == s.id) {
            err("duplicate id".into());
        }
        for p in s.plans.iter() {
            if specs[..i].iter().any(|o| o.plans.contains(p)) {
                err(format!("plan {p:?} already selects another spec"));
            }
        }
        for f in s.format_pass.iter().chain(s.format_warn.iter()) {
            if !FORMATS.contains(&&**f) {
                err(format!("unknown format {f:?}"));
            }
        }
        if let Some(z) = &s.file_size {
            if !(z.warn_min <= z.pass_min && z.pass_min <= z.pass_max && z.pass_max <= z.warn_max) {
                err("file_size needs warn_min <= pass_min <= pass_max <= warn_max".into());
            }
        }
        if let Some(a) = &s.aspect {
            if !(a.w > 0.0
                && a.h > 0.0
                && 0.0 <= a.pass_tol
                && a.pass_tol <= a.warn_tol
                && a.warn_tol < 0.5)
            {
                err("aspect needs w, h > 0 and 0 <= pass_tol <= warn_tol < 0.5".into());
            }
            if !["portrait", "landscape", "any"].contains(&&*a.orientation) {
                err(format!(
                    "aspect.orientation {:?} is not portrait, landscape or any",
                    a.orientation
                ));
            }
        }
        let r = &s.resolution;
        if !(r.min_short <= r.good_short
            && r.min_long <= r.good_long
            && r.min_short <= r.min_long
            && r.min_short > 0)
        {
            err("resolution needs 0 < min_short <= min_long, min <= good".into());
        }
        if let Some(b) = &s.background {
            if !(b.level_warn <= b.level_pass
                && b.chroma_pass <= b.chroma_warn
                && b.spread_pass <= b.spread_warn)
            {
                err("background thresholds out of order".into());
            }
            if !(0.0..=1.0).contains(&b.flat_coverage)
                || b.fill_tolerance <= 0.0
                || b.fill_step <= 0.0
            {
                err("background fill settings out of range".into());
            }
        }
        let c = &s.clarity;
        if !(c.warn_min <= c.pass_min && c.long_side >= 64) {
            err("clarity needs warn_min <= pass_min and long_side >= 64".into());
        }
        let e = &s.exposure;
        if !(e.dark_fail <= e.dark_warn
            && e.dark_warn < e.bright_warn
            && e.bright_warn <= e.bright_fail
            && e.blown_warn <= e.blown_fail)
        {
            err("exposure thresholds out of order".into());
        }
        if let Some(f) = &s.framing {
            if !(f.top_cut <= f.top_pass_min
                && f.top_pass_min <= f.top_pass_max
                && f.top_pass_max <= f.top_warn_max
                && f.head_fail_min <= f.head_pass_min
                && f.head_pass_min <= f.head_pass_max
                && f.head_pass_max <= f.head_fail_max
                && f.face_fail_min <= f.face_pass_min
                && f.face_pass_min <= f.face_pass_max
                && f.face_pass_max <= f.face_fail_max
                && f.tilt_warn > 0.0
                && f.turn_warn <= f.turn_fail
                && f.face_fail_min > 0.0)
            {
                err("framing thresholds out of order".into());
            }
        }
        if let Some(g) = &s.glare {
            if g.warn_share > g.fail_share {
                err("glare needs warn_share <= fail_share".into());
            }
        }
        if let Some(f) = &s.fix {
            if s.material != Material::Photo {
                err("fix is only defined for the photo material".into());
            }
            if s.background.is_none() || s.framing.is_none() {
                err("fix needs [spec.background] and [spec.framing]".into());
            }
            if f.sizes.is_empty() {
                err("fix.sizes is empty".into());
            }
            for [w, h] in f.sizes.iter() {
                let ok = match &s.aspect {
                    Some(a) => ((*w as f32 / *h as f32) / (a.w / a.h) - 1.0).abs() <= a.pass_tol,
                    None => true,
                };
                if !ok || *w < r.min_short || *h < r.min_long {
                    err(format!("fix size {w}x{h} would not pass aspect/resolution"));
                }
            }
            if let Some(z) = &s.file_size {
                if f.min_bytes < z.pass_min || f.max_bytes > z.pass_max {
                    err("fix byte target must lie inside file_size pass range".into());
                }
            }
            if !(f.quality_min >= 1 && f.quality_min <= f.quality_max && f.quality_max <= 100)
                || f.max_encodes < 2
            {
                err("fix quality range or max_encodes out of range".into());
            }
            if !(0.0..0.5).contains(&f.head_top_margin) || !(0.1..1.0).contains(&f.head_width_share)
            {
                err("fix head_top_margin / head_width_share out of range".into());
            }
            if !(0.2..0.9).contains(&f.face_width_share)
                || !(0.0..0.3).contains(&f.crown_margin_min)
                || !(f.crown_margin_min..0.3).contains(&f.crown_margin)
                || !(f.crown_margin + 0.1..0.9).contains(&f.eyes_max)
            {
                err("fix face_width_share / crown_margin(_min) / eyes_max out of range".into());
            }
            if f.min_crop_height == 0 {
                err("fix min_crop_height must be at least 1".into());
            }
        }
    }
}
