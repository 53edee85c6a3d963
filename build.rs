//! Reads `templates/`, checks every template against the manifest, and embeds the
//! validated catalog as JSON in `OUT_DIR`. Any problem fails the build with
//! `file:line:column`, so a broken catalog can never ship. The loading and checking
//! live in `src/catalog/load.rs`, which `tests/build_errors.rs` exercises too.

#[path = "src/catalog/check.rs"]
#[allow(dead_code)]
mod check;
#[path = "src/catalog/load.rs"]
mod load;
#[path = "src/catalog/model.rs"]
#[allow(dead_code)]
mod model;
#[path = "src/catalog/parts.rs"]
#[allow(dead_code)]
mod parts;
#[path = "src/catalog/precheck.rs"]
mod precheck;

use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=templates");
    let catalog = match load::load(&root.join("templates")) {
        Ok(catalog) => catalog,
        Err(problems) => {
            eprintln!(
                "\nThe message catalog has {} problem(s):\n\n{}",
                problems.len(),
                load::report(&problems)
            );
            std::process::exit(1);
        }
    };
    for name in catalog.partials.keys() {
        println!("cargo:rerun-if-changed=templates/partials/{name}");
    }
    for message in &catalog.messages {
        println!("cargo:rerun-if-changed=templates/messages/{}", message.id);
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let json = serde_json::to_string(&catalog).expect("the catalog serialises");
    std::fs::write(out.join("catalog.json"), json).expect("OUT_DIR is writable");
}
