// Client of checks-worker.js: memoised calls (the results depend only on the sources, not
// on the data), with a main-thread fallback where module workers are unavailable.

const LIMIT = 300;

/** Checks over `catalog` (a `Catalog`); the worker opens the same one from `bytes`. */
export function createChecks(catalog, bytes) {
  const cache = new Map();
  const waiting = new Map();
  let seq = 0;
  let worker = null;
  try {
    worker = new Worker(new URL('../checks-worker.js', import.meta.url), { type: 'module' });
    worker.postMessage({ open: bytes });
    worker.onmessage = ({ data }) => {
      const w = waiting.get(data.seq);
      waiting.delete(data.seq);
      if (!w) return;
      if ('error' in data) w.reject(Object.assign(new Error(data.error.message), data.error));
      else w.resolve(data.result);
    };
    worker.onerror = () => {
      // Fall back to this thread for everything still waiting and all later calls.
      worker = null;
      for (const [, w] of waiting) w.run();
      waiting.clear();
    };
  } catch {
    worker = null;
  }

  function direct(fn, args) {
    return new Promise((resolve, reject) => setTimeout(() => {
      try { resolve(catalog[fn](...args)); } catch (e) { reject(e); }
    }, 0));
  }

  return function call(fn, ...args) {
    const key = JSON.stringify([fn, args]);
    if (cache.has(key)) return cache.get(key);
    const p = new Promise((resolve, reject) => {
      if (!worker) { direct(fn, args).then(resolve, reject); return; }
      const s = ++seq;
      waiting.set(s, { resolve, reject, run: () => direct(fn, args).then(resolve, reject) });
      worker.postMessage({ seq: s, fn, args });
    });
    p.catch(() => {});
    cache.set(key, p);
    if (cache.size > LIMIT) cache.delete(cache.keys().next().value);
    return p;
  };
}
