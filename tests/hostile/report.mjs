// The closing tests both hostile suites share (Node and Chromium): WASM memory over the
// run, and a report of outcomes, codes and the slowest calls. Node-side only (node:test);
// cases.mjs stays environment-neutral.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MEMORY_LIMIT, failure, known, summarise } from './cases.mjs';

const mb = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** Registers the shared tests; `current()` gives the run once `before` has made it. */
export function reportTests(current) {
  test(`WASM memory stays under ${MEMORY_LIMIT / 2 ** 30} GiB over the suite`, (t) => {
    for (const s of current().memory) {
      t.diagnostic(`worker from case ${s.start}: ${mb(s.first)} → peak ${mb(s.peak)}, last ${mb(s.last)}`);
      assert.ok(s.peak < MEMORY_LIMIT, `peak ${mb(s.peak)}`);
    }
  });

  test('report', (t) => {
    const run = current();
    const s = summarise(run.records);
    t.diagnostic(`${s.calls} calls in ${(run.ms / 1000).toFixed(1)} s with ${run.workers} worker(s): ${JSON.stringify(s.byOutcome)}; ${s.failures} failures (${run.records.filter((r) => known(r) && failure(r)).length} known)`);
    t.diagnostic(`codes: ${JSON.stringify(s.byCode)}`);
    for (const [fn, c] of Object.entries(s.byFn)) t.diagnostic(`${fn}: ${JSON.stringify(c)}`);
    for (const line of s.slowest) t.diagnostic(`slow: ${line}`);
  });
}
