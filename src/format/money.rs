//! Money: CLDR standard currency format via `icu_experimental`'s
//! `CurrencyFormatter` (symbol width "short", standard usage, the currency's
//! CLDR default fraction digits, half-expand rounding).

use fixed_decimal::{Decimal, Sign};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale::Locale;

use super::number::{parse_decimal, round_to};
use super::{FormatError, Formatter, quote};

/// The currencies a [`Formatter`] can format, with their CLDR default
/// fraction digits (supplemental `currencyData`; the test
/// `fraction_digits_match_cldr` checks this table against the formatter's own
/// data). A formatter per currency is built up front so that `money` never
/// builds one; any other ISO 4217 code is rejected with an error rather than
/// shown as a bare code, so a typo in data ("UDS") is caught in preview.
pub const CURRENCIES: &[(&str, u8)] = &[
    ("CNY", 2),
    ("HKD", 2),
    ("MOP", 2),
    ("TWD", 2),
    ("USD", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("JPY", 0),
];

#[derive(Debug)]
pub(crate) struct Currency {
    code: [u8; 3],
    digits: u8,
    formatter: CurrencyFormatter<DecimalFormatter>,
}

pub(crate) fn formatters(locale: &Locale) -> Result<Vec<Currency>, String> {
    CURRENCIES
        .iter()
        .map(|&(code, digits)| {
            let currency = CurrencyType::try_from_str(code).map_err(|_| code.to_string())?;
            let formatter =
                CurrencyFormatter::try_new_symbol(locale.into(), currency, Default::default())
                    .map_err(|e| format!("{code}: {e}"))?;
            let mut bytes = [0u8; 3];
            bytes.copy_from_slice(&code.as_bytes()[..3]);
            Ok(Currency {
                code: bytes,
                digits,
                formatter,
            })
        })
        .collect()
}

impl Formatter {
    /// Formats `amount` (a decimal string, see [`Formatter::number`]) in
    /// `currency` (ISO 4217, case-insensitive; one of [`CURRENCIES`]) with the
    /// locale's CLDR standard currency pattern and the currency's default
    /// fraction digits, rounding half away from zero: en `1234.5 CNY` ->
    /// `CN¥1,234.50`, zh-CN `¥1,234.50`. Negative amounts use the pattern's
    /// minus (`-¥5.00`); an amount that rounds to zero has no sign.
    pub fn money(&self, amount: &str, currency: &str) -> Result<String, FormatError> {
        let code = currency.as_bytes();
        let entry = match code {
            [a, b, c] => {
                let upper = [
                    a.to_ascii_uppercase(),
                    b.to_ascii_uppercase(),
                    c.to_ascii_uppercase(),
                ];
                self.currencies.iter().find(|e| e.code == upper)
            }
            _ => None,
        };
        let Some(entry) = entry else {
            let supported: Vec<&str> = CURRENCIES.iter().map(|&(c, _)| c).collect();
            return Err(FormatError::Currency(format!(
                "unsupported currency {} (supported: {})",
                quote(currency),
                supported.join(", ")
            )));
        };
        let mut d: Decimal = parse_decimal(amount)?;
        // The formatter rounds the same way; rounding first lets us drop the
        // sign of a negative amount that rounds to zero ("-0.001" -> "¥0.00").
        round_to(&mut d, entry.digits);
        debug_assert!(d.sign != Sign::Positive);
        Ok(entry.formatter.format_fixed_decimal(&d).to_string())
    }
}
