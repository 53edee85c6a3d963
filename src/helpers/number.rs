//! `{{number n decimals=2}}`: a grouped number in the locale's style.

use super::{decimal, format_failed};
use crate::format::Formatter;
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use std::sync::Arc;

pub struct Number(pub Arc<Formatter>);

impl HelperDef for Number {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let (value, path) = decimal(h, 0)?;
        let decimals = match h.hash_get("decimals").map(|d| d.value()) {
            None => None,
            Some(d) => match d.as_u64() {
                Some(n) if n <= 20 => Some(n as u8),
                _ => {
                    let e = crate::format::FormatError::Number(format!(
                        "decimals must be a whole number from 0 to 20, not {d}"
                    ));
                    return Err(format_failed("number", path.as_ref(), e));
                }
            },
        };
        let s = self
            .0
            .number(&value, decimals)
            .map_err(|e| format_failed("number", path.as_ref(), e))?;
        Ok(ScopedJson::Derived(serde_json::Value::String(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn groups_per_locale() {
        assert_eq!(
            render("en", "{{number n}}", json!({"n": 1234567.5})).unwrap(),
            "1,234,567.5"
        );
        assert_eq!(
            render("zh-CN", "{{number n decimals=2}}", json!({"n": "1234"})).unwrap(),
            "1,234.00"
        );
    }

    #[test]
    fn rejects_non_numbers() {
        let e = render("en", "{{number n}}", json!({"n": "many"})).unwrap_err();
        assert!(e.contains("expects a number"), "{e}");
        let e = render("en", "{{number n decimals=-1}}", json!({"n": 1})).unwrap_err();
        assert!(e.contains("decimals"), "{e}");
    }
}
