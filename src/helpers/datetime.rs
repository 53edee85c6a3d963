//! `{{datetime t}}`, `{{date t}}`, `{{time t}}`: an RFC 3339 instant shown in the
//! recipient's time zone — the data's `timeZone`, else the catalog default.

use super::{arg, format_failed, type_error};
use crate::format::{Formatter, What};
use handlebars::{Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, ScopedJson};
use serde_json::Value;
use std::sync::Arc;

pub struct DateTime {
    pub fmt: Arc<Formatter>,
    pub what: What,
    pub default_zone: String,
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
        let s = self
            .fmt
            .datetime(instant, zone, self.what)
            .map_err(|e| format_failed(h.name(), param.relative_path(), e))?;
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
    fn bad_instants_are_errors() {
        let e = render("en", "{{datetime t}}", json!({"t": "tomorrow"})).unwrap_err();
        assert!(e.starts_with("datetime:"), "{e}");
    }
}
