//! Every catalog message rendered with its example data, in every locale and channel:
//! one snapshot per message × locale × channel, plus the facts the snapshots could hide
//! (anti-fraud text on security messages, no leftover tags, escaped HTML, and distinct
//! Traditional and Simplified Chinese).

#[path = "common/rendered.rs"]
mod rendered;

use rendered::{parts, readable};
use serde_json::{Value, json};
use tidings::{Channel, CompiledCatalog, LocaleRequest, MessageInfo, RenderOptions, Rendered};

fn render_example(info: &MessageInfo, locale: &str) -> Rendered {
    rendered::render_example(CompiledCatalog::embedded(), info, locale)
}

fn is_body(part: &str) -> bool {
    !matches!(part, "push.title" | "email.subject" | "inApp.title")
}

fn channels_present(rendered: &Rendered) -> Vec<Channel> {
    let c = &rendered.channels;
    let mut present = Vec::new();
    if c.sms.is_some() {
        present.push(Channel::Sms);
    }
    if c.push.is_some() {
        present.push(Channel::Push);
    }
    if c.email.is_some() {
        present.push(Channel::Email);
    }
    if c.in_app.is_some() {
        present.push(Channel::InApp);
    }
    present
}

#[test]
fn every_message_renders_its_example_in_every_locale_and_channel() {
    let messages = tidings::messages();
    let locales = &tidings::catalog().settings.locales;
    assert!(!messages.is_empty());
    let mut snapshots = 0;
    for info in &messages {
        let mut have = info.locales.clone();
        let mut want = locales.clone();
        have.sort();
        want.sort();
        assert_eq!(have, want, "{}: not every catalog locale", info.id);
        for locale in &info.locales {
            let rendered = render_example(info, locale);
            let mut declared = info.channels.clone();
            declared.sort();
            assert_eq!(channels_present(&rendered), declared, "{}", info.id);
            for &channel in &info.channels {
                let name = format!("{}__{locale}__{}", info.id, channel.as_str());
                insta::assert_snapshot!(name, readable(&parts(&rendered, channel)));
                snapshots += 1;
            }
        }
    }
    assert!(snapshots >= messages.len() * locales.len() * 3);
}

#[test]
fn security_messages_carry_the_anti_fraud_text_in_every_body() {
    let mut checked = 0;
    for info in tidings::messages() {
        if info.category != "security" {
            continue;
        }
        for locale in &info.locales {
            // The partial as the locale's home market prints it (`@market.hotline`).
            let options = tidings::TemplateOptions {
                locale: Some(locale.as_str().into()),
                ..Default::default()
            };
            let text =
                tidings::render_template("{{> antifraud}}", &serde_json::json!({}), &options)
                    .expect("the partial renders");
            let text = text.trim();
            assert!(!text.is_empty() && !text.contains("{{"));
            let rendered = render_example(&info, locale);
            for &channel in &info.channels {
                for (part, out) in parts(&rendered, channel) {
                    if is_body(part) {
                        assert!(
                            out.contains(text),
                            "{} {locale} {part} lacks the anti-fraud text:\n{out}",
                            info.id
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 0, "no security messages in the catalog");
}

#[test]
fn no_output_has_leftover_tags_or_unescaped_scripts() {
    for info in tidings::messages() {
        for locale in &info.locales {
            let rendered = render_example(&info, locale);
            for &channel in &info.channels {
                for (part, out) in parts(&rendered, channel) {
                    assert!(!out.contains("{{"), "{} {locale} {part}: {out}", info.id);
                    assert!(!out.contains("}}"), "{} {locale} {part}: {out}", info.id);
                    assert!(
                        !out.trim().is_empty(),
                        "{} {locale} {part} is empty",
                        info.id
                    );
                    if part == "email.html" {
                        assert!(
                            !out.to_ascii_lowercase().contains("<script"),
                            "{} {locale}: {out}",
                            info.id
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn hostile_values_are_escaped_in_email_html_only() {
    let info = tidings::messages()
        .into_iter()
        .find(|m| {
            m.channels.contains(&Channel::Email)
                && m.variables.iter().any(|v| v.ty == tidings::VarType::String)
        })
        .expect("a message with email and a string variable");
    let mut data = info.example.clone();
    for v in &info.variables {
        if v.ty == tidings::VarType::String {
            data.insert(v.name.clone(), json!("<script>alert(1)</script>"));
        }
    }
    for locale in &info.locales {
        let rendered = tidings::render(
            &info.id,
            &LocaleRequest::One(locale.clone()),
            &Value::Object(data.clone()),
            &RenderOptions::default(),
        )
        .unwrap();
        let email = rendered.channels.email.as_ref().unwrap();
        assert!(!email.html.contains("<script"), "{}", email.html);
        assert!(email.html.contains("&lt;script&gt;"), "{}", email.html);
        assert!(email.text.contains("<script>"), "{}", email.text);
        // Plain-text parts are not HTML and must not be entity-escaped.
        assert!(!email.text.contains("&lt;"), "{}", email.text);
    }
}

#[test]
fn traditional_and_simplified_chinese_differ() {
    for info in tidings::messages() {
        let tw = render_example(&info, "zh-TW");
        let cn = render_example(&info, "zh-CN");
        for &channel in &info.channels {
            let (tw, cn) = (parts(&tw, channel), parts(&cn, channel));
            assert_ne!(
                tw,
                cn,
                "{} {}: zh-TW equals zh-CN",
                info.id,
                channel.as_str()
            );
            for ((part, tw), (_, cn)) in tw.iter().zip(&cn) {
                assert_ne!(tw, cn, "{} {part}: zh-TW equals zh-CN", info.id);
            }
        }
    }
}
