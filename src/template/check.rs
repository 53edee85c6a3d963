//! Static checks of one template source against the catalog: syntax, declared variables
//! (with `#each`/`#with` scopes), known helpers and partials, and the constructs tidings
//! refuses (raw `{{{ }}}` output, inline partials and decorators). Shared by `build.rs`,
//! which fails the build on any problem, and the runtime, which checks editors' sources.

use super::error::ErrorKind;
use super::model::{TIME_ZONE_VAR, VarType, Variable};
use handlebars::template::{
    BlockParam, HelperTemplate, Parameter, Template, TemplateElement, TemplateMapping,
};

/// One problem found in a template, positioned at a 1-based line and column of `source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: ErrorKind,
    pub message: String,
    pub line: u32,
    pub column: u32,
    pub path: Option<String>,
}

use super::explain::explain;
use super::precheck::MAX_SUBEXPRESSION_DEPTH;
use super::precheck::precheck;
use super::prelex::{Prelexed, prelex};
use super::program::{Base, parse_path};
use super::suggest::did_you_mean;

/// What a helper accepts: positional parameter types and hash keys.
pub struct HelperSig {
    pub name: &'static str,
    pub params: &'static [Accept],
    /// Extra positional parameters of the last kind are allowed (`and`, `or`).
    pub variadic: bool,
    pub hash: &'static [&'static str],
    pub block: bool,
}

/// A parameter kind a helper accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    Any,
    Number,
    Money,
    Datetime,
    Text,
    List,
}

impl Accept {
    /// The kind as `schema()` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Accept::Any => "any",
            Accept::Number => "number",
            Accept::Money => "money",
            Accept::Datetime => "datetime",
            Accept::Text => "text",
            Accept::List => "list",
        }
    }
}

/// Every helper a template may call: the tidings formatters and the built-ins kept.
pub const HELPERS: &[HelperSig] = &[
    sig("number", &[Accept::Number], &["decimals"]),
    sig("money", &[Accept::Money], &[]),
    sig("datetime", &[Accept::Datetime], &[]),
    sig("date", &[Accept::Datetime], &[]),
    sig("time", &[Accept::Datetime], &[]),
    sig(
        "plural",
        &[Accept::Number],
        &["zero", "one", "two", "few", "many", "other"],
    ),
    sig("list", &[Accept::List], &[]),
    sig("maskPhone", &[Accept::Text], &[]),
    sig("maskAccount", &[Accept::Text], &[]),
    sig("maskName", &[Accept::Text], &[]),
    sig("eq", &[Accept::Any, Accept::Any], &[]),
    sig("ne", &[Accept::Any, Accept::Any], &[]),
    sig("gt", &[Accept::Any, Accept::Any], &[]),
    sig("gte", &[Accept::Any, Accept::Any], &[]),
    sig("lt", &[Accept::Any, Accept::Any], &[]),
    sig("lte", &[Accept::Any, Accept::Any], &[]),
    sig("not", &[Accept::Any], &[]),
    HelperSig {
        name: "and",
        params: &[Accept::Any, Accept::Any],
        variadic: true,
        hash: &[],
        block: false,
    },
    HelperSig {
        name: "or",
        params: &[Accept::Any, Accept::Any],
        variadic: true,
        hash: &[],
        block: false,
    },
    sig("len", &[Accept::Any], &[]),
    sig("lookup", &[Accept::Any, Accept::Any], &[]),
    block("if", &[Accept::Any], &["includeZero"]),
    block("unless", &[Accept::Any], &["includeZero"]),
    block("each", &[Accept::List], &[]),
    block("with", &[Accept::Any], &[]),
];

const fn sig(
    name: &'static str,
    params: &'static [Accept],
    hash: &'static [&'static str],
) -> HelperSig {
    HelperSig {
        name,
        params,
        variadic: false,
        hash,
        block: false,
    }
}

/// A block helper (`{{#name …}}…{{/name}}`).
const fn block(
    name: &'static str,
    params: &'static [Accept],
    hash: &'static [&'static str],
) -> HelperSig {
    HelperSig {
        block: true,
        ..sig(name, params, hash)
    }
}

pub fn helper(name: &str) -> Option<&'static HelperSig> {
    HELPERS.iter().find(|h| h.name == name)
}

