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
  path.forEach((key, i) => {
    const last = i === path.length - 1;
    // Defined, not assigned: a column such as `data.__proto__.x` is data (that the record
    // check then refuses), never a write to Object.prototype.
    if (last || !Object.hasOwn(o, key)) {
      Object.defineProperty(o, key, { value: last ? value : {}, enumerable: true, writable: true, configurable: true });
    }
    o = o[key];
  });
}

/** One CSV row (header → cell) as a tidings record. */
export function rowToRecord(row, line, types, defaults = {}) {
  const record = { '@line': line };
  for (const [header, cell] of Object.entries(row)) {
    const path = header.trim().split('.');
    const [head, ...rest] = path;
    const known = rest.length === 0 ? TOP.has(head) : head === 'preferences' || head === 'data';
    // An unknown column fails every row, not only the rows with a value in it.
    if (!known) throw new Error(`unknown column \`${header}\` (use id, message, locale, timeZone, channels, data.*, preferences.*)`);
    if (cell === '' || cell === undefined) continue;
    if (TOP.has(head) && rest.length === 0) {
      const isList = head === 'channels' || (head === 'locale' && (cell.includes('|') || cell.trimStart().startsWith('[')));
      record[head] = isList ? list(cell) : cell;
    } else if (head === 'preferences' && rest.length > 0) {
      setPath(record, path, bool(cell, header));
    } else if (head === 'data' && rest.length > 0) {
      // An empty `message` cell means "use --message", like an absent column.
      const message = record.message || row.message || defaults.message;
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
  const failed = (err, line) => JSON.stringify({ id: null, '@line': line, '@error': `malformed CSV row: ${err.message}` });
  // Both hooks run while csv-parse parses, in input order, which may be well ahead of the
  // rows this loop has taken: a malformed row rides along with the next good row, so it
  // keeps its place in the output.
  let pending = [];
  let badRecord = null;
  // csv-parse counts a CRLF inside a quoted cell as two lines and numbers a record by its
  // last line; a record's line here is its first line.
  let extraLines = 0;
  const firstLine = (lines, raw = '') => {
    const inner = raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
    extraLines += inner.split('\r\n').length - 1;
    return lines - extraLines - (inner.split('\n').length - 1);
  };
  const parser = parse({
    columns: true, bom: true, info: true, raw: true, skip_empty_lines: true, skip_records_with_error: true,
    on_skip: (err, raw) => {
      // csv-parse stays inside the quotes after a bad closing quote, swallowing every later
      // row into this one; end the bad row at its line break instead.
      if (err.code === 'CSV_INVALID_CLOSING_QUOTE') parser.state.quoting = false;
      // One failed record per malformed row, however many errors it has.
      if (parser.state.record === badRecord) return;
      badRecord = parser.state.record;
      pending.push(failed(err, firstLine(err.lines, raw)));
    },
    on_record: ({ record, info, raw }) => {
      const before = pending;
      pending = [];
      return { record, line: firstLine(info.lines, raw), before };
    },
  });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let lines = [];
  let bytesRead = 0;
  const flush = () => {
    const bytes = Buffer.from(lines.join('\n') + '\n');
    lines = [];
    return { bytes, firstLine: 1, bytesRead: 0, annotated: true };
  };
  for await (const { record, line: at, before } of parser) {
    for (const f of before) lines.push(f);
    let line;
    try {
      line = JSON.stringify(rowToRecord(record, at, types, defaults));
    } catch (e) {
      line = JSON.stringify({ id: record.id ?? null, '@line': at, '@error': e.message });
    }
    lines.push(line);
    if (lines.length >= chunkRecords) {
      const chunk = flush();
      chunk.bytesRead = parser.info.bytes - bytesRead;
      bytesRead = parser.info.bytes;
      yield chunk;
    }
  }
  for (const f of pending) lines.push(f);
  if (lines.length) {
    const chunk = flush();
    chunk.bytesRead = parser.info.bytes - bytesRead;
    yield chunk;
  }
}
