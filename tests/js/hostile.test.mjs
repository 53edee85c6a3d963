// The hostile-input suite in Node (tests/hostile/cases.mjs): every exported function ×
// every argument position × the review's hostile values, in one instance of pkg/node
// (and index.js's renderBatch; buildCatalog in one of pkg/build) run in a worker thread;
// after every call the instance must render two normal messages exactly as a fresh
// instance does. Needs `make build`.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import {
  CALL_LIMIT_MS, KNOWN, SIGNATURES, WEB_ONLY, apiFunctions, known, drive, failure, health, healthExamples,
} from '../hostile/cases.mjs';
import { reportTests } from '../hostile/report.mjs';

const require = createRequire(import.meta.url);
// A fresh instance (this thread's; the cases run in the worker's): the baseline.
const tidings = require('../../pkg/node/tidings.js');
const { renderBatch, buildCatalog } = require('../../index.js');
const api = { ...tidings, buildCatalog, renderBatch };
const worker = new URL('../hostile/node-worker.mjs', import.meta.url);

let run;
let baseline;
before(async () => {
  baseline = health(api, healthExamples(api));
  const started = Date.now();
  run = await drive((start, on) => {
    const w = new Worker(worker, { workerData: { start, baseline }, resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    w.on('message', on.message);
    w.on('error', (e) => on.exit(`error: ${e?.message ?? e}`));
    w.on('exit', (code) => on.exit(`exit ${code}`));
    return { terminate: () => w.terminate() };
  });
  run.ms = Date.now() - started;
  // HOSTILE_OUT=file writes every outcome (JSON) for a closer look.
  if (process.env.HOSTILE_OUT) fs.writeFileSync(process.env.HOSTILE_OUT, JSON.stringify(run, null, 1));
});

const failures = (records) => records.map((r) => [r, failure(r)]).filter(([, f]) => f).map(([r, f]) => `${r.id}: ${f}`);

test('every exported function (and renderBatch) has a signature the suite enumerates', () => {
  assert.deepEqual(apiFunctions(api).filter((f) => !(f in SIGNATURES)), []);
  assert.deepEqual(Object.keys(SIGNATURES).filter((f) => !WEB_ONLY.has(f) && typeof api[f] !== 'function'), []);
});

test('the suite ran every case in the instance(s) it started', () => {
  assert.ok(run.total > 0);
  const seen = new Set(run.records.map((r) => r.index));
  for (let i = 0; i < run.total; i++) assert.ok(seen.has(i), `case ${i} has no outcome`);
  assert.equal(run.records.filter((r) => r.index === -1).length, 0, 'no worker died outside a case');
});

for (const fn of Object.keys(SIGNATURES).filter((f) => !WEB_ONLY.has(f))) {
  test(`${fn}: every hostile value in every position returns or throws a coded error, within ${CALL_LIMIT_MS / 1000} s, and the instance renders exactly as before`, () => {
    const mine = run.records.filter((r) => (r.fn ?? '?') === fn && !known(r));
    assert.ok(mine.length > 0 || !api[fn], `no cases for ${fn}`);
    assert.deepEqual(failures(mine), []);
  });
}

for (const k of KNOWN) {
  test(`known: ${k.reason}`, { todo: k.reason }, () => {
    const mine = run.records.filter((r) => known(r) === k);
    assert.deepEqual(failures(mine), []);
  });
}

reportTests(() => run);


