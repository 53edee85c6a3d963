//! Grouped numbers and CLDR plural categories.

use fixed_decimal::{Decimal, Sign, SignedRoundingMode, UnsignedRoundingMode};
use icu_plurals::PluralCategory;

use super::{FormatError, Formatter, quote};

/// Largest accepted number of integer digits / fraction digits of an input.
const MAX_DIGITS: i16 = 100;
/// Largest accepted `decimals` argument.
pub const MAX_DECIMALS: u8 = 20;
/// Longest accepted input string (bytes), checked before parsing.
const MAX_INPUT_LEN: usize = 512;

/// Parses a decimal string as it comes from JSON: optional sign, digits,
/// optional fraction, optional exponent (`"1234.5"`, `"-3"`, `"1e3"`,
/// `"2.5E-3"`, `"1E+3"`); surrounding ASCII whitespace is ignored. A leading `+` is
/// accepted and not displayed. The exponent is applied exactly (no float
/// conversion), so `"1e3"` is 1000 and `"1.50"` keeps its visible trailing
/// zero. Rejected: empty strings, `NaN`/`Infinity`, `"1."`, digit separators,
/// and values with more than 100 integer or 100 fraction digits.
pub(crate) fn parse_decimal(value: &str) -> Result<Decimal, FormatError> {
    let trimmed = value.trim_matches(|c: char| c.is_ascii_whitespace());
    let not_a_number = || FormatError::Number(format!("not a decimal number: {}", quote(value)));
    if trimmed.len() > MAX_INPUT_LEN {
        return Err(FormatError::Number(format!(
            "number too long ({} bytes, limit {MAX_INPUT_LEN}): {}",
            trimmed.len(),
            quote(value)
        )));
    }
    // fixed_decimal accepts `e-5` but not `e+5`, which JSON allows.
    let unplussed;
    let trimmed = match trimmed
        .split_once("e+")
        .or_else(|| trimmed.split_once("E+"))
    {
        Some((mantissa, exponent)) => {
            unplussed = format!("{mantissa}e{exponent}");
            unplussed.as_str()
        }
        None => trimmed,
    };
    let mut d = Decimal::try_from_str(trimmed).map_err(|e| match e {
        fixed_decimal::ParseError::Limit => {
            FormatError::Number(format!("number out of range: {}", quote(value)))
        }
        _ => not_a_number(),
    })?;
    let range = d.absolute.magnitude_range();
    if d.absolute.nonzero_magnitude_start() >= MAX_DIGITS || *range.start() < -MAX_DIGITS {
        return Err(FormatError::Number(format!(
            "number out of range (at most {MAX_DIGITS} integer and {MAX_DIGITS} fraction digits): {}",
            quote(value)
        )));
    }
    normalize_sign(&mut d);
    Ok(d)
}

/// Drops a `+` sign and the sign of zero (`"-0.00"` displays as `0.00`).
pub(crate) fn normalize_sign(d: &mut Decimal) {
    if d.sign == Sign::Positive || d.absolute.is_zero() {
        d.sign = Sign::None;
    }
}

/// Rounds half away from zero ("half-expand", as ECMA-402 and the currency
/// formatter do) to `decimals` fraction digits and pads with zeros to exactly
/// that many.
pub(crate) fn round_to(d: &mut Decimal, decimals: u8) {
    let position = -i16::from(decimals);
    d.round_with_mode(
        position,
        SignedRoundingMode::Unsigned(UnsignedRoundingMode::HalfExpand),
    );
    d.absolute.pad_end(position);
    normalize_sign(d);
}

impl Formatter {
    /// Formats a decimal string with the locale's grouping and symbols:
    /// `"1234567.5"` -> en `1,234,567.5`.
    ///
    /// With `decimals: Some(n)` (n <= 20) the value is rounded half away from
    /// zero (half-expand: 2.345 -> 2.35, -2.345 -> -2.35) and zero-padded to
    /// exactly `n` fraction digits. With `None` the fraction digits of the
    /// input are shown as written (`"1.50"` -> `1.50`, `"1e3"` -> `1,000`).
    /// Negative zero is shown without a sign.
    pub fn number(&self, value: &str, decimals: Option<u8>) -> Result<String, FormatError> {
        let mut d = parse_decimal(value)?;
        if let Some(n) = decimals {
            if n > MAX_DECIMALS {
                return Err(FormatError::Number(format!(
                    "decimals={n} is more than {MAX_DECIMALS}"
                )));
            }
            round_to(&mut d, n);
        }
        Ok(self.decimal.format(&d).to_string())
    }

