//! Decodes a photo and writes it as raw interleaved RGB8, resized, for the
//! wasm benchmark (`scripts/bench-vision.mjs`) and the reference generator
//! (`nn/tests/ref/gen_refs.py`).
//!
//! `cargo run -p precheck-vision --example dump_rgb -- PHOTO OUT.rgb LONG_SIDE`
//! keeps the aspect ratio (long side = LONG_SIDE);
//! `… -- PHOTO OUT.rgb WIDTH HEIGHT` stretches to exactly WIDTH × HEIGHT;
//! `… -- PHOTO OUT.rgb 0` keeps the decoded size (no resampling).
//! The format is sniffed from the bytes (the fixtures have misleading names).
//! Resizing: `image`'s Triangle (bilinear) filter. Prints `WIDTH HEIGHT`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: dump_rgb PHOTO OUT.rgb LONG_SIDE | WIDTH HEIGHT");
        std::process::exit(2);
    }
    let img = image::ImageReader::open(&args[0])
        .expect("open")
        .with_guessed_format()
        .expect("read")
        .decode()
        .expect("decode")
        .to_rgb8();
    let (w, h) = img.dimensions();
    let a: u32 = args[2].parse().expect("number");
    if a == 0 {
        std::fs::write(&args[1], img.as_raw()).expect("write");
        println!("{w} {h}");
        return;
    }
    let (nw, nh) = match args.get(3) {
        Some(b) => (a, b.parse().expect("number")),
        None if w >= h => (a, (h as u64 * a as u64 / w as u64).max(1) as u32),
        None => ((w as u64 * a as u64 / h as u64).max(1) as u32, a),
    };
    let out = image::imageops::resize(&img, nw, nh, image::imageops::FilterType::Triangle);
    std::fs::write(&args[1], out.as_raw()).expect("write");
    println!("{nw} {nh}");
}
