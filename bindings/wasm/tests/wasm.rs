//! The JS API inside WebAssembly, run by wasm-bindgen-test in Node (`make test-wasm-node`)
//! and in headless Chromium (`make test-wasm-browser`). The same expectations hold
//! natively (tests/catalog.rs), so output is identical on every host.
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use serde_json::json;
use tidings_wasm as wasm;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn js(value: serde_json::Value) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(&value, &serializer).unwrap()
}

fn get(obj: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(obj.clone(), |o, key| {
        Reflect::get(&o, &JsValue::from_str(key)).unwrap()
    })
}

fn text(obj: &JsValue, path: &str) -> String {
    get(obj, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

fn funds_example() -> serde_json::Value {
    json!({
        "account": "6222021234567890",
        "direction": "out",
        "amount": {"amount": "1234.5", "currency": "HKD"},
        "balance": {"amount": 88, "currency": "CNY"},
        "counterparty": "林小美",
        "time": "2026-11-28T06:12:00Z"
    })
}

#[wasm_bindgen_test]
fn messages_lists_the_catalog_with_sources() {
    let all = wasm::messages().unwrap();
    let array: js_sys::Array = all.into();
    assert_eq!(array.length(), 15);
    let funds = array
        .iter()
        .find(|m| text(m, "id") == "security.funds_moved")
        .unwrap();
    assert!(text(&funds, "templates.zh-CN.sms").contains("{{money amount}}"));
    assert_eq!(text(&funds, "category"), "security");
    assert!(get(&funds, "example.amount").is_object());
}

#[wasm_bindgen_test]
fn zh_hk_renders_traditional_chinese_with_formatted_money() {
    let r = wasm::render(
        "security.funds_moved".into(),
        JsValue::from_str("zh-HK"),
        js(funds_example()),
        None,
    )
    .unwrap();
    assert_eq!(text(&r, "locale"), "zh-HK");
    assert_eq!(get(&r, "fallback").as_bool(), Some(false));
    let sms = text(&r, "channels.sms.text");
    assert!(sms.contains("HK$1,234.50"), "{sms}");
    assert!(sms.contains("賬戶"), "Hong Kong Chinese expected: {sms}");
    // Hong Kong's own time (the data's zone has its offset): no year, no zone.
    assert!(sms.contains("於11月28日 下午2:12"), "{sms}");
    assert!(sms.contains("林**"), "{sms}");
}

#[wasm_bindgen_test]
fn same_text_as_native_rust() {
    // Formatting comes from ICU4X data compiled into the module, not the host's Intl.
    let source = "{{money m}} | {{number n}} | {{datetime t}} | {{list xs}}";
    let data = json!({"m": {"amount": -5, "currency": "USD"}, "n": 1234567.891, "t": "2026-07-04T16:00:00Z",
                      "xs": ["A", "B", "C"], "timeZone": "America/New_York"});
    let out = wasm::render_template(
        source.into(),
        js(data.clone()),
        Some(js(json!({"locale": "en"})).into()),
    )
    .unwrap();
    let native = tidings::render_template(
        source,
        &data,
        &serde_json::from_value(json!({"locale": "en"})).unwrap(),
    )
    .unwrap();
    assert_eq!(out, native);
    assert!(out.starts_with("-$5.00 | 1,234,567.891 | "), "{out}");
    assert!(out.contains("12:00"), "EDT is UTC-4: {out}");
    assert!(out.ends_with("A, B, and C"), "{out}");
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_properties() {
    let mut data = funds_example();
    data["amount"]["amount"] = json!("12,50");
    let err = wasm::render(
        "security.funds_moved".into(),
        JsValue::from_str("en"),
        js(data),
        None,
    )
    .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&err, "code"), "wrong_type");
    assert_eq!(text(&err, "path"), "amount.amount");
    assert_eq!(text(&err, "messageId"), "security.funds_moved");
    assert_eq!(text(&err, "locale"), "en");

    let err = wasm::render_template(
        "line one\n  {{#if x}}never closed".into(),
        js(json!({})),
        None,
    )
    .unwrap_err();
    assert_eq!(text(&err, "code"), "template_syntax");
    assert_eq!(get(&err, "line").as_f64(), Some(2.0));
    assert!(get(&err, "column").as_f64().is_some());
    assert!(text(&err, "detail").contains('^'));
}

#[wasm_bindgen_test]
fn a_failed_call_does_not_poison_the_instance() {
    for bad in ["{{", "{{#each}}", "{{> nope}}", "{{#if x}}", "{{money}}"] {
        assert!(
            wasm::render_template(bad.into(), js(json!({"x": 1})), None).is_err(),
            "{bad}"
        );
    }
    // Raw output is refused where values are escaped.
    let html = Some(js(json!({"escape": "html"})).into());
    assert!(wasm::render_template("{{{x}}}".into(), js(json!({"x": 1})), html).is_err());
    let ok = wasm::render_template("{{x}}".into(), js(json!({"x": "A&B"})), None).unwrap();
    assert_eq!(ok, "A&B");
    let html = wasm::render_template(
        "{{x}}".into(),
        js(json!({"x": "A&B"})),
        Some(js(json!({"escape": "html"})).into()),
    )
    .unwrap();
    assert_eq!(html, "A&amp;B");
}

#[wasm_bindgen_test]
fn negotiates_preference_lists() {
    let n = wasm::negotiate_locale(js(json!(["fr-FR", "zh-MO", "en"]))).unwrap();
    assert_eq!(text(&n, "locale"), "zh-HK");
    let n = wasm::negotiate_locale(JsValue::from_str("zh-SG")).unwrap();
    assert_eq!(text(&n, "locale"), "zh-CN");
}

#[wasm_bindgen_test]
fn sms_info_and_lint_run_in_the_module() {
    let info = wasm::sms_info("€".repeat(81).into()).unwrap();
    assert_eq!(text(&info, "encoding"), "GSM-7");
    assert_eq!(get(&info, "units").as_f64(), Some(162.0));
    assert_eq!(get(&info, "segments").as_f64(), Some(2.0));
    let info = wasm::sms_info(format!("{}😀{}", "汉".repeat(66), "汉".repeat(66)).into()).unwrap();
    assert_eq!(get(&info, "segments").as_f64(), Some(3.0));
    let found: js_sys::Array = wasm::lint_source(
        "welcome".into(),
        "zh-CN".into(),
        "sms".into(),
        "【北风支付】{{name}}".into(),
    )
    .unwrap()
    .into();
    assert!(
        found
            .iter()
            .any(|d| text(&d, "code") == "sms_signature_in_template")
    );
}

#[path = "../../../tests/common/agreement.rs"]
mod agreement;

#[wasm_bindgen_test]
fn generated_cases_render_as_they_do_natively() {
    // Written by tests/agreement.rs from native outputs.
    let fixture: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("../../../tests/fixtures/agreement.json")).unwrap();
    assert!(fixture.len() >= 100);
    for entry in &fixture {
        let got = agreement::evaluate(&entry["case"]);
        assert_eq!(got, entry["expected"], "case {}", entry["case"]);
    }
}
