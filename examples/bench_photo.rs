//! Figures for the photo checks (not a test). Run with `--release`:
//!
//! ```text
//! cargo run --release --example bench_photo -- check        # compliant 295×413 JPEG
//! cargo run --release --example bench_photo -- fix12        # 12 MP phone JPEG → fixed
//! cargo run --release --example bench_photo -- fix24 | fix48
//! cargo run --release --example bench_photo -- --measure FILE...   # print every check
//! cargo run --release --example bench_photo -- compliant PATH | gen W H PATH  # inputs for scripts/bench
//! cargo run --release --example bench_photo -- real FIXTURE W H PATH  # a real portrait at camera size
//! ```
//! Peak memory is the process's VmHWM from /proc/self/status (Linux), so run one mode
//! per process.

#[path = "../tests/photo_common/mod.rs"]
mod gen;

use precheck_core::photo::{self, Material};
use std::time::Instant;

fn peak_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "n/a".into())
}

/// Original (as decoded, no orientation) beside the fixed photo, both 400 px high.
fn side_by_side(a: &[u8], b: &[u8], out: &str) {
    let (Ok(a), Ok(b)) = (image::load_from_memory(a), image::load_from_memory(b)) else {
        return;
    };
    let a = a
        .resize(2000, 400, image::imageops::FilterType::Triangle)
        .to_rgb8();
    let b = b
        .resize(2000, 400, image::imageops::FilterType::Triangle)
        .to_rgb8();
    let mut c =
        image::RgbImage::from_pixel(a.width() + b.width() + 10, 400, image::Rgb([255, 0, 255]));
    image::imageops::replace(&mut c, &a, 0, 0);
    image::imageops::replace(&mut c, &b, i64::from(a.width()) + 10, 0);
    let _ = c.save(out);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spec = photo::spec(Material::Photo, None);
    match args.first().map(String::as_str) {
        Some("--measure") => {
            for f in &args[1..] {
                // gen:white|blue|grey|red|blur|gray: generated 413×579 cases
                let bytes = match f.strip_prefix("gen:") {
                    Some(kind) => {
                        let bg = match kind {
                            "blue" => gen::BLUE,
                            "grey" => gen::GREY,
                            "red" => gen::RED,
                            _ => gen::WHITE,
                        };
                        let img = gen::portrait(413, 579, bg, gen::Pose::default());
                        let img = if kind == "blur" {
                            gen::blur(&img, 4)
                        } else {
                            img
                        };
                        gen::jpeg(&img, 92)
                    }
                    None => std::fs::read(f).expect("read"),
                };
                println!("== {f}");
                match photo::check(&bytes, spec) {
                    Ok(r) => {
                        println!(
                            "   {:?} {} bytes {}x{} pass={}",
                            r.format, r.bytes, r.width, r.height, r.pass
                        );
                        for c in &r.checks {
                            println!(
                                "   {:<13} {:<5} {}",
                                c.id,
                                format!("{:?}", c.status),
                                c.value
                            );
                        }
                    }
                    Err(e) => println!("   error {}", e.code),
                }
                match photo::fix(&bytes, spec) {
                    Ok(fixed) => {
                        if let Ok(dir) = std::env::var("BENCH_FIX_OUT") {
                            let name = std::path::Path::new(f.as_str())
                                .file_name()
                                .map(|n| n.to_string_lossy().to_string())
                                .unwrap_or_default();
                            let _ = std::fs::write(format!("{dir}/fixed-{name}"), &fixed.jpeg);
                            side_by_side(&bytes, &fixed.jpeg, &format!("{dir}/cmp-{name}.png"));
                        }
                        let fails: Vec<_> = fixed
                            .report
                            .checks
                            .iter()
                            .filter(|c| c.status != photo::Verdict::Pass)
                            .map(|c| format!("{}={:?} {}", c.id, c.status, c.value))
                            .collect();
                        println!(
                            "   fix → {} bytes {}x{} pass={} {:?}",
                            fixed.jpeg.len(),
                            fixed.report.width,
                            fixed.report.height,
                            fixed.report.pass,
                            fails
                        );
                    }
                    Err(e) => println!("   fix refused: {}", e.code),
                }
            }
        }
        Some("check") | None => {
            let img = gen::portrait(295, 413, gen::WHITE, gen::Pose::default());
            let jpeg = gen::jpeg_in_window(&img);
            let r = photo::check(&jpeg, spec).expect("check");
            assert!(r.pass, "{r:#?}");
            let n = 50;
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(
                    photo::check(std::hint::black_box(&jpeg), spec).expect("check"),
                );
            }
            let ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
            println!("check compliant 295x413 JPEG ({} bytes): {ms:.2} ms/check (mean of {n}); peak RSS {}", jpeg.len(), peak_mib());
            let t = Instant::now();
            for _ in 0..n {
                std::hint::black_box(
                    image::load_from_memory(std::hint::black_box(&jpeg)).expect("decode"),
                );
            }
            let dms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
            println!("  of which JPEG decode alone: {dms:.2} ms");
        }
        Some("seeds") => {
            // small seed inputs for the fuzz corpus (fuzz/corpus/photo_check)
            let dir = std::path::Path::new(&args[1]);
            std::fs::create_dir_all(dir).expect("mkdir");
            let img = gen::portrait(20, 28, gen::BLUE, gen::Pose::default());
            let j = gen::jpeg(&img, 50);
            let seeds: Vec<(&str, Vec<u8>)> = vec![
                ("tiny.jpg", j.clone()),
                ("exif6.jpg", gen::with_exif(&j, 6, Some("Meitu"))),
                ("tiny.png", gen::png(&img)),
                ("cmyk.jpg", gen::cmyk_jpeg(16, 16)),
                ("bomb.jpg", gen::bomb_header(60_000, 60_000)),
                ("trunc.jpg", j[..j.len() / 2].to_vec()),
                ("gif.gif", {
                    let mut out = Vec::new();
                    image::DynamicImage::ImageRgb8(img.clone())
                        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Gif)
                        .expect("gif");
                    out
                }),
                ("heic.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x14ispe\0\0\0\0\0\0\x01\0\0\0\x01\0".to_vec()),
                ("webp.webp", b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec()),
            ];
            for (name, bytes) in seeds {
                std::fs::write(dir.join(name), bytes).expect("write");
            }
        }
        Some("compliant") => {
            // compliant PATH: the compliant 295×413 JPEG of `check`, for the browser bench
            let img = gen::portrait(295, 413, gen::WHITE, gen::Pose::default());
            std::fs::write(&args[1], gen::jpeg_in_window(&img)).expect("write");
        }
        Some("gen") => {
            // gen W H PATH: a landscape-stored camera JPEG with EXIF orientation 6 on a
            // grey backdrop (written by a separate process so its buffers do not count)
            let w: u32 = args[1].parse().expect("W");
            let h: u32 = args[2].parse().expect("H");
            let pose = gen::Pose {
                head_top: 0.18,
                head_width: 0.40,
                ..gen::Pose::default()
            };
            let upright = gen::portrait(h, w, gen::GREY, pose);
            let stored = gen::stored_for(&upright, 6);
            drop(upright);
            let jpeg = gen::with_exif(&gen::jpeg(&stored, 90), 6, None);
            std::fs::write(&args[3], jpeg).expect("write");
        }
        Some("real") => {
            // real FIXTURE W H PATH: a real portrait (../shared/fixtures/photos-real/)
            // enlarged to cover a W×H camera frame as displayed, stored sideways with
            // EXIF orientation 6 as phones do: a camera-sized photo with a real face
            // and a real backdrop (the models' path needs a real face).
            // by content: test1 is really WebP and test2 PNG, whatever their names say
            let src = image::load_from_memory(&std::fs::read(&args[1]).expect("fixture"))
                .expect("fixture decodes")
                .to_rgb8();
            let w: u32 = args[2].parse().expect("W");
            let h: u32 = args[3].parse().expect("H");
            let (dw, dh) = (w.min(h), w.max(h)); // portrait as displayed
            let scale = (dw as f32 / src.width() as f32).max(dh as f32 / src.height() as f32);
            let (sw, sh) = (
                (src.width() as f32 * scale).ceil() as u32,
                (src.height() as f32 * scale).ceil() as u32,
            );
            let big = image::imageops::resize(&src, sw, sh, image::imageops::FilterType::Triangle);
            let upright =
                image::imageops::crop_imm(&big, (sw - dw) / 2, (sh - dh) / 2, dw, dh).to_image();
            drop(big);
            let stored = gen::stored_for(&upright, 6);
            drop(upright);
            let jpeg = gen::with_exif(&gen::jpeg(&stored, 90), 6, None);
            std::fs::write(&args[4], jpeg).expect("write");
        }
        Some(m @ ("fix12" | "fix24" | "fix48")) => {
            let (w, h) = match m {
                "fix12" => (4000, 3000),
                "fix24" => (5712, 4284),
                _ => (8064, 6048),
            };
            let path = std::env::temp_dir().join(format!("bench-photo-{w}x{h}-o6.jpg"));
            if !path.exists() {
                let exe = std::env::current_exe().expect("exe");
                let st = std::process::Command::new(exe)
                    .args([
                        "gen",
                        &w.to_string(),
                        &h.to_string(),
                        &path.display().to_string(),
                    ])
                    .status()
                    .expect("gen");
                assert!(st.success());
            }
            let jpeg = std::fs::read(&path).expect("read");
            println!(
                "input: {}x{} stored, EXIF orientation 6, grey backdrop, {} bytes ({})",
                w,
                h,
                jpeg.len(),
                path.display()
            );
            let t = Instant::now();
            let fixed = photo::fix(&jpeg, spec).expect("fix");
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            println!(
                "fix {m}: {ms:.0} ms → {} bytes {}x{} pass={}; process peak RSS (VmHWM) {}",
                fixed.jpeg.len(),
                fixed.report.width,
                fixed.report.height,
                fixed.report.pass,
                peak_mib()
            );
            let t = Instant::now();
            let r = photo::check(&jpeg, spec).expect("check");
            println!(
                "check of the same 12 MP-class input: {:.0} ms (pass={})",
                t.elapsed().as_secs_f64() * 1000.0,
                r.pass
            );
        }
        Some(other) => eprintln!("unknown mode {other}"),
    }
}
