//! Where something is in a source, one copy for every stage (the build's report, the
//! checker, lint and runtime errors): the 1-based line and column (in characters) of a
//! byte offset and back, and the framed excerpt with a caret under the tag, in terminal
//! columns (East Asian wide characters take two).

/// 1-based line and column (in characters) of a byte offset.
pub fn position(source: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (to_u32(line), to_u32(column))
}

/// The byte offset of a 1-based `line:column` (columns in characters).
pub fn offset_of(source: &str, line: u32, column: u32) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match source[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return source.len(),
        }
    }
    source[start..]
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(source.len(), |(i, _)| start + i)
}

pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `text` (line `number` of a source) framed, with a caret under the `{{…}}` tag that
/// starts at `column` (or under the one character there):
/// ```text
///   |
/// 3 | Hi {{nmae}}
///   |    ^^^^^^^^
/// ```
pub fn frame(text: &str, number: u32, column: u32) -> String {
    let number = number.to_string();
    let pad = " ".repeat(number.len());
    let skip = column.saturating_sub(1) as usize;
    let before: String = text.chars().take(skip).collect();
    let rest: String = text.chars().skip(skip).collect();
    // The whole tag when the caret is on one; a tag left open (another `{{` comes before
    // its `}}`) is underlined up to where its ASCII words end, not into the text after.
    let width = match (rest.find("}}"), rest.get(2..).and_then(|r| r.find("{{"))) {
        (Some(end), next) if rest.starts_with("{{") && next.is_none_or(|n| n + 2 > end) => {
            display_width(&rest[..end + 2])
        }
        (_, _) if rest.starts_with("{{") => {
            let open: String = rest
                .chars()
                .take(2)
                .chain(
                    rest.chars()
                        .skip(2)
                        .take_while(|c| c.is_ascii() && !matches!(c, '\n' | '{' | '}')),
                )
                .collect();
            display_width(open.trim_end())
        }
        _ => 1,
    };
    format!(
        "{pad} |\n{number} | {text}\n{pad} | {}{}",
        " ".repeat(display_width(&before)),
        "^".repeat(width.max(1))
    )
}

/// Terminal columns: East Asian wide characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_offsets_round_trip_in_characters() {
        let s = "中文\n  {{x}}";
        assert_eq!(position(s, s.find("{{").unwrap()), (2, 3));
        assert_eq!(offset_of(s, 2, 3), s.find("{{").unwrap());
        assert_eq!(offset_of(s, 9, 1), s.len());
    }

    #[test]
    fn the_caret_sits_under_the_tag_in_terminal_columns() {
        assert_eq!(
            frame("中文 {{x}}", 2, 4),
            "  |\n2 | 中文 {{x}}\n  |      ^^^^^"
        );
    }
}
