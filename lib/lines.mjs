// Physical lines from a byte stream, in batches of whole lines, for both readers (JSON
// Lines and CSV). Linear in the input however long a line is: each byte is looked at
// once and copied once into its batch. A line over the record-size limit is never held:
// only its line number, its size and its first bytes are kept, so one huge line costs
// neither memory nor time in WASM.

export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;
/** The most bytes one renderChunk call takes (MAX_CHUNK in src/wasm.rs). */
export const RENDER_CALL_BYTES = 16 << 20;
/** The most `--max-record-bytes` may be: a chunk holding one such record stays well within a render call. */
export const MAX_RECORD_BYTES_LIMIT = RENDER_CALL_BYTES / 2;
/** Bytes kept from the start of an over-long line (enough to find its id). */
const HEAD_BYTES = 4096;

/** Why a record over the size limit failed (both readers). */
export function tooLongMessage(line, size, limit) {
  return `line ${line} is ${size} bytes, over the limit of ${limit} bytes for one record (--max-record-bytes)`;
}

/**
 * Yields, in input order:
 * - `{ bytes, firstLine, lines, bytesRead }`: whole lines, each ending in "\n" except the
 *   input's last line; at most `batchBytes` unless a single line is longer;
 * - `{ tooLong: true, line, size, head, bytesRead }`: one line whose bytes before its
 *   "\n" number more than `maxLineBytes`; `head` is its first bytes. Such a line that is
 *   whitespace only is left out, like any blank line: it is not a record.
 * `bytesRead` counts the input bytes consumed since the previous item.
 */
export async function* lineBatches(input, { batchBytes, maxLineBytes = DEFAULT_MAX_RECORD_BYTES }) {
  let parts = []; // pieces of whole lines for the next batch
  let partsSize = 0;
  let firstLine = 1; // number of the first line in `parts`
  let line = 1; // number of the line being read
  let open = []; // pieces of the line being read, while it is within the limit
  let openSize = 0; // bytes of the line being read so far
  let head = null; // first bytes of the line being read, once it is over the limit
  let blank = false; // whether that line is whitespace so far (then it is not a record)
  let bytesRead = 0;

  const batch = () => {
    const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, partsSize);
    const item = { bytes, firstLine, lines: line - firstLine, bytesRead };
    parts = [];
    partsSize = 0;
    firstLine = line;
    bytesRead = 0;
    return item;
  };
  const tooLong = (size) => {
    const item = { tooLong: true, line, size, head, bytesRead };
    bytesRead = 0;
    return item;
  };
  // Notes `seg`, the latest bytes of the line being read, once that line is over the limit.
  const over = (seg) => {
    if (head === null) {
      blank = open.every(allBlank) && allBlank(seg);
      head = Buffer.concat([...open, seg.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
      open = [];
    } else {
      if (blank) blank = allBlank(seg);
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, seg.subarray(0, HEAD_BYTES - head.length)]);
    }
  };

  for await (const piece of input) {
    const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    bytesRead += buf.length;
    let start = 0; // where the line being read starts in `buf` (0 if it began earlier)
    let taken = 0; // bytes of `buf` before this are in `parts` or dropped
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, nl + 1)) {
      const size = openSize + nl - start;
      if (head !== null || size > maxLineBytes) {
        // The lines before it go out first, so output stays in input order.
        if (taken < start) {
          parts.push(buf.subarray(taken, start));
          partsSize += start - taken;
        }
        over(buf.subarray(start, nl));
        // A batch is consecutive lines, so it ends here even when this line is blank.
        if (partsSize > 0) yield batch();
        if (!blank) yield tooLong(size);
        head = null;
        line++;
        firstLine = line;
        taken = nl + 1;
      } else {
        // A batch holds at most `batchBytes` unless one line is longer: the lines before
        // this one go out first if this one would take the batch over.
        const before = partsSize + start - taken;
        if (before > 0 && before + openSize + nl + 1 - start > batchBytes) {
          parts.push(buf.subarray(taken, start));
          partsSize += start - taken;
          taken = start;
          yield batch();
        }
        if (openSize > 0) {
          // A line begun in an earlier piece ends here (then `start` and `taken` are 0).
          parts.push(...open);
          partsSize += openSize;
        }
        line++;
        if (partsSize + nl + 1 - taken >= batchBytes) {
          parts.push(buf.subarray(taken, nl + 1));
          partsSize += nl + 1 - taken;
          taken = nl + 1;
          yield batch();
        }
      }
      open = [];
      openSize = 0;
      start = nl + 1;
    }
    if (taken < start) {
      parts.push(buf.subarray(taken, start));
      partsSize += start - taken;
    }
    // The rest of `buf` begins a line that a later piece ends.
    const rest = buf.subarray(start);
    if (rest.length === 0) continue;
    if (head !== null || openSize + rest.length > maxLineBytes) over(rest);
    else open.push(rest);
    openSize += rest.length;
  }
  // The input's last line, without a line break.
  if (head !== null && !blank) {
    if (partsSize > 0) yield batch();
    yield tooLong(openSize);
  } else if (head === null && openSize > 0) {
    if (partsSize > 0 && partsSize + openSize > batchBytes) yield batch();
    parts.push(...open);
    partsSize += openSize;
    line++;
  }
  // (Empty when the input ends in a blank line over the limit: bytesRead still adds up.)
  if (partsSize > 0 || bytesRead > 0) yield batch();
}

/** Whether `buf` is ASCII whitespace only, as the renderer judges a blank line. */
function allBlank(buf) {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 32 && (b < 9 || b > 13 || b === 11)) return false;
  }
  return true;
}
