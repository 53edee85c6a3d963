// CSV input for `tidings render`: a header row names the fields; nested fields use dots
// (`data.amount.amount`, `preferences.channels.sms`); list cells are a JSON array or
// values separated by `|`; empty cells are absent. Each row becomes one JSON line that
// carries its CSV line number; a malformed row becomes a record that fails (never dropped).
//
// Where a row ends. A row is one physical line, unless a quoted cell is still open at
// the line's end. Then the row goes on over the next lines only if the cell's closing
// quote comes within QUOTED_LINES lines and --max-record-bytes, the row then has as many
// cells as the header, and none of the lines it would take is a complete row of its own.
// Otherwise the first line alone is a malformed row and the lines after it are read again
// as rows: a stray quote costs one row, never the rows after it, while a quoted cell that
// really spans lines stays one record. Blank lines (ASCII whitespace) are not rows; the
// header is the first row and is one line.
import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import { lineBatches, tooLongMessage, DEFAULT_MAX_RECORD_BYTES, RENDER_CALL_BYTES } from './lines.mjs';
import { DEFAULT_CHUNK_BYTES } from './pipeline.mjs';

const require = createRequire(import.meta.url);
const TOP = new Set(['id', 'message', 'locale', 'timeZone', 'channels', 'market', 'phone']);
const YES = new Set(['true', '1', 'yes', 'y', 'on']);
const NO = new Set(['false', '0', 'no', 'n', 'off']);
/** The most physical lines one quoted cell may span. */
const QUOTED_LINES = 100;
const BLANK = /^[ \t\f\r]*$/;

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

// Records are built from objects without a prototype, so a column such as
// `data.__proto__.x` is data (that the record check then refuses), never a write to
// Object.prototype; JSON.stringify writes them like any object.
function setPath(obj, path, value) {
  let o = obj;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i]] ??= Object.create(null);
  o[path[path.length - 1]] = value;
}

const UNKNOWN = (header) => `unknown column \`${header}\` (use id, message, locale, timeZone, channels, market, phone, data.*, preferences.*)`;

/** What each header cell names, worked out once per file: `{ header, path, head, rest }`. */
export function columns(header) {
  return header.map((h) => {
    const path = h.trim().split('.');
    const [head, ...rest] = path;
    const known = rest.length === 0 ? TOP.has(head) : head === 'preferences' || head === 'data';
    return { header: h, path, head, rest, known };
  });
}

/** One CSV row (its cells, in the order of `cols`) as a tidings record. */
export function rowToRecord(cells, cols, line, types, defaults = {}) {
  // An unknown column fails every row, not only the rows with a value in it.
  const unknown = cols.find((c) => !c.known);
  if (unknown) throw new Error(UNKNOWN(unknown.header));
  const record = Object.create(null);
  record['@line'] = line;
  // An empty `message` cell means "use --message", like an absent column.
  const messageAt = cols.findIndex((c) => c.head === 'message' && c.rest.length === 0);
  const message = (messageAt === -1 ? '' : cells[messageAt]) || defaults.message;
  cols.forEach(({ header, path, head, rest }, i) => {
    const cell = cells[i];
    if (cell === '') return;
    if (rest.length === 0) {
      const isList = head === 'channels' || (head === 'locale' && (cell.includes('|') || cell.trimStart().startsWith('[')));
      record[head] = isList ? list(cell) : cell;
    } else if (head === 'preferences') {
      setPath(record, path, bool(cell, header));
    } else {
      const variable = types.get(message)?.get(rest[0]);
      let value = cell;
      if (rest.length === 1 && variable?.type === 'list') value = list(cell);
      else if (rest.length === 1 && variable?.type === 'boolean') value = bool(cell, header);
      setPath(record, path, value);
    }
  });
  return record;
}

/**
 * Scans one physical line (without its "\n"; a trailing "\r" belongs to the line break)
 * into `st` = { cells, cell, open, error }, going on with a quoted cell left open by the
 * line before. Stops at the first malformed cell, with `st.error = { cell, quote }`.
 */
function scan(st, text) {
  const end = text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
  let i = 0;
  if (st.open) {
    i = quoted(st, text, 0, end);
    if (st.open || st.error || i >= end) return st;
    i++;
  }
  let quote = text.indexOf('"', i);
  for (;;) {
    if (i === quote) {
      i = quoted(st, text, i + 1, end);
      if (st.open || st.error) return st;
      quote = text.indexOf('"', i);
    } else {
      let comma = text.indexOf(',', i);
      if (comma === -1) comma = end;
      if (quote !== -1 && quote < comma) {
        st.error = { cell: st.cells.length + 1, quote: 'unquoted' };
        return st;
      }
      st.cells.push(text.slice(i, comma));
      i = comma;
    }
    if (i >= end) return st;
    i++;
  }
}

