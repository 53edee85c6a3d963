// A fresh Node project that installs the packed tarball (`npm init -y && npm install
// tidings-0.1.0.tgz`), as a newcomer does: CommonJS `require`, ES module named and default
// imports, `ready`, `npx tidings render`, and TypeScript (`module`/`moduleResolution:
// nodenext`, --strict) from a .cts and an .mts consumer, where mistakes must not compile.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertRejected, mistakeFiles, node, npxIn, project, tsc, typeExports, write } from './helpers.mjs';
import { TINY_CATALOG } from '../hostile/cases.mjs';

let dir;
const outputs = new Map();
/** The JSON a consumer script prints (each script runs once). */
const output = (file) => {
  if (!outputs.has(file)) outputs.set(file, node(dir, file).then(JSON.parse));
  return outputs.get(file);
};
const installed = () => path.join(dir, 'node_modules', 'tidings');

// What every consumer script prints besides its own results.
const PROBE = `
  const entryReady = tidings.ready;
  let early = 'pending';
  const settled = typeof entryReady?.then === 'function'
    ? entryReady.then(() => { early = 'resolved'; return 'resolved'; }, (e) => 'rejected: ' + e)
    : Promise.resolve('not a promise: ' + typeof entryReady);
  const probe = async () => {
    await null; // one tick: an already-resolved promise has settled by now
    const atFirstTick = early;
    const welcome = tidings.messages().find((m) => m.id === 'welcome');
    const sms = (locale) => tidings.render('welcome', locale, welcome.example).channels.sms.text;
    let error;
    try { tidings.render('welcome', 'en', { ...welcome.example, nmae: 'x' }); } catch (e) { error = { code: e.code, path: e.path }; }
    // A +86 number: the mainland SMS whatever the reader's language (issue 12).
    const cn = tidings.render('welcome', 'zh-TW', welcome.example, { phone: '+86 138 0013 8000' });
    const toCn = { market: cn.market, smsLocale: cn.channels.sms.locale, text: cn.channels.sms.text };
    return { ready: await settled, atFirstTick, en: sms('en'), zhHK: sms(['zh-HK', 'en']), toCn, error, example: welcome.example };
  };
`;

// ---- TypeScript, strict, module/moduleResolution nodenext, types from node_modules/tidings

const NODENEXT = {
  strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
  lib: ['es2022'], types: [], skipLibCheck: false,
};

const OK_CTS = `import tidings = require('tidings');
const welcome = tidings.messages().find((m) => m.id === 'welcome');
if (!welcome) throw new Error('no welcome message');
const ready: Promise<void> = tidings.ready;
const rendered: tidings.Rendered = tidings.render('welcome', ['zh-HK', 'en'], welcome.example, { timeZone: 'Asia/Shanghai', channels: ['sms'] });
const text: string | undefined = rendered.channels.sms?.text;
const outcomes: tidings.Outcome[] = tidings.renderBatch([{ id: 1, message: 'welcome', locale: 'en', data: welcome.example }]);
const first = outcomes[0];
const status: 'rendered' | 'skipped' | 'failed' | undefined = first?.status;
try {
  tidings.render('welcome', 'en', {});
} catch (e) {
  const code: string = (e as tidings.TidingsError).code;
  void code;
}
const built: tidings.BuildResult = tidings.buildCatalog({ 'manifest.toml': '' }, 'catalog');
const bytes: Uint8Array | undefined = built.ok ? built.bytes : undefined;
export = { ready, text, status, bytes };
`;

const OK_MTS = `import { ready, messages, render, renderBatch, negotiateLocale, smsInfo, demo, buildCatalog, type Rendered, type MessageInfo, type CatalogProblem } from 'tidings';
import tidings from 'tidings';
await ready;
const all: MessageInfo[] = messages();
const welcome = all.find((m) => m.id === 'welcome');
if (!welcome) throw new Error('no welcome message');
const languages: readonly string[] = ['zh-HK', 'en'];
const rendered: Rendered = render('welcome', languages, welcome.example, { timeZone: 'Asia/Shanghai' });
const again: Rendered = tidings.render('welcome', 'en', welcome.example);
const parts: number = smsInfo(rendered.channels.sms?.text ?? '').segments;
const locale: string = negotiateLocale('zh-MO').locale;
const statuses = renderBatch([{ message: 'welcome', data: welcome.example }]).map((o) => o.status);
// pkg/demo.d.ts: the demo catalog typed per message.
const typed: string | undefined = demo.render('welcome', 'en', { name: 'Li', signUpTime: '2026-11-28T01:30:00Z' }).channels.sms?.text;
// Issue 12's options and results.
const routed: Rendered = render('welcome', 'zh-TW', welcome.example, { phone: '+8613800138000', market: 'CN', preferences: { marketing: false, channels: { sms: true } } });
const market: string | undefined = routed.market;
const smsLocale: string | undefined = routed.channels.sms?.locale;
// buildCatalog: the build module's, typed like the rest.
const built = buildCatalog({ 'manifest.toml': '' }, 'catalog');
const problems: CatalogProblem[] = built.ok ? [] : built.problems;
export { again, parts, locale, statuses, typed, market, smsLocale, problems };
`;

