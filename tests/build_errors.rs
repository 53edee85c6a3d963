//! The build's catalog checks, run on small broken catalogs under
//! `tests/fixtures/catalogs/<case>/`: each must fail to load, and its report — the
//! `templates/<file>:<line>:<column>: error[code]: message` lines with their framed
//! excerpts, exactly as `cargo build` prints them — is snapshotted per case. The library's
//! `build_catalog` (what `tidings build` runs) is the code `build.rs` includes.

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
        let problems = match tidings::build_catalog(&tidings::Dir(dir)) {
            Ok(_) => panic!("fixture catalog `{name}` loaded without problems"),
            Err(problems) => problems,
        };
        assert!(!problems.is_empty(), "`{name}` failed with no problems");
        insta::with_settings!({ description => format!("tests/fixtures/catalogs/{name}") }, {
            insta::assert_snapshot!(name.as_str(), tidings::report("templates", &problems));
        });
    }
}

#[test]
fn the_real_catalog_loads_and_matches_the_embedded_one() {
    let catalog = match tidings::build_catalog(&tidings::Dir(crate_dir().join("templates"))) {
        Ok((catalog, _)) => catalog,
        Err(problems) => panic!(
            "templates/ has problems:\n{}",
            tidings::report("templates", &problems)
        ),
    };
    assert!(!catalog.messages.is_empty());
    assert_eq!(
        serde_json::to_value(&catalog).unwrap(),
        serde_json::to_value(tidings::catalog()).unwrap(),
        "the embedded catalog is what load() reads from templates/"
    );
}
