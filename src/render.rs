//! The public rendering API: render a catalog message, render an ad-hoc source,
//! negotiate a locale, and describe the catalog.

use crate::catalog::CompiledCatalog;
use crate::catalog::model::{Channel, TIME_ZONE_VAR, Variable};
use crate::channel::sms::{self, SmsInfo};
use crate::channel::{compose, market, preferences};
use crate::error::{Error, ErrorKind};
use crate::format::Zones;
use crate::locale::{self, Negotiated};
use crate::template::{Program, runtime};
use crate::untrusted;
use crate::validate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One locale tag or a preference list (like `navigator.languages`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocaleRequest {
    One(String),
    List(Vec<String>),
}

impl LocaleRequest {
    pub fn tags(&self) -> &[String] {
        match self {
            LocaleRequest::One(tag) => std::slice::from_ref(tag),
            LocaleRequest::List(tags) => tags,
        }
    }
}

impl From<&str> for LocaleRequest {
    fn from(tag: &str) -> Self {
        LocaleRequest::One(tag.to_string())
    }
}

/// Options of `render`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RenderOptions {
    /// The recipient's IANA time zone; overrides the data's `timeZone`.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Render only these of the message's channels (all when absent).
    #[serde(default)]
    pub channels: Option<Vec<Channel>>,
    /// Part name → Handlebars source replacing the catalog's (an editor's unsaved
    /// edits). Checked like the catalog's own; errors point into the given source.
    #[serde(default)]
    pub sources: Option<BTreeMap<String, String>>,
    /// The destination market (an id of `[catalog.markets]`): it decides the SMS's
    /// language, signature and opt-out, and the `@market` texts (e.g. the hotline).
    #[serde(default)]
    pub market: Option<String>,
    /// The recipient's phone number in E.164 form; its country code picks the market
    /// when `market` is not given.
    #[serde(default)]
    pub phone: Option<String>,
    /// The recipient's preferences, decided as the batch decides them: a category
    /// opted out of is an `opted_out` error, channels turned off are not rendered, and a
    /// preference a mandatory category ignores is a `preference_ignored` warning.
    #[serde(default)]
    pub preferences: Option<crate::channel::preferences::Preferences>,
}

/// Options of `render_template`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateOptions {
    #[serde(default)]
    pub locale: Option<LocaleRequest>,
    /// `html` escapes every value (email HTML); `none` (the default) is plain text.
    #[serde(default)]
    pub escape: Escape,
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Check variable names and data against this catalog message, as the build does.
    #[serde(default)]
    pub message_id: Option<String>,
    /// `false` renders a missing value as nothing, as Handlebars.js does; by default
    /// (`true`) it is an error, as in catalog messages.
    #[serde(default)]
    pub strict: Option<bool>,
    /// Partial name → source, for `{{> name}}` in this source (beside the catalog's).
    #[serde(default)]
    pub partials: Option<BTreeMap<String, String>>,
    /// The market whose texts `@market` reads (default: the locale's home market).
    #[serde(default)]
    pub market: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Escape {
    Html,
    #[default]
    None,
}

/// Something worth a look that did not stop rendering.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// The SMS as sent (signature and opt-out included) with its encoding and parts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sms {
    pub text: String,
    /// The locale the SMS is written in, when the market makes it differ from the
    /// message's (a +86 number always gets Simplified Chinese).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(flatten)]
    pub info: SmsInfo,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TitleBody {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Email {
    pub subject: String,
    pub html: String,
    pub text: String,
}

/// The rendered channels; only those the message has are present.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Channels {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms: Option<Sms>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub push: Option<TitleBody>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_app: Option<TitleBody>,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    pub message_id: String,
    pub locale: String,
    pub fallback: bool,
    pub category: String,
    /// The market the message was routed to, when the caller named one or a phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub market: Option<String>,
    pub channels: Channels,
    pub warnings: Vec<Warning>,
}

/// A catalog's id, a locale request and what it negotiated to.
type Remembered = (u64, Vec<String>, Negotiated, Vec<Warning>);

