//! Compiled templates. Per catalog locale there are two Handlebars registries sharing
//! that locale's formatter: a plain-text one (no escaping) and an HTML one (escaping
//! every value) for `email.html`. Both are strict: a missing value is an error.

use crate::catalog::model::{Catalog, Message, part_is_html};
use crate::catalog::{self, check};
use crate::error::{Error, ErrorKind};
use crate::format::Formatter;
use handlebars::{Context, Handlebars, RenderError, RenderErrorReason};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

pub struct LocaleEngine {
    pub locale: String,
    text: Handlebars<'static>,
    html: Handlebars<'static>,
}

pub struct Engine {
    catalog: &'static Catalog,
    locales: Vec<(String, OnceLock<LocaleEngine>)>,
}

static ENGINE: OnceLock<Engine> = OnceLock::new();

/// The engine for the embedded catalog, built on first use.
pub fn engine() -> &'static Engine {
    ENGINE.get_or_init(|| Engine::new(catalog::catalog()))
}

fn registry(fmt: &Arc<Formatter>, html: bool, default_zone: &str) -> Handlebars<'static> {
    let mut r = Handlebars::new();
    r.set_strict_mode(true);
    r.set_prevent_indent(true);
    if !html {
        r.register_escape_fn(handlebars::no_escape);
    }
    crate::helpers::register(&mut r, fmt, default_zone);
    r
}

/// The registry key of a message part.
fn key(message_id: &str, part: &str) -> String {
    format!("{message_id}/{part}")
}

impl Engine {
    /// An engine whose locales are compiled on first use: a process (or worker) that
    /// renders only zh-CN never pays for compiling the other locales' templates.
    pub fn new(catalog: &'static Catalog) -> Engine {
        let locales = catalog
            .settings
            .locales
            .iter()
            .map(|l| (l.clone(), OnceLock::new()))
            .collect();
        Engine { catalog, locales }
    }

    pub fn locale(&self, locale: &str) -> Option<&LocaleEngine> {
        let (name, cell) = self.locales.iter().find(|(l, _)| l == locale)?;
        Some(cell.get_or_init(|| LocaleEngine::compile(self.catalog, name)))
    }
}

impl LocaleEngine {
    fn compile(catalog: &Catalog, locale: &str) -> LocaleEngine {
        let zone = &catalog.settings.default_time_zone;
        // The catalog's locales are checked by the build and by tests.
        let fmt = Arc::new(Formatter::new(locale).expect("catalog locales have formatting data"));
        let mut text = registry(&fmt, false, zone);
        let mut html = registry(&fmt, true, zone);
        for (name, by_locale) in &catalog.partials {
            if let Some(part) = by_locale.get(locale) {
                // Validated by build.rs; a failure here would leave the partial unknown.
                let _ = text.register_partial(name, &part.source);
                let _ = html.register_partial(name, &part.source);
            }
        }
        for message in &catalog.messages {
            for part in message.templates.get(locale).into_iter().flatten() {
                let registry = if part_is_html(&part.name) {
                    &mut html
                } else {
                    &mut text
                };
                let _ =
                    registry.register_template_string(&key(&message.id, &part.name), &part.source);
            }
        }
        LocaleEngine {
            locale: locale.to_string(),
            text,
            html,
        }
    }
}

impl LocaleEngine {
    /// Renders one part of a catalog message. The context is built once per message
    /// (from validated data) and shared by its parts, so the data is not copied per part.
    pub fn render_part(
        &self,
        message: &Message,
        part: &str,
        ctx: &Context,
    ) -> Result<String, Error> {
        let registry = if part_is_html(part) {
            &self.html
        } else {
            &self.text
        };
        let source = message
            .part(&self.locale, part)
            .map(|p| p.source.as_str())
            .unwrap_or("");
        let mut out = Capped(Vec::new());
        crate::budget::start();
        registry
            .render_with_context_to_write(&key(&message.id, part), ctx, &mut out)
            .map_err(|e| from_render(e, source))
            .and_then(|()| out.into_string())
            .map_err(|e| {
                e.with_message_id(&message.id)
                    .with_locale(&self.locale)
                    .with_part(part)
            })
    }

