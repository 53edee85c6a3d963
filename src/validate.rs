//! Checks render data against a message's manifest before any template runs: required
//! variables present, each value of its declared type, no undeclared variables. Every
//! problem names the variable's path and what was expected.

use crate::catalog::model::{Charset, LinkRules, Message, TIME_ZONE_VAR, VarType, Variable};
use crate::error::{Error, ErrorKind};
use crate::format::{LocaleData, Zones};
use serde_json::Value;

/// Every problem with `data` for `message`, in manifest order (empty when it is valid).
/// `links` is the allow-list every `url` value's host must be on; `currencies` are the
/// catalog's (money in any other is refused); `locale_data` and `zones` are the
/// catalog's (currency digits, time zones).
pub fn check_data(
    message: &Message,
    data: &Value,
    links: &LinkRules,
    currencies: &[String],
    locale_data: &LocaleData,
    zones: &Zones,
) -> Vec<Error> {
    let rules = Rules {
        links,
        currencies,
        locale_data,
    };
    let Some(object) = data.as_object() else {
        return vec![Error::new(
            ErrorKind::InvalidInput,
            format!("data must be an object of variables, not {}", kind_of(data)),
        )];
    };
    let mut errors = Vec::new();
    for var in &message.variables {
        match object.get(&var.name) {
            None | Some(Value::Null) if var.required => errors.push(
                Error::new(
                    ErrorKind::MissingVariable,
                    format!(
                        "required variable `{}` ({}) is missing",
                        var.name,
                        expected(var)
                    ),
                )
                .with_path(&var.name),
            ),
            None | Some(Value::Null) => {}
            Some(value) => check_value(var, var.ty, value, &var.name, &rules, &mut errors),
        }
    }
    for (key, value) in object {
        if key == TIME_ZONE_VAR {
            if let Err(e) = check_time_zone(value, zones) {
                errors.push(e);
            }
        } else if message.variable(key).is_none() {
            let known: Vec<&str> = message.variables.iter().map(|v| v.name.as_str()).collect();
            errors.push(
                Error::new(
                    ErrorKind::UnknownVariable,
                    format!(
                        "`{key}` is not a variable of `{}` (it has: {})",
                        message.id,
                        known.join(", ")
                    ),
                )
                .with_path(key),
            );
        }
    }
    errors
}

/// A `timeZone` value must name an IANA zone the catalog has (all of them, or the ones
/// its manifest lists in `time_zones`).
pub fn check_time_zone(value: &Value, zones: &Zones) -> Result<(), Error> {
    let zone = value.as_str().ok_or_else(|| {
        Error::new(
            ErrorKind::WrongType,
            format!(
                "`timeZone` must be an IANA time zone name, not {}",
                kind_of(value)
            ),
        )
        .with_path(TIME_ZONE_VAR)
    })?;
    if let Err(why) = zones.get(zone) {
        let message = match zones.declared() {
            _ if zones.lists(zone) => why,
            Some(list) => format!(
                "time zone `{zone}` is not one of the catalog's time zones ({})",
                list.join(", ")
            ),
            None => {
                format!("unknown time zone `{zone}` (use an IANA name such as Asia/Shanghai)")
            }
        };
        return Err(Error::new(ErrorKind::Format, message).with_path(TIME_ZONE_VAR));
    }
    Ok(())
}

fn expected(var: &Variable) -> String {
    match (var.ty, &var.values, var.items) {
        (VarType::Enum, Some(values), _) => format!("one of {}", values.join(", ")),
        (VarType::List, _, Some(items)) => format!("a list of {}", describe(items)),
        (ty, _, _) => describe(ty).to_string(),
    }
}

