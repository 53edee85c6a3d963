//! The tidings Handlebars helpers, one file each, registered per locale with that
//! locale's formatter. They all return values through `call_inner`, so Handlebars
//! escapes their output in HTML parts exactly like a plain variable.

mod blocks;
mod datetime;
mod list;
mod mask;
mod money;
mod number;
mod plural;

use crate::error::{Error, ErrorKind};
use crate::format::{FormatError, Formatter};
use handlebars::{Handlebars, Helper, RenderError, RenderErrorReason};
use std::sync::Arc;

/// Registers every tidings helper on `registry`, formatting for `fmt`'s locale.
pub fn register(registry: &mut Handlebars<'static>, fmt: &Arc<Formatter>, default_time_zone: &str) {
    // Replacing the built-in block helpers puts every loop and branch on the budget.
    registry.register_helper("each", Box::new(blocks::Each));
    registry.register_helper("if", Box::new(blocks::If { positive: true }));
    registry.register_helper("unless", Box::new(blocks::If { positive: false }));
    registry.register_helper("with", Box::new(blocks::With));
    registry.register_helper("number", Box::new(number::Number(fmt.clone())));
    registry.register_helper("money", Box::new(money::Money(fmt.clone())));
    for (name, what) in [
        ("datetime", crate::format::What::DateTime),
        ("date", crate::format::What::Date),
        ("time", crate::format::What::Time),
    ] {
        let helper = datetime::DateTime::new(fmt.clone(), what, default_time_zone);
        registry.register_helper(name, Box::new(helper));
    }
    registry.register_helper("plural", Box::new(plural::Plural(fmt.clone())));
    registry.register_helper("list", Box::new(list::List(fmt.clone())));
    registry.register_helper("maskPhone", Box::new(mask::Mask(crate::mask::mask_phone)));
    registry.register_helper(
        "maskAccount",
        Box::new(mask::Mask(crate::mask::mask_account)),
    );
    registry.register_helper("maskName", Box::new(mask::Mask(crate::mask::mask_name)));
}

/// A helper failure carrying a tidings error, so the renderer can recover its kind
/// and variable path after Handlebars adds the line and column.
fn fail(error: Error) -> RenderError {
    RenderErrorReason::NestedError(Box::new(error)).into()
}

fn format_failed(helper: &str, path: Option<&String>, e: FormatError) -> RenderError {
    let mut error = Error::new(ErrorKind::Format, format!("{helper}: {e}"));
    if let Some(p) = path {
        error = error.with_path(p.clone());
    }
    fail(error)
}

/// The `index`th argument, which must be present (strict rendering).
fn arg<'a, 'rc>(
    h: &'a Helper<'rc>,
    index: usize,
) -> Result<&'a handlebars::PathAndJson<'rc>, RenderError> {
    let name = h.name().to_string();
    let param = h.param(index).ok_or_else(|| {
        fail(Error::new(
            ErrorKind::HelperArguments,
            format!("`{name}` needs argument {}", index + 1),
        ))
    })?;
    if param.is_value_missing() {
        let path = param.relative_path().cloned().unwrap_or_default();
        return Err(fail(
            Error::new(ErrorKind::MissingVariable, format!("`{path}` is missing")).with_path(path),
        ));
    }
    Ok(param)
}

fn type_error(h: &Helper<'_>, param: &handlebars::PathAndJson<'_>, want: &str) -> RenderError {
    let path = param
        .relative_path()
        .cloned()
        .unwrap_or_else(|| param.value().to_string());
    fail(
        Error::new(
            ErrorKind::WrongType,
            format!(
                "`{}` expects {want}; `{path}` is {}",
                h.name(),
                param.value()
            ),
        )
        .with_path(path),
    )
}

/// A number argument as a decimal string (JSON numbers and decimal strings).
fn decimal(h: &Helper<'_>, index: usize) -> Result<(String, Option<String>), RenderError> {
    let param = arg(h, index)?;
    let path = param.relative_path().cloned();
    match param.value() {
        serde_json::Value::Number(n) => Ok((n.to_string(), path)),
        serde_json::Value::String(s) if crate::validate::is_decimal(s) => Ok((s.clone(), path)),
        _ => Err(type_error(h, param, "a number")),
    }
}

fn text<'a>(h: &'a Helper<'_>, index: usize) -> Result<std::borrow::Cow<'a, str>, RenderError> {
    let param = arg(h, index)?;
    match param.value() {
        serde_json::Value::String(s) => Ok(std::borrow::Cow::Borrowed(s.as_str())),
        serde_json::Value::Number(n) => Ok(std::borrow::Cow::Owned(n.to_string())),
        _ => Err(type_error(h, param, "text")),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Renders one source with the helpers of one locale, for the helpers' tests.
    use super::*;

    pub fn render(locale: &str, source: &str, data: serde_json::Value) -> Result<String, String> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(handlebars::no_escape);
        let fmt = Arc::new(Formatter::new(locale).map_err(|e| e.to_string())?);
        register(&mut registry, &fmt, "Asia/Shanghai");
        registry
            .render_template(source, &data)
            .map_err(|e| match e.reason() {
                RenderErrorReason::NestedError(inner) => inner.to_string(),
                other => other.to_string(),
            })
    }
}
