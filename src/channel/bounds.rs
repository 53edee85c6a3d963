//! The fewest and most SMS parts a message can take, and its longest push title, before
//! any data exists — from each variable's declared bounds (`max_length`, `charset`,
//! `max_items`, enum values, optional or not). Each variable is given its shortest and
//! longest values (and every discrete choice: enum values, currencies, times of day,
//! time zones); the search varies one variable at a time, keeping whichever value makes
//! the text longest (or shortest), until nothing changes.

use crate::catalog::CompiledCatalog;
use crate::catalog::model::{Channel, Charset, Message, TIME_ZONE_VAR, VarType, Variable};
use crate::channel::sms::{self, Encoding};
use crate::channel::{compose, market};
use crate::error::{Error, ErrorKind};
use crate::format::Zones;
use crate::template::{Program, runtime};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Length assumed for text and numbers that declare no `max_length`.
pub const UNBOUNDED_LENGTH: u32 = 32;
/// Longest source whose worst case is searched (an SMS of 10 parts is ~1.5 KiB).
pub const MAX_SEARCHED_SOURCE: usize = 4096;
/// Items assumed for lists that declare no `max_items`.
pub const UNBOUNDED_ITEMS: u32 = 5;
/// Longest value (characters or digits) and most list items a candidate is built
/// with; larger bounds are searched as these. The bounds are the catalog's, and a
/// compiled catalog file is input: `max_length = 4294967295` built a 16 GB text (a
/// fuzzer find). A value this long already makes an SMS of 14 or more parts and a
/// push title of thousands of characters, over any limit a catalog sets.
pub const MAX_SEARCHED_LENGTH: u32 = 2048;
pub const MAX_SEARCHED_ITEMS: u32 = 32;

/// The range of parts an SMS can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsBounds {
    pub min_segments: u32,
    pub max_segments: u32,
    /// Units (septets or UTF-16 code units) of the longest case.
    pub max_units: u32,
    /// Encoding of the longest case.
    pub encoding: Encoding,
    /// The longest case's text, for the editor to show.
    pub longest: String,
    /// The data that renders it (values within the declared bounds, and `timeZone`), for
    /// the editor's "load the worst case".
    pub longest_data: Value,
    /// Variables the SMS uses that declare no bound; they were assumed to be
    /// `UNBOUNDED_LENGTH` characters (or `UNBOUNDED_ITEMS` items) long.
    pub unbounded: Vec<String>,
}

/// One variable's candidate values: the shortest first, then the longest, then the rest.
fn candidates(var: &Variable, links_host: &str, currencies: &[(String, u8)]) -> Vec<Option<Value>> {
    let len = var
        .max_length
        .unwrap_or(UNBOUNDED_LENGTH)
        .clamp(1, MAX_SEARCHED_LENGTH) as usize;
    let long_text = |charset: Option<Charset>| -> String {
        // The costliest character of each class: a GSM extension char is two septets;
        // an emoji is two UTF-16 units and forces UCS-2.
        let c = match charset {
            Some(Charset::Digits) => '9',
            Some(Charset::Gsm) => '€',
            Some(Charset::Cjk) => '汉',
            Some(Charset::Any) | None => '😀',
        };
        std::iter::repeat_n(c, len).collect()
    };
    let short_text = |charset: Option<Charset>| {
        if charset == Some(Charset::Digits) {
            "0"
        } else {
            "a"
        }
        .to_string()
    };
    // The longest of a value that may be negative has a minus sign.
    let minus = if var.signed { "-" } else { "" };
    let scalar = |ty: VarType| -> Vec<Value> {
        match ty {
            VarType::String => vec![
                json!(short_text(var.charset)),
                json!(long_text(var.charset)),
            ],
            // The longest number of `len` integer digits (negative when it may be).
            VarType::Number => vec![json!(0), json!(format!("{minus}{}", "9".repeat(len)))],
            // The longest amount validation accepts: `len` integer digits and every
            // decimal the currency shows (`99,999,999.99`, `-` too when `signed`; `.995`
            // would round up into a ninth digit, which validation refuses as shown).
            VarType::Money => {
                let mut out = Vec::new();
                for (code, digits) in currencies {
                    let fraction = "9".repeat(usize::from(*digits));
                    let sep = if fraction.is_empty() { "" } else { "." };
                    let big = format!("{minus}{}{sep}{fraction}", "9".repeat(len));
                    out.push(json!({"amount": big, "currency": code}));
                    out.push(json!({"amount": "0", "currency": code}));
                }
                out
            }
            // Wall-clock times in the recipient's zone (made instants in `data_of`), so
            // that the longest date and hour stay the longest whatever the zone: the
            // shortest (one-digit month, day and hour), the longest (two-digit month,
            // day and hour, in 12- and 24-hour clocks), and two between.
            VarType::Datetime => LOCAL_TIMES.iter().map(|t| json!(t)).collect(),
            VarType::Boolean => vec![json!(false), json!(true)],
            VarType::Enum => var.values.iter().flatten().map(|v| json!(v)).collect(),
            VarType::Url => {
                let base = format!("https://{links_host}/");
                let fill = len.saturating_sub(base.chars().count());
                vec![json!(base), json!(format!("{base}{}", "a".repeat(fill)))]
            }
            VarType::List => Vec::new(),
        }
    };
    let mut values: Vec<Option<Value>> = if var.ty == VarType::List {
        let items = scalar(var.items.unwrap_or(VarType::String));
        let most = var
            .max_items
            .unwrap_or(UNBOUNDED_ITEMS)
            .min(MAX_SEARCHED_ITEMS) as usize;
        let mut out = Vec::new();
        if let Some(short) = items.first() {
            out.push(Some(json!([short])));
        }
        if let Some(long) = items.get(1).or(items.first()) {
            out.push(Some(Value::Array(vec![long.clone(); most.max(1)])));
        }
        out
    } else {
        scalar(var.ty).into_iter().map(Some).collect()
    };
    if !var.required {
        values.insert(0, None);
    }
    values
}