    /// The CLDR cardinal plural category of a decimal string: `"zero"`,
    /// `"one"`, `"two"`, `"few"`, `"many"` or `"other"`.
    ///
    /// Visible fraction digits count, as CLDR says: en `"1"` -> `one`,
    /// `"1.0"` -> `other`. Chinese is always `other`. To match a number shown
    /// with `decimals`, pass the same rounded string.
    pub fn plural(&self, value: &str) -> Result<&'static str, FormatError> {
        let d = parse_decimal(value)?;
        Ok(category_name(self.plurals.category_for(&d)))
    }
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::fmt;
    use super::*;

    fn num(tag: &str, v: &str, d: Option<u8>) -> String {
        fmt(tag)
            .number(v, d)
            .unwrap_or_else(|e| panic!("{tag} {v}: {e}"))
    }

    #[test]
    fn grouping_per_locale() {
        for tag in ["en", "zh-CN", "zh-TW"] {
            assert_eq!(num(tag, "1234567.5", None), "1,234,567.5");
            assert_eq!(num(tag, "-3", None), "-3");
            assert_eq!(num(tag, "1e3", None), "1,000");
            assert_eq!(num(tag, "1234", None), "1,234");
            assert_eq!(num(tag, "999", None), "999");
            assert_eq!(num(tag, "0.5", None), "0.5");
        }
    }

    #[test]
    fn exponent_forms() {
        assert_eq!(num("en", "2.5E-3", None), "0.0025");
        assert_eq!(num("en", "-1.5e6", None), "-1,500,000");
        assert_eq!(num("en", "1e+3", None), "1,000");
        assert_eq!(num("en", "1E+3", None), "1,000");
        assert!(fmt("en").number("1e+", None).is_err());
        assert!(fmt("en").number("1e++3", None).is_err());
        assert!(fmt("en").number("e+3", None).is_err());
    }

    #[test]
    fn input_digits_are_kept_without_decimals() {
        assert_eq!(num("en", "1.50", None), "1.50");
        assert_eq!(num("en", "+7", None), "7");
        assert_eq!(num("en", " 42 ", None), "42");
        assert_eq!(num("en", "-0", None), "0");
        assert_eq!(num("en", ".5", None), "0.5");
    }

    #[test]
    fn decimals_round_half_expand_and_pad() {
        assert_eq!(num("en", "1234567.5", Some(2)), "1,234,567.50");
        assert_eq!(num("en", "2.345", Some(2)), "2.35");
        assert_eq!(num("en", "2.355", Some(2)), "2.36");
        assert_eq!(num("en", "-2.345", Some(2)), "-2.35");
        assert_eq!(num("en", "2.5", Some(0)), "3");
        assert_eq!(num("en", "3.5", Some(0)), "4");
        assert_eq!(num("en", "999.995", Some(2)), "1,000.00");
        assert_eq!(num("en", "1.239", Some(1)), "1.2");
        assert_eq!(num("en", "-0.001", Some(2)), "0.00");
        assert_eq!(num("en", "1e3", Some(2)), "1,000.00");
        assert_eq!(num("zh-TW", "12.5", Some(3)), "12.500");
    }

    #[test]
    fn bad_numbers_are_errors() {
        let f = fmt("en");
        for bad in [
            "", " ", "abc", "1.", "1,000", "1_000", "NaN", "Infinity", "-", "+", "--1", "1e", "e5",
            "1e5e5", "0x10", "١٢٣", "1.2.3", "1e99999", "1e100", "1e-101",
        ] {
            match f.number(bad, None) {
                Err(FormatError::Number(m)) => assert!(!m.is_empty()),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
        let long = "9".repeat(600);
        assert!(f.number(&long, None).is_err());
        assert!(matches!(
            f.number("1", Some(21)),
            Err(FormatError::Number(_))
        ));
        assert_eq!(f.number("1", Some(20)).map(|s| s.len()), Ok(22));
        // Messages quote the input.
        assert_eq!(
            f.number("abc", None).unwrap_err().to_string(),
            "not a decimal number: \"abc\""
        );
    }

    #[test]
    fn plural_categories() {
        let en = fmt("en");
        assert_eq!(en.plural("1"), Ok("one"));
        assert_eq!(en.plural("1.0"), Ok("other"));
        assert_eq!(en.plural("2"), Ok("other"));
        assert_eq!(en.plural("0"), Ok("other"));
        assert_eq!(en.plural("-1"), Ok("one"));
        assert_eq!(en.plural("1e0"), Ok("one"));
        for tag in ["zh-CN", "zh-TW"] {
            for v in ["0", "1", "1.0", "2", "1000000"] {
                assert_eq!(fmt(tag).plural(v), Ok("other"), "{tag} {v}");
            }
        }
        assert!(matches!(en.plural("one"), Err(FormatError::Number(_))));
    }
}
