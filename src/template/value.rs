//! Values as Handlebars.js sees them: how they print (`String(value)` in JavaScript:
//! numbers as JS writes them, arrays joined with `,`, objects as `[object Object]`),
//! which are truthy for `#if` and empty for `#with`, and what a path segment reads
//! (object keys, `length` and positions of arrays and strings).

use serde_json::Value;
use std::rc::Rc;

/// A value during rendering: borrowed from the data or the program, or made by a
/// helper or a lookup (`items.length`).
#[derive(Debug, Clone)]
pub enum Val<'a> {
    Ref(&'a Value),
    Own(Rc<Value>),
}

impl std::ops::Deref for Val<'_> {
    type Target = Value;
    fn deref(&self) -> &Value {
        match self {
            Val::Ref(v) => v,
            Val::Own(v) => v,
        }
    }
}

impl<'a> Val<'a> {
    pub fn owned(v: Value) -> Val<'a> {
        Val::Own(Rc::new(v))
    }

    /// The same value (identity for data, equality for made values): a block whose
    /// context is the same value adds no `../` level, as in Handlebars.js.
    pub fn same(&self, other: &Val<'_>) -> bool {
        match (self, other) {
            (Val::Ref(a), Val::Ref(b)) => std::ptr::eq(*a, *b),
            (Val::Own(a), Val::Own(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// `self[segment]`, as Handlebars.js's `lookupProperty` reads it.
    pub fn get(&self, segment: &str) -> Option<Val<'a>> {
        match self {
            Val::Ref(v) => get(v, segment).map(|r| match r {
                Got::Ref(x) => Val::Ref(x),
                Got::Made(x) => Val::owned(x),
            }),
            Val::Own(v) => get(v, segment).map(|r| match r {
                Got::Ref(x) => Val::owned(x.clone()),
                Got::Made(x) => Val::owned(x),
            }),
        }
    }
}

enum Got<'a> {
    Ref(&'a Value),
    Made(Value),
}

fn index(segment: &str) -> Option<usize> {
    // Only canonical array indices: `01` and `+1` are keys, not positions, in JS.
    let canonical = segment == "0" || !segment.starts_with('0');
    canonical
        .then(|| segment.parse::<usize>().ok())
        .flatten()
        .filter(|_| segment.bytes().all(|b| b.is_ascii_digit()))
}

fn get<'a>(v: &'a Value, segment: &str) -> Option<Got<'a>> {
    match v {
        Value::Object(map) => map.get(segment).map(Got::Ref),
        Value::Array(items) if segment == "length" => Some(Got::Made(items.len().into())),
        Value::Array(items) => index(segment).and_then(|i| items.get(i)).map(Got::Ref),
        Value::String(s) if segment == "length" => Some(Got::Made(s.encode_utf16().count().into())),
        Value::String(s) => {
            let i = index(segment)?;
            let unit = s.encode_utf16().nth(i)?;
            char::from_u32(u32::from(unit)).map(|c| Got::Made(Value::String(c.to_string())))
        }
        _ => None,
    }
}

/// `#if`: false, null, 0, "" and [] are false (0 is true with `includeZero=true`).
pub fn truthy(v: Option<&Value>, include_zero: bool) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => include_zero || n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(_)) => true,
    }
}

/// Handlebars.js's `isEmpty` (`#with`): like `!truthy`, except that 0 is not empty.
pub fn is_empty(v: Option<&Value>) -> bool {
    !truthy(v, true)
}

/// Appends `v` as JavaScript's `String(v)` writes it (null and missing print nothing).
pub fn write(out: &mut String, v: &Value) {
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
        }
        Value::Object(_) => out.push_str("[object Object]"),
    }
}

/// A JSON number as JavaScript prints it: JSON numbers are doubles there, so integers
/// past 2^53 print rounded, `1.0` prints `1` and `1e21` prints `1e+21`.
pub fn write_number(out: &mut String, n: &serde_json::Number) {
    const SAFE: u64 = 1 << 53;
    if let Some(u) = n.as_u64().filter(|u| *u <= SAFE) {
        out.push_str(&u.to_string());
    } else if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= SAFE) {
        out.push_str(&i.to_string());
    } else {
        write_f64(out, n.as_f64().unwrap_or(f64::NAN));
    }
}

/// ECMAScript's Number::toString for a finite double.
pub fn write_f64(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    if x.is_infinite() {
        out.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    // Rust's `{:e}` gives the shortest round-trip digits, as JS does.
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exponent.parse::<i32>().unwrap_or(0) + 1;
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
}

/// Appends `text` with Handlebars.js's `escapeExpression` applied.
pub fn write_escaped(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let with = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            b'`' => "&#x60;",
            b'=' => "&#x3D;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(with);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn show(v: Value) -> String {
        let mut s = String::new();
        write(&mut s, &v);
        s
    }

    #[test]
    fn values_print_as_javascript_prints_them() {
        assert_eq!(show(json!([1, [2, 3], null, "a"])), "1,2,3,,a");
        assert_eq!(show(json!([])), "");
        assert_eq!(show(json!({"a": 1})), "[object Object]");
        assert_eq!(show(json!([{"a": 1}])), "[object Object]");
        assert_eq!(show(json!(true)), "true");
        assert_eq!(show(json!(null)), "");
        assert_eq!(show(json!(1.0)), "1");
        assert_eq!(show(json!(1.5)), "1.5");
        assert_eq!(show(json!(-0.0)), "0");
        assert_eq!(show(json!(1e21)), "1e+21");
        assert_eq!(show(json!(1e20)), "100000000000000000000");
        assert_eq!(show(json!(1e-7)), "1e-7");
        assert_eq!(show(json!(0.000001)), "0.000001");
        assert_eq!(show(json!(1.5e-10)), "1.5e-10");
        assert_eq!(show(json!(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(show(json!(12345678901234567890u64)), "12345678901234567000");
        assert_eq!(show(json!(-42)), "-42");
    }

    #[test]
    fn truthiness_and_emptiness() {
        for v in [json!(false), json!(null), json!(0), json!(""), json!([])] {
            assert!(!truthy(Some(&v), false), "{v}");
        }
        for v in [json!({}), json!([0]), json!("0"), json!(-1), json!(0.5)] {
            assert!(truthy(Some(&v), false), "{v}");
        }
        assert!(truthy(Some(&json!(0)), true));
        assert!(!is_empty(Some(&json!(0))));
        assert!(is_empty(None));
    }

    #[test]
    fn segments_read_keys_lengths_and_positions() {
        let v = json!({"a": [10, 20], "s": "héllo"});
        let root = Val::Ref(&v);
        let a = root.get("a").unwrap();
        assert_eq!(*a.get("length").unwrap(), json!(2));
        assert_eq!(*a.get("1").unwrap(), json!(20));
        assert!(a.get("01").is_none());
        assert_eq!(*root.get("s").unwrap().get("length").unwrap(), json!(5));
        assert_eq!(*root.get("s").unwrap().get("1").unwrap(), json!("é"));
        assert!(root.get("missing").is_none());
    }

    #[test]
    fn escaping_matches_escape_expression() {
        let mut s = String::new();
        write_escaped(&mut s, "a&<>\"'`=b");
        assert_eq!(s, "a&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D;b");
    }
}
