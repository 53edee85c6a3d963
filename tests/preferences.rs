//! The recipient's preferences in `render()`, decided as the batch decides them
//! (src/channel/preferences.rs): opted-out categories, channels turned off, and
//! preferences a mandatory category ignores.

#![allow(clippy::result_large_err)]
use serde_json::{Value, json};
use tidings::{CompiledCatalog, ErrorKind, LocaleRequest, RenderOptions};

fn render(id: &str, preferences: Value) -> Result<tidings::Rendered, tidings::Error> {
    let catalog = CompiledCatalog::embedded();
    let data = Value::Object(catalog.message(id).expect("demo message").example());
    let options: RenderOptions =
        serde_json::from_value(json!({ "preferences": preferences })).expect("options");
    catalog.render(id, &LocaleRequest::One("en".into()), &data, &options)
}

#[test]
fn an_opted_out_category_is_not_rendered() {
    let e = render("marketing.promotion", json!({"marketing": false})).expect_err("opted out");
    assert_eq!(e.kind, ErrorKind::OptedOut);
    insta::assert_snapshot!("opted_out", e.to_string());
    // Other categories' preferences do not matter to this message.
    render("marketing.promotion", json!({"survey": false})).expect("renders");
}

#[test]
fn channels_turned_off_are_not_rendered_unless_the_category_is_mandatory() {
    let r = render("marketing.promotion", json!({"channels": {"sms": false}})).expect("renders");
    assert!(r.channels.sms.is_none() && r.channels.email.is_some());
    let r = render(
        "security.funds_moved",
        json!({"security": false, "channels": {"sms": false}}),
    )
    .expect("security messages always go");
    assert!(r.channels.sms.is_some());
    let ignored: Vec<_> = r
        .warnings
        .iter()
        .map(|w| (w.code, w.path.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(
        ignored,
        [
            ("preference_ignored", "preferences.security"),
            ("preference_ignored", "preferences.channels.sms")
        ]
    );
    let e = render(
        "survey.satisfaction",
        json!({"channels": {"sms": false, "email": false, "inApp": false}}),
    )
    .expect_err("nothing left");
    assert_eq!(e.kind, ErrorKind::NoChannels);
    insta::assert_snapshot!("no_channels", e.to_string());
}

#[test]
fn a_preference_for_a_category_the_catalog_lacks_is_refused_with_its_path() {
    let e = render("welcome", json!({"newsletters": false})).expect_err("unknown");
    assert_eq!(
        (e.kind, e.path.as_deref()),
        (ErrorKind::InvalidInput, Some("preferences.newsletters"))
    );
    insta::assert_snapshot!("unknown_category", e.to_string());
}
