// The streaming batch pipeline behind `tidings render`: reads input in chunks of whole
// lines, renders them in worker threads (or in-process with 0 workers), and writes the
// outputs in input order. Memory stays bounded: at most `2 × workers` chunks are in
// flight, reading pauses until one returns, and writing waits for the output to drain.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { lineBatches, tooLongMessage, DEFAULT_MAX_RECORD_BYTES } from './lines.mjs';

const require = createRequire(import.meta.url);
const WORKER = new URL('./worker.cjs', import.meta.url);

export const DEFAULT_CHUNK_BYTES = 256 * 1024;
// The most `--chunk-size` may be. A render call's output is capped (256 MiB; past it the
// chunk's remaining records fail), and small records render to up to ~100 times their
// size: 1 MiB of them stays well under the cap.
export const MAX_CHUNK_BYTES = 1 << 20;

/**
 * Chunks of whole JSON lines from a byte stream. A line over `maxRecordBytes` never
 * reaches WASM: it becomes one failed record made by this reader, in an annotated
 * chunk of its own (a chunk of records from the input is never annotated, so those
 * records cannot forge `@line`/`@error`).
 */
export async function* jsonlChunks(input, { chunkBytes = DEFAULT_CHUNK_BYTES, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES } = {}) {
  for await (const b of lineBatches(input, { batchBytes: chunkBytes, maxLineBytes: maxRecordBytes })) {
    if (!b.tooLong) {
      if (b.lines > 0) yield { bytes: b.bytes, firstLine: b.firstLine, lines: [b.firstLine, b.firstLine + b.lines - 1], bytesRead: b.bytesRead };
      continue;
    }
    const id = leadingId(b.head);
    const error = tooLongMessage(b.line, b.size, maxRecordBytes);
    const record = `{"id":${id},"@line":${b.line},"@error":${JSON.stringify(error)}}\n`;
    yield { bytes: Buffer.from(record), firstLine: b.line, lines: [b.line, b.line], bytesRead: b.bytesRead, annotated: true };
  }
}

// `{"id": <string or number>` at the start of a line: the usual record layout. Only this
// much of an over-long line is read, so its outcome can still name the recipient.
const LEADING_ID = /^(?:\uFEFF)?[ \t]*\{[ \t]*"id"[ \t]*:[ \t]*("(?:[^"\\\u0000-\u001f]|\\.)*"|-?(?:0|[1-9]\d{0,15}))[ \t]*[,}]/;

/** The JSON text of an over-long line's id when it leads the line, else `null`. */
function leadingId(head) {
  const m = LEADING_ID.exec(head.toString('utf8'));
  if (!m) return 'null';
  try {
    const id = JSON.parse(m[1]);
    // Not guessed at: an id that would not come back as the line spells it (a lone
    // surrogate, bytes that are not UTF-8 and decode to U+FFFD, a number past 2^53).
    if (typeof id === 'string' ? !id.isWellFormed() || id.includes('\uFFFD') : !Number.isSafeInteger(id)) return 'null';
    return JSON.stringify(id);
  } catch {
    return 'null';
  }
}

/** In-process renderer with the same interface as the pool. */
class InProcess {
  constructor(defaults, catalog) {
    const tidings = require('../pkg/node/tidings.js');
    if (catalog) {
      const loaded = tidings.loadCatalog(catalog);
      this.renderChunk = (...args) => loaded.renderChunk(...args);
    } else {
      this.renderChunk = tidings.renderChunk;
    }
    this.defaults = defaults;
  }
  async render(bytes, firstLine, annotated = false) {
    const r = this.renderChunk(bytes, firstLine, { ...this.defaults, annotated });
    return { output: r.output, stats: { records: r.records, rendered: r.rendered, skipped: r.skipped, failed: r.failed, smsParts: r.smsParts } };
  }
  async close() {}
}

/**
 * A pool of up to `size` render workers, each with its own WASM instance. A worker
 * starts only when a chunk finds every running worker busy, so a small input starts
 * one worker whatever `--workers` says.
 */
