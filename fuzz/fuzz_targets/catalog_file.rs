//! Arbitrary bytes as a compiled catalog file through `CompiledCatalog::from_bytes`
//! (a file is input, not code); when one loads, every message renders in every
//! catalog locale with its example data, lint runs over the whole catalog, and one
//! batch record per message goes through `render_jsonl`. Nothing may panic, overflow
//! the stack or take too long; errors must print and serialise.
//!
//! Input: the file's bytes (the seeds are the compiled demo and alpine catalogs and
//! damaged copies, `tests/fuzz_seeds.rs`). A custom mutator keeps most mutations
//! inside a file that still frames: a file is `tidings\x1a`, the format version (u32
//! LE), the catalog model as a length-prefixed JSON text, then the programs; it
//! mutates that JSON (a byte-level change, or a value of the model replaced by one of
//! its kind, by any value or by another of its values) and writes the length again, or
//! mutates the programs or the whole file as libFuzzer would.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target, fuzzer_mutate};
use serde_json::{Value, json};
use tidings::{BatchDefaults, CompiledCatalog, LocaleRequest, RenderOptions};

fn exercise(bytes: &[u8]) {
    let catalog = match CompiledCatalog::from_bytes(bytes) {
        Ok(c) => c,
        Err(e) => {
            assert_eq!(e.code(), "invalid_catalog", "{e}");
            let _ = format!("{e:#}");
            return;
        }
    };
    let check = |r: Result<Value, tidings::Error>| {
        if let Err(e) = r {
            let _ = format!("{e:#}");
            serde_json::to_value(&e).expect("an error serialises");
        }
    };
    let locales = catalog.model.settings.locales.clone();
    let mut records = String::new();
    for m in catalog.messages() {
        let data = Value::Object(m.example.clone());
        for locale in &locales {
            let r = catalog.render(
                &m.id,
                &LocaleRequest::One(locale.clone()),
                &data,
                &RenderOptions::default(),
            );
            check(r.map(|r| serde_json::to_value(&r).expect("a rendering serialises")));
        }
        records.push_str(&json!({"message": m.id, "data": data}).to_string());
        records.push('\n');
    }
    check(
        catalog
            .lint(None)
            .map(|d| serde_json::to_value(&d).expect("diagnostics serialise")),
    );
    let mut out = Vec::new();
    let stats = catalog.render_jsonl(records.as_bytes(), 1, &BatchDefaults::default(), &mut out);
    assert_eq!(stats.records, catalog.model.messages.len() as u64);
    assert_eq!(
        out.iter().filter(|&&b| b == b'\n').count() as u64,
        stats.records
    );
}

fuzz_target!(|input: &[u8]| {
    tidings_fuzz::contained("catalog_file", || exercise(input));
});

/// The file's header: magic and format version.
const HEADER: usize = 12;

