//! The time zones and locale data a compiled catalog carries: a catalog that declares
//! `time_zones` refuses any other zone, one that does not has every IANA zone, and a
//! file whose locale data is damaged is refused.

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use tidings::{CompiledCatalog, ErrorKind, LocaleRequest, RenderOptions};

/// templates/ as a map of files, with `extra` added to `[catalog]` in the manifest.
fn demo_with(extra: &str) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut files = BTreeMap::new();
    walk(&root, &root, &mut files);
    let manifest = files.get_mut("manifest.toml").unwrap();
    *manifest = manifest.replacen("[catalog]\n", &format!("[catalog]\n{extra}\n"), 1);
    files
}

fn compiled(extra: &str) -> CompiledCatalog {
    let (_, bytes) = tidings::build_catalog(&demo_with(extra))
        .unwrap_or_else(|p| panic!("{}", tidings::report("templates", &p)));
    CompiledCatalog::from_bytes(&bytes).unwrap()
}

// `Error` is large by design (see src/lib.rs); a test helper need not box it.
#[allow(clippy::result_large_err)]
fn render_in(catalog: &CompiledCatalog, zone: &str) -> Result<(), tidings::Error> {
    let message = &catalog.model.messages[0];
    let mut data = Value::Object(message.example());
    data["timeZone"] = json!(zone);
    catalog
        .render(
            &message.id,
            &LocaleRequest::One("en".into()),
            &data,
            &RenderOptions::default(),
        )
        .map(|_| ())
}

#[test]
fn a_declared_list_refuses_other_zones() {
    // The markets' own zones must be listed too (Hong Kong, Macau).
    let catalog = compiled(
        r#"time_zones = ["Asia/Shanghai", "asia/taipei", "Asia/Hong_Kong", "Asia/Macau"]"#,
    );
    let listed = [
        "Asia/Shanghai",
        "Asia/Taipei",
        "Asia/Hong_Kong",
        "Asia/Macau",
    ];
    assert_eq!(
        catalog.model.settings.time_zones.as_deref(),
        Some(&listed.map(String::from)[..])
    );
    render_in(&catalog, "Asia/Taipei").unwrap();
    let e = render_in(&catalog, "America/New_York").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Format, "{e}");
    assert!(
        e.to_string()
            .contains("not one of the catalog's time zones (Asia/Shanghai, Asia/Taipei, Asia/Hong_Kong, Asia/Macau)"),
        "{e}"
    );
    let e = catalog
        .render(
            &catalog.model.messages[0].id,
            &LocaleRequest::One("en".into()),
            &Value::Object(catalog.model.messages[0].example()),
            &RenderOptions {
                time_zone: Some("Pacific/Chatham".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Format, "{e}");
}

#[test]
fn without_a_list_every_iana_zone_is_there() {
    let catalog = CompiledCatalog::embedded();
    for zone in [
        "America/New_York",
        "Pacific/Chatham",
        "asia/calcutta",
        "UTC",
    ] {
        render_in(catalog, zone).unwrap_or_else(|e| panic!("{zone}: {e}"));
    }
    let e = render_in(catalog, "Mars/Olympus").unwrap_err();
    assert!(e.to_string().contains("unknown time zone"), "{e}");
}

#[test]
fn the_default_zone_must_be_in_the_list_and_names_must_be_zones() {
    for (extra, says) in [
        (
            r#"time_zones = ["Asia/Taipei"]"#,
            "default_time_zone `Asia/Shanghai` is not in `time_zones` (Asia/Taipei)",
        ),
        (
            r#"time_zones = ["Asia/Shanghai", "Mars/Olympus"]"#,
            "time zone `Mars/Olympus` in `time_zones` is not an IANA time zone",
        ),
        ("time_zones = []", "`time_zones` is empty"),
        (
            r#"time_zones = ["Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong"]"#,
            "market `MO`: `time_zone` `Asia/Macau` is not an IANA zone the catalog carries",
        ),
    ] {
        let problems = tidings::build_catalog(&demo_with(extra)).unwrap_err();
        let report = tidings::report("templates", &problems);
        assert!(report.contains(says), "{extra}: {report}");
    }
}

#[test]
fn a_smaller_list_makes_a_smaller_file() {
    let (_, all) = tidings::build_catalog(&demo_with("")).unwrap();
    let few = r#"time_zones = ["Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong", "Asia/Macau"]"#;
    let (_, few) = tidings::build_catalog(&demo_with(few)).unwrap();
    assert!(
        few.len() + 100_000 < all.len(),
        "{} vs {}",
        few.len(),
        all.len()
    );
}

#[test]
fn damaged_locale_data_is_refused() {
    let (_, bytes) = tidings::build_catalog(&demo_with("")).unwrap();
    // Flip bytes all through the file: every copy is refused or still renders; none panics.
    for at in (12..bytes.len()).step_by(997) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x20;
        if let Ok(catalog) = CompiledCatalog::from_bytes(&damaged) {
            let _ = render_in(&catalog, "Asia/Shanghai");
        }
    }
}
