//! `{{len list}}`: the number of items of a list or object, or characters of a text — what
//! a content editor counts (`张三` is 2; handlebars-rust's helper of this name counted
//! UTF-8 bytes, 6). `{{x.length}}` stays JavaScript's UTF-16 count.

use super::super::value::Val;
use super::Call;
use crate::error::Error;
use serde_json::Value;

pub fn len<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (v, _) = c.arg(0)?;
    let n = match &**v {
        Value::Array(a) => a.len(),
        Value::Object(m) => m.len(),
        Value::String(s) => s.chars().count(),
        _ => 0,
    };
    Ok(Val::owned(n.into()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn counts_characters_of_text() {
        let data = json!({"name": "张三", "e": "👍🏽", "a": "abc"});
        assert_eq!(
            render(
                "en",
                "{{len name}} {{len e}} {{len a}} {{name.length}}",
                data
            )
            .unwrap(),
            "2 2 3 2"
        );
    }

    #[test]
    fn counts_items() {
        let data = json!({"xs": [1, 2, 3], "o": {"a": 1}, "n": 3});
        assert_eq!(
            render("en", "{{len xs}} {{len o}} {{len n}}", data).unwrap(),
            "3 1 0"
        );
    }
}
