//! What each step of a thumbnail's first encoding costs in CPU time (of this thread, so a
//! busy machine does not inflate it), on generated
//! photo-like 1280×720 JPEGs (`capsule_synth::thumbnail_jpeg`): decoding, resizing, and
//! the encoders at the settings one might choose, with the bytes they give. The figures
//! behind `src/images/photo.rs`'s settings.
//!
//! `cargo run --release --example picture_costs [-- PICTURES]`

use std::time::Duration;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let sources: Vec<Vec<u8>> = (0..count)
        .map(|i| capsule_synth::thumbnail_jpeg(7, i).expect("thumbnail"))
        .collect();
    let mut costs = Costs::default();
    for source in &sources {
        let rgb = costs.time("decode JPEG 1280×720", 0, || {
            image::load_from_memory(source).expect("decode").into_rgb8()
        });
        let (width, height) = rgb.dimensions();
        let source = ImageRef::new(width, height, rgb.as_raw(), PixelType::U8x3).expect("view");
        let resize = |w: u32, h: u32, cover: bool| {
            let mut target = Image::new(w, h, PixelType::U8x3);
            let mut options =
                ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
            if cover {
                options = options.fit_into_destination(None);
            }
            Resizer::new()
                .resize(&source, &mut target, &options)
                .expect("resize");
            target
        };
        let large = costs.time("resize → 960×540", 0, || resize(960, 540, false));
        let small = costs.time("resize → 480×270", 0, || resize(480, 270, false));
        let card = costs.time("resize → card 1200×630", 0, || resize(1200, 630, true));
        for method in [0, 2, 4] {
            for (name, image, w, h) in [("960", &large, 960, 540), ("480", &small, 480, 270)] {
                let label = format!("WebP {name} q75 method {method}");
                let bytes = costs.sized(&label, || webp(image.buffer(), w, h, method));
                costs.add_bytes(&label, bytes);
            }
        }
        let bytes = costs.sized("JPEG card q80", || jpeg(card.buffer(), 1200, 630));
        costs.add_bytes("JPEG card q80", bytes);
    }
    costs.print(count);
}

fn webp(rgb: &[u8], width: u32, height: u32, method: i32) -> usize {
    let mut config = webp::WebPConfig::new().expect("config");
    config.quality = 75.0;
    config.method = method;
    webp::Encoder::from_rgb(rgb, width, height)
        .encode_advanced(&config)
        .expect("webp")
        .len()
}

fn jpeg(rgb: &[u8], width: u16, height: u16) -> usize {
    let mut bytes = Vec::new();
    jpeg_encoder::Encoder::new(&mut bytes, 80)
        .encode(rgb, width, height, jpeg_encoder::ColorType::Rgb)
        .expect("jpeg");
    bytes.len()
}

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into the pointer it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Time and bytes by step, in the order first seen.
#[derive(Default)]
struct Costs {
    steps: Vec<(String, Duration, usize)>,
}

impl Costs {
    fn entry(&mut self, label: &str) -> &mut (String, Duration, usize) {
        if let Some(index) = self.steps.iter().position(|(l, _, _)| l == label) {
            return &mut self.steps[index];
        }
        self.steps.push((label.to_string(), Duration::ZERO, 0));
        self.steps.last_mut().expect("just pushed")
    }

    fn time<T>(&mut self, label: &str, bytes: usize, step: impl FnOnce() -> T) -> T {
        let started = thread_cpu();
        let result = step();
        let spent = thread_cpu().saturating_sub(started);
        let entry = self.entry(label);
        entry.1 += spent;
        entry.2 += bytes;
        result
    }

    fn sized(&mut self, label: &str, step: impl FnOnce() -> usize) -> usize {
        self.time(label, 0, step)
    }

    fn add_bytes(&mut self, label: &str, bytes: usize) {
        self.entry(label).2 += bytes;
    }

    fn print(&self, count: usize) {
        println!("{count} pictures, per picture:");
        for (label, time, bytes) in &self.steps {
            let kb = match bytes {
                0 => String::new(),
                b => format!("{:>7.1} kB", *b as f64 / count as f64 / 1000.0),
            };
            println!(
                "  {label:<28} {:>7.2} ms {kb}",
                time.as_secs_f64() * 1000.0 / count as f64
            );
        }
    }
}
