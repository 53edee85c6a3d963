//! Reads a `templates/` directory into a validated [`Catalog`], or every problem found.
//!
//! Not part of the library: `build.rs` and `tests/build_errors.rs` include this file at
//! their crate root with `#[path]`, next to `check`, `model` and `parts`.

use super::check;
use super::error::ErrorKind;
use super::location;
use super::model::{self, Catalog, Channel, Message, Part, Settings, VarType};
use super::parts;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    catalog: Settings,
    #[serde(default)]
    messages: Vec<Message>,
}

/// Where the manifest's message ids and variable names are, to point problems at them.
#[derive(serde::Deserialize)]
struct Spans {
    #[serde(default)]
    messages: Vec<MessageSpans>,
}

#[derive(serde::Deserialize)]
struct MessageSpans {
    id: toml::Spanned<String>,
    #[serde(default)]
    variables: Vec<VariableSpans>,
}

#[derive(serde::Deserialize)]
struct VariableSpans {
    name: toml::Spanned<String>,
}

/// A catalog problem: the file below `templates/`, a 1-based line and column, a code,
/// a message, and (when there is a line to show) a framed excerpt with a caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub code: ErrorKind,
    pub message: String,
    pub excerpt: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "templates/{}:{}:{}: error[{}]: {}",
            self.file, self.line, self.column, self.code, self.message
        )?;
        if let Some(excerpt) = &self.excerpt {
            write!(f, "\n{excerpt}")?;
        }
        Ok(())
    }
}

/// The problems as the build prints them: one `file:line:column: error[code]: message`
/// line each, followed by its excerpt.
pub fn report(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("{p}\n")).collect()
}

/// Loads and checks `templates_dir`: the manifest, every partial and every message
/// template. Returns the catalog only when nothing at all is wrong.
pub fn load(templates_dir: &Path) -> Result<Catalog, Vec<Problem>> {
    let mut loader = Loader {
        templates: templates_dir,
        problems: Vec::new(),
    };
    let catalog = loader.catalog();
    match catalog {
        Some(catalog) if loader.problems.is_empty() => Ok(catalog),
        _ => Err(loader.problems),
    }
}

struct Loader<'a> {
    templates: &'a Path,
    problems: Vec<Problem>,
}

