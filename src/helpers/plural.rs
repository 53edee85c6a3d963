//! `{{plural n one="# item" other="# items"}}`: picks the text for the CLDR plural
//! category of `n` in the locale; `#` in it becomes the formatted number.

use super::{decimal, fail, format_failed};
use crate::error::{Error, ErrorKind};
use crate::format::Formatter;
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;
use std::sync::Arc;

pub struct Plural(pub Arc<Formatter>);

impl HelperDef for Plural {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let (value, path) = decimal(h, 0)?;
        let category = self
            .0
            .plural(&value)
            .map_err(|e| format_failed("plural", path.as_ref(), e))?;
        let text = h
            .hash_get(category)
            .or_else(|| h.hash_get("other"))
            .and_then(|v| v.value().as_str())
            .ok_or_else(|| {
                fail(Error::new(
                    ErrorKind::HelperArguments,
                    format!(
                        "plural needs text for `{category}` or `other`, e.g. other=\"# items\""
                    ),
                ))
            })?;
        let out = if text.contains('#') {
            let n = self
                .0
                .number(&value, None)
                .map_err(|e| format_failed("plural", path.as_ref(), e))?;
            text.replace('#', &n)
        } else {
            text.to_string()
        };
        Ok(ScopedJson::Derived(Value::String(out)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    const SRC: &str = r##"{{plural n one="# change" other="# changes"}}"##;

    #[test]
    fn english_one_and_other() {
        assert_eq!(render("en", SRC, json!({"n": 1})).unwrap(), "1 change");
        assert_eq!(
            render("en", SRC, json!({"n": 1200})).unwrap(),
            "1,200 changes"
        );
        assert_eq!(render("en", SRC, json!({"n": 0})).unwrap(), "0 changes");
    }

    #[test]
    fn chinese_uses_other() {
        assert_eq!(
            render("zh-CN", r##"{{plural n other="#项"}}"##, json!({"n": 1})).unwrap(),
            "1项"
        );
    }

    #[test]
    fn missing_texts_are_an_error() {
        assert!(
            render("en", "{{plural n}}", json!({"n": 2}))
                .unwrap_err()
                .contains("other")
        );
    }
}
