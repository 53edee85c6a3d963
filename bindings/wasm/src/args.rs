//! Every argument a JS caller passes, checked and converted before it reaches the Rust
//! API, and every result and error converted back (`output`, `to_js_error`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use tidings::{Error, ErrorKind, LocaleRequest};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // Extern types of optional parameters: `Option<T>` of one of them is an optional
    // parameter in TypeScript (`options?: RenderOptions`) and crosses as a plain JS
    // reference, checked by this file like every other argument.
    #[wasm_bindgen(typescript_type = "RenderOptions")]
    pub type RenderOptionsArg;
    #[wasm_bindgen(typescript_type = "TemplateOptions")]
    pub type TemplateOptionsArg;
    #[wasm_bindgen(typescript_type = "BatchDefaults")]
    pub type BatchDefaultsArg;
    #[wasm_bindgen(typescript_type = "string")]
    pub type StringArg;
}

#[wasm_bindgen]
extern "C" {
    // What this file asks of a caller's value, with `catch`: on a revoked Proxy even
    // `Array.isArray` throws, and an exception that unwinds through WASM frames leaks
    // their stack (a thousand such calls and the instance is dead).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub(crate) fn is_array_of(value: &JsValue) -> Result<bool, JsValue>;
    /// True only for a real typed array or DataView (never for a Proxy of one).
    #[wasm_bindgen(catch, js_namespace = ArrayBuffer, js_name = isView)]
    pub(crate) fn is_view(value: &JsValue) -> Result<bool, JsValue>;
}

/// `Array.isArray`, false when even asking throws (a revoked Proxy).
pub(crate) fn is_array(value: &JsValue) -> bool {
    is_array_of(value).unwrap_or(false)
}

/// Whether `value` throws for every question (a revoked Proxy): refused up front.
pub(crate) fn unreadable(value: &JsValue) -> bool {
    value.is_object() && is_array_of(value).is_err()
}

/// An optional parameter as a plain `JsValue` (`undefined` when absent).
pub(crate) fn given(value: Option<impl Into<JsValue>>) -> JsValue {
    value.map(Into::into).unwrap_or_default()
}

/// The one mapping from a tidings error to a JS `Error` with properties.
pub(crate) fn to_js_error(e: &Error) -> JsValue {
    let js = js_sys::Error::new(&e.to_string());
    js.set_name("TidingsError");
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("code", e.code().into());
    set("reason", e.message.as_str().into());
    set("detail", e.long().into());
    let opt = |v: &Option<String>| {
        v.as_deref()
            .map(JsValue::from_str)
            .unwrap_or(JsValue::UNDEFINED)
    };
    set("messageId", opt(&e.message_id));
    set("locale", opt(&e.locale));
    set("channel", opt(&e.channel));
    set("part", opt(&e.part));
    set("path", opt(&e.path));
    set(
        "line",
        e.line.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
    );
    set(
        "column",
        e.column.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
    );
    js.into()
}

// Every argument is taken as a `JsValue` and checked here, before any copy into WASM
// memory: wasm-bindgen's own `&str` glue allocates `arg.length` bytes and then traps
// (and leaks) when the argument is not a string, and copies a string of any size.

/// Longest string argument (message id, locale, part name), in UTF-16 units.
pub(crate) const MAX_NAME: u32 = 1024;
/// Longest template source argument: a little more than the checker accepts, so that
/// the checker, not this layer, says how large a source may be.
pub(crate) const MAX_SOURCE: u32 = 2 * tidings::MAX_SOURCE_LEN as u32;
/// Longest SMS text `smsInfo` reads (255 parts, the most a concatenated SMS can have,
/// are under 41,000 characters).
pub(crate) const MAX_SMS_TEXT: u32 = 1 << 20;
/// Largest JSON form of a data object, a locale request, options or batch defaults.
pub(crate) const MAX_JSON: u32 = 16 << 20;
/// Largest chunk `renderChunk` takes (the CLI sends 256 KiB).
pub(crate) const MAX_CHUNK: u32 = 16 << 20;

pub(crate) fn invalid(what: &str, message: impl std::fmt::Display) -> JsValue {
    to_js_error(&Error::new(
        ErrorKind::InvalidInput,
        format!("{what}: {message}"),
    ))
}

