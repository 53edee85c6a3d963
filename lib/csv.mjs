// CSV input for `tidings render`: a header row names the fields; nested fields use dots
// (`data.amount.amount`, `preferences.channels.sms`); list cells are a JSON array or
// values separated by `|`; empty cells are absent. Each row becomes one JSON line that
// carries its CSV line number; a malformed row becomes a record that fails (never dropped).
import { parse } from 'csv-parse';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TOP = new Set(['id', 'message', 'locale', 'timeZone', 'channels']);
const YES = new Set(['true', '1', 'yes', 'y', 'on']);
const NO = new Set(['false', '0', 'no', 'n', 'off']);

/** Declared variable types per message, for turning cells into typed values. */
function variableTypes() {
  const { messages } = require('../pkg/node/tidings.js');
  const types = new Map();
  for (const m of messages()) types.set(m.id, new Map(m.variables.map((v) => [v.name, v])));
  return types;
}

function list(cell) {
  if (cell.startsWith('[')) {
    try { return JSON.parse(cell); } catch { /* fall through to `|` */ }
  }
  return cell.split('|').map((s) => s.trim());
}

function bool(cell, where) {
  const v = cell.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw new Error(`${where}: \`${cell}\` is not true or false`);
}

function setPath(obj, path, value) {
  let o = obj;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i]] ??= {};
  o[path[path.length - 1]] = value;
}

/** One CSV row (header → cell) as a tidings record. */
export function rowToRecord(row, line, types, defaults = {}) {
  const record = { line };
  for (const [header, cell] of Object.entries(row)) {
    if (cell === '' || cell === undefined) continue;
    const path = header.trim().split('.');
    const [head, ...rest] = path;
    if (TOP.has(head) && rest.length === 0) {
      record[head] = head === 'channels' || (head === 'locale' && cell.includes('|')) ? list(cell) : cell;
    } else if (head === 'preferences' && rest.length > 0) {
      setPath(record, path, bool(cell, header));
    } else if (head === 'data' && rest.length > 0) {
      const message = record.message ?? row.message ?? defaults.message;
      const variable = types.get(message)?.get(rest[0]);
      let value = cell;
      if (rest.length === 1 && variable?.type === 'list') value = list(cell);
      else if (rest.length === 1 && variable?.type === 'boolean') value = bool(cell, header);
      setPath(record, path, value);
    } else {
      throw new Error(`unknown column \`${header}\` (use id, message, locale, timeZone, channels, data.*, preferences.*)`);
    }
  }
  return record;
}

/** Chunks of JSON-line records from a CSV byte stream. */
export async function* csvChunks(input, { defaults = {}, chunkRecords = 2048 } = {}) {
  const types = variableTypes();
  const parser = parse({ columns: true, bom: true, info: true, skip_empty_lines: true, skip_records_with_error: true });
  const skipped = [];
  parser.on('skip', (err) => skipped.push(err));
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let lines = [];
  let bytesRead = 0;
  const flush = () => {
    const bytes = Buffer.from(lines.join('\n') + '\n');
    lines = [];
    return { bytes, firstLine: 1, bytesRead: 0 };
  };
  const failed = (err) => JSON.stringify({ id: null, line: err.lines ?? null, error: `malformed CSV row: ${err.message}` });
  for await (const { record, info } of parser) {
    // Malformed rows before this one keep their place in the output.
    while (skipped.length) lines.push(failed(skipped.shift()));
    let line;
    try {
      line = JSON.stringify(rowToRecord(record, info.lines, types, defaults));
    } catch (e) {
      line = JSON.stringify({ id: record.id ?? null, line: info.lines, error: e.message });
    }
    lines.push(line);
    if (lines.length >= chunkRecords) {
      const chunk = flush();
      chunk.bytesRead = parser.info.bytes - bytesRead;
      bytesRead = parser.info.bytes;
      yield chunk;
    }
  }
  while (skipped.length) lines.push(failed(skipped.shift()));
  if (lines.length) {
    const chunk = flush();
    chunk.bytesRead = parser.info.bytes - bytesRead;
    yield chunk;
  }
}
