//! The catalog's data model — settings, messages, variables and template parts — shared
//! by `build.rs` (which reads it from `templates/`) and the runtime (which reads the
//! validated copy the build embeds).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Everything under `templates/`, validated.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub settings: Settings,
    pub messages: Vec<Message>,
    /// Partial name → locale → source.
    pub partials: BTreeMap<String, BTreeMap<String, Part>>,
}

/// `[catalog]` in `templates/manifest.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    #[serde(alias = "default_locale")]
    pub default_locale: String,
    /// The locale translations are made from (`translations.toml` records hashes of its
    /// text); the build sets it to `default_locale` when the manifest does not say.
    #[serde(
        default,
        alias = "source_locale",
        skip_serializing_if = "Option::is_none"
    )]
    pub source_locale: Option<String>,
    pub locales: Vec<String>,
    #[serde(alias = "default_time_zone")]
    pub default_time_zone: String,
    /// SMS rules: signature, opt-out texts, part limits.
    #[serde(default)]
    pub sms: SmsRules,
    /// Hosts official links may point at.
    #[serde(default)]
    pub links: LinkRules,
    /// Push notification limits.
    #[serde(default)]
    pub push: PushRules,
    /// The categories messages may belong to, and what each implies.
    pub categories: BTreeMap<String, CategoryRules>,
    /// ISO 4217 codes `money` values may use; others are refused.
    #[serde(default)]
    pub currencies: Vec<String>,
    /// The IANA zones the catalog file carries (canonical names); `None`: all of them.
    /// A `timeZone` outside the list is refused.
    #[serde(default, alias = "time_zones", skip_serializing_if = "Option::is_none")]
    pub time_zones: Option<Vec<String>>,
    /// Destination markets (`[catalog.markets.<ID>]`): what an SMS to a phone number of
    /// each is signed, ended and written in, and the texts templates read as `@market.*`.
    /// Empty: no markets; SMS follow `[catalog.sms]` per locale.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub markets: BTreeMap<String, MarketRules>,
    /// Locale → the market a customer of that locale is taken to be in when a render
    /// names neither a market nor a phone number (required for every locale when the
    /// catalog has markets).
    #[serde(
        default,
        alias = "home_markets",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub home_markets: BTreeMap<String, String>,
    /// Locale → the app's name as customers see it (the sender of a push notification, an
    /// email's From name), for previews; absent: the editor shows the catalog's name.
    #[serde(
        default,
        alias = "app_name",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub app_name: BTreeMap<String, String>,
}

impl Settings {
    /// The locale translations are made from.
    pub fn source_locale(&self) -> &str {
        self.source_locale
            .as_deref()
            .unwrap_or(&self.default_locale)
    }

    /// The names every market gives a text (`@market.<name>`); none without markets.
    pub fn market_texts(&self) -> Vec<&str> {
        self.markets
            .values()
            .next()
            .map(|m| m.texts.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// Every signature the catalog puts before an SMS, in any locale or market.
    pub fn signatures(&self) -> impl Iterator<Item = &str> {
        let markets = self.markets.values().flat_map(|m| m.signature.values());
        self.sms
            .signature
            .values()
            .chain(markets)
            .map(String::as_str)
    }

    /// Every opt-out instruction the catalog appends to an SMS.
    pub fn opt_outs(&self) -> impl Iterator<Item = &str> {
        let markets = self.markets.values().flat_map(|m| m.opt_out.values());
        self.sms.opt_out.values().chain(markets).map(String::as_str)
    }

    /// The rules of a category (the loader refuses messages of undeclared ones).
    pub fn category(&self, name: &str) -> &CategoryRules {
        static NONE: CategoryRules = CategoryRules {
            opt_out: false,
            sms_opt_out: false,
            must_include: Vec::new(),
            trusted_links: false,
        };
        self.categories.get(name).unwrap_or(&NONE)
    }
}

/// `[catalog.categories.<name>]`: what belonging to a category implies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CategoryRules {
    /// Recipients may opt out of the category and turn its channels off (batch
    /// `preferences`); preferences against any other category are ignored and noted.
    #[serde(default, alias = "opt_out")]
    pub opt_out: bool,
    /// Every SMS of the category ends with the locale's opt-out instruction.
    #[serde(default, alias = "sms_opt_out")]
    pub sms_opt_out: bool,
    /// Partials every body part must include outside any block (e.g. an anti-fraud line).
    #[serde(default, alias = "must_include")]
    pub must_include: Vec<String>,
    /// Link variables must be declared `trusted = true` (a fraudster must not choose them).
    #[serde(default, alias = "trusted_links")]
    pub trusted_links: bool,
}

/// `[catalog.sms]`: what tidings adds to every SMS and how long one may be.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SmsRules {
    /// Locale → brand signature put before every SMS (e.g. `【北风支付】`).
    #[serde(default)]
    pub signature: BTreeMap<String, String>,
    /// Locale → opt-out instruction appended to every marketing SMS.
    #[serde(default, alias = "opt_out")]
    pub opt_out: BTreeMap<String, String>,
    /// Category → most parts an SMS of that category may take.
    #[serde(default, alias = "max_parts")]
    pub max_parts: BTreeMap<String, u32>,
}

