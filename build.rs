//! Build step: read and validate every table under rules/, then bake it into
//! OUT_DIR so that the app and CLI never parse TOML at run time. A wrong table
//! fails the build with a message naming the file and the entry.

#[path = "build/photo_specs.rs"]
mod photo_specs;
#[path = "build/rules.rs"]
mod rules;
#[path = "build/rust_literal.rs"]
mod rust_literal;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=build");
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let mut errors = Vec::new();
    rules::bake(&out_dir, &mut errors);
    photo_specs::bake(&out_dir, &mut errors);
    if !errors.is_empty() {
        for e in &errors {
            println!("cargo:warning={e}");
        }
        panic!(
            "rules/ has {} error(s):\n{}",
            errors.len(),
            errors.join("\n")
        );
    }
}
