// The Node side of the hostile suite: runs cases/runCases in a worker thread (one WASM
// instance of pkg/node, shared with index.js's renderBatch) from the case the parent
// names, and posts every record back. Started by tests/js/hostile.test.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { runCases } from './cases.mjs';

const require = createRequire(import.meta.url);
// The Node build keeps its instance to itself; note it as it is made, to read its memory.
const Instance = WebAssembly.Instance;
let instance = null;
WebAssembly.Instance = function (module, imports) {
  instance = new Instance(module, imports);
  return instance;
};
const tidings = require('../../pkg/node/tidings.js');
WebAssembly.Instance = Instance;
// index.js requires the same pkg/node/tidings.js, so renderBatch uses this instance too.
const { renderBatch } = require('../../index.js');
const memory = instance?.exports.memory;

runCases({ ...tidings, renderBatch }, {
  start: workerData.start,
  baseline: workerData.baseline,
  memory: () => memory?.buffer.byteLength ?? -1,
  post: (m) => parentPort.postMessage(m),
});