    /// Checks and renders an ad-hoc source with this locale's helpers and partials.
    /// With `variables`, names are checked against them as in the build.
    pub fn render_source(
        &self,
        source: &str,
        data: &Value,
        html: bool,
        variables: Option<&[crate::catalog::model::Variable]>,
    ) -> Result<String, Error> {
        self.check_source(source, variables)?;
        self.render_checked(source, data, html)
    }

    /// The checks `render_source` makes before rendering: everything `build.rs` checks,
    /// and the limits that keep any source from exhausting the stack.
    pub fn check_source(
        &self,
        source: &str,
        variables: Option<&[crate::catalog::model::Variable]>,
    ) -> Result<(), Error> {
        let partials: Vec<&str> = catalog::catalog()
            .partials
            .keys()
            .map(String::as_str)
            .collect();
        let env = check::Env {
            variables,
            partials: &partials,
        };
        let (_, problems) = check::check(source, &env);
        match problems.into_iter().next() {
            None => Ok(()),
            Some(p) => {
                let mut e = Error::new(ErrorKind::from_check_code(p.code), p.message)
                    .at(source, p.line, p.column);
                if let Some(path) = p.path {
                    e = e.with_path(path);
                }
                Err(e.with_locale(&self.locale))
            }
        }
    }

    /// Renders a source that `check_source` has accepted. Callers that render one
    /// source many times (the worst-case search) check it once.
    pub fn render_checked(&self, source: &str, data: &Value, html: bool) -> Result<String, Error> {
        let registry = if html { &self.html } else { &self.text };
        let ctx = Context::wraps(data).map_err(|e| from_render(e, source))?;
        let mut out = Capped(Vec::new());
        crate::budget::start();
        registry
            .render_template_with_context_to_write(source, &ctx, &mut out)
            .map_err(|e| from_render(e, source))
            .and_then(|()| out.into_string())
            .map_err(|e| e.with_locale(&self.locale))
    }
}

/// Most bytes one part may render to. Nested `{{#each}}` over large lists grows
/// exponentially; without a cap it would exhaust WebAssembly memory (a trap that kills
/// the instance). A real message part is a few KiB.
pub const MAX_OUTPUT: usize = 1 << 20;

/// Rendered output that refuses to grow past `MAX_OUTPUT`.
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + bytes.len() > MAX_OUTPUT {
            return Err(std::io::Error::other(OutputTooLarge));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capped {
    fn into_string(self) -> Result<String, Error> {
        String::from_utf8(self.0)
            .map_err(|_| Error::new(ErrorKind::Render, "rendered text is not UTF-8"))
    }
}

/// Marks the cap's I/O error so it is reported as a limit, not a failure.
#[derive(Debug)]
struct OutputTooLarge;

impl std::fmt::Display for OutputTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "renders to more than {} KiB", MAX_OUTPUT / 1024)
    }
}

impl std::error::Error for OutputTooLarge {}

/// Maps a Handlebars render error to a tidings error placed in `source`.
fn from_render(e: RenderError, source: &str) -> Error {
    let error = match e.reason() {
        RenderErrorReason::NestedError(inner) => match inner.downcast_ref::<Error>() {
            Some(ours) => ours.clone(),
            None => Error::new(ErrorKind::Render, inner.to_string()),
        },
        RenderErrorReason::IOError(io)
            if io.get_ref().is_some_and(|e| e.is::<OutputTooLarge>()) =>
        {
            Error::new(
                ErrorKind::TemplateLimit,
                format!("the template {OutputTooLarge} (nested loops over large lists?)"),
            )
        }
        RenderErrorReason::MissingVariable(path) => {
            let path = path.clone().unwrap_or_default();
            Error::new(
                ErrorKind::MissingVariable,
                format!("`{path}` has no value (rendering is strict: wrap optional variables in {{{{#if {path}}}}})"),
            )
            .with_path(path)
        }
        RenderErrorReason::TemplateError(t) => {
            let mut error = Error::new(ErrorKind::TemplateSyntax, t.reason().to_string());
            if let Some((line, column)) = t.pos() {
                error = error.at(source, to_u32(line), to_u32(column));
            }
            error
        }
        other => Error::new(ErrorKind::Render, other.to_string()),
    };
    match (e.line_no, e.column_no, error.line) {
        (Some(line), Some(column), None) => error.at(source, to_u32(line), to_u32(column)),
        _ => error,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
