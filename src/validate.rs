//! Checks render data against a message's manifest before any template runs: required
//! variables present, each value of its declared type, no undeclared variables. Every
//! problem names the variable's path and what was expected.

use crate::catalog::model::{Charset, LinkRules, Message, TIME_ZONE_VAR, VarType, Variable};
use crate::error::{Error, ErrorKind};
use crate::format::CURRENCIES;
use serde_json::Value;

/// Every problem with `data` for `message`, in manifest order (empty when it is valid).
/// `links` is the allow-list every `url` value's host must be on.
pub fn check_data(message: &Message, data: &Value, links: &LinkRules) -> Vec<Error> {
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
            Some(value) => check_value(var, var.ty, value, &var.name, links, &mut errors),
        }
    }
    for (key, value) in object {
        if key == TIME_ZONE_VAR {
            if let Err(e) = check_time_zone(value) {
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

/// A `timeZone` value must name an IANA zone tidings knows.
pub fn check_time_zone(value: &Value) -> Result<(), Error> {
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
    if jiff::tz::db().get(zone).is_err() {
        return Err(Error::new(
            ErrorKind::Format,
            format!("unknown time zone `{zone}` (use an IANA name such as Asia/Shanghai)"),
        )
        .with_path(TIME_ZONE_VAR));
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

/// The host of an `https://` URL, lower-cased; `None` if it is not one. A URL with
/// user info (`https://official.example@evil.example/`) is refused outright: it is a
/// classic way to make a link look official.
pub fn url_host(url: &str) -> Option<String> {
    // Only the characters RFC 3986 allows, so a value cannot smuggle a space, a line
    // break or a bidi control (and text after it) into an official message.
    let allowed = |b: u8| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
    if !url.bytes().all(allowed) {
        return None;
    }
    let rest = url
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..])?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') || authority.is_empty() {
        return None;
    }
    let host = authority.rsplit_once(':').map_or(authority, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            authority
        }
    });
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !host.starts_with('.')
        && !host.ends_with('.');
    valid.then(|| host.to_ascii_lowercase())
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
    let outside = match var.charset {
        Some(Charset::Digits) => text
            .chars()
            .find(|c| !(c.is_ascii_digit() || *c == ' ' || *c == '-')),
        Some(Charset::Gsm) => text.chars().find(|c| crate::sms::gsm_cost(*c).is_none()),
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

/// Whether `s` is a plain decimal number (`-12`, `3.50`).
pub fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (frac.is_empty() && !digits.ends_with('.')
            || frac.bytes().all(|b| b.is_ascii_digit()) && !frac.is_empty())
}

fn check_value(
    var: &Variable,
    ty: VarType,
    value: &Value,
    path: &str,
    links: &LinkRules,
    errors: &mut Vec<Error>,
) {
    let ok = match ty {
        VarType::String => match value.as_str() {
            Some(text) => {
                errors.extend(bound_problem(var, text, path));
                true
            }
            None => false,
        },
        VarType::Number => value.is_number() || value.as_str().is_some_and(is_decimal),
        VarType::Boolean => value.is_boolean(),
        VarType::Datetime => match value.as_str() {
            Some(s) => {
                if let Err(e) = s.parse::<jiff::Timestamp>() {
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
                match url_host(s) {
                    None => errors.push(wrong(
                        var,
                        ty,
                        value,
                        path,
                        Some(&format!("`{s}` is not an https:// URL")),
                    )),
                    Some(host) if !links.allows(&host) => errors.push(
                        Error::new(
                            ErrorKind::LinkNotAllowed,
                            format!(
                                "`{path}` links to `{host}`, which is not an allowed host ({})",
                                links.allowed_hosts.join(", ")
                            ),
                        )
                        .with_path(path),
                    ),
                    Some(_) => {}
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
                    Some(a) if a.is_number() || a.as_str().is_some_and(is_decimal) => {}
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
                    Some(Value::String(c)) if CURRENCIES.iter().any(|(code, _)| code == c) => {}
                    Some(c) => {
                        let known: Vec<&str> = CURRENCIES.iter().map(|(code, _)| *code).collect();
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
                    check_value(var, item_ty, item, &format!("{path}[{i}]"), links, errors);
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
            values: (ty == VarType::Enum).then(|| vec!["in".into(), "out".into()]),
            items: (ty == VarType::List).then_some(VarType::String),
            trusted: false,
            max_length: None,
            charset: None,
            max_items: None,
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

    fn good() -> Value {
        json!({"name": "A&B", "amount": {"amount": "12.50", "currency": "CNY"},
               "time": "2026-11-28T09:30:00Z", "direction": "in", "items": ["a"], "link": "https://x.example/a"})
    }

    fn problems(data: Value) -> Vec<(ErrorKind, String)> {
        let links = LinkRules {
            allowed_hosts: vec!["x.example".into()],
        };
        check_data(&message(), &data, &links)
            .into_iter()
            .map(|e| (e.kind, e.path.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn valid_data_passes() {
        assert_eq!(problems(good()), vec![]);
        let mut d = good();
        d["timeZone"] = json!("America/New_York");
        d["amount"]["amount"] = json!(-3.5);
        assert_eq!(problems(d), vec![]);
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
    fn url_hosts() {
        assert_eq!(
            url_host("https://www.Example.com/a").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(url_host("https://a.com:8443").as_deref(), Some("a.com"));
        assert_eq!(url_host("https://a.com@b.com"), None);
        assert_eq!(url_host("https://a b.com"), None);
        assert_eq!(url_host("http://a.com"), None);
        assert_eq!(url_host("https://a.com/\nCall 4008001234"), None);
        assert_eq!(url_host("https://a.com/ evil.com/login"), None);
        assert_eq!(url_host("https://a.com/\u{202E}x"), None);
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
        for bad in ["", "-", "1.", ".5", "1e3", "12,5", "1.2.3"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }
}
