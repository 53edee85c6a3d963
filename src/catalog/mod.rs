//! The catalog `build.rs` validated and embedded: settings, messages, templates.

pub mod model;
pub mod parts;

use model::{Catalog, Message};
use std::sync::OnceLock;

static EMBEDDED: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));
static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// The embedded catalog (parsed once, on first use).
pub fn catalog() -> &'static Catalog {
    CATALOG.get_or_init(|| {
        serde_json::from_str(EMBEDDED).expect("build.rs embeds a catalog it has validated")
    })
}

/// A message by id.
pub fn message(id: &str) -> Option<&'static Message> {
    catalog().messages.iter().find(|m| m.id == id)
}
