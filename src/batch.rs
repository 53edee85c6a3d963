//! Batch rendering for scripts and the CLI: a chunk of JSON Lines records in, one JSON
//! line out per record, in order — `rendered`, `skipped` (opted out) or `failed` (with a
//! reason) — so a batch accounts for every record. One call renders a whole chunk, so
//! crossing from JS into WASM costs once per chunk rather than once per record.

use crate::catalog::CompiledCatalog;
use crate::catalog::model::Channel;
use crate::channel::preferences::{self, Decision, Preferences};
use crate::error::{Error, ErrorKind};
use crate::render::{Channels, LocaleRequest, RenderOptions, Warning};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Defaults for records that lack a field (`--message`, `--locale`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchDefaults {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub locale: Option<LocaleRequest>,
    /// The chunk was written by one of tidings' own readers (CSV, or a JSONL reader's
    /// "line too long" record), which may annotate records with `@line` and `@error`.
    /// Off for records from anyone else: a JSONL record that carries `@line` or
    /// `@error` fails, so it can neither forge its line number nor its outcome.
    #[serde(default)]
    pub annotated: bool,
}

/// Counts over a chunk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchStats {
    pub records: u64,
    pub rendered: u64,
    pub skipped: u64,
    pub failed: u64,
    /// SMS parts over all rendered records.
    pub sms_parts: u64,
}

/// One input record.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Record {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    locale: Option<LocaleRequest>,
    #[serde(default)]
    data: Option<Value>,
    #[serde(default)]
    time_zone: Option<String>,
    #[serde(default)]
    channels: Option<Vec<Channel>>,
    #[serde(default)]
    preferences: Option<Preferences>,
    /// The destination market, or the recipient's phone number that picks it (see
    /// `RenderOptions`).
    #[serde(default)]
    market: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    /// Reader annotation: the record's line in the input, when a reader knows it
    /// better than the line count (CSV: quoted fields may span lines).
    #[serde(default, rename = "@line")]
    line: Option<u64>,
    /// Reader annotation: the reader could not parse the record (a malformed CSV
    /// row); the record fails with this message instead of being dropped.
    #[serde(default, rename = "@error")]
    error: Option<String>,
}

/// Why a record was skipped or failed.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Reason {
    Skipped { code: &'static str, message: String },
    Failed(Error),
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outcome<'a> {
    id: &'a Value,
    line: u64,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    message_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<bool>,
    /// The market, when the record named one or a phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    market: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channels: Option<&'a Channels>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<&'a [Warning]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<Reason>,
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidInput, message)
}

/// Most bytes of output one chunk renders before its remaining records fail: WASM
/// memory never shrinks, and a chunk of many tiny records renders to much more than
/// its size.
pub const MAX_CHUNK_OUTPUT: usize = 256 << 20;

#[cfg(feature = "demo")]
/// Renders every record in `input` (JSON Lines; blank lines are not records) and
/// appends one JSON line per record to `out`. `first_line` is the input line number of
/// the chunk's first line, so outcomes name their line in the whole file.
pub fn render_jsonl(
    input: &[u8],
    first_line: u64,
    defaults: &BatchDefaults,
    out: &mut Vec<u8>,
) -> BatchStats {
    CompiledCatalog::embedded().render_jsonl(input, first_line, defaults, out)
}

