//! Properties that hold for every input, checked on generated ones (proptest):
//!
//! * rendering is deterministic: the same inputs give the same output, twice in a row
//!   and on a fresh thread (empty thread-local memos and step budget);
//! * appending a GSM-7 basic character to an SMS never lowers its part count;
//! * neutralising untrusted text is idempotent: data whose untrusted value is already
//!   the neutralised text renders that same text;
//! * the declared worst case holds: for values within every variable's declared bounds
//!   the rendered SMS takes no more parts than `sms_bounds` says (no more units at that
//!   part count), and no fewer than its minimum.
//!
//! Case counts are kept small so the file runs in seconds in a debug build; the fuzz
//! targets in fuzz/ explore far more inputs.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use tidings::{
    Channel, Charset, LocaleRequest, RenderOptions, SmsBounds, TemplateOptions, VarType, Variable,
};

/// `cases` cases from a fixed seed, so `cargo test` is deterministic; with
/// `PROPTEST_CASES` set, that many from a random seed (a hunt: `PROPTEST_CASES=5000`).
fn config(cases: u32) -> Config {
    let hunt: Option<u32> = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    Config {
        cases: hunt.unwrap_or(cases),
        rng_seed: match hunt {
            Some(_) => RngSeed::Random,
            None => RngSeed::Fixed(0x7469_6469_6e67_7321),
        },
        // Shrinking a failure of these properties takes a few hundred steps at most.
        max_shrink_iters: 512,
        ..Config::default()
    }
}

const LOCALES: [&str; 3] = ["zh-CN", "zh-TW", "en"];

/// The GSM 03.38 basic table without ESC and without the controls LF and CR.
const GSM_BASIC: &str = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM_EXTENSION: &str = "^{}\\[~]|€";

/// Pieces that make neutralising, masking and segmenting interesting.
const PIECES: &[&str] = &[
    "a",
    "Z",
    "李",
    "明",
    " ",
    ".",
    "。",
    "．",
    "@",
    "://",
    "https://",
    "www",
    "bit",
    "ly",
    "com",
    "evil",
    "xn--80ak6aa92e",
    "-",
    "(",
    ")",
    "+86",
    "138",
    "1234",
    "5678",
    "０１２",
    "٣٤٥",
    "\u{202E}",
    "\u{200B}",
    "\u{200D}",
    "\u{FE0F}",
    "\u{00AD}",
    "\u{E0041}",
    "🏴",
    "😀",
    "👩",
    "🏽",
    "\n",
    "\t",
    "\u{2028}",
    "\u{0}",
    "\u{85}",
    "[.]",
    "[@]",
    "[://]",
    "*",
    "…",
    "€",
    "[",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ],
        0..14,
    )
    .prop_map(|v| v.concat())
}

// ---------------------------------------------------------------- determinism

fn example(id: &str) -> Map<String, Value> {
    tidings::message(id).unwrap().example()
}

fn outcome<T: serde::Serialize>(r: Result<T, tidings::Error>) -> Value {
    match r {
        Ok(v) => serde_json::to_value(v).unwrap(),
        Err(e) => json!({"error": e.code(), "message": e.to_string(), "path": e.path}),
    }
}

/// Fragments of valid templates over the generic data of `generic_data`.
const FRAGMENTS: &[&str] = &[
    "{{money m}}",
    "{{number n}}",
    "{{number n decimals=1}}",
    "{{datetime t}}",
    "{{date t}}",
    "{{time t}}",
    "{{list xs}}",
    "{{plural k zero=\"none\" one=\"# item\" other=\"# items\"}}",
    "{{maskPhone s}}",
    "{{maskName s}}",
    "{{maskAccount s}}",
    "{{#each xs}}{{@index}}={{this}};{{/each}}",
    "{{#if b}}yes{{else}}no{{/if}}",
    "{{len xs}}",
    "{{s}}",
    " & <b> ",
    "北风",
    "{{> antifraud}}",
    "{{",
    "}}",
];

fn generic_data() -> impl Strategy<Value = Value> {
    (
        pieces(),
        prop_oneof![
            (-1_000_000i64..1_000_000).prop_map(|n| json!(n)),
            (-1e9f64..1e9).prop_map(|f| json!(f)),
            "-?[1-9][0-9]{0,12}(\\.[0-9]{1,6})?".prop_map(|s| json!(s)),
        ],
        (0u32..4, -99_999i64..99_999_999, 0u32..1000),
        (
            0i64..4_102_444_800,
            prop::sample::select(ZONES.as_slice()),
        ),
        prop::collection::vec(pieces(), 0..4),
        (any::<bool>(), 0u32..30),
    )
        .prop_map(|(s, n, (cur, units, cents), (secs, zone), xs, (b, k))| {
            let currency = ["CNY", "HKD", "USD", "JPY"][cur as usize];
            let t = jiff::Timestamp::from_second(secs).unwrap().to_string();
            json!({
                "s": s, "n": n, "m": {"amount": format!("{units}.{cents:03}"), "currency": currency},
                "t": t, "timeZone": zone, "xs": xs, "b": b, "k": k
            })
        })
}

