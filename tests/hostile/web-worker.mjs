// A module Web Worker running the hostile cases in its own instance of pkg/web, from
// the case the page names (see web-page.mjs).
import init, * as tidings from '/pkg/tidings.js';
import { runCases } from '/hostile/cases.mjs';

self.onmessage = async ({ data: { start, baseline } }) => {
  try {
    const wasm = await init({ module_or_path: '/pkg/tidings_bg.wasm' });
    tidings.useDemoCatalog(new Uint8Array(await (await fetch('/pkg/demo.tidings')).arrayBuffer()));
    runCases(tidings, { start, baseline, memory: () => wasm.memory.buffer.byteLength, post: (m) => self.postMessage(m) });
  } catch (e) {
    self.postMessage({ type: 'fatal', message: String(e?.stack ?? e) });
  }
};
