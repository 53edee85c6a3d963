//! The JavaScript API of tidings (the `tidings-wasm` crate): thin wrappers that check
//! and convert arguments, call the Rust API, and turn errors into JS `Error`s with
//! properties (`to_js_error`). The only code that names `wasm_bindgen`; built for
//! wasm32 only (natively this crate is empty).
#![cfg(target_arch = "wasm32")]

use serde::Serialize;
use serde::de::DeserializeOwned;
use tidings::{Error, ErrorKind, LocaleRequest, RenderOptions, TemplateOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Category = "onboarding" | "security" | "service" | "marketing" | "survey";
export type ChannelName = "sms" | "push" | "email" | "inApp";
export type VariableType = "string" | "number" | "money" | "datetime" | "boolean" | "enum" | "url" | "list";
export type PartName = "sms" | "push.title" | "push.body" | "email.subject" | "email.html" | "email.text" | "inApp.title" | "inApp.body";
export type LocaleRequest = string | readonly string[];
export interface Money { amount: number | string; currency: string }
export interface VariableInfo {
  name: string; type: VariableType; required: boolean; description: string; example: unknown;
  values?: string[]; items?: VariableType;
  /** system-generated (true) or user-supplied (false: neutralised at render time) */
  trusted: boolean;
  maxLength?: number; charset?: "digits" | "gsm" | "cjk" | "any"; maxItems?: number;
}
export interface SmsInfo {
  encoding: "GSM-7" | "UCS-2"; units: number; segments: number; perSegment: number;
  /** the characters that forced UCS-2 */
  nonGsm: string[];
}
export interface SmsBounds {
  minSegments: number; maxSegments: number; maxUnits: number; encoding: "GSM-7" | "UCS-2";
  longest: string; unbounded: string[];
}
export interface Diagnostic {
  code: string; severity: "error" | "warning"; message: string; messageId: string;
  locale?: string; channel?: string; part?: PartName; line?: number; column?: number;
}
export interface MessageInfo {
  id: string; category: Category; description: string; channels: ChannelName[]; locales: string[];
  variables: VariableInfo[]; example: Record<string, unknown>;
  /** locale → part → Handlebars source, e.g. templates["zh-CN"].sms */
  templates: Record<string, Partial<Record<PartName, string>>>;
}
export interface RenderOptions {
  /** IANA zone; overrides data.timeZone */ timeZone?: string;
  /** render only these channels */ channels?: ChannelName[];
  /** part → source replacing the catalog's (unsaved edits); errors point into it */
  sources?: Partial<Record<PartName, string>>;
}
export interface TemplateOptions {
  locale?: LocaleRequest; escape?: "html" | "none"; timeZone?: string;
  /** check names and data against this catalog message */ messageId?: string;
  /** false: a missing value renders as nothing, as in Handlebars.js (default true: an error) */
  strict?: boolean;
  /** partial name → source, for `{{> name}}` beside the catalog's partials */
  partials?: Record<string, string>;
}
export interface Warning { code: string; message: string; path?: string }
export interface RenderedChannels {
  /** the SMS as sent (signature and opt-out included) with its encoding and parts */
  sms?: { text: string } & SmsInfo;
  push?: { title: string; body: string };
  email?: { subject: string; html: string; text: string };
  inApp?: { title: string; body: string };
}
export interface Rendered {
  messageId: string; locale: string; fallback: boolean; category: Category;
  channels: RenderedChannels; warnings: Warning[];
}
export interface BatchDefaults {
  message?: string; locale?: LocaleRequest;
  /** the chunk comes from a tidings reader that may set `@line`/`@error` on records */
  annotated?: boolean;
}
export interface ChunkResult {
  /** one JSON line per input record, in order */
  output: Uint8Array;
  records: number; rendered: number; skipped: number; failed: number; smsParts: number;
}
export interface Negotiated { locale: string; fallback: boolean; matched?: string }
/** What a thrown tidings error carries besides `message`. */
export interface TidingsError extends Error {
  code: string; messageId?: string; locale?: string; channel?: string; part?: string;
  line?: number; column?: number; path?: string;
  /** the message with the source line framed and a caret under the problem */
  detail: string;
}
"#;

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
    fn is_array_of(value: &JsValue) -> Result<bool, JsValue>;
    /// True only for a real typed array or DataView (never for a Proxy of one).
    #[wasm_bindgen(catch, js_namespace = ArrayBuffer, js_name = isView)]
    fn is_view(value: &JsValue) -> Result<bool, JsValue>;
}

/// `Array.isArray`, false when even asking throws (a revoked Proxy).
fn is_array(value: &JsValue) -> bool {
    is_array_of(value).unwrap_or(false)
}

/// Whether `value` throws for every question (a revoked Proxy): refused up front.
fn unreadable(value: &JsValue) -> bool {
    value.is_object() && is_array_of(value).is_err()
}