/// What a JS value is, for error messages.
pub(crate) fn kind(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if unreadable(value) {
        "a revoked Proxy".into()
    } else if is_array(value) {
        "an array".into()
    } else {
        match value.js_typeof().as_string().as_deref() {
            Some("object") => format!("an object ({})", tag(value)),
            Some(t) => format!("a {t}"),
            None => "a value of unknown type".into(),
        }
    }
}

/// `Object.prototype.toString` of a value (`[object Map]`), or why it failed (a
/// Proxy's trap may throw).
pub(crate) fn tag(value: &JsValue) -> String {
    // Object.prototype.toString, reached through a fresh object (the value's own
    // `toString` may be anything), looked up once: every object argument asks.
    thread_local! {
        static TO_STRING: Option<js_sys::Function> =
            js_sys::Reflect::get(&js_sys::Object::new(), &"toString".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    }
    TO_STRING
        .with(|f| f.as_ref().and_then(|f| f.call0(value).ok()))
        .and_then(|t| t.as_string())
        .unwrap_or_else(|| "unreadable".into())
}

// `JSON.stringify` with a replacer that runs in JS (a closure of this module would cross
// into WASM for every value): it refuses NaN and ±Infinity, which JSON would silently
// write as `null`, and stops as soon as the JSON is sure to be longer than `max` — counted
// from below (a member's key and quotes, a string's characters and quotes, a comma
// between array elements, `null`, `true`, `false`, brackets, a digit), so a value within the bound
// is never refused, and a huge one is refused without being read to its end. (An invalid
// Date is `null` to JSON before any check can see it.)
#[wasm_bindgen(inline_js = r#"
export function boundedJson(value, max) {
  let left = max;
  return JSON.stringify(value, function (key, v) {
    const t = typeof v;
    if (t === 'number' && !Number.isFinite(v)) {
      throw new TypeError(`${key === '' ? 'the value' : '`' + key.slice(0, 100) + '`'} is ${v}, not a finite number`);
    }
    // An array or a typed array too long for what is left is refused before its elements
    // are visited: at least a character and a comma each, `"i":d,` for a typed array's.
    if (t === 'object' && v !== null) {
      const least = Array.isArray(v) ? 2 * v.length - 1 : ArrayBuffer.isView(v) && typeof v.length === 'number' ? 5 * v.length : 0;
      if (least > left) throw new RangeError(`is longer than ${max} characters as JSON; at most ${max} are accepted`);
    }
    const inArray = Array.isArray(this);
    const omitted = v === undefined || t === 'function' || t === 'symbol';
    if (inArray) left -= key === '0' ? 0 : 1;
    else if (key !== '' && !omitted) left -= key.length + 3;
    if (t === 'string') left -= v.length + 2;
    else if (omitted) left -= inArray ? 4 : 0;
    else if (v === null || v === true) left -= 4;
    else if (v === false) left -= 5;
    else if (t === 'object') left -= 2;
    else left -= 1;
    if (left < 0) throw new RangeError(`is longer than ${max} characters as JSON; at most ${max} are accepted`);
    return v;
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = boundedJson)]
    fn bounded_json(value: &JsValue, max: u32) -> Result<JsValue, JsValue>;
}

/// The JSON text of `value` (`undefined` when it has none: a function, a `toJSON` giving
/// undefined), refusing non-finite numbers and anything longer than `MAX_JSON`.
pub(crate) fn strict_json(value: &JsValue) -> Result<JsValue, JsValue> {
    bounded_json(value, MAX_JSON)
}

/// A string argument of at most `max` UTF-16 units.
pub(crate) fn text(what: &str, value: &JsValue, max: u32) -> Result<String, JsValue> {
    if !value.is_string() {
        return Err(invalid(
            what,
            format!("must be a string, not {}", kind(value)),
        ));
    }
    let length = value.unchecked_ref::<js_sys::JsString>().length();
    if length > max {
        return Err(invalid(
            what,
            format!("is {length} characters long; at most {max} are accepted"),
        ));
    }
    value
        .as_string()
        .ok_or_else(|| invalid(what, "is not valid UTF-16 (a lone surrogate?)"))
}

/// A string argument that may be absent (`undefined` or `null`).
pub(crate) fn optional_text(
    what: &str,
    value: &JsValue,
    max: u32,
) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    text(what, value, max).map(Some)
}