/// `[catalog.markets.<ID>]`: one destination market's SMS rules. Its rules' sources and
/// the day they were checked are written beside them, so a reviewer can re-check them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarketRules {
    /// What the market is, for people (`"Mainland China"`).
    #[serde(default)]
    pub name: String,
    /// E.164 country calling codes (digits, e.g. `"86"`) of the market's numbers. Empty:
    /// every number no other market claims (one market at most).
    #[serde(default, alias = "calling_codes")]
    pub calling_codes: Vec<String>,
    /// Catalog locales an SMS to the market may be written in, preferred first: a
    /// customer whose language is not one of them gets the first by SMS.
    #[serde(alias = "sms_locales")]
    pub sms_locales: Vec<String>,
    /// SMS locale → signature put before every SMS (e.g. `【北风支付】`).
    pub signature: BTreeMap<String, String>,
    /// SMS locale → opt-out instruction ending every SMS of an `sms_opt_out` category.
    #[serde(default, alias = "opt_out")]
    pub opt_out: BTreeMap<String, String>,
    /// Texts templates read as `@market.<name>` (a hotline that can be dialled from the
    /// market, say); every market declares the same names.
    #[serde(default)]
    pub texts: BTreeMap<String, String>,
    /// Currency → how an SMS to the market writes an amount, `{amount}` standing for the
    /// number in the SMS locale's digits (`{ CNY = "{amount}元" }`: `2,500.00元`, as
    /// mainland providers want instead of `¥`). Other channels keep CLDR's form.
    #[serde(default)]
    pub money: BTreeMap<String, String>,
    /// The market's own IANA zone: an SMS to it writes `datetime` without the year
    /// (`11月28日 14:12`) and adds the GMT offset to `datetime` and `time` only when the
    /// recipient's zone differs from it then. None: CLDR's full forms, with the offset.
    #[serde(default, alias = "time_zone", skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    // The market's rule pack, which `lint` applies to every SMS that can go there.
    /// Categories the market's providers refuse by SMS (mainland: surveys): their SMS is
    /// not rendered for the market, with an `sms_refused` warning.
    #[serde(default, alias = "refused_categories")]
    pub refused_categories: Vec<String>,
    /// Most characters of the SMS as sent, signature and values included.
    #[serde(default, alias = "max_chars", skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<u32>,
    /// Most characters of one variable's value (providers check each variable).
    #[serde(
        default,
        alias = "max_value_chars",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_value_chars: Option<u32>,
    /// Characters (or strings) the market's providers refuse in an SMS.
    #[serde(default, alias = "forbidden_chars")]
    pub forbidden_chars: Vec<String>,
    /// Words the market's providers refuse in an SMS (mainland: finance promotion words).
    #[serde(default, alias = "forbidden_words")]
    pub forbidden_words: Vec<String>,
    /// `false`: no link may appear in an SMS to the market (from a variable or written).
    #[serde(default = "yes")]
    pub links: bool,
    /// `【` and `】` only around the signature.
    #[serde(default, alias = "brackets_only_signature")]
    pub brackets_only_signature: bool,
    /// Where the rules come from (regulator's or provider's pages) and when they were
    /// last checked, `YYYY-MM-DD`.
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub checked: String,
}

/// `[catalog.links]`: the allow-list for links in messages.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkRules {
    /// Hosts (exact, lower case) that `url` values and literal links may point at.
    #[serde(default, alias = "allowed_hosts")]
    pub allowed_hosts: Vec<String>,
}

impl LinkRules {
    pub fn allows(&self, host: &str) -> bool {
        self.allowed_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(host))
    }
}

/// `[catalog.push]`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PushRules {
    /// Locale → longest push title, in characters, in the worst case.
    #[serde(default, alias = "max_title")]
    pub max_title: BTreeMap<String, u32>,
}

/// One `[[messages]]` entry plus its template files.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Message {
    pub id: String,
    /// One of `[catalog.categories]`.
    pub category: String,
    #[serde(default)]
    pub description: String,
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub variables: Vec<Variable>,
    /// Locale → parts in channel order; filled in by the build, absent in the manifest.
    #[serde(default)]
    pub templates: BTreeMap<String, Vec<Part>>,
    /// Translated locale → part → the hash of the source text it was made from
    /// (`messages/<id>/translations.toml`, read by the build; see `translations`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: super::translations::Records,
}

