//! tidings: localized message templates rendered identically in Rust, Node and the
//! browser. This file is the public API; each module owns one thing. The JS binding
//! is a crate of its own (`bindings/wasm`), so Rust users get no wasm-bindgen.

// `Error` carries every location field a user needs; it is returned only on the cold
// path, so its size is not worth boxing it for.
#![allow(clippy::result_large_err)]

// ICU4X's data macros (src/catalog/data.rs) name `alloc::` paths.
#[cfg(feature = "build")]
extern crate alloc;

mod batch;
mod catalog;
mod channel;
mod data_locale;
mod error;
mod format;
mod lint;
mod locale;
mod location;
mod mask;
mod render;
mod safe;
mod template;
mod untrusted;
mod validate;

#[cfg(feature = "demo")]
pub use batch::render_jsonl;
pub use batch::{BatchDefaults, BatchStats};
pub use catalog::CompiledCatalog;
pub use catalog::file::MAX_FILE_LEN as MAX_CATALOG_FILE_LEN;
#[cfg(feature = "build")]
pub use catalog::load::{Dir, Files, Problem, report};
pub use catalog::model::Catalog;
pub use catalog::model::{
    CategoryRules, Channel, Charset, LinkRules, MarketRules, Message, Part, PushRules, Settings,
    SmsRules, VarType, Variable,
};
#[cfg(feature = "build")]
pub use catalog::pack::build as build_catalog;
pub use catalog::parts::{join as join_parts, split as split_parts};
pub use catalog::schema::Schema;
pub use catalog::translations::source_hash;
#[cfg(feature = "demo")]
pub use catalog::{catalog, message};
pub use channel::bounds::{SmsBounds, push_title_max, sms_bounds};
pub use channel::market::{Route, market_of_phone};
pub use channel::sms::{Encoding, SmsInfo, SmsPart, sms_info, sms_parts};
pub use error::{Error, ErrorKind, MAX_MESSAGE_CHARS, clip};
pub use lint::{Diagnostic, Severity};
#[cfg(feature = "demo")]
pub use lint::{lint, lint_source};
pub use locale::Negotiated;
pub use render::{
    Channels, Email, Escape, LocaleRequest, MessageInfo, RenderOptions, Rendered, Sms,
    TemplateOptions, TitleBody, Warning,
};
#[cfg(feature = "demo")]
pub use render::{messages, negotiate_locale, render, render_template};
pub use template::precheck::{MAX_BLOCK_TAGS, MAX_SOURCE_LEN, MAX_SUBEXPRESSION_DEPTH};
