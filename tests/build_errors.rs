//! The build's catalog checks, run on small broken catalogs under
//! `tests/fixtures/catalogs/<case>/`: each must fail to load, and its report — the
//! `templates/<file>:<line>:<column>: error[code]: message` lines with their framed
//! excerpts, exactly as `cargo build` prints them — is snapshotted per case.

#[path = "../src/template/check.rs"]
#[allow(dead_code)]
mod check;
#[path = "../src/error.rs"]
#[allow(dead_code)]
mod error;
#[path = "../src/catalog/load.rs"]
mod load;
#[path = "../src/location.rs"]
#[allow(dead_code)]
mod location;
#[path = "../src/catalog/model.rs"]
#[allow(dead_code)]
mod model;
#[path = "../src/catalog/parts.rs"]
#[allow(dead_code)]
mod parts;
#[path = "../src/template/precheck.rs"]
#[allow(dead_code)]
mod precheck;
#[path = "../src/template/prelex.rs"]
#[allow(dead_code)]
mod prelex;
#[path = "../src/template/program.rs"]
#[allow(dead_code)]
mod program;

use std::path::{Path, PathBuf};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The fixture catalogs, in sorted order.
fn cases() -> Vec<(String, PathBuf)> {
    let root = crate_dir().join("tests/fixtures/catalogs");
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .expect("tests/fixtures/catalogs exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.is_dir())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, path)
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_broken_catalog_fails_with_a_positioned_report() {
    let cases = cases();
    assert!(cases.len() >= 16, "fixture catalogs missing: {cases:?}");
    for (name, dir) in cases {
        let problems = match load::load(&dir) {
            Ok(_) => panic!("fixture catalog `{name}` loaded without problems"),
            Err(problems) => problems,
        };
        assert!(!problems.is_empty(), "`{name}` failed with no problems");
        insta::with_settings!({ description => format!("tests/fixtures/catalogs/{name}") }, {
            insta::assert_snapshot!(name.as_str(), load::report(&problems));
        });
    }
}

#[test]
fn the_real_catalog_loads_and_matches_the_embedded_one() {
    let catalog = match load::load(&crate_dir().join("templates")) {
        Ok(catalog) => catalog,
        Err(problems) => panic!("templates/ has problems:\n{}", load::report(&problems)),
    };
    assert!(!catalog.messages.is_empty());
    assert_eq!(
        serde_json::to_value(&catalog).unwrap(),
        serde_json::to_value(tidings::catalog()).unwrap(),
        "the embedded catalog is what load() reads from templates/"
    );
}
