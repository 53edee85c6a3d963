//! `{{len list}}`: the number of items of a list or object, or bytes of a text (as the
//! helper of the same name in handlebars-rust, which earlier templates were written for).

use super::super::value::Val;
use super::Call;
use crate::error::Error;
use serde_json::Value;

pub fn len<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (v, _) = c.arg(0)?;
    let n = match &**v {
        Value::Array(a) => a.len(),
        Value::Object(m) => m.len(),
        Value::String(s) => s.len(),
        _ => 0,
    };
    Ok(Val::owned(n.into()))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn counts_items() {
        let data = json!({"xs": [1, 2, 3], "o": {"a": 1}, "n": 3});
        assert_eq!(
            render("en", "{{len xs}} {{len o}} {{len n}}", data).unwrap(),
            "3 1 0"
        );
    }
}
