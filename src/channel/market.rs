//! Destination markets: the market a phone number belongs to (its E.164 country calling
//! code), and what a market decides for an SMS — the locale it is written in, the
//! signature before it and the opt-out after it — beside the `@market.*` texts every
//! channel reads. A catalog without `[catalog.markets]` routes by locale alone.

use crate::catalog::model::{MarketRules, Settings};
use crate::error::{Error, ErrorKind};

/// Where an SMS goes and what that decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<'c> {
    /// The market's id; `None` in a catalog without markets.
    pub market: Option<&'c str>,
    /// The catalog locale the SMS is written in.
    pub sms_locale: &'c str,
    pub signature: Option<&'c str>,
    /// The opt-out instruction, for categories whose SMS end with one.
    pub opt_out: Option<&'c str>,
}

/// Longest phone number read, in characters (E.164 has at most 15 digits; spaces,
/// dashes and parentheses may separate them).
const MAX_PHONE_LEN: usize = 32;

/// The market a phone number in E.164 form (`+852 6123 4567`) goes to: the market whose
/// calling code is the longest prefix of its digits, else the market without calling
/// codes (the rest of the world).
pub fn market_of_phone<'c>(settings: &'c Settings, phone: &str) -> Result<&'c str, Error> {
    let bad = |why: &str| {
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "`phone` `{}` {why}; write it in E.164 form, e.g. `+8613812345678`",
                crate::error::clip(phone, 40)
            ),
        )
        .with_path("phone")
    };
    if phone.len() > MAX_PHONE_LEN {
        return Err(bad("is too long"));
    }
    let Some(rest) = phone.strip_prefix('+') else {
        return Err(bad("does not start with `+` and its country code"));
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
    {
        return Err(bad("has characters other than digits"));
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if !(7..=15).contains(&digits.len()) {
        return Err(bad("must have 7 to 15 digits"));
    }
    let claimed = settings
        .markets
        .iter()
        .flat_map(|(id, m)| m.calling_codes.iter().map(move |c| (id, c)))
        .filter(|(_, code)| digits.starts_with(code.as_str()))
        .max_by_key(|(_, code)| code.len())
        .map(|(id, _)| id.as_str());
    claimed.or_else(|| rest_of_world(settings)).ok_or_else(|| {
        Error::new(
            ErrorKind::UnknownMarket,
            format!(
                "no market of the catalog takes `{}` ({})",
                crate::error::clip(phone, 40),
                names(settings)
            ),
        )
        .with_path("phone")
    })
}

/// The market without calling codes, if the catalog has one.
fn rest_of_world(settings: &Settings) -> Option<&str> {
    settings
        .markets
        .iter()
        .find(|(_, m)| m.calling_codes.is_empty())
        .map(|(id, _)| id.as_str())
}

fn names(settings: &Settings) -> String {
    if settings.markets.is_empty() {
        return "it declares none".into();
    }
    let ids: Vec<&str> = settings.markets.keys().map(String::as_str).collect();
    format!("it has: {}", ids.join(", "))
}

/// The market a render is for: the one named, else the phone number's, else (`None`)
/// the customer's locale's home market.
pub fn chosen<'c>(
    settings: &'c Settings,
    market: Option<&str>,
    phone: Option<&str>,
) -> Result<Option<&'c str>, Error> {
    if let Some(id) = market {
        return match settings.markets.get_key_value(id) {
            Some((id, _)) => Ok(Some(id.as_str())),
            None => Err(Error::new(
                ErrorKind::UnknownMarket,
                format!(
                    "the catalog has no market `{}` ({})",
                    crate::error::clip(id, 40),
                    names(settings)
                ),
            )
            .with_path("market")),
        };
    }
    phone.map(|p| market_of_phone(settings, p)).transpose()
}

