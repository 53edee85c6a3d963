//! Locale negotiation: picks the catalog locale for a tag or a preference list using
//! CLDR likely subtags (ICU4X), so that Traditional-Chinese regions (zh-HK, zh-MO,
//! zh-Hant-*) land on a Traditional locale and never on Simplified — zh-MO on zh-HK
//! when the catalog has it (CLDR's parent locale), else zh-TW.

use icu_locale::LanguageIdentifier;
use icu_locale::LocaleExpander;
use icu_locale::subtags::language;
use serde::Serialize;

/// The language identifier of a BCP 47 tag; extensions (`-u-nu-latn`) are allowed and
/// ignored, `_` is accepted for `-`.
pub fn parse(tag: &str) -> Option<LanguageIdentifier> {
    icu_locale::Locale::try_from_str(tag.trim().replace('_', "-").as_str())
        .ok()
        .map(|l| l.id)
}

/// The outcome of negotiation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Negotiated {
    /// The catalog locale that will be used.
    pub locale: String,
    /// True when no requested tag matched the chosen locale exactly (after adding likely
    /// subtags): the locale was reached by script/language fallback or is the default.
    pub fallback: bool,
    /// The requested tag that decided it, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
}

static EXPANDER: LocaleExpander = LocaleExpander::new_common();

/// CLDR `parentLocales` between regions of one script that matter here: Macau's
/// Traditional Chinese inherits Hong Kong's (`zh_Hant_MO` → `zh_Hant_HK`).
const PARENT_REGIONS: &[(&str, &str, &str)] = &[("Hant", "MO", "HK")];

/// The catalog locale for one requested tag, and whether it is exact.
fn match_one(tag: &str, available: &[String]) -> Option<(String, bool)> {
    let mut requested = parse(tag)?;
    EXPANDER.maximize(&mut requested);
    // Mandarin (`cmn`) and Cantonese (`yue`) readers read Chinese: keep the script that
    // likely subtags gave them (yue → Hant, so yue-HK gets Traditional).
    if requested.language == language!("cmn") || requested.language == language!("yue") {
        requested.language = language!("zh");
    }
    let parent = PARENT_REGIONS.iter().find_map(|(script, region, parent)| {
        (requested.script.is_some_and(|s| s.as_str() == *script)
            && requested.region.is_some_and(|r| r.as_str() == *region))
        .then_some(*parent)
    });
    let mut best: Option<(String, bool)> = None;
    for candidate in available {
        let Ok(mut have) = LanguageIdentifier::try_from_str(candidate) else {
            continue;
        };
        EXPANDER.maximize(&mut have);
        if have.language != requested.language || have.script != requested.script {
            continue;
        }
        let exact = have.region == requested.region;
        if exact {
            return Some((candidate.clone(), true));
        }
        let is_parent = parent.is_some_and(|p| have.region.is_some_and(|r| r.as_str() == p));
        if is_parent {
            best = Some((candidate.clone(), false));
        } else {
            best.get_or_insert((candidate.clone(), false));
        }
    }
    best
}

/// Negotiates the catalog locale for `requested` tags in preference order. The first
/// tag that matches any catalog locale by language and script wins (exact region
/// preferred); with no match, the catalog's default is used.
pub fn negotiate<S: AsRef<str>>(
    requested: &[S],
    available: &[String],
    default: &str,
) -> Negotiated {
    for tag in requested {
        if let Some((locale, exact)) = match_one(tag.as_ref(), available) {
            return Negotiated {
                locale,
                fallback: !exact,
                matched: Some(tag.as_ref().trim().to_string()),
            };
        }
    }
    Negotiated {
        locale: default.to_string(),
        fallback: true,
        matched: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(tags: &[&str]) -> (String, bool) {
        let available = ["zh-CN".to_string(), "zh-TW".to_string(), "en".to_string()];
        let n = negotiate(tags, &available, "zh-CN");
        (n.locale, n.fallback)
    }

    #[test]
    fn traditional_regions_and_scripts_go_to_zh_tw() {
        for tag in [
            "zh-HK",
            "zh-MO",
            "zh-Hant",
            "zh-Hant-HK",
            "zh-Hant-CN",
            "zh_HK",
        ] {
            assert_eq!(pick(&[tag]).0, "zh-TW", "{tag}");
        }
        assert_eq!(pick(&["zh-TW"]), ("zh-TW".into(), false));
        assert_eq!(pick(&["zh-Hant"]), ("zh-TW".into(), false));
        assert_eq!(pick(&["zh-HK"]), ("zh-TW".into(), true));
    }

    #[test]
    fn simplified_tags_go_to_zh_cn() {
        for tag in [
            "zh",
            "zh-Hans",
            "zh-SG",
            "zh-Hans-SG",
            "zh-CN",
            "zh-Hans-TW",
            "zh-MY",
        ] {
            assert_eq!(pick(&[tag]).0, "zh-CN", "{tag}");
        }
        assert_eq!(pick(&["zh"]), ("zh-CN".into(), false));
        assert_eq!(pick(&["zh-SG"]), ("zh-CN".into(), true));
    }

    #[test]
    fn extensions_and_chinese_languages() {
        assert_eq!(pick(&["zh-HK-u-nu-latn"]).0, "zh-TW");
        assert_eq!(pick(&["zh-Hant-HK-u-ca-chinese"]).0, "zh-TW");
        assert_eq!(pick(&["yue-HK"]).0, "zh-TW");
        assert_eq!(pick(&["yue"]).0, "zh-TW");
        assert_eq!(pick(&["cmn-Hant-TW"]).0, "zh-TW");
        assert_eq!(pick(&["cmn"]).0, "zh-CN");
        assert_eq!(pick(&["en-US-u-hc-h23"]), ("en".into(), false));
    }

    #[test]
    fn macau_falls_back_to_hong_kong_when_the_catalog_has_it() {
        let available = ["zh-CN", "zh-TW", "zh-HK", "en"].map(String::from);
        let n = negotiate(&["zh-MO"], &available, "zh-CN");
        assert_eq!((n.locale.as_str(), n.fallback), ("zh-HK", true));
        assert_eq!(negotiate(&["zh-HK"], &available, "zh-CN").locale, "zh-HK");
        assert_eq!(negotiate(&["zh-Hant"], &available, "zh-CN").locale, "zh-TW");
        assert_eq!(negotiate(&["yue-MO"], &available, "zh-CN").locale, "zh-HK");
    }

    #[test]
    fn english_and_others() {
        assert_eq!(pick(&["en-US"]), ("en".into(), false));
        assert_eq!(pick(&["en-GB"]), ("en".into(), true));
        assert_eq!(pick(&["fr-FR"]), ("zh-CN".into(), true));
        assert_eq!(pick(&["not a tag!"]), ("zh-CN".into(), true));
        assert_eq!(pick(&[] as &[&str]), ("zh-CN".into(), true));
    }

    #[test]
    fn preference_lists_take_the_first_tag_that_matches() {
        assert_eq!(pick(&["fr", "zh-HK", "en"]), ("zh-TW".into(), true));
        assert_eq!(pick(&["de", "en-US"]), ("en".into(), false));
    }
}