/// The time zones a recipient may have: the shortest offset text first (`GMT`), then
/// the longest (`GMT+13:45`, two-digit hours and minutes), then negative offsets with
/// minutes. (The longest search starts from each dimension's second value.)
const ZONES: [&str; 4] = ["UTC", "Pacific/Chatham", "Asia/Kolkata", "America/St_Johns"];

/// Datetime candidates, as wall-clock times in the recipient's zone: shortest first,
/// longest second (see `candidates`).
const LOCAL_TIMES: [&str; 4] = [
    "2026-05-01T08:00:00",
    "2026-12-31T23:59:00",
    "2026-09-28T12:59:00",
    "2026-02-10T06:00:00",
];

/// A search dimension: a variable name and its candidate values.
struct Dimension {
    name: String,
    values: Vec<Option<Value>>,
    /// Datetime values (or lists of them) are wall-clock times in the chosen zone.
    local_time: bool,
    /// For the `timeZone` dimension: the zone of each value.
    zones: Vec<jiff::tz::TimeZone>,
}

/// `zones`: the catalog's, whose declared list (if any) replaces [`ZONES`].
fn dimensions(
    message: &Message,
    links_host: &str,
    currencies: &[(String, u8)],
    zones: &Zones,
) -> Vec<Dimension> {
    let mut dims: Vec<Dimension> = message
        .variables
        .iter()
        .map(|v| Dimension {
            name: v.name.clone(),
            values: candidates(v, links_host, currencies),
            local_time: v.ty == VarType::Datetime
                || (v.ty == VarType::List && v.items == Some(VarType::Datetime)),
            zones: Vec::new(),
        })
        .collect();
    let names: Vec<&str> = match zones.declared() {
        Some(list) => list.iter().map(String::as_str).collect(),
        None => ZONES.to_vec(),
    };
    let found: Vec<(&str, jiff::tz::TimeZone)> = names
        .into_iter()
        .filter_map(|name| Some((name, zones.get(name).ok()?)))
        .collect();
    dims.push(Dimension {
        name: TIME_ZONE_VAR.into(),
        values: found.iter().map(|(z, _)| Some(json!(z))).collect(),
        local_time: false,
        zones: found.into_iter().map(|(_, zone)| zone).collect(),
    });
    dims
}

fn data_of(dims: &[Dimension], choice: &[usize]) -> Value {
    let zone = dims
        .iter()
        .zip(choice)
        .find(|(d, _)| d.name == TIME_ZONE_VAR)
        .and_then(|(d, &i)| d.zones.get(i).cloned())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    let mut map = Map::new();
    for (d, &i) in dims.iter().zip(choice) {
        if let Some(Some(v)) = d.values.get(i) {
            let v = if d.local_time {
                in_zone(v, &zone)
            } else {
                v.clone()
            };
            map.insert(d.name.clone(), v);
        }
    }
    Value::Object(map)
}

