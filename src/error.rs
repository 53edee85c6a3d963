//! The one error type: a stable kind code, a message, and where known the message id,
//! locale, channel part, template line and column, variable path and source line.
//! `long()` frames the source line with a caret, as minijinja does.

use serde::Serialize;
use std::fmt;

/// The one list of stable codes: of runtime errors, of problems the build and the
/// checker find in a catalog, and of lint diagnostics. `as_str` is what JS sees as
/// `error.code` / `diagnostic.code` and what the build prints as `error[code]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// No message with that id in the catalog.
    UnknownMessage,
    /// The data is not a JSON object, or an option has a bad value.
    InvalidInput,
    /// A required variable is absent (or null).
    MissingVariable,
    /// A value does not have the declared type.
    WrongType,
    /// A variable the manifest does not declare (in data or in a template).
    UnknownVariable,
    /// The template does not parse.
    TemplateSyntax,
    /// The template is too large or too deeply nested, or takes too long to render.
    TemplateLimit,
    /// A helper the catalog does not have.
    UnknownHelper,
    /// A partial the catalog does not have.
    UnknownPartial,
    /// A helper called with the wrong number or kind of arguments.
    HelperArguments,
    /// `{{{raw}}}` output in an HTML part, where every value must be escaped.
    RawOutput,
    /// A construct tidings refuses: inline partials, decorators, array literals.
    Unsupported,
    /// A link whose host is not on the catalog's allow-list.
    LinkNotAllowed,
    /// A value the formatters cannot format (unknown currency or time zone, bad date).
    Format,
    /// Any other rendering failure.
    Render,
    /// The recipient opted out of the message's category (`preferences`).
    OptedOut,
    /// The recipient's preferences leave none of the message's channels.
    NoChannels,
    /// A market the catalog does not declare, or a phone number no market of it takes.
    UnknownMarket,
    /// A compiled catalog file that cannot be read: another format version, damaged,
    /// truncated, or settings the runtime cannot use.
    InvalidCatalog,
    // The build's catalog problems.
    /// A message file's `--- part` layout is wrong.
    Layout,
    /// `manifest.toml` is wrong.
    Manifest,
    MissingFile,
    MissingPart,
    UnknownLocale,
    // Lint diagnostics.
    RequiredPartialMissing,
    LocaleVariablesDiffer,
    MissingChannel,
    PushTitleTooLong,
    SmsOptOutInTemplate,
    SmsSignatureInTemplate,
    SmsTooManyParts,
    SmsUnrenderable,
    /// An SMS breaks a rule of a market it can be sent to (`[catalog.markets]`).
    MarketRule,
    UnboundedVariable,
    UntrustedLink,
    /// A translated part made from an earlier text of the source locale.
    OutdatedTranslation,
    /// A manifest's example data that rendering would refuse (`example`, `examples`).
    InvalidExample,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnknownMessage => "unknown_message",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::MissingVariable => "missing_variable",
            ErrorKind::WrongType => "wrong_type",
            ErrorKind::UnknownVariable => "unknown_variable",
            ErrorKind::TemplateSyntax => "template_syntax",
            ErrorKind::TemplateLimit => "template_limit",
            ErrorKind::UnknownHelper => "unknown_helper",
            ErrorKind::UnknownPartial => "unknown_partial",
            ErrorKind::HelperArguments => "helper_arguments",
            ErrorKind::RawOutput => "raw_output",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::LinkNotAllowed => "link_not_allowed",
            ErrorKind::Format => "format",
            ErrorKind::Render => "render",
            ErrorKind::OptedOut => "opted_out",
            ErrorKind::NoChannels => "no_channels",
            ErrorKind::UnknownMarket => "unknown_market",
            ErrorKind::InvalidCatalog => "invalid_catalog",
            ErrorKind::Layout => "layout",
            ErrorKind::Manifest => "manifest",
            ErrorKind::MissingFile => "missing_file",
            ErrorKind::MissingPart => "missing_part",
            ErrorKind::UnknownLocale => "unknown_locale",
            ErrorKind::RequiredPartialMissing => "required_partial_missing",
            ErrorKind::LocaleVariablesDiffer => "locale_variables_differ",
            ErrorKind::MissingChannel => "missing_channel",
            ErrorKind::PushTitleTooLong => "push_title_too_long",
            ErrorKind::SmsOptOutInTemplate => "sms_opt_out_in_template",
            ErrorKind::SmsSignatureInTemplate => "sms_signature_in_template",
            ErrorKind::SmsTooManyParts => "sms_too_many_parts",
            ErrorKind::SmsUnrenderable => "sms_unrenderable",
            ErrorKind::MarketRule => "market_rule",
            ErrorKind::UnboundedVariable => "unbounded_variable",
            ErrorKind::UntrustedLink => "untrusted_link",
            ErrorKind::OutdatedTranslation => "outdated_translation",
            ErrorKind::InvalidExample => "invalid_example",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// So tests and callers can compare a code with its documented spelling.
impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// An error with everything known about where it happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    #[serde(rename = "code")]
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The channel (`email`); `part` names the part within it (`email.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    /// 1-based line and column in the part's source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// The variable path, e.g. `amount.currency` or `changes[2]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The source line the error points into, for the framed long form (a window of
    /// it around the column when the line is long).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The column within `source_line` (differs from `column` for a window).
    #[serde(skip)]
    excerpt_column: u32,
}

/// Longest message an error carries, in characters: an error about a 100 MB value
/// quotes a prefix of it, never all of it.
pub const MAX_MESSAGE_CHARS: usize = 1000;
/// Longest message id, locale or path an error carries, in characters.
const MAX_FIELD_CHARS: usize = 200;
/// Widest source excerpt in the long form, in characters.
const MAX_EXCERPT_CHARS: usize = 160;

/// `text` cut to `max` characters, with `…` where it was cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        let message = message.into();
        let message = if message.len() > MAX_MESSAGE_CHARS {
            clip(&message, MAX_MESSAGE_CHARS)
        } else {
            message
        };
        Error {
            kind,
            message,
            message_id: None,
            locale: None,
            channel: None,
            part: None,
            line: None,
            column: None,
            path: None,
            source_line: None,
            excerpt_column: 0,
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind.as_str()
    }

    /// The error of something inside partial `name`: the message says so.
    pub fn in_partial(mut self, name: &str) -> Error {
        self.message = clip(
            &format!("in partial `{name}`: {}", self.message),
            MAX_MESSAGE_CHARS,
        );
        self
    }

    /// At `line:column` of a source the caller frames later (`at` adds the excerpt).
    pub fn at_position(mut self, line: u32, column: u32) -> Error {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Error {
        self.path = Some(clip(&path.into(), MAX_FIELD_CHARS));
        self
    }

    pub fn with_message_id(mut self, id: &str) -> Error {
        self.message_id
            .get_or_insert_with(|| clip(id, MAX_FIELD_CHARS));
        self
    }

    pub fn with_locale(mut self, locale: &str) -> Error {
        self.locale
            .get_or_insert_with(|| clip(locale, MAX_FIELD_CHARS));
        self
    }

    /// Sets the part (and its channel) unless already known.
    pub fn with_part(mut self, part: &str) -> Error {
        if self.part.is_none() {
            self.part = Some(part.to_string());
            self.channel = Some(part.split('.').next().unwrap_or(part).to_string());
        }
        self
    }

    /// Places the error at `line:column` of `source`, keeping the line for `long()`.
    pub fn at(mut self, source: &str, line: u32, column: u32) -> Error {
        self.line = Some(line);
        self.column = Some(column);
        self.excerpt_column = column;
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .map(|text| {
                if text.chars().count() <= MAX_EXCERPT_CHARS {
                    return text.to_string();
                }
                // A window that starts a little before the column.
                let skip = column.saturating_sub(1).saturating_sub(40) as usize;
                let window: String = text.chars().skip(skip).collect();
                let mut excerpt = clip(&window, MAX_EXCERPT_CHARS);
                if skip > 0 {
                    excerpt.insert(0, '…');
                    self.excerpt_column = column - skip as u32 + 1;
                }
                excerpt
            });
        self
    }

    /// Where the error is, e.g. `security.funds_moved · zh-CN · sms:1:12`.
    pub fn location(&self) -> Option<String> {
        let mut parts: Vec<&str> = Vec::new();
        parts.extend(self.message_id.as_deref());
        parts.extend(self.locale.as_deref());
        parts.extend(self.part.as_deref());
        if self.message_id.is_none() && self.part.is_none() && self.line.is_some() {
            // An ad-hoc source (renderTemplate): say so rather than look like a file name.
            parts.insert(0, "template");
        }
        let mut loc = parts.join(" · ");
        if let (Some(line), Some(column)) = (self.line, self.column) {
            if loc.is_empty() {
                loc = "template".into();
            }
            loc.push_str(&format!(":{line}:{column}"));
        }
        (!loc.is_empty()).then_some(loc)
    }

    /// The long form: the message, where it is, and the source line with a caret under
    /// the tag the error points at.
    pub fn long(&self) -> String {
        let mut out = format!("error[{}]: {}", self.code(), self.message);
        if let Some(loc) = self.location() {
            out.push_str(&format!("\n --> {loc}"));
        }
        if let Some(path) = &self.path {
            out.push_str(&format!("\n  = variable: {path}"));
        }
        if let (Some(text), Some(line)) = (&self.source_line, self.line) {
            out.push('\n');
            out.push_str(&crate::location::frame(text, line, self.excerpt_column));
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f.write_str(&self.long());
        }
        f.write_str(&self.message)?;
        if let Some(loc) = self.location() {
            write!(f, " ({loc})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_form_frames_the_line_with_a_caret_under_the_tag() {
        let e = Error::new(
            ErrorKind::MissingVariable,
            "required variable `amount` is missing",
        )
        .with_message_id("security.funds_moved")
        .with_locale("zh-CN")
        .with_part("sms")
        .with_path("amount")
        .at("金额{{money amount}}元", 1, 3);
        let long = e.long();
        assert!(
            long.contains(" --> security.funds_moved · zh-CN · sms:1:3"),
            "{long}"
        );
        // Two wide characters before the tag take four columns.
        assert!(long.ends_with("  |     ^^^^^^^^^^^^^^^^"), "{long}");
        assert_eq!(e.channel.as_deref(), Some("sms"));
    }

    #[test]
    fn huge_inputs_are_quoted_as_a_short_prefix() {
        let huge = "x".repeat(1_000_000);
        let e = Error::new(ErrorKind::UnknownMessage, format!("no message `{huge}`"))
            .with_message_id(&huge)
            .with_path(huge.clone())
            .at(&format!("{huge}{{{{oops}}"), 1, 1_000_001);
        assert!(e.message.chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(e.message.ends_with('…'));
        assert!(e.message_id.as_ref().unwrap().chars().count() <= MAX_FIELD_CHARS + 1);
        let long = e.long();
        assert!(long.len() < 4000, "{} bytes", long.len());
        // The caret still sits under the tag inside the window.
        let lines: Vec<&str> = long.lines().collect();
        let (text, caret) = (lines[lines.len() - 2], lines[lines.len() - 1]);
        let at = caret.find('^').unwrap();
        let under: String = text.chars().skip(at).take(4).collect();
        assert_eq!(under, "{{oo");
    }

    #[test]
    fn part_sets_channel() {
        let e = Error::new(ErrorKind::Render, "x").with_part("email.html");
        assert_eq!(
            (e.channel.as_deref(), e.part.as_deref()),
            (Some("email"), Some("email.html"))
        );
    }
}
