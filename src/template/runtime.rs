//! Rendering with a compiled catalog: a [`Locale`] is one catalog locale's view — its
//! programs, partials and shared formatter — over which a catalog part, or a program
//! compiled from an editor's source, renders.

use super::eval::{self, Env};
use super::program::Program;
use crate::catalog::compiled::{CompiledCatalog, LocaleState};
use crate::catalog::model::{Message, part_is_html};
use crate::error::Error;
use serde_json::Value;
use std::collections::BTreeMap;

/// One catalog locale's rendering state: references only, so a view for an SMS is a
/// copy of the message locale's view with its market set.
#[derive(Clone, Copy)]
pub struct Locale<'c> {
    pub locale: &'c str,
    settings: &'c crate::catalog::model::Settings,
    state: &'c LocaleState,
    default_zone: &'c str,
    partials: &'c BTreeMap<String, Program>,
    html_partials: &'c BTreeMap<String, Program>,
    parts: Option<&'c BTreeMap<String, BTreeMap<String, Program>>>,
    /// `@market` for the renders of this view (see [`Locale::with_market`]).
    market: Option<&'c Value>,
    /// The market an SMS is rendered for (see [`Locale::for_sms`]).
    sms_market: Option<&'c crate::catalog::model::MarketRules>,
}

static NO_PARTIALS: BTreeMap<String, Program> = BTreeMap::new();

/// The rendering view of a catalog locale; `None` for a locale the catalog does not
/// have, an error when its formatting data cannot be built.
pub fn locale<'c>(catalog: &'c CompiledCatalog, locale: &str) -> Option<Result<Locale<'c>, Error>> {
    let name = catalog
        .model
        .settings
        .locales
        .iter()
        .find(|l| *l == locale)?;
    let state = match catalog.locale_state(name)? {
        Ok(state) => state,
        Err(e) => return Some(Err(e)),
    };
    let programs = match catalog.locale_programs(name) {
        None => None,
        Some(Ok(programs)) => Some(programs),
        Some(Err(e)) => return Some(Err(e)),
    };
    Some(Ok(Locale {
        locale: name,
        state,
        default_zone: &catalog.model.settings.default_time_zone,
        partials: programs.map_or(&NO_PARTIALS, |p| &p.partials),
        html_partials: programs.map_or(&NO_PARTIALS, |p| &p.html_partials),
        parts: programs.map(|p| &p.parts),
        market: None,
        settings: &catalog.model.settings,
        sms_market: None,
    }))
}

/// Places an evaluator error (which knows its line and column) in `source`.
fn framed(e: Error, source: &str) -> Error {
    match (e.line, e.column) {
        (Some(line), Some(column)) if e.source_line.is_none() => e.at(source, line, column),
        _ => e,
    }
}

impl<'c> Locale<'c> {
    /// This view with `@market` the texts of `market` (the catalog's markets).
    pub fn with_market(mut self, market: Option<&'c Value>) -> Self {
        self.market = market;
        self
    }

    /// This view rendering SMS to a market: money and dates in the market's forms.
    pub fn for_sms(mut self, market: Option<&'c crate::catalog::model::MarketRules>) -> Self {
        self.sms_market = market;
        self
    }

    /// Renders one part of a catalog message (strict: a missing value is an error).
    pub fn render_part(
        &self,
        message: &Message,
        part: &str,
        data: &Value,
    ) -> Result<String, Error> {
        let source = message
            .part(self.locale, part)
            .map_or("", |p| p.source.as_str());
        let program = self
            .parts
            .and_then(|m| m.get(&message.id))
            .and_then(|m| m.get(part));
        let context = |e: Error| {
            e.with_message_id(&message.id)
                .with_locale(self.locale)
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
        // The names `@market.<name>` may use (compiling is the editor's path, not a render's).
        let market_texts = self.settings.market_texts();
        super::compile_source(source, variables, &names, &market_texts, html)
            .map_err(|e| e.with_locale(self.locale))
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
            fmt: &self.state.fmt,
            default_zone: self.default_zone,
            strict,
            partials: &partials,
            memo: Some(&self.state.memo),
            market: self.market,
            sms_market: self.sms_market,
        };
        let mut out = String::new();
        eval::render(program, data, &env, &mut out)
            .map_err(|e| framed(e, source).with_locale(self.locale))?;
        Ok(out)
    }
}
