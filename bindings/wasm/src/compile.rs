//! `buildCatalog` (the Node module only: feature `build`): checks and compiles a catalog
//! folder, read by the JS CLI into a map of relative paths to texts, exactly as
//! `build.rs` does for `templates/`.

use crate::args::{self, *};
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[derive(Serialize)]
#[serde(rename_all = "camelCase", untagged)]
enum Built<'a> {
    Ok {
        ok: bool,
        /// Message ids, variables and settings, for the generated `.d.ts`.
        catalog: &'a tidings::Catalog,
    },
    Failed {
        ok: bool,
        problems: &'a [tidings::Problem],
        /// `<folder>/<file>:<line>:<column>: error[code]: message` lines with excerpts,
        /// as `cargo build` prints them.
        report: String,
    },
}

/// Checks and compiles the catalog in `files` (relative path → text, `/`-separated);
/// `folder` is how problems name its root (`templates`). Returns `{ ok: true, bytes,
/// catalog }` or `{ ok: false, problems, report }`; throws only for bad arguments.
#[wasm_bindgen(js_name = buildCatalog, unchecked_return_type = "BuildResult")]
pub fn build_catalog(
    #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] folder: JsValue,
) -> Result<JsValue, JsValue> {
    let files: BTreeMap<String, String> = args::object("files", &files)?;
    let folder = args::text("folder", &folder, MAX_NAME)?;
    match tidings::build_catalog(&files) {
        Ok((catalog, bytes)) => {
            let result = output(&Built::Ok {
                ok: true,
                catalog: &catalog,
            })?;
            js_sys::Reflect::set(
                &result,
                &"bytes".into(),
                &js_sys::Uint8Array::from(bytes.as_slice()).into(),
            )?;
            Ok(result)
        }
        Err(problems) => output(&Built::Failed {
            ok: false,
            problems: &problems,
            report: tidings::report(&folder, &problems),
        }),
    }
}
