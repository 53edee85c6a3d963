//! `{{datetime t}}`, `{{date t}}`, `{{time t}}`: an RFC 3339 instant shown in the
//! recipient's time zone — the data's `timeZone`, else the catalog default. In an SMS to
//! a market with its own zone, `datetime` drops the year and `datetime` and `time` show
//! the GMT offset only when the recipient's offset differs from the market's.

use super::{Call, text_value};
use crate::error::Error;
use crate::format::What;
use crate::template::value::Val;
use serde_json::Value;
use std::sync::Mutex;

/// Results remembered per locale: a batch formats the same few instants over and over.
const REMEMBERED: usize = 8;

/// One remembered result: the instant, the recipient's zone, the kind asked for, the
/// SMS market's own zone (empty outside an SMS), and the text.
type Remembered = (String, String, What, String, String);

/// The last few results of one locale.
#[derive(Default)]
pub struct Memo(Mutex<Vec<Remembered>>);

impl Memo {
    fn recall(&self, instant: &str, zone: &str, what: What, own: &str) -> Option<String> {
        let recent = self.0.lock().ok()?;
        recent
            .iter()
            .rev()
            .find(|(i, z, w, o, _)| i == instant && z == zone && *w == what && o == own)
            .map(|(_, _, _, _, s)| s.clone())
    }

    fn remember(&self, instant: &str, zone: &str, what: What, own: &str, text: &str) {
        if let Ok(mut recent) = self.0.lock() {
            if recent.len() == REMEMBERED {
                recent.remove(0);
            }
            recent.push((
                instant.to_string(),
                zone.to_string(),
                what,
                own.to_string(),
                text.to_string(),
            ));
        }
    }
}

fn format<'a>(c: &Call<'_, 'a>, what: What) -> Result<Val<'a>, Error> {
    let (v, path) = c.arg(0)?;
    let Value::String(instant) = &**v else {
        return Err(c.type_error(v, path, "an RFC 3339 date-time"));
    };
    // In an SMS to a market with a zone of its own, the market's form (see the module doc).
    let own = c.sms_market.and_then(|m| m.time_zone.as_deref());
    let key = own.unwrap_or_default();
    if let Some(s) = c.memo.and_then(|m| m.recall(instant, c.zone, what, key)) {
        return Ok(text_value(s));
    }
    let s = c
        .fmt
        .datetime_in(instant, c.zone, what, own)
        .map_err(|e| c.format_failed(path, e))?;
    if let Some(m) = c.memo {
        m.remember(instant, c.zone, what, key, &s);
    }
    Ok(text_value(s))
}

pub fn datetime<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    format(c, What::DateTime)
}

pub fn date<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    format(c, What::Date)
}

pub fn time<'a>(c: &Call<'_, 'a>) -> Result<Val<'a>, Error> {
    format(c, What::Time)
}

#[cfg(test)]
mod tests {
    use super::super::testing::render;
    use serde_json::json;

    #[test]
    fn uses_the_data_time_zone_or_shanghai() {
        let t = json!({"t": "2026-11-28T09:30:00Z"});
        let shanghai = render("en", "{{time t}}", t).unwrap();
        assert!(shanghai.contains("5:30"), "{shanghai}");
        let ny = render(
            "en",
            "{{time t}}",
            json!({"t": "2026-11-28T09:30:00Z", "timeZone": "America/New_York"}),
        )
        .unwrap();
        assert!(ny.contains("4:30"), "{ny}");
        let date = render("zh-CN", "{{date t}}", json!({"t": "2026-11-28T20:30:00Z"})).unwrap();
        assert!(date.contains("29"), "next day in Shanghai: {date}");
    }

    #[test]
    fn remembered_results_follow_the_zone() {
        // The same instant twice in one render: second from memory, and a different
        // zone is not confused with the remembered one.
        let out = render(
            "en",
            "{{time t}}|{{time t}}",
            json!({"t": "2026-11-28T09:30:00Z"}),
        )
        .unwrap();
        let (a, b) = out.split_once('|').unwrap();
        assert_eq!(a, b);
        let ny = render(
            "en",
            "{{time t}}",
            json!({"t": "2026-11-28T09:30:00Z", "timeZone": "America/New_York"}),
        )
        .unwrap();
        assert_ne!(a, ny);
    }

    #[test]
    fn bad_instants_are_errors() {
        let e = render("en", "{{datetime t}}", json!({"t": "tomorrow"})).unwrap_err();
        assert!(e.starts_with("datetime:"), "{e}");
    }
}
