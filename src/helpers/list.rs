//! `{{list items}}`: joins a list the way the locale does ("A, B, and C", "A、B和C").

use super::{arg, type_error};
use crate::format::Formatter;
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;
use std::sync::Arc;

pub struct List(pub Arc<Formatter>);

impl HelperDef for List {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let param = arg(h, 0)?;
        let Value::Array(items) = param.value() else {
            return Err(type_error(h, param, "a list"));
        };
        let texts: Vec<String> = items
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Ok(ScopedJson::Derived(Value::String(self.0.list(&refs))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn joins_per_locale() {
        let data = json!({"xs": ["A", "B", "C"]});
        assert_eq!(
            render("en", "{{list xs}}", data.clone()).unwrap(),
            "A, B, and C"
        );
        assert_eq!(render("zh-CN", "{{list xs}}", data).unwrap(), "A、B和C");
        assert_eq!(render("en", "{{list xs}}", json!({"xs": []})).unwrap(), "");
    }
}
