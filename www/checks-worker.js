// Runs the slower checks (lint, lintSource, smsBounds: up to ~200 ms for a message with
// many variables) off the main thread, on a second instance of the same WASM module, so
// typing and rendering never wait for them.
import init, { lint, lintSource, smsBounds } from './pkg/tidings.js';

const ready = init();
const fns = { lint, lintSource, smsBounds };

self.onmessage = async ({ data: { seq, fn, args } }) => {
  try {
    await ready;
    self.postMessage({ seq, result: fns[fn](...args) });
  } catch (e) {
    self.postMessage({ seq, error: { code: e?.code, message: String(e?.message ?? e), line: e?.line, column: e?.column, part: e?.part } });
  }
};
