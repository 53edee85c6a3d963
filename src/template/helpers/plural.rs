//! `{{plural n one="# item" other="# items"}}`: picks the text for the CLDR plural
//! category of `n` in the locale; `#` in it becomes the formatted number.

use super::{Call, text_value};
use crate::error::{Error, ErrorKind};
use crate::template::value::Val;

pub fn plural<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (value, path) = c.decimal(0)?;
    let category = c.fmt.plural(&value).map_err(|e| c.format_failed(path, e))?;
    let text = c
        .hash(category)
        .or_else(|| c.hash("other"))
        .and_then(|v| v.as_str())
        .ok_or_else(|| {
            let wanted = if category == "other" {
                "`other`".to_string()
            } else {
                format!("`{category}` or `other`")
            };
            Error::new(
                ErrorKind::HelperArguments,
                format!("plural needs text for {wanted}, e.g. other=\"# items\""),
            )
        })?;
    let out = if text.contains('#') {
        let n = c
            .fmt
            .number(&value, None)
            .map_err(|e| c.format_failed(path, e))?;
        text.replace('#', &n)
    } else {
        text.to_string()
    };
    Ok(text_value(out))
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
