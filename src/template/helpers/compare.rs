//! `eq`, `ne`, `gt`, `gte`, `lt`, `lte`, `not`, `and`, `or`: conditions for `#if`. Numbers
//! (and decimal strings) compare as numbers, other strings as text; truthiness is
//! Handlebars.js's.

use super::super::value::{Val, truthy};
use super::Call;
use crate::error::Error;
use serde_json::Value;
use std::cmp::Ordering;

fn boolean<'a>(b: bool) -> Val<'a> {
    Val::owned(Value::Bool(b))
}

fn pair<'c, 'a>(c: &'c Call<'_, 'a>) -> Result<(&'c Value, &'c Value), Error> {
    Ok((&**c.arg(0)?.0, &**c.arg(1)?.0))
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => match (a, b) {
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            _ => None,
        },
    }
}

pub fn eq<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (a, b) = pair(c)?;
    Ok(boolean(a == b))
}

pub fn ne<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (a, b) = pair(c)?;
    Ok(boolean(a != b))
}

pub fn gt<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (a, b) = pair(c)?;
    Ok(boolean(compare(a, b) == Some(Ordering::Greater)))
}

pub fn gte<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (a, b) = pair(c)?;
    Ok(boolean(compare(a, b).is_some_and(|o| o != Ordering::Less)))
}

pub fn lt<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (a, b) = pair(c)?;
    Ok(boolean(compare(a, b) == Some(Ordering::Less)))
}

pub fn lte<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let (a, b) = pair(c)?;
    Ok(boolean(
        compare(a, b).is_some_and(|o| o != Ordering::Greater),
    ))
}

/// `not`, `and`, `or` read missing values as false: they are conditions.
pub fn not<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    let v = c.args.first().and_then(|a| a.value.as_deref());
    Ok(boolean(!truthy(v, false)))
}

pub fn and<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    Ok(boolean(
        c.args.iter().all(|a| truthy(a.value.as_deref(), false)),
    ))
}

pub fn or<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    Ok(boolean(
        c.args.iter().any(|a| truthy(a.value.as_deref(), false)),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn compares_numbers_as_numbers_and_text_as_text() {
        let data = json!({"n": 10, "s": "9", "a": "apple", "b": "banana"});
        assert_eq!(
            render(
                "en",
                "{{gt n s}} {{lt a b}} {{eq n 10}} {{ne a b}}",
                data.clone()
            )
            .unwrap(),
            "true true true true"
        );
        assert_eq!(
            render("en", "{{gte n 10}} {{lte n 9}} {{gt a n}}", data).unwrap(),
            "true false false"
        );
    }

    #[test]
    fn logic_reads_truthiness() {
        let data = json!({"t": true, "z": 0, "e": ""});
        assert_eq!(
            render("en", "{{not z}} {{and t z}} {{or e t}}", data).unwrap(),
            "true false true"
        );
    }
}
