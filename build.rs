//! Reads `templates/`, checks every template against the manifest, and embeds the
//! validated catalog as JSON in `OUT_DIR`. Any problem fails the build with
//! `file:line:column`, so a broken catalog can never ship.

#[path = "src/catalog/check.rs"]
mod check;
#[path = "src/catalog/model.rs"]
#[allow(dead_code)]
mod model;
#[path = "src/catalog/parts.rs"]
#[allow(dead_code)]
mod parts;

use model::{Catalog, Channel, Message, Part, Settings, VarType};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    catalog: Settings,
    #[serde(default)]
    messages: Vec<Message>,
}

/// A build problem: where and what.
struct Problem {
    file: String,
    line: u32,
    column: u32,
    code: &'static str,
    message: String,
    excerpt: Option<String>,
}

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let templates = root.join("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut problems = Vec::new();
    let catalog = load(&templates, &mut problems);
    if !problems.is_empty() {
        let mut report = String::new();
        for p in &problems {
            let _ = writeln!(
                report,
                "templates/{}:{}:{}: error[{}]: {}",
                p.file, p.line, p.column, p.code, p.message
            );
            if let Some(ex) = &p.excerpt {
                let _ = writeln!(report, "{ex}");
            }
        }
        eprintln!(
            "\nThe message catalog has {} problem(s):\n\n{report}",
            problems.len()
        );
        std::process::exit(1);
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let json = serde_json::to_string(&catalog).expect("the catalog serialises");
    std::fs::write(out.join("catalog.json"), json).expect("OUT_DIR is writable");
}

fn read(path: &Path, problems: &mut Vec<Problem>, templates: &Path) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) => {
            problems.push(Problem {
                file: rel(path, templates),
                line: 1,
                column: 1,
                code: "missing_file",
                message: format!("cannot read: {e}"),
                excerpt: None,
            });
            None
        }
    }
}