/// The type of a value in the data, as far as the manifest tells.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    /// Unknown (ad-hoc sources without a manifest, literals, helper results).
    Any,
    Scalar(VarType),
    Money,
    List(Box<Ty>),
    Object(Vec<(String, Ty)>),
}

impl Ty {
    fn of(var: &Variable) -> Ty {
        match var.ty {
            VarType::Money => Ty::Money,
            VarType::List => Ty::List(Box::new(match var.items {
                Some(VarType::Money) => Ty::Money,
                Some(t) => Ty::Scalar(t),
                None => Ty::Any,
            })),
            t => Ty::Scalar(t),
        }
    }

    fn field(&self, name: &str) -> Option<Ty> {
        match self {
            Ty::Any => Some(Ty::Any),
            Ty::Money => match name {
                "amount" => Some(Ty::Scalar(VarType::Number)),
                "currency" => Some(Ty::Scalar(VarType::String)),
                _ => None,
            },
            Ty::List(item) if name.parse::<usize>().is_ok() => Some((**item).clone()),
            Ty::List(_) if name == "length" => Some(Ty::Scalar(VarType::Number)),
            Ty::Object(fields) => fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.clone()),
            _ => None,
        }
    }

    /// The names `field` knows, for "did you mean".
    fn field_names(&self) -> Vec<&str> {
        match self {
            Ty::Money => vec!["amount", "currency"],
            Ty::List(_) => vec!["length"],
            Ty::Object(fields) => fields.iter().map(|(n, _)| n.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    fn describe(&self) -> &'static str {
        match self {
            Ty::Any => "a value",
            Ty::Scalar(t) => t.as_str(),
            Ty::Money => "money",
            Ty::List(_) => "list",
            Ty::Object(_) => "object",
        }
    }

    fn accepts(accept: Accept, ty: &Ty) -> bool {
        match (accept, ty) {
            (Accept::Any, _) | (_, Ty::Any) => true,
            (Accept::Number, Ty::Scalar(VarType::Number)) => true,
            (Accept::Money, Ty::Money) => true,
            (Accept::Datetime, Ty::Scalar(VarType::Datetime)) => true,
            (Accept::Text, Ty::Scalar(t)) => !matches!(t, VarType::Boolean),
            (Accept::List, Ty::List(_)) => true,
            _ => false,
        }
    }
}

/// One level of context: `this`, plus block parameters and whether `@index` exists.
struct Frame {
    this: Ty,
    locals: Vec<(String, Ty)>,
    in_each: bool,
}

/// What the checker knows about the template's surroundings.
pub struct Env<'a> {
    /// Declared variables; `None` checks no variable names (ad-hoc sources).
    pub variables: Option<&'a [Variable]>,
    /// Names of partials a template may include.
    pub partials: &'a [&'a str],
    /// Names of the texts `@market.<name>` reads (the catalog's markets declare them).
    pub market: &'a [&'a str],
    /// An HTML part (email HTML, and partials, which HTML parts include): values are
    /// escaped there and `{{{raw}}}` output is refused.
    pub html: bool,
}

/// Parses and checks `source`. Returns the parsed template when it parsed, and every
/// problem found (an empty list means the template is good).
/// What `analyse` learns about a template besides its problems.
pub struct Analysis<'s> {
    pub template: Option<Template>,
    /// The source the parser read (see `prelex`), which `compile` lowers from.
    pub pre: Prelexed<'s>,
    pub problems: Vec<Problem>,
    /// Top-level variable names the template reads (`amount` for `{{amount.currency}}`).
    pub variables: std::collections::BTreeSet<String>,
    /// Partials included unconditionally (not inside any block).
    pub partials: Vec<String>,
}