fn template_source() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 1..6).prop_map(|v| v.concat())
}

fn render_template(source: &str, data: &Value, locale: &str, html: bool) -> Value {
    let options: TemplateOptions = serde_json::from_value(
        json!({"locale": locale, "escape": if html { "html" } else { "none" }}),
    )
    .unwrap();
    outcome(tidings::render_template(source, data, &options))
}

fn render_message(id: &str, locale: &str, data: &Value) -> Value {
    let r = tidings::render(
        id,
        &LocaleRequest::One(locale.into()),
        data,
        &RenderOptions::default(),
    );
    outcome(r)
}

/// `f` on a new thread: fresh thread-local state (locale memo, step budget).
fn on_fresh_thread<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().unwrap())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn rendering_a_template_is_deterministic(
        source in template_source(),
        data in generic_data(),
        locale in prop::sample::select(&["zh-CN", "zh-TW", "en", "zh-HK", "fr"][..]),
        html in any::<bool>(),
    ) {
        let first = render_template(&source, &data, locale, html);
        prop_assert_eq!(&render_template(&source, &data, locale, html), &first);
        let fresh = on_fresh_thread(|| render_template(&source, &data, locale, html));
        prop_assert_eq!(fresh, first);
    }

    #[test]
    fn rendering_a_message_is_deterministic(
        m in 0usize..8,
        locale in prop::sample::select(&LOCALES[..]),
        value in pieces(),
    ) {
        let messages = tidings::messages();
        let message = &messages[m % messages.len()];
        let mut data = message.example.clone();
        // One user-supplied text replaced: neutralising and truncating run too.
        if let Some(v) = message.variables.iter().find(|v| !v.trusted && v.ty == VarType::String) {
            data.insert(v.name.clone(), json!(value));
        }
        let data = Value::Object(data);
        let first = render_message(&message.id, locale, &data);
        prop_assert_eq!(&render_message(&message.id, locale, &data), &first);
        let fresh = on_fresh_thread(|| render_message(&message.id, locale, &data));
        prop_assert_eq!(fresh, first);
    }
}

// ---------------------------------------------------------------- SMS parts

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn appending_a_gsm_character_never_lowers_the_part_count(
        text in prop_oneof![
            // GSM-7 texts near the part boundaries, with extension characters.
            prop::collection::vec(prop::sample::select(
                GSM_BASIC.chars().chain(GSM_EXTENSION.chars()).collect::<Vec<_>>()), 140..480)
                .prop_map(|v| v.into_iter().collect::<String>()),
            // UCS-2 texts with surrogate pairs near the boundaries.
            prop::collection::vec(prop::sample::select(vec!['汉', 'a', '😀', '€', ' ']), 60..220)
                .prop_map(|v| v.into_iter().collect::<String>()),
            pieces(),
        ],
        c in prop::sample::select(GSM_BASIC.chars().collect::<Vec<_>>()),
    ) {
        let before = tidings::sms_info(&text);
        let after = tidings::sms_info(&format!("{text}{c}"));
        prop_assert!(after.segments >= before.segments, "{:?} then {:?}", before, after);
        prop_assert!(after.units > before.units);
        prop_assert_eq!(after.encoding, before.encoding);
    }
}

// ---------------------------------------------------------------- neutralising

/// Renders the untrusted variable alone, neutralised as in `render` (with
/// `messageId`, `render_template` applies the same rules to the data).
fn shown(id: &str, var: &str, value: &str) -> Option<String> {
    let mut data = example(id);
    data.insert(var.into(), json!(value));
    let options: TemplateOptions =
        serde_json::from_value(json!({"messageId": id, "locale": "en"})).unwrap();
    tidings::render_template(&format!("{{{{{var}}}}}"), &Value::Object(data), &options).ok()
}

proptest! {
    #![proptest_config(config(192))]

    #[test]
    fn neutralising_twice_is_neutralising_once(
        target in prop::sample::select(&[
            ("welcome", "name"),
            ("security.login_alert", "device"),
        ][..]),
        value in pieces(),
    ) {
        let (id, var) = target;
        let Some(once) = shown(id, var, &value) else {
            return Ok(());
        };
        let twice = shown(id, var, &once);
        prop_assert_eq!(twice.as_deref(), Some(once.as_str()), "value {:?}", value);
    }
}

