//! The `Catalog` class: a compiled catalog — the demo catalog, or one read from a file
//! `tidings build` wrote (`loadCatalog`) — and the API over it. The package's top-level
//! functions are the demo catalog's methods (`api.rs`). The demo catalog is embedded
//! (feature `demo`: the Node module, the tests) or, in the web module, which stays small
//! without it, read once from pkg/web/demo.tidings (`useDemoCatalog`, called by web.mjs).

use crate::args::{self, *};
use tidings::{CompiledCatalog, Error, ErrorKind, RenderOptions, TemplateOptions};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The demo catalog of a module that does not embed it, once `useDemoCatalog` read it.
#[cfg(not(feature = "demo"))]
static DEMO: std::sync::OnceLock<CompiledCatalog> = std::sync::OnceLock::new();

/// A compiled catalog.
#[wasm_bindgen]
pub struct Catalog {
    loaded: Option<Box<CompiledCatalog>>,
}

impl Catalog {
    /// The demo catalog (embedded in the module, or read by `useDemoCatalog`).
    pub const EMBEDDED: Catalog = Catalog { loaded: None };

    fn get(&self) -> Result<&CompiledCatalog, JsValue> {
        if let Some(catalog) = self.loaded.as_deref() {
            return Ok(catalog);
        }
        #[cfg(feature = "demo")]
        return Ok(CompiledCatalog::embedded());
        #[cfg(not(feature = "demo"))]
        DEMO.get().ok_or_else(|| {
            let e = js_sys::Error::new(
                "tidings: the demo catalog is not loaded yet; `await ready` first",
            );
            e.set_name("TidingsError");
            let _ = js_sys::Reflect::set(&e, &"code".into(), &"not_ready".into());
            e.into()
        })
    }
}

/// The demo catalog as a `Catalog` (the package's top-level functions are its methods;
/// in the web module it works once `useDemoCatalog` has read it).
#[wasm_bindgen(js_name = embeddedCatalog)]
pub fn embedded_catalog() -> Catalog {
    Catalog { loaded: None }
}

