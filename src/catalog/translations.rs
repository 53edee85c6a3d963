//! Translation status: which version of the source locale's text each translated part was
//! made from, kept per message in `messages/<id>/translations.toml` as a hash of that
//! source text, so a change to the source shows the other locales as outdated.
//!
//! ```toml
//! # Which version of the source text (zh-CN) each translation was made from.
//! [zh-TW]
//! sms = "9f3c2a1b44d0e817"
//! "push.title" = "0b6e51a9c2d3f470"
//! ```

use std::collections::BTreeMap;

/// The file's name in a message's folder (read by the build's loader).
#[cfg_attr(not(feature = "build"), allow(dead_code))]
pub const FILE: &str = "translations.toml";

/// Locale → part → the hash of the source part it was translated from.
pub type Records = BTreeMap<String, BTreeMap<String, String>>;

/// The hash a record keeps of a source part's text: 64-bit FNV-1a over its UTF-8 bytes,
/// as 16 lowercase hex digits. Not a defence against anyone: it only has to change when
/// the text does, and be the same in the build, the runtime and the editor (which asks
/// the module for it rather than computing its own).
pub fn source_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Whether `s` has the form `source_hash` gives (the loader checks records with it).
#[cfg_attr(not(feature = "build"), allow(dead_code))]
pub fn is_hash(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A translated part against the source text it has now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Made from the source as it is.
    Current,
    /// The source changed since.
    Outdated,
}

/// The status of `locale`'s `part` given the source part's text now; `None` when no
/// record says what it was made from (untracked).
pub fn status(records: &Records, locale: &str, part: &str, source_now: &str) -> Option<Status> {
    let recorded = records.get(locale)?.get(part)?;
    Some(if *recorded == source_hash(source_now) {
        Status::Current
    } else {
        Status::Outdated
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fnv1a_64_and_changes_with_the_text() {
        // FNV-1a's published test vectors.
        assert_eq!(source_hash(""), "cbf29ce484222325");
        assert_eq!(source_hash("a"), "af63dc4c8601ec8c");
        assert_eq!(source_hash("foobar"), "85944171f73967e8");
        assert_ne!(source_hash("转账"), source_hash("转帐"));
        assert!(is_hash(&source_hash("您好")));
        assert!(!is_hash("CBF29CE484222325"));
        assert!(!is_hash("cbf29ce48422232"));
    }

    #[test]
    fn status_is_current_outdated_or_untracked() {
        let mut records = Records::new();
        records
            .entry("zh-TW".into())
            .or_default()
            .insert("sms".into(), source_hash("您好"));
        assert_eq!(
            status(&records, "zh-TW", "sms", "您好"),
            Some(Status::Current)
        );
        assert_eq!(
            status(&records, "zh-TW", "sms", "您好！"),
            Some(Status::Outdated)
        );
        assert_eq!(status(&records, "zh-TW", "push.title", "您好"), None);
        assert_eq!(status(&records, "en", "sms", "您好"), None);
    }
}
