//! What the catalog snapshot tests share: a message rendered with its locale's example data (it
//! must render in its own locale, without fallback or warnings), and a channel's parts
//! as the snapshots show them.

use serde_json::Value;
use tidings::{Channel, CompiledCatalog, LocaleRequest, MessageInfo, RenderOptions, Rendered};

pub fn render_example(catalog: &CompiledCatalog, info: &MessageInfo, locale: &str) -> Rendered {
    let rendered = catalog
        .render(
            &info.id,
            &LocaleRequest::One(locale.to_string()),
            &Value::Object(info.examples.get(locale).unwrap_or(&info.example).clone()),
            &RenderOptions::default(),
        )
        .unwrap_or_else(|e| {
            panic!(
                "{} in {locale} does not render its example:\n{e:#}",
                info.id
            )
        });
    assert_eq!(rendered.message_id, info.id);
    assert_eq!(
        rendered.locale, locale,
        "{}: locale negotiated away",
        info.id
    );
    assert!(!rendered.fallback, "{} {locale}: fallback", info.id);
    assert!(
        rendered.warnings.is_empty(),
        "{} {locale}: {:?}",
        info.id,
        rendered.warnings
    );
    rendered
}

/// The rendered parts of one channel, as (part name, text).
pub fn parts(rendered: &Rendered, channel: Channel) -> Vec<(&'static str, &str)> {
    let c = &rendered.channels;
    let missing = format!(
        "{}: channel {} not rendered",
        rendered.message_id,
        channel.as_str()
    );
    match channel {
        Channel::Sms => {
            let sms = c.sms.as_ref().expect(&missing);
            vec![("sms", &sms.text)]
        }
        Channel::Push => {
            let push = c.push.as_ref().expect(&missing);
            vec![("push.title", &push.title), ("push.body", &push.body)]
        }
        Channel::Email => {
            let email = c.email.as_ref().expect(&missing);
            vec![
                ("email.subject", &email.subject),
                ("email.html", &email.html),
                ("email.text", &email.text),
            ]
        }
        Channel::InApp => {
            let in_app = c.in_app.as_ref().expect(&missing);
            vec![("inApp.title", &in_app.title), ("inApp.body", &in_app.body)]
        }
    }
}

/// A channel as the snapshot shows it: each part under a `--- <part>` label.
pub fn readable(parts: &[(&str, &str)]) -> String {
    parts
        .iter()
        .map(|(name, text)| format!("--- {name}\n{text}\n"))
        .collect::<Vec<_>>()
        .join("\n")
}
