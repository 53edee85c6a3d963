//! Lowers the `handlebars` crate's parse tree into a tidings [`Program`]: paths split
//! once, helpers named and their calls checked (by `check`, which runs first), escaping
//! fixed per output, `else if` chains as nested branches, and the whitespace rules the
//! parser leaves to us (comments' `~`, standalone partials' indentation) applied here.

use super::check::Problem;
use super::check::raw_path;
use super::error::ErrorKind;
use super::location::offset_of;
use super::prelex::Prelexed;
use super::program::{At, Base, Expr, Literal, Node, Path, Program, parse_path};
use handlebars::template::{BlockParam, Parameter, Template, TemplateElement};

/// Checks and compiles `source`: its first problem, or its program.
pub fn compile(source: &str, env: &super::check::Env<'_>) -> Result<Program, Problem> {
    let analysis = super::check::analyse(source, env);
    if let Some(p) = analysis.problems.into_iter().next() {
        return Err(p);
    }
    match &analysis.template {
        Some(t) => lower(t, &analysis.pre, source, env.html),
        None => Err(problem(
            ErrorKind::TemplateSyntax,
            (1, 1),
            "the template does not parse".into(),
        )),
    }
}

/// Compiles a parsed template. `template` was parsed from `pre.source`; positions are
/// reported in `original`, the source as written.
pub fn lower(
    template: &Template,
    pre: &Prelexed<'_>,
    original: &str,
    html: bool,
) -> Result<Program, Problem> {
    let mut lowering = Lowering {
        pre,
        original,
        html,
        comments: 0,
        locals: Vec::new(),
    };
    let nodes = lowering.template(template, (1, 1))?;
    Ok(Program { nodes })
}

struct Lowering<'p, 's> {
    pre: &'p Prelexed<'s>,
    original: &'p str,
    html: bool,
    /// Comments seen so far (their `~` flags are in `pre.comments`, in source order).
    comments: usize,
    /// Block parameters in scope, innermost last.
    locals: Vec<String>,
}

fn problem(code: ErrorKind, at: At, message: String) -> Problem {
    Problem {
        code,
        message,
        line: at.0,
        column: at.1,
        path: None,
    }
}

impl Lowering<'_, '_> {
    /// The position of an element in the source as written.
    fn at(&self, mapped: (usize, usize)) -> At {
        let line = u32::try_from(mapped.0).unwrap_or(u32::MAX);
        let column = u32::try_from(mapped.1).unwrap_or(u32::MAX);
        self.pre.original_position(self.original, line, column)
    }

