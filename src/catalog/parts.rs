//! Splitting a template file into its channel parts at `--- <part>` divider lines, and
//! joining parts back into a file (the editor's download).

/// A part as found in a file: name, trimmed source, and the file line the source starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPart {
    pub name: String,
    pub source: String,
    pub first_line: u32,
}

/// A problem in a file's layout, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError {
    pub line: u32,
    pub message: String,
}

const DIVIDER: &str = "--- ";

/// Splits `text` into parts. Blank lines around a part's text are not part of it.
pub fn split(text: &str) -> Result<Vec<RawPart>, LayoutError> {
    let mut parts: Vec<RawPart> = Vec::new();
    let mut current: Option<(String, u32, Vec<&str>)> = None;
    for (index, line) in text.lines().enumerate() {
        let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
        if let Some(name) = line.strip_prefix(DIVIDER) {
            if let Some(done) = current.take() {
                parts.push(finish(done));
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(LayoutError {
                    line: line_no,
                    message: "a divider needs a part name, e.g. `--- sms`".into(),
                });
            }
            if parts.iter().any(|p| p.name == name) {
                return Err(LayoutError {
                    line: line_no,
                    message: format!("part `{name}` appears twice"),
                });
            }
            current = Some((name.to_string(), line_no + 1, Vec::new()));
        } else if let Some((_, _, lines)) = current.as_mut() {
            lines.push(line);
        } else if !line.trim().is_empty() {
            return Err(LayoutError {
                line: line_no,
                message: "text before the first `--- <part>` divider".into(),
            });
        }
    }
    if let Some(done) = current.take() {
        parts.push(finish(done));
    }
    Ok(parts)
}

fn finish((name, start, lines): (String, u32, Vec<&str>)) -> RawPart {
    let leading = lines.iter().take_while(|l| l.trim().is_empty()).count();
    let body = lines[leading..].join("\n");
    RawPart {
        name,
        source: body.trim_end().to_string(),
        first_line: start + u32::try_from(leading).unwrap_or(0),
    }
}

/// Joins parts into the text of a template file; `split(join(p)) == p` up to line numbers.
pub fn join<'a>(parts: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, source) in parts {
        out.push_str(DIVIDER);
        out.push_str(name);
        out.push('\n');
        out.push_str(source);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_parts_with_their_lines() {
        let text = "\n--- sms\nHi {{name}}\n\n--- push.title\n\n  Title\n--- push.body\nBody\n";
        let parts = split(text).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].source, "Hi {{name}}");
        assert_eq!(parts[0].first_line, 3);
        assert_eq!(parts[1].source, "  Title");
        assert_eq!(parts[1].first_line, 7);
        assert_eq!(parts[2].first_line, 9);
    }

    #[test]
    fn rejects_text_before_divider_and_duplicates() {
        assert_eq!(split("oops\n--- sms\nx").unwrap_err().line, 1);
        assert_eq!(split("--- sms\nx\n--- sms\ny").unwrap_err().line, 3);
        assert_eq!(split("--- \nx").unwrap_err().line, 1);
    }

    #[test]
    fn join_round_trips() {
        let text = join([("sms", "a\nb"), ("push.title", "t")]);
        let parts = split(&text).unwrap();
        assert_eq!(parts[0].source, "a\nb");
        assert_eq!(parts[1].name, "push.title");
    }
}
