//! Build step: read and validate every table under rules/, then bake it into
//! OUT_DIR so that the app and CLI never parse TOML at run time. A wrong table
//! fails the build with a message naming the file and the entry, and saying
//! what to do in Chinese and English (for the organiser's staff; `./dev rules`
//! shows only this report).

#[path = "build/photo_specs.rs"]
mod photo_specs;
#[path = "build/rules.rs"]
mod rules;
#[path = "build/rust_literal.rs"]
mod rust_literal;

/// What to do about an error, by what its message says: (中文, English).
fn advice(error: &str) -> (&'static str, &'static str) {
    const TABLE: &[(&str, &str, &str)] = &[
        (
            "text not found verbatim",
            "这段文字在指南文字版中找不到：从 rules/guides/ 里的指南原样复制（换行、空格不影响）；不要改指南文字版本身。",
            "This text is not in the guide: copy it from the guide under rules/guides/ exactly (line breaks and spaces do not matter); never edit the guide's text.",
        ),
        (
            "unknown variant",
            "这个值不是允许的写法：改成错误信息里 expected 后列出的某一个（全部写法见 rules/README.md）。",
            "This value is not allowed: use one of those listed after \"expected\" (all values: rules/README.md).",
        ),
        (
            "unknown field",
            "这个键名拼错了或不属于这一节：改成错误信息里 expected 后列出的键名（见 rules/README.md）。",
            "This key is misspelt or does not belong here: use one of the keys listed after \"expected\" (rules/README.md).",
        ),
        (
            "missing field",
            "这一节缺少必填的键：照 rules/README.md 的格式补上。",
            "A required key is missing here: add it as rules/README.md shows.",
        ),
        (
            "no plan file uses this guide",
            "这份指南没有计划文件引用：在 rules/plans/ 加一个计划文件，[guide] 里写 file = \"这个文件名\"；或者删掉这份指南。",
            "No plan file uses this guide: add a file under rules/plans/ whose [guide] says file = \"this file name\", or delete the guide.",
        ),
        (
            "ids must be",
            "条件的 id 要按指南顺序写成 \"1\"、\"2\"、\"3\"…，不能跳号。",
            "Condition ids are \"1\", \"2\", \"3\"… in the guide's order, with no gaps.",
        ),
        (
            "no list",
            "引用的名单键名在 [lists.…] 里没有：检查拼写，或者补上这个名单。",
            "No [lists.…] section has this key: check the spelling or add the list.",
        ),
        (
            "no material",
            "引用的材料键名在 [materials.…] 里没有：检查拼写，或者补上这个材料。",
            "No [materials.…] section has this key: check the spelling or add the material.",
        ),
        (
            "is not one of",
            "只能用错误信息里列出的写法之一。",
            "Use one of the values the message lists.",
        ),
        (
            "cannot read",
            "文件读不出来：检查文件名（[guide] file = …）是否和 rules/guides/ 里的一致，文件是否为 UTF-8 文本。",
            "The file cannot be read: check that the name ([guide] file = …) matches the file under rules/guides/ and that it is UTF-8 text.",
        ),
    ];
    TABLE
        .iter()
        .find(|(key, _, _)| error.contains(key))
        .map(|&(_, zh, en)| (zh, en))
        .unwrap_or((
            "按 rules/README.md 的说明改正这一处。",
            "Fix this entry as rules/README.md describes.",
        ))
}

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
        // A report for people, not a panic: `./dev rules` prints this part.
        eprintln!(
            "rules/ 有 {n} 处错误 · rules/ has {n} error(s):",
            n = errors.len()
        );
        for e in &errors {
            let (zh, en) = advice(e);
            eprintln!("\n✗ {e}\n  怎么办：{zh}\n  what to do: {en}");
        }
        std::process::exit(1);
    }
}
