//! The catalog stage: its model, how a folder is read and checked (`load`, with the
//! `build` feature), how it is compiled and packed into a file (`pack`, `file`), and the
//! compiled catalog rendering works from (`compiled`; the demo catalog `build.rs`
//! embeds is one of them).

pub mod compiled;
#[cfg(feature = "build")]
pub mod data;
pub mod file;
#[cfg(feature = "build")]
pub mod load;
pub mod model;
#[cfg(feature = "build")]
pub mod pack;
pub mod parts;

// `load`, `pack` and `file` name their neighbours as `super::…`, both here and in
// `build.rs` (where they are all at the crate root).
use crate::template::program;
#[cfg(feature = "build")]
use crate::template::{check, compile};
#[cfg(feature = "build")]
use crate::{error, location};

pub use compiled::CompiledCatalog;

/// The embedded demo catalog's model.
#[cfg(feature = "demo")]
pub fn catalog() -> &'static model::Catalog {
    &CompiledCatalog::embedded().model
}

/// A message of the embedded catalog by id.
#[cfg(feature = "demo")]
pub fn message(id: &str) -> Option<&'static model::Message> {
    CompiledCatalog::embedded().message(id)
}
