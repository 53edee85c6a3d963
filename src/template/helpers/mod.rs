//! The helpers a template may call, one file each. Their names, arities and argument
//! kinds are declared once, in `check::HELPERS`, and checked when a template compiles;
//! here each name maps to the function the evaluator calls. A helper returns a value,
//! which the evaluator prints (and escapes in HTML parts) like any other.

mod compare;
mod datetime;
mod len;
mod list;
mod lookup;
mod mask;
mod money;
mod number;
mod plural;

use super::value::Val;
use crate::error::{Error, ErrorKind};
use crate::format::{FormatError, Formatter};
use serde_json::Value;
use std::borrow::Cow;

pub use datetime::Memo;

/// One argument: its value (`None` when the data has none) and the path it was read from.
pub struct Arg<'a> {
    pub value: Option<Val<'a>>,
    pub path: Option<&'a str>,
}

/// A helper call: the arguments, the hash options and the locale's formatter.
pub struct Call<'c, 'a> {
    pub name: &'c str,
    pub args: &'c [Arg<'a>],
    pub hash: &'c [(&'a str, Arg<'a>)],
    pub fmt: &'c Formatter,
    /// The zone dates are shown in (the data's `timeZone`, else the catalog's).
    pub zone: &'c str,
    pub memo: Option<&'c Memo>,
    /// The SMS's destination market (see `eval::Env::sms_market`).
    pub sms_market: Option<&'c crate::catalog::model::MarketRules>,
}

pub type Helper = for<'c, 'a> fn(&Call<'c, 'a>) -> Result<Val<'a>, Error>;

/// The function of a helper `check::HELPERS` declares (block helpers are nodes of the
/// program, not functions).
pub fn get(name: &str) -> Option<Helper> {
    Some(match name {
        "number" => number::number,
        "money" => money::money,
        "datetime" => datetime::datetime,
        "date" => datetime::date,
        "time" => datetime::time,
        "plural" => plural::plural,
        "list" => list::list,
        "maskPhone" => mask::mask_phone,
        "maskAccount" => mask::mask_account,
        "maskName" => mask::mask_name,
        "eq" => compare::eq,
        "ne" => compare::ne,
        "gt" => compare::gt,
        "gte" => compare::gte,
        "lt" => compare::lt,
        "lte" => compare::lte,
        "not" => compare::not,
        "and" => compare::and,
        "or" => compare::or,
        "len" => len::len,
        "lookup" => lookup::lookup,
        _ => return None,
    })
}

impl<'a> Call<'_, 'a> {
    /// The `index`th argument, which must have a value (helpers are strict).
    fn arg(&self, index: usize) -> Result<(&Val<'a>, Option<&'a str>), Error> {
        let Some(arg) = self.args.get(index) else {
            return Err(Error::new(
                ErrorKind::HelperArguments,
                format!("`{}` needs argument {}", self.name, index + 1),
            ));
        };
        match &arg.value {
            Some(v) => Ok((v, arg.path)),
            None => {
                let path = arg.path.unwrap_or_default().to_string();
                Err(
                    Error::new(ErrorKind::MissingVariable, format!("`{path}` is missing"))
                        .with_path(path),
                )
            }
        }
    }

    /// A hash option's value, when given and not missing.
    fn hash(&self, key: &str) -> Option<&Val<'a>> {
        self.hash
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, a)| a.value.as_ref())
    }

    fn type_error(&self, value: &Value, path: Option<&str>, want: &str) -> Error {
        let path = path.map_or_else(|| value.to_string(), str::to_string);
        Error::new(
            ErrorKind::WrongType,
            format!("`{}` expects {want}; `{path}` is {value}", self.name),
        )
        .with_path(path)
    }

    fn format_failed(&self, path: Option<&str>, e: FormatError) -> Error {
        let error = Error::new(ErrorKind::Format, format!("{}: {e}", self.name));
        match path {
            Some(p) => error.with_path(p.to_string()),
            None => error,
        }
    }

    /// A number argument as a decimal string (JSON numbers and decimal strings).
    fn decimal(&self, index: usize) -> Result<(Cow<'_, str>, Option<&'a str>), Error> {
        let (v, path) = self.arg(index)?;
        match &**v {
            Value::Number(n) => Ok((Cow::Owned(n.to_string()), path)),
            Value::String(s) if crate::validate::is_decimal(s) => Ok((Cow::Borrowed(s), path)),
            other => Err(self.type_error(other, path, "a number")),
        }
    }

    fn text(&self, index: usize) -> Result<Cow<'_, str>, Error> {
        let (v, path) = self.arg(index)?;
        match &**v {
            Value::String(s) => Ok(Cow::Borrowed(s.as_str())),
            Value::Number(n) => Ok(Cow::Owned(n.to_string())),
            other => Err(self.type_error(other, path, "text")),
        }
    }
}

fn text_value<'a>(s: String) -> Val<'a> {
    Val::owned(Value::String(s))
}

#[cfg(test)]
pub(crate) mod testing {
    //! Renders one source with the helpers of one locale, for the helpers' tests.
    use crate::format::Formatter;

    pub fn render(locale: &str, source: &str, data: serde_json::Value) -> Result<String, String> {
        let fmt = Formatter::new(
            &crate::format::LocaleData::compiled(),
            crate::format::tests::all_zones(),
            locale,
            &crate::format::tests::currencies(),
        )
        .map_err(|e| e.to_string())?;
        let program = crate::template::compile_source(source, None, &[], &[], false)
            .map_err(|e| e.message.clone())?;
        let memo = super::Memo::default();
        let env = crate::template::eval::Env {
            fmt: &fmt,
            default_zone: "Asia/Shanghai",
            strict: true,
            partials: &|_| None,
            memo: Some(&memo),
            market: None,
            sms_market: None,
        };
        let mut out = String::new();
        crate::template::eval::render(&program, &data, &env, &mut out).map_err(|e| e.message)?;
        Ok(out)
    }
}
