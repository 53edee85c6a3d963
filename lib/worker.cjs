// A render worker: its own WASM instance; renders byte chunks the pipeline sends and
// transfers the output bytes back without copying, and the input buffer for reuse.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const tidings = require('../pkg/node/tidings.js');

// The compiled catalog the run renders with (`--catalog`), or the embedded demo one.
const catalog = workerData.catalog ? tidings.loadCatalog(workerData.catalog) : null;
const renderChunk = catalog ? (...args) => catalog.renderChunk(...args) : tidings.renderChunk;

// Test hook: TIDINGS_TEST_WORKER_FAULT=exit:MARK (or throw:MARK) makes a worker exit
// (or throw) on a chunk whose bytes contain MARK, so tests can check that a dying worker
// stops the run and is reported, with no record missing unnoticed. Unset, it does nothing.
const fault = /^(exit|throw):(.+)$/s.exec(process.env.TIDINGS_TEST_WORKER_FAULT ?? '');

// The chunk is the first `length` bytes of `bytes`, which goes back with the output for
// the pipeline to reuse (see Pool in pipeline.mjs).
parentPort.on('message', ({ seq, bytes, length, firstLine, annotated }) => {
  const chunk = new Uint8Array(bytes, 0, length);
  if (fault && Buffer.from(chunk).includes(fault[2])) {
    if (fault[1] === 'exit') process.exit(70);
    throw new Error('test fault (TIDINGS_TEST_WORKER_FAULT)');
  }
  const r = renderChunk(chunk, firstLine, { ...workerData.defaults, annotated });
  const stats = { records: r.records, rendered: r.rendered, skipped: r.skipped, failed: r.failed, smsParts: r.smsParts };
  parentPort.postMessage({ seq, output: r.output, stats, input: bytes }, [r.output.buffer, bytes]);
});