/// Parses and checks `source`, and records the variables and partials it uses.
pub fn analyse<'s>(source: &'s str, env: &Env<'_>) -> Analysis<'s> {
    let failed = |problem, pre| Analysis {
        template: None,
        pre,
        problems: vec![problem],
        variables: Default::default(),
        partials: Vec::new(),
    };
    if let Some(problem) = precheck(source) {
        return failed(problem, prelex(""));
    }
    let pre = prelex(source);
    let template = match Template::compile(&pre.source) {
        Ok(t) => t,
        Err(e) => {
            // The usual mistakes are said where they are, with the fix; the parser's own
            // words (where it gave up) for the rest.
            let (line, column, message) = match explain(source) {
                Some(m) => (m.line, m.column, m.message),
                None => {
                    let (line, column) = e.pos().unwrap_or((1, 1));
                    let (line, column) =
                        pre.original_position(source, to_u32(line), to_u32(column));
                    (line, column, syntax_message(&e.reason().to_string()))
                }
            };
            let problem = Problem {
                code: ErrorKind::TemplateSyntax,
                message,
                line,
                column,
                path: None,
            };
            return failed(problem, pre);
        }
    };
    let root = match env.variables {
        Some(vars) => {
            let mut fields: Vec<(String, Ty)> =
                vars.iter().map(|v| (v.name.clone(), Ty::of(v))).collect();
            fields.push((TIME_ZONE_VAR.to_string(), Ty::Scalar(VarType::String)));
            Ty::Object(fields)
        }
        None => Ty::Any,
    };
    let mut checker = Checker {
        env,
        problems: Vec::new(),
        frames: vec![Frame {
            this: root,
            locals: Vec::new(),
            in_each: false,
        }],
        blocks: 0,
        subexpressions: 0,
        variables: Default::default(),
        partials: Vec::new(),
    };
    checker.template(&template, (1, 1));
    let mut problems = checker.problems;
    for p in &mut problems {
        (p.line, p.column) = pre.original_position(source, p.line, p.column);
    }
    Analysis {
        template: Some(template),
        pre,
        problems,
        variables: checker.variables,
        partials: checker.partials,
    }
}

/// Handlebars' parser reports pest's expectation lists; keep the first sentence readable.
fn syntax_message(reason: &str) -> String {
    let reason = reason.trim();
    let reason = reason
        .strip_prefix("invalid handlebars syntax: ")
        .unwrap_or(reason);
    // pest's message carries its own framed excerpt after the first line; ours is better.
    let first = reason
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with('=') || l.contains("expected"))
        .map(|l| l.trim_start_matches('=').trim().to_string())
        .unwrap_or_else(|| reason.lines().next().unwrap_or("").to_string());
    format!(
        "invalid Handlebars syntax: {}",
        readable_expectations(&first)
    )
}

