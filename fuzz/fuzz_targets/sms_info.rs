//! Any text through `sms_info`, checked against an independent reading of GSM 03.38:
//! the encoding, the units, the segment count (greedy packing, a character never split
//! across parts) and the characters that forced UCS-2.
//!
//! Input: UTF-8 text (invalid bytes are replaced).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings::Encoding;

/// The GSM 03.38 basic table (ESC excluded) and the extension table.
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const EXTENSION: &str = "\u{0C}^{}\\[~]|€";

fn gsm(c: char) -> Option<u32> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

fn expected_segments(costs: &[u32], single: u32, multi: u32) -> u32 {
    let total: u32 = costs.iter().sum();
    if total <= single {
        return 1;
    }
    let (mut parts, mut used) = (1, 0);
    for &c in costs {
        if used + c > multi {
            parts += 1;
            used = 0;
        }
        used += c;
    }
    parts
}

fuzz_target!(|input: &[u8]| {
    let text = String::from_utf8_lossy(input);
    let info = tidings_fuzz::contained("sms_info", || tidings::sms_info(&text));
    assert_eq!(BASIC.chars().count(), 127);
    let gsm7 = text.chars().all(|c| gsm(c).is_some());
    let (costs, single, multi) = if gsm7 {
        assert_eq!(info.encoding, Encoding::Gsm7, "{text:?}");
        assert!(info.non_gsm.is_empty());
        let costs: Vec<u32> = text.chars().map(|c| gsm(c).unwrap()).collect();
        (costs, 160, 153)
    } else {
        assert_eq!(info.encoding, Encoding::Ucs2, "{text:?}");
        // Every character that is not GSM-7, once each, in order of first appearance.
        let mut want: Vec<char> = Vec::new();
        for c in text.chars().filter(|&c| gsm(c).is_none()) {
            if !want.contains(&c) {
                want.push(c);
            }
        }
        assert_eq!(info.non_gsm, want);
        let costs: Vec<u32> = text.chars().map(|c| c.len_utf16() as u32).collect();
        (costs, 70, 67)
    };
    let units: u32 = costs.iter().sum();
    assert_eq!(info.units, units, "units of {text:?}");
    assert!(info.segments >= 1, "at least one segment");
    let segments = expected_segments(&costs, single, multi);
    assert_eq!(info.segments, segments, "segments of {text:?}");
    assert_eq!(
        info.per_segment,
        if segments == 1 { single } else { multi },
        "per segment"
    );
    // A part never carries more than its capacity.
    assert!(units <= info.segments * info.per_segment);
});
