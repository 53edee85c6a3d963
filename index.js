// The package entry point: the Node build of the WASM module plus renderBatch, the
// in-process batch API. Records cross into WASM as one byte chunk per call, not one
// JS object per record: that crossing, not rendering, is what costs on the JS side.
'use strict';

// The module that renders. The catalog compiler (`buildCatalog`) is a module of its own,
// pkg/build, loaded on its first call: most of the size of the two, which V8 would
// otherwise compile at every `require('tidings')` (issue 11's cold start).
const tidings = require('./pkg/node/tidings.js');

// Records per renderChunk call, and the bytes a call is cut before. One call takes at
// most RENDER_CALL_BYTES (MAX_CHUNK in src/wasm.rs); a record longer than that fails here.
const CHUNK_RECORDS = 2048;
const CHUNK_BYTES = 1 << 20;
const RENDER_CALL_BYTES = 16 << 20;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A record's JSON line, or `{ failed: reason }` when JSON cannot express it: not an
 * object, a throwing getter, Proxy trap or toJSON, a BigInt, a cycle. Those fail here,
 * in JS, with the same outcome shape as a failure from WASM; the record never reaches
 * WASM, so no JS-made annotation is needed.
 */
function toJsonLine(record) {
  try {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      return { failed: 'a record must be an object' };
    }
    return JSON.stringify(record) ?? { failed: 'the record has no JSON form', id: safeId(record) };
  } catch (e) {
    return { failed: `the record cannot be written as JSON: ${describe(e)}`, id: safeId(record) };
  }
}

/** What a thrown value says, without trusting it: its getters and toString may throw too. */
function describe(e) {
  try {
    return typeof e?.message === 'string' ? e.message : String(e);
  } catch {
    return 'an exception that cannot be described';
  }
}

/** The record's id if reading it is safe and it is a string or number; else null. */
function safeId(record) {
  try {
    const id = record.id;
    return typeof id === 'string' || typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

const OURS = new WeakSet();

/** A usage error of renderBatch, shaped like every tidings error. */
function usage(message) {
  const e = new TypeError(`renderBatch: ${message}`);
  OURS.add(e);
  e.name = 'TidingsError';
  e.code = 'invalid_input';
  e.reason = e.message;
  e.detail = `error[invalid_input]: ${e.message}`;
  return e;
}

/** `options.message` and `options.locale` of renderBatch (absent or null: none). */
function batchDefaults(options) {
  const defaults = {};
  if (options === undefined || options === null) return defaults;
  if (typeof options !== 'object' || Array.isArray(options)) throw usage('options must be an object');
  const { message, locale } = options;
  if (message !== undefined) defaults.message = message;
  if (locale !== undefined) defaults.locale = locale;
  return defaults;
}

/**
 * Renders many records; returns one outcome per record, in order. A bad record gives a
 * `failed` outcome with a reason and never throws for the whole batch. `renderChunk` is
 * the catalog's (the embedded one's, or a loaded catalog's).
 */
function renderBatchWith(renderChunk, records, options) {
  // A bad argument (not a bad record) is a usage error: thrown, with a code, and never
  // the caller's own exception from a Proxy trap or getter.
  let count;
  let defaults;
  try {
    if (!Array.isArray(records)) throw usage('records must be an array');
    count = records.length;
    defaults = batchDefaults(options);
  } catch (e) {
    // Only our own error passes through; whatever a trap threw (even one that looks
    // like ours) is the caller's and is wrapped.
    throw OURS.has(e) ? e : usage(`records or options cannot be read: ${describe(e)}`);
  }
  const outcomes = new Array(count);
  // The chunk being gathered: records from `start`. A record that fails in JS keeps its
  // place as a blank line, which WASM skips (it is not a record) while still counting
  // it, so line numbers in WASM's reasons hold.
  let start = 0;
  let lines = [];
  let positions = [];
  let bytes = 0;
  const render = (next) => {
    if (positions.length) {
      const result = renderChunk(encoder.encode(lines.join('\n')), start + 1, defaults);
      const text = decoder.decode(result.output);
      let from = 0;
      for (const i of positions) {
        const nl = text.indexOf('\n', from);
        const outcome = JSON.parse(text.slice(from, nl));
        // `line` is the record's position in `records`, 1-based (even if the record has a
        // `line` field, which the record format takes as the reader's line number).
        outcome.line = i + 1;
        outcomes[i] = outcome;
        from = nl + 1;
      }
    }
    start = next;
    lines = [];
    positions = [];
    bytes = 0;
  };
  for (let i = 0; i < count; i++) {
    let line;
    let record;
    try {
      record = records[i];
      line = toJsonLine(record);
    } catch (e) {
      // Reading records[i] itself threw (an array Proxy or an index getter).
      line = { failed: `the record cannot be read: ${describe(e)}` };
    }
    let size = typeof line === 'string' ? Buffer.byteLength(line) + 1 : 1;
    if (size > RENDER_CALL_BYTES) {
      line = { failed: `the record is ${size - 1} bytes as JSON; at most ${RENDER_CALL_BYTES} are rendered in one call`, id: safeId(record) };
      size = 1;
    }
    if (lines.length >= CHUNK_RECORDS || (lines.length && bytes + size > CHUNK_BYTES)) render(i);
    bytes += size;
    if (typeof line === 'string') {
      lines.push(line);
      positions.push(i);
    } else {
      lines.push('');
      outcomes[i] = { id: line.id ?? null, line: i + 1, status: 'failed', reason: { code: 'invalid_input', message: line.failed } };
    }
  }
  render(count);
  return outcomes;
}

function renderBatch(records, options) {
  return renderBatchWith(tidings.renderChunk, records, options);
}

/**
 * Checks and compiles a catalog folder (relative path → text) as `tidings build` does:
 * `{ ok: true, bytes, catalog }` or `{ ok: false, problems, report }`. The first call
 * loads the build module (pkg/build).
 */
function buildCatalog(files, folder) {
  return require('./pkg/build/tidings.js').buildCatalog(files, folder);
}

const { readSource } = require('./lib/catalog.cjs');

/**
 * A compiled catalog (what `tidings build` writes), from its bytes, a file path, a
 * `file:` URL or an `http(s):` URL. Resolves to a `Catalog` whose methods are the
 * package's functions over that catalog (`render`, `renderTemplate`, `renderBatch`,
 * `lint`, `messages`, `settings`, …); rejects with `invalid_catalog` for a file that is
 * not one. Call them as methods (`catalog.render(…)`); `catalog.free()` releases it.
 */
async function load(source) {
  const catalog = tidings.loadCatalog(await readSource(source));
  catalog.renderBatch = (records, options) =>
    renderBatchWith((...args) => catalog.renderChunk(...args), records, options);
  return catalog;
}

// `ready` is already resolved in Node: code shared with the browser entry (web.mjs),
// which must load its .wasm first, can `await ready` on either.
const ready = Promise.resolve();

// The embedded demo catalog as a Catalog, typed per message by pkg/demo.d.ts
// (`demo.render('welcome', 'en', { name, signUpTime })` checks the data's names and types).
const demo = tidings.embeddedCatalog();
demo.renderBatch = renderBatch;

module.exports = { ...tidings, buildCatalog, renderBatch, load, demo, ready };
