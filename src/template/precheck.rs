//! The scan that runs before the Handlebars parser: source size, block count and
//! sub-expression nesting, so that no source can make the parser, the checker or the
//! renderer recurse past the stack (in WebAssembly that is a trap that leaves the
//! instance dead for every later call).
//!
//! The parser (pest) recurses once per nested `(`, `[` or `{` inside a tag and once
//! per nested block. The scan lexes the source the way the grammar does — text,
//! `\{{` escapes, comments, tags, string literals — so that nothing the parser reads
//! as code can hide from it inside what the scan takes for a string or a comment.
//! Where the two could disagree (bracketed path segments, array and object literals,
//! raw blocks), the construct is refused outright: tidings' templates do not need it.

use super::check::Problem;
use super::error::ErrorKind;
use super::location::position;

/// Most block and `else` tags a template may have. The count bounds nesting depth, so
/// deeper sources are refused before parsing.
pub const MAX_BLOCK_TAGS: usize = 64;
/// Longest template source accepted, in bytes.
pub const MAX_SOURCE_LEN: usize = 64 * 1024;
/// Most tags (`{{…}}`) in one source: the parser takes time quadratic in their number
/// (8,000 tags took 1.45 s natively); a message part has a few dozen.
pub const MAX_TAGS: usize = 1024;
/// Deepest nesting of sub-expressions `(helper (helper …))` inside one tag.
pub const MAX_SUBEXPRESSION_DEPTH: usize = 8;

/// The first limit `source` breaks, or `None` when the parser may read it.
pub fn precheck(source: &str) -> Option<Problem> {
    if source.len() > MAX_SOURCE_LEN {
        return Some(Problem {
            code: ErrorKind::TemplateLimit,
            message: format!(
                "the template is {} bytes; at most {MAX_SOURCE_LEN} are accepted",
                source.len()
            ),
            line: 1,
            column: 1,
            path: None,
        });
    }
    let problem = |code: ErrorKind, offset: usize, message: String| {
        let (line, column) = position(source, offset);
        Some(Problem {
            code,
            message,
            line,
            column,
            path: None,
        })
    };
    // Counted conservatively, wherever `{{` appears (escaped or not, in a comment or
    // not, whatever the whitespace or `~`): every block opener and every `else` (an
    // `else if` chain nests too) can add a level for the parser and the renderer.
    let mut blocks = 0usize;
    for (count, (offset, _)) in source.match_indices("{{").enumerate() {
        if count == MAX_TAGS {
            return problem(
                ErrorKind::TemplateLimit,
                offset,
                format!("more than {MAX_TAGS} tags; split the template"),
            );
        }
        let inner = source[offset + 2..]
            .trim_start_matches(|c: char| c == '{' || c == '~' || c.is_whitespace());
        if inner.starts_with('#') || inner.starts_with('^') || inner.starts_with("else") {
            blocks += 1;
            if blocks > MAX_BLOCK_TAGS {
                return problem(
                    ErrorKind::TemplateLimit,
                    offset,
                    format!("more than {MAX_BLOCK_TAGS} block and else tags; split the template"),
                );
            }
        }
    }
    let mut at = 0usize;
    while let Some(open) = super::prelex::next_tag(source, at) {
        let rest = &source[open + 2..];
        if let Some(comment) = rest.strip_prefix('!') {
            // `{{!-- … --}}` runs to the first `--}}`; without one, and for `{{! … }}`,
            // the comment ends at the first `}}`.
            let body = open + 3;
            let long = comment
                .trim_start_matches(|c: char| c.is_whitespace())
                .starts_with("--")
                .then(|| comment.find("--}}").map(|end| body + end + 4))
                .flatten();
            // An unclosed comment: nothing after it is code; the parser reports it.
            at = long.or_else(|| comment.find("}}").map(|end| body + end + 2))?;
            continue;
        }
        if rest.starts_with("{{") {
            return problem(
                ErrorKind::Unsupported,
                open,
                "raw blocks `{{{{…}}}}` are not supported".into(),
            );
        }
        match scan_tag(source, open + 2) {
            Ok(end) => at = end,
            Err(problem) => return Some(problem),
        }
    }
    None
}

