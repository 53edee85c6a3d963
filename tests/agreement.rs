//! Native and WebAssembly builds must render the same text. This test generates a fixed
//! set of inputs (templates, catalog messages with varied data, SMS texts and locale
//! requests, from a fixed-seed generator), computes their outputs natively and checks
//! them against `tests/fixtures/agreement.json`, which `bindings/wasm/tests/wasm.rs` checks inside
//! the WASM module in Node and Chromium.
//!
//! After a deliberate change of output, rewrite the fixture and review its diff:
//!     TIDINGS_BLESS=1 cargo test --test agreement

#[path = "common/agreement.rs"]
mod agreement;

use serde_json::{Value, json};

const FIXTURE: &str = "tests/fixtures/agreement.json";

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const FRAGMENTS: &[&str] = &[
    "{{money m}}",
    "{{number n}}",
    "{{number n decimals=2}}",
    "{{datetime t}}",
    "{{date t}}",
    "{{time t}}",
    "{{list xs}}",
    "{{plural k zero=\"none\" one=\"# item\" few=\"# few\" other=\"# items\"}}",
    "{{maskPhone s}}",
    "{{maskName s}}",
    "{{maskAccount s}}",
    "{{#each xs}}{{@index}}={{this}};{{/each}}",
    "{{#if b}}yes{{else}}no{{/if}}",
    "{{s}}",
    " & <b>\"'` ",
    "北风，",
    "{{> antifraud}}",
    "{{nope}}",
];

const TEXTS: &[&str] = &[
    "李明",
    "Ann Lee",
    "bit.ly/x",
    "me@x.io",
    "+86 138-1234-5678",
    "\u{202E}evil",
    "👩🏽\u{200D}💻",
    "www.example",
    "Jane-Mary Doe",
    "欧阳娜娜",
    "6222 0212 3456 7890",
    "€[]{}",
    "",
];

const ZONES: &[&str] = &[
    "Asia/Shanghai",
    "America/New_York",
    "Asia/Kolkata",
    "America/St_Johns",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
];

const TAGS: &[&str] = &[
    "zh-CN",
    "zh-TW",
    "zh-HK",
    "zh-MO",
    "zh-SG",
    "en",
    "en-GB",
    "fr-FR",
    "yue",
    "und",
    "x-private",
    "zh-Hant",
    "zh-Hans-HK",
    "",
];

fn number(rng: &mut Rng) -> Value {
    match rng.below(4) {
        0 => json!(rng.below(2_000_000) as i64 - 1_000_000),
        1 => json!((rng.below(20_000_000) as f64) / 64.0 - 1000.0),
        2 => json!(format!("{}.{:03}", rng.below(1_000_000), rng.below(1000))),
        _ => json!(rng.below(3)),
    }
}

fn timestamp(rng: &mut Rng) -> String {
    // 1970 to 2099, at any second: DST edges and leap years included by chance.
    let secs = rng.next() % 4_102_444_800;
    jiff::Timestamp::from_second(secs as i64)
        .unwrap()
        .to_string()
}

fn template_case(rng: &mut Rng) -> Value {
    let source: String = (0..1 + rng.below(5)).map(|_| rng.pick(FRAGMENTS)).collect();
    let currency = rng.pick(&["CNY", "HKD", "USD", "JPY", "EUR", "TWD"]);
    let data = json!({
        "m": {"amount": format!("{}.{}", rng.below(100_000_000) as i64 - 1000, rng.below(1000)), "currency": currency},
        "n": number(rng),
        "t": timestamp(rng),
        "xs": (0..rng.below(5)).map(|_| rng.pick(TEXTS)).collect::<Vec<_>>(),
        "k": number(rng),
        "s": rng.pick(TEXTS),
        "b": rng.below(2) == 1,
        "timeZone": rng.pick(ZONES),
    });
    let options = json!({
        "locale": rng.pick(TAGS),
        "escape": rng.pick(&["html", "none"]),
    });
    json!({"kind": "template", "source": source, "data": data, "options": options})
}

