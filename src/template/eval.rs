//! The evaluator: runs a [`Program`] over borrowed JSON data into one output buffer, with
//! Handlebars.js's lookup rules (`../` counts context changes, block parameters, `@root`,
//! `@index`/`@key`/`@first`/`@last`), and tidings' limits as errors: a step budget, a
//! nesting depth for partials and an output cap, so no template can trap the instance.

use super::helpers::{self, Arg, Call};
use super::program::{At, Base, Expr, Node, Path, Program};
use super::value::{self, Val};
use crate::error::{Error, ErrorKind};
use crate::format::Formatter;
use serde_json::Value;

/// Steps one render may take: every node, iteration and helper call is one. A catalog
/// message takes a few hundred; more than this is looping over more than any message
/// needs (nested `{{#each}}` with an empty body renders nothing yet takes exponential
/// time, so output alone is not a bound).
pub const MAX_STEPS: u64 = 100_000;
/// Most bytes one part may render to: nested loops over large lists grow exponentially
/// and would exhaust WebAssembly memory. A real message part is a few KiB.
pub const MAX_OUTPUT: usize = 1 << 20;
/// Deepest nesting of partials (a partial may include another, or itself).
pub const MAX_PARTIAL_DEPTH: usize = 16;

/// Everything a render needs besides the program and the data.
pub struct Env<'e> {
    pub fmt: &'e Formatter,
    /// The zone dates are shown in when the data has no `timeZone`.
    pub default_zone: &'e str,
    /// Strict (catalog messages): a missing value is an error. Lenient: it prints
    /// nothing, as in Handlebars.js.
    pub strict: bool,
    pub partials: &'e dyn Fn(&str) -> Option<&'e Program>,
    pub memo: Option<&'e helpers::Memo>,
    /// `@market`: the destination market's texts (an object of strings), as Handlebars.js
    /// gives custom `@data` to a template; `None` in a catalog without markets.
    pub market: Option<&'e Value>,
    /// The destination market's rules while rendering an SMS to it: its money forms
    /// (`{amount}元`) and its own time zone (dates without the year, the offset only
    /// for another zone). `None` outside an SMS, where CLDR's forms apply.
    pub sms_market: Option<&'e crate::catalog::model::MarketRules>,
}

/// The `@index`, `@key`, `@first`, `@last` of one `#each` iteration.
struct Iteration<'a> {
    index: usize,
    key: Val<'a>,
    first: bool,
    last: bool,
}

struct Frame<'a> {
    this: Val<'a>,
    /// False for a block whose context is the one it was given (`#with this`): it
    /// adds no `../` level.
    counts: bool,
    locals: Vec<(&'a str, Val<'a>)>,
}

struct Eval<'e, 'a> {
    env: &'e Env<'a>,
    root: &'a Value,
    zone: &'a str,
    frames: Vec<Frame<'a>>,
    data: Vec<Iteration<'a>>,
    steps: u64,
    partial_depth: usize,
    out: &'e mut String,
    start: usize,
}

/// Renders `program` over `data`, appending to `out`. Errors carry line and column (the
/// caller adds the source line) and, where known, the variable path.
pub fn render<'a>(
    program: &'a Program,
    data: &'a Value,
    env: &Env<'a>,
    out: &mut String,
) -> Result<(), Error> {
    let zone = match data.get(crate::catalog::model::TIME_ZONE_VAR) {
        Some(Value::String(z)) => z.as_str(),
        _ => env.default_zone,
    };
    let start = out.len();
    let mut eval = Eval {
        env,
        root: data,
        zone,
        frames: vec![Frame {
            this: Val::Ref(data),
            counts: true,
            locals: Vec::new(),
        }],
        data: Vec::new(),
        steps: 0,
        partial_depth: 0,
        out,
        start,
    };
    eval.nodes(&program.nodes)
}

fn located(kind: ErrorKind, message: String, at: At) -> Error {
    Error::new(kind, message).at_position(at.0, at.1)
}

