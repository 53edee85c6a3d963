//! Where a formatter's ICU4X data comes from: the postcard blob a compiled catalog
//! carries for its locales, or (in tests only) ICU4X's compiled data for every locale,
//! which the blobs must format exactly like.

use icu_provider::prelude::*;
use icu_provider_blob::BlobDataProvider;

/// A catalog's locale data.
pub struct LocaleData(pub(super) Source);

pub(super) enum Source {
    Blob(BlobDataProvider),
    #[cfg(test)]
    Compiled,
}

impl std::fmt::Debug for LocaleData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Source::Blob(_) => "LocaleData(blob)",
            #[cfg(test)]
            Source::Compiled => "LocaleData(compiled)",
        })
    }
}

impl LocaleData {
    /// Reads an ICU4X postcard blob (what `tidings build` exports). Bytes that are not
    /// one are an error, never a panic: `BlobDataProvider` checks the blob's index
    /// here, and each payload is checked when a formatter deserializes it.
    pub fn from_blob(bytes: Vec<u8>) -> Result<LocaleData, String> {
        BlobDataProvider::try_new_from_blob(bytes.into_boxed_slice())
            .map(|p| LocaleData(Source::Blob(p)))
            .map_err(|e| format!("its locale data does not read: {e}"))
    }

    /// ICU4X's compiled data, for every locale it has.
    #[cfg(test)]
    pub fn compiled() -> LocaleData {
        LocaleData(Source::Compiled)
    }

    /// A currency's CLDR default fraction digits (supplemental `currencyData`: JPY 0,
    /// CHF 2, BHD 3, most 2); `None` for text that is not a code or missing data.
    pub fn currency_digits(&self, code: &str) -> Option<u8> {
        use icu_experimental::dimension::currency::CurrencyType;
        use icu_experimental::dimension::provider::currency::fractions::CurrencyFractionsV1;
        let currency = CurrencyType::try_from_str(code).ok()?;
        let fractions: DataResponse<CurrencyFractionsV1> = match &self.0 {
            Source::Blob(p) => p.as_deserializing().load(Default::default()).ok()?,
            #[cfg(test)]
            Source::Compiled => icu_experimental::provider::Baked
                .load(Default::default())
                .ok()?,
        };
        Some(fractions.payload.get().resolve(currency).digits)
    }
}

/// Builds an ICU4X formatter from `$data`: `$ty::$compiled(args)` with compiled data,
/// `$ty::$buffer(provider, args)` from a blob (one constructor for both sources).
macro_rules! load {
    ($data:expr, $ty:ty, $compiled:ident, $buffer:ident, $($arg:expr),* $(,)?) => {
        match &$data.0 {
            $crate::format::provider::Source::Blob(p) => <$ty>::$buffer(p, $($arg),*),
            #[cfg(test)]
            $crate::format::provider::Source::Compiled => <$ty>::$compiled($($arg),*),
        }
    };
}
pub(super) use load;
