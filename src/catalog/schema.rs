//! What a catalog offers a template author, as one value an editor reads (`schema()`):
//! its locales, currencies, categories and markets, the channels with their parts, the
//! helpers with their signatures, the partials and the variable types. Each is read from
//! the place that defines it (settings, `Channel::parts`, `check::HELPERS`), not restated.

use super::CompiledCatalog;
use super::model::{Channel, VarType, part_is_html};
use crate::template::check::HELPERS;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub locales: Vec<String>,
    pub default_locale: String,
    /// The locale translations are made from.
    pub source_locale: String,
    pub default_time_zone: String,
    pub currencies: Vec<String>,
    pub categories: Vec<String>,
    /// The destination markets' ids (`[catalog.markets]`), empty without markets.
    pub markets: Vec<String>,
    pub channels: Vec<ChannelSchema>,
    pub helpers: Vec<HelperSchema>,
    /// The catalog's partials, by name (`{{> name}}`).
    pub partials: Vec<String>,
    pub variable_types: Vec<&'static str>,
    /// Locale → the app's name as customers see it (`app_name`), for previews.
    pub app_name: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChannelSchema {
    pub name: &'static str,
    /// In file order.
    pub parts: Vec<PartSchema>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartSchema {
    pub name: &'static str,
    /// HTML: values escaped, `{{{raw}}}` refused.
    pub html: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HelperSchema {
    pub name: &'static str,
    /// The kinds of its positional parameters, in order.
    pub params: Vec<&'static str>,
    /// More parameters of the last kind are accepted (`and`, `or`).
    pub variadic: bool,
    /// The `key=value` options it takes.
    pub hash: Vec<&'static str>,
    /// Used as a block (`{{#name …}}…{{/name}}`).
    pub block: bool,
}

impl CompiledCatalog {
    /// The catalog's vocabulary for editors and tools.
    pub fn schema(&self) -> Schema {
        let settings = &self.model.settings;
        Schema {
            locales: settings.locales.clone(),
            default_locale: settings.default_locale.clone(),
            source_locale: settings
                .source_locale
                .clone()
                .unwrap_or_else(|| settings.default_locale.clone()),
            default_time_zone: settings.default_time_zone.clone(),
            currencies: settings.currencies.clone(),
            categories: settings.categories.keys().cloned().collect(),
            markets: settings.markets.keys().cloned().collect(),
            channels: Channel::ALL
                .into_iter()
                .map(|c| ChannelSchema {
                    name: c.as_str(),
                    parts: c
                        .parts()
                        .iter()
                        .map(|&name| PartSchema {
                            name,
                            html: part_is_html(name),
                        })
                        .collect(),
                })
                .collect(),
            helpers: HELPERS
                .iter()
                .map(|h| HelperSchema {
                    name: h.name,
                    params: h.params.iter().map(|a| a.as_str()).collect(),
                    variadic: h.variadic,
                    hash: h.hash.to_vec(),
                    block: h.block,
                })
                .collect(),
            partials: self.model.partials.keys().cloned().collect(),
            variable_types: VarType::ALL.iter().map(|t| t.as_str()).collect(),
            app_name: settings.app_name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_reads_the_catalog_and_the_engine() {
        let catalog = crate::catalog::testing::catalog();
        let schema = catalog.schema();
        assert_eq!(schema.locales, catalog.model.settings.locales);
        assert_eq!(schema.partials, vec!["antifraud".to_string()]);
        let parts: Vec<&str> = schema
            .channels
            .iter()
            .flat_map(|c| c.parts.iter().map(|p| p.name))
            .collect();
        assert_eq!(
            parts,
            [
                "sms",
                "push.title",
                "push.body",
                "email.subject",
                "email.html",
                "email.text",
                "inApp.title",
                "inApp.body"
            ]
        );
        let html: Vec<&str> = schema
            .channels
            .iter()
            .flat_map(|c| c.parts.iter().filter(|p| p.html).map(|p| p.name))
            .collect();
        assert_eq!(html, ["email.html"]);
        // Every helper the checker knows, with its signature as the checker checks it.
        assert_eq!(schema.helpers.len(), HELPERS.len());
        let money = schema.helpers.iter().find(|h| h.name == "money").unwrap();
        assert_eq!(
            (money.params.as_slice(), money.block),
            (&["money"][..], false)
        );
        let each = schema.helpers.iter().find(|h| h.name == "each").unwrap();
        assert!(each.block);
        let number = schema.helpers.iter().find(|h| h.name == "number").unwrap();
        assert_eq!(number.hash, ["decimals"]);
        assert_eq!(schema.variable_types.len(), 8);
    }
}