impl CompiledCatalog {
    /// Renders every record in `input` (JSON Lines) with this catalog; see [`render_jsonl`].
    pub fn render_jsonl(
        &self,
        input: &[u8],
        first_line: u64,
        defaults: &BatchDefaults,
        out: &mut Vec<u8>,
    ) -> BatchStats {
        let mut stats = BatchStats::default();
        let mut line_no = first_line;
        let mut rest = input;
        while !rest.is_empty() {
            let (line, next) = match rest.iter().position(|&b| b == b'\n') {
                Some(i) => (&rest[..i], &rest[i + 1..]),
                None => (rest, &rest[rest.len()..]),
            };
            rest = next;
            let line_here = line_no;
            line_no = line_no.saturating_add(1);
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            // Files saved by some editors start with a byte-order mark.
            let line = if line_here == 1 {
                line.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(line)
            } else {
                line
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            stats.records += 1;
            if out.len() > MAX_CHUNK_OUTPUT {
                // Past the cap every record still gets its line, a short one.
                let e = invalid(format!(
                    "line {line_here}: the chunk's output passed {} MiB; send smaller chunks",
                    MAX_CHUNK_OUTPUT >> 20
                ));
                failed(&Value::Null, line_here, e, out, &mut stats);
            } else {
                render_line(self, line, line_here, defaults, out, &mut stats);
            }
            out.push(b'\n');
        }
        stats
    }
}

fn render_line(
    catalog: &CompiledCatalog,
    line: &[u8],
    line_no: u64,
    defaults: &BatchDefaults,
    out: &mut Vec<u8>,
    stats: &mut BatchStats,
) {
    let null = Value::Null;
    let not_yours = |key: &str| {
        invalid(format!(
            "line {line_no}: `{key}` is set by tidings' own readers; a record may not carry it"
        ))
        .with_path(key)
    };
    if !defaults.annotated
        && let Some(key) = annotation_key(line)
    {
        let value: Option<Value> = serde_json::from_slice(line).ok();
        let id = value.as_ref().and_then(|v| v.get("id")).unwrap_or(&null);
        return failed(id, line_no, not_yours(key), out, stats);
    }
    let record: Record = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => {
            // Keep the id (and a reader's line) when the line is JSON but not a record.
            let value: Option<Value> = serde_json::from_slice(line).ok();
            let id = value.as_ref().and_then(|v| v.get("id")).unwrap_or(&null);
            let line_no = value
                .as_ref()
                .filter(|_| defaults.annotated)
                .and_then(|v| v.get("@line"))
                .and_then(Value::as_u64)
                .unwrap_or(line_no);
            let what = if value.is_some() {
                "not a valid record"
            } else {
                "not valid JSON"
            };
            return failed(
                id,
                line_no,
                invalid(format!("line {line_no} is {what}: {e}")),
                out,
                stats,
            );
        }
    };
    // The byte search above misses a key written with escapes (`"\u0040line"`); the
    // parsed record does not.
    if !defaults.annotated {
        let key = match (record.line, &record.error) {
            (Some(_), _) => Some("@line"),
            (None, Some(_)) => Some("@error"),
            (None, None) => None,
        };
        if let Some(key) = key {
            return failed(&record.id, line_no, not_yours(key), out, stats);
        }
    }
    let line_no = record.line.unwrap_or(line_no);
    if let Some(problem) = &record.error {
        return failed(&record.id, line_no, invalid(problem.clone()), out, stats);
    }
    let Some(message_id) = record.message.as_deref().or(defaults.message.as_deref()) else {
        return failed(
            &record.id,
            line_no,
            invalid("the record has no `message` and no default was given".into()),
            out,
            stats,
        );
    };
    let Some(message) = catalog.message(message_id) else {
        let e = Error::new(
            ErrorKind::UnknownMessage,
            format!("no message `{message_id}` in the catalog"),
        )
        .with_message_id(message_id);
        return failed(&record.id, line_no, e, out, stats);
    };
    let settings = &catalog.model.settings;
    let decided = preferences::decide(
        settings,
        message,
        record.channels.as_deref(),
        record.preferences.as_ref(),
    );
    let (channels, notes) = match decided {
        Ok(Decision::Send { channels, notes }) => (channels, notes),
        Ok(Decision::Skip { kind, message }) => {
            let code = kind.as_str();
            return skipped(&record.id, line_no, message_id, code, message, out, stats);
        }
        Err(mut e) => {
            e.message = format!("line {line_no}: {}", e.message);
            return failed(&record.id, line_no, e, out, stats);
        }
    };
    let locale = record.locale.as_ref().or(defaults.locale.as_ref());
    let default_locale = LocaleRequest::One(settings.default_locale.clone());
    let data = record
        .data
        .unwrap_or_else(|| Value::Object(Default::default()));
    let options = RenderOptions {
        time_zone: record.time_zone,
        channels: Some(channels),
        sources: None,
        market: record.market,
        phone: record.phone,
        // Decided above (a skipped record is "skipped", not "failed").
        preferences: None,
    };
    match catalog.render(
        message_id,
        locale.unwrap_or(&default_locale),
        &data,
        &options,
    ) {
        Ok(mut rendered) => {
            stats.rendered += 1;
            stats.sms_parts += rendered
                .channels
                .sms
                .as_ref()
                .map_or(0, |s| u64::from(s.info.segments));
            rendered.warnings.extend(notes);
            let outcome = Outcome {
                id: &record.id,
                line: line_no,
                status: "rendered",
                message_id: Some(&rendered.message_id),
                locale: Some(&rendered.locale),
                fallback: Some(rendered.fallback),
                market: rendered.market.as_deref(),
                channels: Some(&rendered.channels),
                warnings: Some(&rendered.warnings),
                reason: None,
            };
            write(out, &outcome);
        }
        Err(e) => failed(&record.id, line_no, e, out, stats),
    }
}