    fn template(&mut self, t: &Template, fallback: At) -> Result<Vec<Node>, Problem> {
        let mut nodes: Vec<Node> = Vec::new();
        // A comment's `~` strips the text right before or after it, and nothing further.
        let mut trim_next = false;
        let mut text_ends_at: Option<usize> = None;
        for (i, element) in t.elements.iter().enumerate() {
            let mapped = t.mapping.get(i).map(|m| (m.0, m.1));
            let at = mapped.map_or(fallback, |m| self.at(m));
            if !matches!(element, TemplateElement::RawString(_)) {
                trim_next = matches!(element, TemplateElement::Comment(_)) && trim_next;
            }
            match element {
                TemplateElement::RawString(text) => {
                    let text = if std::mem::take(&mut trim_next) {
                        text.trim_start()
                    } else {
                        text.as_str()
                    };
                    if text.is_empty() {
                        continue;
                    }
                    text_ends_at = Some(i);
                    match nodes.last_mut() {
                        Some(Node::Text(last)) => last.push_str(text),
                        _ => nodes.push(Node::Text(text.to_string())),
                    }
                }
                TemplateElement::Comment(_) => {
                    let (before, after) = self
                        .pre
                        .comments
                        .get(self.comments)
                        .copied()
                        .unwrap_or((false, false));
                    self.comments += 1;
                    let adjacent = text_ends_at.is_some_and(|e| e + 1 == i);
                    if before
                        && adjacent
                        && let Some(Node::Text(last)) = nodes.last_mut()
                    {
                        let kept = last.trim_end().len();
                        last.truncate(kept);
                        if last.is_empty() {
                            nodes.pop();
                        }
                    }
                    trim_next = after;
                }
                TemplateElement::Expression(h) | TemplateElement::HtmlExpression(h) => {
                    let escape = self.html && matches!(element, TemplateElement::Expression(_));
                    let expr = if h.params.is_empty() && h.hash.is_empty() {
                        self.name(&h.name, at)?
                    } else {
                        self.call(&h.name, &h.params, &h.hash, at)?
                    };
                    nodes.push(Node::Output { expr, escape, at });
                }
                TemplateElement::HelperBlock(h) => {
                    let name = h.name.as_name().unwrap_or("").to_string();
                    let first = match h.params.first() {
                        Some(p) => self.param(p, at)?,
                        None => Expr::Literal(Literal(serde_json::Value::Null)),
                    };
                    let (item, index) = match &h.block_param {
                        Some(BlockParam::Single(p)) => (p.as_name().map(str::to_string), None),
                        Some(BlockParam::Pair((a, b))) => (
                            a.as_name().map(str::to_string),
                            b.as_name().map(str::to_string),
                        ),
                        _ => (None, None),
                    };
                    let scoped = item.iter().chain(index.iter()).count();
                    self.locals.extend(item.iter().chain(index.iter()).cloned());
                    let body = match &h.template {
                        Some(t) => self.template(t, at),
                        None => Ok(Vec::new()),
                    };
                    self.locals.truncate(self.locals.len() - scoped);
                    let body = body?;
                    let otherwise = match &h.inverse {
                        Some(t) => self.template(t, at)?,
                        None => Vec::new(),
                    };
                    nodes.push(match name.as_str() {
                        "if" | "unless" => Node::If {
                            cond: first,
                            negate: name == "unless",
                            include_zero: matches!(
                                h.hash.get("includeZero"),
                                Some(Parameter::Literal(serde_json::Value::Bool(true)))
                            ),
                            then: body,
                            otherwise,
                            at,
                        },
                        "each" => Node::Each {
                            list: first,
                            item,
                            index,
                            body,
                            otherwise,
                            at,
                        },
                        "with" => Node::With {
                            value: first,
                            param: item,
                            body,
                            otherwise,
                            at,
                        },
                        other => {
                            return Err(problem(
                                ErrorKind::UnknownHelper,
                                at,
                                format!("unknown block helper `{other}`"),
                            ));
                        }
                    });
                }
                TemplateElement::PartialExpression(d) => {
                    let name = d.name.as_name().unwrap_or("").to_string();
                    let context = match d.params.first() {
                        Some(p) => Some(self.param(p, at)?),
                        None => None,
                    };
                    let hash = self.hash(&d.hash, at)?;
                    let indent = mapped.and_then(|m| self.standalone_indent(m));
                    if indent.is_some() {
                        // The parser removed the line's indentation; the partial's lines
                        // get it instead, as in Handlebars.js.
                        trim_next = false;
                    }
                    nodes.push(Node::Partial {
                        name,
                        context,
                        hash,
                        indent,
                        at,
                    });
                }
                _ => {
                    return Err(problem(
                        ErrorKind::Unsupported,
                        at,
                        "inline partials, partial blocks and decorators are not supported".into(),
                    ));
                }
            }
        }
        Ok(nodes)
    }

    /// The indentation of a partial tag that stands alone on its line.
    fn standalone_indent(&self, mapped: (usize, usize)) -> Option<String> {
        let source: &str = &self.pre.source;
        let line = u32::try_from(mapped.0).ok()?;
        let column = u32::try_from(mapped.1).ok()?;
        let start = offset_of(source, line, column);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &source[line_start..start];
        if !indent.chars().all(|c| c == ' ' || c == '\t') {
            return None;
        }
        let end = start + source[start..].find("}}")? + 2;
        // `{{~> p}}` strips the indentation first, so there is none to give the lines;
        // `{{> p~}}` is still standalone (Handlebars.js's WhitespaceControl).
        if source[start..end].starts_with("{{~") {
            return None;
        }
        let rest = &source[end..];
        let line_rest = rest.split('\n').next().unwrap_or("");
        let line_rest = line_rest.strip_suffix('\r').unwrap_or(line_rest);
        let alone = line_rest.chars().all(|c| c == ' ' || c == '\t');
        (alone && !indent.is_empty()).then(|| indent.to_string())
    }