/// A wall-clock candidate (or a list of them) as the instant it is in `zone`.
fn in_zone(value: &Value, zone: &jiff::tz::TimeZone) -> Value {
    match value {
        Value::String(local) => local
            .parse::<jiff::civil::DateTime>()
            .and_then(|t| zone.to_timestamp(t))
            .map_or_else(|_| value.clone(), |t| json!(t.to_string())),
        Value::Array(items) => Value::Array(items.iter().map(|v| in_zone(v, zone)).collect()),
        other => other.clone(),
    }
}

/// Searches for the choice that maximises (or minimises) `score`, one dimension at a
/// time. Renders that fail (an extreme value a helper refuses) are skipped.
fn search<K: Ord + Copy>(
    dims: &[Dimension],
    start: Vec<usize>,
    maximise: bool,
    score: &dyn Fn(&Value) -> Option<K>,
) -> Option<(Vec<usize>, K)> {
    let mut best = start;
    let mut best_score = score(&data_of(dims, &best));
    for _round in 0..4 {
        let mut changed = false;
        for d in 0..dims.len() {
            for i in 0..dims[d].values.len() {
                if i == best[d] {
                    continue;
                }
                let mut trial = best.clone();
                trial[d] = i;
                let Some(s) = score(&data_of(dims, &trial)) else {
                    continue;
                };
                let better = match best_score {
                    None => true,
                    Some(b) => (maximise && s > b) || (!maximise && s < b),
                };
                if better {
                    best = trial;
                    best_score = Some(s);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    best_score.map(|s| (best, s))
}

fn source_of<'a>(
    message: &'a Message,
    locale: &str,
    part: &str,
    source: Option<&'a str>,
) -> Result<&'a str, Error> {
    match source {
        Some(s) => Ok(s),
        None => message
            .part(locale, part)
            .map(|p| p.source.as_str())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("`{}` has no `{part}` in {locale}", message.id),
                )
                .with_message_id(&message.id)
                .with_locale(locale)
            }),
    }
}

/// What a worst-case search of one part needs: its source (the catalog's unless
/// replaced), the locale's engine, and every variable's candidate values.
fn search_space<'a>(
    catalog: &'a CompiledCatalog,
    message: &'a Message,
    locale: &str,
    part: &str,
    source: Option<&'a str>,
    market: Option<&str>,
) -> Result<(&'a str, Program, runtime::Locale<'a>, Vec<Dimension>), Error> {
    let source = source_of(message, locale, part, source)?;
    if source.len() > MAX_SEARCHED_SOURCE {
        // The search renders the source dozens of times; no SMS or title is this long.
        return Err(Error::new(
            ErrorKind::TemplateLimit,
            format!("`{part}` is {} bytes; the worst case is computed for at most {MAX_SEARCHED_SOURCE}", source.len()),
        )
        .with_message_id(&message.id)
        .with_locale(locale)
        .with_part(part));
    }
    let engine = runtime::locale(catalog, locale).unwrap_or_else(|| {
        Err(Error::new(
            ErrorKind::InvalidInput,
            format!("`{locale}` is not a catalog locale"),
        ))
    })?;
    let settings = &catalog.model.settings;
    // `@market` and (in an SMS) money as the market writes them; no market named: the
    // home market of a customer of the locale.
    let to = market::route(settings, locale, market).market;
    let engine = engine.with_market(to.and_then(|m| catalog.market_texts.get(m)));
    let engine = match part {
        "sms" => engine.for_sms(to.and_then(|m| settings.markets.get(m))),
        _ => engine,
    };
    // Each currency with the decimals CLDR shows for it (the build checked every code).
    let currencies: Vec<(String, u8)> = settings
        .currencies
        .iter()
        .map(|c| (c.clone(), catalog.data.currency_digits(c).unwrap_or(2)))
        .collect();
    let links = &settings.links;
    // Official links are on the first allowed host; its length is what a URL costs.
    let host = links
        .allowed_hosts
        .first()
        .map(String::as_str)
        .unwrap_or("example.com");
    // Checked once here; the search then renders it dozens of times.
    let program = engine
        .compile(source, Some(&message.variables), false, &[])
        .map_err(|e| e.with_message_id(&message.id).with_part(part))?;
    Ok((
        source,
        program,
        engine,
        dimensions(message, host, &currencies, &catalog.zones),
    ))
}

