//! A compiled catalog at run time: the model, programs, locale data and time zones read
//! from a compiled catalog file (checked: a file is input, not code), and per locale,
//! built on first use, the formatter and helper memo its renders share. The demo catalog
//! `build.rs` embeds is one of them; nothing here assumes it.

use super::file;
use super::model::MAX_ENUM_VALUES;
use super::model::{Catalog, Message};
use crate::error::{Error, ErrorKind};
use crate::format::{Formatter, LocaleData, Zones};
use crate::template::helpers::Memo;
use crate::template::program::LocalePrograms;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// The demo catalog (`templates/`), compiled by build.rs.
#[cfg(feature = "demo")]
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/catalog.tidings"));

/// A catalog ready to render: loaded from a compiled catalog file.
pub struct CompiledCatalog {
    pub model: Catalog,
    /// Locale → its programs' blob, decoded on the locale's first use: a process that
    /// renders one locale decodes only that one (most of the cost of reading a file).
    programs: std::collections::BTreeMap<String, LazyPrograms>,
    /// ICU4X data for exactly the catalog's locales, read once; each locale's formatter
    /// deserializes its part on first use.
    pub(crate) data: LocaleData,
    pub(crate) zones: Arc<Zones>,
    locales: Vec<(String, OnceLock<Result<LocaleState, String>>)>,
    /// Tells this catalog's entries apart in per-thread memos (an address could be reused).
    pub(crate) id: u64,
    /// Market id → its `texts` as the object `@market` reads.
    pub(crate) market_texts: std::collections::BTreeMap<String, serde_json::Value>,
}

/// A locale's programs: the blob from the file, and what it decodes to once read.
type LazyPrograms = (Vec<u8>, OnceLock<Result<LocalePrograms, String>>);

/// What renders of one locale share.
pub(crate) struct LocaleState {
    pub fmt: Formatter,
    pub memo: Memo,
}

impl std::fmt::Debug for CompiledCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompiledCatalog")
            .field("locales", &self.model.settings.locales)
            .field("messages", &self.model.messages.len())
            .finish()
    }
}