/// Reads the demo catalog of a module that does not embed it (web.mjs calls it once, with
/// pkg/web/demo.tidings, before `ready` resolves); later calls change nothing.
#[cfg(not(feature = "demo"))]
#[wasm_bindgen(js_name = useDemoCatalog)]
pub fn use_demo_catalog(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> Result<(), JsValue> {
    if DEMO.get().is_none() {
        let bytes = args::bytes("bytes", &bytes, tidings::MAX_CATALOG_FILE_LEN)?;
        let catalog = CompiledCatalog::from_bytes(&bytes).map_err(|e| to_js_error(&e))?;
        let _ = DEMO.set(catalog);
    }
    Ok(())
}

/// Reads a compiled catalog file (the bytes `tidings build` wrote). A file of another
/// version, damaged or truncated is refused with `invalid_catalog`.
#[wasm_bindgen(js_name = loadCatalog)]
pub fn load_catalog(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> Result<Catalog, JsValue> {
    let bytes = args::bytes("bytes", &bytes, tidings::MAX_CATALOG_FILE_LEN)?;
    let catalog = CompiledCatalog::from_bytes(&bytes).map_err(|e| to_js_error(&e))?;
    Ok(Catalog {
        loaded: Some(Box::new(catalog)),
    })
}

#[wasm_bindgen]
impl Catalog {
    /// The catalog's settings: locales, default locale and time zone, categories,
    /// currencies, SMS, link and push rules.
    #[wasm_bindgen(unchecked_return_type = "CatalogSettings")]
    pub fn settings(&self) -> Result<JsValue, JsValue> {
        output(&self.get()?.model.settings)
    }

    /// The catalog: every message with its variables, example data and template sources.
    #[wasm_bindgen(unchecked_return_type = "MessageInfo[]")]
    pub fn messages(&self) -> Result<JsValue, JsValue> {
        output(&self.get()?.messages())
    }

    /// What the catalog offers a template author: locales, currencies, categories,
    /// markets, channels and their parts, helpers with their signatures, partials.
    #[wasm_bindgen(unchecked_return_type = "Schema")]
    pub fn schema(&self) -> Result<JsValue, JsValue> {
        output(&self.get()?.schema())
    }

    /// Renders every channel of a catalog message.
    #[wasm_bindgen(unchecked_return_type = "Rendered")]
    pub fn render(
        &self,
        #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] locale: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
        options: Option<RenderOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let message_id = text("messageId", &message_id, MAX_NAME)?;
        let locale = locale_request("locale", &locale)?;
        let options: RenderOptions = optional("options", &given(options))?;
        let rendered = self
            .get()?
            .render(&message_id, &locale, &args::data(&data)?, &options)
            .map_err(|e| to_js_error(&e))?;
        output(&rendered)
    }

    /// Renders an ad-hoc Handlebars source with the catalog's helpers and partials.
    #[wasm_bindgen(js_name = renderTemplate)]
    pub fn render_template(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] source: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] data: JsValue,
        options: Option<TemplateOptionsArg>,
    ) -> Result<String, JsValue> {
        let source = text("source", &source, MAX_SOURCE)?;
        let options: TemplateOptions = optional("options", &given(options))?;
        self.get()?
            .render_template(&source, &args::data(&data)?, &options)
            .map_err(|e| to_js_error(&e))
    }

    /// The catalog locale a tag or preference list would be rendered in.
    #[wasm_bindgen(js_name = negotiateLocale, unchecked_return_type = "Negotiated")]
    pub fn negotiate_locale(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LocaleRequest")] requested: JsValue,
    ) -> Result<JsValue, JsValue> {
        let requested = locale_request("requested", &requested)?;
        output(&self.get()?.negotiate_locale(&requested))
    }

    /// Fewest and most parts the message's SMS can take in `locale`, from its variables'
    /// declared bounds; `source` replaces the catalog's SMS source.
    #[wasm_bindgen(js_name = smsBounds, unchecked_return_type = "SmsBounds")]
    pub fn sms_bounds(
        &self,
        #[wasm_bindgen(js_name = messageId, unchecked_param_type = "string")] message_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] locale: JsValue,
        source: Option<StringArg>,
    ) -> Result<JsValue, JsValue> {
        let message_id = text("messageId", &message_id, MAX_NAME)?;
        let locale = text("locale", &locale, MAX_NAME)?;
        let source = optional_text("source", &given(source), MAX_SOURCE)?;
        let message = self.get()?.message(&message_id).ok_or_else(|| {
            to_js_error(
                &Error::new(
                    ErrorKind::UnknownMessage,
                    format!("no message `{message_id}` in the catalog"),
                )
                .with_message_id(&message_id),
            )
        })?;
        let bounds = tidings::sms_bounds(self.get()?, message, &locale, source.as_deref())
            .map_err(|e| to_js_error(&e))?;
        output(&bounds)
    }

    /// Channel-rule diagnostics for one message, or the whole catalog.
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn lint(
        &self,
        #[wasm_bindgen(js_name = messageId)] message_id: Option<StringArg>,
    ) -> Result<JsValue, JsValue> {
        let message_id = optional_text("messageId", &given(message_id), MAX_NAME)?;
        output(
            &self
                .get()?
                .lint(message_id.as_deref())
                .map_err(|e| to_js_error(&e))?,
        )
    }

    /// Diagnostics for a message with one part's source replaced (what an editor typed).
    #[wasm_bindgen(js_name = lintSource, unchecked_return_type = "Diagnostic[]")]
    pub fn lint_source(
        &self,
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
            &self
                .get()?
                .lint_source(&message_id, &locale, &part, &source)
                .map_err(|e| to_js_error(&e))?,
        )
    }

    /// Renders a chunk of JSON Lines records (bytes) in one call; returns one JSON line per
    /// record, in order, plus counts. `firstLine` is the input line number of the chunk's
    /// first line.
    #[wasm_bindgen(js_name = renderChunk, unchecked_return_type = "ChunkResult")]
    pub fn render_chunk(
        &self,
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
        let stats = self
            .get()?
            .render_jsonl(&input, first_line, &defaults, &mut out);
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
}
