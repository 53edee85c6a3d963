//! Locale-aware formatting core of tidings (numbers, money, dates, plurals, lists).
//!
//! One [`Formatter`] is built per catalog locale (construction loads ICU4X
//! compiled data and is comparatively slow) and then reused for every message:
//! the formatting calls only parse the input and write the output string, they
//! never build formatters.
//!
//! Data comes from ICU4X 2.x compiled data (CLDR 49) and, for currencies, from
//! `icu_experimental`'s `CurrencyFormatter`; time zones come from jiff's bundled
//! tzdb, so output is identical on every platform (native and wasm32) and
//! nothing is read from the host.

mod datetime;
mod error;
mod list;
mod money;
mod number;

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::zone::LocalizedOffsetShort;
use icu_datetime::fieldsets::{Combo, T, YMD, YMDT};
use icu_decimal::DecimalFormatter;
use icu_list::ListFormatter;
use icu_locale::Locale;
use icu_locale::subtags::{language, region, script};
use icu_plurals::PluralRules;

pub use datetime::{What, parse_instant, zone};
pub use error::FormatError;
pub use money::currency_digits;

use error::quote;

/// All formatters for one locale. Build once with [`Formatter::new`], reuse.
#[derive(Debug)]
pub struct Formatter {
    // Read by tests and shown by `Debug`.
    #[cfg_attr(not(test), allow(dead_code))]
    locale: Locale,
    decimal: DecimalFormatter,
    plurals: PluralRules,
    list: ListFormatter,
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    time: FixedCalendarDateTimeFormatter<Gregorian, Combo<T, LocalizedOffsetShort>>,
    date_time: FixedCalendarDateTimeFormatter<Gregorian, Combo<YMDT, LocalizedOffsetShort>>,
    currencies: Vec<money::Currency>,
}

impl Formatter {
    /// Builds the formatters for `locale`, a BCP 47 tag such as `"zh-CN"`,
    /// `"zh-TW"` or `"en"`, with money in `currencies` (ISO 4217 codes).
    ///
    /// Chinese without a script subtag gets one explicitly: `zh-TW`, `zh-HK`
    /// and `zh-MO` become `zh-Hant-*` (Traditional data, e.g. `zh-Hant-TW`),
    /// any other `zh` becomes `zh-Hans-*`. The region is kept, so regional
    /// preferences such as the hour cycle (12-hour clock in Taiwan) apply.
    pub fn new(locale: &str, currencies: &[String]) -> Result<Formatter, FormatError> {
        let locale = resolve_locale(locale)?;
        let data_err = |what: &str, e: &dyn std::fmt::Display| {
            FormatError::Locale(format!("no {what} data for locale \"{locale}\": {e}"))
        };
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default())
            .map_err(|e| data_err("number", &e))?;
        let plurals =
            PluralRules::try_new_cardinal((&locale).into()).map_err(|e| data_err("plural", &e))?;
        let list = ListFormatter::try_new_and(
            (&locale).into(),
            icu_list::options::ListFormatterOptions::default()
                .with_length(icu_list::options::ListLength::Wide),
        )
        .map_err(|e| data_err("list", &e))?;
        let (date, time, date_time) =
            datetime::formatters(&locale).map_err(|e| data_err("date/time", &e))?;
        let currencies =
            money::formatters(&locale, currencies).map_err(|e| data_err("currency", &e))?;
        Ok(Formatter {
            locale,
            decimal,
            plurals,
            list,
            date,
            time,
            date_time,
            currencies,
        })
    }

    #[cfg(test)]
    /// The locale actually used for data lookup (e.g. `zh-Hant-TW` for `"zh-TW"`).
    pub fn locale(&self) -> &Locale {
        &self.locale
    }
}

fn resolve_locale(tag: &str) -> Result<Locale, FormatError> {
    let mut locale = Locale::try_from_str(tag)
        .map_err(|_| FormatError::Locale(format!("not a BCP 47 locale tag: {}", quote(tag))))?;
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
    Ok(locale)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::RefCell;

    /// The currencies the formatting tests use.
    pub(crate) fn currencies() -> Vec<String> {
        [
            "CNY", "HKD", "MOP", "TWD", "USD", "EUR", "GBP", "JPY", "CHF", "BHD",
        ]
        .map(String::from)
        .to_vec()
    }

    /// The catalog formatters, built once per test thread (ICU4X data
    /// payloads are `Rc`-based without `icu_provider/sync`, so a `Formatter`
    /// is neither `Send` nor `Sync`; see the report).
    pub(crate) fn fmt(tag: &str) -> &'static Formatter {
        thread_local! {
            static BUILT: RefCell<Vec<(String, &'static Formatter)>> = const { RefCell::new(Vec::new()) };
        }
        BUILT.with(|built| {
            let mut built = built.borrow_mut();
            if let Some(&(_, f)) = built.iter().find(|(t, _)| t == tag) {
                return f;
            }
            let f: &'static Formatter = Box::leak(Box::new(
                Formatter::new(tag, &currencies()).unwrap_or_else(|e| panic!("{tag}: {e}")),
            ));
            built.push((tag.to_string(), f));
            f
        })
    }

    #[test]
    fn locale_resolution() {
        assert_eq!(fmt("zh-TW").locale().to_string(), "zh-Hant-TW");
        assert_eq!(fmt("zh-CN").locale().to_string(), "zh-Hans-CN");
        assert_eq!(fmt("en").locale().to_string(), "en");
        assert_eq!(
            resolve_locale("zh-HK").map(|l| l.to_string()),
            Ok("zh-Hant-HK".into())
        );
        assert_eq!(
            resolve_locale("zh").map(|l| l.to_string()),
            Ok("zh-Hans".into())
        );
        assert_eq!(
            resolve_locale("zh-Hant").map(|l| l.to_string()),
            Ok("zh-Hant".into())
        );
    }

    #[test]
    fn bad_locale_is_an_error() {
        for bad in ["", "not a locale", "zh_CN!", "\u{0}"] {
            match Formatter::new(bad, &[]) {
                Err(FormatError::Locale(m)) => assert!(m.contains("BCP 47"), "{m}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
