//! Formatting through a catalog's exported blob must equal formatting with ICU4X's full
//! compiled data, for the demo catalog's locales and the fixture catalogs' (the issue's
//! requirement): numbers, money in several currencies, plurals, lists, dates and times.

use super::tests::all_zones;
use super::{Formatter, LocaleData, What};

/// Every locale of the demo and fixture catalogs, and a few more with regional data
/// (de-CH and fr-CH group digits differently, zh-Hant-HK inherits from zh-Hant).
const LOCALES: [&str; 10] = [
    "zh-CN",
    "zh-TW",
    "en",
    "de",
    "ja",
    "de-CH",
    "fr-CH",
    "en-GB",
    "zh-HK",
    "zh-Hant-HK",
];
const CURRENCIES: [&str; 9] = [
    "CNY", "TWD", "USD", "EUR", "GBP", "JPY", "CHF", "BHD", "HKD",
];

fn samples(f: &Formatter) -> Vec<String> {
    let mut out = Vec::new();
    for n in [
        "0",
        "-0.5",
        "1000",
        "1234567.5",
        "12345678901.25",
        "-98765.4321",
        "0.001",
    ] {
        out.push(format!("number {n} = {:?}", f.number(n, None)));
        out.push(format!("number {n} 2 = {:?}", f.number(n, Some(2))));
    }
    for n in ["0", "1", "1.0", "2", "3", "5", "11", "21", "101", "0.5"] {
        out.push(format!("plural {n} = {:?}", f.plural(n)));
    }
    let items = ["Alice", "Bob", "Carol", "Dave"];
    for k in 0..=items.len() {
        out.push(format!("list {k} = {}", f.list(&items[..k])));
    }
    for code in CURRENCIES {
        for a in ["1234.5", "-5", "0", "1234567.125", "0.5"] {
            out.push(format!("money {a} {code} = {:?}", f.money(a, code)));
        }
    }
    for instant in [
        "2026-11-28T09:30:00Z",
        "2000-01-01T00:00:00Z",
        "2026-07-15T16:00:00Z",
        "1900-01-01T00:00:00Z",
    ] {
        for zone in [
            "Asia/Shanghai",
            "America/New_York",
            "Asia/Kolkata",
            "UTC",
            "Pacific/Chatham",
        ] {
            for what in [What::Date, What::Time, What::DateTime] {
                out.push(format!(
                    "{what:?} {instant} {zone} = {:?}",
                    f.datetime(instant, zone, what)
                ));
            }
        }
    }
    out
}

#[test]
fn blob_output_equals_compiled_data() {
    let tags: Vec<String> = LOCALES.map(String::from).to_vec();
    let blob = crate::catalog::data::locale_blob(&tags).expect("exports");
    let data = LocaleData::from_blob(blob).expect("reads");
    let compiled = LocaleData::compiled();
    let currencies: Vec<String> = CURRENCIES.map(String::from).to_vec();
    for tag in LOCALES {
        let from_blob = Formatter::new(&data, all_zones(), tag, &currencies)
            .unwrap_or_else(|e| panic!("{tag} from the blob: {e}"));
        let full = Formatter::new(&compiled, all_zones(), tag, &currencies).unwrap();
        let (a, b) = (samples(&from_blob), samples(&full));
        assert_eq!(a.len(), b.len());
        for (a, b) in a.iter().zip(&b) {
            assert_eq!(a, b, "{tag}");
            assert!(!a.contains("Err("), "{tag}: {a}");
        }
        for code in CURRENCIES {
            assert_eq!(
                data.currency_digits(code),
                compiled.currency_digits(code),
                "{code}"
            );
        }
    }
}

#[test]
fn a_blob_has_only_its_locales() {
    let blob = crate::catalog::data::locale_blob(&["de".to_string()]).unwrap();
    let data = LocaleData::from_blob(blob).unwrap();
    assert!(Formatter::new(&data, all_zones(), "de", &[]).is_ok());
    assert!(Formatter::new(&data, all_zones(), "ja", &[]).is_err());
}