const badFiles = [
  ...mistakeFiles('cts'), ...mistakeFiles('mts'),
  { name: 'demo data without a required variable', codes: ['TS2345'], mention: /signUpTime/, line: 2, file: 'bad-demo.mts', text: "import { demo } from 'tidings';\ndemo.render('welcome', 'en', { name: 'Li' });\n" },
];

before(async () => {
  dir = await project('node');
  write(dir, {
    'cjs.cjs': `'use strict';
const tidings = require('tidings');
// The package's WASM modules loaded so far (relative to the package; each module's
// wasm-bindgen snippets load with it).
const loaded = () => Object.keys(require.cache).map((f) => f.split('/node_modules/tidings/')[1])
  .filter((f) => f?.startsWith('pkg/') && !f.includes('/snippets/')).sort();
${PROBE}
probe().then(async (r) => {
  const batch = tidings.renderBatch([{ id: 'a', message: 'welcome', locale: 'en', data: r.example }, { id: 'b', message: 'nope' }])
    .map((o) => [o.id, o.line, o.status]);
  const loadedToRender = loaded();
  const built = tidings.buildCatalog(${JSON.stringify(TINY_CATALOG)}, 'tiny');
  const catalog = await tidings.load(built.bytes);
  const broken = tidings.buildCatalog({ 'manifest.toml': '[catalog' }, 'broken');
  console.log(JSON.stringify({
    ...r,
    resolved: require.resolve('tidings'),
    keys: Object.keys(tidings),
    batch,
    loadedToRender,
    built: { ok: built.ok, bytes: built.bytes instanceof Uint8Array, messages: built.catalog.messages.length,
      sms: catalog.render('hi', 'en', { n: { amount: '1.5', currency: 'EUR' } }).channels.sms.text },
    broken: { ok: broken.ok, code: broken.problems[0]?.code, file: broken.problems[0]?.file },
    loadedToBuild: loaded(),
  }));
});
`,
    'esm-named.mjs': `import { ready, messages, render, renderBatch, negotiateLocale } from 'tidings';
import * as ns from 'tidings';
const tidings = { ready, messages, render };
${PROBE}
console.log(JSON.stringify({
  ...(await probe()),
  resolved: import.meta.resolve('tidings'),
  keys: Object.keys(ns),
  types: [renderBatch, negotiateLocale].map((f) => typeof f),
}));
`,
    'ts/ok.cts': OK_CTS,
    'ts/ok.mts': OK_MTS,
    'ts/tsconfig.json': { compilerOptions: NODENEXT, files: ['ok.cts', 'ok.mts'] },
    ...Object.fromEntries(badFiles.map((b) => [`ts/${b.file}`, b.text])),
    'ts/tsconfig.bad.json': { compilerOptions: NODENEXT, files: badFiles.map((b) => b.file) },
    'esm-default.mjs': `import tidings from 'tidings';
${PROBE}
console.log(JSON.stringify({ ...(await probe()), keys: Object.keys(tidings) }));
`,
  });
});

/** The checks every entry must pass: real text, `ready` resolved, errors with codes. */
function assertRenders(r) {
  assert.equal(r.ready, 'resolved', '`ready` is a promise that resolves');
  assert.equal(r.atFirstTick, 'resolved', 'in Node `ready` is already resolved');
  assert.match(r.en, /^Northwind Pay: Welcome, /);
  assert.match(r.zhHK, /^【北風支付】.*銀行戶口.*轉賬/, 'zh-HK in Hong Kong Chinese (Taiwan writes 帳戶, 轉帳)');
  assert.deepEqual(r.error, { code: 'unknown_variable', path: 'nmae' });
  assert.deepEqual([r.toCn.market, r.toCn.smsLocale], ['CN', 'zh-CN']);
  assert.match(r.toCn.text, /^【北风支付】/);
}

