//! Money: CLDR standard currency format via `icu_experimental`'s
//! `CurrencyFormatter` (symbol width "short", standard usage, the currency's
//! CLDR default fraction digits, half-expand rounding).

use fixed_decimal::{Decimal, Sign};
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale::Locale;

use super::number::{parse_decimal, round_to};
use super::{FormatError, Formatter, LocaleData, load, quote};

#[derive(Debug)]
pub(crate) struct Currency {
    code: String,
    digits: u8,
    formatter: CurrencyFormatter<DecimalFormatter>,
}

/// A formatter per currency, built up front so that `money` never builds one.
pub(crate) fn formatters(
    data: &LocaleData,
    locale: &Locale,
    currencies: &[String],
) -> Result<Vec<Currency>, String> {
    currencies
        .iter()
        .map(|code| {
            let currency = CurrencyType::try_from_str(code).map_err(|_| code.to_string())?;
            let digits = data.currency_digits(code).ok_or_else(|| code.to_string())?;
            let formatter = load!(
                data,
                CurrencyFormatter<DecimalFormatter>,
                try_new_symbol,
                try_new_symbol_with_buffer_provider,
                locale.into(),
                currency,
                Default::default()
            )
            .map_err(|e| format!("{code}: {e}"))?;
            Ok(Currency {
                code: code.clone(),
                digits,
                formatter,
            })
        })
        .collect()
}