// ---------------------------------------------------------------- worst case

/// Time zones with whole, half and quarter-hour offsets on both sides of UTC.
const ZONES: [&str; 10] = [
    "Asia/Shanghai",
    "Asia/Kolkata",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
];

const CURRENCIES: [&str; 8] = ["CNY", "HKD", "MOP", "TWD", "USD", "EUR", "GBP", "JPY"];

/// Characters a text of `charset` may hold (a trusted one: no controls, no bidi).
fn chars_of(charset: Option<Charset>) -> BoxedStrategy<char> {
    match charset {
        Some(Charset::Digits) => {
            prop::sample::select("0123456789 -".chars().collect::<Vec<_>>()).boxed()
        }
        Some(Charset::Gsm) => prop::sample::select(
            GSM_BASIC
                .chars()
                .chain(GSM_EXTENSION.chars())
                .collect::<Vec<_>>(),
        )
        .boxed(),
        Some(Charset::Cjk) => prop_oneof![
            prop::sample::select("汉字北風aZé€ßЖعש한ア【】·".chars().collect::<Vec<_>>()),
            any::<char>().prop_filter("one visible UTF-16 unit", |c| {
                (*c as u32) < 0x10000 && !c.is_control() && !is_hidden(*c)
            }),
        ]
        .boxed(),
        Some(Charset::Any) | None => prop_oneof![
            prop::sample::select("汉aZ😀👩🏽€[".chars().collect::<Vec<_>>()),
            any::<char>().prop_filter("visible", |c| !c.is_control() && !is_hidden(*c)),
        ]
        .boxed(),
    }
}

/// What `validate` refuses in trusted text besides controls.
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

fn text_within(var: &Variable) -> BoxedStrategy<String> {
    let max = var.max_length.unwrap_or(32) as usize;
    // Untrusted text may be longer: it is cut to max_length when rendered. It may hold
    // anything, since it is neutralised.
    if !var.trusted {
        return prop::collection::vec(
            prop_oneof![chars_of(var.charset).prop_map(String::from), pieces()],
            0..=max + 4,
        )
        .prop_map(|v| v.concat())
        .boxed();
    }
    let cjk = var.charset == Some(Charset::Cjk);
    prop::collection::vec(chars_of(var.charset), 0..=max)
        .prop_map(move |v| {
            let mut s = String::new();
            for c in v {
                let len = if cjk {
                    s.encode_utf16().count() + c.len_utf16()
                } else {
                    s.chars().count() + 1
                };
                if len <= max {
                    s.push(c);
                }
            }
            s
        })
        .boxed()
}

fn regex(pattern: &str) -> BoxedStrategy<String> {
    proptest::string::string_regex(pattern).unwrap().boxed()
}

/// An integer of at most `digits` digits, as a number or a decimal string.
fn integer_within(digits: usize) -> BoxedStrategy<String> {
    let digits = digits.max(1);
    prop_oneof![
        Just("9".repeat(digits)),
        Just("0".into()),
        regex(&format!("[1-9][0-9]{{0,{}}}", digits - 1)),
    ]
    .boxed()
}

fn scalar_within(var: &Variable, ty: VarType, host: &'static str) -> BoxedStrategy<Value> {
    let len = var.max_length.unwrap_or(32) as usize;
    // Below zero only where the variable declares `signed`.
    let signed = var.signed;
    match ty {
        VarType::String => text_within(var).prop_map(Value::from).boxed(),
        VarType::Number => (integer_within(len), any::<bool>(), any::<bool>())
            .prop_map(move |(int, negative, as_number)| {
                let text = if signed && negative && int != "0" {
                    format!("-{int}")
                } else {
                    int
                };
                match (as_number, text.parse::<i64>()) {
                    (true, Ok(n)) => json!(n),
                    _ => json!(text),
                }
            })
            .boxed(),
        VarType::Money => (
            integer_within(len),
            prop_oneof![
                Just(String::new()),
                "\\.[0-9]{1,4}",
                Just(".995".to_string())
            ],
            any::<bool>(),
            prop::sample::select(CURRENCIES.as_slice()),
        )
            .prop_map(move |(int, frac, negative, currency)| {
                let sign = if signed && negative && int != "0" {
                    "-"
                } else {
                    ""
                };
                json!({"amount": format!("{sign}{int}{frac}"), "currency": currency})
            })
            .boxed(),
        VarType::Datetime => (0i64..4_102_444_800)
            .prop_map(|s| json!(jiff::Timestamp::from_second(s).unwrap().to_string()))
            .boxed(),
        VarType::Boolean => any::<bool>().prop_map(Value::from).boxed(),
        VarType::Enum => prop::sample::select(var.values.clone().unwrap_or_default())
            .prop_map(Value::from)
            .boxed(),
        VarType::Url => {
            let base = format!("https://{host}/");
            let room = len.saturating_sub(base.len());
            regex(&format!("[A-Za-z0-9/_-]{{0,{room}}}"))
                .prop_map(move |path| json!(format!("{base}{path}")))
                .boxed()
        }
        VarType::List => unreachable!("lists hold scalars"),
    }
}

