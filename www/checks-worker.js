// Runs the slower checks (lint, lintSource, smsBounds: up to ~200 ms for a message with
// many variables) off the main thread, on a second instance of the same WASM module with
// the same catalog (the first message says which), so typing and rendering never wait.
import { openInWorker } from './modules/catalog.js';

let opened = null;

self.onmessage = async ({ data }) => {
  if ('open' in data) {
    opened = openInWorker(data.open);
    return;
  }
  const { seq, fn, args } = data;
  try {
    const catalog = await opened;
    if (!['lint', 'lintSource', 'smsBounds'].includes(fn)) throw new Error(`not a check: ${fn}`);
    self.postMessage({ seq, result: catalog[fn](...args) });
  } catch (e) {
    self.postMessage({ seq, error: { code: e?.code, message: String(e?.message ?? e), reason: e?.reason, line: e?.line, column: e?.column, part: e?.part } });
  }
};
