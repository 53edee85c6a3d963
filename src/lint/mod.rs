//! Channel rules as diagnostics: every problem a message may have before it is sent —
//! template errors, SMS signature and opt-out written by hand, SMS parts over the
//! category's limit in the worst case, a security message without the anti-fraud
//! line, links to hosts off the allow-list or from untrusted variables, locales that
//! use different variables, missing channels, push titles too long, and (`markets`) each
//! destination market's rules. Problems are collected and returned as data (fluent-rs
//! style), never thrown one at a time.

mod markets;

use crate::catalog::model::{Channel, Message, Settings, VarType};
use crate::catalog::{CompiledCatalog, translations};
use crate::channel::bounds;
use crate::error::{Error, ErrorKind};
use crate::template::check::{self, Env};
use crate::validate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding, positioned where it is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub code: ErrorKind,
    pub severity: Severity,
    pub message: String,
    pub message_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// The destination market whose rules the finding is about (`[catalog.markets]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
}

/// Words that make an opt-out instruction, in the catalog's languages.
const OPT_OUT_WORDS: &[&str] = &[
    "退订",
    "退訂",
    "拒收",
    "STOP",
    "unsubscribe",
    "opt out",
    "opt-out",
];

/// Parts whose text is the message body (they must carry the anti-fraud line).
const BODY_PARTS: &[&str] = &["sms", "push.body", "email.html", "email.text", "inApp.body"];

struct Linter<'a> {
    catalog: &'a CompiledCatalog,
    settings: &'a Settings,
    message: &'a Message,
    out: Vec<Diagnostic>,
}

impl Linter<'_> {
    fn push(&mut self, code: ErrorKind, severity: Severity, message: String, at: Where<'_>) {
        self.out.push(Diagnostic {
            code,
            severity,
            message,
            message_id: self.message.id.clone(),
            locale: at.locale.map(str::to_string),
            channel: at
                .part
                .map(|p| p.split('.').next().unwrap_or(p).to_string()),
            part: at.part.map(str::to_string),
            line: at.pos.map(|p| p.0),
            column: at.pos.map(|p| p.1),
            market: at.market.map(str::to_string),
        });
    }
}

#[derive(Clone, Copy, Default)]
struct Where<'a> {
    locale: Option<&'a str>,
    part: Option<&'a str>,
    pos: Option<(u32, u32)>,
    market: Option<&'a str>,
}

use crate::location::position;

/// Byte offset of the first occurrence of `needle` (ASCII letters compared without
/// case) outside `{{…}}` tags.
fn find_in_text(source: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let mut in_tag = false;
    for (at, _) in source.char_indices() {
        let rest = &source[at..];
        if rest.starts_with("{{") {
            in_tag = true;
        }
        if in_tag {
            in_tag = !rest.starts_with("}}");
            continue;
        }
        // An English keyword must stand as a word: "STOP", not "nonstop".
        let word_edge = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric());
        let is_word = !needle.starts_with(|c: char| c.is_ascii_alphanumeric())
            || (word_edge(source[..at].chars().next_back())
                && word_edge(rest.get(needle.len()..).and_then(|r| r.chars().next())));
        if rest
            .get(..needle.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(needle))
            && is_word
        {
            return Some(at);
        }
    }
    None
}

/// `source` with every `{{…}}` tag blanked out, byte for byte, so offsets still match.
fn text_outside_tags(source: &str) -> String {
    let mut text = String::with_capacity(source.len());
    let mut in_tag = false;
    for (at, ch) in source.char_indices() {
        let rest = &source[at..];
        if rest.starts_with("{{") {
            in_tag = true;
        }
        if in_tag {
            text.extend(std::iter::repeat_n(' ', ch.len_utf8()));
            // The tag ends after the second `}` of `}}`.
            if at > 0 && source[..at].ends_with('}') && ch == '}' && !source[..at].ends_with("}}") {
                in_tag = false;
            }
        } else {
            text.push(ch);
        }
    }
    text
}

