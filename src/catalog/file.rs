//! The compiled catalog file: what `build.rs` embeds and `tidings build` writes. A header
//! (magic, format version) and a postcard body holding the validated catalog (as JSON:
//! settings, messages, sources), its programs, the ICU4X data of its locales (a postcard
//! blob) and the TZif data of its time zones. Reading one never trusts it: see [`decode`].

use super::model::Catalog;
use super::program::{FORMAT, LocalePrograms, Programs};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The first bytes of every compiled catalog file.
pub const MAGIC: &[u8; 8] = b"tidings\x1a";
/// Largest compiled catalog read (the demo catalog is about 120 KB).
pub const MAX_FILE_LEN: usize = 64 * 1024 * 1024;

/// The body, in this order so that scripts/size.mjs can measure the parts without a
/// postcard decoder for programs: everything of known shape first, the programs last.
#[derive(Serialize, Deserialize)]
struct Body {
    /// The catalog model as JSON (its examples are arbitrary JSON, which postcard,
    /// not being self-describing, cannot hold).
    catalog: String,
    /// An ICU4X postcard blob (`BlobDataProvider`) for exactly the catalog's locales.
    locale_data: Vec<u8>,
    /// FNV-1a of `locale_data`. ICU4X checks a blob's structure only with debug
    /// assertions (its invariants are "garbage in, garbage out" otherwise, and in debug
    /// builds they panic), so a damaged blob must be caught here, before ICU4X reads it.
    locale_data_hash: u64,
    time_zones: TimeZones,
    /// Locale → its programs, postcard-encoded ([`LocalePrograms`]): decoded when the
    /// locale is first used ([`decode_locale`]), not when the file is read.
    programs: BTreeMap<String, Vec<u8>>,
}

/// 64-bit FNV-1a: catches any damage a file picks up on its way (not a forgery).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The TZif files of a catalog's time zones: every IANA zone unless the manifest lists
/// some (`time_zones = [...]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZones {
    /// (canonical IANA name, index into `tzif`), sorted by lower-cased name.
    pub names: Vec<(String, u32)>,
    /// TZif files, each once (a link and its target share one).
    pub tzif: Vec<Vec<u8>>,
}

/// A file's parts, read and checked by [`decode`].
#[derive(Debug)]
pub struct Decoded {
    pub catalog: Catalog,
    /// Locale → its programs, still encoded.
    pub programs: BTreeMap<String, Vec<u8>>,
    pub locale_data: Vec<u8>,
    pub time_zones: TimeZones,
}

/// The file for a validated catalog and its programs. (The web module only reads files.)
#[cfg_attr(not(feature = "build"), allow(dead_code))]
pub fn encode(
    catalog: &Catalog,
    programs: &Programs,
    locale_data: Vec<u8>,
    time_zones: TimeZones,
) -> Result<Vec<u8>, String> {
    let mut by_locale = BTreeMap::new();
    for locale in programs.locales() {
        let bytes =
            postcard::to_allocvec(&programs.of_locale(locale)).map_err(|e| e.to_string())?;
        by_locale.insert(locale.clone(), bytes);
    }
    let body = Body {
        catalog: serde_json::to_string(catalog).map_err(|e| e.to_string())?,
        programs: by_locale,
        locale_data_hash: fnv1a(&locale_data),
        locale_data,
        time_zones,
    };
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT.to_le_bytes());
    postcard::to_extend(&body, out).map_err(|e| e.to_string())
}

