//! The JavaScript API: thin wrappers that convert arguments with serde-wasm-bindgen,
//! call the Rust API, and turn errors into JS `Error`s with properties (`to_js_error`).
//! The only file that names `wasm_bindgen`.

use crate::{Error, ErrorKind, LocaleRequest, RenderOptions, TemplateOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Category = "onboarding" | "security" | "service" | "marketing" | "survey";
export type ChannelName = "sms" | "push" | "email" | "inApp";
export type VariableType = "string" | "number" | "money" | "datetime" | "boolean" | "enum" | "url" | "list";
export type PartName = "sms" | "push.title" | "push.body" | "email.subject" | "email.html" | "email.text" | "inApp.title" | "inApp.body";
export type LocaleRequest = string | string[];
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
    /// `RenderOptions` in TypeScript; an extern type so the parameter can be optional.
    #[wasm_bindgen(typescript_type = "RenderOptions")]
    pub type RenderOptionsArg;
    #[wasm_bindgen(typescript_type = "TemplateOptions")]
    pub type TemplateOptionsArg;
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

/// Every value from JS crosses as JSON text: `serde_json` then applies its recursion
/// limit (a deeply nested value is an error, not a stack overflow that would kill the
/// instance) and `deny_unknown_fields` (a misspelt option such as `escpae: 'html'` is an
/// error rather than silently ignored).
fn input<T: DeserializeOwned>(what: &str, value: JsValue) -> Result<T, JsValue> {
    let invalid = |message: String| {
        to_js_error(&Error::new(
            ErrorKind::InvalidInput,
            format!("{what}: {message}"),
        ))
    };
    let text = js_sys::JSON::stringify(&value)
        .map_err(|_| invalid("cannot be written as JSON (a cycle, or a BigInt)".into()))?;
    let text = text
        .as_string()
        .ok_or_else(|| invalid("has no JSON form".into()))?;
    serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))
}

fn optional<T: DeserializeOwned + Default>(
    what: &str,
    value: Option<impl Into<JsValue>>,
) -> Result<T, JsValue> {
    match value.map(Into::into) {
        Some(v) if !v.is_undefined() && !v.is_null() => input(what, v),
        _ => Ok(T::default()),
    }
}

fn output<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    // Maps become plain objects so that `templates['zh-CN'].sms` works.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| {
        to_js_error(&Error::new(
            ErrorKind::Render,
            format!("result conversion: {e}"),
        ))
    })
}

fn data(value: JsValue) -> Result<serde_json::Value, JsValue> {
    // `undefined` means "no variables"; anything else must be an object (checked later).
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    input("data", value)
}

/// The catalog: every message with its variables, example data and template sources.
#[wasm_bindgen(unchecked_return_type = "MessageInfo[]")]
pub fn messages() -> Result<JsValue, JsValue> {
    output(&crate::messages())
}

/// Renders every channel of a catalog message.
#[wasm_bindgen(unchecked_return_type = "Rendered")]
pub fn render(
    #[wasm_bindgen(js_name = messageId)] message_id: &str,
    #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] locale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
    options: Option<RenderOptionsArg>,
) -> Result<JsValue, JsValue> {
    let locale: LocaleRequest = input("locale", locale)?;
    let options: RenderOptions = optional("options", options)?;
    let rendered = crate::render(message_id, &locale, &self::data(data)?, &options)
        .map_err(|e| to_js_error(&e))?;
    output(&rendered)
}

/// Renders an ad-hoc Handlebars source with the catalog's helpers and partials.
#[wasm_bindgen(js_name = renderTemplate)]
pub fn render_template(
    source: &str,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
    options: Option<TemplateOptionsArg>,
) -> Result<String, JsValue> {
    let options: TemplateOptions = optional("options", options)?;
    crate::render_template(source, &self::data(data)?, &options).map_err(|e| to_js_error(&e))
}

/// The catalog locale a tag or preference list would be rendered in.
#[wasm_bindgen(js_name = negotiateLocale, unchecked_return_type = "Negotiated")]
pub fn negotiate_locale(
    #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] requested: JsValue,
) -> Result<JsValue, JsValue> {
    let requested: LocaleRequest = input("requested", requested)?;
    output(&crate::negotiate_locale(&requested))
}

/// Encoding, units and parts of an SMS text (GSM 03.38 / UCS-2).
#[wasm_bindgen(js_name = smsInfo, unchecked_return_type = "SmsInfo")]
pub fn sms_info(text: &str) -> Result<JsValue, JsValue> {
    output(&crate::sms_info(text))
}

/// Fewest and most parts the message's SMS can take in `locale`, from its variables'
/// declared bounds; `source` replaces the catalog's SMS source.
#[wasm_bindgen(js_name = smsBounds, unchecked_return_type = "SmsBounds")]
pub fn sms_bounds(
    #[wasm_bindgen(js_name = messageId)] message_id: &str,
    locale: &str,
    source: Option<String>,
) -> Result<JsValue, JsValue> {
    let message = crate::message(message_id).ok_or_else(|| {
        to_js_error(&Error::new(
            ErrorKind::UnknownMessage,
            format!("no message `{message_id}` in the catalog"),
        ))
    })?;
    let bounds =
        crate::sms_bounds(message, locale, source.as_deref()).map_err(|e| to_js_error(&e))?;
    output(&bounds)
}

/// Channel-rule diagnostics for one message, or the whole catalog.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn lint(
    #[wasm_bindgen(js_name = messageId)] message_id: Option<String>,
) -> Result<JsValue, JsValue> {
    output(&crate::lint(message_id.as_deref()).map_err(|e| to_js_error(&e))?)
}

/// Diagnostics for a message with one part's source replaced (what an editor typed).
#[wasm_bindgen(js_name = lintSource, unchecked_return_type = "Diagnostic[]")]
pub fn lint_source(
    #[wasm_bindgen(js_name = messageId)] message_id: &str,
    locale: &str,
    #[wasm_bindgen(unchecked_param_type = "PartName")] part: &str,
    source: &str,
) -> Result<JsValue, JsValue> {
    output(&crate::lint_source(message_id, locale, part, source).map_err(|e| to_js_error(&e))?)
}

/// Renders a chunk of JSON Lines records (bytes) in one call; returns one JSON line per
/// record, in order, plus counts. `firstLine` is the input line number of the chunk's
/// first line.
#[wasm_bindgen(js_name = renderChunk, unchecked_return_type = "ChunkResult")]
pub fn render_chunk(
    input: &[u8],
    #[wasm_bindgen(js_name = firstLine)] first_line: f64,
    #[wasm_bindgen(unchecked_param_type = "BatchDefaults")] defaults: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let defaults: crate::BatchDefaults = optional("defaults", defaults)?;
    let first_line = if first_line.is_finite() && first_line >= 1.0 {
        first_line as u64
    } else {
        1
    };
    let mut out = Vec::with_capacity(input.len() * 3);
    let stats = crate::render_jsonl(input, first_line, &defaults, &mut out);
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