    /// `{{name}}` without arguments: a helper call when `name` is a helper, else a path.
    fn name(&mut self, name: &Parameter, at: At) -> Result<Expr, Problem> {
        match name {
            Parameter::Name(n) | Parameter::Path(handlebars::Path::Relative((_, n)))
                if super::check::helper(n).is_some_and(|h| !h.block) =>
            {
                Ok(Expr::Call {
                    helper: n.clone(),
                    args: Vec::new(),
                    hash: Vec::new(),
                    at,
                })
            }
            other => self.param(other, at),
        }
    }

    fn call(
        &mut self,
        name: &Parameter,
        params: &[Parameter],
        hash: &std::collections::HashMap<String, Parameter>,
        at: At,
    ) -> Result<Expr, Problem> {
        let helper = name.as_name().unwrap_or("").to_string();
        let args = params
            .iter()
            .map(|p| self.param(p, at))
            .collect::<Result<Vec<_>, _>>()?;
        let hash = self.hash(hash, at)?;
        Ok(Expr::Call {
            helper,
            args,
            hash,
            at,
        })
    }

    fn hash(
        &mut self,
        hash: &std::collections::HashMap<String, Parameter>,
        at: At,
    ) -> Result<Vec<(String, Expr)>, Problem> {
        let mut pairs = hash
            .iter()
            .map(|(k, v)| Ok((k.clone(), self.param(v, at)?)))
            .collect::<Result<Vec<_>, Problem>>()?;
        // The parser keeps a hash map; a sorted list makes the program reproducible.
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(pairs)
    }

    fn param(&mut self, p: &Parameter, at: At) -> Result<Expr, Problem> {
        match p {
            Parameter::Name(n) => Ok(Expr::Path(self.path(n, at)?)),
            Parameter::Path(path) => Ok(Expr::Path(self.path(raw_path(path), at)?)),
            Parameter::Literal(v) if v.is_array() || v.is_object() => Err(problem(
                ErrorKind::Unsupported,
                at,
                "array and object literals are not Handlebars; pass the value in the data".into(),
            )),
            Parameter::Literal(v) => Ok(Expr::Literal(Literal(v.clone()))),
            Parameter::Subexpression(sub) => match sub.as_element() {
                TemplateElement::Expression(h) if h.params.is_empty() && h.hash.is_empty() => {
                    self.name(&h.name, at)
                }
                TemplateElement::Expression(h) => self.call(&h.name, &h.params, &h.hash, at),
                _ => Err(problem(
                    ErrorKind::TemplateSyntax,
                    at,
                    "unreadable sub-expression".into(),
                )),
            },
            _ => Err(problem(
                ErrorKind::Unsupported,
                at,
                "this kind of argument is not supported".into(),
            )),
        }
    }

    fn path(&self, raw: &str, at: At) -> Result<Path, Problem> {
        let parsed = parse_path(raw).map_err(|message| {
            let mut p = problem(ErrorKind::TemplateSyntax, at, message);
            p.path = Some(raw.to_string());
            p
        })?;
        // A plain first name that is a block parameter in scope is that parameter.
        if let (Base::Context { up: 0 }, false, Some(first)) =
            (&parsed.base, parsed.scoped, parsed.segments.first())
            && self.locals.iter().any(|l| l == first)
        {
            let mut segments = parsed.segments;
            let name = segments.remove(0);
            return Ok(Path {
                base: Base::Local(name),
                segments,
                raw: raw.to_string(),
            });
        }
        Ok(Path {
            base: parsed.base,
            segments: parsed.segments,
            raw: raw.to_string(),
        })
    }
}