/// Hosts of links written literally in a template (`https://host/…`, `www.host`, `host.tld`).
fn literal_hosts(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let text = text_outside_tags(source);
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let part_of_token = c.is_ascii_alphanumeric()
            || matches!(c, '.' | '-' | '/' | ':' | '_' | '%' | '?' | '=' | '&' | '#');
        match (part_of_token, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                let token = &text[s..at];
                if let Some(host) = host_of(token) {
                    out.push((s, host));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn host_of(token: &str) -> Option<String> {
    let rest = token.split_once("://").map_or(token, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last()?;
    let is_domain = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic());
    is_domain.then(|| host.to_ascii_lowercase())
}

/// Diagnostics for one message, with `edit` (locale, part, source) replacing one part.
fn lint_message(
    catalog: &CompiledCatalog,
    message: &Message,
    edit: Option<(&str, &str, &str)>,
) -> Vec<Diagnostic> {
    let settings = &catalog.model.settings;
    let mut l = Linter {
        catalog,
        settings,
        message,
        out: Vec::new(),
    };
    let partials: Vec<&str> = catalog.model.partials.keys().map(String::as_str).collect();
    let market = settings.market_texts();
    let env = Env {
        variables: Some(&message.variables),
        partials: &partials,
        market: &market,
        html: false,
    };
    let mut used_by_locale: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();

    let rules = settings.category(&message.category);
    if rules.trusted_links {
        for v in message
            .variables
            .iter()
            .filter(|v| v.ty == VarType::Url && !v.trusted)
        {
            l.push(
                ErrorKind::UntrustedLink,
                Severity::Error,
                format!(
                    "`{}` is a link in a {} message but is not declared `trusted = true`",
                    v.name, message.category
                ),
                Where::default(),
            );
        }
    }

    lint_examples(&mut l);

    for locale in &settings.locales {
        let parts = message.templates.get(locale);
        let source_of = |part: &str| -> Option<String> {
            match edit {
                Some((el, ep, src)) if el == locale && ep == part => Some(src.to_string()),
                _ => parts?
                    .iter()
                    .find(|p| p.name == part)
                    .map(|p| p.source.clone()),
            }
        };
        let used = used_by_locale.entry(locale.clone()).or_default();
        for channel in &message.channels {
            for part in channel.parts() {
                let at = Where {
                    locale: Some(locale),
                    part: Some(part),
                    pos: None,
                    market: None,
                };
                let Some(source) = source_of(part) else {
                    l.push(
                        ErrorKind::MissingChannel,
                        Severity::Error,
                        format!(
                            "{locale} has no `{part}` for the {} channel",
                            channel.as_str()
                        ),
                        at,
                    );
                    continue;
                };
                let part_env = Env {
                    html: crate::catalog::model::part_is_html(part),
                    ..env
                };
                let analysis = check::analyse(&source, &part_env);
                for p in &analysis.problems {
                    let at = Where {
                        pos: Some((p.line, p.column)),
                        ..at
                    };
                    l.push(p.code, Severity::Error, p.message.clone(), at);
                }
                used.extend(analysis.variables.iter().cloned());
                if analysis.template.is_none() {
                    continue;
                }
                lint_part(&mut l, locale, part, &source, &analysis.partials);
            }
        }
        // Rules over the rendered worst case; only for parts that are themselves clean.
        let has_error = |out: &[Diagnostic], part: &str| {
            out.iter().any(|d| {
                d.locale.as_deref() == Some(locale.as_str())
                    && d.part.as_deref() == Some(part)
                    && d.severity == Severity::Error
            })
        };
        let sms_clean = !has_error(&l.out, "sms");
        let title_clean = !has_error(&l.out, "push.title");
        let clean = |part: &str| {
            if part == "sms" {
                sms_clean
            } else {
                title_clean
            }
        };
        if let Some(source) = source_of("sms").filter(|_| clean("sms")) {
            let home = lint_sms_bounds(&mut l, locale, &source);
            markets::lint_markets(&mut l, locale, &source, home.as_ref());
        }
        if message.channels.contains(&Channel::Push)
            && let (Some(source), Some(max)) = (
                source_of("push.title").filter(|_| clean("push.title")),
                settings.push.max_title.get(locale),
            )
            && let Ok(Some(chars)) =
                bounds::push_title_max(l.catalog, message, locale, Some(&source))
            && chars > *max
        {
            l.push(
                            ErrorKind::PushTitleTooLong,
                            Severity::Warning,
                            format!("the push title can be {chars} characters long; at most {max} show on a lock screen"),
                            Where { locale: Some(locale), part: Some("push.title"), ..Where::default() },
                        );
        }
    }

    lint_translations(&mut l, edit);

    // Every locale should say the same things.
    let all: BTreeSet<String> = used_by_locale.values().flatten().cloned().collect();
    for (locale, used) in &used_by_locale {
        for missing in all.difference(used) {
            let others: Vec<&str> = used_by_locale
                .iter()
                .filter(|(_, u)| u.contains(missing))
                .map(|(k, _)| k.as_str())
                .collect();
            l.push(
                ErrorKind::LocaleVariablesDiffer,
                Severity::Warning,
                format!(
                    "{locale} does not use `{missing}`, which {} use{}",
                    others.join(", "),
                    if others.len() == 1 { "s" } else { "" }
                ),
                Where {
                    locale: Some(locale),
                    ..Where::default()
                },
            );
        }
    }
    l.out
}

/// Rules on one part's source.
fn lint_part(l: &mut Linter<'_>, locale: &str, part: &str, source: &str, partials: &[String]) {
    let at = Where {
        locale: Some(locale),
        part: Some(part),
        pos: None,
        market: None,
    };
    let message = l.message;
    let settings = l.settings;
    if part == "sms" {
        let signatures: BTreeSet<&str> = settings
            .signatures()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let found = signatures
            .iter()
            .find_map(|s| find_in_text(source, s).map(|at| (at, s.to_string())))
            .or_else(|| find_in_text(source, "【").map(|at| (at, "【…】".to_string())));
        if let Some((offset, sig)) = found {
            l.push(
                ErrorKind::SmsSignatureInTemplate,
                Severity::Error,
                format!("the SMS writes the signature `{sig}`; tidings adds the signature itself — remove it"),
                Where { pos: Some(position(source, offset)), ..at },
            );
        }
        if l.settings.category(&l.message.category).sms_opt_out {
            let phrases: Vec<&str> = settings
                .opt_outs()
                .chain(OPT_OUT_WORDS.iter().copied())
                .collect();
            if let Some((offset, phrase)) = phrases
                .iter()
                .find_map(|p| find_in_text(source, p).map(|at| (at, *p)))
            {
                l.push(
                    ErrorKind::SmsOptOutInTemplate,
                    Severity::Error,
                    format!("the SMS writes an opt-out instruction (`{phrase}`); tidings appends the locale's opt-out itself — remove it"),
                    Where { pos: Some(position(source, offset)), ..at },
                );
            }
        }
    }
    if BODY_PARTS.contains(&part) {
        for required in &settings.category(&message.category).must_include {
            if !partials.contains(required) {
                l.push(
                    ErrorKind::RequiredPartialMissing,
                    Severity::Error,
                    format!(
                        "a {} message must include `{{{{> {required}}}}}` (outside any block) in every body",
                        message.category
                    ),
                    at,
                );
            }
        }
    }
    for (offset, host) in literal_hosts(source) {
        if !settings.links.allows(&host) {
            l.push(
                ErrorKind::LinkNotAllowed,
                Severity::Error,
                format!(
                    "`{host}` is not an allowed link host ({})",
                    settings.links.allowed_hosts.join(", ")
                ),
                Where {
                    pos: Some(position(source, offset)),
                    ..at
                },
            );
        }
    }
}

/// The worst case of the SMS in `locale` to its home market, held against the category's
/// limit; returned for the markets' checks (`None` when it could not be computed).
fn lint_sms_bounds(l: &mut Linter<'_>, locale: &str, source: &str) -> Option<bounds::SmsBounds> {
    let at = Where {
        locale: Some(locale),
        part: Some("sms"),
        pos: None,
        market: None,
    };
    let message = l.message;
    match bounds::sms_bounds(l.catalog, message, locale, Some(source)) {
        Ok(b) => {
            if let Some(limit) = l.settings.sms.max_parts.get(&message.category)
                && b.max_segments > *limit
            {
                l.push(
                        ErrorKind::SmsTooManyParts,
                        Severity::Error,
                        format!(
                            "in the worst case the SMS takes {} parts ({} {} units); {} messages may take at most {limit}",
                            b.max_segments,
                            b.max_units,
                            if b.encoding == crate::channel::sms::Encoding::Gsm7 { "GSM-7" } else { "UCS-2" },
                            message.category
                        ),
                        at,
                    );
            }
            for name in &b.unbounded {
                l.push(
                    ErrorKind::UnboundedVariable,
                    Severity::Warning,
                    format!("`{name}` declares no max_length/max_items; the worst case assumes {} characters", bounds::UNBOUNDED_LENGTH),
                    at,
                );
            }
            Some(b)
        }
        Err(e) => {
            l.push(ErrorKind::SmsUnrenderable, Severity::Error, e.message, at);
            None
        }
    }
}

/// The example data must be data a render accepts: the editor opens on it and the
/// snapshots render it. `example` is checked once; each locale's `examples` with it.
fn lint_examples(l: &mut Linter<'_>) {
    let catalog = l.catalog;
    let settings = l.settings;
    let message = l.message;
    let check = |data: serde_json::Map<String, serde_json::Value>| {
        validate::check_data(
            message,
            &serde_json::Value::Object(data),
            &settings.links,
            &settings.currencies,
            &catalog.data,
            &catalog.zones,
        )
    };
    let report = |l: &mut Linter<'_>, e: Error, locale: Option<&str>| {
        let which = if locale.is_some() {
            "examples"
        } else {
            "example"
        };
        l.push(
            ErrorKind::InvalidExample,
            Severity::Error,
            format!("the manifest's `{which}`: {}", e.message),
            Where {
                locale,
                ..Where::default()
            },
        );
    };
    for e in check(message.example()) {
        report(l, e, None);
    }
    for locale in message.example_locales() {
        let own: Vec<&str> = message
            .variables
            .iter()
            .filter(|v| v.examples.contains_key(locale))
            .map(|v| v.name.as_str())
            .collect();
        for e in check(message.example_for(locale)) {
            let root = e
                .path
                .as_deref()
                .map(|p| p.split(['.', '[']).next().unwrap_or(p));
            if root.is_some_and(|r| own.contains(&r)) {
                report(l, e, Some(locale));
            }
        }
    }
}

/// Translations made from an earlier text of the source locale (`translations.toml`):
/// a warning on each, until it is updated or marked current in the editor.
fn lint_translations(l: &mut Linter<'_>, edit: Option<(&str, &str, &str)>) {
    let message = l.message;
    let source = l.settings.source_locale();
    // In the catalog's locale order and the message's part order, as other findings.
    for locale in &l.settings.locales {
        let Some(records) = message.translations.get(locale) else {
            continue;
        };
        let parts = message.channels.iter().flat_map(|c| c.parts().iter());
        for part in parts.filter(|p| records.contains_key(**p)) {
            let now = match edit {
                Some((el, ep, text)) if el == source && ep == *part => Some(text),
                _ => message.part(source, part).map(|p| p.source.as_str()),
            };
            let Some(now) = now else { continue };
            if translations::status(&message.translations, locale, part, now)
                == Some(translations::Status::Outdated)
            {
                l.push(
                    ErrorKind::OutdatedTranslation,
                    Severity::Warning,
                    format!("{source}'s `{part}` changed since this translation was made from it: update the {locale} text, or mark it current"),
                    Where { locale: Some(locale), part: Some(part), ..Where::default() },
                );
            }
        }
    }
}

#[cfg(feature = "demo")]
/// Lints one message of the embedded catalog, or all of it when `message_id` is `None`.
pub fn lint(message_id: Option<&str>) -> Result<Vec<Diagnostic>, Error> {
    CompiledCatalog::embedded().lint(message_id)
}

#[cfg(feature = "demo")]
/// Lints a message of the embedded catalog with one part's source replaced.
pub fn lint_source(
    message_id: &str,
    locale: &str,
    part: &str,
    source: &str,
) -> Result<Vec<Diagnostic>, Error> {
    CompiledCatalog::embedded().lint_source(message_id, locale, part, source)
}

impl CompiledCatalog {
    /// Lints one message, or the whole catalog when `message_id` is `None`.
    pub fn lint(&self, message_id: Option<&str>) -> Result<Vec<Diagnostic>, Error> {
        let messages: Vec<&Message> = match message_id {
            Some(id) => vec![self.message(id).ok_or_else(|| unknown(id))?],
            None => self.model.messages.iter().collect(),
        };
        Ok(messages
            .into_iter()
            .flat_map(|m| lint_message(self, m, None))
            .collect())
    }

    /// Lints a message with one part's source replaced — what an editor is typing.
    pub fn lint_source(
        &self,
        message_id: &str,
        locale: &str,
        part: &str,
        source: &str,
    ) -> Result<Vec<Diagnostic>, Error> {
        let message = self
            .message(message_id)
            .ok_or_else(|| unknown(message_id))?;
        if !self.model.settings.locales.iter().any(|l| l == locale) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("`{locale}` is not a catalog locale"),
            )
            .with_message_id(message_id));
        }
        if Channel::of_part(part).is_none_or(|c| !message.channels.contains(&c)) {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("`{message_id}` has no part `{part}`"),
            )
            .with_message_id(message_id));
        }
        Ok(lint_message(self, message, Some((locale, part, source))))
    }
}