/** The rest of a quoted cell from `i`; returns where scanning goes on (a comma or the end). */
function quoted(st, text, i, end) {
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) {
      // Open at the line's end: the line break, as written, is part of the cell.
      st.cell += text.slice(i) + '\n';
      st.open = true;
      return text.length;
    }
    if (text.charCodeAt(q + 1) === 34) {
      st.cell += text.slice(i, q + 1);
      i = q + 2;
      continue;
    }
    st.cell += text.slice(i, q);
    st.open = false;
    if (q + 1 < end && text.charCodeAt(q + 1) !== 44) {
      st.error = { cell: st.cells.length + 1, quote: 'closing' };
      return q;
    }
    st.cells.push(st.cell);
    st.cell = '';
    return q + 1;
  }
}

const fresh = () => ({ cells: [], cell: '', open: false, error: null });

/**
 * Turns physical lines into rows by the rule at the top of this file. `emit` receives,
 * in input order, `{ line, cells }` for a row or `{ line, error, id }` for one that fails.
 */
class Rows {
  constructor(maxRecordBytes, emit) {
    this.max = maxRecordBytes;
    this.emit = emit;
    this.header = null;
    this.headerError = null;
    this.held = []; // lines of a row whose quoted cell is open, while it may still close
    this.st = null;
    this.bytes = 0;
  }
  /** One physical line: `{ text, no, utf8 }`. */
  line(l) {
    if (this.held.length) this.more(l);
    else this.start(l);
  }
  start(l) {
    if (BLANK.test(l.text)) return;
    if (this.headerError) return this.fail(l.no, this.headerError);
    const st = scan(fresh(), l.text);
    if (!this.header) return this.setHeader(l, st);
    if (st.open && !st.error) {
      this.held = [l];
      this.st = st;
      this.bytes = Buffer.byteLength(l.text);
      return;
    }
    this.finish([l], st);
  }
  more(l) {
    this.bytes += 1 + Buffer.byteLength(l.text);
    if (this.bytes > this.max) return this.release(`it would be over --max-record-bytes (${this.max} bytes)`, l);
    if (this.held.length >= QUOTED_LINES) return this.release(`a quoted cell may span at most ${QUOTED_LINES} lines`, l);
    if (this.isRow(l.text)) return this.release(`line ${l.no} is a complete row of its own`, l);
    scan(this.st, l.text);
    this.held.push(l);
    if (this.st.error) return this.release(`${this.problem(this.st.error)} on line ${l.no}`);
    if (this.st.open) return;
    const n = this.st.cells.length;
    if (n !== this.header.length) return this.release(`the row would have ${n} cells, the header has ${this.header.length}`);
    const held = this.held;
    this.held = [];
    this.finish(held, this.st);
  }
  /** Whether a line alone is a complete, well-formed row. */
  isRow(text) {
    if (BLANK.test(text)) return false;
    const st = scan(fresh(), text);
    return !st.error && !st.open && st.cells.length === this.header.length;
  }
  /**
   * The held lines are not one row: the first alone is a malformed row, and the lines
   * after it (then `next`, if any) are read again as rows of their own. At most
   * QUOTED_LINES lines are held, which bounds both the rereading and its recursion.
   */
  release(why, next) {
    const [first, ...rest] = this.held;
    this.held = [];
    this.st = null;
    this.fail(first.no, `malformed CSV row: a quoted cell is not closed on line ${first.no}, and the lines after it do not complete the row: ${why}`);
    for (const l of rest) this.line(l);
    if (next) this.line(next);
  }
  setHeader(l, st) {
    const at = `the CSV header (line ${l.no})`;
    if (!l.utf8) this.headerError = `${at} is not valid UTF-8`;
    else if (st.error) this.headerError = `${at} is malformed: ${this.problem(st.error)}`;
    else if (st.open) this.headerError = `${at} is malformed: a quoted cell is not closed on its line`;
    if (this.headerError) return;
    const names = st.cells.map((c) => c.trim());
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice !== undefined) this.headerError = `the CSV header names column \`${twice}\` twice`;
    this.header = st.cells;
  }
  finish(lines, st) {
    const no = lines[0].no;
    const bad = lines.find((l) => !l.utf8);
    if (bad) return this.fail(no, `malformed CSV row: line ${bad.no} is not valid UTF-8`);
    if (st.error) {
      const hint = st.error.quote === 'closing' ? ' (a quote inside a quoted cell is written "")' : '';
      return this.fail(no, `malformed CSV row: ${this.problem(st.error)}${hint}`);
    }
    if (st.cells.length !== this.header.length) {
      return this.fail(no, `malformed CSV row: ${st.cells.length} cells, the header has ${this.header.length}`);
    }
    this.emit({ line: no, cells: st.cells });
  }
  /** A scan error in words, naming the cell's column once the header is known. */
  problem({ cell, quote }) {
    const name = this.header?.[cell - 1]?.trim();
    const where = name === undefined ? `cell ${cell}` : `cell ${cell} (${name})`;
    return quote === 'unquoted' ? `a quote inside unquoted ${where}` : `a closing quote in ${where} is followed by other text`;
  }
  /** A physical line over --max-record-bytes, of which only `head` was kept. */
  long(no, size, head) {
    while (this.held.length) this.release(`line ${no} is over --max-record-bytes`);
    if (!this.header && !this.headerError) {
      this.headerError = `the CSV header (line ${no}) is over --max-record-bytes`;
      return;
    }
    if (this.headerError) return this.fail(no, this.headerError);
    // The id, when it is the first column and its cell is plain and whole in `head`.
    const text = head.toString('utf8');
    const comma = text.indexOf(',');
    const cell = comma === -1 ? '' : text.slice(0, comma);
    const plain = this.header[0].trim() === 'id' && cell !== '' && !/["\uFFFD]/.test(cell);
    this.fail(no, tooLongMessage(no, size, this.max), plain ? cell : null);
  }
  end() {
    while (this.held.length) this.release('the input ends first');
  }
  fail(line, error, id = null) {
    this.emit({ line, error, id });
  }
}