/// Reads a file `encode` wrote. Anything else — another format version, a truncated or
/// corrupted body, lengths past the end, nesting deeper than a compiler makes — is an
/// error saying what is wrong, never a panic. (The catalog's settings are checked by
/// the caller, which knows what the runtime needs; the locale data is parsed by
/// `format::LocaleData::from_blob`, the time zones by `format::Zones::new`.)
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.len() > MAX_FILE_LEN {
        return Err(format!(
            "the file is {} bytes; a compiled catalog is at most {MAX_FILE_LEN}",
            bytes.len()
        ));
    }
    let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
        return Err(
            "not a compiled tidings catalog (it does not start with the tidings header)".into(),
        );
    };
    let Some((version, body)) = rest.split_first_chunk::<4>() else {
        return Err("the file ends inside its header".into());
    };
    let version = u32::from_le_bytes(*version);
    if version != FORMAT {
        return Err(format!(
            "the catalog was compiled in format {version}; this tidings reads format {FORMAT} (rebuild it with this version's `tidings build`)"
        ));
    }
    let (body, left): (Body, &[u8]) =
        postcard::take_from_bytes(body).map_err(|e| format!("the file is damaged: {e}"))?;
    if !left.is_empty() {
        return Err(format!(
            "the file is damaged: {} bytes follow the catalog",
            left.len()
        ));
    }
    if fnv1a(&body.locale_data) != body.locale_data_hash {
        return Err("the file is damaged: its locale data does not match its checksum".into());
    }
    let catalog: Catalog = serde_json::from_str(&body.catalog)
        .map_err(|e| format!("the file is damaged: its catalog does not read: {e}"))?;
    Ok(Decoded {
        catalog,
        programs: body.programs,
        locale_data: body.locale_data,
        time_zones: body.time_zones,
    })
}

/// One locale's programs from their blob, checked as the file is: a damaged blob or a
/// program nested deeper than the compiler makes is an error, never a panic.
pub fn decode_locale(bytes: &[u8]) -> Result<LocalePrograms, String> {
    let (programs, left): (LocalePrograms, &[u8]) =
        postcard::take_from_bytes(bytes).map_err(|e| format!("the file is damaged: {e}"))?;
    if !left.is_empty() {
        return Err(format!(
            "the file is damaged: {} bytes follow a locale's programs",
            left.len()
        ));
    }
    Ok(programs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let catalog: Catalog = serde_json::from_value(serde_json::json!({
            "settings": {"defaultLocale": "en", "locales": ["en"], "defaultTimeZone": "UTC",
                         "categories": {"service": {}}},
            "messages": [], "partials": {}
        }))
        .unwrap();
        let programs = Programs {
            partials: Default::default(),
            html_partials: Default::default(),
            parts: Default::default(),
        };
        let zones = TimeZones {
            names: vec![("UTC".into(), 0)],
            tzif: vec![b"TZif".to_vec()],
        };
        encode(&catalog, &programs, vec![1, 2, 3], zones).unwrap()
    }

    #[test]
    fn round_trips() {
        let decoded = decode(&sample()).unwrap();
        assert_eq!(decoded.catalog.settings.locales, ["en"]);
        assert_eq!(decoded.locale_data, [1, 2, 3]);
        assert_eq!(decoded.time_zones.names, [("UTC".to_string(), 0)]);
    }

    #[test]
    fn every_truncation_and_a_wrong_version_are_errors() {
        let bytes = sample();
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_err(), "{len}");
        }
        let mut other = bytes.clone();
        other[8] = 9;
        assert!(decode(&other).unwrap_err().contains("format 9"));
        // Any change to the locale data (here the last of its three bytes) is caught.
        let blob_at = bytes.windows(3).rposition(|w| w == [1, 2, 3]).unwrap();
        let mut damaged = bytes.clone();
        damaged[blob_at + 2] = 4;
        assert!(decode(&damaged).unwrap_err().contains("checksum"));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).unwrap_err().contains("follow"));
        assert!(decode(b"{\"settings\":1}").unwrap_err().contains("header"));
    }
}

#[cfg(test)]
mod locale_blobs {
    use super::*;

    #[test]
    fn a_damaged_locale_blob_is_an_error_when_the_locale_is_read() {
        let good = postcard::to_allocvec(&LocalePrograms::default()).unwrap();
        assert!(decode_locale(&good).is_ok());
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(
            decode_locale(&trailing)
                .unwrap_err()
                .contains("bytes follow")
        );
        assert!(
            decode_locale(&[0xff; 12])
                .unwrap_err()
                .starts_with("the file is damaged")
        );
        assert!(decode_locale(&[]).is_err());
    }
}
