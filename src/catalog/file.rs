//! The compiled catalog file: what `build.rs` embeds and `tidings build` writes. A header
//! (magic, format version) and a postcard body holding the validated catalog (as JSON:
//! settings, messages, sources) and its programs. Reading one never trusts it: see
//! [`decode`].

use super::model::Catalog;
use super::program::{FORMAT, Programs};
use serde::{Deserialize, Serialize};

/// The first bytes of every compiled catalog file.
pub const MAGIC: &[u8; 8] = b"tidings\x1a";
/// Largest compiled catalog read (the demo catalog is about 120 KB).
pub const MAX_FILE_LEN: usize = 64 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct Body {
    /// The catalog model as JSON (its examples are arbitrary JSON, which postcard,
    /// not being self-describing, cannot hold).
    catalog: String,
    programs: Programs,
}

/// The file for a validated catalog and its programs. (The web module only reads files.)
#[cfg_attr(not(feature = "build"), allow(dead_code))]
pub fn encode(catalog: &Catalog, programs: &Programs) -> Result<Vec<u8>, String> {
    let body = Body {
        catalog: serde_json::to_string(catalog).map_err(|e| e.to_string())?,
        programs: programs.clone(),
    };
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT.to_le_bytes());
    postcard::to_extend(&body, out).map_err(|e| e.to_string())
}

/// Reads a file `encode` wrote. Anything else — another format version, a truncated or
/// corrupted body, lengths past the end, nesting deeper than a compiler makes — is an
/// error saying what is wrong, never a panic. (The catalog's settings are checked by
/// the caller, which knows what the runtime needs.)
pub fn decode(bytes: &[u8]) -> Result<(Catalog, Programs), String> {
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
    let catalog: Catalog = serde_json::from_str(&body.catalog)
        .map_err(|e| format!("the file is damaged: its catalog does not read: {e}"))?;
    Ok((catalog, body.programs))
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
        encode(&catalog, &programs).unwrap()
    }

    #[test]
    fn round_trips() {
        let (catalog, _) = decode(&sample()).unwrap();
        assert_eq!(catalog.settings.locales, ["en"]);
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
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).unwrap_err().contains("follow"));
        assert!(decode(b"{\"settings\":1}").unwrap_err().contains("header"));
    }
}
