//! The one error type of the formatting core.

use std::fmt;

/// Why a value could not be formatted.
///
/// Every input of [`super::Formatter`] comes from user data (JSON), so every
/// failure is reported as a `FormatError` with a human-readable message; no
/// formatting call panics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The locale tag is not well-formed BCP 47, or ICU4X could not load data for it.
    Locale(String),
    /// The value is not a decimal number (or is out of the supported range).
    Number(String),
    /// The currency code is malformed or not one of the supported currencies.
    Currency(String),
    /// The instant is not an RFC 3339 date-time (or is out of range).
    DateTime(String),
    /// The time zone is not an IANA name known to the bundled tzdb.
    TimeZone(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Locale(m)
            | FormatError::Number(m)
            | FormatError::Currency(m)
            | FormatError::DateTime(m)
            | FormatError::TimeZone(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for FormatError {}

/// Shortens user input quoted in an error message (char-safe).
pub(crate) fn quote(input: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::with_capacity(input.len().min(MAX * 4) + 5);
    out.push('"');
    let mut chars = input.chars();
    for c in chars.by_ref().take(MAX) {
        out.extend(c.escape_debug());
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_the_message() {
        let e = FormatError::TimeZone("unknown time zone \"X\"".into());
        assert_eq!(e.to_string(), "unknown time zone \"X\"");
    }

    #[test]
    fn quote_truncates_on_chars_and_escapes() {
        assert_eq!(quote("ab\"c"), "\"ab\\\"c\"");
        let long: String = "张".repeat(50);
        let q = quote(&long);
        assert!(q.ends_with("…\""));
        assert_eq!(q.chars().filter(|&c| c == '张').count(), 40);
    }
}
