//! Renders a JSON Lines file natively with `render_jsonl`, for profiling:
//! `cargo run --release --example profile_batch -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: profile_batch FILE");
    let input = std::fs::read(&path).expect("readable input");
    let started = std::time::Instant::now();
    let mut out = Vec::with_capacity(input.len() * 3);
    let stats = tidings::render_jsonl(&input, 1, &tidings::BatchDefaults::default(), &mut out);
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} records in {secs:.2} s: {:.0} records/s ({} bytes out)",
        stats.records,
        stats.records as f64 / secs,
        out.len()
    );
}