class Pool {
  constructor(size, defaults, catalog) {
    this.size = size;
    this.defaults = defaults;
    this.catalog = catalog;
    this.workers = [];
    this.idle = [];
    this.waiting = [];
    this.jobs = new Map();
    this.seq = 0;
    this.failure = null;
    // Input buffers the workers gave back, reused for the next chunks: a buffer a worker
    // dropped would be garbage its isolate keeps until V8 collects it, which it does only
    // when tens of MB of such memory have piled up — per worker (peak RSS 262 → ~200 MB).
    this.spare = [];
  }
  start() {
    const w = new Worker(WORKER, { workerData: { defaults: this.defaults, catalog: this.catalog } });
    w.busy = new Set();
    w.on('message', ({ seq, output, stats, input }) => {
      // (Not the buffer of one over-long record: it would stay allocated for the run.)
      if (input && input.byteLength <= MAX_CHUNK_BYTES && this.spare.length < 2 * this.size + 2) this.spare.push(input);
      const job = this.jobs.get(seq);
      if (!job) return;
      this.jobs.delete(seq);
      w.busy.delete(seq);
      this.release(w);
      job.resolve({ output, stats });
    });
    // A worker that fails or exits takes only its own chunks with it: they are
    // rejected (the run stops with exit code 2 and says why) — never dropped or hung.
    // Chunks still waiting for a worker are rejected too: no more are started.
    const fail = (reason) => {
      this.failure ??= reason;
      for (const seq of w.busy) {
        this.jobs.get(seq)?.reject(reason);
        this.jobs.delete(seq);
      }
      w.busy.clear();
      for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
    };
    w.on('error', (e) => fail(new Error(`a render worker failed: ${e.message}`)));
    w.on('exit', (code) => { if (!this.closing) fail(new Error(`a render worker exited (code ${code})`)); });
    this.workers.push(w);
    return w;
  }
  release(w) {
    if (this.failure) return;
    const next = this.waiting.shift();
    if (next) next.resolve(w);
    else this.idle.push(w);
  }
  async acquire() {
    if (this.failure) throw this.failure;
    if (this.idle.length) return this.idle.pop();
    if (this.workers.length < this.size) return this.start();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
  async render(bytes, firstLine, annotated = false) {
    const worker = await this.acquire();
    const seq = this.seq++;
    // Copy into a transferable buffer that the worker owns until it gives it back.
    let buffer = this.spare.pop();
    if (!buffer || buffer.byteLength < bytes.length) buffer = new ArrayBuffer(Math.max(bytes.length, Math.min(MAX_CHUNK_BYTES, DEFAULT_CHUNK_BYTES + (DEFAULT_CHUNK_BYTES >> 2))));
    new Uint8Array(buffer, 0, bytes.length).set(bytes);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.jobs.set(seq, { resolve, reject });
      worker.busy.add(seq);
      worker.postMessage({ seq, bytes: buffer, length: bytes.length, firstLine, annotated }, [buffer]);
    });
  }
  async close() {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The output could not be written; `cause` says why. */
export class OutputError extends Error {
  constructor(cause) {
    super(cause.message, { cause });
    this.code = cause.code;
  }
}

/**
 * A chunk that could not be rendered (a worker died, WASM trapped). Everything before
 * it was written; `from` is its first input line, `to` the input's last line when the
 * whole input was read (else null): those lines have no outcome.
 */
export class RenderError extends Error {
  constructor(cause, from, to) {
    const lines = to === null ? `input line ${from} and every line after it` : from === to ? `input line ${from}` : `input lines ${from}–${to}`;
    super(`${cause.message}; no outcome for ${lines} (the output stops before line ${from})`, { cause });
    this.from = from;
    this.to = to;
  }
}

/**
 * Renders a stream of chunks ({bytes, firstLine, lines: [from, to], bytesRead, annotated})
 * to `output` in order. Returns totals. `onProgress({records, bytesRead})` is called after
 * each chunk. A chunk that fails stops the run with a RenderError, after every chunk
 * before it was written: the output is then a prefix of the full run, and the error names
 * the input lines that have no outcome.
 */
export async function renderChunks(chunks, output, { workers = 1, defaults = {}, catalog, onProgress } = {}) {
  const renderer = workers > 0 ? new Pool(workers, defaults, catalog) : new InProcess(defaults, catalog);
  const maxInFlight = Math.max(1, workers) * 2;
  const totals = { records: 0, rendered: 0, skipped: 0, failed: 0, smsParts: 0 };
  let bytesRead = 0;
  let lastLine = null; // the input's last line, once it has all been read
  const inFlight = [];
  let outputError = null;
  output.on?.('error', (e) => { outputError = e; });

  const writeNext = async () => {
    const { job, from } = inFlight.shift();
    let result;
    try {
      result = await job;
    } catch (e) {
      throw new RenderError(e, from, lastLine);
    }
    for (const k of Object.keys(totals)) totals[k] += result.stats[k];
    if (outputError) throw new OutputError(outputError);
    // `once` rejects if the output fails while we wait for it to drain.
    if (!output.write(result.output)) await once(output, 'drain').catch((e) => { throw new OutputError(e); });
    onProgress?.({ ...totals, bytesRead });
  };

  try {
    let to = 0;
    for await (const chunk of chunks) {
      bytesRead += chunk.bytesRead;
      to = chunk.lines[1];
      const job = renderer.render(chunk.bytes, chunk.firstLine, chunk.annotated === true);
      // Failures surface in order, when this chunk's turn to be written comes.
      job.catch(() => {});
      inFlight.push({ job, from: chunk.lines[0] });
      // Back-pressure: do not read further ahead than the renderers can take.
      if (inFlight.length >= maxInFlight) await writeNext();
    }
    lastLine = to;
    while (inFlight.length) await writeNext();
  } finally {
    await renderer.close();
  }
  return totals;
}
