//! The committed seeds of the `catalog_file` fuzz target, `fuzz/seeds/catalog_file/`:
//! the compiled demo and alpine catalogs, and copies of the alpine one damaged in the
//! ways a file can be (truncated, another format version, a model that does not match
//! its programs, settings the runtime must refuse). `TIDINGS_BLESS=1 cargo test --test
//! fuzz_seeds` writes them; otherwise this checks that the whole ones still load and
//! the damaged ones still load or are refused as expected, so a format change that
//! makes the seeds stale is noticed.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tidings::CompiledCatalog;

/// Magic and format version.
const HEADER: usize = 12;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn seeds_dir() -> PathBuf {
    root().join("fuzz/seeds/catalog_file")
}

fn compiled(folder: &str) -> Vec<u8> {
    match tidings::build_catalog(&tidings::Dir(root().join(folder))) {
        Ok((_, bytes)) => bytes,
        Err(p) => panic!("{}", tidings::report(folder, &p)),
    }
}

/// A postcard (LEB128) length and how many bytes it took.
fn read_len(bytes: &[u8]) -> (usize, usize) {
    let mut value = 0;
    for (i, &b) in bytes.iter().enumerate() {
        value |= usize::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
    }
    panic!("no length")
}

/// Header, catalog model (JSON) and programs of a compiled catalog file.
fn split(file: &[u8]) -> (&[u8], Value, &[u8]) {
    let (len, took) = read_len(&file[HEADER..]);
    let start = HEADER + took;
    let model = serde_json::from_slice(&file[start..start + len]).unwrap();
    (&file[..HEADER], model, &file[start + len..])
}

fn join(header: &[u8], model: &Value, programs: &[u8]) -> Vec<u8> {
    let json = serde_json::to_vec(model).unwrap();
    let mut out = header.to_vec();
    let mut n = json.len();
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(&json);
    out.extend_from_slice(programs);
    out
}

/// The alpine file with its model changed by `edit`.
fn edited(alpine: &[u8], edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let (header, mut model, programs) = split(alpine);
    edit(&mut model);
    join(header, &model, programs)
}

/// Every seed: file name, bytes, and whether it must load.
fn seeds() -> Vec<(&'static str, Vec<u8>, bool)> {
    let demo = compiled("templates");
    let alpine = compiled("tests/catalogs/alpine");
    let mut other_version = alpine.clone();
    other_version[8] = 99; // a format no tidings has
    let (header, alpine_model, alpine_programs) = split(&alpine);
    let (_, demo_model, _) = split(&demo);
    vec![
        ("demo.tidings", demo.clone(), true),
        ("alpine.tidings", alpine.clone(), true),
        ("alpine-header-only", alpine[..HEADER].to_vec(), false),
        ("alpine-half", alpine[..alpine.len() / 2].to_vec(), false),
        (
            "alpine-last-byte-cut",
            alpine[..alpine.len() - 1].to_vec(),
            false,
        ),
        ("alpine-format-99", other_version, false),
        // Programs for locales the model does not have.
        (
            "demo-model-alpine-programs",
            join(header, &demo_model, alpine_programs),
            false,
        ),
        // A message without programs: it renders to an error, not a panic.
        (
            "alpine-message-without-programs",
            edited(&alpine, |m| {
                let mut copy = m["messages"][0].clone();
                copy["id"] = json!("card.refund");
                m["messages"].as_array_mut().unwrap().push(copy);
            }),
            true,
        ),
        // Sources that are not what the programs were compiled from: errors are placed
        // in the shorter source.
        (
            "alpine-other-sources",
            edited(&alpine, |m| {
                for message in m["messages"].as_array_mut().unwrap() {
                    for parts in message["templates"].as_object_mut().unwrap().values_mut() {
                        for part in parts.as_array_mut().unwrap() {
                            part["source"] = json!("x");
                        }
                    }
                }
            }),
            true,
        ),
        // Examples of the wrong type: every render fails validation.
        (
            "alpine-wrong-examples",
            edited(&alpine, |m| {
                for message in m["messages"].as_array_mut().unwrap() {
                    for v in message["variables"].as_array_mut().unwrap() {
                        v["example"] = json!({"amount": "1e3", "currency": "USD", "x": []});
                    }
                }
            }),
            true,
        ),
        (
            "alpine-unknown-zone",
            edited(&alpine, |m| {
                m["settings"]["defaultTimeZone"] = json!("Mars/Olympus")
            }),
            false,
        ),
        (
            "alpine-undeclared-category",
            edited(&alpine, |m| m["messages"][1]["category"] = json!("travel")),
            false,
        ),
        (
            "alpine-no-locales",
            edited(&alpine, |m| m["settings"]["locales"] = json!([])),
            false,
        ),
        // Bounds as large as a u32 goes (the worst-case search once built a 16 GB text).
        (
            "alpine-huge-bounds",
            edited(&alpine, |m| {
                for message in m["messages"].as_array_mut().unwrap() {
                    for v in message["variables"].as_array_mut().unwrap() {
                        v["maxLength"] = json!(u32::MAX);
                        if v["type"] == "list" {
                            v["maxItems"] = json!(u32::MAX);
                        }
                    }
                }
            }),
            true,
        ),
        // A currency ICU4X has no data for, and a locale with no templates.
        (
            "alpine-odd-vocabulary",
            edited(&alpine, |m| {
                m["settings"]["currencies"] = json!(["CHF", "XXX", "BHD"]);
                m["settings"]["locales"] = json!(["de", "ja", "fr"]);
            }),
            true,
        ),
    ]
    .into_iter()
    .chain(std::iter::once((
        "alpine-model-as-json",
        serde_json::to_vec(&alpine_model).unwrap(),
        false,
    )))
    .collect()
}

#[test]
fn the_seeds_are_the_generated_ones_or_still_load_as_they_did() {
    let seeds = seeds();
    let dir = seeds_dir();
    if std::env::var_os("TIDINGS_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes, _) in &seeds {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    let mut kept: Vec<String> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/catalog_file (TIDINGS_BLESS=1 writes it)")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    let mut names: Vec<String> = seeds.iter().map(|(n, _, _)| n.to_string()).collect();
    names.sort();
    assert_eq!(kept, names, "rerun with TIDINGS_BLESS=1");
    for (name, fresh, loads) in &seeds {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let read = CompiledCatalog::from_bytes(&bytes);
        assert_eq!(
            read.is_ok(),
            *loads,
            "{name}: {:?}; rerun with TIDINGS_BLESS=1",
            read.err()
        );
        // The same as generated now, up to the catalogs' own changes: both load or
        // both are refused.
        assert_eq!(CompiledCatalog::from_bytes(fresh).is_ok(), *loads, "{name}");
    }
}
