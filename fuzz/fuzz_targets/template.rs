//! An ad-hoc template source through check, compile and `render_template`, as text and
//! as HTML, with generic data or a catalog message's example (then checked against it).
//!
//! Input: one flags byte, then the source (UTF-8; invalid bytes are replaced).
//! Flags: bits 0–1 locale, bit 2 check against a catalog message, bits 3–5 which
//! message, bit 6 `timeZone` option, bit 7 lenient (`strict: false`) with the source
//! also given as partials `p` and `q` (so `{{> p}}` may include itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use std::sync::OnceLock;
use tidings::{MessageInfo, TemplateOptions};

fn messages() -> &'static [MessageInfo] {
    static M: OnceLock<Vec<MessageInfo>> = OnceLock::new();
    M.get_or_init(tidings::messages)
}

fn generic() -> Value {
    json!({
        "x": "A&B <b>",
        "n": 1234.5,
        "k": 0,
        "t": "2026-11-28T09:30:00Z",
        "m": {"amount": "12.50", "currency": "CNY"},
        "xs": ["北风", "b", "c"],
        "ms": [{"amount": 1, "currency": "USD"}, {"amount": "-2", "currency": "HKD"}],
        "o": {"a": 1, "b": [true, false], "c": {"d": "e"}},
        "b": true,
        "phone": "13812345678",
        "timeZone": "America/New_York"
    })
}

fuzz_target!(|input: &[u8]| {
    let flags = tidings_fuzz::byte(input, 0);
    let source = String::from_utf8_lossy(input.get(1..).unwrap_or_default()).into_owned();
    let locale = ["zh-CN", "zh-TW", "en", "zh-HK"][usize::from(flags & 3)];
    let message = (flags & 4 != 0).then(|| {
        let all = messages();
        &all[usize::from(flags >> 3 & 7) % all.len()]
    });
    let data = match message {
        Some(m) => Value::Object(m.example.clone()),
        None => generic(),
    };
    tidings_fuzz::contained("template", || {
        for escape in ["none", "html"] {
            let mut options = json!({"locale": locale, "escape": escape});
            if let Some(m) = message {
                options["messageId"] = json!(m.id);
            }
            if flags & 0x40 != 0 {
                options["timeZone"] = json!("Asia/Kolkata");
            }
            if flags & 0x80 != 0 {
                options["strict"] = json!(false);
                options["partials"] = json!({"p": source, "q": "{{> p}}{{> p}}"});
            }
            let options: TemplateOptions = serde_json::from_value(options).unwrap();
            let first = tidings::render_template(&source, &data, &options);
            if let Ok(text) = &first {
                // Same input, same output (the step budget and memos are per call).
                let again = tidings::render_template(&source, &data, &options);
                assert_eq!(again.as_ref().ok(), Some(text), "not deterministic");
            }
        }
    });
});
