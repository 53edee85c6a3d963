//! Inputs whose outputs must be the same natively and in WebAssembly, and the one
//! function that computes an output from an input. `tests/agreement.rs` generates the
//! inputs (a fixed-seed generator), computes their outputs natively and keeps both in
//! `tests/fixtures/agreement.json`; `bindings/wasm/tests/wasm.rs` computes them again inside the
//! WASM module (Node and Chromium) and compares.

use serde_json::{Value, json};

/// The output of one case: what the API returned, or the error it failed with.
pub fn evaluate(case: &Value) -> Value {
    fn outcome<T: serde::Serialize>(r: Result<T, tidings::Error>) -> Value {
        match r {
            Ok(v) => json!({ "ok": v }),
            Err(e) => json!({ "error": e }),
        }
    }
    fn parse<T: serde::de::DeserializeOwned>(case: &Value, key: &str) -> T {
        serde_json::from_value(case[key].clone()).unwrap()
    }
    match case["kind"].as_str().unwrap() {
        "template" => outcome(tidings::render_template(
            case["source"].as_str().unwrap(),
            &case["data"],
            &parse(case, "options"),
        )),
        "render" => outcome(tidings::render(
            case["message"].as_str().unwrap(),
            &parse(case, "locale"),
            &case["data"],
            &parse(case, "options"),
        )),
        "sms" => json!({ "ok": tidings::sms_info(case["text"].as_str().unwrap()) }),
        "negotiate" => json!({ "ok": tidings::negotiate_locale(&parse(case, "locale")) }),
        other => panic!("unknown case kind {other}"),
    }
}