fn describe(ty: VarType) -> &'static str {
    match ty {
        VarType::String => "text",
        VarType::Number => "a number",
        VarType::Money => "money: { amount, currency }",
        VarType::Datetime => "an RFC 3339 date-time such as 2026-11-28T09:30:00Z",
        VarType::Boolean => "true or false",
        VarType::Enum => "one of the declared values",
        VarType::Url => "an https:// URL",
        VarType::List => "a list",
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn wrong(var: &Variable, ty: VarType, value: &Value, path: &str, detail: Option<&str>) -> Error {
    let want = if ty == var.ty {
        expected(var)
    } else {
        describe(ty).to_string()
    };
    let got = detail
        .map(str::to_string)
        .unwrap_or_else(|| format!("got {}", kind_of(value)));
    Error::new(
        ErrorKind::WrongType,
        format!("`{path}` must be {want}; {got}"),
    )
    .with_path(path)
}

/// How long `text` is as the SMS worst case counts it: UTF-16 units for `cjk` (one per
/// character is what the bound promises), characters otherwise.
pub fn bounded_length(var: &Variable, text: &str) -> usize {
    match var.charset {
        Some(Charset::Cjk) => text.encode_utf16().count(),
        _ => text.chars().count(),
    }
}

/// A trusted text over its declared bounds, or with characters outside its charset,
/// breaks the worst case lint relied on: an error. (Untrusted text is truncated instead,
/// in `untrusted`, so a long nickname does not stop a security alert.)
fn bound_problem(var: &Variable, text: &str, path: &str) -> Option<Error> {
    if !var.trusted {
        return None;
    }
    if let Some(max) = var
        .max_length
        .filter(|m| bounded_length(var, text) > *m as usize)
    {
        return Some(
            Error::new(
                ErrorKind::WrongType,
                format!(
                    "`{path}` is {} long; at most {max} is declared",
                    bounded_length(var, text)
                ),
            )
            .with_path(path),
        );
    }
    // Whatever the charset, a trusted value is one line of visible text: a line break
    // would let it forge an e-mail header or a second SMS line, a bidi control would
    // reorder the text around it.
    if let Some(c) = text.chars().find(|&c| is_hidden_or_control(c)) {
        return Some(
            Error::new(
                ErrorKind::WrongType,
                format!(
                    "`{path}` holds U+{:04X}, a control, line break or invisible character",
                    u32::from(c)
                ),
            )
            .with_path(path),
        );
    }
    let outside = match var.charset {
        Some(Charset::Digits) => text
            .chars()
            .find(|c| !(c.is_ascii_digit() || *c == ' ' || *c == '-')),
        Some(Charset::Gsm) => text
            .chars()
            .find(|c| crate::channel::sms::gsm_cost(*c).is_none()),
        Some(Charset::Cjk) => text.chars().find(|c| u32::from(*c) > 0xFFFF),
        Some(Charset::Any) | None => None,
    };
    outside.map(|c| {
        Error::new(
            ErrorKind::WrongType,
            format!("`{path}` holds `{c}`, outside its declared charset"),
        )
        .with_path(path)
    })
}

/// Controls (C0, DEL, C1: CR, LF, tab, NUL, ESC …), line and paragraph separators,
/// bidi controls and zero-width characters.
fn is_hidden_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Digits in the integer part of a number value (`1234.5` → 4), or `None` when the
/// value is not a finite decimal. With `shown` fraction digits (money: the currency's),
/// the value is first rounded as the formatter rounds it (half away from zero), so
/// `99999999.995` shown with 2 counts 9 digits: it is shown as `100,000,000.00`.
fn integer_digits(value: &Value, shown: Option<usize>) -> Option<usize> {
    let text = match value {
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (_, Some(i), _) => i.unsigned_abs().to_string(),
            (_, _, Some(f)) if f.is_finite() => {
                // Shortest round-trip form; large values in plain digits.
                if f.abs() >= 1e15 {
                    format!("{:.0}", f.abs().trunc())
                } else {
                    f.abs().to_string()
                }
            }
            _ => return None,
        },
        Value::String(s) if is_decimal(s) => s.clone(),
        _ => return None,
    };
    let digits = text.trim_start_matches('-');
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let carries = shown.is_some_and(|keep| {
        frac.len() > keep
            && frac.as_bytes()[keep] >= b'5'
            && frac.as_bytes()[..keep].iter().all(|&b| b == b'9')
            && int.bytes().all(|b| b == b'9')
    });
    Some(int.len() + usize::from(carries))
}

/// A number or an amount with more integer digits than `max_length` declares: the
/// SMS worst case (and any sane message) counts on that bound.
fn digits_problem(
    var: &Variable,
    value: &Value,
    path: &str,
    shown: Option<usize>,
) -> Option<Error> {
    let max = var.max_length?;
    let digits = integer_digits(value, shown)?;
    (digits > max as usize).then(|| {
        Error::new(
            ErrorKind::WrongType,
            format!(
                "`{path}` has {digits} digits before the decimal point (as shown); at most {max} are declared"
            ),
        )
        .with_path(path)
    })
}

/// A number below zero where the variable does not declare `signed = true`.
fn sign_problem(var: &Variable, value: &Value, path: &str) -> Option<Error> {
    if var.signed {
        return None;
    }
    let negative = match value {
        Value::Number(n) => n.as_f64().is_some_and(|f| f < 0.0),
        // `-0.00` is zero, not below it.
        Value::String(s) => s.starts_with('-') && s.bytes().any(|b| matches!(b, b'1'..=b'9')),
        _ => false,
    };
    negative.then(|| {
        Error::new(
            ErrorKind::WrongType,
            format!(
                "`{path}` is {}; it may not be below zero (declare `signed = true` for a value that can be, such as an overdrawn balance)",
                match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }
            ),
        )
        .with_path(path)
    })
}