impl Loader<'_> {
    fn rel(&self, path: &Path) -> String {
        path.strip_prefix(self.templates)
            .unwrap_or(path)
            .display()
            .to_string()
    }

    fn read(&mut self, path: &Path) -> Option<String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) => {
                self.problems.push(Problem {
                    file: self.rel(path),
                    line: 1,
                    column: 1,
                    code: ErrorKind::MissingFile,
                    message: format!("cannot read: {e}"),
                    excerpt: None,
                });
                None
            }
        }
    }

    /// A problem at a byte offset of a whole file's `text`.
    fn at_offset(
        &mut self,
        file: &str,
        text: &str,
        offset: usize,
        code: ErrorKind,
        message: String,
    ) {
        let (line, column) = location::position(text, offset);
        self.at_line(file, text, line, column, code, message);
    }

    /// A problem at `line:column` of a whole file's `text`, with its excerpt.
    fn at_line(
        &mut self,
        file: &str,
        text: &str,
        line: u32,
        column: u32,
        code: ErrorKind,
        message: String,
    ) {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("");
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            column,
            code,
            message,
            excerpt: Some(location::frame(source_line, line, column)),
        });
    }

    /// Turns checker problems (relative to a part starting on file line `first_line`)
    /// into file positions with an excerpt.
    fn checked(&mut self, file: &str, first_line: u32, source: &str, found: Vec<check::Problem>) {
        for p in found {
            let text = source
                .lines()
                .nth(p.line.saturating_sub(1) as usize)
                .unwrap_or("");
            let file_line = first_line + p.line.saturating_sub(1);
            self.problems.push(Problem {
                file: file.to_string(),
                line: file_line,
                column: p.column,
                code: p.code,
                message: p.message,
                excerpt: Some(location::frame(text, file_line, p.column)),
            });
        }
    }

    fn catalog(&mut self) -> Option<Catalog> {
        let manifest_path = self.templates.join("manifest.toml");
        let text = self.read(&manifest_path)?;
        let manifest: Manifest = match toml::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                self.at_offset(
                    "manifest.toml",
                    &text,
                    offset,
                    ErrorKind::Manifest,
                    e.message().trim().to_string(),
                );
                return None;
            }
        };
        // Parses whenever `Manifest` did: `Spans` asks for less.
        let spans: Spans = toml::from_str(&text).unwrap_or(Spans { messages: vec![] });
        let settings = manifest.catalog;
        let locales = settings.locales.clone();
        if !locales.contains(&settings.default_locale) {
            let offset = text.find("default_locale").unwrap_or(0);
            self.at_offset(
                "manifest.toml",
                &text,
                offset,
                ErrorKind::Manifest,
                format!(
                    "default_locale `{}` is not in locales",
                    settings.default_locale
                ),
            );
        }

        let partials = self.partials(&locales);
        let partial_names: Vec<&str> = partials.keys().map(String::as_str).collect();

        let mut messages = manifest.messages;
        let mut seen: Vec<String> = Vec::new();
        for (index, message) in messages.iter_mut().enumerate() {
            let message_spans = spans.messages.get(index);
            let id = message.id.clone();
            let id_at = message_spans.map_or(0, |s| s.id.span().start);
            let manifest_problem = |this: &mut Self, offset: usize, message: String| {
                this.at_offset("manifest.toml", &text, offset, ErrorKind::Manifest, message);
            };
            if seen.contains(&id) {
                manifest_problem(self, id_at, format!("message id `{id}` is declared twice"));
            }
            seen.push(id.clone());
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
            {
                manifest_problem(
                    self,
                    id_at,
                    format!("message id `{id}` may use only a-z, 0-9, `.` and `_`"),
                );
            }
            if !message.channels.contains(&Channel::Sms) || message.channels.len() < 2 {
                manifest_problem(
                    self,
                    id_at,
                    format!("message `{id}` must have `sms` and at least one more channel"),
                );
            }
            message.channels.sort();
            message.channels.dedup();
            let mut var_names = Vec::new();
            for (i, v) in message.variables.iter().enumerate() {
                let at = message_spans
                    .and_then(|s| s.variables.get(i))
                    .map_or(id_at, |s| s.name.span().start);
                if var_names.contains(&v.name) || v.name == model::TIME_ZONE_VAR {
                    manifest_problem(
                        self,
                        at,
                        format!("{id}: variable `{}` is declared twice or reserved", v.name),
                    );
                }
                var_names.push(v.name.clone());
                if (v.ty == VarType::Enum) != v.values.is_some() {
                    manifest_problem(
                        self,
                        at,
                        format!("{id}: `values` goes with type enum (variable `{}`)", v.name),
                    );
                }
                if (v.ty == VarType::List) != v.items.is_some() {
                    manifest_problem(
                        self,
                        at,
                        format!("{id}: `items` goes with type list (variable `{}`)", v.name),
                    );
                }
                if v.items == Some(VarType::List) {
                    manifest_problem(
                        self,
                        at,
                        format!(
                            "{id}: lists of lists are not supported (variable `{}`)",
                            v.name
                        ),
                    );
                }
            }
            self.templates_of(message, &locales, &partial_names);
        }
        Some(Catalog {
            settings,
            messages,
            partials,
        })
    }

    /// Partials: `partials/<name>/<locale>.hbs`, checked with no variables.
    fn partials(&mut self, locales: &[String]) -> BTreeMap<String, BTreeMap<String, Part>> {
        let mut partials = BTreeMap::new();
        let partial_dir = self.templates.join("partials");
        let mut names: Vec<String> = std::fs::read_dir(&partial_dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        for name in names {
            let mut by_locale = BTreeMap::new();
            for locale in locales {
                let path = partial_dir.join(&name).join(format!("{locale}.hbs"));
                let Some(source) = self.read(&path) else {
                    continue;
                };
                let file = self.rel(&path);
                let source = source.trim_end().to_string();
                let env = check::Env {
                    variables: Some(&[]),
                    partials: &[],
                    // HTML parts include partials too: check them as strictly.
                    html: true,
                };
                self.checked(&file, 1, &source, check::analyse(&source, &env).problems);
                by_locale.insert(
                    locale.clone(),
                    Part {
                        name: name.clone(),
                        source,
                        file,
                        first_line: 1,
                    },
                );
            }
            partials.insert(name, by_locale);
        }
        partials
    }

    /// Reads, splits and checks `messages/<id>/<locale>.hbs` for every locale.
    fn templates_of(&mut self, message: &mut Message, locales: &[String], partial_names: &[&str]) {
        let id = message.id.clone();
        let dir = self.templates.join("messages").join(&id);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut files: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            files.sort();
            for file in files {
                let stem = file.strip_suffix(".hbs").unwrap_or(&file);
                if !locales.iter().any(|l| l == stem) {
                    self.problems.push(Problem {
                        file: format!("messages/{id}/{file}"),
                        line: 1,
                        column: 1,
                        code: ErrorKind::UnknownLocale,
                        message: format!(
                            "`{file}` is not a template of a catalog locale ({})",
                            locales.join(", ")
                        ),
                        excerpt: None,
                    });
                }
            }
        }
        let expected: Vec<&str> = message
            .channels
            .iter()
            .flat_map(|c| c.parts().iter().copied())
            .collect();
        for locale in locales {
            let path = dir.join(format!("{locale}.hbs"));
            let file = self.rel(&path);
            let Some(text) = self.read(&path) else {
                continue;
            };
            let raw = match parts::split(&text) {
                Ok(raw) => raw,
                Err(e) => {
                    self.at_line(&file, &text, e.line, 1, ErrorKind::Layout, e.message);
                    continue;
                }
            };
            let mut found = Vec::new();
            for part in raw {
                if !expected.contains(&part.name.as_str()) {
                    let message = if Channel::of_part(&part.name).is_some() {
                        format!(
                            "part `{}` belongs to a channel `{id}` does not declare",
                            part.name
                        )
                    } else {
                        format!(
                            "unknown part `{}` (parts are: {})",
                            part.name,
                            expected.join(", ")
                        )
                    };
                    let line = divider_line(&text, &part.name)
                        .unwrap_or(part.first_line.saturating_sub(1));
                    self.at_line(&file, &text, line, 5, ErrorKind::Layout, message);
                    continue;
                }
                let env = check::Env {
                    variables: Some(&message.variables),
                    partials: partial_names,
                    html: model::part_is_html(&part.name),
                };
                self.checked(
                    &file,
                    part.first_line,
                    &part.source,
                    check::analyse(&part.source, &env).problems,
                );
                found.push(Part {
                    name: part.name,
                    source: part.source,
                    file: file.clone(),
                    first_line: part.first_line,
                });
            }
            for want in &expected {
                if !found.iter().any(|p| p.name == *want) {
                    self.problems.push(Problem {
                        file: file.clone(),
                        line: 1,
                        column: 1,
                        code: ErrorKind::MissingPart,
                        message: format!(
                            "missing part `--- {want}` (channel {})",
                            Channel::of_part(want).map(|c| c.as_str()).unwrap_or("?")
                        ),
                        excerpt: None,
                    });
                }
            }
            found.sort_by_key(|p| expected.iter().position(|e| *e == p.name));
            message.templates.insert(locale.clone(), found);
        }
    }
}

/// The 1-based line of the `--- <name>` divider in a template file.
fn divider_line(text: &str, name: &str) -> Option<u32> {
    text.lines()
        .position(|l| l.strip_prefix("--- ").is_some_and(|n| n.trim() == name))
        .and_then(|i| u32::try_from(i + 1).ok())
}
