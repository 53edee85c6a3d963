//! Compiles a loaded catalog — every partial (in both escapings) and every message part
//! of every locale — into its programs, and packs them into a compiled catalog file with
//! the ICU4X data of its locales and the TZif data of its time zones (`data`).
//! `build.rs` packs `templates/`; `tidings build` (the `build` feature) any folder.

use super::check;
use super::compile;
use super::data;
use super::file;
use super::load::{self, Files, Problem};
use super::model;
use super::program::Programs;
use std::collections::BTreeMap;

/// Loads, checks and compiles the catalog in `files` into a compiled catalog file,
/// or returns every problem found (with `file:line:column`).
pub fn build(files: &dyn Files) -> Result<(model::Catalog, Vec<u8>), Vec<Problem>> {
    let catalog = load::load_files(files)?;
    let programs = programs(&catalog)?;
    let settings = &catalog.settings;
    let bytes = data::locale_blob(&settings.locales)
        .and_then(|blob| {
            let zones = data::time_zones(settings.time_zones.as_deref())?;
            file::encode(&catalog, &programs, blob, zones)
        })
        .map_err(|e| {
            vec![Problem {
                file: "manifest.toml".into(),
                line: 1,
                column: 1,
                code: super::error::ErrorKind::Manifest,
                message: format!("the catalog could not be written: {e}"),
                excerpt: None,
            }]
        })?;
    Ok((catalog, bytes))
}

/// Every partial and part of a catalog `load` accepted, compiled. `load` has checked
/// them all, so a problem here is a compiler bug; it is reported like any other.
pub fn programs(catalog: &model::Catalog) -> Result<Programs, Vec<Problem>> {
    let names: Vec<&str> = catalog.partials.keys().map(String::as_str).collect();
    let market = catalog.settings.market_texts();
    let mut programs = Programs {
        partials: BTreeMap::new(),
        html_partials: BTreeMap::new(),
        parts: BTreeMap::new(),
    };
    let mut problems = Vec::new();
    let mut compile = |part: &model::Part, variables: Option<&[model::Variable]>, html: bool| {
        let env = check::Env {
            variables,
            partials: &names,
            market: &market,
            html,
        };
        compile::compile(&part.source, &env).map_err(|p| {
            problems.push(Problem {
                file: part.file.clone(),
                line: p.line + part.first_line.saturating_sub(1),
                column: p.column,
                code: p.code,
                message: p.message,
                excerpt: None,
            })
        })
    };
    for (name, by_locale) in &catalog.partials {
        for (locale, part) in by_locale {
            for (html, map) in [
                (false, &mut programs.partials),
                (true, &mut programs.html_partials),
            ] {
                if let Ok(p) = compile(part, None, html) {
                    map.entry(locale.clone())
                        .or_default()
                        .insert(name.clone(), p);
                }
            }
        }
    }
    for message in &catalog.messages {
        for (locale, parts) in &message.templates {
            for part in parts {
                let html = model::part_is_html(&part.name);
                if let Ok(p) = compile(part, Some(&message.variables), html) {
                    programs
                        .parts
                        .entry(locale.clone())
                        .or_default()
                        .entry(message.id.clone())
                        .or_default()
                        .insert(part.name.clone(), p);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(programs)
    } else {
        Err(problems)
    }
}