fn render_case(rng: &mut Rng) -> Value {
    let messages = tidings::messages();
    let m = &messages[rng.below(messages.len())];
    let mut data = m.example.clone();
    for v in &m.variables {
        if rng.below(3) != 0 {
            continue;
        }
        let value = match v.ty {
            tidings::VarType::String if !v.trusted => json!(rng.pick(TEXTS)),
            tidings::VarType::Datetime => json!(timestamp(rng)),
            tidings::VarType::Money => {
                let digits = v.max_length.unwrap_or(6).min(12);
                let int = rng.next() % 10u64.pow(digits);
                json!({"amount": format!("{int}.{:02}", rng.below(100)),
                       "currency": rng.pick(&["CNY", "HKD", "USD", "JPY"])})
            }
            tidings::VarType::Enum => {
                let values = v.values.clone().unwrap_or_default();
                json!(values[rng.below(values.len())])
            }
            _ => continue,
        };
        data.insert(v.name.clone(), value);
    }
    let locale = if rng.below(3) == 0 {
        json!([rng.pick(TAGS), rng.pick(TAGS)])
    } else {
        json!(rng.pick(TAGS))
    };
    // E-mail (the long parts, and the HTML escaping) in a quarter of the cases.
    let without_email: Vec<tidings::Channel> = m
        .channels
        .iter()
        .copied()
        .filter(|c| *c != tidings::Channel::Email)
        .collect();
    let mut options = if rng.below(4) == 0 || without_email.is_empty() {
        json!({})
    } else {
        json!({ "channels": without_email })
    };
    if rng.below(2) == 0 {
        options["timeZone"] = json!(rng.pick(ZONES));
    }
    json!({"kind": "render", "message": m.id, "locale": locale, "data": data, "options": options})
}

fn sms_case(rng: &mut Rng) -> Value {
    let pieces = ["a", "€", "汉", "😀", " ", "[", "\n", "é", "ç", "\u{1b}"];
    let text: String = (0..rng.below(400)).map(|_| rng.pick(&pieces)).collect();
    json!({"kind": "sms", "text": text})
}

fn negotiate_case(rng: &mut Rng) -> Value {
    let tags: Vec<&str> = (0..1 + rng.below(3)).map(|_| rng.pick(TAGS)).collect();
    json!({"kind": "negotiate", "locale": tags})
}

fn cases() -> Vec<Value> {
    let mut rng = Rng(0x6167_7265_656d_656e);
    let mut out = Vec::new();
    out.extend((0..40).map(|_| template_case(&mut rng)));
    out.extend((0..40).map(|_| render_case(&mut rng)));
    out.extend((0..12).map(|_| sms_case(&mut rng)));
    out.extend((0..8).map(|_| negotiate_case(&mut rng)));
    out
}

#[test]
fn the_fixture_holds_the_native_outputs_of_the_generated_cases() {
    let fresh: Vec<Value> = cases()
        .into_iter()
        .map(|case| {
            let expected = agreement::evaluate(&case);
            json!({"case": case, "expected": expected})
        })
        .collect();
    let rendered = fresh
        .iter()
        .filter(|c| c["expected"].get("ok").is_some())
        .count();
    assert!(
        rendered > 50,
        "only {rendered} of {} cases render",
        fresh.len()
    );
    let text = serde_json::to_string_pretty(&fresh).unwrap() + "\n";
    if std::env::var_os("TIDINGS_BLESS").is_some() {
        std::fs::write(FIXTURE, &text).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(FIXTURE).expect("the fixture (TIDINGS_BLESS=1 writes it)");
    let kept: Vec<Value> = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept.len(), fresh.len(), "rerun with TIDINGS_BLESS=1");
    for (k, f) in kept.iter().zip(&fresh) {
        assert_eq!(
            k, f,
            "output changed; rerun with TIDINGS_BLESS=1 and review the diff"
        );
    }
}
