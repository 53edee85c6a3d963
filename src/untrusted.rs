//! Applies the safe-value rules (`crate::safe`) to a message's untrusted variables —
//! user-supplied text such as nicknames, payee and device names — before rendering,
//! and says which variables were changed.

use crate::catalog::model::{Message, VarType};
use crate::render::Warning;
use crate::safe::{Change, neutralise};
use serde_json::Value;
use std::borrow::Cow;

/// The data with every untrusted text value neutralised, and a warning per change.
/// Borrows the data unchanged in the common case where nothing needed neutralising.
pub fn neutralise_data<'a>(message: &Message, data: &'a Value) -> (Cow<'a, Value>, Vec<Warning>) {
    let mut owned: Option<Value> = None;
    let mut warnings = Vec::new();
    for var in message.variables.iter().filter(|v| !v.trusted) {
        let text_items =
            var.ty == VarType::List && matches!(var.items, Some(VarType::String) | None);
        if var.ty != VarType::String && !text_items {
            continue;
        }
        let Some(value) = data.get(&var.name) else {
            continue;
        };
        let mut visit = |path: String, s: &str| -> Option<String> {
            let neutralised = neutralise(s);
            if let Some((_, changes)) = &neutralised {
                warnings.extend(changes.iter().map(|c| warning(*c, &path)));
            }
            let text = neutralised.as_ref().map_or(s, |(clean, _)| clean.as_str());
            match truncate(var, text) {
                Some(short) => {
                    let (short, more) = settle(var, short);
                    let said =
                        |c: &Change| neutralised.as_ref().is_some_and(|(_, n)| n.contains(c));
                    warnings.extend(more.iter().filter(|c| !said(c)).map(|c| warning(*c, &path)));
                    warnings.push(Warning {
                        code: "truncated",
                        message: format!(
                            "untrusted `{path}` was longer than its declared {} and was cut",
                            var.max_length.unwrap_or(0)
                        ),
                        path: Some(path.clone()),
                    });
                    Some(short)
                }
                None => neutralised.map(|(clean, _)| clean),
            }
        };
        match value {
            Value::String(s) => {
                if let Some(clean) = visit(var.name.clone(), s) {
                    let target = owned.get_or_insert_with(|| data.clone());
                    target[&var.name] = Value::String(clean);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(clean) = item
                        .as_str()
                        .and_then(|s| visit(format!("{}[{i}]", var.name), s))
                    {
                        let target = owned.get_or_insert_with(|| data.clone());
                        target[&var.name][i] = Value::String(clean);
                    }
                }
            }
            _ => {}
        }
    }
    (
        owned.map(Cow::Owned).unwrap_or(Cow::Borrowed(data)),
        warnings,
    )
}

/// `text` cut to the variable's `max_length` (ending in `…`), or `None` if it fits.
/// Keeps the SMS worst case the lint computed from the bound true for any input.
fn truncate(var: &crate::catalog::model::Variable, text: &str) -> Option<String> {
    let max = var.max_length? as usize;
    if crate::validate::bounded_length(var, text) <= max {
        return None;
    }
    let mut out = String::new();
    for c in text.chars() {
        let mut trial = out.clone();
        trial.push(c);
        trial.push('…');
        if crate::validate::bounded_length(var, &trial) > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    Some(out)
}

/// A cut value neutralised again (and cut again) until neutralising changes nothing:
/// cutting can complete a link (`a.xn--p李` cut to `a.xn--p…` is a punycode domain).
/// Returns the value and what the extra rounds changed.
fn settle(var: &crate::catalog::model::Variable, mut text: String) -> (String, Vec<Change>) {
    let mut changes: Vec<Change> = Vec::new();
    // A round defangs what the cut completed, and the next cut ends further left; two
    // rounds settle every value seen. The fallback drops characters until it is safe.
    for _ in 0..4 {
        let Some((clean, found)) = neutralise(&text) else {
            return (text, changes);
        };
        changes.extend(found);
        changes.sort_unstable();
        changes.dedup();
        text = truncate(var, &clean).unwrap_or(clean);
    }
    while neutralise(&text).is_some() {
        let mut chars: Vec<char> = text.chars().collect();
        chars.pop(); // the `…`
        chars.pop();
        chars.push('…');
        text = chars.into_iter().collect();
        if text == "…" {
            break;
        }
    }
    (text, changes)
}

fn warning(change: Change, path: &str) -> Warning {
    let (code, what) = match change {
        Change::Controls => (
            "removed_invisible",
            "bidi, invisible or control characters were removed",
        ),
        Change::Link => (
            "defanged_link",
            "a link, e-mail address or domain was defanged so no client links it",
        ),
        Change::Phone => ("masked_phone", "a phone number was masked"),
    };
    Warning {
        code,
        message: format!("untrusted `{path}`: {what}"),
        path: Some(path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shown(name: &str) -> (String, Vec<&'static str>) {
        let m = crate::catalog::testing::message("welcome").unwrap();
        let data = json!({"name": name, "signUpTime": "2026-11-28T01:30:00Z"});
        let (clean, warnings) = neutralise_data(m, &data);
        let text = clean["name"].as_str().unwrap().to_string();
        (text, warnings.iter().map(|w| w.code).collect())
    }

    #[test]
    fn cutting_a_value_cannot_complete_a_link() {
        // Property test find (tests/properties.rs): `李` kept `xn--…李a` from being a
        // punycode label; cut to 20 characters, the value became the undefanged link
        // `A.xn--80ak6aa92ewww…`.
        let (once, warnings) = shown("A.xn--80ak6aa92ewww李a");
        assert_eq!(once, "A[.]xn--80ak6aa92ew…");
        assert!(warnings.contains(&"truncated"), "{warnings:?}");
        assert!(warnings.contains(&"defanged_link"), "{warnings:?}");
        // A change already reported is not reported twice.
        let (_, warnings) = shown("bit.ly/x A.xn--80ak6aa92ewww李a");
        let links = warnings.iter().filter(|w| **w == "defanged_link").count();
        assert_eq!(links, 1, "{warnings:?}");
        // Neutralising twice changes nothing.
        assert_eq!(shown(&once).0, once);
    }
}
