//! `cargo bench --bench avatar`: a 5 MB JPEG photo to a 300×300 avatar, the work an avatar upload does.
//!
//! The photo is made here rather than committed (5 MB in git for one number): a 12-megapixel phone-sized frame
//! of smooth gradients with sensor-like noise, encoded at the quality that lands it just under 5 MB, which is
//! what real photos cost the decoder. Prints one JSON line for `bench/bench.py`.

use dashboard::server::services::avatars;
use image::{codecs::jpeg::JpegEncoder, RgbImage};
use rand::{rngs::StdRng, Rng, SeedableRng};
use std::time::Instant;

const TARGET_BYTES: usize = 5 * 1024 * 1024;
const RUNS: usize = 9;

fn photo() -> Vec<u8> {
    let (width, height) = (4032u32, 3024u32);
    let mut rng = StdRng::seed_from_u64(2026);
    let image = RgbImage::from_fn(width, height, |x, y| {
        let fx = x as f32 / width as f32;
        let fy = y as f32 / height as f32;
        let mut noise = || rng.gen_range(-18i16..=18);
        let channel = |base: f32, n: i16| (base * 255.0 + f32::from(n)).clamp(0.0, 255.0) as u8;
        image::Rgb([
            channel(0.2 + 0.6 * fx, noise()),
            channel(0.3 + 0.5 * (fx * fy), noise()),
            channel(0.8 - 0.6 * fy, noise()),
        ])
    });
    // The highest quality that stays within 5 MB: the largest upload the endpoint accepts.
    (50..=98)
        .rev()
        .map(|quality| {
            let mut bytes = Vec::new();
            JpegEncoder::new_with_quality(&mut bytes, quality)
                .encode_image(&image)
                .expect("encode the test photo");
            bytes
        })
        .find(|bytes| bytes.len() <= TARGET_BYTES)
        .expect("some quality fits in 5 MB")
}

fn main() {
    let upload = photo();
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let avatar = avatars::process(&upload).expect("the photo is a valid avatar");
            assert!(!avatar.bytes.is_empty());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"upload_bytes\": {}, \"runs\": {RUNS}, \"median_ms\": {:.1}, \"min_ms\": {:.1}, \"max_ms\": {:.1}}}",
        upload.len(),
        times[RUNS / 2],
        times[0],
        times[RUNS - 1]
    );
}
