//! The pass before the `handlebars` parser where its grammar and Handlebars.js 4.7 disagree:
//! `~` on comments (`{{~! x ~}}`, `{{~!-- x --~}}`, a parse error for the grammar) and the
//! paths `.`, `..` and `../..` (which it does not parse). The source is rewritten into
//! what the grammar reads (`{{! x }}`, `this`, `../this`), the comments' `~` flags are
//! kept in source order for the compiler, and positions in the rewritten text map back
//! to the source the user wrote.
//!
//! Chosen over a `[patch]` of the crate: the rewrite is a few lines, the grammar stays the
//! published one, and both fixes are covered by `tests` below and the conformance suite.

use super::location::{offset_of, position};
use std::borrow::Cow;

/// A source as the parser should read it.
pub struct Prelexed<'s> {
    pub source: Cow<'s, str>,
    /// `(strip before, strip after)` for each comment, in source order.
    pub comments: Vec<(bool, bool)>,
    /// Replaced spans: (offset in the rewrite, length there, offset in the original,
    /// length there), in order.
    edits: Vec<(usize, usize, usize, usize)>,
}

pub fn prelex(source: &str) -> Prelexed<'_> {
    let mut lexer = Lexer {
        src: source,
        out: String::new(),
        copied: 0,
        edits: Vec::new(),
        comments: Vec::new(),
    };
    lexer.run();
    if lexer.edits.is_empty() {
        return Prelexed {
            source: Cow::Borrowed(source),
            comments: lexer.comments,
            edits: Vec::new(),
        };
    }
    let mut out = lexer.out;
    out.push_str(&source[lexer.copied..]);
    Prelexed {
        source: Cow::Owned(out),
        comments: lexer.comments,
        edits: lexer.edits,
    }
}

impl Prelexed<'_> {
    /// The byte offset in the original source of `offset` in the rewrite.
    pub fn original_offset(&self, offset: usize) -> usize {
        let mut shift: isize = 0;
        for &(at, len, orig_at, orig_len) in &self.edits {
            if offset < at {
                break;
            }
            if offset < at + len {
                return orig_at;
            }
            shift = (orig_at + orig_len) as isize - (at + len) as isize;
        }
        (offset as isize + shift).max(0) as usize
    }

    /// `line:column` (1-based, columns in characters) of the rewrite, in `original`.
    pub fn original_position(&self, original: &str, line: u32, column: u32) -> (u32, u32) {
        if self.edits.is_empty() {
            return (line, column);
        }
        let offset = offset_of(&self.source, line, column);
        position(original, self.original_offset(offset))
    }
}

/// The offset of the next `{{` at or after `from` that opens a tag: `\{{` is text (with
/// a second `{{` right after it), as in the grammar's `escape` rule; two or more
/// backslashes leave a real tag.
pub fn next_tag(source: &str, mut from: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    loop {
        let open = from + source.get(from..)?.find("{{")?;
        let backslashes = bytes[from..open]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes != 1 {
            return Some(open);
        }
        from = open + 2;
        if source[from..].starts_with("{{") {
            from += 2;
        }
    }
}

struct Lexer<'s> {
    src: &'s str,
    out: String,
    /// How much of `src` is in `out` already.
    copied: usize,
    edits: Vec<(usize, usize, usize, usize)>,
    comments: Vec<(bool, bool)>,
}