fn value_within(var: &Variable, host: &'static str) -> BoxedStrategy<Option<Value>> {
    let value = if var.ty == VarType::List {
        let most = var.max_items.unwrap_or(5) as usize;
        prop::collection::vec(
            scalar_within(var, var.items.unwrap_or(VarType::String), host),
            1..=most.max(1),
        )
        .prop_map(Value::Array)
        .boxed()
    } else {
        scalar_within(var, var.ty, host)
    };
    if var.required {
        value.prop_map(Some).boxed()
    } else {
        prop::option::of(value).boxed()
    }
}

/// Catalog messages with an SMS, with a strategy for data within their bounds.
fn sms_messages() -> &'static [(String, Vec<Variable>)] {
    static M: OnceLock<Vec<(String, Vec<Variable>)>> = OnceLock::new();
    M.get_or_init(|| {
        tidings::catalog()
            .messages
            .iter()
            .filter(|m| m.channels.contains(&Channel::Sms))
            .map(|m| (m.id.clone(), m.variables.clone()))
            .collect()
    })
}

fn data_within() -> impl Strategy<Value = (usize, &'static str, Value)> {
    let host: &'static str = tidings::catalog().settings.links.allowed_hosts[0].as_str();
    (0..sms_messages().len(), prop::sample::select(&LOCALES[..])).prop_flat_map(
        move |(m, locale)| {
            let vars = &sms_messages()[m].1;
            let values: Vec<BoxedStrategy<Option<Value>>> =
                vars.iter().map(|v| value_within(v, host)).collect();
            (
                values,
                prop::option::of(prop::sample::select(ZONES.as_slice())),
            )
                .prop_map(move |(values, zone)| {
                    let mut data = Map::new();
                    for (var, value) in sms_messages()[m].1.iter().zip(values) {
                        if let Some(v) = value {
                            data.insert(var.name.clone(), v);
                        }
                    }
                    if let Some(zone) = zone {
                        data.insert("timeZone".into(), json!(zone));
                    }
                    (m, locale, Value::Object(data))
                })
        },
    )
}

fn bounds(id: &str, locale: &str) -> SmsBounds {
    static CACHE: OnceLock<Mutex<HashMap<(String, String), SmsBounds>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (id.to_string(), locale.to_string());
    if let Some(b) = cache.lock().unwrap().get(&key) {
        return b.clone();
    }
    let b = tidings::sms_bounds(
        tidings::CompiledCatalog::embedded(),
        tidings::message(id).unwrap(),
        locale,
        None,
    )
    .unwrap_or_else(|e| panic!("sms_bounds({id}, {locale}): {e}"));
    cache.lock().unwrap().insert(key, b.clone());
    b
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn no_value_within_the_bounds_beats_the_declared_worst_case(
        (m, locale, data) in data_within()
    ) {
        let id = &sms_messages()[m].0;
        let options = RenderOptions { channels: Some(vec![Channel::Sms]), ..Default::default() };
        let rendered = tidings::render(id, &LocaleRequest::One(locale.into()), &data, &options);
        let rendered = match rendered {
            Ok(r) => r,
            // An amount whose digits fit only before rounding (99999999.995 is shown as
            // 100,000,000.00) is outside the bounds as shown, and refused.
            Err(e) if e.code() == "wrong_type" && e.message.contains("(as shown)") => {
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!(
                "values within the bounds failed to render {id} {locale}: {e}\n{data}"))),
        };
        let sms = rendered.channels.sms.unwrap();
        let b = bounds(id, locale);
        prop_assert!(
            (sms.info.segments, sms.info.units) <= (b.max_segments, b.max_units),
            "{id} {locale}: {} parts, {} units > worst case {} parts, {} units\n{:?}\nworst: {:?}",
            sms.info.segments, sms.info.units, b.max_segments, b.max_units, sms.text, b.longest
        );
        prop_assert!(sms.info.segments >= b.min_segments, "{id} {locale}: fewer parts than the minimum");
    }
}