/// Whether `s` is a plain decimal number (`-12`, `3.50`); a leading zero is refused
/// (`00012` is a typo or an account number, not an amount).
pub fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !int.is_empty()
        && (int == "0" || !int.starts_with('0'))
        && int.bytes().all(|b| b.is_ascii_digit())
        && (frac.is_empty() && !digits.ends_with('.')
            || frac.bytes().all(|b| b.is_ascii_digit()) && !frac.is_empty())
}

/// What values are checked against besides their variable's declaration.
struct Rules<'a> {
    links: &'a LinkRules,
    currencies: &'a [String],
    locale_data: &'a LocaleData,
}

fn check_value(
    var: &Variable,
    ty: VarType,
    value: &Value,
    path: &str,
    rules: &Rules<'_>,
    errors: &mut Vec<Error>,
) {
    let links = rules.links;
    let ok = match ty {
        VarType::String => match value.as_str() {
            Some(text) => {
                errors.extend(bound_problem(var, text, path));
                true
            }
            None => false,
        },
        VarType::Number => {
            let ok = value.is_number() || value.as_str().is_some_and(is_decimal);
            if ok {
                errors.extend(digits_problem(var, value, path, None));
                errors.extend(sign_problem(var, value, path));
            }
            ok
        }
        VarType::Boolean => value.is_boolean(),
        VarType::Datetime => match value.as_str() {
            Some(s) => {
                if let Err(e) = crate::format::parse_instant(s) {
                    // jiff says what is wrong: the form, a field, or the range.
                    let detail = format!("`{s}` is not one ({e})");
                    errors.push(wrong(var, ty, value, path, Some(&detail)));
                }
                true
            }
            None => false,
        },
        VarType::Url => match value.as_str() {
            Some(s) => {
                errors.extend(bound_problem(var, s, path));
                match crate::channel::links::url_host(s) {
                    None => errors.push(wrong(
                        var,
                        ty,
                        value,
                        path,
                        Some(&format!("`{s}` is not an https:// URL")),
                    )),
                    Some(host) => {
                        errors.extend(crate::channel::links::not_allowed(links, &host, path))
                    }
                }
                true
            }
            None => false,
        },
        VarType::Enum => match value.as_str() {
            Some(s) => {
                if !var
                    .values
                    .as_ref()
                    .is_some_and(|vs| vs.iter().any(|v| v == s))
                {
                    errors.push(wrong(var, ty, value, path, Some(&format!("got `{s}`"))));
                }
                true
            }
            None => false,
        },
        VarType::Money => match value.as_object() {
            Some(fields) => {
                match fields.get("amount") {
                    Some(a) if a.is_number() || a.as_str().is_some_and(is_decimal) => {
                        let shown = fields
                            .get("currency")
                            .and_then(Value::as_str)
                            .filter(|c| rules.currencies.iter().any(|k| k == c))
                            .and_then(|c| rules.locale_data.currency_digits(c))
                            .map(usize::from);
                        errors.extend(digits_problem(var, a, &format!("{path}.amount"), shown));
                        errors.extend(sign_problem(var, a, &format!("{path}.amount")));
                    }
                    Some(a) => errors.push(
                        Error::new(
                            ErrorKind::WrongType,
                            format!(
                                "`{path}.amount` must be a number or a decimal string; got {}",
                                kind_of(a)
                            ),
                        )
                        .with_path(format!("{path}.amount")),
                    ),
                    None => errors.push(
                        Error::new(
                            ErrorKind::MissingVariable,
                            format!("`{path}.amount` is missing"),
                        )
                        .with_path(format!("{path}.amount")),
                    ),
                }
                match fields.get("currency") {
                    Some(Value::String(c)) if rules.currencies.iter().any(|k| k == c) => {}
                    Some(c) => {
                        let known = rules.currencies;
                        errors.push(
                            Error::new(
                                ErrorKind::WrongType,
                                format!(
                                    "`{path}.currency` must be one of {}; got {c}",
                                    known.join(", ")
                                ),
                            )
                            .with_path(format!("{path}.currency")),
                        )
                    }
                    None => errors.push(
                        Error::new(
                            ErrorKind::MissingVariable,
                            format!("`{path}.currency` is missing"),
                        )
                        .with_path(format!("{path}.currency")),
                    ),
                }
                for key in fields.keys().filter(|k| *k != "amount" && *k != "currency") {
                    errors.push(
                        Error::new(
                            ErrorKind::UnknownVariable,
                            format!("money `{path}` has only `amount` and `currency`, not `{key}`"),
                        )
                        .with_path(format!("{path}.{key}")),
                    );
                }
                true
            }
            None => false,
        },
        VarType::List => match value.as_array() {
            Some(items) => {
                if let Some(most) = var.max_items.filter(|m| items.len() > *m as usize) {
                    errors.push(
                        Error::new(
                            ErrorKind::WrongType,
                            format!(
                                "`{path}` has {} items; at most {most} are declared",
                                items.len()
                            ),
                        )
                        .with_path(path),
                    );
                }
                let item_ty = var.items.unwrap_or(VarType::String);
                for (i, item) in items.iter().enumerate() {
                    check_value(var, item_ty, item, &format!("{path}[{i}]"), rules, errors);
                }
                true
            }
            None => false,
        },
    };
    if !ok {
        errors.push(wrong(var, ty, value, path, None));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message() -> Message {
        let var = |name: &str, ty: VarType, required: bool| Variable {
            name: name.into(),
            ty,
            required,
            description: String::new(),
            example: Value::Null,
            examples: Default::default(),
            values: (ty == VarType::Enum).then(|| vec!["in".into(), "out".into()]),
            items: (ty == VarType::List).then_some(VarType::String),
            trusted: false,
            max_length: None,
            charset: None,
            max_items: None,
            signed: false,
        };
        serde_json::from_value(json!({
            "id": "t", "category": "security", "channels": ["sms"], "variables": []
        }))
        .map(|mut m: Message| {
            m.variables = vec![
                var("name", VarType::String, true),
                var("amount", VarType::Money, true),
                var("time", VarType::Datetime, true),
                var("direction", VarType::Enum, true),
                var("items", VarType::List, false),
                var("link", VarType::Url, false),
            ];
            m
        })
        .unwrap()
    }

    fn compiled() -> LocaleData {
        LocaleData::compiled()
    }

    fn zones() -> std::sync::Arc<Zones> {
        crate::format::tests::all_zones()
    }

    fn currencies() -> Vec<String> {
        ["CNY", "JPY", "CHF"].map(String::from).to_vec()
    }

    fn good() -> Value {
        json!({"name": "A&B", "amount": {"amount": "12.50", "currency": "CNY"},
               "time": "2026-11-28T09:30:00Z", "direction": "in", "items": ["a"], "link": "https://x.example/a"})
    }

    fn problems(data: Value) -> Vec<(ErrorKind, String)> {
        let links = LinkRules {
            allowed_hosts: vec!["x.example".into()],
        };
        check_data(
            &message(),
            &data,
            &links,
            &currencies(),
            &compiled(),
            &zones(),
        )
        .into_iter()
        .map(|e| (e.kind, e.path.unwrap_or_default()))
        .collect()
    }

    fn bounded(ty: VarType, max_length: Option<u32>, charset: Option<Charset>) -> Message {
        let mut m = message();
        m.variables = vec![Variable {
            name: "v".into(),
            ty,
            required: true,
            description: String::new(),
            example: Value::Null,
            examples: Default::default(),
            values: None,
            items: None,
            trusted: true,
            max_length,
            charset,
            max_items: None,
            signed: false,
        }];
        m
    }

    fn codes(m: &Message, v: Value) -> Vec<String> {
        let links = LinkRules {
            allowed_hosts: vec![],
        };
        check_data(
            m,
            &json!({ "v": v }),
            &links,
            &currencies(),
            &compiled(),
            &zones(),
        )
        .into_iter()
        .map(|e| format!("{}:{}", e.code(), e.path.unwrap_or_default()))
        .collect()
    }

    #[test]
    fn money_and_number_digits_are_bounded() {
        // Reliability review F7: an 8-digit amount bound let 24 digits through.
        let money = bounded(VarType::Money, Some(8), None);
        let amount = |a: Value| json!({"amount": a, "currency": "CNY"});
        assert!(codes(&money, amount(json!("99999999.99"))).is_empty());
        assert!(codes(&money, amount(json!(12345678))).is_empty());
        for over in [
            json!("999999999"),
            json!(999999999999.5),
            json!(1e21),
            json!("123456789"),
        ] {
            assert_eq!(
                codes(&money, amount(over.clone())),
                ["wrong_type:v.amount"],
                "{over}"
            );
        }
        assert_eq!(
            codes(&money, amount(json!("00012"))),
            ["wrong_type:v.amount"]
        );
        let number = bounded(VarType::Number, Some(2), None);
        assert!(codes(&number, json!(12.345)).is_empty());
        for over in [json!(99999), json!(1e21), json!("100")] {
            assert_eq!(codes(&number, over.clone()), ["wrong_type:v"], "{over}");
        }
    }

    #[test]
    fn trusted_text_is_one_line_of_visible_characters() {
        // Reliability review F10: CR/LF reached an e-mail subject, RLO a security SMS.
        for charset in [
            Some(Charset::Gsm),
            Some(Charset::Cjk),
            Some(Charset::Any),
            None,
        ] {
            let m = bounded(VarType::String, None, charset);
            for bad in [
                "1\r\nBcc:a@b.c",
                "\u{202E}1234",
                "\u{0}\u{1b}[31m",
                "a\u{200B}b",
                "a\u{2028}b",
            ] {
                assert_eq!(
                    codes(&m, json!(bad)),
                    ["wrong_type:v"],
                    "{charset:?} {bad:?}"
                );
            }
            assert!(codes(&m, json!("Shenzhen 深圳")).is_empty() || charset == Some(Charset::Gsm));
        }
    }

    #[test]
    fn valid_data_passes() {
        assert_eq!(problems(good()), vec![]);
        let mut d = good();
        d["timeZone"] = json!("America/New_York");
        d["amount"]["amount"] = json!("0.5");
        assert_eq!(problems(d), vec![]);
    }

    #[test]
    fn below_zero_only_where_declared_signed() {
        let mut money = bounded(VarType::Money, Some(8), None);
        let amount = |a: Value| json!({"amount": a, "currency": "CNY"});
        for below in [json!(-3.5), json!("-100"), json!("-0.01"), json!(-12345678)] {
            assert_eq!(
                codes(&money, amount(below.clone())),
                ["wrong_type:v.amount"],
                "{below}"
            );
        }
        // Zero written with a minus is zero.
        assert!(codes(&money, amount(json!("-0.00"))).is_empty());
        money.variables[0].signed = true;
        assert!(codes(&money, amount(json!(-12345678))).is_empty());
        assert_eq!(
            codes(&money, amount(json!("-123456789"))),
            ["wrong_type:v.amount"]
        );
        let mut number = bounded(VarType::Number, Some(3), None);
        assert_eq!(codes(&number, json!(-1)), ["wrong_type:v"]);
        number.variables[0].signed = true;
        assert!(codes(&number, json!(-1)).is_empty());
    }

    #[test]
    fn each_problem_has_a_kind_and_path() {
        let mut d = good();
        d.as_object_mut().unwrap().remove("name");
        d["amount"]["amount"] = json!("12,50");
        d["time"] = json!("yesterday");
        d["direction"] = json!("sideways");
        d["items"] = json!(["ok", 3]);
        d["link"] = json!("http://evil.example");
        d["extra"] = json!(1);
        d["timeZone"] = json!("Mars/Olympus");
        assert_eq!(
            problems(d),
            vec![
                (ErrorKind::MissingVariable, "name".into()),
                (ErrorKind::WrongType, "amount.amount".into()),
                (ErrorKind::WrongType, "time".into()),
                (ErrorKind::WrongType, "direction".into()),
                (ErrorKind::WrongType, "items[1]".into()),
                (ErrorKind::WrongType, "link".into()),
                (ErrorKind::UnknownVariable, "extra".into()),
                (ErrorKind::Format, "timeZone".into()),
            ]
        );
    }

    #[test]
    fn links_must_point_at_an_allowed_host() {
        for (url, kind) in [
            ("https://evil.example/x", ErrorKind::LinkNotAllowed),
            ("https://x.example.evil.example/", ErrorKind::LinkNotAllowed),
            ("https://x.example@evil.example/", ErrorKind::WrongType),
            ("https://", ErrorKind::WrongType),
            ("javascript:alert(1)", ErrorKind::WrongType),
        ] {
            let mut d = good();
            d["link"] = json!(url);
            assert_eq!(problems(d), vec![(kind, "link".into())], "{url}");
        }
        for url in [
            "https://X.Example/a?b#c",
            "https://x.example:443/",
            "HTTPS://x.example",
        ] {
            let mut d = good();
            d["link"] = json!(url);
            assert_eq!(problems(d), vec![], "{url}");
        }
    }

    #[test]
    fn data_must_be_an_object() {
        assert_eq!(
            problems(json!([1])),
            vec![(ErrorKind::InvalidInput, String::new())]
        );
    }

    #[test]
    fn decimals() {
        for ok in ["0", "-12", "3.50"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in [
            "", "-", "1.", ".5", "1e3", "12,5", "1.2.3", "00012", "-01", "00.5",
        ] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }
}