/// Scans one tag from just after its `{{` to just after its `}}` (or the end of the
/// source), tracking string literals and sub-expression depth.
fn scan_tag(source: &str, start: usize) -> Result<usize, Problem> {
    let fail = |code: ErrorKind, offset: usize, message: String| {
        let (line, column) = position(source, offset);
        Problem {
            code,
            message,
            line,
            column,
            path: None,
        }
    };
    let bytes = source.as_bytes();
    let mut i = start;
    let mut depth = 0usize;
    // `{{{x}}}` and `{{~{x}~}}`: raw output (refused in HTML parts by the checker).
    let lead = source[start..].trim_start_matches('~');
    let triple = lead.starts_with('{');
    if triple {
        i = start + (source.len() - start - lead.len()) + 1;
        if source[i..].starts_with('~') {
            return Err(fail(
                ErrorKind::TemplateSyntax,
                i,
                "a `~` goes outside the braces: `{{~{x}~}}`".into(),
            ));
        }
    }
    while i < bytes.len() {
        match bytes[i] {
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                if triple && i > 0 && bytes[i - 1] == b'~' && bytes.get(i + 2) == Some(&b'}') {
                    return Err(fail(
                        ErrorKind::TemplateSyntax,
                        i - 1,
                        "a `~` goes outside the braces: `{{~{x}~}}`".into(),
                    ));
                }
                return Ok(i + 2);
            }
            quote @ (b'"' | b'\'') => {
                // A string literal; a backslash takes the next character whatever it
                // is. (Where the grammar refuses an escape, parsing stops there.)
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b'(' => {
                depth += 1;
                if depth > MAX_SUBEXPRESSION_DEPTH {
                    return Err(fail(
                        ErrorKind::TemplateLimit,
                        i,
                        format!(
                            "sub-expressions are nested more than {MAX_SUBEXPRESSION_DEPTH} deep"
                        ),
                    ));
                }
            }
            b')' => depth = depth.saturating_sub(1),
            b'[' => {
                // A bracketed path segment (`a.[b c]`) holds anything but `]`. Nested
                // brackets would be array literals, which the parser reads recursively.
                let inner = &source[i + 1..];
                match inner.find(']') {
                    Some(end) if !inner[..end].contains('[') => {
                        i += end + 2;
                        continue;
                    }
                    _ => {
                        return Err(fail(
                            ErrorKind::Unsupported,
                            i,
                            "nested `[` in a tag (array literals) is not supported".into(),
                        ));
                    }
                }
            }
            // A new tag where this one should have closed: this one is unclosed, which
            // the parser reports; the scan goes on from the new tag, as the parser
            // cannot read past it.
            b'{' if bytes.get(i + 1) == Some(&b'{') => return Ok(i),
            b'{' => {
                return Err(fail(
                    ErrorKind::Unsupported,
                    i,
                    "`{…}` object literals in a tag are not supported".into(),
                ));
            }
            _ => {}
        }
        i += 1;
    }
    Ok(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(source: &str) -> Option<&'static str> {
        precheck(source).map(|p| p.code.as_str())
    }

    #[test]
    fn a_string_holding_braces_does_not_hide_deep_sub_expressions() {
        // The probe's template that killed the instance (reliability review F1).
        let deep = format!(
            "{{{{eq \"}}}}\" {}true{}}}}}",
            "(not ".repeat(1300),
            ")".repeat(1300)
        );
        assert_eq!(code(&deep), Some("template_limit"));
        for quote in ["'}}'", "\"a}}b\"", "\"\\\"}}\""] {
            let s = format!("{{{{eq {quote} {}x{}}}}}", "(not ".repeat(9), ")".repeat(9));
            assert_eq!(code(&s), Some("template_limit"), "{s}");
        }
        let hash = format!(
            "{{{{plural 1 one=\"}}}}\" other={}x{}}}}}",
            "(not ".repeat(20),
            ")".repeat(20)
        );
        assert_eq!(code(&hash), Some("template_limit"));
    }

    #[test]
    fn shallow_sub_expressions_and_strings_with_parentheses_pass() {
        assert_eq!(code("{{#if (eq (a) \"((((((((((\")}}x{{/if}}"), None);
        assert_eq!(
            code("{{eq (not (not (not (not (not (not (not (not a))))))))}}"),
            None
        );
        assert_eq!(code("text ((((((((((( ))) {{name}}"), None);
        assert_eq!(code("{{!-- (((((((((( [ { --}}{{name}}"), None);
        assert_eq!(code("{{! (((((((((( }}{{name}}"), None);
        assert_eq!(code("\\{{ ((((((((((( [ }}"), None);
    }

    #[test]
    fn escapes_and_comments_are_lexed_as_the_grammar_does() {
        // Two backslashes leave a real tag.
        let deep = format!("\\\\{{{{eq {}x{}}}}}", "(not ".repeat(9), ")".repeat(9));
        assert_eq!(code(&deep), Some("template_limit"));
        // A long comment without `--}}` ends at the first `}}`: what follows is code.
        let after = format!(
            "{{{{!-- x }}}}{{{{eq {}x{}}}}}",
            "(".repeat(9),
            ")".repeat(9)
        );
        assert_eq!(code(&after), Some("template_limit"));
    }

    #[test]
    fn constructs_the_scan_cannot_follow_are_refused() {
        assert_eq!(code("{{eq [[[[a]]]] b}}"), Some("unsupported"));
        assert_eq!(code("{{a.[0]}} {{a.[b c]}}"), None);
        assert_eq!(code("{{eq {\"a\": 1} b}}"), Some("unsupported"));
        assert_eq!(code("{{{{raw}}}} x {{{{/raw}}}}"), Some("unsupported"));
        // Raw output is the checker's to refuse (in HTML parts only).
        assert_eq!(code("{{{name}}}"), None);
        assert_eq!(code("{{~{name}~}}"), None);
        assert_eq!(code("{{{name~}}}"), Some("template_syntax"));
        assert_eq!(code("{{{~name}}}"), Some("template_syntax"));
        // Inside a string, brackets are text.
        assert_eq!(code("{{plural n one=\"[x] {y}\" other=\"z\"}}"), None);
    }

    #[test]
    fn an_unclosed_tag_is_left_to_the_parser() {
        // The parser says "unclosed" at the right place; the scan must not refuse it.
        assert_eq!(code("Hi {{name\nType: {{#if (eq a \"in\")}}x{{/if}}"), None);
        let deep = format!("{{{{name {{{{eq {}x{}}}}}", "(".repeat(9), ")".repeat(9));
        assert_eq!(code(&deep), Some("template_limit"));
    }

    #[test]
    fn deep_block_nesting_and_size() {
        for sneaky in [
            "{{#if n}}".repeat(100),
            "{{ #if n}}".repeat(100),
            format!("{{{{#if n}}}}a{}", "{{else if n}}b".repeat(100)),
            "\\{{ {{#if n}}".repeat(100),
        ] {
            assert_eq!(code(&sneaky), Some("template_limit"), "{sneaky:.40}");
        }
        let big = "x".repeat(MAX_SOURCE_LEN + 1);
        assert_eq!(code(&big), Some("template_limit"));
        // Tags, not bytes, are what the parser's time grows with (hostile suite).
        assert_eq!(code(&"{{a}}".repeat(MAX_TAGS + 1)), Some("template_limit"));
        assert_eq!(code(&"{{a}}".repeat(MAX_TAGS)), None);
    }

    #[test]
    fn positions_are_in_characters() {
        let p = precheck(&format!("中文\n  {{{{eq {}x}}}}", "(".repeat(9))).unwrap();
        assert_eq!((p.line, p.column), (2, 16));
    }
}