/// Variables a part uses that declare no bound (texts, numbers, money, lists).
fn unbounded(message: &Message, source: &str) -> Vec<String> {
    let env = crate::template::check::Env {
        variables: Some(&message.variables),
        partials: &[],
        market: &[],
        html: false,
    };
    let used = crate::template::check::analyse(source, &env).variables;
    message
        .variables
        .iter()
        .filter(|v| used.contains(&v.name))
        .filter(|v| match v.ty {
            VarType::String | VarType::Number | VarType::Money | VarType::Url => {
                v.max_length.is_none()
            }
            VarType::List => v.max_items.is_none() || v.max_length.is_none(),
            _ => false,
        })
        .map(|v| v.name.clone())
        .collect()
}

/// Fewest and most parts of the message's SMS in `locale` (signature and opt-out
/// included). `source` replaces the catalog's `sms` source (the editor's edit).
pub fn sms_bounds(
    catalog: &CompiledCatalog,
    message: &Message,
    locale: &str,
    source: Option<&str>,
) -> Result<SmsBounds, Error> {
    sms_bounds_to(catalog, message, locale, source, None)
}

/// [`sms_bounds`] of the SMS in `locale` sent to `market` (its signature, opt-out,
/// `@market` texts and money forms); `None`: the locale's home market.
pub fn sms_bounds_to(
    catalog: &CompiledCatalog,
    message: &Message,
    locale: &str,
    source: Option<&str>,
    market: Option<&str>,
) -> Result<SmsBounds, Error> {
    let settings = &catalog.model.settings;
    let (source, program, engine, dims) =
        search_space(catalog, message, locale, "sms", source, market)?;
    // A render that fails for values within the declared bounds is a template that
    // can fail in production: the search reports it rather than skip it.
    let failure: std::cell::RefCell<Option<Error>> = Default::default();
    let text = |data: &Value| -> Option<String> {
        if failure.borrow().is_some() {
            return None; // one failure decides; the search need not render again
        }
        let body = match engine.render(&program, source, data, true, false, None) {
            Ok(body) => body,
            Err(e) => {
                failure.borrow_mut().get_or_insert(e);
                return None;
            }
        };
        Some(compose::sms_text(
            &market::route(settings, locale, market),
            settings.category(&message.category).sms_opt_out,
            &body,
        ))
    };
    let score = |data: &Value| {
        text(data).map(|t| {
            let info = sms::sms_info(&t);
            (info.segments, info.units)
        })
    };
    let shortest: Vec<usize> = vec![0; dims.len()];
    let longest: Vec<usize> = dims
        .iter()
        .map(|d| d.values.len().saturating_sub(1).min(1))
        .collect();
    let searched = search(&dims, longest, true, &score).zip(search(&dims, shortest, false, &score));
    if let Some(e) = failure.borrow_mut().take() {
        return Err(unrenderable(e, message, locale, "sms"));
    }
    let ((max_choice, (max_segments, max_units)), (_, (min_segments, _))) =
        searched.ok_or_else(|| {
            Error::new(
                ErrorKind::Render,
                "no combination of bounded values renders",
            )
            .with_message_id(&message.id)
            .with_locale(locale)
            .with_part("sms")
        })?;
    let longest_data = data_of(&dims, &max_choice);
    let longest_text = text(&longest_data).unwrap_or_default();
    Ok(SmsBounds {
        min_segments,
        max_segments,
        max_units,
        encoding: sms::sms_info(&longest_text).encoding,
        longest: longest_text,
        longest_data,
        unbounded: unbounded(message, source),
    })
}

