//! Every user-visible runtime error, snapshotted in its long form (message, location,
//! variable path and the source line with a caret) and as the JSON fields JS sees.

use serde_json::{Value, json};
use tidings::{Error, LocaleRequest, RenderOptions, TemplateOptions};

fn example(id: &str) -> serde_json::Map<String, Value> {
    tidings::message(id)
        .unwrap_or_else(|| panic!("no message `{id}`"))
        .example()
}

/// `render` of a catalog message in `en`, with the example data changed by `edit`.
fn render(id: &str, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Error {
    let mut data = example(id);
    edit(&mut data);
    render_data(id, Value::Object(data), RenderOptions::default())
}

fn render_data(id: &str, data: Value, options: RenderOptions) -> Error {
    match tidings::render(id, &LocaleRequest::One("en".into()), &data, &options) {
        Ok(rendered) => panic!("`{id}` rendered: {rendered:?}"),
        Err(e) => e,
    }
}

/// `render_template` in `en` (plain text) with no message id.
fn template(source: &str, data: Value) -> Error {
    template_with(source, data, TemplateOptions::default())
}

fn template_with(source: &str, data: Value, mut options: TemplateOptions) -> Error {
    options
        .locale
        .get_or_insert_with(|| LocaleRequest::One("en".into()));
    match tidings::render_template(source, &data, &options) {
        Ok(out) => panic!("`{source}` rendered: {out:?}"),
        Err(e) => e,
    }
}

fn shown(e: &Error) -> String {
    format!(
        "{e:#}\n\n{}",
        serde_json::to_string_pretty(e).expect("errors serialise")
    )
}

type Case = (&'static str, &'static str, fn() -> Error);

const CASES: &[Case] = &[
    ("unknown_message", "unknown_message", || {
        render_data("welcome.nope", json!({}), RenderOptions::default())
    }),
    ("data_not_object", "invalid_input", || {
        render_data("welcome", json!(["李明"]), RenderOptions::default())
    }),
    ("missing_required_variable", "missing_variable", || {
        render("welcome", |d| {
            d.remove("name");
        })
    }),
    ("wrong_type_money_amount", "wrong_type", || {
        render("security.funds_moved", |d| {
            d["amount"] = json!({ "amount": "12,50", "currency": "CNY" });
        })
    }),
    ("wrong_type_datetime", "wrong_type", || {
        render("welcome", |d| {
            d["signUpTime"] = json!("yesterday");
        })
    }),
    ("wrong_type_enum_value", "wrong_type", || {
        render("security.password_changed", |d| {
            d["how"] = json!("carrier_pigeon");
        })
    }),
    ("wrong_type_list_item", "wrong_type", || {
        render("service.maintenance", |d| {
            d["services"] = json!(["信用卡", 3]);
        })
    }),
    ("wrong_type_url_not_https", "wrong_type", || {
        render("survey.satisfaction", |d| {
            d["link"] = json!("http://www.northwindpay.com/survey/8F3K2Q");
        })
    }),
    ("wrong_type_money_currency", "wrong_type", || {
        render("security.funds_moved", |d| {
            d["balance"] = json!({ "amount": "12345.67", "currency": "XYZ" });
        })
    }),
    ("render_format_error_in_part", "format", || {
        // A value the formatter cannot format: the error names the part and the tag.
        let options = RenderOptions {
            sources: Some(
                [(
                    "sms".to_string(),
                    "At {{datetime time}}, on {{date \"2026-02-30T00:00:00Z\"}}".to_string(),
                )]
                .into(),
            ),
            ..RenderOptions::default()
        };
        render_data(
            "security.funds_moved",
            Value::Object(example("security.funds_moved")),
            options,
        )
    }),
    ("money_over_declared_digits", "wrong_type", || {
        // More integer digits than `max_length` declares (reliability review F7).
        render("security.funds_moved", |d| {
            let amount = format!("1{}", "0".repeat(100));
            d["amount"] = json!({ "amount": amount, "currency": "CNY" });
        })
    }),
    ("unknown_variable_in_data", "unknown_variable", || {
        render("welcome", |d| {
            d.insert("nmae".into(), json!("李明"));
        })
    }),
    ("unknown_time_zone_option", "format", || {
        render_data(
            "welcome",
            Value::Object(example("welcome")),
            RenderOptions {
                time_zone: Some("Mars/Olympus".into()),
                ..Default::default()
            },
        )
    }),
    ("template_syntax_error_on_line_2", "template_syntax", || {
        template("Hello {{name}},\nyour code is {{code}.\nBye", json!({}))
    }),
    ("template_unknown_helper", "unknown_helper", || {
        template("Hi {{shout name}}!", json!({ "name": "Ada" }))
    }),
    ("template_unknown_partial", "unknown_partial", || {
        template("Hi {{name}}.\n{{> signature}}", json!({ "name": "Ada" }))
    }),
    (
        "template_undeclared_variable_for_message",
        "unknown_variable",
        || {
            template_with(
                "欢迎，{{name}}！\n注册时间：{{datetime signupTime}}",
                Value::Object(example("welcome")),
                TemplateOptions {
                    message_id: Some("welcome".into()),
                    ..TemplateOptions::default()
                },
            )
        },
    ),
    ("template_raw_output", "raw_output", || {
        template_with(
            "<p>Hi {{{name}}}</p>",
            json!({ "name": "Ada" }),
            TemplateOptions {
                escape: tidings::Escape::Html,
                ..TemplateOptions::default()
            },
        )
    }),
    ("template_too_deep", "template_limit", || {
        let source = format!("{}x{}", "{{#if a}}".repeat(70), "{{/if}}".repeat(70));
        template(&source, json!({ "a": true }))
    }),
    ("template_format_error_at_render", "format", || {
        template(
            "Total:\n  {{money m}}",
            json!({ "m": { "amount": "12.50", "currency": "XYZ" } }),
        )
    }),
    (
        "template_strict_missing_variable",
        "missing_variable",
        || template("Hi {{nmae}}", json!({ "name": "Ada" })),
    ),
];

#[test]
fn every_runtime_error_is_positioned_and_explained() {
    for (name, code, make) in CASES {
        let error = make();
        assert_eq!(error.code(), *code, "{name}: {error:#}");
        insta::assert_snapshot!(*name, shown(&error));
    }
}

#[test]
fn optional_variables_may_be_left_out_or_null() {
    for info in tidings::messages() {
        for optional in info.variables.iter().filter(|v| !v.required) {
            for absent in [None, Some(Value::Null)] {
                let mut data = info.example.clone();
                match &absent {
                    None => data.remove(&optional.name),
                    Some(null) => data.insert(optional.name.clone(), null.clone()),
                };
                for locale in &info.locales {
                    let rendered = tidings::render(
                        &info.id,
                        &LocaleRequest::One(locale.clone()),
                        &Value::Object(data.clone()),
                        &RenderOptions::default(),
                    );
                    if let Err(e) = rendered {
                        panic!(
                            "{} {locale} without `{}` ({absent:?}):\n{e:#}",
                            info.id, optional.name
                        );
                    }
                }
            }
        }
    }
}