/// Longest locale tag read, in bytes (the longest real BCP 47 tags with extensions are
/// well under this); a longer one is ignored with a warning, never parsed or stored.
pub const MAX_TAG_LEN: usize = 128;
/// Most tags of a preference list that are read; later ones are ignored.
pub const MAX_TAGS: usize = 16;

fn negotiate_tags(catalog: &CompiledCatalog, tags: &[String]) -> (Negotiated, Vec<Warning>) {
    // A batch asks for the same few locale requests millions of times; expanding
    // likely subtags each time was 5% of rendering. The answer depends only on the tags.
    // Only short requests are remembered, so the memo stays a few KiB whatever callers
    // send.
    const REMEMBERED: usize = 32;
    const REMEMBER_UP_TO: usize = 256;
    thread_local! {
        static SEEN: std::cell::RefCell<Vec<Remembered>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(hit) = SEEN.with_borrow(|seen| {
        seen.iter()
            .find(|(c, t, _, _)| *c == catalog.id && t.as_slice() == tags)
            .map(|(_, _, n, w)| (n.clone(), w.clone()))
    }) {
        return hit;
    }
    let settings = &catalog.model.settings;
    let read = &tags[..tags.len().min(MAX_TAGS)];
    let usable: Vec<&str> = read
        .iter()
        .map(String::as_str)
        .filter(|t| t.len() <= MAX_TAG_LEN)
        .collect();
    let negotiated = locale::negotiate(&usable, &settings.locales, &settings.default_locale);
    let mut warnings: Vec<Warning> = read
        .iter()
        .filter(|t| t.len() > MAX_TAG_LEN || locale::parse(t).is_none())
        .map(|t| Warning {
            code: "invalid_locale_tag",
            message: format!(
                "`{}` is not a BCP 47 language tag; it was ignored",
                crate::error::clip(t, 40)
            ),
            path: None,
        })
        .collect();
    if tags.len() > MAX_TAGS {
        warnings.push(Warning {
            code: "invalid_locale_tag",
            message: format!(
                "only the first {MAX_TAGS} of {} locale tags were read",
                tags.len()
            ),
            path: None,
        });
    }
    if tags.iter().map(String::len).sum::<usize>() <= REMEMBER_UP_TO {
        SEEN.with_borrow_mut(|seen| {
            if seen.len() == REMEMBERED {
                seen.remove(0);
            }
            seen.push((
                catalog.id,
                tags.to_vec(),
                negotiated.clone(),
                warnings.clone(),
            ));
        });
    }
    (negotiated, warnings)
}

#[cfg(feature = "demo")]
/// The embedded catalog's locale `requested` would be rendered in.
pub fn negotiate_locale(requested: &LocaleRequest) -> Negotiated {
    CompiledCatalog::embedded().negotiate_locale(requested)
}

#[cfg(feature = "demo")]
/// Renders every channel of a message of the embedded catalog.
pub fn render(
    message_id: &str,
    locale: &LocaleRequest,
    data: &Value,
    options: &RenderOptions,
) -> Result<Rendered, Error> {
    CompiledCatalog::embedded().render(message_id, locale, data, options)
}

#[cfg(feature = "demo")]
/// Renders an ad-hoc source with the embedded catalog's helpers and partials.
pub fn render_template(
    source: &str,
    data: &Value,
    options: &TemplateOptions,
) -> Result<String, Error> {
    CompiledCatalog::embedded().render_template(source, data, options)
}

#[cfg(feature = "demo")]
/// The embedded catalog's messages.
pub fn messages() -> Vec<MessageInfo> {
    CompiledCatalog::embedded().messages()
}

/// A catalog locale's view, or the error saying why there is none.
fn engine_of<'c>(catalog: &'c CompiledCatalog, locale: &str) -> Result<runtime::Locale<'c>, Error> {
    runtime::locale(catalog, locale).unwrap_or_else(|| {
        Err(Error::new(
            ErrorKind::Render,
            "no templates for the negotiated locale",
        ))
    })
}

