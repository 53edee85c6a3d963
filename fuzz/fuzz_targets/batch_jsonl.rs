//! A chunk of bytes through `render_jsonl`: one output line per input record (every
//! line that is not blank), in order, each valid JSON with a status; the stats add up.
//!
//! Input: one flags byte, then the chunk. Flags: bit 0 `annotated` (a tidings reader
//! wrote the chunk), bit 1 a default message, bit 2 a default locale, bits 3–4 the
//! first line number.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use tidings::BatchDefaults;

/// Records as `render_jsonl` counts them: lines split at `\n`, a `\r` before it
/// dropped, a byte-order mark dropped from line 1, lines of ASCII whitespace skipped.
fn records(chunk: &[u8], first_line: u64) -> Vec<u64> {
    let mut out = Vec::new();
    if chunk.is_empty() {
        return out;
    }
    let mut lines: Vec<&[u8]> = chunk.split(|&b| b == b'\n').collect();
    if chunk.ends_with(b"\n") {
        lines.pop();
    }
    for (i, line) in lines.into_iter().enumerate() {
        let number = first_line.wrapping_add(i as u64);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = if number == 1 {
            line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line)
        } else {
            line
        };
        if !line.iter().all(u8::is_ascii_whitespace) {
            out.push(number);
        }
    }
    out
}

fuzz_target!(|input: &[u8]| {
    let flags = tidings_fuzz::byte(input, 0);
    let chunk = input.get(1..).unwrap_or_default();
    let first_line = [1, 2, 1000, 1 << 40][usize::from(flags >> 3 & 3)];
    let mut defaults = json!({"annotated": flags & 1 != 0});
    if flags & 2 != 0 {
        defaults["message"] = json!("security.funds_moved");
    }
    if flags & 4 != 0 {
        defaults["locale"] = json!(["zh-HK", "en"]);
    }
    let defaults: BatchDefaults = serde_json::from_value(defaults).unwrap();
    tidings_fuzz::contained("batch_jsonl", || {
        let mut out = Vec::new();
        let stats = tidings::render_jsonl(chunk, first_line, &defaults, &mut out);
        let expected = records(chunk, first_line);
        assert_eq!(stats.records as usize, expected.len(), "records counted");
        assert_eq!(
            stats.rendered + stats.skipped + stats.failed,
            stats.records,
            "every record has one outcome"
        );
        assert!(out.is_empty() || out.ends_with(b"\n"), "output ends a line");
        let lines: Vec<&[u8]> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines.len(), expected.len(), "one output line per record");
        let (mut rendered, mut skipped, mut failed) = (0, 0, 0);
        for (line, number) in lines.iter().zip(&expected) {
            let v: Value = serde_json::from_slice(line).unwrap_or_else(|e| {
                panic!(
                    "output line is not JSON ({e}): {}",
                    String::from_utf8_lossy(line)
                )
            });
            match v["status"].as_str() {
                Some("rendered") => rendered += 1,
                Some("skipped") => skipped += 1,
                Some("failed") => failed += 1,
                other => panic!("status {other:?}"),
            }
            // Outside an annotated chunk, the line is always the input's.
            if !defaults.annotated {
                assert_eq!(v["line"].as_u64(), Some(*number), "line number");
            }
        }
        assert_eq!(
            (rendered, skipped, failed),
            (stats.rendered, stats.skipped, stats.failed)
        );
    });
});