/// The reader annotation a record carries at its top level, if any. Only top-level
/// keys are annotations; `data` may hold any key.
fn annotation_key(line: &[u8]) -> Option<&'static str> {
    // Cheap test first: almost no record mentions either key.
    let mentions = |k: &[u8]| line.windows(k.len()).any(|w| w == k);
    if !mentions(b"@line") && !mentions(b"@error") {
        return None;
    }
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(line) else {
        return None;
    };
    ["@line", "@error"]
        .into_iter()
        .find(|k| map.contains_key(*k))
}

fn failed(id: &Value, line: u64, error: Error, out: &mut Vec<u8>, stats: &mut BatchStats) {
    stats.failed += 1;
    let outcome = Outcome {
        id,
        line,
        status: "failed",
        message_id: None,
        locale: None,
        fallback: None,
        market: None,
        channels: None,
        warnings: None,
        reason: Some(Reason::Failed(error)),
    };
    write(out, &outcome);
}

#[allow(clippy::too_many_arguments)]
fn skipped(
    id: &Value,
    line: u64,
    message_id: &str,
    code: &'static str,
    message: String,
    out: &mut Vec<u8>,
    stats: &mut BatchStats,
) {
    stats.skipped += 1;
    let outcome = Outcome {
        id,
        line,
        status: "skipped",
        message_id: Some(message_id),
        locale: None,
        fallback: None,
        market: None,
        channels: None,
        warnings: None,
        reason: Some(Reason::Skipped { code, message }),
    };
    write(out, &outcome);
}

