//! `{{lookup object key}}`: `object[key]` for a key that is not a plain name, or that
//! comes from the data, as Handlebars.js's built-in reads it (missing → nothing).

use super::super::value::Val;
use super::Call;
use crate::error::Error;
use serde_json::Value;

pub fn lookup<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let object = c.args.first().and_then(|a| a.value.clone());
    let key = c.args.get(1).and_then(|a| a.value.as_ref());
    let Some(object) = object else {
        return Ok(Val::Ref(&Value::Null));
    };
    // Handlebars.js: `if (!obj) return obj;` — a falsy object is the result itself.
    if !super::super::value::truthy(Some(&object), false) {
        return Ok(object);
    }
    let Some(key) = key else {
        return Ok(Val::Ref(&Value::Null));
    };
    let key = match &**key {
        Value::String(s) => s.clone(),
        Value::Number(n) => {
            let mut s = String::new();
            super::super::value::write_number(&mut s, n);
            s
        }
        Value::Bool(b) => b.to_string(),
        _ => return Ok(Val::Ref(&Value::Null)),
    };
    Ok(object.get(&key).unwrap_or(Val::Ref(&Value::Null)))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn reads_keys_and_positions() {
        let data = json!({"o": {"a b": "x"}, "xs": ["p", "q"], "k": "a b", "i": 1});
        assert_eq!(
            render(
                "en",
                "{{lookup o k}}{{lookup xs i}}{{lookup xs \"length\"}}",
                data.clone()
            )
            .unwrap(),
            "xq2"
        );
        assert_eq!(render("en", "[{{lookup o \"nope\"}}]", data).unwrap(), "[]");
    }
}
