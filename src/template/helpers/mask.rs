//! `{{maskPhone p}}`, `{{maskAccount a}}`, `{{maskName n}}`: hide all but the parts a
//! recipient needs to recognise the value (rules in `crate::mask`).

use super::{Call, text_value};
use crate::error::Error;
use crate::template::value::Val;

pub fn mask_phone<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    Ok(text_value(crate::mask::mask_phone(&c.text(0)?)))
}

pub fn mask_account<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    Ok(text_value(crate::mask::mask_account(&c.text(0)?)))
}

pub fn mask_name<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    Ok(text_value(crate::mask::mask_name(&c.text(0)?)))
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
