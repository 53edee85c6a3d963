//! What every fuzz target shares: run one input the way WebAssembly would survive it.
//!
//! In WebAssembly a panic aborts and a stack overflow traps, and either kills the
//! instance for every later call. Natively, the body of each input therefore runs on a
//! thread with a small stack (WASM's shadow stack is 1 MiB with larger frames than
//! native code; 256 KiB natively keeps a wide margin), so recursion that would trap in
//! WASM overflows here and libFuzzer reports it. An input whose thread spends more
//! than `TIDINGS_FUZZ_SLOW_MS` (default 2000) of CPU time is reported too: one call
//! that slow freezes the editor or a batch worker. (CPU time, not wall-clock time, so
//! that a busy shared machine does not make a fast input look slow; libFuzzer's
//! `-timeout` still bounds wall-clock time.)

use std::time::{Duration, Instant};

/// Stack of the thread each input runs on.
pub const STACK: usize = 256 * 1024;

fn slow_limit() -> Duration {
    let ms = std::env::var("TIDINGS_FUZZ_SLOW_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    Duration::from_millis(ms)
}

/// Runs `body` on a small-stack thread; panics (a libFuzzer crash) if it panicked,
/// overflowed its stack (that aborts the process) or took too long.
pub fn contained<T: Send>(what: &str, body: impl FnOnce() -> T + Send) -> T {
    let started = Instant::now();
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name(format!("fuzz-{what}"))
            .stack_size(STACK)
            .spawn_scoped(scope, || {
                let cpu = thread_cpu_time();
                let value = body();
                (value, thread_cpu_time().saturating_sub(cpu))
            })
            .expect("spawn the input's thread")
            .join()
    });
    let wall = started.elapsed();
    let (value, took) = match result {
        Ok(value) => value,
        Err(_) => panic!("{what}: the input panicked (a trap in WebAssembly)"),
    };
    let limit = slow_limit();
    if took > limit {
        panic!("{what}: one input took {took:?} of CPU time, {wall:?} in all (limit {limit:?})");
    }
    value
}

/// CPU time the calling thread has used.
fn thread_cpu_time() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write; the clock id is a constant.
    if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } != 0 {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// A byte from `data` at `i`, or 0.
pub fn byte(data: &[u8], i: usize) -> u8 {
    data.get(i).copied().unwrap_or(0)
}

/// The catalog's locales, in manifest order.
pub fn locales() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in tidings::messages() {
        for l in m.locales {
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    out
}

/// Names of every catalog variable, plus `timeZone`: keys an arbitrary object is made of.
pub fn variable_names() -> Vec<String> {
    let mut out = vec!["timeZone".to_string()];
    for m in tidings::messages() {
        for v in m.variables {
            if !out.contains(&v.name) {
                out.push(v.name);
            }
        }
    }
    out
}

/// Strings that reach the interesting paths of validation, formatting and neutralising.
pub const STRINGS: &[&str] = &[
    "",
    "a",
    "李明",
    "6222021234567890",
    "12.50",
    "-0.001",
    "1e400",
    "00012",
    "99999999",
    "CNY",
    "HKD",
    "USD",
    "XYZ",
    "in",
    "out",
    "app",
    "support",
    "2026-11-28T09:30:00Z",
    "2026-11-28T09:30:00+08:00",
    "9999-12-31T23:59:59Z",
    "2026-02-29T00:00:00Z",
    "Asia/Shanghai",
    "America/St_Johns",
    "Etc/Unknown",
    "https://www.northwindpay.com/a?b=c#d",
    "https://evil.com/",
    "javascript:alert(1)",
    "bit.ly/x",
    "me@x.io",
    "+86 138-1234-5678",
    "\u{202E}1234",
    "a\u{200D}b",
    "👨\u{200D}👩\u{200D}👧",
    "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
    "\r\nBcc:a@b.c",
    "<script>alert(1)</script>",
    "{{name}}",
    "€€€",
    "\u{0}\u{1b}",
];

/// An arbitrary JSON value, biased toward the shapes the catalog declares.
pub fn value(u: &mut arbitrary::Unstructured<'_>, names: &[String], depth: u32) -> Value {
    use serde_json::json;
    let pick = |u: &mut arbitrary::Unstructured<'_>| -> u8 { u.arbitrary().unwrap_or(0) };
    let kinds = if depth >= 4 { 7 } else { 10 };
    match pick(u) % kinds {
        0 => Value::Null,
        1 => json!(u.arbitrary::<bool>().unwrap_or(false)),
        2 => json!(u.arbitrary::<i64>().unwrap_or(0)),
        3 => {
            let f = u.arbitrary::<f64>().unwrap_or(0.5);
            serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
        }
        4 => json!(STRINGS[usize::from(pick(u)) % STRINGS.len()]),
        5 => json!(u.arbitrary::<String>().unwrap_or_default()),
        6 => {
            // A string made of interesting pieces glued together.
            let n = usize::from(pick(u) % 6);
            let s: String = (0..n)
                .map(|_| STRINGS[usize::from(pick(u)) % STRINGS.len()])
                .collect();
            json!(s)
        }
        7 => {
            let amount = value(u, names, 4);
            let currency = STRINGS[usize::from(pick(u)) % STRINGS.len()];
            json!({"amount": amount, "currency": currency})
        }
        8 => {
            let n = usize::from(pick(u) % 8);
            Value::Array((0..n).map(|_| value(u, names, depth + 1)).collect())
        }
        _ => {
            let n = usize::from(pick(u) % 6);
            let mut map = serde_json::Map::new();
            for _ in 0..n {
                let key = if pick(u) % 8 == 0 {
                    u.arbitrary::<String>().unwrap_or_default()
                } else {
                    names[usize::from(pick(u)) % names.len().max(1)].clone()
                };
                map.insert(key, value(u, names, depth + 1));
            }
            Value::Object(map)
        }
    }
}

use serde_json::Value;
