//! The package's top-level functions: the embedded demo catalog's methods (see
//! `catalog.rs`), so `require('tidings').render(…)` needs no set-up, plus `smsInfo`,
//! `smsParts` and `sourceHash`, which need no catalog.

use crate::args::{self, *};
use crate::catalog::Catalog;
use wasm_bindgen::prelude::*;

/// The catalog: every message with its variables, example data and template sources.
#[wasm_bindgen(unchecked_return_type = "MessageInfo[]")]
pub fn messages() -> Result<JsValue, JsValue> {
    Catalog::EMBEDDED.messages()
}

/// What the catalog offers a template author (`Catalog.schema`).
#[wasm_bindgen(unchecked_return_type = "Schema")]
pub fn schema() -> Result<JsValue, JsValue> {
    Catalog::EMBEDDED.schema()
}

/// Renders every channel of a catalog message.
#[wasm_bindgen(unchecked_return_type = "Rendered")]
pub fn render(
    #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] locale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
    options: Option<RenderOptionsArg>,
) -> Result<JsValue, JsValue> {
    Catalog::EMBEDDED.render(message_id, locale, data, options)
}

/// Renders an ad-hoc Handlebars source with the catalog's helpers and partials.
#[wasm_bindgen(js_name = renderTemplate)]
pub fn render_template(
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
    options: Option<TemplateOptionsArg>,
) -> Result<String, JsValue> {
    Catalog::EMBEDDED.render_template(source, data, options)
}

/// The catalog locale a tag or preference list would be rendered in.
#[wasm_bindgen(js_name = negotiateLocale, unchecked_return_type = "Negotiated")]
pub fn negotiate_locale(
    #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] requested: JsValue,
) -> Result<JsValue, JsValue> {
    Catalog::EMBEDDED.negotiate_locale(requested)
}

/// Fewest and most parts the message's SMS can take in `locale`, from its variables'
/// declared bounds; `source` replaces the catalog's SMS source.
#[wasm_bindgen(js_name = smsBounds, unchecked_return_type = "SmsBounds")]
pub fn sms_bounds(
    #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
    source: Option<StringArg>,
) -> Result<JsValue, JsValue> {
    Catalog::EMBEDDED.sms_bounds(message_id, locale, source)
}

/// Channel-rule diagnostics for one message, or the whole catalog.
#[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
pub fn lint(
    #[wasm_bindgen(js_name = messageId)] message_id: Option<StringArg>,
) -> Result<JsValue, JsValue> {
    Catalog::EMBEDDED.lint(message_id)
}

/// Diagnostics for a message with one part's source replaced (what an editor typed).
#[wasm_bindgen(js_name = lintSource, unchecked_return_type = "Diagnostic[]")]
pub fn lint_source(
    #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PartName")] part: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
) -> Result<JsValue, JsValue> {
    Catalog::EMBEDDED.lint_source(message_id, locale, part, source)
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
    Catalog::EMBEDDED.render_chunk(input, first_line, defaults)
}

/// An SMS text split into the parts it is sent in: each part's text, units and capacity
/// (the editor's segment view).
#[wasm_bindgen(js_name = smsParts, unchecked_return_type = "SmsPart[]")]
pub fn sms_parts(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    output(&tidings::sms_parts(&args::text(
        "text",
        &text,
        MAX_SMS_TEXT,
    )?))
}

/// The hash `translations.toml` records of a source part's text (what a translation
/// was made from); the editor asks for it to show and record translation status.
#[wasm_bindgen(js_name = sourceHash)]
pub fn source_hash(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<String, JsValue> {
    Ok(tidings::source_hash(&args::text(
        "text",
        &text,
        MAX_SMS_TEXT,
    )?))
}

/// Encoding, units and parts of an SMS text (GSM 03.38 / UCS-2).
#[wasm_bindgen(js_name = smsInfo, unchecked_return_type = "SmsInfo")]
pub fn sms_info(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    output(&tidings::sms_info(&args::text(
        "text",
        &text,
        MAX_SMS_TEXT,
    )?))
}
