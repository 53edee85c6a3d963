//! The template stage, in the order a source goes through it:
//! `precheck` (limits on the raw text) → `prelex` (where the parser and Handlebars.js
//! disagree) → the `handlebars` crate's parser (`explain` says its failures in an
//! editor's words) → `check` (helpers, partials, variables
//! against the manifest) → `compile` (a [`Program`]) → `eval` (Handlebars.js semantics
//! over JSON data, with `value` for printing and truthiness and `helpers` for calls).
//! `runtime` holds the compiled catalog `build.rs` embeds.

pub mod check;
pub mod compile;
pub mod eval;
pub mod explain;
pub mod helpers;
pub mod precheck;
pub mod prelex;
pub mod program;
pub mod runtime;
pub mod suggest;
pub mod value;

// `check` reads the catalog model as `super::model`, both here and in `build.rs`.
use crate::catalog::model;
// `location` and `error` likewise.
use crate::{error, location};

pub use program::Program;

use crate::error::Error;
use model::Variable;

/// Checks and compiles one source, as `build.rs` does for the catalog: `variables`
/// checks names against a message's manifest, `partials` are the names it may include,
/// `html` escapes every value (and refuses `{{{raw}}}`).
pub fn compile_source(
    source: &str,
    variables: Option<&[Variable]>,
    partials: &[&str],
    market: &[&str],
    html: bool,
) -> Result<Program, Error> {
    let env = check::Env {
        variables,
        partials,
        market,
        html,
    };
    compile::compile(source, &env).map_err(|p| problem_error(source, p))
}

/// A checker problem as an error placed in `source`.
pub fn problem_error(source: &str, p: check::Problem) -> Error {
    let mut e = Error::new(p.code, p.message).at(source, p.line, p.column);
    if let Some(path) = p.path {
        e = e.with_path(path);
    }
    e
}
