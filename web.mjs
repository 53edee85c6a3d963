// The package's entry for browsers and bundlers (Vite, webpack, esbuild, Rollup): the
// web build of the WASM module. Its `.wasm` is loaded through
// `new URL('tidings_bg.wasm', import.meta.url)` inside pkg/web/tidings.js, which
// bundlers recognise and emit as an asset. Loading starts on import; `await ready`
// before the first call (in a page or a module Web Worker alike).
//
// The demo catalog behind the top-level functions is not in the web module (it carries
// its own locale and time zone data, most of the module's size if embedded): it is
// pkg/web/demo.tidings, fetched through `new URL(…, import.meta.url)` too, so bundlers
// emit it as an asset beside the `.wasm`.
import init, * as wasm from './pkg/web/tidings.js';

let loaded = false;

function loadError(what, e) {
  const error = new Error(`tidings: ${what}`, { cause: e });
  error.name = 'TidingsError';
  error.code = 'invalid_catalog';
  error.reason = error.message;
  error.detail = `error[invalid_catalog]: ${error.message}`;
  return error;
}

/** The bytes at `url` (`what` names them in errors: `invalid_catalog`, with the cause). */
async function fetchCatalog(url, what) {
  const response = await fetch(url).catch((e) => {
    throw loadError(`${what} ${url} could not be fetched: ${e.message}`, e);
  });
  if (!response.ok) throw loadError(`${what} ${url} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

const demoCatalog = () => fetchCatalog(new URL('./pkg/web/demo.tidings', import.meta.url), 'the demo catalog');

/**
 * Resolves once the module and its demo catalog are ready; rejects if the `.wasm` or
 * pkg/web/demo.tidings cannot be loaded.
 */
export const ready = Promise.all([init(), demoCatalog()]).then(([, demo]) => {
  wasm.useDemoCatalog(demo);
  loaded = true;
});

function notReady(name) {
  const e = new Error(`tidings: \`${name}()\` was called before the module was ready; \`await ready\` first`);
  e.name = 'TidingsError';
  e.code = 'not_ready';
  e.reason = e.message;
  e.detail = `error[not_ready]: ${e.message}`;
  return e;
}

// Each export checks that the module has loaded, so an early call gets a clear error
// with a code instead of a TypeError from inside wasm-bindgen's glue.
const guard = (name) => (...args) => {
  if (!loaded) throw notReady(name);
  return wasm[name](...args);
};

export const messages = guard('messages');
export const schema = guard('schema');
export const render = guard('render');
export const renderTemplate = guard('renderTemplate');
export const negotiateLocale = guard('negotiateLocale');
export const smsInfo = guard('smsInfo');
export const smsBounds = guard('smsBounds');
export const lint = guard('lint');
export const lintSource = guard('lintSource');
export const renderChunk = guard('renderChunk');

/**
 * A compiled catalog (what `tidings build` writes) from its bytes or a URL (fetched;
 * a relative URL is resolved against the page). Waits for the module; resolves to a
 * `Catalog` whose methods are this module's functions over that catalog
 * (`catalog.render(…)`); rejects with `invalid_catalog` for a file that is not one.
 */
export async function load(source) {
  await ready;
  let bytes = source;
  if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (typeof source === 'string' || source instanceof URL || typeof source?.href === 'string') {
    bytes = await fetchCatalog(typeof source === 'string' ? source : source.href, 'load: the catalog');
  }
  return wasm.loadCatalog(bytes);
}

export default {
  ready, load, messages, schema, render, renderTemplate, negotiateLocale, smsInfo, smsBounds, lint, lintSource, renderChunk,
};
