//! The shipped catalog must pass every channel rule: `make test` fails on any lint
//! error, and the remaining warnings are a snapshot so that a new one is noticed.

use tidings::{Severity, lint};

fn describe(d: &tidings::Diagnostic) -> String {
    let at = match (d.line, d.column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        _ => String::new(),
    };
    format!(
        "{:?} {} [{} {} {}{at}] {}",
        d.severity,
        d.code,
        d.message_id,
        d.locale.as_deref().unwrap_or("-"),
        d.part.as_deref().unwrap_or("-"),
        d.message
    )
}

#[test]
fn shipped_catalog_has_no_lint_errors() {
    let all = lint(None).expect("lint runs over the catalog");
    let errors: Vec<String> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(describe)
        .collect();
    assert!(
        errors.is_empty(),
        "lint errors in templates/:\n{}",
        errors.join("\n")
    );
}

#[test]
fn shipped_catalog_warnings() {
    let all = lint(None).expect("lint runs over the catalog");
    let warnings: Vec<String> = all
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(describe)
        .collect();
    insta::assert_snapshot!(warnings.join("\n"));
}