/// The most characters the push title can have in `locale`.
pub fn push_title_max(
    catalog: &CompiledCatalog,
    message: &Message,
    locale: &str,
    source: Option<&str>,
) -> Result<Option<u32>, Error> {
    if !message.channels.contains(&Channel::Push) {
        return Ok(None);
    }
    let (source, program, engine, dims) =
        search_space(catalog, message, locale, "push.title", source, None)?;
    let failure: std::cell::RefCell<Option<Error>> = Default::default();
    let score = |data: &Value| {
        if failure.borrow().is_some() {
            return None;
        }
        match engine.render(&program, source, data, true, false, None) {
            Ok(t) => Some(u32::try_from(t.chars().count()).unwrap_or(u32::MAX)),
            Err(e) => {
                failure.borrow_mut().get_or_insert(e);
                None
            }
        }
    };
    let longest: Vec<usize> = dims
        .iter()
        .map(|d| d.values.len().saturating_sub(1).min(1))
        .collect();
    let found = search(&dims, longest, true, &score).map(|(_, n)| n);
    match failure.borrow_mut().take() {
        Some(e) => Err(unrenderable(e, message, locale, "push.title")),
        None => Ok(found),
    }
}

/// A render failure met during the worst-case search, placed and explained.
fn unrenderable(e: Error, message: &Message, locale: &str, part: &str) -> Error {
    let mut e = e
        .with_message_id(&message.id)
        .with_locale(locale)
        .with_part(part);
    e.message = format!("with values within the declared bounds: {}", e.message);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(id: &str, locale: &str, source: Option<&str>) -> SmsBounds {
        sms_bounds(
            crate::catalog::testing::catalog(),
            crate::catalog::testing::message(id).unwrap(),
            locale,
            source,
        )
        .unwrap()
    }

    #[test]
    fn worst_case_grows_with_declared_lengths() {
        // counterparty: up to 20 letters of any script (cjk) → UCS-2 in the worst case.
        let b = bounds("security.funds_moved", "en", Some("Paid {{counterparty}}."));
        assert_eq!(b.encoding, Encoding::Ucs2);
        assert_eq!(b.min_segments, 1);
        assert!(
            b.longest.starts_with("[Northwind Pay] Paid 汉"),
            "{}",
            b.longest
        );
        // 16 + 5 + 20 + 1 units = 42 ≤ 70: still one part.
        assert_eq!((b.max_units, b.max_segments), (42, 1));
        // device: up to 24 characters of anything, emoji included (two units each).
        let b = bounds("security.login_alert", "en", Some("{{device}}"));
        assert_eq!(b.max_units, 16 + 48);
    }

    #[test]
    fn digits_only_values_keep_gsm() {
        let b = bounds(
            "security.funds_moved",
            "en",
            Some(
                "Card {{account}} {{account}} {{account}} {{account}} {{account}} {{account}} {{account}}",
            ),
        );
        assert_eq!(b.encoding, Encoding::Gsm7);
        // "[Northwind Pay] " is 16 characters but 18 septets (`[` and `]` are GSM
        // extension characters), + "Card " 5 + 7 × 19 digits + 6 spaces = 162 > 160.
        assert_eq!((b.max_units, b.max_segments, b.min_segments), (162, 2, 1));
    }

    #[test]
    fn optional_variables_and_enums_are_searched() {
        let b = bounds(
            "security.password_changed",
            "en",
            Some(
                "{{#if (eq how \"support\")}}{{plural 2 other=\"# xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}}{{else}}ok{{/if}}",
            ),
        );
        assert_eq!((b.min_segments, b.max_segments), (1, 2));
    }

    #[test]
    fn a_template_that_fails_for_bounded_values_is_reported_not_skipped() {
        // Reliability review F8: failed renders were skipped, so the search said "clean".
        let m = crate::catalog::testing::message("service.maintenance").unwrap();
        let nested = format!(
            "{}{{{{this}}}}{}",
            "{{#each @root.services}}".repeat(12),
            "{{/each}}".repeat(12)
        );
        let e = sms_bounds(crate::catalog::testing::catalog(), m, "en", Some(&nested)).unwrap_err();
        assert_eq!(e.code(), "template_limit", "{e}");
        assert_eq!(e.part.as_deref(), Some("sms"));
        // An optional variable used without `{{#if}}` fails when it is absent.
        let m = crate::catalog::testing::message("service.update").unwrap();
        let e = sms_bounds(
            crate::catalog::testing::catalog(),
            m,
            "en",
            Some("From {{date effectiveDate}}"),
        )
        .unwrap_err();
        assert_eq!(e.code(), "missing_variable", "{e}");
        assert!(
            e.message
                .starts_with("with values within the declared bounds")
        );
    }

    #[test]
    fn nested_loops_are_bounded_in_time() {
        // Reliability review F3: 14 levels took more than 20 s in smsBounds.
        let m = crate::catalog::testing::message("service.maintenance").unwrap();
        let nested = format!(
            "{}{}",
            "{{#each @root.services}}".repeat(14),
            "{{/each}}".repeat(14)
        );
        let e = sms_bounds(crate::catalog::testing::catalog(), m, "en", Some(&nested)).unwrap_err();
        assert_eq!(e.code(), "template_limit");
    }

    #[test]
    fn recipients_far_from_utc_are_within_the_worst_case() {
        // Property test find (tests/properties.rs): with the recipient in
        // Pacific/Chatham (GMT+13:45) the SMS was longer than the "worst case", which
        // only tried offsets up to GMT+5:30 and instants fixed in UTC.
        let m = crate::catalog::testing::message("security.password_changed").unwrap();
        for locale in ["zh-CN", "zh-TW", "en"] {
            let b = bounds("security.password_changed", locale, None);
            for zone in [
                "Pacific/Chatham",
                "Australia/Adelaide",
                "Australia/Lord_Howe",
                "Asia/Kathmandu",
                "America/St_Johns",
                "Europe/London",
                "UTC",
            ] {
                for time in [
                    "1990-10-09T10:15:00Z",
                    "2026-12-20T10:00:00Z",
                    "2026-06-15T01:00:00Z",
                    "2026-11-11T23:59:00Z",
                ] {
                    for how in m.variables[1].values.iter().flatten() {
                        let data = json!({"how": how, "time": time, "timeZone": zone});
                        let r = crate::catalog::testing::catalog()
                            .render(
                                &m.id,
                                &crate::LocaleRequest::One(locale.into()),
                                &data,
                                &Default::default(),
                            )
                            .unwrap();
                        let info = r.channels.sms.unwrap().info;
                        assert!(
                            (info.segments, info.units) <= (b.max_segments, b.max_units),
                            "{locale} {zone} {time} {how}: {info:?} beats {b:?}"
                        );
                        assert!(info.segments >= b.min_segments, "{locale} {zone} {time}");
                    }
                }
            }
        }
    }

    #[test]
    fn negative_amounts_and_rounding_carries_are_within_the_worst_case() {
        // Property test find: `-999.995` has 3 integer digits (reward's max_length) but
        // renders `-CN¥1,000.00`, longer than the worst case's `999.99`.
        let m = crate::catalog::testing::message("survey.satisfaction").unwrap();
        for locale in ["zh-CN", "zh-TW", "en"] {
            let b = bounds("survey.satisfaction", locale, None);
            for amount in ["-999.995", "999.995", "-999.99", "-0.5"] {
                for currency in ["CNY", "MOP", "JPY"] {
                    let data = json!({
                        "deadline": "2026-12-10T15:59:00Z",
                        "link": format!("https://www.northwindpay.com/{}", "a".repeat(19)),
                        "reward": {"amount": amount, "currency": currency},
                    });
                    // An amount over its digits once rounded is refused, not rendered.
                    let r = match crate::render(
                        &m.id,
                        &crate::LocaleRequest::One(locale.into()),
                        &data,
                        &Default::default(),
                    ) {
                        Ok(r) => r,
                        Err(e) => {
                            assert_eq!(e.code(), "wrong_type", "{amount} {currency}: {e}");
                            continue;
                        }
                    };
                    let info = r.channels.sms.unwrap().info;
                    assert!(
                        (info.segments, info.units) <= (b.max_segments, b.max_units),
                        "{locale} {amount} {currency}: {info:?} beats {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn unbounded_variables_are_named() {
        let b = bounds("security.funds_moved", "en", Some("{{direction}}"));
        assert!(b.unbounded.is_empty());
    }

    #[test]
    fn push_titles() {
        let m = crate::catalog::testing::message("security.funds_moved").unwrap();
        assert_eq!(
            push_title_max(
                crate::catalog::testing::catalog(),
                m,
                "en",
                Some("Hi {{counterparty}}")
            )
            .unwrap(),
            Some(23)
        );
        assert_eq!(
            push_title_max(
                crate::catalog::testing::catalog(),
                crate::catalog::testing::message("welcome").unwrap(),
                "en",
                None
            )
            .unwrap(),
            None
        );
    }
}
