//! tidings: localized message templates rendered identically in Rust, Node and the
//! browser. This file is the public API; each module owns one thing.

// `Error` carries every location field a user needs; it is returned only on the cold
// path, so its size is not worth boxing it for.
#![allow(clippy::result_large_err)]

mod catalog;
mod engine;
mod error;
mod format;
mod helpers;
mod locale;
mod mask;
mod render;
mod validate;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use catalog::model::Catalog;
pub use catalog::model::{Category, Channel, Message, Part, Settings, VarType, Variable};
pub use catalog::parts::{join as join_parts, split as split_parts};
pub use catalog::{catalog, message};
pub use error::{Error, ErrorKind};
pub use locale::Negotiated;
pub use render::{
    Channels, Email, Escape, LocaleRequest, MessageInfo, RenderOptions, Rendered, Sms,
    TemplateOptions, TitleBody, Warning, messages, negotiate_locale, render, render_template,
};
