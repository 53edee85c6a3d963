// The streaming batch pipeline behind `tidings render`: reads input in chunks of whole
// lines, renders them in worker threads (or in-process with 0 workers), and writes the
// outputs in input order. Memory stays bounded: at most `2 × workers` chunks are in
// flight, reading pauses until one returns, and writing waits for the output to drain.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const WORKER = new URL('./worker.cjs', import.meta.url);

export const DEFAULT_CHUNK_BYTES = 256 * 1024;

/** Number of `\n` in a buffer (native indexOf, not a JS byte loop). */
function countLines(buf) {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/** Splits a byte stream into chunks that end on a line boundary. */
export async function* jsonlChunks(input, chunkBytes = DEFAULT_CHUNK_BYTES) {
  let pending = [];
  let size = 0;
  let line = 1;
  for await (const piece of input) {
    const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    pending.push(buf);
    size += buf.length;
    if (size < chunkBytes) continue;
    const all = Buffer.concat(pending, size);
    // Chunks of at most `chunkBytes` that end on a line boundary (a longer line is a chunk
    // of its own), however large the piece the stream handed us.
    let start = 0;
    while (all.length - start >= chunkBytes) {
      let cut = all.lastIndexOf(10, start + chunkBytes - 1);
      if (cut < start) cut = all.indexOf(10, start + chunkBytes);
      if (cut === -1) break;
      const chunk = all.subarray(start, cut + 1);
      yield { bytes: chunk, firstLine: line, bytesRead: chunk.length };
      line += countLines(chunk);
      start = cut + 1;
    }
    const rest = start === 0 ? all : Buffer.from(all.subarray(start));
    pending = rest.length ? [rest] : [];
    size = rest.length;
  }
  if (size > 0) {
    const chunk = Buffer.concat(pending, size);
    yield { bytes: chunk, firstLine: line, bytesRead: chunk.length };
  }
}

/** In-process renderer with the same interface as the pool. */
class InProcess {
  constructor(defaults) {
    this.renderChunk = require('../pkg/node/tidings.js').renderChunk;
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
  constructor(size, defaults) {
    this.size = size;
    this.defaults = defaults;
    this.workers = [];
    this.idle = [];
    this.waiting = [];
    this.jobs = new Map();
    this.seq = 0;
    this.failure = null;
  }
  start() {
    const w = new Worker(WORKER, { workerData: { defaults: this.defaults } });
    w.busy = new Set();
    w.on('message', ({ seq, output, stats }) => {
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
    // Copy into a transferable buffer that the worker then owns.
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.jobs.set(seq, { resolve, reject });
      worker.busy.add(seq);
      worker.postMessage({ seq, bytes: copy.buffer, firstLine, annotated }, [copy.buffer]);
    });
  }
  async close() {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Renders a stream of chunks ({bytes, firstLine, bytesRead}) to `output` in order.
 * Returns totals. `onProgress({records, bytesRead})` is called after each chunk.
 */
export async function renderChunks(chunks, output, { workers = 1, defaults = {}, onProgress } = {}) {
  const renderer = workers > 0 ? new Pool(workers, defaults) : new InProcess(defaults);
  const maxInFlight = Math.max(1, workers) * 2;
  const totals = { records: 0, rendered: 0, skipped: 0, failed: 0, smsParts: 0 };
  let bytesRead = 0;
  const inFlight = [];
  let outputError = null;
  output.on?.('error', (e) => { outputError = e; });

  const writeNext = async () => {
    const { output: bytes, stats } = await inFlight.shift();
    for (const k of Object.keys(totals)) totals[k] += stats[k];
    if (outputError) throw outputError;
    // `once` rejects if the output fails while we wait for it to drain.
    if (!output.write(bytes)) await once(output, 'drain');
    onProgress?.({ ...totals, bytesRead });
  };

  try {
    for await (const chunk of chunks) {
      bytesRead += chunk.bytesRead;
      const job = renderer.render(chunk.bytes, chunk.firstLine, chunk.annotated === true);
      // Failures surface in order, when this chunk's turn to be written comes.
      job.catch(() => {});
      inFlight.push(job);
      // Back-pressure: do not read further ahead than the renderers can take.
      if (inFlight.length >= maxInFlight) await writeNext();
    }
    while (inFlight.length) await writeNext();
  } finally {
    await renderer.close();
  }
  return totals;
}