impl Message {
    /// The example data: every variable's example value, keyed by name.
    pub fn example(&self) -> serde_json::Map<String, serde_json::Value> {
        self.variables
            .iter()
            .map(|v| (v.name.clone(), v.example.clone()))
            .collect()
    }

    /// The example data for `locale`: each variable's example for that locale where it
    /// has one (`examples`), its `example` otherwise.
    pub fn example_for(&self, locale: &str) -> serde_json::Map<String, serde_json::Value> {
        self.variables
            .iter()
            .map(|v| {
                let value = v.examples.get(locale).unwrap_or(&v.example);
                (v.name.clone(), value.clone())
            })
            .collect()
    }

    /// The locales some variable has an example of its own for, in order.
    pub fn example_locales(&self) -> std::collections::BTreeSet<&str> {
        self.variables
            .iter()
            .flat_map(|v| v.examples.keys().map(String::as_str))
            .collect()
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name == name)
    }

    pub fn part(&self, locale: &str, part: &str) -> Option<&Part> {
        self.templates.get(locale)?.iter().find(|p| p.name == part)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Channel {
    #[serde(rename = "sms")]
    Sms,
    #[serde(rename = "push")]
    Push,
    #[serde(rename = "email")]
    Email,
    #[serde(rename = "inApp")]
    InApp,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Sms, Channel::Push, Channel::Email, Channel::InApp];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Push => "push",
            Channel::Email => "email",
            Channel::InApp => "inApp",
        }
    }

    /// The template parts a channel is made of, in file order.
    pub fn parts(self) -> &'static [&'static str] {
        match self {
            Channel::Sms => &["sms"],
            Channel::Push => &["push.title", "push.body"],
            Channel::Email => &["email.subject", "email.html", "email.text"],
            Channel::InApp => &["inApp.title", "inApp.body"],
        }
    }

    /// The channel a part name belongs to (`"email.html"` → email).
    pub fn of_part(part: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.parts().contains(&part))
    }
}

/// Only the email HTML part is HTML; every other part is plain text.
pub fn part_is_html(part: &str) -> bool {
    part == "email.html"
}

/// A declared variable.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Variable {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: VarType,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default)]
    pub description: String,
    pub example: serde_json::Value,
    /// Example values for particular locales, over `example` (`examples = { en =
    /// "Shenzhen" }`): a place or a name as that locale's customers would see it, so the
    /// English preview does not read "in 深圳".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub examples: BTreeMap<String, serde_json::Value>,
    /// Allowed values of an `enum`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// Item type of a `list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<VarType>,
    /// System-generated (amounts, times, official links) rather than user-supplied.
    /// Untrusted text is neutralised at render time.
    #[serde(default)]
    pub trusted: bool,
    /// Longest value: characters of text, digits of a number or of money's integer part.
    #[serde(default, alias = "max_length", skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Which characters text may hold, for the SMS worst case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<Charset>,
    /// Most items of a `list`.
    #[serde(default, alias = "max_items", skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u32>,
    /// A number or amount that may be negative (a balance that can be overdrawn). Others
    /// are refused below zero: `-100` for a transfer's amount is a data bug, and a
    /// message reading "moved out -¥100.00" says the opposite of what happened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub signed: bool,
}

/// The characters a text variable may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Charset {
    /// 0–9 only.
    Digits,
    /// The GSM 03.38 alphabet (Latin letters, digits, common punctuation).
    Gsm,
    /// Letters of any script, Chinese included, but no emoji: one UTF-16 unit each.
    Cjk,
    /// Anything, including emoji (two UTF-16 units each).
    Any,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VarType {
    String,
    Number,
    Money,
    Datetime,
    Boolean,
    Enum,
    Url,
    List,
}

impl VarType {
    /// Every type a variable may have, in the manifest's documented order.
    pub const ALL: [VarType; 8] = [
        VarType::String,
        VarType::Number,
        VarType::Money,
        VarType::Datetime,
        VarType::Boolean,
        VarType::Enum,
        VarType::Url,
        VarType::List,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VarType::String => "string",
            VarType::Number => "number",
            VarType::Money => "money",
            VarType::Datetime => "datetime",
            VarType::Boolean => "boolean",
            VarType::Enum => "enum",
            VarType::Url => "url",
            VarType::List => "list",
        }
    }
}

/// One part of a template file (`sms`, `email.html`, …).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    pub name: String,
    pub source: String,
    /// Path of the file below `templates/`, for messages that point at it.
    pub file: String,
    /// 1-based line of the file on which `source` starts.
    pub first_line: u32,
}

/// Most values an `enum` variable may have: the worst-case search tries each of them.
pub const MAX_ENUM_VALUES: usize = 256;

/// The reserved variable every message may use: the recipient's IANA time zone.
pub const TIME_ZONE_VAR: &str = "timeZone";