/// Puts `time_zone` into the data when given, after checking it.
fn with_time_zone<'a>(
    data: &'a Value,
    time_zone: Option<&str>,
    zones: &Zones,
) -> Result<Cow<'a, Value>, Error> {
    match (time_zone, data) {
        (Some(zone), Value::Object(map)) => {
            let zone = Value::String(zone.to_string());
            validate::check_time_zone(&zone, zones)?;
            let mut map = map.clone();
            map.insert(TIME_ZONE_VAR.to_string(), zone);
            Ok(Cow::Owned(Value::Object(map)))
        }
        _ => Ok(Cow::Borrowed(data)),
    }
}

impl CompiledCatalog {
    /// The catalog locale `requested` would be rendered in.
    pub fn negotiate_locale(&self, requested: &LocaleRequest) -> Negotiated {
        negotiate_tags(self, requested.tags()).0
    }

    /// Renders every channel of a catalog message for a locale request.
    pub fn render(
        &self,
        message_id: &str,
        locale: &LocaleRequest,
        data: &Value,
        options: &RenderOptions,
    ) -> Result<Rendered, Error> {
        let message = self.message(message_id).ok_or_else(|| {
            let ids: Vec<&str> = self.model.messages.iter().map(|m| m.id.as_str()).collect();
            Error::new(
                ErrorKind::UnknownMessage,
                format!(
                    "no message `{message_id}` in the catalog (it has: {})",
                    ids.join(", ")
                ),
            )
            .with_message_id(message_id)
        })?;
        let (negotiated, warnings) = negotiate_tags(self, locale.tags());
        let locale_id = negotiated.locale.as_str();
        let context = |e: Error| e.with_message_id(message_id).with_locale(locale_id);
        let settings = &self.model.settings;
        if let Some(first) = validate::check_data(
            message,
            data,
            &settings.links,
            &settings.currencies,
            &self.data,
            &self.zones,
        )
        .into_iter()
        .next()
        {
            return Err(context(first));
        }
        let (data, mut warnings) = {
            let (clean, neutralised) = untrusted::neutralise_data(message, data);
            let mut all = warnings;
            all.extend(neutralised);
            (clean, all)
        };
        let data =
            with_time_zone(&data, options.time_zone.as_deref(), &self.zones).map_err(context)?;
        let chosen = market::chosen(
            settings,
            options.market.as_deref(),
            options.phone.as_deref(),
        )
        .map_err(context)?;
        let route = market::route(settings, locale_id, chosen);
        let market_texts = route.market.and_then(|m| self.market_texts.get(m));
        let engine = engine_of(self, locale_id)
            .map_err(context)?
            .with_market(market_texts);
        if let Some(sources) = &options.sources
            && let Some(unknown) = sources
                .keys()
                .find(|p| Channel::of_part(p).is_none_or(|c| !message.channels.contains(&c)))
        {
            return Err(context(Error::new(
                ErrorKind::InvalidInput,
                format!("`{message_id}` has no part `{unknown}`"),
            )));
        }
        if let Some(only) = &options.channels {
            if only.is_empty() {
                return Err(context(Error::new(
                    ErrorKind::InvalidInput,
                    "`channels` is empty; name at least one channel, or leave it out to render every channel",
                )));
            }
            if let Some(missing) = only.iter().find(|c| !message.channels.contains(c)) {
                return Err(context(Error::new(
                    ErrorKind::InvalidInput,
                    format!("`{message_id}` is not sent by {}", missing.as_str()),
                )));
            }
        }
        let sending = match preferences::decide(
            settings,
            message,
            options.channels.as_deref(),
            options.preferences.as_ref(),
        )
        .map_err(context)?
        {
            preferences::Decision::Send { channels, notes } => {
                warnings.extend(notes);
                channels
            }
            preferences::Decision::Skip { kind, message: why } => {
                return Err(context(Error::new(kind, why)));
            }
        };
        let edited = |name: &str| options.sources.as_ref().and_then(|s| s.get(name));
        let data: &Value = &data;
        // A part with `engine` (the message locale's view, or the SMS's): the caller's
        // edited source when there is one for that locale, else the catalog's program.
        let part_in = |engine: &runtime::Locale<'_>, name: &str| match edited(name) {
            Some(source) if engine.locale == locale_id => {
                let html = crate::catalog::model::part_is_html(name);
                engine
                    .compile(source, Some(&message.variables), html, &[])
                    .and_then(|program| engine.render(&program, source, data, true, html, None))
                    .map_err(|e| e.with_message_id(message_id).with_part(name))
            }
            _ => engine.render_part(message, name, data),
        };
        let part = |name: &str| part_in(&engine, name);
        let mut channels = Channels::default();
        let wanted = |c: &Channel| sending.contains(c);
        for channel in message.channels.iter().filter(|c| wanted(c)) {
            match channel {
                Channel::Sms => {
                    let rules = route.market.and_then(|m| settings.markets.get(m));
                    // A market named by the caller whose providers refuse the category
                    // by SMS (mainland: surveys) gets none; without one, nothing changes.
                    if let (Some(id), Some(rules)) = (chosen, rules)
                        && rules.refused_categories.contains(&message.category)
                    {
                        warnings.push(Warning {
                            code: "sms_refused",
                            message: format!(
                                "{id} ({}) does not take {} messages by SMS; none was rendered",
                                rules.name, message.category
                            ),
                            path: None,
                        });
                        continue;
                    }
                    // The market may want the SMS in another of the catalog's locales
                    // (whose view it then needs; edits are the message locale's and do
                    // not apply to it). Money and dates as the market writes them.
                    let view = if route.sms_locale == locale_id {
                        engine
                    } else {
                        engine_of(self, route.sms_locale)
                            .map_err(context)?
                            .with_market(market_texts)
                    };
                    let body = part_in(&view.for_sms(rules), "sms")?;
                    let text = compose::sms_text(
                        &route,
                        settings.category(&message.category).sms_opt_out,
                        &body,
                    );
                    // (A category the market refuses by SMS is refused as a whole.)
                    if let Some(rules) = rules
                        && !rules.refused_categories.contains(&message.category)
                    {
                        warnings.extend(market::refused_in(
                            rules,
                            route.market,
                            &text,
                            route.signature,
                        ));
                    }
                    let info = sms::sms_info(&text);
                    if let Some(limit) = settings.sms.max_parts.get(&message.category)
                        && info.segments > *limit
                    {
                        warnings.push(Warning {
                            code: "sms_over_limit",
                            message: format!(
                                "the SMS takes {} parts; {} messages may take at most {limit}",
                                info.segments, message.category
                            ),
                            path: None,
                        });
                    }
                    let locale = (route.sms_locale != locale_id).then(|| route.sms_locale.into());
                    channels.sms = Some(Sms { text, locale, info })
                }
                Channel::Push => {
                    channels.push = Some(TitleBody {
                        title: part("push.title")?,
                        body: part("push.body")?,
                    })
                }
                Channel::Email => {
                    channels.email = Some(Email {
                        subject: part("email.subject")?,
                        html: part("email.html")?,
                        text: part("email.text")?,
                    })
                }
                Channel::InApp => {
                    channels.in_app = Some(TitleBody {
                        title: part("inApp.title")?,
                        body: part("inApp.body")?,
                    })
                }
            }
        }
        Ok(Rendered {
            message_id: message.id.clone(),
            locale: negotiated.locale,
            fallback: negotiated.fallback,
            category: message.category.clone(),
            market: chosen.map(str::to_string),
            channels,
            warnings,
        })
    }

    /// Renders an ad-hoc Handlebars source with the catalog's helpers and partials.
    pub fn render_template(
        &self,
        source: &str,
        data: &Value,
        options: &TemplateOptions,
    ) -> Result<String, Error> {
        let settings = &self.model.settings;
        let default = LocaleRequest::One(settings.default_locale.clone());
        let (negotiated, _) =
            negotiate_tags(self, options.locale.as_ref().unwrap_or(&default).tags());
        // A preview in another language than asked would mislead: `render` reports the
        // fallback in its result, a bare string cannot.
        if let Some(asked) = &options.locale
            && !asked.tags().is_empty()
            && negotiated.matched.is_none()
        {
            let tags = asked.tags();
            let mut named: Vec<String> = tags
                .iter()
                .take(3)
                .map(|t| format!("`{}`", crate::error::clip(t, 40)))
                .collect();
            if tags.len() > 3 {
                named.push(format!("and {} more", tags.len() - 3));
            }
            return Err(Error::new(
                ErrorKind::UnknownLocale,
                format!(
                    "no catalog locale matches {} (the catalog has: {})",
                    named.join(", "),
                    settings.locales.join(", ")
                ),
            ));
        }
        let message = match &options.message_id {
            Some(id) => Some(self.message(id).ok_or_else(|| {
                Error::new(
                    ErrorKind::UnknownMessage,
                    format!("no message `{id}` in the catalog"),
                )
                .with_message_id(id)
            })?),
            None => None,
        };
        if let Some(m) = message {
            if let Some(first) = validate::check_data(
                m,
                data,
                &settings.links,
                &settings.currencies,
                &self.data,
                &self.zones,
            )
            .into_iter()
            .next()
            {
                return Err(first.with_message_id(&m.id).with_locale(&negotiated.locale));
            }
        } else if !data.is_object() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "data must be an object of variables",
            ));
        } else if let Some(zone) = data.get(TIME_ZONE_VAR) {
            validate::check_time_zone(zone, &self.zones)?;
        }
        // With a catalog message, untrusted values are neutralised exactly as in `render`.
        let (data, _) = match message {
            Some(m) => untrusted::neutralise_data(m, data),
            None => (Cow::Borrowed(data), Vec::new()),
        };
        let data = with_time_zone(&data, options.time_zone.as_deref(), &self.zones)?;
        let settings = &self.model.settings;
        let chosen = market::chosen(settings, options.market.as_deref(), None)?;
        let route = market::route(settings, &negotiated.locale, chosen);
        let engine = engine_of(self, &negotiated.locale)?
            .with_market(route.market.and_then(|m| self.market_texts.get(m)));
        let html = options.escape == Escape::Html;
        let variables = message.map(|m| m.variables.as_slice());
        let given = options.partials.as_ref();
        let names: Vec<&str> = given
            .into_iter()
            .flat_map(|p| p.keys().map(String::as_str))
            .collect();
        let mut partials: BTreeMap<String, Program> = BTreeMap::new();
        for (name, partial) in given.into_iter().flatten() {
            let program = engine
                .compile(partial, None, html, &names)
                .map_err(|e| e.in_partial(name))?;
            partials.insert(name.clone(), program);
        }
        let strict = options.strict.unwrap_or(true);
        engine
            .compile(source, variables, html, &names)
            .and_then(|program| {
                engine.render(&program, source, &data, strict, html, Some(&partials))
            })
            .map_err(|e| match message {
                Some(m) => e.with_message_id(&m.id),
                None => e,
            })
    }

    /// The catalog: every message with its variables, example data and sources.
    pub fn messages(&self) -> Vec<MessageInfo> {
        self.model
            .messages
            .iter()
            .map(|m| MessageInfo {
                id: m.id.clone(),
                category: m.category.clone(),
                description: m.description.clone(),
                channels: m.channels.clone(),
                locales: m.templates.keys().cloned().collect(),
                variables: m.variables.clone(),
                example: m.example(),
                examples: m
                    .example_locales()
                    .into_iter()
                    .map(|l| (l.to_string(), m.example_for(l)))
                    .collect(),
                templates: m
                    .templates
                    .iter()
                    .map(|(locale, parts)| {
                        (
                            locale.clone(),
                            parts
                                .iter()
                                .map(|p| (p.name.clone(), p.source.clone()))
                                .collect(),
                        )
                    })
                    .collect(),
                translations: m.translations.clone(),
            })
            .collect()
    }
}

/// A message as `messages()` describes it to JS and the editor.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageInfo {
    pub id: String,
    pub category: String,
    pub description: String,
    pub channels: Vec<Channel>,
    pub locales: Vec<String>,
    pub variables: Vec<Variable>,
    pub example: serde_json::Map<String, Value>,
    /// Locale → the example data for that locale, for the locales some variable has an
    /// example of its own for (`examples` in the manifest); `example` for the others.
    pub examples: BTreeMap<String, serde_json::Map<String, Value>>,
    /// Locale → part name (`sms`, `push.title`, …) → Handlebars source.
    pub templates: BTreeMap<String, BTreeMap<String, String>>,
    /// Translated locale → part → the hash of the source text it was made from.
    pub translations: crate::catalog::translations::Records,
}