/** Chunks of JSON-line records (annotated with `@line`, `@error`) from a CSV byte stream. */
export async function* csvChunks(input, { defaults = {}, chunkBytes = DEFAULT_CHUNK_BYTES, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES } = {}) {
  const types = variableTypes();
  let records = []; // JSON lines of the next chunk
  let size = 0; // their bytes
  const ready = []; // chunks made while a batch of lines was read
  let bytesRead = 0;
  let from = 0; // the line of the chunk's first row
  let read = 0; // the last input line read
  let cols = null; // the header's columns, once it is read
  const rows = new Rows(maxRecordBytes, (row) => {
    let json;
    if (row.error !== undefined) {
      json = JSON.stringify({ id: row.id, '@line': row.line, '@error': row.error });
    } else {
      cols ??= columns(rows.header);
      try {
        json = JSON.stringify(rowToRecord(row.cells, cols, row.line, types, defaults));
      } catch (e) {
        const id = cols.findIndex((c) => c.head === 'id' && c.rest.length === 0);
        json = JSON.stringify({ id: id === -1 ? null : row.cells[id], '@line': row.line, '@error': e.message });
      }
    }
    let bytes = Buffer.byteLength(json) + 1;
    if (bytes > RENDER_CALL_BYTES) {
      // Within --max-record-bytes as CSV, but escapes (control characters are six bytes
      // in JSON) make it too long for a render call.
      json = JSON.stringify({ id: null, '@line': row.line, '@error': `line ${row.line}: the row is ${bytes} bytes as a JSON record, over the ${RENDER_CALL_BYTES} bytes a render call takes` });
      bytes = Buffer.byteLength(json) + 1;
    }
    if (size + bytes > chunkBytes && records.length) ready.push(chunk());
    if (records.length === 0) from = row.line;
    records.push(json);
    size += bytes;
  });
  const chunk = () => {
    const c = { bytes: Buffer.from(records.join('\n') + '\n'), firstLine: 1, lines: [from, read], bytesRead, annotated: true };
    records = [];
    size = 0;
    bytesRead = 0;
    return c;
  };
  for await (const b of lineBatches(input, { batchBytes: chunkBytes, maxLineBytes: maxRecordBytes })) {
    bytesRead += b.bytesRead;
    read = b.tooLong ? b.line : b.firstLine + b.lines - 1;
    if (b.tooLong) {
      rows.long(b.line, b.size, b.head);
    } else if (b.lines > 0) {
      const texts = b.bytes.toString('utf8').split('\n', b.lines);
      // Most inputs are UTF-8 throughout: one check per batch, then line by line.
      const utf8 = isUtf8(b.bytes) ? null : lineUtf8(b.bytes);
      // A byte-order mark starts the file, not its first cell.
      if (b.firstLine === 1 && texts[0].charCodeAt(0) === 0xfeff) texts[0] = texts[0].slice(1);
      texts.forEach((text, i) => rows.line({ text, no: b.firstLine + i, utf8: utf8 ? utf8[i] : true }));
    }
    yield* ready.splice(0);
  }
  rows.end();
  yield* ready.splice(0);
  if (records.length) yield chunk();
}

/** Whether each line of `bytes` is UTF-8. */
function lineUtf8(bytes) {
  const ok = [];
  let start = 0;
  for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, start)) {
    ok.push(isUtf8(bytes.subarray(start, nl)));
    start = nl + 1;
  }
  if (start < bytes.length) ok.push(isUtf8(bytes.subarray(start)));
  return ok;
}