impl CompiledCatalog {
    /// The demo catalog built from `templates/` (decoded once, on first use).
    #[cfg(feature = "demo")]
    pub fn embedded() -> &'static CompiledCatalog {
        static CATALOG: OnceLock<CompiledCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            CompiledCatalog::from_bytes(EMBEDDED)
                .unwrap_or_else(|e| panic!("build.rs embeds a catalog this build reads: {e}"))
        })
    }

    /// Reads a compiled catalog file (`tidings build`'s output). A file of another
    /// format version, damaged, truncated or made by hand to hurt is refused with
    /// `invalid_catalog` and what is wrong; nothing in it can make a later call panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<CompiledCatalog, Error> {
        let invalid = |m: String| Error::new(ErrorKind::InvalidCatalog, m);
        let decoded = file::decode(bytes).map_err(invalid)?;
        let (mut model, programs) = (decoded.catalog, decoded.programs);
        // Files built before `source_locale` existed: the default locale, as the build says.
        let settings = &mut model.settings;
        settings
            .source_locale
            .get_or_insert_with(|| settings.default_locale.clone());
        let data = LocaleData::from_blob(decoded.locale_data)
            .map_err(|e| invalid(format!("the file is damaged: {e}")))?;
        let declared = model.settings.time_zones.clone();
        let zones = Zones::new(decoded.time_zones, declared)
            .map_err(|e| invalid(format!("the file is damaged: {e}")))?;
        check(&model, &programs, &zones).map_err(invalid)?;
        let programs = programs
            .into_iter()
            .map(|(locale, bytes)| (locale, (bytes, OnceLock::new())))
            .collect();
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let market_texts = model
            .settings
            .markets
            .iter()
            .map(|(id, m)| {
                let texts = m.texts.iter().map(|(k, v)| (k.clone(), v.clone().into()));
                (id.clone(), serde_json::Value::Object(texts.collect()))
            })
            .collect();
        Ok(CompiledCatalog {
            market_texts,
            locales: model
                .settings
                .locales
                .iter()
                .map(|l| (l.clone(), OnceLock::new()))
                .collect(),
            model,
            programs,
            data,
            zones: Arc::new(zones),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// A catalog locale's programs, decoded on first use; `None` for a locale without
    /// programs, `invalid_catalog` when its blob is damaged.
    pub(crate) fn locale_programs(&self, locale: &str) -> Option<Result<&LocalePrograms, Error>> {
        let (bytes, cell) = self.programs.get(locale)?;
        Some(
            cell.get_or_init(|| file::decode_locale(bytes))
                .as_ref()
                .map_err(|e| Error::new(ErrorKind::InvalidCatalog, e.clone())),
        )
    }

    /// A message by id.
    pub fn message(&self, id: &str) -> Option<&Message> {
        self.model.messages.iter().find(|m| m.id == id)
    }

    /// A catalog locale's shared state, built on first use (a process that renders only
    /// zh-CN never builds the other locales' formatters). `None` for a locale the
    /// catalog does not have. The file carries data for every catalog locale, so a
    /// formatter that cannot be built means a damaged file: `invalid_catalog`.
    pub(crate) fn locale_state(&self, locale: &str) -> Option<Result<&LocaleState, Error>> {
        let (name, cell) = self.locales.iter().find(|(l, _)| l == locale)?;
        let state = cell.get_or_init(|| {
            Formatter::new(
                &self.data,
                self.zones.clone(),
                name,
                &self.model.settings.currencies,
            )
            .map(|fmt| LocaleState {
                fmt,
                memo: Memo::default(),
            })
            .map_err(|e| e.to_string())
        });
        Some(
            state
                .as_ref()
                .map_err(|e| Error::new(ErrorKind::InvalidCatalog, e.clone()).with_locale(name)),
        )
    }
}

/// What the runtime relies on in a catalog it did not build: settings it can use, and
/// programs only for the catalog's own locales and messages.
fn check(
    model: &Catalog,
    programs: &std::collections::BTreeMap<String, Vec<u8>>,
    zones: &Zones,
) -> Result<(), String> {
    let settings = &model.settings;
    if settings.locales.is_empty() {
        return Err("the catalog has no locales".into());
    }
    for locale in &settings.locales {
        if crate::locale::parse(locale).is_none() {
            return Err(format!(
                "locale `{}` is not a BCP 47 tag",
                crate::error::clip(locale, 40)
            ));
        }
    }
    if !settings.locales.contains(&settings.default_locale) {
        return Err("the default locale is not one of the catalog's locales".into());
    }
    if !settings
        .locales
        .iter()
        .any(|l| l == settings.source_locale())
    {
        return Err("the source locale is not one of the catalog's locales".into());
    }
    if !zones.has(&settings.default_time_zone) {
        return Err(format!(
            "the default time zone `{}` is not one of the catalog's zones",
            crate::error::clip(&settings.default_time_zone, 40)
        ));
    }
    for message in &model.messages {
        // What `load` refuses, a file made by hand may still hold: the worst-case search
        // tries every enum value, so thousands would make `lint` take seconds.
        let many_values = message.variables.iter().any(|v| {
            v.values
                .as_ref()
                .is_some_and(|vs| vs.len() > MAX_ENUM_VALUES)
        });
        if many_values {
            return Err(format!(
                "message `{}` has an enum of more than {MAX_ENUM_VALUES} values",
                crate::error::clip(&message.id, 60)
            ));
        }
        if !settings.categories.contains_key(&message.category) {
            return Err(format!(
                "message `{}` has an undeclared category",
                crate::error::clip(&message.id, 60)
            ));
        }
    }
    if !programs.keys().all(|l| settings.locales.contains(l)) {
        return Err("the programs name a locale the catalog does not have".into());
    }
    Ok(())
}
