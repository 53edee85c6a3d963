//! Arbitrary locale requests (one tag or a preference list) through `negotiate_locale`,
//! and through `render` and `render_template` with valid data: the answer is always a
//! catalog locale, the same on every call (memoised or not), and a request alone never
//! makes a valid rendering fail.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};
use std::sync::OnceLock;
use tidings::{LocaleRequest, RenderOptions, TemplateOptions};

#[derive(Debug, Arbitrary)]
enum Request {
    One(String),
    List(Vec<String>),
    /// Tags made from pieces of real ones, so matching gets past the parser.
    Built(Vec<Vec<u8>>),
}

const PIECES: &[&str] = &[
    "zh",
    "en",
    "yue",
    "und",
    "x",
    "i",
    "u",
    "t",
    "Hant",
    "Hans",
    "Latn",
    "TW",
    "HK",
    "MO",
    "CN",
    "SG",
    "US",
    "GB",
    "419",
    "nu",
    "hanidec",
    "ca",
    "buddhist",
    "private",
    "min",
    "nan",
    "-",
    "_",
    "*",
    "root",
    "",
    "\u{0}",
    "zh-Hant-HK-u-nu-hanidec",
    "fr-FR",
];

fn tags(request: Request) -> LocaleRequest {
    match request {
        Request::One(t) => LocaleRequest::One(t),
        Request::List(l) => LocaleRequest::List(l),
        Request::Built(tags) => LocaleRequest::List(
            tags.iter()
                .map(|t| {
                    t.iter()
                        .map(|&b| PIECES[usize::from(b) % PIECES.len()])
                        .collect::<Vec<_>>()
                        .join("-")
                })
                .collect(),
        ),
    }
}

fn welcome() -> &'static Value {
    static W: OnceLock<Value> = OnceLock::new();
    W.get_or_init(|| {
        let m = tidings::messages()
            .into_iter()
            .find(|m| m.id == "welcome")
            .unwrap();
        Value::Object(m.example)
    })
}

fuzz_target!(|request: Request| {
    let request = tags(request);
    let locales = tidings_fuzz::locales();
    tidings_fuzz::contained("negotiate", || {
        let first = tidings::negotiate_locale(&request);
        assert!(locales.contains(&first.locale), "{first:?}");
        // The second call may come from the memo; it must say the same.
        assert_eq!(tidings::negotiate_locale(&request), first);
        let r = tidings::render("welcome", &request, welcome(), &RenderOptions::default())
            .unwrap_or_else(|e| panic!("a locale request broke a valid render: {e}"));
        assert_eq!(r.locale, first.locale);
        assert_eq!(r.fallback, first.fallback);
        let options: TemplateOptions =
            serde_json::from_value(json!({"locale": request.clone()})).unwrap();
        tidings::render_template(
            "{{datetime t}}",
            &json!({"t": "2026-11-28T01:30:00Z"}),
            &options,
        )
        .unwrap_or_else(|e| panic!("a locale request broke a valid template: {e}"));
    });
    // And from a fresh thread, with an empty memo.
    let fresh = std::thread::spawn({
        let request = request.clone();
        move || tidings::negotiate_locale(&request)
    })
    .join()
    .unwrap();
    assert_eq!(fresh, tidings::negotiate_locale(&request));
});
