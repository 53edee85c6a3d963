//! `{{list items}}`: joins a list the way the locale does ("A, B, and C", "A、B和C").

use super::{Call, text_value};
use crate::error::Error;
use crate::template::value::Val;
use serde_json::Value;

pub fn list<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (v, path) = c.arg(0)?;
    let Value::Array(items) = &**v else {
        return Err(c.type_error(v, path, "a list"));
    };
    let texts: Vec<String> = items
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    Ok(text_value(c.fmt.list(&refs)))
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
