//! `{{number n decimals=2}}`: a grouped number in the locale's style.

use super::{Call, text_value};
use crate::error::Error;
use crate::template::value::Val;

pub fn number<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (value, path) = c.decimal(0)?;
    let decimals = match c.hash("decimals") {
        None => None,
        Some(d) => match d.as_u64() {
            Some(n) if n <= 20 => Some(n as u8),
            _ => {
                let e = crate::format::FormatError::Number(format!(
                    "decimals must be a whole number from 0 to 20, not {}",
                    **d
                ));
                return Err(c.format_failed(path, e));
            }
        },
    };
    let s = c
        .fmt
        .number(&value, decimals)
        .map_err(|e| c.format_failed(path, e))?;
    Ok(text_value(s))
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
