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