/// The market and SMS route for a customer of catalog locale `locale`, sent to `market`
/// (`None`: the locale's home market). An SMS is written in the customer's locale when
/// the market takes it, else in the market's first SMS locale.
pub fn route<'c>(settings: &'c Settings, locale: &'c str, market: Option<&'c str>) -> Route<'c> {
    let market = market.or_else(|| settings.home_markets.get(locale).map(String::as_str));
    let rules: Option<&MarketRules> = market.and_then(|m| settings.markets.get(m));
    let Some(rules) = rules else {
        return Route {
            market: None,
            sms_locale: locale,
            signature: settings.sms.signature.get(locale).map(String::as_str),
            opt_out: settings.sms.opt_out.get(locale).map(String::as_str),
        };
    };
    let sms_locale = rules
        .sms_locales
        .iter()
        .find(|l| *l == locale)
        .or(rules.sms_locales.first())
        .map_or(locale, String::as_str);
    Route {
        market,
        sms_locale,
        signature: rules.signature.get(sms_locale).map(String::as_str),
        opt_out: rules.opt_out.get(sms_locale).map(String::as_str),
    }
}

/// `market_rule` warnings for words or characters the market's providers refuse that
/// an SMS as rendered holds (from values: lint checks what templates write).
pub fn refused_in(
    rules: &MarketRules,
    market: Option<&str>,
    text: &str,
    signature: Option<&str>,
) -> Vec<crate::render::Warning> {
    let body = signature.and_then(|s| text.strip_prefix(s)).unwrap_or(text);
    let patterns: Vec<&String> = rules
        .forbidden_words
        .iter()
        .chain(&rules.forbidden_chars)
        .collect();
    // One pass over the body instead of a substring search per pattern (each of which
    // built a searcher: a sixth of an SMS batch's time). A character whose low eight bits
    // no pattern starts with is passed over at the cost of one bit test.
    let firsts: Vec<Option<char>> = patterns.iter().map(|p| p.chars().next()).collect();
    // (word, bit) of a character's low eight bits in a 256-bit mask.
    let bit = |c: char| ((u32::from(c) >> 6 & 3) as usize, u32::from(c) & 63);
    let mut mask = [0u64; 4];
    for &c in firsts.iter().flatten() {
        let (word, b) = bit(c);
        mask[word] |= 1 << b;
    }
    let mut found = vec![false; patterns.len()];
    for (i, c) in body.char_indices() {
        let (word, b) = bit(c);
        if mask[word] & 1 << b == 0 {
            continue;
        }
        for (k, first) in firsts.iter().enumerate() {
            if *first == Some(c) && !found[k] && body[i..].starts_with(patterns[k].as_str()) {
                found[k] = true;
            }
        }
    }
    patterns
        .into_iter()
        .zip(found)
        .filter(|&(_, hit)| hit)
        .map(|(bad, _)| crate::render::Warning {
            code: "market_rule",
            message: format!(
                "the SMS holds `{bad}`, which {}'s providers refuse; expect it to be blocked",
                market.unwrap_or("the market")
            ),
            path: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn settings() -> Settings {
        let market = |codes: &[&str], locales: &[&str], sig: &[(&str, &str)]| MarketRules {
            calling_codes: codes.iter().map(|c| c.to_string()).collect(),
            sms_locales: locales.iter().map(|c| c.to_string()).collect(),
            signature: map(sig),
            opt_out: map(&[("zh-CN", "拒收请回复R")]),
            ..Default::default()
        };
        let mut s: Settings = serde_json::from_value(serde_json::json!({
            "defaultLocale": "zh-CN", "locales": ["zh-CN", "zh-TW", "en"],
            "defaultTimeZone": "Asia/Shanghai", "categories": {}
        }))
        .expect("settings");
        s.markets.insert(
            "CN".into(),
            market(&["86"], &["zh-CN"], &[("zh-CN", "【北风支付】")]),
        );
        s.markets.insert(
            "TW".into(),
            market(
                &["886"],
                &["zh-TW", "en"],
                &[("zh-TW", "【北風支付】"), ("en", "Northwind Pay:")],
            ),
        );
        s.markets.insert(
            "INTL".into(),
            market(&[], &["en"], &[("en", "Northwind Pay:")]),
        );
        s.home_markets = map(&[("zh-CN", "CN"), ("zh-TW", "TW"), ("en", "INTL")]);
        s
    }

    #[test]
    fn refused_words_and_characters_in_a_rendered_sms() {
        let rules = MarketRules {
            forbidden_words: vec!["贷款".into(), "理财".into(), "返现".into()],
            forbidden_chars: vec!["¥".into(), "&".into()],
            ..Default::default()
        };
        let codes = |text: &str, signature: Option<&str>| -> Vec<String> {
            refused_in(&rules, Some("CN"), text, signature)
                .into_iter()
                .map(|w| w.message)
                .collect()
        };
        // Each found once, in the rules' order, wherever it stands (the last characters too).
        let found = codes("【北风】理财A&B，理财与贷款¥", Some("【北风】"));
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(
            found[0].contains("`贷款`") && found[1].contains("`理财`"),
            "{found:?}"
        );
        assert!(
            found[2].contains("`¥`") && found[3].contains("`&`"),
            "{found:?}"
        );
        // The signature is not searched; a word's first character alone is not the word.
        assert!(codes("【返现】贷", Some("【返现】")).is_empty());
        assert!(codes("", None).is_empty());
    }

    #[test]
    fn a_phone_number_goes_to_the_longest_calling_code_else_the_rest_of_the_world() {
        let s = settings();
        assert_eq!(market_of_phone(&s, "+86 138 1234 5678").ok(), Some("CN"));
        assert_eq!(market_of_phone(&s, "+886-912-345-678").ok(), Some("TW"));
        assert_eq!(market_of_phone(&s, "+44 20 7946 0958").ok(), Some("INTL"));
        for bad in [
            "8613812345678",
            "+86 138 abc",
            "+12",
            "+1234567890123456",
            "",
        ] {
            let e = market_of_phone(&s, bad).expect_err(bad);
            assert_eq!(e.kind, ErrorKind::InvalidInput, "{bad}");
            assert_eq!(e.path.as_deref(), Some("phone"));
        }
        let mut no_rest = s.clone();
        no_rest.markets.remove("INTL");
        let e = market_of_phone(&no_rest, "+44 20 7946 0958").expect_err("no market");
        assert_eq!(e.kind, ErrorKind::UnknownMarket);
        assert!(e.message.contains("CN, TW"), "{}", e.message);
    }

    #[test]
    fn a_mainland_number_gets_simplified_chinese_whatever_the_customer_reads() {
        let s = settings();
        let r = route(&s, "zh-TW", Some("CN"));
        assert_eq!(
            (r.market, r.sms_locale, r.signature, r.opt_out),
            (
                Some("CN"),
                "zh-CN",
                Some("【北风支付】"),
                Some("拒收请回复R")
            )
        );
        let r = route(&s, "en", Some("CN"));
        assert_eq!(r.sms_locale, "zh-CN");
        // Taiwan takes English and Traditional Chinese as they are.
        let r = route(&s, "en", Some("TW"));
        assert_eq!((r.sms_locale, r.signature), ("en", Some("Northwind Pay:")));
        // No market: the locale's home market.
        let r = route(&s, "zh-TW", None);
        assert_eq!((r.market, r.sms_locale), (Some("TW"), "zh-TW"));
    }

    #[test]
    fn a_named_market_must_exist() {
        let s = settings();
        assert_eq!(
            chosen(&s, Some("TW"), Some("+8613812345678")).ok(),
            Some(Some("TW"))
        );
        assert_eq!(
            chosen(&s, None, Some("+8613812345678")).ok(),
            Some(Some("CN"))
        );
        assert_eq!(chosen(&s, None, None).ok(), Some(None));
        let e = chosen(&s, Some("XX"), None).expect_err("unknown");
        assert_eq!(
            (e.kind, e.path.as_deref()),
            (ErrorKind::UnknownMarket, Some("market"))
        );
    }
}
