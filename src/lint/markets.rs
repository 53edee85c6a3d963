//! The destination markets' rule packs on a message's SMS: each market that sends SMS
//! in the SMS's language checks its worst case with the market's signature, opt-out and
//! texts — parts, length, refused characters and words, links, brackets, value lengths.

use super::{Env, Linter, Severity, Where, find_in_text, literal_hosts, position};
use crate::catalog::model::{Message, Settings, VarType, Variable};
use crate::channel::{bounds, market};
use crate::error::ErrorKind;
use crate::template::check;

/// Every market's rule pack on the SMS written in `locale` (the markets that send SMS in
/// it): its parts with the market's signature, opt-out and texts, its length, refused
/// characters, brackets, links and variable lengths, each in the worst case.
/// `home_bounds` is the worst case already found for the locale's home market.
pub(super) fn lint_markets(
    l: &mut Linter<'_>,
    locale: &str,
    source: &str,
    home_bounds: Option<&bounds::SmsBounds>,
) {
    let settings = l.settings;
    let message = l.message;
    let home = market::route(settings, locale, None);
    // What the SMS prints or tests, read once for every market.
    let used = used_in(message, source, settings);
    for (id, rules) in &settings.markets {
        if !rules.sms_locales.iter().any(|s| s == locale)
            || rules.refused_categories.contains(&message.category)
        {
            continue; // never sent there in this language, or never by SMS
        }
        let at = Where {
            locale: Some(locale),
            part: Some("sms"),
            pos: None,
            market: Some(id),
        };
        let to = |m: String| format!("to {id} ({}): {m}", rules.name);
        // The home market's route was searched already (its errors reported there).
        let is_home = market::route(settings, locale, Some(id)) == home;
        let searched = match (is_home, home_bounds) {
            (true, Some(b)) => Ok(std::borrow::Cow::Borrowed(b)),
            (true, None) => continue,
            (false, _) => bounds::sms_bounds_to(l.catalog, message, locale, Some(source), Some(id))
                .map(std::borrow::Cow::Owned),
        };
        let bounds = match searched {
            Ok(b) => b,
            Err(e) => {
                l.push(
                    ErrorKind::SmsUnrenderable,
                    Severity::Error,
                    to(e.message),
                    at,
                );
                continue;
            }
        };
        // The home route's parts were held against the limit by `lint_sms_bounds`.
        if !is_home
            && let Some(limit) = settings.sms.max_parts.get(&message.category)
            && bounds.max_segments > *limit
        {
            l.push(
                ErrorKind::SmsTooManyParts,
                Severity::Error,
                to(format!(
                    "in the worst case the SMS takes {} parts ({} units); {} messages may take at most {limit}",
                    bounds.max_segments, bounds.max_units, message.category
                )),
                at,
            );
        }
        let longest = &bounds.longest;
        let rule = |l: &mut Linter<'_>, m: String| {
            l.push(ErrorKind::MarketRule, Severity::Error, to(m), at)
        };
        // A rule the template's own text breaks, at that text.
        let written = |l: &mut Linter<'_>, offset: usize, m: String| {
            let at = Where {
                pos: Some(position(source, offset)),
                ..at
            };
            l.push(ErrorKind::MarketRule, Severity::Error, to(m), at)
        };
        if let Some(max) = rules.max_chars {
            let chars = longest.chars().count();
            if chars > max as usize {
                rule(
                    l,
                    format!(
                        "in the worst case the SMS is {chars} characters; the market's providers take at most {max}"
                    ),
                );
            }
        }
        // Refused characters and words: where the template writes one, at its position;
        // else if the worst case prints one (a currency sign, a partial's word).
        let refused = rules.forbidden_chars.iter().map(|c| (c, "character"));
        let refused = refused.chain(rules.forbidden_words.iter().map(|w| (w, "word")));
        for (bad, what) in refused {
            if let Some(offset) = find_in_text(source, bad) {
                written(
                    l,
                    offset,
                    format!("the SMS writes `{bad}`, a {what} the market's providers refuse"),
                );
            } else if longest.contains(bad.as_str()) {
                rule(
                    l,
                    format!(
                        "the SMS can print `{bad}` (from a value or partial), a {what} the market's providers refuse; a currency sign is avoided with a form in `money`"
                    ),
                );
            }
        }
        if rules.brackets_only_signature {
            let signature = rules.signature.get(locale).map_or("", String::as_str);
            let body = longest.strip_prefix(signature).unwrap_or(longest);
            if body.contains(['【', '】']) {
                rule(l, "`【` or `】` outside the signature; the market's providers allow them only around it".into());
            }
        }
        if !rules.links {
            for v in used
                .iter()
                .filter(|v| v.ty == VarType::Url || v.items == Some(VarType::Url))
            {
                rule(
                    l,
                    format!("`{}` is a link; the market takes no links by SMS", v.name),
                );
            }
            if let Some((offset, host)) = literal_hosts(source).into_iter().next() {
                written(
                    l,
                    offset,
                    format!("the SMS writes a link (`{host}`); the market takes no links by SMS"),
                );
            }
        }
        if let Some(max) = rules.max_value_chars {
            for v in used
                .iter()
                .filter(|v| matches!(v.ty, VarType::String | VarType::Url | VarType::List))
            {
                match v.max_length {
                    Some(n) if n > max => rule(
                        l,
                        format!(
                            "`{}` may be {n} characters; the market's providers take values of at most {max}",
                            v.name
                        ),
                    ),
                    None => rule(
                        l,
                        format!(
                            "`{}` declares no max_length; the market's providers take values of at most {max}",
                            v.name
                        ),
                    ),
                    _ => {}
                }
            }
        }
    }
}

/// The declared variables an SMS source prints or tests.
fn used_in<'m>(message: &'m Message, source: &str, settings: &Settings) -> Vec<&'m Variable> {
    let market = settings.market_texts();
    let env = Env {
        variables: Some(&message.variables),
        partials: &[],
        market: &market,
        html: false,
    };
    let names = check::analyse(source, &env).variables;
    message
        .variables
        .iter()
        .filter(|v| names.contains(&v.name))
        .collect()
}
