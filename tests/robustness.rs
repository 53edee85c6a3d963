//! No input may panic: in WebAssembly a panic is a trap that kills the instance for every
//! later call. Deterministic random templates and data (a fixed-seed generator over
//! Handlebars tokens) go through every entry point that takes user input.

use serde_json::{Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use tidings::{LocaleRequest, RenderOptions, TemplateOptions};

#[path = "common/rng.rs"]
#[allow(dead_code)]
mod rng;
use rng::Rng;

const TOKENS: &[&str] = &[
    "{{",
    "}}",
    "{{{",
    "}}}",
    "{{#",
    "{{/",
    "{{^",
    "{{else}}",
    "{{else if x}}",
    "{{!",
    "{{!--",
    "--}}",
    "{{>",
    "{{~",
    "~}}",
    "{{#if x}}",
    "{{/if}}",
    "{{#each xs}}",
    "{{/each}}",
    "{{#with m}}",
    "{{/with}}",
    "{{#each xs as |a b|}}",
    "x",
    "xs",
    "m",
    "m.amount",
    "../x",
    "../../x",
    "@root",
    "@root.x",
    "@index",
    "@first",
    "this",
    ".",
    "[x]",
    "xs.[0]",
    "(",
    ")",
    "(eq x 1)",
    "(lookup xs 0)",
    "=",
    "\"",
    "'",
    " ",
    "\n",
    "\\",
    "money",
    "number",
    "datetime",
    "plural",
    "list",
    "maskName",
    "lookup",
    "len",
    "eq",
    "and",
    "antifraud",
    "one=\"#\"",
    "decimals=99",
    "decimals=-1",
    "北",
    "😀",
    "\u{202E}",
    "\u{0}",
    "{{#*inline \"p\"}}",
    "{{/inline}}",
    "{{> p}}",
    "{{{{raw}}}}",
    "{{{{/raw}}}}",
    "{{log x}}",
    "{{#each}}",
    "{{#if}}",
    "{{lookup}}",
    "{{x.y.z.w}}",
    "{{xs.length}}",
    "{{#each m}}{{@key}}{{/each}}",
];

fn random_source(rng: &mut Rng) -> String {
    let len = 1 + rng.next() % 24;
    (0..len).map(|_| rng.pick(TOKENS)).collect()
}

fn random_value(rng: &mut Rng, depth: u32) -> Value {
    match rng.next() % if depth > 2 { 6 } else { 8 } {
        0 => Value::Null,
        1 => json!(rng.next().is_multiple_of(2)),
        2 => json!((rng.next() % 2_000_000) as f64 / 7.0 - 100_000.0),
        3 => json!(rng.pick(&[
            "",
            "A&B",
            "北风",
            "1e400",
            "-0",
            "2026-11-28T09:30:00Z",
            "9999-12-31T23:59:59Z",
            "\u{202E}x",
            "https://www.northwindpay.com/a"
        ])),
        4 => {
            json!({"amount": rng.pick(&["12.5", "x", "1e999", "-0.001", "99999999999999999999999"]), "currency": rng.pick(&["CNY", "XYZ", "", "USD"])})
        }
        5 => json!(rng.next()),
        6 => Value::Array(
            (0..rng.next() % 4)
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = serde_json::Map::new();
            for key in ["x", "xs", "m", "timeZone"] {
                if rng.next().is_multiple_of(2) {
                    map.insert(key.into(), random_value(rng, depth + 1));
                }
            }
            Value::Object(map)
        }
    }
}

fn no_panic(what: &str, f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        panic!("panicked on {what}");
    }
}

#[test]
fn random_templates_and_data_never_panic() {
    let mut rng = Rng(0x7469_6469_6e67_7321);
    let mut rendered = 0;
    for i in 0..2000 {
        let source = random_source(&mut rng);
        let data = random_value(&mut rng, 0);
        let data = match data {
            Value::Object(_) => data,
            other => json!({"x": other, "xs": [1, "a"], "m": {"amount": 1, "currency": "CNY"}}),
        };
        let escape = if i % 2 == 0 { "html" } else { "none" };
        let locale = ["zh-HK", "en", "zh-CN"][i % 3];
        let options: TemplateOptions =
            serde_json::from_value(json!({"locale": locale, "escape": escape})).unwrap();
        no_panic(&format!("render_template({source:?}, {data})"), || {
            rendered += usize::from(tidings::render_template(&source, &data, &options).is_ok());
        });
    }
    // The generator must reach rendering, not only the parser's error paths.
    assert!(
        rendered > 100,
        "only {rendered} of 2000 random templates rendered"
    );
}

#[test]
fn random_edits_and_data_through_render_and_lint_never_panic() {
    let mut rng = Rng(0x5eed_0000_0000_0001);
    let messages = tidings::messages();
    for i in 0..120 {
        let m = &messages[i % messages.len()];
        let locale = ["zh-CN", "zh-TW", "en"][i % 3];
        let source = random_source(&mut rng);
        let mut data = m.example.clone();
        if let Some(key) = m
            .variables
            .get(i % m.variables.len().max(1))
            .map(|v| v.name.clone())
        {
            data.insert(key, random_value(&mut rng, 0));
        }
        let data = Value::Object(data);
        let sources = json!({"sms": source});
        let options: RenderOptions = serde_json::from_value(json!({"sources": sources})).unwrap();
        no_panic(&format!("render({}, {source:?}, {data})", m.id), || {
            let _ = tidings::render(&m.id, &LocaleRequest::One(locale.into()), &data, &options);
        });
        no_panic(&format!("lint_source({}, {source:?})", m.id), || {
            let _ = tidings::lint_source(&m.id, locale, "sms", &source);
        });
    }
}

#[test]
fn random_batch_lines_never_panic_and_are_all_accounted_for() {
    let mut rng = Rng(42);
    let mut input = String::new();
    for _ in 0..300 {
        let line = match rng.next() % 4 {
            0 => random_value(&mut rng, 0).to_string(),
            1 => json!({"id": 1, "message": "welcome", "data": random_value(&mut rng, 0), "preferences": random_value(&mut rng, 1)}).to_string(),
            2 => random_source(&mut rng).replace('\n', " "),
            _ => json!({"message": "security.funds_moved", "locale": random_value(&mut rng, 1), "channels": random_value(&mut rng, 1)}).to_string(),
        };
        input.push_str(&line);
        input.push('\n');
    }
    let records = input.lines().filter(|l| !l.trim().is_empty()).count();
    let mut out = Vec::new();
    let stats = tidings::render_jsonl(
        input.as_bytes(),
        1,
        &tidings::BatchDefaults::default(),
        &mut out,
    );
    assert_eq!(stats.records as usize, records);
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), records);
}