impl Lexer<'_> {
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        self.out.push_str(&self.src[self.copied..start]);
        self.edits
            .push((self.out.len(), with.len(), start, end - start));
        self.out.push_str(with);
        self.copied = end;
    }

    fn run(&mut self) {
        let mut at = 0;
        while let Some(open) = next_tag(self.src, at) {
            let rest = &self.src[open + 2..];
            let tilde = rest.starts_with('~');
            let after = &rest[usize::from(tilde)..];
            if after.starts_with('!') {
                at = self.comment(open, tilde);
                continue;
            }
            if after.starts_with("{{") {
                // A raw block: the precheck refuses it.
                return;
            }
            at = self.tag(open + 2);
        }
    }

    /// A comment from its `{{`; returns the offset after it.
    fn comment(&mut self, open: usize, lead: bool) -> usize {
        let body = open + 3 + usize::from(lead);
        let text = &self.src[body..];
        let long = text.starts_with("--");
        // Handlebars.js: a long comment ends at the first `--}}` or `--~}}`, a short one
        // at the first `}}`.
        let (end, trail) = if long {
            let mut found = None;
            let mut from = 2;
            while let Some(i) = text[from..].find("--") {
                let k = from + i + 2;
                if text[k..].starts_with("}}") {
                    found = Some((k - 2, false));
                    break;
                }
                if text[k..].starts_with("~}}") {
                    found = Some((k - 2, true));
                    break;
                }
                from = from + i + 1;
            }
            match found {
                Some(f) => f,
                // Unclosed: the parser reports it.
                None => return self.src.len(),
            }
        } else {
            match text.find("}}") {
                Some(i) => (i, i > 0 && text[..i].ends_with('~')),
                None => return self.src.len(),
            }
        };
        self.comments.push((lead, trail));
        let close = body + end;
        let after = if long {
            close + 4 + usize::from(trail)
        } else {
            close + 2
        };
        let inner_end = if long || !trail { close } else { close - 1 };
        let inner = &self.src[body..inner_end];
        // `{{! -- x }}` is a short comment in Handlebars.js; the grammar (which skips
        // whitespace between tokens) would read a long one and look for `--}}`.
        let dashes = !long && inner.trim_start().starts_with("--");
        if lead || trail || dashes {
            let rewritten = if long {
                // `inner` still starts with the opening `--`.
                format!("{{{{!{inner}--}}}}")
            } else if dashes {
                format!("{{{{!{}}}}}", inner.replacen("--", "  ", 1))
            } else {
                format!("{{{{!{inner}}}}}")
            };
            self.replace(open, after, &rewritten);
        }
        after
    }

    /// A tag from just after its `{{`; returns the offset after its `}}`.
    fn tag(&mut self, start: usize) -> usize {
        let bytes = self.src.as_bytes();
        let mut i = start;
        let mut word: Option<usize> = None;
        let mut words = Vec::new();
        let is_delimiter = |b: u8| {
            b.is_ascii_whitespace() || matches!(b, b'(' | b')' | b'}' | b'~' | b'=' | b'|' | b'{')
        };
        let mut end = None;
        while i <= bytes.len() {
            let b = bytes.get(i).copied();
            let ends_word = b.is_none_or(is_delimiter);
            if ends_word {
                if let Some(w) = word.take() {
                    words.push((w, i));
                }
            } else if word.is_none() {
                word = Some(i);
            }
            match b {
                None => break,
                Some(b'}') if bytes.get(i + 1) == Some(&b'}') => {
                    end = Some(i + 2);
                    break;
                }
                Some(b'{') if bytes.get(i + 1) == Some(&b'{') => {
                    end = Some(i);
                    break;
                }
                Some(quote @ (b'"' | b'\'')) => {
                    word = None;
                    i += 1;
                    while i < bytes.len() && bytes[i] != quote {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
                Some(b'[') => {
                    // A bracketed segment is one name, whatever it holds.
                    match self.src[i..].find(']') {
                        Some(j) => i += j,
                        None => break,
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let Some(end) = end else {
            for (a, b) in words {
                self.path_word(a, b);
            }
            return self.src.len();
        };
        let closed = self.src[..end].ends_with("}}");
        let strips_after = closed && self.src[..end - 2].ends_with('~');
        let kind = self.src[start..].trim_start_matches('~').trim_start();
        let partial = kind.starts_with('>');
        // `~}}` strips the whitespace after the tag. Done here, in the text: the parser
        // skips that whitespace between tags and then still treats the tag as standing
        // alone on its line, so it would remove the next line's break too.
        // Only before a `{{value}}` tag: before a block, `else`, comment or partial tag the
        // parser's own standalone check of that tag needs the line as written, and it
        // resets the flag that would otherwise leak.
        let gap = if strips_after && !partial {
            let rest = &self.src[end..];
            let next = rest.trim_start();
            let inner = next
                .strip_prefix("{{")
                .map(|t| t.trim_start_matches('~').trim_start());
            let before_value = inner.is_some_and(|t| {
                !t.starts_with(['#', '^', '/', '!', '>', '{']) && !t.starts_with("else")
            });
            if before_value {
                rest.len() - next.len()
            } else {
                0
            }
        } else {
            0
        };
        // A block, `else` or close tag alone on its line also loses the line's
        // indentation (Handlebars.js's standalone rule, which the parser no longer
        // sees once the whitespace after it is gone).
        let standalone_kind = kind.starts_with(['#', '^', '/']) || kind.starts_with("else");
        let open = start - 2;
        let line_start = self.src[..open].rfind('\n').map_or(0, |k| k + 1);
        let indent = &self.src[line_start..open];
        let alone_before = line_start >= self.copied
            && !indent.is_empty()
            && indent.bytes().all(|b| b == b' ' || b == b'\t');
        if gap > 0 && standalone_kind && alone_before && self.src[end..end + gap].contains('\n') {
            self.replace(line_start, open, "");
        }
        for (a, b) in words {
            self.path_word(a, b);
        }
        if gap > 0 {
            self.replace(end, end + gap, "");
        }
        end + gap
    }

    /// Rewrites a word of a tag that is a context path the grammar cannot read.
    fn path_word(&mut self, start: usize, end: usize) {
        let word = &self.src[start..end];
        let with = if word == "." {
            "this".to_string()
        } else if word.ends_with("..")
            && word.strip_suffix("..").is_some_and(|ups| {
                ups.len() % 3 == 0 && ups.as_bytes().chunks(3).all(|c| c == b"../")
            })
        {
            format!("{word}/this")
        } else {
            return;
        };
        self.replace(start, end, &with);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_with_tildes_become_plain_comments_with_flags() {
        let p = prelex("a {{~!-- x --~}} b {{~! y }} c {{! z ~}} d {{! w }}");
        assert_eq!(p.source, "a {{!-- x --}} b {{! y }} c {{! z }} d {{! w }}");
        assert_eq!(
            p.comments,
            vec![(true, true), (true, false), (false, true), (false, false)]
        );
        assert_eq!(
            prelex("{{! -- x }}{{!--y--}}").source,
            "{{!    x }}{{!--y--}}"
        );
        // A long comment runs to the first `--}}`, through `}}` inside it.
        let p = prelex("{{!-- a }} b --}}c");
        assert_eq!(p.source, "{{!-- a }} b --}}c");
        assert_eq!(p.comments, vec![(false, false)]);
    }

    #[test]
    fn dot_paths_become_this() {
        assert_eq!(prelex("{{.}}").source, "{{this}}");
        assert_eq!(prelex("{{~ . ~}}").source, "{{~ this ~}}");
        assert_eq!(
            prelex("{{#each .}}{{..}}{{/each}}").source,
            "{{#each this}}{{../this}}{{/each}}"
        );
        assert_eq!(
            prelex("{{lookup ../.. \".\"}}").source,
            "{{lookup ../../this \".\"}}"
        );
        assert_eq!(
            prelex("{{a.b}} {{./a}} {{../a}} {{[.]}}").source,
            "{{a.b}} {{./a}} {{../a}} {{[.]}}"
        );
        assert_eq!(prelex("\\{{.}} {{.}}").source, "\\{{.}} {{this}}");
    }

    #[test]
    fn whitespace_after_a_closing_tilde_goes_before_parsing() {
        assert_eq!(
            prelex("{{#if x~}}\n{{y}}\n{{/if}}").source,
            "{{#if x~}}{{y}}\n{{/if}}"
        );
        assert_eq!(prelex("  {{#if x~}}\n  {{a}}").source, "{{#if x~}}{{a}}");
        assert_eq!(prelex("a {{x~}} \n {{b}}").source, "a {{x~}}{{b}}");
        // Before text, a block tag or a partial the parser gets it right as written.
        assert_eq!(
            prelex("{{#if x~}}\n{{/if}}\n").source,
            "{{#if x~}}\n{{/if}}\n"
        );
        assert_eq!(prelex("{{x~}} b").source, "{{x~}} b");
        // Partials keep it: a standalone partial is indented (compile.rs).
        assert_eq!(prelex("{{> p~}}\n").source, "{{> p~}}\n");
    }

    #[test]
    fn positions_map_back_to_the_source() {
        let original = "{{~! c }}\n  {{.}} {{x";
        let p = prelex(original);
        assert_eq!(p.source, "{{! c }}\n  {{this}} {{x");
        // `{{x` starts at 2:12 in the rewrite and 2:9 in the original.
        assert_eq!(p.original_position(original, 2, 12), (2, 9));
        assert_eq!(p.original_position(original, 1, 1), (1, 1));
        assert_eq!(p.original_position(original, 2, 3), (2, 3));
    }
}