fn unknown(id: &str) -> Error {
    Error::new(
        ErrorKind::UnknownMessage,
        format!("no message `{id}` in the catalog"),
    )
    .with_message_id(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(id: &str, locale: &str, part: &str, source: &str) -> Vec<(&'static str, Severity)> {
        let mut out: Vec<_> = crate::catalog::testing::catalog()
            .lint_source(id, locale, part, source)
            .unwrap()
            .into_iter()
            .filter(|d| d.locale.as_deref() == Some(locale) && d.part.as_deref() == Some(part))
            .map(|d| (d.code.as_str(), d.severity))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn text_search_skips_tags_and_survives_any_unicode() {
        assert_eq!(find_in_text("{{stop}} STOP", "stop"), Some(9));
        assert_eq!(find_in_text("İİİ stop", "STOP"), Some(7));
        assert_eq!(find_in_text("a nonstop stopwatch", "stop"), None);
        assert_eq!(find_in_text("回T退订", "退订"), Some(4));
        assert_eq!(
            text_outside_tags("a{{b}}é{{c}}").len(),
            "a{{b}}é{{c}}".len()
        );
        assert_eq!(text_outside_tags("a{{b}}é"), "a     é");
    }

    #[test]
    fn hosts_in_text() {
        let hosts: Vec<String> =
            literal_hosts("Visit https://www.northwindpay.com/a or evil.com, not {{x.y}} or 1.5")
                .into_iter()
                .map(|(_, h)| h)
                .collect();
        assert_eq!(hosts, vec!["www.northwindpay.com", "evil.com"]);
        assert!(literal_hosts("v1.2 3.14 J.K.").is_empty());
    }

    #[test]
    fn signature_in_sms_is_an_error_at_its_position() {
        let d = crate::catalog::testing::catalog()
            .lint_source("welcome", "zh-CN", "sms", "欢迎{{name}}\n【北风支付】")
            .unwrap();
        let sig = d
            .iter()
            .find(|d| d.code == "sms_signature_in_template")
            .unwrap();
        assert_eq!(
            (sig.line, sig.column, sig.severity),
            (Some(2), Some(1), Severity::Error)
        );
    }

    #[test]
    fn marketing_opt_out_written_by_hand() {
        assert!(
            codes("marketing.promotion", "zh-CN", "sms", "{{title}}，回T退订")
                .contains(&("sms_opt_out_in_template", Severity::Error))
        );
        assert!(
            codes(
                "marketing.promotion",
                "en",
                "sms",
                "{{title}}. Reply STOP to opt out"
            )
            .contains(&("sms_opt_out_in_template", Severity::Error))
        );
        // Only marketing has it appended, so only marketing is checked.
        assert!(codes("welcome", "en", "sms", "Welcome {{name}}. stop").is_empty());
    }

    #[test]
    fn security_bodies_need_the_antifraud_partial() {
        assert_eq!(
            codes(
                "security.login_alert",
                "en",
                "inApp.body",
                "New sign-in on {{device}}."
            ),
            vec![("required_partial_missing", Severity::Error)]
        );
        assert_eq!(
            codes(
                "security.login_alert",
                "en",
                "inApp.body",
                "{{#if device}}{{> antifraud}}{{/if}}"
            ),
            vec![("required_partial_missing", Severity::Error)]
        );
        assert!(
            codes(
                "security.login_alert",
                "en",
                "inApp.body",
                "New sign-in. {{> antifraud}}"
            )
            .is_empty()
        );
        assert!(codes("security.login_alert", "en", "inApp.title", "New sign-in").is_empty());
    }

    #[test]
    fn links_off_the_allow_list() {
        assert_eq!(
            codes(
                "welcome",
                "en",
                "email.text",
                "Go to {{name}} evil-pay.com now"
            ),
            vec![("link_not_allowed", Severity::Error)]
        );
        assert!(
            codes(
                "welcome",
                "en",
                "email.text",
                "Go to https://www.northwindpay.com/start"
            )
            .is_empty()
        );
    }

    #[test]
    fn too_many_parts_in_the_worst_case() {
        let long = format!(
            "{} {{{{> antifraud}}}}",
            "Your account moved money. ".repeat(20)
        );
        assert!(
            codes("security.funds_moved", "en", "sms", &long)
                .contains(&("sms_too_many_parts", Severity::Error))
        );
    }

    #[test]
    fn template_errors_are_diagnostics() {
        let d = codes("welcome", "en", "sms", "Hi {{nmae}}");
        assert_eq!(d, vec![("unknown_variable", Severity::Error)]);
    }

    #[test]
    fn locales_using_different_variables() {
        let d = crate::catalog::testing::catalog()
            .lint_source("welcome", "en", "sms", "Welcome! {{datetime signUpTime}}")
            .unwrap();
        let w: Vec<_> = d
            .iter()
            .filter(|d| d.code == "locale_variables_differ")
            .collect();
        // en still uses `name` in its other parts, so nothing differs…
        assert!(w.is_empty(), "{w:?}");
    }

    /// A copy of a catalog message with some templates replaced or removed.
    fn variant(id: &str, edit: impl FnOnce(&mut Message)) -> Message {
        let mut m = crate::catalog::testing::message(id).unwrap().clone();
        edit(&mut m);
        m
    }

    fn set_part(m: &mut Message, locale: &str, part: &str, source: &str) {
        let parts = m.templates.get_mut(locale).unwrap();
        parts.iter_mut().find(|p| p.name == part).unwrap().source = source.to_string();
    }

    fn rule_codes(m: &Message) -> Vec<(&'static str, Option<String>)> {
        lint_message(crate::catalog::testing::catalog(), m, None)
            .into_iter()
            .map(|d| (d.code.as_str(), d.locale))
            .collect()
    }

    #[test]
    fn the_shipped_messages_are_clean_before_each_variant() {
        for m in &crate::catalog::testing::catalog().model.messages {
            let errors: Vec<_> = rule_codes(m).into_iter().collect();
            assert!(errors.is_empty(), "{}: {errors:?}", m.id);
        }
    }

    #[test]
    fn example_data_a_render_would_refuse() {
        let m = variant("security.login_alert", |m| {
            let location = m.variables.iter_mut().find(|v| v.name == "location");
            let location = location.unwrap();
            // 13 characters where 12 are declared, for English only.
            location
                .examples
                .insert("en".into(), serde_json::json!("Shenzhen City"));
            let device = m.variables.iter_mut().find(|v| v.name == "device").unwrap();
            device.example = serde_json::json!(42);
        });
        let found: Vec<_> = lint_message(crate::catalog::testing::catalog(), &m, None)
            .into_iter()
            .map(|d| (d.code.as_str(), d.locale, d.message))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "invalid_example",
                    None,
                    "the manifest's `example`: `device` must be text; got a number".into()
                ),
                (
                    "invalid_example",
                    Some("en".into()),
                    "the manifest's `examples`: `location` is 13 long; at most 12 is declared"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn missing_channel_part() {
        let m = variant("welcome", |m| {
            m.templates
                .get_mut("zh-TW")
                .unwrap()
                .retain(|p| p.name != "inApp.body");
        });
        assert_eq!(
            rule_codes(&m),
            vec![("missing_channel", Some("zh-TW".into()))]
        );
    }

    #[test]
    fn untrusted_link_in_a_security_message() {
        let m = variant("survey.satisfaction", |m| {
            m.category = "security".into();
            for locale in ["zh-CN", "zh-TW", "en"] {
                for part in ["sms", "email.html", "email.text", "inApp.body"] {
                    let source = m.part(locale, part).unwrap().source.clone();
                    set_part(m, locale, part, &format!("{source}{{{{> antifraud}}}}"));
                }
            }
            m.variables
                .iter_mut()
                .find(|v| v.name == "link")
                .unwrap()
                .trusted = false;
        });
        let codes: Vec<_> = rule_codes(&m).into_iter().map(|(c, _)| c).collect();
        assert!(codes.contains(&"untrusted_link"), "{codes:?}");
    }

    #[test]
    fn unbounded_variables_are_warned_about() {
        let m = variant("welcome", |m| {
            m.variables
                .iter_mut()
                .find(|v| v.name == "name")
                .unwrap()
                .max_length = None
        });
        let found: Vec<_> = lint_message(crate::catalog::testing::catalog(), &m, None)
            .into_iter()
            .filter(|d| d.code == "unbounded_variable")
            .collect();
        assert_eq!(found.len(), 3, "one per locale's SMS: {found:?}");
        assert!(
            found
                .iter()
                .all(|d| d.severity == Severity::Warning && d.part.as_deref() == Some("sms"))
        );
    }

    #[test]
    fn locales_that_use_different_variables() {
        let m = variant("welcome", |m| {
            for part in [
                "sms",
                "email.subject",
                "email.html",
                "email.text",
                "inApp.title",
                "inApp.body",
            ] {
                set_part(m, "en", part, "Welcome to Northwind Pay.");
            }
        });
        let differ: Vec<_> = lint_message(crate::catalog::testing::catalog(), &m, None)
            .into_iter()
            .filter(|d| d.code == "locale_variables_differ")
            .collect();
        let said: Vec<&str> = differ.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(differ.len(), 2, "{said:?}");
        assert!(
            said.iter().all(|s| s.starts_with("en does not use")),
            "{said:?}"
        );
    }

    #[test]
    fn push_titles_that_can_be_too_long() {
        let d = crate::catalog::testing::catalog()
            .lint_source(
                "security.funds_moved",
                "en",
                "push.title",
                "Money moved: {{money amount}} to {{counterparty}} ({{maskAccount account}})",
            )
            .unwrap();
        let long: Vec<_> = d
            .iter()
            .filter(|d| d.code == "push_title_too_long")
            .collect();
        assert_eq!(long.len(), 1);
        assert_eq!(long[0].severity, Severity::Warning);
    }

    #[test]
    fn bad_arguments() {
        assert_eq!(
            lint(Some("nope")).unwrap_err().kind,
            ErrorKind::UnknownMessage
        );
        assert_eq!(
            crate::catalog::testing::catalog()
                .lint_source("welcome", "en", "push.title", "x")
                .unwrap_err()
                .kind,
            ErrorKind::InvalidInput
        );
        assert_eq!(
            crate::catalog::testing::catalog()
                .lint_source("welcome", "fr", "sms", "x")
                .unwrap_err()
                .kind,
            ErrorKind::InvalidInput
        );
    }
}