/// Every structured value crosses as JSON text: `serde_json` then applies its
/// recursion limit (a deeply nested value is an error, not a stack overflow that would
/// kill the instance) and `deny_unknown_fields` (a misspelt option such as
/// `escpae: 'html'` is an error rather than silently ignored). `strict_json` refuses
/// NaN and Infinity, which JSON would silently turn into `null`.
pub(crate) fn input<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T, JsValue> {
    let json = strict_json(value).map_err(|e| {
        // What was thrown is the caller's: read its message without trusting it.
        let why = js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "it cannot be written as JSON".into());
        invalid(what, tidings::clip(&why, 200))
    })?;
    if json.is_undefined() {
        return Err(invalid(what, format!("has no JSON form ({})", kind(value))));
    }
    let text = self::text(what, &json, MAX_JSON)?;
    serde_json::from_str(&text).map_err(|e| invalid(what, e))
}

/// A plain object (`{…}`): a Map, a Set, a Date, an array or a number given where an
/// object of named fields is expected is an error, not silently `{}`.
pub(crate) fn object<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T, JsValue> {
    let plain = value.is_object()
        && !unreadable(value)
        && !is_array(value)
        && value.js_typeof().as_string().as_deref() == Some("object")
        && tag(value) == "[object Object]";
    if !plain {
        return Err(invalid(
            what,
            format!("must be a plain object, not {}", kind(value)),
        ));
    }
    input(what, value)
}

/// An options-like object that may be absent.
pub(crate) fn optional<T: DeserializeOwned + Default>(
    what: &str,
    value: &JsValue,
) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    object(what, value)
}

pub(crate) fn output<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // One JSON text and one `JSON.parse`: building the object from Rust field by field
    // (serde-wasm-bindgen) crossed into JS for every field and took about half of a
    // `render()` call. Maps become plain objects, so `templates['zh-CN'].sms` works.
    let failed = |e: String| {
        to_js_error(&Error::new(
            ErrorKind::Render,
            format!("result conversion: {e}"),
        ))
    };
    let json = serde_json::to_string(value).map_err(|e| failed(e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| failed("JSON.parse refused the result".into()))
}

pub(crate) fn data(value: &JsValue) -> Result<serde_json::Value, JsValue> {
    // `undefined` means "no variables"; anything else must be a plain object.
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    object("data", value)
}

/// A locale tag or a list of tags.
pub(crate) fn locale_request(what: &str, value: &JsValue) -> Result<LocaleRequest, JsValue> {
    if value.is_string() {
        return text(what, value, MAX_NAME).map(LocaleRequest::One);
    }
    if !is_array(value) {
        return Err(invalid(
            what,
            format!(
                "must be a locale tag or an array of tags, not {}",
                kind(value)
            ),
        ));
    }
    input(what, value)
}

/// A line number: a whole number from 1 to 2^53 − 1 (`undefined` is 1).
pub(crate) fn line_number(value: &JsValue) -> Result<u64, JsValue> {
    if value.is_undefined() {
        return Ok(1);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&n) => Ok(n as u64),
        _ => Err(invalid(
            "firstLine",
            format!(
                "must be a whole number from 1 to 2^53 − 1, not {}",
                value
                    .as_f64()
                    .map_or_else(|| kind(value), |n| n.to_string())
            ),
        )),
    }
}

/// A `Uint8Array` argument (or a Buffer) of at most `max` bytes, copied into WASM memory.
pub(crate) fn bytes(what: &str, value: &JsValue, max: usize) -> Result<Vec<u8>, JsValue> {
    // `isView` first: a Proxy of a Uint8Array passes `instanceof` but throws on use.
    let genuine = is_view(value).unwrap_or(false);
    let Some(array) = value.dyn_ref::<js_sys::Uint8Array>().filter(|_| genuine) else {
        return Err(invalid(
            what,
            format!("must be a Uint8Array (or a Buffer), not {}", kind(value)),
        ));
    };
    if array.length() as usize > max {
        return Err(invalid(
            what,
            format!("is {} bytes; at most {max} are read", array.length()),
        ));
    }
    Ok(array.to_vec())
}
