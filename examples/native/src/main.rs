//! A Rust application using tidings as a library: renders a security alert natively,
//! exactly as the README's Rust section shows. `cargo run -p tidings-example-native`.

use serde_json::json;
use tidings::{LocaleRequest, RenderOptions};

fn main() {
    let data = json!({
        "account": "6222021234567890",
        "direction": "out",
        "amount": { "amount": "2500.00", "currency": "CNY" },
        "balance": { "amount": "12345.67", "currency": "CNY" },
        "counterparty": "林小美",
        "time": "2026-11-28T06:12:00Z"
    });
    let locale = LocaleRequest::List(vec!["zh-HK".into(), "en".into()]);
    match tidings::render(
        "security.funds_moved",
        &locale,
        &data,
        &RenderOptions::default(),
    ) {
        Ok(rendered) => {
            let sms = rendered.channels.sms.expect("the alert has an SMS");
            println!("{} ({} parts)", sms.text, sms.info.segments);
        }
        Err(e) => {
            eprintln!("{e:#}");
            std::process::exit(1);
        }
    }
}
