//! `{{money m}}`: a money value `{ amount, currency }` in the locale's currency format,
//! or in an SMS the destination market's form for that currency (`2,500.00元`).

use super::{Call, text_value};
use crate::error::Error;
use crate::template::value::Val;
use serde_json::Value;

pub fn money<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (v, path) = c.arg(0)?;
    let want = "money: { amount, currency }";
    let (amount, currency) = match &**v {
        Value::Object(m) => match (m.get("amount"), m.get("currency")) {
            (Some(Value::Number(n)), Some(Value::String(cur))) => (n.to_string(), cur.as_str()),
            (Some(Value::String(s)), Some(Value::String(cur)))
                if crate::validate::is_decimal(s) =>
            {
                (s.clone(), cur.as_str())
            }
            _ => return Err(c.type_error(v, path, want)),
        },
        other => return Err(c.type_error(other, path, want)),
    };
    let form = c.sms_market.and_then(|m| {
        m.money
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(currency))
            .map(|(_, form)| form.as_str())
    });
    let s = match form {
        Some(form) => c.fmt.money_as(&amount, currency, form),
        None => c.fmt.money(&amount, currency),
    }
    .map_err(|e| c.format_failed(path, e))?;
    Ok(text_value(s))
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
