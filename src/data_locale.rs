//! Which ICU4X data locale a catalog locale is formatted with: Chinese without a script
//! gets one (`zh-TW`, `zh-HK`, `zh-MO` → Traditional `zh-Hant-*`, any other `zh` →
//! Simplified), the region kept so regional preferences (Taiwan's 12-hour clock) apply.
//! One rule for the exporter (`catalog::data`, also in `build.rs`) and the formatters.

use icu_locale::Locale;
use icu_locale::subtags::{language, region, script};

/// The data locale of `tag`, or `None` when it is not a BCP 47 tag.
pub fn data_locale(tag: &str) -> Option<Locale> {
    let mut locale = Locale::try_from_str(tag).ok()?;
    if locale.id.language == language!("zh") && locale.id.script.is_none() {
        let traditional = matches!(
            locale.id.region,
            Some(r) if r == region!("TW") || r == region!("HK") || r == region!("MO")
        );
        locale.id.script = Some(if traditional {
            script!("Hant")
        } else {
            script!("Hans")
        });
    }
    Some(locale)
}
