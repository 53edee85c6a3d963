// The package entry point: the Node build of the WASM module plus renderBatch, the
// in-process batch API. Records cross into WASM as one byte chunk per call, not one
// JS object per record: that crossing, not rendering, is what costs on the JS side.
'use strict';

const tidings = require('./pkg/node/tidings.js');

const CHUNK_RECORDS = 2048;
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

/**
 * Renders many records; returns one outcome per record, in order. A bad record gives a
 * `failed` outcome with a reason and never throws for the whole batch.
 */
function renderBatch(records, options = {}) {
  if (!Array.isArray(records)) throw new TypeError('renderBatch: records must be an array');
  const defaults = {};
  if (options.message !== undefined) defaults.message = options.message;
  if (options.locale !== undefined) defaults.locale = options.locale;
  const outcomes = new Array(records.length);
  for (let start = 0; start < records.length; start += CHUNK_RECORDS) {
    const end = Math.min(start + CHUNK_RECORDS, records.length);
    // A record that fails in JS keeps its place as a blank line, which WASM skips (it is
    // not a record) while still counting it, so line numbers in WASM's reasons hold.
    const lines = new Array(end - start);
    const positions = [];
    for (let i = start; i < end; i++) {
      let line;
      try {
        line = toJsonLine(records[i]);
      } catch (e) {
        // Reading records[i] itself threw (an array Proxy or an index getter).
        line = { failed: `the record cannot be read: ${describe(e)}` };
      }
      if (typeof line === 'string') {
        lines[i - start] = line;
        positions.push(i);
      } else {
        lines[i - start] = '';
        outcomes[i] = { id: line.id ?? null, line: i + 1, status: 'failed', reason: { code: 'invalid_input', message: line.failed } };
      }
    }
    if (positions.length === 0) continue;
    const result = tidings.renderChunk(encoder.encode(lines.join('\n')), start + 1, defaults);
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
  return outcomes;
}

module.exports = { ...tidings, renderBatch };
