//! The catalog stage: its model, how a folder is read and checked (`load`, with the
//! `build` feature), how it is compiled and packed into a file (`pack`, `file`), and the
//! compiled catalog rendering works from (`compiled`; the demo catalog `build.rs`
//! embeds is one of them), and what it offers an editor (`schema`).

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
pub mod schema;
pub mod translations;

// `load`, `pack` and `file` name their neighbours as `super::…`, both here and in
// `build.rs` (where they are all at the crate root).
use crate::template::program;
#[cfg(feature = "build")]
use crate::template::{check, compile, suggest};
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

#[cfg(test)]
pub(crate) mod testing {
    //! The catalog the core's unit tests run on: `tests/catalogs/northwind`, a frozen copy
    //! of the demo catalog, built once per process. The engine's tests do not read
    //! `templates/`, so a fork that changes the demo catalog keeps them passing (the demo
    //! catalog's own tests are its snapshots and lint, in `tests/catalog.rs`).
    use super::CompiledCatalog;
    use super::model::Message;
    use std::sync::OnceLock;

    pub fn catalog() -> &'static CompiledCatalog {
        static CATALOG: OnceLock<CompiledCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let dir =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalogs/northwind");
            let (_, bytes) = super::pack::build(&super::load::Dir(dir))
                .unwrap_or_else(|p| panic!("{}", super::load::report("northwind", &p)));
            CompiledCatalog::from_bytes(&bytes).expect("the fixture loads")
        })
    }

    pub fn message(id: &str) -> Option<&'static Message> {
        catalog().message(id)
    }
}
