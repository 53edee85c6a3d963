//! The compiled catalog at run time: the programs `build.rs` embedded (decoded once) and,
//! per locale and built on first use, the formatter and helper memo its renders share.
//! Renders a catalog part, or a program compiled from an editor's source.

use super::eval::{self, Env};
use super::helpers::Memo;
use super::program::{FORMAT, Program, Programs};
use crate::catalog::{self, model::Message, model::part_is_html};
use crate::error::Error;
use crate::format::Formatter;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/programs.bin"));

/// The embedded catalog's programs.
pub fn programs() -> &'static Programs {
    static PROGRAMS: OnceLock<Programs> = OnceLock::new();
    PROGRAMS.get_or_init(|| {
        let p: Programs =
            postcard::from_bytes(EMBEDDED).expect("build.rs embeds programs this build reads");
        assert_eq!(p.format, FORMAT, "build.rs embeds programs of this format");
        p
    })
}

/// One catalog locale's rendering state.
pub struct Locale {
    pub locale: String,
    fmt: Formatter,
    memo: Memo,
    partials: &'static BTreeMap<String, Program>,
    html_partials: &'static BTreeMap<String, Program>,
    parts: Option<&'static BTreeMap<String, BTreeMap<String, Program>>>,
}

static NO_PARTIALS: BTreeMap<String, Program> = BTreeMap::new();

/// The rendering state of a catalog locale, built on first use: a process (or worker)
/// that renders only zh-CN never builds the other locales' formatters.
pub fn locale(locale: &str) -> Option<&'static Locale> {
    static LOCALES: OnceLock<Vec<(String, OnceLock<Locale>)>> = OnceLock::new();
    let all = LOCALES.get_or_init(|| {
        catalog::catalog()
            .settings
            .locales
            .iter()
            .map(|l| (l.clone(), OnceLock::new()))
            .collect()
    });
    let (name, cell) = all.iter().find(|(l, _)| l == locale)?;
    Some(cell.get_or_init(|| {
        let programs = programs();
        Locale {
            locale: name.clone(),
            // The catalog's locales are checked by the build and by tests.
            fmt: Formatter::new(name).expect("catalog locales have formatting data"),
            memo: Memo::default(),
            partials: programs.partials.get(name).unwrap_or(&NO_PARTIALS),
            html_partials: programs.html_partials.get(name).unwrap_or(&NO_PARTIALS),
            parts: programs.parts.get(name),
        }
    }))
}

/// Places an evaluator error (which knows its line and column) in `source`.
fn framed(e: Error, source: &str) -> Error {
    match (e.line, e.column) {
        (Some(line), Some(column)) if e.source_line.is_none() => e.at(source, line, column),
        _ => e,
    }
}

impl Locale {
    /// Renders one part of a catalog message (strict: a missing value is an error).
    pub fn render_part(
        &self,
        message: &Message,
        part: &str,
        data: &Value,
    ) -> Result<String, Error> {
        let source = message
            .part(&self.locale, part)
            .map_or("", |p| p.source.as_str());
        let program = self
            .parts
            .and_then(|m| m.get(&message.id))
            .and_then(|m| m.get(part));
        let context = |e: Error| {
            e.with_message_id(&message.id)
                .with_locale(&self.locale)
                .with_part(part)
        };
        match program {
            Some(program) => self
                .render(program, source, data, true, part_is_html(part), None)
                .map_err(context),
            None => Err(context(Error::new(
                crate::error::ErrorKind::Render,
                format!("`{}` has no {part} in {}", message.id, self.locale),
            ))),
        }
    }

    /// Checks and compiles a source with this locale's partials (and `extra` ones).
    pub fn compile(
        &self,
        source: &str,
        variables: Option<&[crate::catalog::model::Variable]>,
        html: bool,
        extra: &[&str],
    ) -> Result<Program, Error> {
        let mut names: Vec<&str> = self.partials.keys().map(String::as_str).collect();
        names.extend_from_slice(extra);
        super::compile_source(source, variables, &names, html)
            .map_err(|e| e.with_locale(&self.locale))
    }

    /// Renders a program compiled from `source` (with `html`, its partials are those
    /// compiled for HTML); `extra` partials take precedence over the catalog's.
    pub fn render(
        &self,
        program: &Program,
        source: &str,
        data: &Value,
        strict: bool,
        html: bool,
        extra: Option<&BTreeMap<String, Program>>,
    ) -> Result<String, Error> {
        let catalog = if html {
            self.html_partials
        } else {
            self.partials
        };
        let partials = |name: &str| {
            extra
                .and_then(|e| e.get(name))
                .or_else(|| catalog.get(name))
        };
        let env = Env {
            fmt: &self.fmt,
            default_zone: &catalog::catalog().settings.default_time_zone,
            strict,
            partials: &partials,
            memo: Some(&self.memo),
        };
        let mut out = String::new();
        eval::render(program, data, &env, &mut out)
            .map_err(|e| framed(e, source).with_locale(&self.locale))?;
        Ok(out)
    }
}
