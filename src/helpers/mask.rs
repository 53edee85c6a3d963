//! `{{maskPhone p}}`, `{{maskAccount a}}`, `{{maskName n}}`: hide all but the parts a
//! recipient needs to recognise the value (rules in `crate::mask`).

use super::text;
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;

pub struct Mask(pub fn(&str) -> String);

impl HelperDef for Mask {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let value = text(h, 0)?;
        Ok(ScopedJson::Derived(Value::String((self.0)(&value))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn masks() {
        assert_eq!(
            render("en", "{{maskPhone p}}", json!({"p": "13812345678"})).unwrap(),
            "138****5678"
        );
        assert_eq!(
            render(
                "en",
                "{{maskAccount a}}",
                json!({"a": "6222 0212 3456 7890"})
            )
            .unwrap(),
            "****7890"
        );
        assert_eq!(
            render("zh-CN", "{{maskName n}}", json!({"n": "张三丰"})).unwrap(),
            "张**"
        );
    }
}
