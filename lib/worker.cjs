// A render worker: its own WASM instance; renders byte chunks the pipeline sends and
// transfers the output bytes back without copying.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { renderChunk } = require('../pkg/node/tidings.js');

parentPort.on('message', ({ seq, bytes, firstLine, annotated }) => {
  const r = renderChunk(new Uint8Array(bytes), firstLine, { ...workerData.defaults, annotated });
  const stats = { records: r.records, rendered: r.rendered, skipped: r.skipped, failed: r.failed, smsParts: r.smsParts };
  parentPort.postMessage({ seq, output: r.output, stats }, [r.output.buffer]);
});
