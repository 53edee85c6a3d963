// The Node side of the hostile suite: runs cases/runCases in a worker thread (one WASM
// instance of pkg/node, shared with index.js's renderBatch, and one of pkg/build, shared
// with index.js's buildCatalog) from the case the parent names, and posts every record
// back. Started by tests/js/hostile.test.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { runCases } from './cases.mjs';

const require = createRequire(import.meta.url);
// The Node builds keep their instances to themselves; note them as they are made, to
// read their memory.
const Instance = WebAssembly.Instance;
const instances = [];
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  instances.push(instance);
  return instance;
};
const tidings = require('../../pkg/node/tidings.js');
require('../../pkg/build/tidings.js');
WebAssembly.Instance = Instance;
// index.js requires the same pkg/node/tidings.js and (in buildCatalog) pkg/build/tidings.js,
// so renderBatch and buildCatalog use these instances too.
const { renderBatch, buildCatalog } = require('../../index.js');
const memories = instances.map((i) => i.exports.memory);

runCases({ ...tidings, buildCatalog, renderBatch }, {
  start: workerData.start,
  baseline: workerData.baseline,
  memory: () => (memories.length === 2 ? memories.reduce((n, m) => n + m.buffer.byteLength, 0) : -1),
  post: (m) => parentPort.postMessage(m),
});