/// Rewrites pest's grammar rule names (`helper_parameter`, `EOI`, …) into words an
/// editor understands, dropping duplicates.
fn readable_expectations(message: &str) -> String {
    let Some(list) = message.strip_prefix("expected ") else {
        return message.to_string();
    };
    let mut words: Vec<&str> = Vec::new();
    for rule in list
        .split([',', ' '])
        .filter(|w| !w.is_empty() && *w != "or")
    {
        let word = match rule {
            "identifier"
            | "opt_identifier"
            | "reference"
            | "name"
            | "path"
            | "path_id"
            | "path_raw_id"
            | "partial_identifier"
            | "opt_partial_identifier" => "a name",
            "helper_parameter" | "parameter" | "literal" | "string_literal" | "number_literal"
            | "boolean_literal" | "null_literal" | "subexpression" => "an argument",
            "hash" => "an option such as key=value",
            "block_param" => "`as |name|`",
            // A tilde is only ever offered where the tag could also close.
            "trailing_tilde_to_omit_whitespace" | "leading_tilde_to_omit_whitespace" => "`}}`",
            "EOI" => "the end of the template",
            "helper_block_end" | "decorator_block_end" | "partial_block_end" | "raw_block_end" => {
                "a closing `{{/…}}` tag"
            }
            "invert_tag" | "invert_chain_tag" | "invert_tag_item" => "`{{else}}`",
            "template" | "expression" | "html_expression" | "helper_block" | "raw_text" => {
                "text or a `{{…}}` tag"
            }
            "path_sep" => "`.` or `/`",
            _ => "`}}`",
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    match words.as_slice() {
        [] => message.to_string(),
        [one] => format!("expected {one}"),
        [init @ .., last] => format!("expected {} or {last}", init.join(", ")),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Checker<'e, 'a> {
    env: &'e Env<'a>,
    problems: Vec<Problem>,
    frames: Vec<Frame>,
    /// How many blocks enclose the current element.
    blocks: usize,
    /// How many sub-expressions enclose the current parameter.
    subexpressions: usize,
    variables: std::collections::BTreeSet<String>,
    partials: Vec<String>,
}

impl Checker<'_, '_> {
    fn problem(&mut self, code: ErrorKind, at: (u32, u32), message: String, path: Option<String>) {
        self.problems.push(Problem {
            code,
            message,
            line: at.0,
            column: at.1,
            path,
        });
    }

    fn template(&mut self, t: &Template, fallback: (u32, u32)) {
        for (i, element) in t.elements.iter().enumerate() {
            let at = t
                .mapping
                .get(i)
                .map(|m: &TemplateMapping| (to_u32(m.0), to_u32(m.1)))
                .unwrap_or(fallback);
            self.element(element, at);
        }
    }

    fn element(&mut self, element: &TemplateElement, at: (u32, u32)) {
        match element {
            TemplateElement::RawString(_) | TemplateElement::Comment(_) => {}
            TemplateElement::HtmlExpression(_) if self.env.html => self.problem(
                ErrorKind::RawOutput,
                at,
                "`{{{…}}}` writes a value without escaping; use `{{…}}`".into(),
                None,
            ),
            TemplateElement::HtmlExpression(h) => self.expression(h, at),
            TemplateElement::Expression(h) => self.expression(h, at),
            TemplateElement::HelperBlock(h) => self.block(h, at),
            TemplateElement::PartialExpression(d) => match d.name.as_name() {
                Some(name) if self.env.partials.contains(&name) => {
                    if self.blocks == 0 {
                        self.partials.push(name.to_string());
                    }
                    // `{{> name context key=value}}`: the arguments are read here.
                    for p in &d.params {
                        self.param_type(p, at);
                    }
                    for p in d.hash.values() {
                        self.param_type(p, at);
                    }
                }
                Some(name) => {
                    let known = self.env.partials.join(", ");
                    let hint = did_you_mean(name, self.env.partials.iter().copied());
                    self.problem(
                        ErrorKind::UnknownPartial,
                        at,
                        format!("unknown partial `{name}` (known: {known}){hint}"),
                        None,
                    )
                }
                None => self.problem(
                    ErrorKind::UnknownPartial,
                    at,
                    "partial names must be literal".into(),
                    None,
                ),
            },
            _ => self.problem(
                ErrorKind::Unsupported,
                at,
                "inline partials, partial blocks and decorators are not supported".into(),
                None,
            ),
        }
    }

    fn expression(&mut self, h: &HelperTemplate, at: (u32, u32)) {
        let no_args = h.params.is_empty() && h.hash.is_empty();
        match &h.name {
            Parameter::Name(name) if no_args && helper(name).is_none() => {
                self.variable(name, at);
            }
            Parameter::Path(path) if no_args && helper(raw_path(path)).is_none() => {
                self.variable(raw_path(path), at);
            }
            _ => {
                self.call(h, at, false);
            }
        }
    }

    fn block(&mut self, h: &HelperTemplate, at: (u32, u32)) {
        self.blocks += 1;
        self.block_inner(h, at);
        self.blocks -= 1;
    }

    fn block_inner(&mut self, h: &HelperTemplate, at: (u32, u32)) {
        let Some(sig) = self.call(h, at, true) else {
            return;
        };
        let first = h
            .params
            .first()
            .map(|p| self.param_type(p, at))
            .unwrap_or(Ty::Any);
        match sig.name {
            "each" => {
                let item = match &first {
                    Ty::List(item) => (**item).clone(),
                    _ => Ty::Any,
                };
                let mut locals = Vec::new();
                match &h.block_param {
                    Some(BlockParam::Single(p)) => {
                        locals.extend(param_name(p).map(|n| (n, item.clone())))
                    }
                    Some(BlockParam::Pair((a, b))) => {
                        locals.extend(param_name(a).map(|n| (n, item.clone())));
                        locals.extend(param_name(b).map(|n| (n, Ty::Scalar(VarType::Number))));
                    }
                    _ => {}
                }
                self.frames.push(Frame {
                    this: item,
                    locals,
                    in_each: true,
                });
                if let Some(t) = &h.template {
                    self.template(t, at);
                }
                self.frames.pop();
            }
            "with" => {
                let mut locals = Vec::new();
                if let Some(BlockParam::Single(p)) = &h.block_param {
                    locals.extend(param_name(p).map(|n| (n, first.clone())));
                }
                self.frames.push(Frame {
                    this: first,
                    locals,
                    in_each: false,
                });
                if let Some(t) = &h.template {
                    self.template(t, at);
                }
                self.frames.pop();
            }
            _ => {
                if let Some(t) = &h.template {
                    self.template(t, at);
                }
            }
        }
        if let Some(t) = &h.inverse {
            self.template(t, at);
        }
    }

    /// Checks a helper call's name, arity, hash keys and parameter types.
    fn call(
        &mut self,
        h: &HelperTemplate,
        at: (u32, u32),
        is_block: bool,
    ) -> Option<&'static HelperSig> {
        let name = match &h.name {
            Parameter::Name(n) => n.clone(),
            Parameter::Path(p) => raw_path(p).to_string(),
            _ => {
                self.problem(
                    ErrorKind::UnknownHelper,
                    at,
                    "a helper name must be a plain name".into(),
                    None,
                );
                return None;
            }
        };
        let Some(sig) = helper(&name) else {
            let kind = if is_block { "block helper" } else { "helper" };
            let hint = did_you_mean(
                &name,
                HELPERS
                    .iter()
                    .filter(|h| h.block == is_block)
                    .map(|h| h.name),
            );
            self.problem(
                ErrorKind::UnknownHelper,
                at,
                format!("unknown {kind} `{name}`{hint}"),
                None,
            );
            return None;
        };
        if sig.block != is_block {
            let how = if sig.block {
                format!("`{{{{#{name} …}}}}…{{{{/{name}}}}}`")
            } else {
                format!("`{{{{{name} …}}}}`")
            };
            self.problem(
                ErrorKind::HelperArguments,
                at,
                format!("`{name}` is used as {how}"),
                None,
            );
            return None;
        }
        let n = h.params.len();
        let want = sig.params.len();
        if n < want || (n > want && !sig.variadic) {
            self.problem(
                ErrorKind::HelperArguments,
                at,
                format!(
                    "`{name}` takes {want} argument{}, not {n}",
                    if want == 1 { "" } else { "s" }
                ),
                None,
            );
        }
        for (i, p) in h.params.iter().enumerate() {
            let accept = sig
                .params
                .get(i)
                .or(sig.params.last())
                .copied()
                .unwrap_or(Accept::Any);
            let ty = self.param_type(p, at);
            if !Ty::accepts(accept, &ty) {
                let path = param_path(p);
                self.problem(
                    ErrorKind::HelperArguments,
                    at,
                    format!(
                        "`{name}` expects {} but `{}` is {}",
                        accept_name(accept),
                        path.clone().unwrap_or_default(),
                        ty.describe()
                    ),
                    path,
                );
            }
        }
        for (key, value) in &h.hash {
            if !sig.hash.contains(&key.as_str()) {
                self.problem(
                    ErrorKind::HelperArguments,
                    at,
                    format!("`{name}` has no option `{key}`"),
                    None,
                );
            }
            self.param_type(value, at);
        }
        Some(sig)
    }

    fn param_type(&mut self, p: &Parameter, at: (u32, u32)) -> Ty {
        match p {
            Parameter::Name(n) => self.variable(n, at),
            Parameter::Path(path) => self.variable(raw_path(path), at),
            Parameter::Literal(_) => Ty::Any,
            Parameter::Subexpression(sub) => {
                // The precheck bounds nesting on the text, before parsing; this is the
                // same limit on what was parsed, in case the two ever disagree.
                if self.subexpressions >= MAX_SUBEXPRESSION_DEPTH {
                    self.problem(
                        ErrorKind::TemplateLimit,
                        at,
                        format!(
                            "sub-expressions are nested more than {MAX_SUBEXPRESSION_DEPTH} deep"
                        ),
                        None,
                    );
                    return Ty::Any;
                }
                if let TemplateElement::Expression(h) = sub.as_element() {
                    // `(name)` with no arguments is a helper call in Handlebars too.
                    self.subexpressions += 1;
                    self.call(h, at, false);
                    self.subexpressions -= 1;
                }
                Ty::Any
            }
            _ => Ty::Any,
        }
    }

    /// Resolves a path against the scope stack; reports undeclared names. The path is
    /// read as the compiler reads it (a path it cannot read, it reports itself).
    fn variable(&mut self, raw: &str, at: (u32, u32)) -> Ty {
        let Ok(path) = parse_path(raw) else {
            return Ty::Any;
        };
        let top = self.frames.len() - 1;
        let level = match &path.base {
            Base::Root => 0,
            Base::Context { up } => match top.checked_sub(*up as usize) {
                Some(level) => level,
                None => {
                    self.problem(
                        ErrorKind::UnknownVariable,
                        at,
                        format!("`{raw}` goes above the data's root"),
                        Some(raw.into()),
                    );
                    return Ty::Any;
                }
            },
            Base::Data { name, up } if name == "market" => {
                let text = match path.segments.as_slice() {
                    [text] if *up == 0 => Some(text.as_str()),
                    _ => None,
                };
                if text.is_none_or(|t| !self.env.market.contains(&t)) {
                    let known = if self.env.market.is_empty() {
                        "the catalog declares no market texts (`texts` in `[catalog.markets.<ID>]`)"
                            .to_string()
                    } else {
                        format!(
                            "it has: {}",
                            self.env
                                .market
                                .iter()
                                .map(|t| format!("@market.{t}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    self.problem(
                        ErrorKind::UnknownVariable,
                        at,
                        format!("`{raw}` is not a market text; {known}"),
                        Some(raw.into()),
                    );
                }
                return Ty::Scalar(VarType::String);
            }
            Base::Data { name, .. } => {
                let ok = matches!(name.as_str(), "index" | "first" | "last" | "key")
                    && self.frames[top].in_each;
                if !ok {
                    self.problem(
                        ErrorKind::UnknownVariable,
                        at,
                        format!("`@{name}` is not defined here"),
                        Some(raw.into()),
                    );
                }
                // Only a manifest says what the data is; ad-hoc sources are not typed.
                return match self.env.variables {
                    Some(_) => Ty::Scalar(VarType::Number),
                    None => Ty::Any,
                };
            }
            Base::Local(_) => top,
        };
        let segs: Vec<&str> = path.segments.iter().map(String::as_str).collect();
        if let (false, Base::Context { up: 0 }, Some(first)) =
            (path.scoped, &path.base, segs.first().copied())
        {
            // Block parameters (`as |item|`) shadow the context.
            if let Some(ty) = self.frames[..=level].iter().rev().find_map(|f| {
                f.locals
                    .iter()
                    .find(|(n, _)| n == first)
                    .map(|(_, t)| t.clone())
            }) {
                return self.walk(ty, &segs[1..], raw, at);
            }
        }
        if let (0, Some(first)) = (level, segs.first()) {
            self.variables.insert((*first).to_string());
        }
        let this = self.frames[level].this.clone();
        self.walk(this, &segs, raw, at)
    }

    fn walk(&mut self, mut ty: Ty, segs: &[&str], raw: &str, at: (u32, u32)) -> Ty {
        for (i, seg) in segs.iter().enumerate() {
            match ty.field(seg) {
                Some(next) => ty = next,
                None => {
                    let at_root = self.frames[0].this.field(seg).is_some();
                    let message = if i == 0 && self.frames.len() > 1 && at_root {
                        format!(
                            "inside a block `{raw}` is looked up in the current item, which has no `{seg}`; write `@root.{raw}` for the top-level variable"
                        )
                    } else if i == 0 && (matches!(ty, Ty::Object(_)) || self.frames.len() > 1) {
                        let locals = self
                            .frames
                            .iter()
                            .flat_map(|f| f.locals.iter().map(|(n, _)| n.as_str()));
                        let hint = did_you_mean(seg, ty.field_names().into_iter().chain(locals));
                        format!("variable `{raw}` is not declared in the manifest{hint}")
                    } else {
                        let hint = did_you_mean(seg, ty.field_names());
                        format!("`{raw}`: {} has no field `{seg}`{hint}", ty.describe())
                    };
                    self.problem(ErrorKind::UnknownVariable, at, message, Some(raw.into()));
                    return Ty::Any;
                }
            }
        }
        ty
    }
}

/// A path as written (`../a.[b c]`).
pub fn raw_path(path: &handlebars::Path) -> &str {
    match path {
        handlebars::Path::Relative((_, raw)) => raw,
        handlebars::Path::Local((_, _, raw)) => raw,
    }
}

fn param_name(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Name(n) => Some(n.clone()),
        Parameter::Path(path) => Some(raw_path(path).to_string()),
        _ => None,
    }
}

fn param_path(p: &Parameter) -> Option<String> {
    match p {
        Parameter::Name(_) | Parameter::Path(_) => param_name(p),
        Parameter::Literal(v) => Some(v.to_string()),
        _ => None,
    }
}

fn accept_name(a: Accept) -> &'static str {
    match a {
        Accept::Any => "a value",
        Accept::Number => "a number",
        Accept::Money => "money",
        Accept::Datetime => "a datetime",
        Accept::Text => "text",
        Accept::List => "a list",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str, ty: VarType) -> Variable {
        Variable {
            name: name.into(),
            ty,
            required: true,
            description: String::new(),
            example: serde_json::Value::Null,
            examples: Default::default(),
            values: None,
            items: if ty == VarType::List {
                Some(VarType::String)
            } else {
                None
            },
            trusted: false,
            max_length: None,
            charset: None,
            max_items: None,
            signed: false,
        }
    }

    fn problems(source: &str) -> Vec<Problem> {
        let vars = [
            var("name", VarType::String),
            var("amount", VarType::Money),
            var("items", VarType::List),
            var("n", VarType::Number),
        ];
        analyse(
            source,
            &Env {
                variables: Some(&vars),
                partials: &["antifraud"],
                market: &[],
                html: true,
            },
        )
        .problems
    }

    #[test]
    fn accepts_declared_variables_helpers_and_scopes() {
        assert_eq!(
            problems("Hi {{name}} {{money amount}} {{amount.currency}}"),
            vec![]
        );
        assert_eq!(
            problems("{{#each items}}{{this}} {{@index}} {{../name}} {{@root.n}}{{/each}}"),
            vec![]
        );
        assert_eq!(
            problems("{{#each items as |it i|}}{{it}}{{i}}{{/each}}{{> antifraud}}"),
            vec![]
        );
        assert_eq!(
            problems(
                "{{#if (eq name \"x\")}}a{{else if n}}b{{else}}c{{/if}} {{plural n one=\"# x\" other=\"# xs\"}}"
            ),
            vec![]
        );
        assert_eq!(problems("{{timeZone}}"), vec![]);
    }

    #[test]
    fn reports_undeclared_variables_with_position() {
        let p = problems("Hi\n  {{nmae}}");
        assert_eq!(p.len(), 1);
        assert_eq!(
            (p[0].code.as_str(), p[0].line, p[0].column),
            ("unknown_variable", 2, 3)
        );
        assert_eq!(p[0].path.as_deref(), Some("nmae"));
        let p = problems("{{#each items}}{{name}}{{/each}}");
        assert_eq!(p[0].code, "unknown_variable");
        let p = problems("{{amount.value}}");
        assert!(
            p[0].message.contains("no field `value`"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn reports_unknown_helpers_partials_and_bad_arguments() {
        assert_eq!(problems("{{shout name}}")[0].code, "unknown_helper");
        assert_eq!(problems("{{> nope}}")[0].code, "unknown_partial");
        assert_eq!(problems("{{money name}}")[0].code, "helper_arguments");
        assert_eq!(problems("{{money}}")[0].code, "helper_arguments");
        assert_eq!(
            problems("{{number n digits=2}}")[0].code,
            "helper_arguments"
        );
    }

    #[test]
    fn refuses_raw_output_and_decorators() {
        assert_eq!(problems("{{{name}}}")[0].code, "raw_output");
        assert_eq!(
            problems("{{#*inline \"x\"}}{{> x}}{{/inline}}{{> x}}")[0].code,
            "unsupported"
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let p = problems("line one\nHi {{#if name}}open");
        assert_eq!(p[0].code, "template_syntax");
        assert!(p[0].line >= 1);
        let p = problems("ok {{name");
        assert_eq!((p[0].code.as_str(), p[0].line), ("template_syntax", 1));
    }

    #[test]
    fn analysis_records_root_variables_and_unconditional_partials() {
        let vars = [var("name", VarType::String), var("items", VarType::List)];
        let env = Env {
            variables: Some(&vars),
            partials: &["antifraud"],
            market: &[],
            html: false,
        };
        let a = analyse(
            "{{name}}{{#each items}}{{this}}{{@root.name}}{{/each}}{{#if name}}{{> antifraud}}{{/if}}",
            &env,
        );
        assert_eq!(
            a.variables.into_iter().collect::<Vec<_>>(),
            vec!["items", "name"]
        );
        assert!(a.partials.is_empty(), "the partial is conditional");
        assert_eq!(
            analyse("x {{> antifraud}}", &env).partials,
            vec!["antifraud"]
        );
    }
}
