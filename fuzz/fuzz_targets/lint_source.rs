//! An editor's source for one part of a catalog message through `lint_source` (which
//! checks it and, for the SMS and push title, searches its worst case) and through
//! `render` with `sources` and the message's example data.
//!
//! Input: message, locale and part bytes, then the source (UTF-8; invalid bytes are
//! replaced).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tidings::{LocaleRequest, MessageInfo, RenderOptions};

const PARTS: &[(&str, &[&str])] = &[
    ("sms", &["sms"]),
    ("push", &["push.title", "push.body"]),
    ("email", &["email.subject", "email.html", "email.text"]),
    ("inApp", &["inApp.title", "inApp.body"]),
];

fn messages() -> &'static [MessageInfo] {
    static M: OnceLock<Vec<MessageInfo>> = OnceLock::new();
    M.get_or_init(tidings::messages)
}

fuzz_target!(|input: &[u8]| {
    let all = messages();
    let m = &all[usize::from(tidings_fuzz::byte(input, 0)) % all.len()];
    let locale = &m.locales[usize::from(tidings_fuzz::byte(input, 1)) % m.locales.len()];
    let parts: Vec<&str> = PARTS
        .iter()
        .filter(|(c, _)| {
            m.channels
                .iter()
                .any(|ch| serde_json::to_value(ch).unwrap() == Value::from(*c))
        })
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    let part = parts[usize::from(tidings_fuzz::byte(input, 2)) % parts.len()];
    let source = String::from_utf8_lossy(input.get(3..).unwrap_or_default()).into_owned();
    let data = Value::Object(m.example.clone());
    tidings_fuzz::contained("lint_source", || {
        let found = tidings::lint_source(&m.id, locale, part, &source)
            .unwrap_or_else(|e| panic!("lint_source refused a valid message/locale/part: {e}"));
        for d in &found {
            serde_json::to_value(d).expect("a diagnostic serialises");
        }
        let options = RenderOptions {
            sources: Some(BTreeMap::from([(part.to_string(), source.clone())])),
            ..Default::default()
        };
        let _ = tidings::render(&m.id, &LocaleRequest::One(locale.clone()), &data, &options);
    });
});
