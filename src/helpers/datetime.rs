//! `{{datetime t}}`, `{{date t}}`, `{{time t}}`: an RFC 3339 instant shown in the
//! recipient's time zone — the data's `timeZone`, else the catalog default.

use super::{arg, format_failed, type_error};
use crate::format::{Formatter, What};
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;
use std::sync::{Arc, Mutex};

/// How many recent (instant, zone) results each helper remembers.
const REMEMBERED: usize = 8;

pub struct DateTime {
    pub fmt: Arc<Formatter>,
    pub what: What,
    pub default_zone: String,
    /// Recent results, newest last. A batch repeats instants — every recipient of a
    /// maintenance notice has the same start and end — and formatting one was the
    /// largest single cost of rendering (ICU pattern formatting plus a tz lookup).
    pub recent: Mutex<Vec<(String, String, String)>>,
}

impl DateTime {
    pub fn new(fmt: Arc<Formatter>, what: What, default_zone: &str) -> DateTime {
        DateTime {
            fmt,
            what,
            default_zone: default_zone.to_string(),
            recent: Mutex::new(Vec::new()),
        }
    }

    fn remembered(&self, instant: &str, zone: &str) -> Option<String> {
        let recent = self.recent.lock().ok()?;
        recent
            .iter()
            .rev()
            .find(|(i, z, _)| i == instant && z == zone)
            .map(|(_, _, s)| s.clone())
    }

    fn remember(&self, instant: &str, zone: &str, text: &str) {
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() == REMEMBERED {
                recent.remove(0);
            }
            recent.push((instant.to_string(), zone.to_string(), text.to_string()));
        }
    }
}

impl HelperDef for DateTime {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let param = arg(h, 0)?;
        let Value::String(instant) = param.value() else {
            return Err(type_error(h, param, "an RFC 3339 date-time"));
        };
        let zone = match ctx.data().get(crate::catalog::model::TIME_ZONE_VAR) {
            Some(Value::String(z)) => z.as_str(),
            _ => self.default_zone.as_str(),
        };
        if let Some(s) = self.remembered(instant, zone) {
            return Ok(ScopedJson::Derived(Value::String(s)));
        }
        let s = self
            .fmt
            .datetime(instant, zone, self.what)
            .map_err(|e| format_failed(h.name(), param.relative_path(), e))?;
        self.remember(instant, zone, &s);
        Ok(ScopedJson::Derived(Value::String(s)))
    }
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