/// An optional parameter as a plain `JsValue` (`undefined` when absent).
fn given(value: Option<impl Into<JsValue>>) -> JsValue {
    value.map(Into::into).unwrap_or_default()
}

/// The one mapping from a tidings error to a JS `Error` with properties.
fn to_js_error(e: &Error) -> JsValue {
    let js = js_sys::Error::new(&e.to_string());
    js.set_name("TidingsError");
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&js, &JsValue::from_str(key), &value);
    };
    set("code", e.code().into());
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
const MAX_NAME: u32 = 1024;
/// Longest template source argument: a little more than the checker accepts, so that
/// the checker, not this layer, says how large a source may be.
const MAX_SOURCE: u32 = 2 * tidings::MAX_SOURCE_LEN as u32;
/// Longest SMS text `smsInfo` reads (255 parts, the most a concatenated SMS can have,
/// are under 41,000 characters).
const MAX_SMS_TEXT: u32 = 1 << 20;
/// Largest JSON form of a data object, a locale request, options or batch defaults.
const MAX_JSON: u32 = 16 << 20;
/// Largest chunk `renderChunk` takes (the CLI sends 256 KiB).
const MAX_CHUNK: u32 = 16 << 20;

fn invalid(what: &str, message: impl std::fmt::Display) -> JsValue {
    to_js_error(&Error::new(
        ErrorKind::InvalidInput,
        format!("{what}: {message}"),
    ))
}

