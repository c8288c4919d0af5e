//! The rule tables, baked from rules/ at build time (see `build/rules.rs`).
//!
//! Architecture invariant: rules are read only through [`catalog`]; nothing
//! parses TOML at run time, and nothing decodes at start-up: the build step
//! writes the catalog as Rust source, compiled in as a `static`.

mod model;

pub use model::*;

static CATALOG: Catalog = include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// Every plan.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

static BRIEFS: Briefs = include!(concat!(env!("OUT_DIR"), "/briefs.rs"));

/// Every plan's first-screen fields, in the catalog's order. Kept apart so a
/// first screen that shows only these does not link the whole catalog.
pub fn briefs() -> &'static [PlanBrief] {
    &BRIEFS.plans
}

impl Catalog {
    /// All plans, in file order (guide 000 first).
    pub fn plans(&self) -> &[Plan] {
        &self.plans
    }

    /// The plan with this id.
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }
}

impl Plan {
    /// The condition with this id ("1", "2", …).
    pub fn condition(&self, id: &str) -> Option<&Condition> {
        self.conditions.iter().find(|c| c.id == id)
    }

    /// The major list with this id.
    pub fn major_list(&self, id: &str) -> Option<&NameList> {
        self.majors.iter().find(|l| l.id == id)
    }

    /// Every occupation name the engine counts for this plan (own, related,
    /// their expanded items), minus exclusions, in the lists' order: what an
    /// occupation input suggests as the candidate types.
    pub fn accepted_occupations(&self) -> Vec<&str> {
        let mut names: Vec<&str> = vec![&self.occupation];
        let lists = std::iter::once(&self.own).chain(self.related.as_ref());
        for list in lists {
            names.extend(list.items.iter().chain(list.expanded.iter()).map(|n| &**n));
        }
        let mut seen = Vec::with_capacity(names.len());
        for name in names {
            let excluded = self.excluded.iter().any(|x| x.occupation == name);
            if !excluded && !seen.contains(&name) {
                seen.push(name);
            }
        }
        seen
    }

    /// The name written on the form: `电子商务师(网商)` or `电子商务师`.
    pub fn form_occupation(&self) -> String {
        match &self.work_type {
            Some(w) => format!("{}({w})", self.occupation),
            None => self.occupation.to_string(),
        }
    }
}

impl Upload {
    /// The kebab-case name in the rules tables and the evaluation JSON
    /// (`document-photo`); the photo check names it by [`Upload::material`].
    pub fn as_str(self) -> &'static str {
        match self {
            Upload::Photo => "photo",
            Upload::IdFront => "id-front",
            Upload::IdBack => "id-back",
            Upload::DocumentPhoto => "document-photo",
        }
    }

    /// Which photo spec checks this upload.
    pub fn material(self) -> crate::photo::Material {
        use crate::photo::Material;
        match self {
            Upload::Photo => Material::Photo,
            Upload::IdFront => Material::IdFront,
            Upload::IdBack => Material::IdBack,
            Upload::DocumentPhoto => Material::Document,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn briefs_are_the_catalogs_first_screen_fields() {
        let expected: Vec<PlanBrief> = catalog().plans().iter().map(Plan::brief).collect();
        assert_eq!(briefs(), expected.as_slice());
        assert!(briefs().iter().all(|b| !b.conditions.is_empty()));
    }

    #[test]
    fn every_upload_names_a_photo_material_the_cli_and_worker_accept() {
        for upload in [
            Upload::Photo,
            Upload::IdFront,
            Upload::IdBack,
            Upload::DocumentPhoto,
        ] {
            let name = upload.material().as_str();
            assert_eq!(
                crate::photo::Material::parse(name),
                Some(upload.material()),
                "{name}"
            );
        }
        assert_eq!(Upload::DocumentPhoto.material().as_str(), "document");
    }

    #[test]
    fn form_occupation_writes_the_work_type_as_the_guide_does() {
        let plan = |id| catalog().plan(id).unwrap();
        // 004: "申报职业(工种)	电子商务师(网商) 或 互联网营销师(直播销售员)".
        assert_eq!(
            plan("ecommerce-2-hebei").form_occupation(),
            "电子商务师(网商)"
        );
        assert_eq!(
            plan("internet-marketing-2-hebei").form_occupation(),
            "互联网营销师(直播销售员)"
        );
        assert_eq!(plan("ecommerce-4-beijing").form_occupation(), "电子商务师");
    }
}