impl Formatter {
    /// Formats `amount` (a decimal string, see [`Formatter::number`]) in
    /// `currency` (ISO 4217, case-insensitive; one the formatter was built for) with the
    /// locale's CLDR standard currency pattern and the currency's default
    /// fraction digits, rounding half away from zero: en `1234.5 CNY` ->
    /// `CN¥1,234.50`, zh-CN `¥1,234.50`. Negative amounts use the pattern's
    /// minus (`-¥5.00`); an amount that rounds to zero has no sign.
    pub fn money(&self, amount: &str, currency: &str) -> Result<String, FormatError> {
        let entry = self
            .currencies
            .iter()
            .find(|e| e.code.eq_ignore_ascii_case(currency));
        let Some(entry) = entry else {
            let supported: Vec<&str> = self.currencies.iter().map(|c| c.code.as_str()).collect();
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

    /// `amount` in `currency` written as `form`, whose `{amount}` is the number in the
    /// locale's digits with the currency's fraction digits: `{amount}元` → `2,500.00元`,
    /// `NT${amount}` → `NT$2,500.00`; a negative amount keeps its sign in front of the
    /// number (`-2,500.00元`).
    pub fn money_as(
        &self,
        amount: &str,
        currency: &str,
        form: &str,
    ) -> Result<String, FormatError> {
        // Checks the currency and rounds exactly as `money` does.
        self.money(amount, currency)?;
        let digits = self
            .currencies
            .iter()
            .find(|e| e.code.eq_ignore_ascii_case(currency))
            .map_or(2, |e| e.digits);
        let number = self.number(amount, Some(digits))?;
        Ok(form.replace("{amount}", &number))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::fmt;
    use super::*;

    fn money(tag: &str, amount: &str, currency: &str) -> String {
        fmt(tag)
            .money(amount, currency)
            .unwrap_or_else(|e| panic!("{tag} {amount} {currency}: {e}"))
    }

    #[test]
    fn cldr_symbols_per_locale() {
        // (currency, en, zh-CN, zh-TW) for 1234.5 -- CLDR 49 data in icu_experimental 0.7.
        let table = [
            ("CNY", "CN¥1,234.50", "¥1,234.50", "CN¥1,234.50"),
            ("USD", "$1,234.50", "US$1,234.50", "US$1,234.50"),
            ("HKD", "HK$1,234.50", "HK$1,234.50", "HK$1,234.50"),
            ("TWD", "NT$1,234.50", "NT$1,234.50", "$1,234.50"),
            ("EUR", "€1,234.50", "€1,234.50", "€1,234.50"),
            ("GBP", "£1,234.50", "£1,234.50", "£1,234.50"),
            ("JPY", "¥1,235", "JP¥1,235", "¥1,235"),
            (
                "MOP",
                "MOP\u{a0}1,234.50",
                "MOP\u{a0}1,234.50",
                "MOP\u{a0}1,234.50",
            ),
        ];
        for (code, en, zh_cn, zh_tw) in table {
            assert_eq!(money("en", "1234.5", code), en, "en {code}");
            assert_eq!(money("zh-CN", "1234.5", code), zh_cn, "zh-CN {code}");
            assert_eq!(money("zh-TW", "1234.5", code), zh_tw, "zh-TW {code}");
        }
    }

    #[test]
    fn a_market_form_writes_the_number_in_the_locale_digits() {
        let f = fmt("zh-CN");
        assert_eq!(
            f.money_as("2500", "CNY", "{amount}元").unwrap(),
            "2,500.00元"
        );
        assert_eq!(
            f.money_as("-0.005", "CNY", "{amount}元").unwrap(),
            "-0.01元"
        );
        assert_eq!(
            f.money_as("1234.5", "JPY", "{amount}日元").unwrap(),
            "1,235日元"
        );
        assert_eq!(
            fmt("zh-TW").money_as("2500", "TWD", "NT${amount}").unwrap(),
            "NT$2,500.00"
        );
        assert!(f.money_as("1", "XYZ", "{amount}").is_err());
    }

    #[test]
    fn negative_amounts_use_cldr_minus() {
        assert_eq!(money("zh-CN", "-5", "CNY"), "-¥5.00");
        assert_eq!(money("en", "-5", "USD"), "-$5.00");
        assert_eq!(money("zh-TW", "-5", "TWD"), "-$5.00");
        assert_eq!(money("en", "-1234.5", "CNY"), "-CN¥1,234.50");
        // Rounds to zero: no sign.
        assert_eq!(money("zh-CN", "-0.001", "CNY"), "¥0.00");
        assert_eq!(money("en", "-0", "USD"), "$0.00");
    }

    #[test]
    fn rounding_and_input_forms() {
        assert_eq!(money("en", "0.005", "USD"), "$0.01");
        assert_eq!(money("en", "0.015", "USD"), "$0.02");
        assert_eq!(money("en", "-0.005", "USD"), "-$0.01");
        assert_eq!(money("en", "1234567.125", "USD"), "$1,234,567.13");
        assert_eq!(money("en", "1e3", "USD"), "$1,000.00");
        assert_eq!(money("en", "12.50", "usd"), "$12.50");
        assert_eq!(money("en", "0.5", "JPY"), "¥1");
    }

    #[test]
    fn fraction_digits_match_cldr() {
        // CLDR's digits, and the formatter showing exactly that many of an amount
        // with more.
        for (code, digits) in [("CNY", 2), ("JPY", 0), ("CHF", 2), ("BHD", 3), ("EUR", 2)] {
            assert_eq!(
                LocaleData::compiled().currency_digits(code),
                Some(digits),
                "{code}"
            );
            let s = money("en", "1.23456", code);
            let shown = s.split_once('.').map_or(0, |(_, frac)| {
                frac.chars().take_while(char::is_ascii_digit).count()
            });
            assert_eq!(shown, usize::from(digits), "{code}: {s}");
        }
    }

    #[test]
    fn bad_currency_or_amount_is_an_error() {
        let f = fmt("en");
        for bad in [
            "",
            "US",
            "USDD",
            "XYZ",
            "UDS",
            "¥",
            "人民币",
            "US$",
            "\u{0}\u{0}\u{0}",
        ] {
            match f.money("1", bad) {
                Err(FormatError::Currency(m)) => {
                    assert!(m.starts_with("unsupported currency"), "{m}")
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        assert_eq!(
            f.money("1", "XYZ").unwrap_err().to_string(),
            "unsupported currency \"XYZ\" (supported: CNY, HKD, MOP, TWD, USD, EUR, GBP, JPY, CHF, BHD)"
        );
        for bad in ["", "abc", "1,234.50", "¥5", "NaN"] {
            assert!(
                matches!(f.money(bad, "CNY"), Err(FormatError::Number(_))),
                "{bad:?}"
            );
        }
    }
}
