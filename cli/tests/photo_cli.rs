//! `precheck photo` end to end: JSON shape, exit codes, folders, --fix.
use std::path::PathBuf;
use std::process::Command;

const REAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/fixtures/photos-real/"
);

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precheck"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("precheck-photo-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

#[test]
fn one_file_json_and_fix() {
    let d = tmp("one");
    let out = d.join("fixed.jpg");
    let o = bin()
        .args(["photo", &format!("{REAL}test3.jpg"), "--json", "--fix"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = lines(&o.stdout);
    assert_eq!(v.len(), 1);
    let r = &v[0];
    assert_eq!(r["format"], "jpeg");
    assert_eq!(r["bytes"], 76_810);
    assert_eq!(
        (r["width"].as_u64(), r["height"].as_u64()),
        (Some(512), Some(715))
    );
    assert_eq!(r["pass"], false);
    let checks = r["checks"].as_array().unwrap();
    for c in checks {
        for k in ["id", "status", "value", "message_zh", "message_en"] {
            assert!(c.get(k).is_some(), "{k} in {c}");
        }
    }
    assert!(checks
        .iter()
        .any(|c| c["id"] == "background" && c["status"] == "fail"));
    let f = &r["fixed"];
    assert_eq!(f["pass"], true, "{f}");
    assert_eq!(f["format"], "jpeg");
    let n = std::fs::metadata(&out).unwrap().len();
    assert_eq!(f["bytes"].as_u64(), Some(n));
    assert!((40_960..=80_000).contains(&n));
}

#[test]
fn folder_never_stops_at_a_bad_file() {
    let d = tmp("folder");
    std::fs::copy(format!("{REAL}test1.jpg"), d.join("a-webp.jpg")).unwrap();
    std::fs::write(d.join("b-empty.jpg"), b"").unwrap();
    std::fs::write(d.join("c-text.jpg"), b"not a photo").unwrap();
    std::fs::copy(format!("{REAL}test3.jpg"), d.join("d-good.jpg")).unwrap();
    let outdir = d.join("out");
    let o = bin()
        .args(["photo", "--json", "--fix"])
        .arg(&outdir)
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "unreadable inputs exit 2");
    let v = lines(&o.stdout);
    assert_eq!(v.len(), 4, "{v:#?}");
    assert_eq!(v[0]["format"], "webp");
    // A street behind the person: the models cut the person out onto white.
    assert_eq!(v[0]["fixed"]["pass"], true, "{}", v[0]);
    assert_eq!(v[1]["error"]["code"], "empty");
    assert!(v[1]["error"]["message_zh"].as_str().unwrap().contains("空"));
    assert_eq!(v[2]["error"]["code"], "not_an_image");
    assert_eq!(v[3]["fixed"]["pass"], true);
    assert!(outdir.join("d-good-fixed.jpg").is_file());
}

/// A grayscale JPEG of a real portrait (test0.jpg's pixels as luma).
fn grayscale_jpeg(d: &std::path::Path) -> PathBuf {
    let img = image::open(format!("{REAL}test0.jpg"))
        .unwrap()
        .into_luma8();
    let path = d.join("gray.jpg");
    let mut out = std::fs::File::create(&path).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    path
}

/// The status of check `id` in the one JSON line `precheck photo --json` printed.
fn status_of(o: &std::process::Output, id: &str) -> String {
    let v = lines(&o.stdout);
    assert_eq!(v.len(), 1, "{v:#?}");
    let checks = v[0]["checks"].as_array().expect("checks");
    let c = checks
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id} check in {checks:#?}"));
    c["status"].as_str().unwrap().to_owned()
}

#[test]
fn without_models_the_street_is_refused_and_the_report_says_so_first() {
    let o = bin()
        .args(["photo", "--json", "--no-models", "--fix"])
        .arg(tmp("no-models").join("out.jpg"))
        .arg(format!("{REAL}test1.jpg"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v = &lines(&o.stdout)[0];
    assert_eq!(v["fix"]["possible"], false, "{v}");
    assert_eq!(v["fix"]["code"], "background_not_flat");
    assert_eq!(v["fix_error"]["code"], "background_not_flat");
    let with_models = bin()
        .args(["photo", "--json"])
        .arg(format!("{REAL}test1.jpg"))
        .output()
        .unwrap();
    let v = &lines(&with_models.stdout)[0];
    assert_eq!(v["fix"]["possible"], true, "{v}");
    assert!(v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == "face" && c["status"] == "pass"));
}

#[test]
fn hebei_plan_and_human_output() {
    // Guide 004 asks for a colour photo: a grayscale one fails the colour
    // check under a Hebei plan, and only warns without a plan.
    let d = tmp("hebei");
    let gray = grayscale_jpeg(&d);
    let run = |extra: &[&str]| {
        let o = bin().arg("photo").arg(&gray).args(extra).output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        o
    };
    assert_eq!(
        status_of(&run(&["--json", "--plan", "ecommerce-2-hebei"]), "colour"),
        "fail"
    );
    assert_eq!(status_of(&run(&["--json"]), "colour"), "warn");
    assert_eq!(
        status_of(&run(&["--json", "--plan", "ecommerce-4-beijing"]), "colour"),
        "warn"
    );
    // The colour photo is not refused for its colour under the Hebei plan.
    let o = bin()
        .args([
            "photo",
            &format!("{REAL}test0.jpg"),
            "--json",
            "--plan",
            "ecommerce-2-hebei",
        ])
        .output()
        .unwrap();
    assert_eq!(status_of(&o, "colour"), "pass");
    // Human output: the colour line itself says FAIL.
    let s = String::from_utf8_lossy(&run(&["--plan", "ecommerce-2-hebei"]).stdout).into_owned();
    assert!(
        s.lines()
            .any(|l| l.contains("colour") && l.contains("FAIL")),
        "{s}"
    );

    let o = bin()
        .args([
            "photo",
            &format!("{REAL}test0.jpg"),
            "--material",
            "passport",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(lines(&o.stdout)[0]["error"]["code"], "bad_material");
}

#[test]
fn missing_file_is_an_error_object() {
    let o = bin()
        .args([
            "photo",
            "/nonexistent/x.jpg",
            "--json",
            "--material",
            "id-front",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let v = lines(&o.stdout);
    assert_eq!(v[0]["error"]["code"], "unreadable");
}