/// A postcard (LEB128) length at the start of `bytes`, and how many bytes it took.
fn read_len(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut value: usize = 0;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= usize::from(b & 0x7f).checked_shl(7 * i as u32)?;
        if b & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn write_len(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Header, catalog JSON and programs of a file that frames.
fn split(file: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let header = file.get(..HEADER)?;
    let (len, took) = read_len(&file[HEADER..])?;
    let start = HEADER + took;
    let json = file.get(start..start.checked_add(len)?)?;
    Some((header, json, &file[start + len..]))
}

fn join(header: &[u8], json: &[u8], programs: &[u8]) -> Vec<u8> {
    let mut out = header.to_vec();
    write_len(&mut out, json.len());
    out.extend_from_slice(json);
    out.extend_from_slice(programs);
    out
}

/// Numbers a number of the model becomes: edges of bounds (`max_length`, `max_items`,
/// `max_parts`, `max_title` are u32), lines and columns.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "2",
    "-1",
    "255",
    "4096",
    "65535",
    "65536",
    "1000000",
    "2147483647",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "0.5",
    "1e308",
];

/// Texts a text of the model becomes: locales, zones, currencies, channel and part
/// names, types, charsets, sources, the runtime must refuse or survive.
const TEXTS: &[&str] = &[
    "",
    "x",
    "de",
    "ja",
    "en",
    "und",
    "zh-Hant-TW",
    "x-private",
    "de-CH-u-nu-arab",
    "Europe/Zurich",
    "UTC",
    "Mars/Olympus",
    "CHF",
    "JPY",
    "BHD",
    "XXX",
    "chf",
    "ZZZ",
    "sms",
    "push",
    "email",
    "inApp",
    "push.title",
    "email.html",
    "inApp.body",
    "string",
    "number",
    "money",
    "datetime",
    "list",
    "enum",
    "url",
    "boolean",
    "digits",
    "gsm",
    "cjk",
    "any",
    "support",
    "antifraud",
    "transactional",
    "promotions",
    "{{> support}}",
    "{{#each x}}{{this}}{{/each}}",
    "{{money amount}}",
    "https://www.alpinecard.ch/x",
    "https://evil.example/",
    "2026-12-19T08:42:00Z",
    "9999-12-31T23:59:59Z",
    "99999999999999999999.995",
    "-0.001",
    "😀",
    "\u{0}",
];

/// Any value at all: other shapes than the one replaced.
const VALUES: &[&str] = &[
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "[\"\"]",
    "{\"amount\": \"99999999999999999999.995\", \"currency\": \"JPY\"}",
    "{\"amount\": -1e300, \"currency\": \"CHF\"}",
    "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
];

/// A small deterministic generator (libFuzzer wants the same mutation for a seed).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

/// The `n`th value of `v` in pre-order.
fn get(v: &Value, n: &mut usize) -> Option<Value> {
    if *n == 0 {
        return Some(v.clone());
    }
    *n -= 1;
    match v {
        Value::Array(items) => items.iter().find_map(|x| get(x, n)),
        Value::Object(map) => map.values().find_map(|x| get(x, n)),
        _ => None,
    }
}

/// Applies `f` to the `n`th value of `v` in pre-order; false if there is none.
fn change(v: &mut Value, n: &mut usize, f: &mut dyn FnMut(&mut Value) -> bool) -> bool {
    if *n == 0 {
        return f(v);
    }
    *n -= 1;
    match v {
        Value::Array(items) => items.iter_mut().any(|x| change(x, n, f)),
        Value::Object(map) => map.values_mut().any(|x| change(x, n, f)),
        _ => false,
    }
}

/// A value like `old` (of its kind) from the lists above, or any value.
fn replacement(old: &Value, rng: &mut Rng) -> Option<Value> {
    let text = |rng: &mut Rng| Value::String(TEXTS[rng.below(TEXTS.len())].to_string());
    Some(match (old, rng.below(4)) {
        (_, 0) => serde_json::from_str(VALUES[rng.below(VALUES.len())]).ok()?,
        (Value::Number(_), _) => serde_json::from_str(NUMBERS[rng.below(NUMBERS.len())]).ok()?,
        (Value::Bool(b), _) => Value::Bool(!b),
        (Value::String(s), 1) => {
            // The text itself, longer or cut.
            let cut = s.char_indices().nth(rng.below(s.chars().count() + 1));
            match cut {
                Some((at, _)) if rng.below(2) == 0 => Value::String(s[..at].to_string()),
                _ => Value::String(s.repeat(1 + rng.below(64))),
            }
        }
        (Value::Array(items), _) if !items.is_empty() => {
            let mut items = items.clone();
            let i = rng.below(items.len());
            if rng.below(2) == 0 {
                items.remove(i);
            } else {
                let copy = items[i].clone();
                items.insert(i, copy);
            }
            Value::Array(items)
        }
        (Value::Object(map), _) if !map.is_empty() => {
            let mut map = map.clone();
            let key = map.keys().nth(rng.below(map.len()))?.clone();
            map.remove(&key);
            Value::Object(map)
        }
        _ => text(rng),
    })
}

/// One change to the model: a value replaced by one of its kind (a number by an edge,
/// a text by another, an item or entry removed or doubled), by any value, or by a copy
/// of another value of the model.
fn mutate_model(json: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    let mut model: Value = serde_json::from_slice(json).ok()?;
    let nodes = count(&model);
    let mut at = rng.below(nodes);
    let old = get(&model, &mut at.clone())?;
    let new = if rng.below(5) == 0 {
        get(&model, &mut rng.below(nodes))?
    } else {
        replacement(&old, rng)?
    };
    if !change(&mut model, &mut at, &mut |v| {
        *v = new.clone();
        true
    }) {
        return None;
    }
    serde_json::to_vec(&model).ok()
}

/// libFuzzer's own mutation of `bytes`, with room to grow by `grow` bytes.
fn byte_mutation(bytes: &[u8], grow: usize) -> Vec<u8> {
    let mut buf = bytes.to_vec();
    buf.resize(bytes.len() + grow.max(1), 0);
    let cap = buf.len();
    let n = fuzzer_mutate(&mut buf, bytes.len(), cap);
    buf.truncate(n);
    buf
}

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng(u64::from(seed) | 1 << 40);
    let file = &data[..size];
    let choice = rng.below(8);
    let mutated = split(file).and_then(|(header, json, programs)| {
        let room = max_size.saturating_sub(size).min(4096);
        match choice {
            0..=3 => mutate_model(json, &mut rng).map(|j| join(header, &j, programs)),
            4 | 5 => Some(join(header, &byte_mutation(json, room), programs)),
            6 => Some(join(header, json, &byte_mutation(programs, room))),
            _ => None,
        }
    });
    match mutated {
        Some(new) if new.len() <= max_size => {
            data[..new.len()].copy_from_slice(&new);
            new.len()
        }
        _ => fuzzer_mutate(data, size, max_size),
    }
});
