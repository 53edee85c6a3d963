//! Reads `templates/`, checks every template against the manifest, compiles every part
//! and partial into a tidings program, and embeds the compiled catalog file (the same
//! file `tidings build` writes) in `OUT_DIR`, so no template is parsed at run time. Any
//! problem fails the build with `file:line:column`, so a broken catalog can never ship.
//! Loading and checking live in `src/catalog/load.rs` (which `tests/build_errors.rs`
//! exercises too), compiling in `src/catalog/pack.rs`.

// ICU4X's data macros (src/catalog/data.rs) name `alloc::` paths.
extern crate alloc;

#[path = "src/template/check.rs"]
#[allow(dead_code)]
mod check;
#[path = "src/template/compile.rs"]
#[allow(dead_code)]
mod compile;
#[path = "src/catalog/data.rs"]
mod data;
#[path = "src/data_locale.rs"]
mod data_locale;
#[path = "src/error.rs"]
#[allow(dead_code)]
mod error;
#[path = "src/template/explain.rs"]
#[allow(dead_code)]
mod explain;
#[path = "src/catalog/file.rs"]
#[allow(dead_code)]
mod file;
#[path = "src/catalog/load.rs"]
#[allow(dead_code)]
mod load;
#[path = "src/location.rs"]
#[allow(dead_code)]
mod location;
#[path = "src/catalog/model.rs"]
#[allow(dead_code)]
mod model;
#[path = "src/catalog/pack.rs"]
mod pack;
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
#[path = "src/template/suggest.rs"]
#[allow(dead_code)]
mod suggest;
#[path = "src/catalog/translations.rs"]
#[allow(dead_code)]
mod translations;

use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=templates");
    let files = load::Dir(root.join("templates"));
    let (catalog, bytes) = match pack::build(&files) {
        Ok(built) => built,
        Err(problems) => {
            eprintln!(
                "\nThe message catalog has {} problem(s):\n\n{}",
                problems.len(),
                load::report("templates", &problems)
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
    std::fs::write(out.join("catalog.tidings"), bytes).expect("OUT_DIR is writable");
}
