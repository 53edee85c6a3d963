//! The compiled form of a template: what `build.rs` embeds for every catalog part and what
//! the run-time compiler makes of an editor's source. Text is literal, paths are split,
//! helpers are resolved and checked, escaping is fixed per output, whitespace control and
//! standalone lines are applied. Serialised with postcard; [`FORMAT`] versions it.

use serde::{Deserialize, Serialize};

/// The program format's version; a compiled catalog of another version is refused.
pub const FORMAT: u32 = 1;

/// A compiled template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    pub nodes: Vec<Node>,
}

/// Where a node is in the source: 1-based line and column (characters).
pub type At = (u32, u32);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Node {
    Text(String),
    /// `{{expr}}`; `escape` is set for `{{…}}` in HTML parts.
    Output {
        expr: Expr,
        escape: bool,
        at: At,
    },
    /// `#if` (or `#unless` with `negate`), `else if` chains lowered into `otherwise`.
    If {
        cond: Expr,
        negate: bool,
        include_zero: bool,
        then: Vec<Node>,
        otherwise: Vec<Node>,
        at: At,
    },
    Each {
        list: Expr,
        /// `as |item index|`
        item: Option<String>,
        index: Option<String>,
        body: Vec<Node>,
        otherwise: Vec<Node>,
        at: At,
    },
    With {
        value: Expr,
        param: Option<String>,
        body: Vec<Node>,
        otherwise: Vec<Node>,
        at: At,
    },
    /// `{{> name context key=value}}`; `indent` for a standalone partial's lines.
    Partial {
        name: String,
        context: Option<Expr>,
        hash: Vec<(String, Expr)>,
        indent: Option<String>,
        at: At,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Expr {
    Path(Path),
    Literal(Literal),
    Call {
        helper: String,
        args: Vec<Expr>,
        hash: Vec<(String, Expr)>,
        at: At,
    },
}

/// A path, split once: where it starts and the names after that.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Path {
    pub base: Base,
    pub segments: Vec<String>,
    /// As written, for errors.
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Base {
    /// The context `up` levels above the current one (`this`, `../`, plain names).
    Context { up: u32 },
    /// `@root`.
    Root,
    /// A block parameter (`as |item|`) by name.
    Local(String),
    /// `@index`, `@key`, `@first`, `@last` (`up` for `@../index`).
    Data { name: String, up: u32 },
}

/// A literal argument (`"text"`, `2`, `true`, `null`), kept as JSON text so postcard
/// (which cannot read `serde_json::Value` self-describingly) stores it as a string.
#[derive(Debug, Clone, PartialEq)]
pub struct Literal(pub serde_json::Value);

impl Serialize for Literal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text)
            .map(Literal)
            .map_err(serde::de::Error::custom)
    }
}

/// A compiled catalog: per locale, the programs of its partials and of every message
/// part. `build.rs` writes the embedded one; nothing in the evaluator assumes it is the
/// only one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Programs {
    pub format: u32,
    /// Locale → partial name → program, for plain-text parts and for HTML parts (a
    /// partial's escaping is that of the part including it).
    pub partials: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Program>>,
    pub html_partials:
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, Program>>,
    /// Locale → message id → part name → program.
    pub parts: std::collections::BTreeMap<
        String,
        std::collections::BTreeMap<String, std::collections::BTreeMap<String, Program>>,
    >,
}
