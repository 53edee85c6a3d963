// The hostile-input suite (tests/hostile/cases.mjs) in headless Chromium, on the web
// build (pkg/web): the page takes a baseline from a fresh instance and runs every case
// in a module Web Worker (one instance), which a watchdog terminates on a hang. A tiny
// static server on 127.0.0.1 serves only the files the page needs; every other request
// — to the server or anywhere else — is recorded and fails the test. Needs `make build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  CALL_LIMIT_MS, KNOWN, NODE_ONLY, SIGNATURES, failure, known,
} from '../hostile/cases.mjs';
import { reportTests } from '../hostile/report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGE = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>hostile</title>'
  + '<body><script type="module" src="/hostile/web-page.mjs"></script></body>';
const FILES = {
  '/hostile/cases.mjs': ['tests/hostile/cases.mjs', 'text/javascript'],
  '/hostile/web-page.mjs': ['tests/hostile/web-page.mjs', 'text/javascript'],
  '/hostile/web-worker.mjs': ['tests/hostile/web-worker.mjs', 'text/javascript'],
  '/pkg/tidings.js': ['pkg/web/tidings.js', 'text/javascript'],
  '/pkg/tidings_bg.wasm': ['pkg/web/tidings_bg.wasm', 'application/wasm'],
  '/pkg/demo.tidings': ['pkg/web/demo.tidings', 'application/octet-stream'],
};
// wasm-bindgen's inline JS (pkg/web/snippets/<crate>-<hash>/inline0.js), if the build has any.
const snippets = path.join(root, 'pkg', 'web', 'snippets');
for (const file of fs.existsSync(snippets) ? fs.readdirSync(snippets, { recursive: true }) : []) {
  if (file.endsWith('.js')) FILES[`/pkg/snippets/${file.split(path.sep).join('/')}`] = [path.join('pkg', 'web', 'snippets', file), 'text/javascript'];
}

let server, context, base, userDataDir, run;
const unexpected = []; // requests the server refused
const foreign = []; // requests the browser tried to send elsewhere

function serve(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    return res.end(PAGE);
  }
  const file = req.method === 'GET' && Object.hasOwn(FILES, url.pathname) ? FILES[url.pathname] : null;
  if (!file) {
    unexpected.push(`${req.method} ${req.url}`);
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' });
  fs.createReadStream(path.join(root, file[0])).pipe(res);
}

before(async () => {
  for (const [, [file]] of Object.entries(FILES)) assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing: run \`make build\``);
  server = http.createServer(serve);
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  base = `http://127.0.0.1:${server.address().port}`;
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-hostile-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
      // No name resolves except the loopback address: nothing can leave 127.0.0.1.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === base || url.startsWith(`${base}/`)) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/`);
  await page.waitForFunction(() => typeof window.runHostile === 'function');
  run = await page.evaluate(() => window.runHostile());
  run.pageErrors = errors;
  // HOSTILE_OUT=file writes every outcome (JSON) for a closer look.
  if (process.env.HOSTILE_OUT) fs.writeFileSync(process.env.HOSTILE_OUT, JSON.stringify(run, null, 1));
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

const failures = (records) => records.map((r) => [r, failure(r)]).filter(([, f]) => f).map(([r, f]) => `${r.id}: ${f}`);

test('no request left 127.0.0.1 and the server was asked only for the files it serves', () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(unexpected, []);
  assert.deepEqual(run.pageErrors, []);
});

test('every exported function of the web build has a signature the suite enumerates', () => {
  assert.deepEqual(run.exports.filter((f) => !(f in SIGNATURES)), []);
  assert.deepEqual(Object.keys(SIGNATURES).filter((f) => !NODE_ONLY.has(f) && !run.exports.includes(f)), []);
});

test('the suite ran every case in the instance(s) it started', () => {
  assert.ok(run.total > 0);
  const seen = new Set(run.records.map((r) => r.index));
  for (let i = 0; i < run.total; i++) assert.ok(seen.has(i), `case ${i} has no outcome`);
  assert.equal(run.records.filter((r) => r.index === -1).length, 0, 'no worker died outside a case');
});

for (const fn of Object.keys(SIGNATURES).filter((f) => !NODE_ONLY.has(f))) {
  test(`${fn}: every hostile value in every position returns or throws a coded error, within ${CALL_LIMIT_MS / 1000} s, and the instance renders exactly as before`, () => {
    const mine = run.records.filter((r) => (r.fn ?? '?') === fn && !known(r));
    assert.ok(mine.length > 0, `no cases for ${fn}`);
    assert.deepEqual(failures(mine), []);
  });
}

for (const k of KNOWN.filter((k) => !k.node)) {
  test(`known: ${k.reason}`, { todo: k.reason }, () => {
    assert.deepEqual(failures(run.records.filter((r) => known(r) === k)), []);
  });
}

reportTests(() => run);


