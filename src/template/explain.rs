//! Syntax errors in an editor's words: when the parser fails, a scan of the tags finds
//! the usual mistake — a tag without its `}}`, a block never closed, a close that does not
//! match — and says where it is (the tag at fault, not where the parser gave up) and what
//! to add. The parser's own message stays for anything else.

/// A structural mistake: 1-based line and column (in characters) of the tag at fault,
/// and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The first structural mistake of `source`, if its tags show one.
pub fn explain(source: &str) -> Option<Mistake> {
    let at = |offset: usize, message: String| {
        let (line, column) = crate::location::position(source, offset);
        Some(Mistake {
            line,
            column,
            message,
        })
    };
    // Open blocks: name and offset of the `{{#name`.
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while let Some(found) = source[i..].find("{{") {
        let start = i + found;
        let rest = &source[start..];
        if rest.starts_with("{{!--") || rest.starts_with("{{~!--") {
            let end = ["--}}", "--~}}"]
                .iter()
                .filter_map(|close| rest.find(close).map(|at| at + close.len()))
                .min();
            let Some(end) = end else {
                return at(
                    start,
                    "this `{{!--` comment is never closed: add `--}}` where it ends".into(),
                );
            };
            i = start + end;
            continue;
        }
        let Some(len) = tag_len(rest) else {
            let shown = preview(rest);
            let close = if rest.starts_with("{{{") { "}}}" } else { "}}" };
            return at(
                start,
                format!("`{shown}` is not closed: end it with `{close}`"),
            );
        };
        let inner = rest[..len]
            .trim_start_matches('{')
            .trim_end_matches('}')
            .trim_matches('~')
            .trim();
        i = start + len;
        if let Some(name) = inner.strip_prefix('#').or_else(|| inner.strip_prefix('^')) {
            let name = name.trim_start_matches(['>', '*']).trim();
            let name = word(name);
            if !name.is_empty() {
                open.push((name.to_string(), start));
            }
        } else if let Some(name) = inner.strip_prefix('/') {
            let name = word(name.trim());
            match open.pop() {
                None => {
                    return at(
                        start,
                        format!(
                            "`{{{{/{name}}}}}` closes nothing: remove it, or open the block with `{{{{#{name} …}}}}` before it"
                        ),
                    );
                }
                Some((opened, from)) if opened != name => {
                    let (line, column) = crate::location::position(source, from);
                    return at(
                        start,
                        format!(
                            "`{{{{/{name}}}}}` closes `{{{{#{opened}}}}}` (opened at {line}:{column}): close that first with `{{{{/{opened}}}}}`"
                        ),
                    );
                }
                Some(_) => {}
            }
        } else if (inner == "else" || inner.starts_with("else ")) && open.is_empty() {
            return at(
                start,
                "`{{else}}` is outside any block: it belongs inside `{{#if …}}`, `{{#unless …}}` or `{{#each …}}`".into(),
            );
        }
    }
    let (name, from) = open.pop()?;
    at(
        from,
        format!("`{{{{#{name}}}}}` is never closed: add `{{{{/{name}}}}}` where the block ends"),
    )
}

/// The length of the tag `rest` starts with (through its `}}` or `}}}`), or `None` when
/// another `{{` or the end of the text comes first. Quotes are skipped over.
fn tag_len(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let triple = rest.starts_with("{{{");
    let mut j = if triple { 3 } else { 2 };
    let mut quote: Option<u8> = None;
    while j < bytes.len() {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            // Bytes, not `str` slices: `j` may be inside a multi-byte character.
            None if bytes[j..].starts_with(b"{{") => return None,
            None if triple && bytes[j..].starts_with(b"}}}") => return Some(j + 3),
            None if !triple && bytes[j..].starts_with(b"}}") => return Some(j + 2),
            None => {}
        }
        j += 1;
    }
    None
}

/// The start of a tag as written, for a message: up to the next tag, a line break or
/// the first character that is not ASCII (the text that follows a tag left open, as in
/// `{{location通过…`), at most 24 characters.
fn preview(rest: &str) -> String {
    let open = if rest.starts_with("{{{") { 3 } else { 2 };
    let body: String = rest[open..]
        .chars()
        .take_while(|c| c.is_ascii() && !matches!(c, '\n' | '{' | '}'))
        .collect();
    let body = body.trim_end();
    let cut: String = body.chars().take(24).collect();
    let more = if body.chars().count() > 24 { "…" } else { "" };
    format!("{}{cut}{more}", &rest[..open])
}

/// The first word of a tag's content (a block's helper name).
fn word(s: &str) -> &str {
    s.split(|c: char| c.is_whitespace() || c == '(' || c == '~')
        .next()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str) -> (u32, u32, String) {
        let m = explain(source).expect("a mistake");
        (m.line, m.column, m.message)
    }

    #[test]
    fn a_tag_without_its_close_is_pointed_at_where_it_opens() {
        let (line, column, message) =
            at("您的账户于{{datetime time}}在{{location通过新设备登录。{{> antifraud}}");
        assert_eq!((line, column), (1, 24));
        assert_eq!(message, "`{{location` is not closed: end it with `}}`");
        assert_eq!(
            at("Your code is {{code}.").2,
            "`{{code` is not closed: end it with `}}`"
        );
        let (line, column, message) = at("Hi {{{name");
        assert_eq!((line, column), (1, 4));
        assert!(message.ends_with("end it with `}}}`"), "{message}");
    }

    #[test]
    fn blocks_never_closed_or_closed_wrongly() {
        let (line, column, message) = at("a\n{{#if x}}b{{else}}c");
        assert_eq!((line, column), (2, 1));
        assert_eq!(
            message,
            "`{{#if}}` is never closed: add `{{/if}}` where the block ends"
        );
        let (_, column, message) = at("{{#each a}}x{{/if}}");
        assert_eq!(column, 13);
        assert_eq!(
            message,
            "`{{/if}}` closes `{{#each}}` (opened at 1:1): close that first with `{{/each}}`"
        );
        assert_eq!(
            at("x{{/if}}").2,
            "`{{/if}}` closes nothing: remove it, or open the block with `{{#if …}}` before it"
        );
        assert_eq!(at("x {{else}} y").1, 3);
        assert_eq!(
            at("{{!-- note").2,
            "this `{{!--` comment is never closed: add `--}}` where it ends"
        );
    }

    #[test]
    fn sound_templates_and_quoted_braces_are_no_mistake() {
        assert_eq!(
            explain("{{#if a}}{{#each b}}{{this}}{{/each}}{{else}}x{{/if}}"),
            None
        );
        assert_eq!(explain("{{eq a \"}}\"}} {{!-- {{ --}} {{{raw}}}"), None);
        assert_eq!(explain("{{~#if a~}}x{{~/if~}}"), None);
    }
}