/// The error of a render that ran out of steps.
pub fn exhausted() -> Error {
    Error::new(
        ErrorKind::TemplateLimit,
        format!(
            "the template takes more than {MAX_STEPS} steps to render (loops nested over lists?)"
        ),
    )
}

fn too_large() -> Error {
    Error::new(
        ErrorKind::TemplateLimit,
        format!(
            "the template renders to more than {} KiB (nested loops over large lists?)",
            MAX_OUTPUT / 1024
        ),
    )
}

impl<'e, 'a> Eval<'e, 'a>
where
    'a: 'e,
{
    fn charge(&mut self, steps: u64) -> Result<(), Error> {
        self.steps += steps;
        if self.steps > MAX_STEPS {
            return Err(exhausted());
        }
        Ok(())
    }

    fn push(&mut self, text: &str, escape: bool) -> Result<(), Error> {
        if self.out.len() - self.start + text.len() > MAX_OUTPUT {
            return Err(too_large());
        }
        if escape {
            value::write_escaped(self.out, text);
            if self.out.len() - self.start > MAX_OUTPUT {
                return Err(too_large());
            }
        } else {
            self.out.push_str(text);
        }
        Ok(())
    }

    fn nodes(&mut self, nodes: &'a [Node]) -> Result<(), Error> {
        for node in nodes {
            self.node(node)?;
        }
        Ok(())
    }

    fn node(&mut self, node: &'a Node) -> Result<(), Error> {
        self.charge(1)?;
        match node {
            Node::Text(text) => self.push(text, false),
            Node::Output { expr, escape, at } => {
                let v = match expr {
                    Expr::Path(path) => self.path(path, self.env.strict, *at)?,
                    other => self.expr(other, *at)?,
                };
                let Some(v) = v else { return Ok(()) };
                match &*v {
                    Value::String(s) => self.push(s, *escape),
                    Value::Null => Ok(()),
                    other => {
                        let mut text = String::new();
                        value::write(&mut text, other);
                        self.push(&text, *escape)
                    }
                }
            }
            Node::If {
                cond,
                negate,
                include_zero,
                then,
                otherwise,
                at,
            } => {
                let v = self.expr(cond, *at)?;
                let yes = value::truthy(v.as_deref(), *include_zero) != *negate;
                self.nodes(if yes { then } else { otherwise })
            }
            Node::With {
                value,
                param,
                body,
                otherwise,
                at,
            } => {
                let v = self.expr(value, *at)?;
                match v {
                    Some(v) if !value::is_empty(Some(&v)) => {
                        let locals = param.iter().map(|p| (p.as_str(), v.clone())).collect();
                        self.enter(v, locals);
                        let r = self.nodes(body);
                        self.frames.pop();
                        r
                    }
                    _ => self.nodes(otherwise),
                }
            }
            Node::Each {
                list,
                item,
                index,
                body,
                otherwise,
                at,
            } => {
                let v = self.expr(list, *at)?;
                let count = self.each(v, item, index, body)?;
                if count == 0 {
                    self.nodes(otherwise)?;
                }
                Ok(())
            }
            Node::Partial {
                name,
                context,
                hash,
                indent,
                at,
            } => self.partial(name, context.as_ref(), hash, indent.as_deref(), *at),
        }
    }

    /// Pushes a block's context; a context equal to the current one adds no level.
    fn enter(&mut self, this: Val<'a>, locals: Vec<(&'a str, Val<'a>)>) {
        let counts = self.frames.last().is_none_or(|f| !f.this.same(&this));
        self.frames.push(Frame {
            this,
            counts,
            locals,
        });
    }

    fn each(
        &mut self,
        v: Option<Val<'a>>,
        item: &'a Option<String>,
        index: &'a Option<String>,
        body: &'a [Node],
    ) -> Result<usize, Error> {
        let Some(v) = v else { return Ok(0) };
        let entries: Vec<(Val<'a>, Val<'a>)> = match (&v, &*v) {
            (Val::Ref(Value::Array(items)), _) => items
                .iter()
                .enumerate()
                .map(|(i, x)| (Val::owned(i.into()), Val::Ref(x)))
                .collect(),
            (Val::Ref(Value::Object(map)), _) => object_order(map)
                .into_iter()
                .map(|(k, x)| (Val::owned(Value::String(k.clone())), Val::Ref(x)))
                .collect(),
            (_, Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, x)| (Val::owned(i.into()), Val::owned(x.clone())))
                .collect(),
            (_, Value::Object(map)) => object_order(map)
                .into_iter()
                .map(|(k, x)| (Val::owned(Value::String(k.clone())), Val::owned(x.clone())))
                .collect(),
            _ => return Ok(0),
        };
        let n = entries.len();
        // Charged before the loop runs, on top of the body's own nodes.
        self.charge(n as u64)?;
        for (i, (key, x)) in entries.into_iter().enumerate() {
            let mut locals = Vec::new();
            if let Some(name) = item {
                locals.push((name.as_str(), x.clone()));
            }
            if let Some(name) = index {
                locals.push((name.as_str(), key.clone()));
            }
            self.data.push(Iteration {
                index: i,
                key,
                first: i == 0,
                last: i + 1 == n,
            });
            self.enter(x, locals);
            let r = self.nodes(body);
            self.frames.pop();
            self.data.pop();
            r?;
        }
        Ok(n)
    }

    fn partial(
        &mut self,
        name: &'a str,
        context: Option<&'a Expr>,
        hash: &'a [(String, Expr)],
        indent: Option<&'a str>,
        at: At,
    ) -> Result<(), Error> {
        let Some(program) = (self.env.partials)(name) else {
            return Err(located(
                ErrorKind::UnknownPartial,
                format!("unknown partial `{name}`"),
                at,
            ));
        };
        if self.partial_depth >= MAX_PARTIAL_DEPTH {
            return Err(located(
                ErrorKind::TemplateLimit,
                format!(
                    "partials are nested more than {MAX_PARTIAL_DEPTH} deep (does `{name}` include itself?)"
                ),
                at,
            ));
        }
        let mut this = match context {
            Some(e) => self.expr(e, at)?.unwrap_or(Val::Ref(&Value::Null)),
            None => self.this(),
        };
        if !hash.is_empty() {
            // Handlebars.js: the context's own properties, then the hash's.
            let mut map = match &*this {
                Value::Object(m) => m.clone(),
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (i.to_string(), x.clone()))
                    .collect(),
                _ => serde_json::Map::new(),
            };
            for (key, e) in hash {
                let v = self.expr(e, at)?;
                map.insert(key.clone(), v.map_or(Value::Null, |v| (*v).clone()));
            }
            this = Val::owned(Value::Object(map));
        }
        // A partial sees only its own context: no `../`, no block parameters.
        let frames = std::mem::replace(
            &mut self.frames,
            vec![Frame {
                this,
                counts: true,
                locals: Vec::new(),
            }],
        );
        let from = self.out.len();
        self.partial_depth += 1;
        let r = self.nodes(&program.nodes);
        self.partial_depth -= 1;
        self.frames = frames;
        // An error inside the partial is shown at the `{{> name}}` tag of this source.
        r.map_err(|e| match e.line {
            Some(_) => e.in_partial(name).at_position(at.0, at.1),
            None => e,
        })?;
        if let Some(indent) = indent {
            // Handlebars.js indents every line of a standalone partial's output, except
            // an empty last one (after a final newline, or when it rendered nothing).
            let rendered = self.out.split_off(from);
            let lines: Vec<&str> = rendered.split('\n').collect();
            for (i, line) in lines.iter().enumerate() {
                if i > 0 {
                    self.push("\n", false)?;
                }
                if !(line.is_empty() && i + 1 == lines.len()) {
                    self.push(indent, false)?;
                }
                self.push(line, false)?;
            }
        }
        Ok(())
    }

    fn this(&self) -> Val<'a> {
        self.frames
            .last()
            .map_or(Val::Ref(self.root), |f| f.this.clone())
    }

    /// Evaluates a parameter: a missing value is `None` (never an error by itself).
    fn expr(&mut self, expr: &'a Expr, at: At) -> Result<Option<Val<'a>>, Error> {
        match expr {
            Expr::Path(path) => self.path(path, false, at),
            Expr::Literal(lit) => Ok(Some(Val::Ref(&lit.0))),
            Expr::Call {
                helper,
                args,
                hash,
                at,
            } => {
                self.charge(1)?;
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    values.push(Arg {
                        value: self.expr(a, *at)?,
                        path: arg_path(a),
                    });
                }
                let mut pairs = Vec::with_capacity(hash.len());
                for (k, e) in hash {
                    pairs.push((
                        k.as_str(),
                        Arg {
                            value: self.expr(e, *at)?,
                            path: arg_path(e),
                        },
                    ));
                }
                let Some(f) = helpers::get(helper) else {
                    return Err(located(
                        ErrorKind::UnknownHelper,
                        format!("unknown helper `{helper}`"),
                        *at,
                    ));
                };
                let call = Call {
                    name: helper,
                    args: &values,
                    hash: &pairs,
                    fmt: self.env.fmt,
                    zone: self.zone,
                    memo: self.env.memo,
                    sms_market: self.env.sms_market,
                };
                f(&call).map(Some).map_err(|e| match e.line {
                    Some(_) => e,
                    None => e.at_position(at.0, at.1),
                })
            }
        }
    }

    /// Resolves a path; with `strict`, a missing value is an error.
    fn path(&mut self, path: &'a Path, strict: bool, at: At) -> Result<Option<Val<'a>>, Error> {
        let start: Option<Val<'a>> = match &path.base {
            Base::Root => Some(Val::Ref(self.root)),
            Base::Context { up: 0 } => Some(self.this()),
            Base::Context { up } => self
                .frames
                .iter()
                .rev()
                .filter(|f| f.counts)
                .nth(*up as usize)
                .map(|f| f.this.clone()),
            Base::Local(name) => self
                .frames
                .iter()
                .rev()
                .find_map(|f| f.locals.iter().find(|(n, _)| n == name))
                .map(|(_, v)| v.clone()),
            Base::Data { name, up } => {
                let it = self.data.iter().rev().nth(*up as usize);
                match (name.as_str(), it) {
                    ("index", Some(it)) => Some(Val::owned(it.index.into())),
                    ("key", Some(it)) => Some(it.key.clone()),
                    ("first", Some(it)) => Some(Val::owned(it.first.into())),
                    ("last", Some(it)) => Some(Val::owned(it.last.into())),
                    ("market", _) if *up == 0 => self.env.market.map(Val::Ref),
                    _ => None,
                }
            }
        };
        let mut v = start;
        for segment in &path.segments {
            v = match v {
                Some(x) => x.get(segment),
                None => None,
            };
        }
        if v.is_none() && strict {
            let p = &path.raw;
            return Err(located(
                ErrorKind::MissingVariable,
                format!("`{p}` has no value (rendering is strict: wrap optional variables in {{{{#if {p}}}}})"),
                at,
            )
            .with_path(p.clone()));
        }
        Ok(v)
    }
}

/// The path an argument was read from, for errors.
fn arg_path(e: &Expr) -> Option<&str> {
    match e {
        Expr::Path(p) => Some(p.raw.as_str()),
        _ => None,
    }
}

/// An object's keys in JavaScript's order: integer keys ascending, then the others in
/// insertion order.
fn object_order(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let is_index = |k: &str| {
        !k.is_empty()
            && k.bytes().all(|b| b.is_ascii_digit())
            && (k == "0" || !k.starts_with('0'))
            && k.parse::<u32>().is_ok_and(|n| n < u32::MAX)
    };
    let mut indices: Vec<(&String, &Value)> = map.iter().filter(|(k, _)| is_index(k)).collect();
    if indices.is_empty() {
        return map.iter().collect();
    }
    indices.sort_by_key(|(k, _)| k.parse::<u32>().unwrap_or(u32::MAX));
    indices.extend(map.iter().filter(|(k, _)| !is_index(k)));
    indices
}
