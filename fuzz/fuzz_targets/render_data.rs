//! Arbitrary data through `render` of every catalog message in every catalog locale,
//! with the compiled templates and again with the same sources passed as `sources`
//! (the editor's path: check, then render the source). The two paths must agree.
//!
//! Input: JSON text (the seeds are the catalog's examples) or, when it is not JSON,
//! bytes an arbitrary value is built from. The data is rendered as given, and merged
//! over each message's example (so one odd value at a time reaches the helpers). A
//! top-level `"@tz"` string becomes the `timeZone` option.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use tidings::{LocaleRequest, MessageInfo, RenderOptions};

struct Setup {
    messages: Vec<MessageInfo>,
    locales: Vec<String>,
    names: Vec<String>,
}

fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| Setup {
        messages: tidings::messages(),
        locales: tidings_fuzz::locales(),
        names: tidings_fuzz::variable_names(),
    })
}

fn data_of(input: &[u8], names: &[String]) -> Value {
    match serde_json::from_slice::<Value>(input) {
        Ok(v) => v,
        Err(_) => {
            let mut u = arbitrary::Unstructured::new(input);
            tidings_fuzz::value(&mut u, names, 0)
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let s = setup();
    let fuzzed = data_of(input, &s.names);
    let time_zone = fuzzed
        .get("@tz")
        .and_then(Value::as_str)
        .map(str::to_string);
    tidings_fuzz::contained("render_data", || {
        for m in &s.messages {
            let mut merged: Map<String, Value> = m.example.clone();
            match &fuzzed {
                Value::Object(map) => merged.extend(map.clone()),
                other if !m.variables.is_empty() => {
                    // Replace one variable, chosen by the value's size.
                    let i = other.to_string().len() % m.variables.len();
                    merged.insert(m.variables[i].name.clone(), other.clone());
                }
                _ => {}
            }
            merged.remove("@tz");
            let merged = Value::Object(merged);
            for locale in &s.locales {
                let request = LocaleRequest::One(locale.clone());
                let sources: BTreeMap<String, String> = m.templates[locale]
                    .iter()
                    .map(|(part, source)| (part.clone(), source.clone()))
                    .collect();
                for data in [&fuzzed, &merged] {
                    let plain = RenderOptions {
                        time_zone: time_zone.clone(),
                        ..Default::default()
                    };
                    let edited = RenderOptions {
                        time_zone: time_zone.clone(),
                        sources: Some(sources.clone()),
                        ..Default::default()
                    };
                    let a = tidings::render(&m.id, &request, data, &plain);
                    let b = tidings::render(&m.id, &request, data, &edited);
                    match (&a, &b) {
                        (Ok(a), Ok(b)) => assert_eq!(a, b, "{} {locale}: sources differ", m.id),
                        (Err(a), Err(b)) => {
                            assert_eq!(a.code(), b.code(), "{} {locale}: {a} vs {b}", m.id)
                        }
                        _ => panic!(
                            "{} {locale}: compiled and source paths disagree: {:?} vs {:?}",
                            m.id,
                            a.as_ref().map(|_| ()).map_err(|e| e.to_string()),
                            b.as_ref().map(|_| ()).map_err(|e| e.to_string())
                        ),
                    }
                    if let Ok(r) = &a {
                        // What the JS API hands back must serialise.
                        serde_json::to_value(r).expect("a rendering serialises");
                    }
                }
            }
        }
    });
});
