// The package entry point: the Node build of the WASM module plus renderBatch, the
// in-process batch API. Records cross into WASM as one byte chunk per call, not one
// JS object per record: that crossing, not rendering, is what costs on the JS side.
'use strict';

const tidings = require('./pkg/node/tidings.js');

const CHUNK_RECORDS = 2048;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One JSON line per record; a record JSON cannot express fails instead of throwing. */
function toJsonLine(record) {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return JSON.stringify({ id: null, '@error': 'a record must be an object' });
  }
  try {
    return JSON.stringify(record) ?? JSON.stringify({ id: null, '@error': 'the record has no JSON form' });
  } catch (e) {
    return JSON.stringify({ id: safeId(record), '@error': `the record cannot be written as JSON: ${e.message}` });
  }
}

function toJsonLines(records, start, end) {
  const lines = new Array(end - start);
  for (let i = start; i < end; i++) lines[i - start] = toJsonLine(records[i]);
  return lines.join('\n');
}

function safeId(record) {
  const id = record && typeof record === 'object' ? record.id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
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
  const outcomes = [];
  for (let start = 0; start < records.length; start += CHUNK_RECORDS) {
    const end = Math.min(start + CHUNK_RECORDS, records.length);
    const result = tidings.renderChunk(encoder.encode(toJsonLines(records, start, end)), start + 1, defaults);
    const text = decoder.decode(result.output);
    let from = 0;
    for (let i = start; i < end; i++) {
      const nl = text.indexOf('\n', from);
      const outcome = JSON.parse(text.slice(from, nl));
      // `line` is the record's position in `records`, 1-based (even if the record has a
      // `line` field, which the record format takes as the reader's line number).
      outcome.line = i + 1;
      outcomes.push(outcome);
      from = nl + 1;
    }
  }
  return outcomes;
}

module.exports = { ...tidings, renderBatch };
