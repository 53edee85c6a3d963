//! Reads `templates/`, checks every template against the manifest, compiles every part
//! and partial into a tidings program, and embeds the validated catalog (JSON: settings,
//! messages, sources) and its programs (postcard) in `OUT_DIR`, so no template is parsed
//! at run time. Any problem fails the build with `file:line:column`, so a broken catalog
//! can never ship. Loading and checking live in `src/catalog/load.rs` (which
//! `tests/build_errors.rs` exercises too); compiling in `src/template/compile.rs`.

#[path = "src/template/check.rs"]
#[allow(dead_code)]
mod check;
#[path = "src/template/compile.rs"]
#[allow(dead_code)]
mod compile;
#[path = "src/error.rs"]
#[allow(dead_code)]
mod error;
#[path = "src/catalog/load.rs"]
mod load;
#[path = "src/location.rs"]
#[allow(dead_code)]
mod location;
#[path = "src/catalog/model.rs"]
#[allow(dead_code)]
mod model;
#[path = "src/catalog/parts.rs"]
#[allow(dead_code)]
mod parts;
#[path = "src/template/precheck.rs"]
#[allow(dead_code)]
mod precheck;
#[path = "src/template/prelex.rs"]
#[allow(dead_code)]
mod prelex;
#[path = "src/template/program.rs"]
#[allow(dead_code)]
mod program;

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=templates");
    let catalog = match load::load(&root.join("templates")) {
        Ok(catalog) => catalog,
        Err(problems) => fail(&problems),
    };
    for name in catalog.partials.keys() {
        println!("cargo:rerun-if-changed=templates/partials/{name}");
    }
    for message in &catalog.messages {
        println!("cargo:rerun-if-changed=templates/messages/{}", message.id);
    }
    let programs = compile_all(&catalog);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let json = serde_json::to_string(&catalog).expect("the catalog serialises");
    std::fs::write(out.join("catalog.json"), json).expect("OUT_DIR is writable");
    let bytes = postcard::to_allocvec(&programs).expect("the programs serialise");
    std::fs::write(out.join("programs.bin"), bytes).expect("OUT_DIR is writable");
}

fn fail(problems: &[load::Problem]) -> ! {
    eprintln!(
        "\nThe message catalog has {} problem(s):\n\n{}",
        problems.len(),
        load::report(problems)
    );
    std::process::exit(1);
}

/// Every partial (in both escapings) and every message part of every locale, compiled.
/// `load` has checked them all, so a problem here is a compiler bug, reported as one.
fn compile_all(catalog: &model::Catalog) -> program::Programs {
    let names: Vec<&str> = catalog.partials.keys().map(String::as_str).collect();
    let mut programs = program::Programs {
        format: program::FORMAT,
        partials: BTreeMap::new(),
        html_partials: BTreeMap::new(),
        parts: BTreeMap::new(),
    };
    let mut problems = Vec::new();
    let mut compile = |part: &model::Part, variables: Option<&[model::Variable]>, html: bool| {
        let env = check::Env {
            variables,
            partials: &names,
            html,
        };
        compile::compile(&part.source, &env).map_err(|p| {
            problems.push(load::Problem {
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
    if !problems.is_empty() {
        fail(&problems);
    }
    programs
}
