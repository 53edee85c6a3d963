//! The compiled form of a template: what `build.rs` embeds for every catalog part and what
//! the run-time compiler makes of an editor's source. Text is literal, paths are split,
//! helpers are resolved and checked, escaping is fixed per output, whitespace control and
//! standalone lines are applied. Serialised with postcard; [`FORMAT`] versions it.

use serde::{Deserialize, Serialize};

/// The program format's version (written in a compiled catalog file's header); a
/// compiled catalog of another version is refused. 3: the file carries its locales'
/// ICU4X data and its time zones' TZif data. 4: each locale's programs are a blob of
/// their own, decoded when the locale is first used.
pub const FORMAT: u32 = 4;

/// Deepest nesting of node and argument lists a decoded program may have. The compiler
/// never makes more than about 80 (64 blocks, 8 subexpressions); a hostile catalog file
/// could nest a million deep and overflow the stack while it is decoded.
pub const MAX_NESTING: u32 = 128;

/// A compiled template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    #[serde(deserialize_with = "nested")]
    pub nodes: Vec<Node>,
}

std::thread_local! {
    static NESTING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Decodes a nested list, refusing nesting deeper than [`MAX_NESTING`] (every recursion
/// of the program types passes through one of these lists).
fn nested<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let depth = NESTING.get() + 1;
    if depth > MAX_NESTING {
        return Err(serde::de::Error::custom(format!(
            "a program nests more than {MAX_NESTING} deep"
        )));
    }
    NESTING.set(depth);
    let list = Vec::<T>::deserialize(d);
    NESTING.set(depth - 1);
    list
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
        #[serde(deserialize_with = "nested")]
        then: Vec<Node>,
        #[serde(deserialize_with = "nested")]
        otherwise: Vec<Node>,
        at: At,
    },
    Each {
        list: Expr,
        /// `as |item index|`
        item: Option<String>,
        index: Option<String>,
        #[serde(deserialize_with = "nested")]
        body: Vec<Node>,
        #[serde(deserialize_with = "nested")]
        otherwise: Vec<Node>,
        at: At,
    },
    With {
        value: Expr,
        param: Option<String>,
        #[serde(deserialize_with = "nested")]
        body: Vec<Node>,
        #[serde(deserialize_with = "nested")]
        otherwise: Vec<Node>,
        at: At,
    },
    /// `{{> name context key=value}}`; `indent` for a standalone partial's lines.
    Partial {
        name: String,
        context: Option<Expr>,
        #[serde(deserialize_with = "nested")]
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
        #[serde(deserialize_with = "nested")]
        args: Vec<Expr>,
        #[serde(deserialize_with = "nested")]
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

/// One locale's programs (see [`Programs`]): what a compiled catalog file stores per
/// locale, so that a process rendering one locale decodes only that one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalePrograms {
    pub partials: std::collections::BTreeMap<String, Program>,
    pub html_partials: std::collections::BTreeMap<String, Program>,
    /// Message id → part name → program.
    pub parts: std::collections::BTreeMap<String, std::collections::BTreeMap<String, Program>>,
}

impl Programs {
    /// The programs of `locale` (empty maps where it has none).
    pub fn of_locale(&self, locale: &str) -> LocalePrograms {
        LocalePrograms {
            partials: self.partials.get(locale).cloned().unwrap_or_default(),
            html_partials: self.html_partials.get(locale).cloned().unwrap_or_default(),
            parts: self.parts.get(locale).cloned().unwrap_or_default(),
        }
    }

    /// Every locale that has a program.
    pub fn locales(&self) -> std::collections::BTreeSet<&String> {
        self.partials
            .keys()
            .chain(self.html_partials.keys())
            .chain(self.parts.keys())
            .collect()
    }
}

/// A path split into its base and names, and whether it was written scoped (`this.`,
/// `./`, `../`), which keeps a block parameter of the same name from taking it.
pub struct Parsed {
    pub base: Base,
    pub segments: Vec<String>,
    pub scoped: bool,
}

/// Splits a Handlebars path: `this`, `this.a`, `./a`, `../a`, `../../this`, `@root.a`,
/// `@index`, `@../index`, `a.b`, `a/b`, `a.[b c]`. A bare number segment (`a.0`) is a
/// syntax error, as in Handlebars.js; `a.[0]` is the way to write it.
pub fn parse_path(raw: &str) -> Result<Parsed, String> {
    let mut rest = raw;
    let mut scoped = false;
    let take = |rest: &mut &str, word: &str| -> bool {
        match rest.strip_prefix(word) {
            Some(r) if r.is_empty() || r.starts_with(['.', '/']) => {
                *rest = r.strip_prefix(['.', '/']).unwrap_or(r);
                true
            }
            _ => false,
        }
    };
    let base = if take(&mut rest, "@root") {
        Base::Root
    } else if let Some(data) = rest.strip_prefix('@') {
        let mut up = 0;
        let mut name = data;
        while let Some(r) = name.strip_prefix("../") {
            up += 1;
            name = r;
        }
        let (first, tail) = match name.find(['.', '/']) {
            Some(i) => (&name[..i], &name[i + 1..]),
            None => (name, ""),
        };
        return Ok(Parsed {
            base: Base::Data {
                name: first.to_string(),
                up,
            },
            segments: split_segments(tail)?,
            scoped: true,
        });
    } else {
        if take(&mut rest, "this") {
            scoped = true;
        } else if let Some(r) = rest.strip_prefix("./") {
            scoped = true;
            rest = r;
        }
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("../") {
            up += 1;
            scoped = true;
            rest = r;
        }
        if up > 0 && take(&mut rest, "this") {
            scoped = true;
        }
        Base::Context { up }
    };
    Ok(Parsed {
        base,
        segments: split_segments(rest)?,
        scoped,
    })
}

fn split_segments(mut rest: &str) -> Result<Vec<String>, String> {
    let mut segments = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').unwrap_or(r.len());
            segments.push(r[..end].to_string());
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(['.', '/']).unwrap_or(rest.len());
            let segment = &rest[..end];
            // Handlebars.js lexes a number before `}}`, a space or `)` as a number literal,
            // so only a last segment may not be a bare number (`a.0.b` is fine).
            if end == rest.len()
                && !segment.is_empty()
                && segment.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(format!(
                    "`{segment}` is a number, not a name; write `[{segment}]` for an item by position"
                ));
            }
            if !segment.is_empty() {
                segments.push(segment.to_string());
            }
            rest = &rest[end..];
        }
        rest = rest.strip_prefix(['.', '/']).unwrap_or(rest);
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(raw: &str) -> (Base, Vec<String>) {
        let p = parse_path(raw).unwrap();
        (p.base, p.segments)
    }

    #[test]
    fn paths_split_as_handlebars_reads_them() {
        let ctx = |up| Base::Context { up };
        let s = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(path("a.b"), (ctx(0), s(&["a", "b"])));
        assert_eq!(path("a/b"), (ctx(0), s(&["a", "b"])));
        assert_eq!(path("this"), (ctx(0), s(&[])));
        assert_eq!(path("this.a"), (ctx(0), s(&["a"])));
        assert_eq!(path("./a"), (ctx(0), s(&["a"])));
        assert_eq!(path("../../this"), (ctx(2), s(&[])));
        assert_eq!(path("../a.[b c]"), (ctx(1), s(&["a", "b c"])));
        assert_eq!(path("@root.a"), (Base::Root, s(&["a"])));
        assert_eq!(path("items.[0]"), (ctx(0), s(&["items", "0"])));
        assert_eq!(path("thisone"), (ctx(0), s(&["thisone"])));
        assert_eq!(
            path("@index"),
            (
                Base::Data {
                    name: "index".into(),
                    up: 0
                },
                s(&[])
            )
        );
        assert!(parse_path("items.0").is_err());
        assert_eq!(path("items.0.name"), (ctx(0), s(&["items", "0", "name"])));
    }
}