test('CommonJS: require(\'tidings\') resolves into node_modules and renders catalog messages', async () => {
  const r = await output('cjs.cjs');
  assert.equal(r.resolved, path.join(installed(), 'index.js'));
  assertRenders(r);
  assert.deepEqual(r.batch, [['a', 1, 'rendered'], ['b', 2, 'failed']]);
  for (const k of ['ready', 'messages', 'render', 'renderBatch', 'renderChunk', 'negotiateLocale', 'lint', 'smsInfo', 'buildCatalog']) {
    assert.ok(r.keys.includes(k), `exports ${k}`);
  }
});

test('require(\'tidings\') and its renders load only the render module; buildCatalog loads the build module on its first call', async () => {
  const r = await output('cjs.cjs');
  // Issue 11's cold start: the catalog compiler is not compiled by a process that only renders.
  assert.deepEqual(r.loadedToRender, ['pkg/node/tidings.js']);
  assert.deepEqual(r.built, { ok: true, bytes: true, messages: 1, sms: 'Paid €1.50.' });
  assert.deepEqual(r.broken, { ok: false, code: 'manifest', file: 'manifest.toml' });
  assert.deepEqual(r.loadedToBuild, ['pkg/build/tidings.js', 'pkg/node/tidings.js']);
});

test('ES modules: named imports and the default import render; both see the same API as require', async () => {
  const named = await output('esm-named.mjs');
  assert.equal(named.resolved, `file://${path.join(installed(), 'index.mjs')}`);
  assertRenders(named);
  assert.deepEqual(named.types, ['function', 'function']);
  const dflt = await output('esm-default.mjs');
  assertRenders(dflt);
  const cjs = await output('cjs.cjs');
  assert.deepEqual([...named.keys].sort(), [...cjs.keys, 'default'].sort(), 'a named export for every CommonJS export');
  assert.deepEqual([...dflt.keys].sort(), [...cjs.keys].sort(), 'the default export is the CommonJS API');
});

test('npx tidings render in.jsonl: one output line per record, in order, exit code 1 for the bad one', async () => {
  const { example } = await output('cjs.cjs');
  const lines = [
    JSON.stringify({ id: 'r1', message: 'welcome', locale: 'en', data: example }),
    '{"id": "r2", "message": "welcome", "locale": ', // cut short, as a broken export is
    JSON.stringify({ id: 'r3', message: 'welcome', locale: 'zh-TW', data: example }),
  ];
  fs.writeFileSync(path.join(dir, 'in.jsonl'), `${lines.join('\n')}\n`);
  const r = await npxIn(dir, ['tidings', 'render', 'in.jsonl']);
  assert.equal(r.code, 1, r.stderr);
  const out = r.stdout.split('\n');
  assert.equal(out.pop(), '', 'output ends with a newline');
  assert.equal(out.length, 3, r.stdout);
  const outcomes = out.map((l) => JSON.parse(l));
  assert.deepEqual(outcomes.map((o) => [o.line, o.status]), [[1, 'rendered'], [2, 'failed'], [3, 'rendered']]);
  assert.deepEqual([outcomes[0].id, outcomes[2].id], ['r1', 'r3']);
  assert.match(outcomes[0].channels.sms.text, /^Northwind Pay: Welcome, /);
  assert.match(outcomes[2].channels.sms.text, /^【北風支付】/);
  assert.equal(typeof outcomes[1].reason.code, 'string');
  assert.match(r.stderr, /^tidings: 3 records — 2 rendered, 0 skipped, 1 failed; /m);
});

test('TypeScript nodenext, --strict: a .cts (import = require) and an .mts (named imports) consumer pass', async () => {
  const r = await tsc(path.join(dir, 'ts', 'tsconfig.json'));
  assert.deepEqual(r.errors, [], r.output);
  assert.equal(r.code, 0, r.output);
});

test('TypeScript nodenext, --strict: a misspelt option, a wrong argument type and a misspelt result field fail', async () => {
  assertRejected(await tsc(path.join(dir, 'ts', 'tsconfig.bad.json')), badFiles);
});

test('the types describe what runs: the same value exports for require and import, from the right file', async () => {
  const cjs = await output('cjs.cjs');
  const esm = await output('esm-named.mjs');
  const fromCts = typeExports(path.join(dir, 'ts', 'ok.cts'), 'tidings', NODENEXT);
  const fromMts = typeExports(path.join(dir, 'ts', 'ok.mts'), 'tidings', NODENEXT);
  assert.equal(fromCts.file, path.join(installed(), 'index.d.ts'));
  assert.equal(fromMts.file, path.join(installed(), 'index.d.mts'));
  assert.deepEqual(fromCts.names, [...cjs.keys].sort(), 'index.d.ts declares what require(\'tidings\') has');
  assert.deepEqual(fromMts.names, [...esm.keys].sort(), 'index.d.mts declares what import \'tidings\' has');
});
