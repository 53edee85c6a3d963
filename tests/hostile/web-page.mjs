// The page side of the hostile suite in Chromium: a fresh instance of pkg/web gives the
// baseline, then `drive` runs every case in a module Web Worker (its own instance) and
// terminates it on a hang. tests/browser/hostile.test.mjs calls window.runHostile().
import init, * as fresh from '/pkg/tidings.js';
import { apiFunctions, drive, health, healthExamples } from '/hostile/cases.mjs';

window.runHostile = async () => {
  await init({ module_or_path: '/pkg/tidings_bg.wasm' });
  // The web module does not embed the demo catalog (web.mjs's `ready` reads it the same way).
  fresh.useDemoCatalog(new Uint8Array(await (await fetch('/pkg/demo.tidings')).arrayBuffer()));
  const baseline = health(fresh, healthExamples(fresh));
  const started = performance.now();
  const result = await drive((start, on) => {
    const worker = new Worker('/hostile/web-worker.mjs', { type: 'module' });
    worker.onmessage = (e) => on.message(e.data);
    worker.onerror = (e) => { e.preventDefault(); on.exit(e.message || 'worker error'); };
    worker.onmessageerror = () => on.exit('message error');
    worker.postMessage({ start, baseline });
    return { terminate: () => worker.terminate() };
  });
  return { ...result, baseline, exports: apiFunctions(fresh), ms: Math.round(performance.now() - started) };
};