fn rel(path: &Path, templates: &Path) -> String {
    path.strip_prefix(templates)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn load(templates: &Path, problems: &mut Vec<Problem>) -> Catalog {
    let manifest_path = templates.join("manifest.toml");
    let empty = Catalog {
        settings: Settings {
            default_locale: String::new(),
            locales: vec![],
            default_time_zone: String::new(),
        },
        messages: vec![],
        partials: BTreeMap::new(),
    };
    let Some(text) = read(&manifest_path, problems, templates) else {
        return empty;
    };
    let manifest: Manifest = match toml::from_str(&text) {
        Ok(m) => m,
        Err(e) => {
            let (line, column) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((1, 1));
            problems.push(Problem {
                file: "manifest.toml".into(),
                line,
                column,
                code: "manifest",
                message: e.message().to_string(),
                excerpt: None,
            });
            return empty;
        }
    };
    let settings = manifest.catalog;
    let locales = settings.locales.clone();
    let manifest_problem = |problems: &mut Vec<Problem>, needle: &str, message: String| {
        let (line, column) = text
            .find(needle)
            .map(|at| line_col(&text, at))
            .unwrap_or((1, 1));
        problems.push(Problem {
            file: "manifest.toml".into(),
            line,
            column,
            code: "manifest",
            message,
            excerpt: None,
        });
    };
    if !locales.contains(&settings.default_locale) {
        manifest_problem(
            problems,
            "default_locale",
            format!(
                "default_locale `{}` is not in locales",
                settings.default_locale
            ),
        );
    }

    // Partials: templates/partials/<name>/<locale>.hbs
    let mut partials: BTreeMap<String, BTreeMap<String, Part>> = BTreeMap::new();
    let partial_dir = templates.join("partials");
    let mut names: Vec<String> = std::fs::read_dir(&partial_dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    for name in &names {
        println!("cargo:rerun-if-changed=templates/partials/{name}");
        let mut by_locale = BTreeMap::new();
        for locale in &locales {
            let path = partial_dir.join(name).join(format!("{locale}.hbs"));
            let Some(source) = read(&path, problems, templates) else {
                continue;
            };
            let file = rel(&path, templates);
            let source = source.trim_end().to_string();
            let env = check::Env {
                variables: Some(&[]),
                partials: &[],
            };
            report(problems, &file, 1, &source, check::check(&source, &env).1);
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
        partials.insert(name.clone(), by_locale);
    }
    let partial_names: Vec<&str> = names.iter().map(String::as_str).collect();

    let mut messages = manifest.messages;
    let mut seen = Vec::new();
    for message in &mut messages {
        let id = message.id.clone();
        if seen.contains(&id) {
            manifest_problem(
                problems,
                &format!("\"{id}\""),
                format!("message id `{id}` is declared twice"),
            );
        }
        seen.push(id.clone());
        if !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
            || id.is_empty()
        {
            manifest_problem(
                problems,
                &format!("\"{id}\""),
                format!("message id `{id}` may use only a-z, 0-9, `.` and `_`"),
            );
        }
        if !message.channels.contains(&Channel::Sms) || message.channels.len() < 2 {
            manifest_problem(
                problems,
                &format!("\"{id}\""),
                format!("message `{id}` must have `sms` and at least one more channel"),
            );
        }
        message.channels.sort();
        message.channels.dedup();
        let mut var_names = Vec::new();
        for v in &message.variables {
            if var_names.contains(&v.name) || v.name == model::TIME_ZONE_VAR {
                manifest_problem(
                    problems,
                    &format!("\"{}\"", v.name),
                    format!("{id}: variable `{}` is declared twice or reserved", v.name),
                );
            }
            var_names.push(v.name.clone());
            if (v.ty == VarType::Enum) != v.values.is_some() {
                manifest_problem(
                    problems,
                    &format!("\"{}\"", v.name),
                    format!("{id}: `values` goes with type enum (variable `{}`)", v.name),
                );
            }
            if (v.ty == VarType::List) != v.items.is_some() {
                manifest_problem(
                    problems,
                    &format!("\"{}\"", v.name),
                    format!("{id}: `items` goes with type list (variable `{}`)", v.name),
                );
            }
            if v.items == Some(VarType::List) {
                manifest_problem(
                    problems,
                    &format!("\"{}\"", v.name),
                    format!(
                        "{id}: lists of lists are not supported (variable `{}`)",
                        v.name
                    ),
                );
            }
        }
        let dir = templates.join("messages").join(&id);
        println!("cargo:rerun-if-changed=templates/messages/{id}");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for entry in entries.filter_map(|e| e.ok()) {
                let file = entry.file_name().to_string_lossy().into_owned();
                let stem = file.strip_suffix(".hbs").unwrap_or(&file);
                if !locales.iter().any(|l| l == stem) {
                    problems.push(Problem {
                        file: format!("messages/{id}/{file}"),
                        line: 1,
                        column: 1,
                        code: "unknown_locale",
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
        for locale in &locales {
            let path = dir.join(format!("{locale}.hbs"));
            let file = rel(&path, templates);
            let Some(text) = read(&path, problems, templates) else {
                continue;
            };
            let raw = match parts::split(&text) {
                Ok(raw) => raw,
                Err(e) => {
                    problems.push(Problem {
                        file,
                        line: e.line,
                        column: 1,
                        code: "layout",
                        message: e.message,
                        excerpt: None,
                    });
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
                    problems.push(Problem {
                        file: file.clone(),
                        line: part.first_line.saturating_sub(1),
                        column: 5,
                        code: "layout",
                        message,
                        excerpt: None,
                    });
                    continue;
                }
                let env = check::Env {
                    variables: Some(&message.variables),
                    partials: &partial_names,
                };
                report(
                    problems,
                    &file,
                    part.first_line,
                    &part.source,
                    check::check(&part.source, &env).1,
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
                    problems.push(Problem {
                        file: file.clone(),
                        line: 1,
                        column: 1,
                        code: "missing_part",
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
    Catalog {
        settings,
        messages,
        partials,
    }
}

/// Turns checker problems (part-relative) into file positions with an excerpt.
fn report(
    problems: &mut Vec<Problem>,
    file: &str,
    first_line: u32,
    source: &str,
    found: Vec<check::Problem>,
) {
    for p in found {
        let text = source
            .lines()
            .nth(p.line.saturating_sub(1) as usize)
            .unwrap_or("");
        let file_line = first_line + p.line.saturating_sub(1);
        let pad = " ".repeat(file_line.to_string().len());
        let caret = " ".repeat(
            text.chars()
                .take(p.column.saturating_sub(1) as usize)
                .count(),
        );
        let excerpt = format!("{pad} |\n{file_line} | {text}\n{pad} | {caret}^");
        problems.push(Problem {
            file: file.to_string(),
            line: file_line,
            column: p.column,
            code: p.code,
            message: p.message,
            excerpt: Some(excerpt),
        });
    }
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}