/// What a JS value is, for error messages.
fn kind(value: &JsValue) -> String {
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
fn tag(value: &JsValue) -> String {
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

/// `JSON.stringify`, refusing NaN and ±Infinity, which JSON would silently write as
/// `null`. The check runs only when the JSON has a `null` at all, so ordinary data pays
/// nothing for it. (An invalid Date is `null` to JSON before any check can see it.)
fn strict_json(value: &JsValue) -> Result<JsValue, JsValue> {
    let json = js_sys::JSON::stringify(value)?;
    if JsValue::from(&json).is_undefined() {
        return Ok(JsValue::UNDEFINED); // no JSON form (a function, a toJSON giving undefined)
    }
    let suspicious = json.index_of("null", 0) >= 0;
    if !suspicious {
        return Ok(json.into());
    }
    let check = Closure::<dyn FnMut(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        |key: JsValue, v: JsValue| match v.as_f64() {
            Some(n) if !n.is_finite() => {
                let key = key.as_string().filter(|k| !k.is_empty());
                Err(js_sys::TypeError::new(&format!(
                    "`{}` is {n}, not a finite number",
                    key.as_deref()
                        .map_or("the value".into(), |k| tidings::clip(k, 100))
                ))
                .into())
            }
            _ => Ok(v),
        },
    );
    js_sys::JSON::stringify_with_replacer(value, check.as_ref().unchecked_ref()).map(Into::into)
}

/// A string argument of at most `max` UTF-16 units.
fn text(what: &str, value: &JsValue, max: u32) -> Result<String, JsValue> {
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
fn optional_text(what: &str, value: &JsValue, max: u32) -> Result<Option<String>, JsValue> {
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
fn input<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T, JsValue> {
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
fn object<T: DeserializeOwned>(what: &str, value: &JsValue) -> Result<T, JsValue> {
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
fn optional<T: DeserializeOwned + Default>(what: &str, value: &JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    object(what, value)
}

fn output<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
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

fn data(value: &JsValue) -> Result<serde_json::Value, JsValue> {
    // `undefined` means "no variables"; anything else must be a plain object.
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    object("data", value)
}

/// The catalog: every message with its variables, example data and template sources.
#[wasm_bindgen(unchecked_return_type = "MessageInfo[]")]
pub fn messages() -> Result<JsValue, JsValue> {
    output(&tidings::messages())
}

/// Renders every channel of a catalog message.
#[wasm_bindgen(unchecked_return_type = "Rendered")]
pub fn render(
    #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] locale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
    options: Option<RenderOptionsArg>,
) -> Result<JsValue, JsValue> {
    let message_id = text("messageId", &message_id, MAX_NAME)?;
    let locale = locale_request("locale", &locale)?;
    let options: RenderOptions = optional("options", &given(options))?;
    let rendered = tidings::render(&message_id, &locale, &self::data(&data)?, &options)
        .map_err(|e| to_js_error(&e))?;
    output(&rendered)
}

/// A locale tag or a list of tags.
fn locale_request(what: &str, value: &JsValue) -> Result<LocaleRequest, JsValue> {
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

/// Renders an ad-hoc Handlebars source with the catalog's helpers and partials.
#[wasm_bindgen(js_name = renderTemplate)]
pub fn render_template(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
    options: Option<TemplateOptionsArg>,
) -> Result<String, JsValue> {
    let source = text("source", &source, MAX_SOURCE)?;
    let options: TemplateOptions = optional("options", &given(options))?;
    tidings::render_template(&source, &self::data(&data)?, &options).map_err(|e| to_js_error(&e))
}

/// The catalog locale a tag or preference list would be rendered in.
#[wasm_bindgen(js_name = negotiateLocale, unchecked_return_type = "Negotiated")]
pub fn negotiate_locale(
    #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] requested: JsValue,
) -> Result<JsValue, JsValue> {
    let requested = locale_request("requested", &requested)?;
    output(&tidings::negotiate_locale(&requested))
}

/// Encoding, units and parts of an SMS text (GSM 03.38 / UCS-2).
#[wasm_bindgen(js_name = smsInfo, unchecked_return_type = "SmsInfo")]
pub fn sms_info(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    output(&tidings::sms_info(&self::text(
        "text",
        &text,
        MAX_SMS_TEXT,
    )?))
}

/// Fewest and most parts the message's SMS can take in `locale`, from its variables'
/// declared bounds; `source` replaces the catalog's SMS source.
#[wasm_bindgen(js_name = smsBounds, unchecked_return_type = "SmsBounds")]
pub fn sms_bounds(
    #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
    source: Option<StringArg>,
) -> Result<JsValue, JsValue> {
    let message_id = text("messageId", &message_id, MAX_NAME)?;
    let locale = text("locale", &locale, MAX_NAME)?;
    let source = optional_text("source", &given(source), MAX_SOURCE)?;
    let message = tidings::message(&message_id).ok_or_else(|| {
        to_js_error(
            &Error::new(
                ErrorKind::UnknownMessage,
                format!("no message `{message_id}` in the catalog"),
            )
            .with_message_id(&message_id),
        )
    })?;
    let bounds =
        tidings::sms_bounds(message, &locale, source.as_deref()).map_err(|e| to_js_error(&e))?;
    output(&bounds)
}

/// Channel-rule diagnostics for one message, or the whole catalog.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn lint(
    #[wasm_bindgen(js_name = messageId)] message_id: Option<StringArg>,
) -> Result<JsValue, JsValue> {
    let message_id = optional_text("messageId", &given(message_id), MAX_NAME)?;
    output(&tidings::lint(message_id.as_deref()).map_err(|e| to_js_error(&e))?)
}

/// Diagnostics for a message with one part's source replaced (what an editor typed).
#[wasm_bindgen(js_name = lintSource, unchecked_return_type = "Diagnostic[]")]
pub fn lint_source(
    #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PartName")] part: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
) -> Result<JsValue, JsValue> {
    let message_id = text("messageId", &message_id, MAX_NAME)?;
    let locale = text("locale", &locale, MAX_NAME)?;
    let part = text("part", &part, MAX_NAME)?;
    let source = text("source", &source, MAX_SOURCE)?;
    output(
        &tidings::lint_source(&message_id, &locale, &part, &source).map_err(|e| to_js_error(&e))?,
    )
}

/// Renders a chunk of JSON Lines records (bytes) in one call; returns one JSON line per
/// record, in order, plus counts. `firstLine` is the input line number of the chunk's
/// first line.
#[wasm_bindgen(js_name = renderChunk, unchecked_return_type = "ChunkResult")]
pub fn render_chunk(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] input: JsValue,
    #[wasm_bindgen(js_name = firstLine, unchecked_param_type = "number")] first_line: JsValue,
    defaults: Option<BatchDefaultsArg>,
) -> Result<JsValue, JsValue> {
    // `isView` first: a Proxy of a Uint8Array passes `instanceof` but throws on use.
    let genuine = is_view(&input).unwrap_or(false);
    let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>().filter(|_| genuine) else {
        return Err(invalid(
            "input",
            format!("must be a Uint8Array (or a Buffer), not {}", kind(&input)),
        ));
    };
    if bytes.length() > MAX_CHUNK {
        return Err(invalid(
            "input",
            format!(
                "is {} bytes; a chunk may have at most {MAX_CHUNK} (split it at line breaks)",
                bytes.length()
            ),
        ));
    }
    let first_line = line_number(&first_line)?;
    let defaults: tidings::BatchDefaults = optional("defaults", &given(defaults))?;
    let input = bytes.to_vec();
    let mut out = Vec::with_capacity(input.len() + (64 << 10));
    let stats = tidings::render_jsonl(&input, first_line, &defaults, &mut out);
    let result = js_sys::Object::new();
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&result, &JsValue::from_str(key), &value);
    };
    set("output", js_sys::Uint8Array::from(out.as_slice()).into());
    set("records", JsValue::from(stats.records as f64));
    set("rendered", JsValue::from(stats.rendered as f64));
    set("skipped", JsValue::from(stats.skipped as f64));
    set("failed", JsValue::from(stats.failed as f64));
    set("smsParts", JsValue::from(stats.sms_parts as f64));
    Ok(result.into())
}

/// A line number: a whole number from 1 to 2^53 − 1 (`undefined` is 1).
fn line_number(value: &JsValue) -> Result<u64, JsValue> {
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