fn write(out: &mut Vec<u8>, outcome: &Outcome<'_>) {
    // Serialising these types cannot fail (string keys, no non-finite floats).
    if serde_json::to_writer(&mut *out, outcome).is_err() {
        out.extend_from_slice(
            br#"{"status":"failed","reason":{"code":"render","message":"unserialisable outcome"}}"#,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> (Vec<Value>, BatchStats) {
        let mut out = Vec::new();
        let stats = crate::catalog::testing::catalog().render_jsonl(
            input.as_bytes(),
            1,
            &BatchDefaults::default(),
            &mut out,
        );
        let lines = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (lines, stats)
    }

    fn example(id: &str) -> Value {
        Value::Object(crate::catalog::testing::message(id).unwrap().example())
    }

    #[test]
    fn one_line_per_record_in_order_with_line_numbers() {
        let good = serde_json::json!({"id": 1, "message": "welcome", "locale": "en", "data": example("welcome")});
        let input = format!("{good}\n\nnot json\n{{\"id\": 7, \"message\": \"nope\"}}\r\n{good}");
        let (lines, stats) = run(&input);
        let summary: Vec<(Value, u64, &str)> = lines
            .iter()
            .map(|l| {
                (
                    l["id"].clone(),
                    l["line"].as_u64().unwrap(),
                    l["status"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (serde_json::json!(1), 1, "rendered"),
                (Value::Null, 3, "failed"),
                (serde_json::json!(7), 4, "failed"),
                (serde_json::json!(1), 5, "rendered"),
            ]
        );
        assert_eq!(lines[2]["reason"]["code"], "unknown_message");
        assert_eq!(
            (stats.records, stats.rendered, stats.failed, stats.skipped),
            (4, 2, 2, 0)
        );
        assert!(stats.sms_parts >= 2);
        assert!(lines[0]["channels"]["sms"]["segments"].as_u64().unwrap() >= 1);
    }

    #[test]
    fn preferences_skip_optional_categories_and_are_noted_for_mandatory_ones() {
        let promo = serde_json::json!({"id": "p", "message": "marketing.promotion", "data": example("marketing.promotion"), "preferences": {"marketing": false}});
        let alert = serde_json::json!({"id": "a", "message": "security.funds_moved", "data": example("security.funds_moved"), "preferences": {"security": false, "channels": {"sms": false}}});
        let no_sms = serde_json::json!({"id": "s", "message": "survey.satisfaction", "data": example("survey.satisfaction"), "preferences": {"channels": {"sms": false}}});
        let (lines, stats) = run(&format!("{promo}\n{alert}\n{no_sms}\n"));
        assert_eq!(lines[0]["status"], "skipped");
        assert_eq!(lines[0]["reason"]["code"], "opted_out");
        assert_eq!(lines[1]["status"], "rendered");
        assert!(
            lines[1]["channels"]["sms"].is_object(),
            "security ignores channel opt-outs"
        );
        let notes: Vec<&str> = lines[1]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap())
            .collect();
        assert_eq!(notes, vec!["preference_ignored", "preference_ignored"]);
        assert_eq!(lines[2]["status"], "rendered");
        assert!(lines[2]["channels"].get("sms").is_none());
        assert_eq!((stats.rendered, stats.skipped), (2, 1));
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_record() {
        let good = serde_json::json!({"id": 1, "message": "welcome", "locale": "en", "data": example("welcome")});
        let (lines, _) = run(&format!("\u{FEFF}{good}\n"));
        assert_eq!(lines[0]["status"], "rendered");
    }

    #[test]
    fn defaults_and_channel_selection() {
        let mut out = Vec::new();
        let defaults = BatchDefaults {
            message: Some("welcome".into()),
            locale: Some(LocaleRequest::One("zh-HK".into())),
            annotated: false,
        };
        let record =
            serde_json::json!({"id": "d", "data": example("welcome"), "channels": ["email"]});
        crate::catalog::testing::catalog().render_jsonl(
            format!("{record}").as_bytes(),
            10,
            &defaults,
            &mut out,
        );
        let line: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            (line["line"].as_u64(), line["locale"].as_str()),
            (Some(10), Some("zh-TW"))
        );
        assert_eq!(
            line["channels"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            vec!["email"]
        );
    }

    #[test]
    fn records_cannot_forge_reader_annotations() {
        let good = serde_json::json!({"id": "spoof", "message": "welcome", "locale": "en", "data": example("welcome"), "@line": 1});
        let forged = serde_json::json!({"id": "f", "message": "welcome", "locale": "en", "data": example("welcome"), "@error": "forged"});
        let (lines, _) = run(&format!("\n\n{good}\n{forged}\n"));
        assert_eq!(lines[0]["line"], 3, "the reader's line, not the record's");
        assert_eq!(lines[0]["status"], "failed");
        assert_eq!(lines[0]["reason"]["path"], "@line");
        assert_eq!(lines[1]["status"], "failed");
        assert_eq!(lines[1]["reason"]["path"], "@error");
        assert_ne!(lines[1]["reason"]["message"], "forged");
        // A reader's own chunk may annotate.
        let mut out = Vec::new();
        let defaults = BatchDefaults {
            annotated: true,
            ..BatchDefaults::default()
        };
        crate::catalog::testing::catalog().render_jsonl(
            format!("{good}\n").as_bytes(),
            9,
            &defaults,
            &mut out,
        );
        let line: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            (line["line"].as_u64(), line["status"].as_str()),
            (Some(1), Some("rendered"))
        );
    }

    #[test]
    fn annotations_written_with_escapes_are_annotations_too() {
        // Found writing the batch_jsonl fuzz target's line check: the cheap byte search
        // for `@line` missed `"\u0040line"`, which serde reads as `@line`, so a record
        // could still forge its line number and its outcome.
        let data = serde_json::to_string(&example("welcome")).unwrap();
        let input = format!(
            "{{\"id\":\"l\",\"message\":\"welcome\",\"data\":{data},\"\\u0040line\":99}}\n\
             {{\"id\":\"e\",\"message\":\"welcome\",\"data\":{data},\"@\\u0065rror\":\"forged\"}}\n"
        );
        let (lines, _) = run(&input);
        assert_eq!(lines[0]["line"], 1, "the reader's line, not the record's");
        assert_eq!(lines[0]["status"], "failed");
        assert_eq!(lines[0]["reason"]["path"], "@line");
        assert_eq!(lines[1]["line"], 2);
        assert_eq!(lines[1]["status"], "failed");
        assert_eq!(lines[1]["reason"]["path"], "@error");
        assert_ne!(lines[1]["reason"]["message"], "forged");
    }

    #[test]
    fn bad_records_fail_with_reasons_and_keep_their_id() {
        let (lines, _) = run(
            "{\"id\": \"x\", \"message\": 5}\n{\"id\": \"y\"}\n{\"id\": \"z\", \"message\": \"welcome\", \"data\": {}}\n[1,2]",
        );
        assert_eq!(lines[0]["id"], "x");
        assert_eq!(lines[0]["reason"]["code"], "invalid_input");
        assert_eq!(lines[1]["reason"]["code"], "invalid_input");
        assert_eq!(lines[2]["reason"]["code"], "missing_variable");
        assert_eq!(lines[2]["reason"]["path"], "name");
        assert_eq!(lines[3]["status"], "failed");
    }
}
