//! `{{money m}}`: a money value `{ amount, currency }` in the locale's currency format.

use super::{arg, format_failed, type_error};
use crate::format::Formatter;
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;
use std::sync::Arc;

pub struct Money(pub Arc<Formatter>);

impl HelperDef for Money {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let param = arg(h, 0)?;
        let path = param.relative_path();
        let (amount, currency) = match param.value() {
            Value::Object(m) => match (m.get("amount"), m.get("currency")) {
                (Some(Value::Number(n)), Some(Value::String(c))) => (n.to_string(), c.as_str()),
                (Some(Value::String(s)), Some(Value::String(c)))
                    if crate::validate::is_decimal(s) =>
                {
                    (s.clone(), c.as_str())
                }
                _ => return Err(type_error(h, param, "money: { amount, currency }")),
            },
            _ => return Err(type_error(h, param, "money: { amount, currency }")),
        };
        let s = self
            .0
            .money(&amount, currency)
            .map_err(|e| format_failed("money", path, e))?;
        Ok(ScopedJson::Derived(Value::String(s)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn formats_per_locale_and_currency() {
        let data = json!({"m": {"amount": "1234.5", "currency": "CNY"}});
        assert_eq!(
            render("zh-CN", "{{money m}}", data.clone()).unwrap(),
            "¥1,234.50"
        );
        assert_eq!(render("en", "{{money m}}", data).unwrap(), "CN¥1,234.50");
        let hkd = json!({"m": {"amount": 88, "currency": "HKD"}});
        assert_eq!(render("zh-TW", "{{money m}}", hkd).unwrap(), "HK$88.00");
    }

    #[test]
    fn rejects_what_is_not_money() {
        let e = render("en", "{{money m}}", json!({"m": 5})).unwrap_err();
        assert!(e.contains("expects money"), "{e}");
    }
}
