// A team's own catalog, as a newcomer adopts tidings: a fresh project installs the packed
// tarball, copies a catalog folder unlike the demo one (tests/catalogs/alpine: German and
// Japanese, CHF/JPY/EUR, its own categories, a partial, all four channels) and runs
// `npx tidings build` — no Rust. The compiled file renders in Node and, through a Vite
// page, in Chromium exactly what native Rust renders (expected/rendered.json); the
// generated .d.ts accepts a correct call and rejects a wrong variable type and an unknown
// message id; a broken catalog gets the same report from `npx tidings build` as from
// `cargo build`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { node, npxIn, project, root, rootPackage, run, serve, tempDir, tsc, write } from './helpers.mjs';

const alpine = path.join(root, 'tests', 'catalogs', 'alpine');
const expected = JSON.parse(fs.readFileSync(path.join(alpine, 'expected', 'rendered.json'), 'utf8'));
const cases = expected.map(({ message, locale, data }) => ({ message, locale, data }));

const NODE_RENDER = `import { load } from 'tidings';
import fs from 'node:fs';
const cases = JSON.parse(fs.readFileSync('cases.json', 'utf8'));
const catalog = await load('public/alpine.tidings');
const rendered = cases.map(({ message, locale, data }) => catalog.render(message, locale, data));
console.log(JSON.stringify({ rendered, locales: catalog.settings().locales }));
`;
const MAIN_JS = `import { ready, load } from 'tidings';
import cases from './cases.json';
await ready;
const catalog = await load('/alpine.tidings');
window.rendered = JSON.stringify(cases.map(({ message, locale, data }) => catalog.render(message, locale, data)));
document.querySelector('#done').textContent = 'done';
`;
const INDEX_HTML = `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>alpine</title></head>
<body><p id="done"></p><script type="module" src="/main.js"></script></body></html>
`;
const BUNDLER = {
  strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022',
  lib: ['es2022', 'dom'], types: [], skipLibCheck: false,
};
// One correct call; then one mistake per line (2: a wrong variable type, 3: an unknown id).
const GOOD_TS = `import { load } from 'tidings';
import type { TypedCatalog, Messages } from './public/alpine';
const catalog = await load<TypedCatalog>('/alpine.tidings');
const data: Messages['card.payment'] = { amount: { amount: '84.50', currency: 'CHF' }, merchant: 'SBB', card: '4921000012345678', time: '2026-12-19T08:42:00Z', points: 84 };
export const text: string | undefined = catalog.render('card.payment', 'de', data).channels.sms?.text;
`;
const BAD_TS = `import { load } from 'tidings'; import type { TypedCatalog } from './public/alpine'; const catalog = await load<TypedCatalog>('/alpine.tidings');
catalog.render('card.payment', 'de', { amount: { amount: '84.50', currency: 'CHF' }, merchant: 42, card: '4921000012345678', time: '2026-12-19T08:42:00Z', points: 84 });
catalog.render('card.refund', 'de', {} as never);
catalog.render('card.payment', 'de', { amount: { amount: '84.50', currency: 'USD' }, merchant: 'SBB', card: '4921000012345678', time: '2026-12-19T08:42:00Z', points: 84 });
`;

let dir, browser;
const servers = [];

before(async () => {
  dir = await project('own-catalog', { type: 'module', devDependencies: [`vite@${rootPackage.devDependencies.vite}`] });
  fs.cpSync(alpine, path.join(dir, 'alpine'), { recursive: true, filter: (src) => !src.includes(`${path.sep}expected`) });
  write(dir, {
    'cases.json': cases,
    'render.mjs': NODE_RENDER,
    'index.html': INDEX_HTML,
    'main.js': MAIN_JS,
    'good.ts': GOOD_TS,
    'bad.ts': BAD_TS,
    'tsconfig.json': { compilerOptions: BUNDLER, files: ['good.ts'] },
    'tsconfig.bad.json': { compilerOptions: BUNDLER, files: ['bad.ts'] },
  });
  const built = await npxIn(dir, ['tidings', 'build', 'alpine', '--out', 'public/alpine.tidings']);
  assert.equal(built.code, 0, built.stderr);
  browser = await chromium.launchPersistentContext(tempDir('chromium-profile'), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

test('npx tidings build writes the compiled catalog and its declarations', () => {
  assert.ok(fs.statSync(path.join(dir, 'public', 'alpine.tidings')).size > 1000);
  const dts = fs.readFileSync(path.join(dir, 'public', 'alpine.d.ts'), 'utf8');
  assert.match(dts, /export type Currency = "CHF" \| "JPY" \| "EUR";/);
  assert.match(dts, /export type Locale = "de" \| "ja";/);
  assert.match(dts, /"card\.payment": \{/);
});

test('in Node, the built catalog renders exactly what native Rust renders', async () => {
  const out = JSON.parse(await node(dir, 'render.mjs'));
  assert.deepEqual(out.locales, ['de', 'ja']);
  assert.equal(out.rendered.length, expected.length);
  out.rendered.forEach((r, i) => assert.deepEqual(r, expected[i].rendered, `${expected[i].message} ${expected[i].locale}`));
});

test('in Chromium, a Vite page loading the built catalog renders exactly what native Rust renders', async () => {
  await run(path.join(dir, 'node_modules', '.bin', 'vite'), ['build'], { cwd: dir });
  assert.ok(fs.existsSync(path.join(dir, 'dist', 'alpine.tidings')), 'Vite copies public/ into dist/');
  const server = await serve(path.join(dir, 'dist'));
  servers.push(server);
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route('**/*', (route) => (route.request().url().startsWith(`${server.origin}/`) ? route.continue() : route.abort()));
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => document.querySelector('#done')?.textContent === 'done' || window.rendered, null, { timeout: 30_000 })
    .catch((e) => { throw new Error(`${e.message}\n${problems.join('\n')}`); });
  const rendered = JSON.parse(await page.evaluate(() => window.rendered));
  assert.deepEqual(problems, []);
  rendered.forEach((r, i) => assert.deepEqual(r, expected[i].rendered, `${expected[i].message} ${expected[i].locale}`));
});

test('the generated .d.ts type-checks a correct call and rejects a wrong variable type, an unknown message id and a currency the catalog lacks', async () => {
  const good = await tsc(path.join(dir, 'tsconfig.json'));
  assert.equal(good.code, 0, good.output);
  const bad = await tsc(path.join(dir, 'tsconfig.bad.json'));
  assert.notEqual(bad.code, 0);
  const lines = (line) => bad.errors.filter((e) => e.line === line);
  assert.ok(lines(2).some((e) => e.code === 'TS2322' && /number/.test(e.text) && /string/.test(e.text)), bad.output);
  assert.ok(lines(3).some((e) => e.code === 'TS2345' && /card\.refund/.test(e.text)), bad.output);
  assert.ok(lines(4).some((e) => e.code === 'TS2322' && /USD/.test(e.text)), bad.output);
  assert.deepEqual(bad.errors.filter((e) => ![2, 3, 4].includes(e.line)), [], bad.output);
});

test('a broken catalog gets the same file:line:column report from npx tidings build as from cargo build', async () => {
  const broken = path.join(dir, 'broken');
  fs.cpSync(path.join(root, 'tests', 'fixtures', 'catalogs', 'undeclared_variable'), broken, { recursive: true });
  const r = await npxIn(dir, ['tidings', 'build', 'broken', '--out', 'broken.tidings']);
  assert.equal(r.code, 1, r.stderr);
  const snap = fs.readFileSync(path.join(root, 'tests', 'snapshots', 'build_errors__undeclared_variable.snap'), 'utf8');
  const cargo = snap.split(/^---$/m).slice(2).join('---').trim().replaceAll(/^templates\//gm, 'broken/');
  assert.equal(r.stderr.split('problem(s):\n\n')[1]?.trim(), cargo);
  assert.ok(!fs.existsSync(path.join(dir, 'broken.tidings')));
});

test('npx tidings edit serves the installed editor over the folder, and a save from the page writes the folder\'s file', async () => {
  const child = spawn(path.join(dir, 'node_modules', '.bin', 'tidings'), ['edit', 'alpine', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  after(() => child.kill());
  let out = '';
  const address = await new Promise((resolve, reject) => {
    child.stdout.on('data', (b) => {
      out += b;
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`tidings edit exited ${code}: ${out}`)));
  });
  const origin = new URL(address).origin;
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.route('**/*', (route) => (route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort()));
  await page.goto(`${address}#card.payment`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  assert.match(await page.textContent('#catalog-name'), /alpine \(saves to disk\)/);
  assert.deepEqual(await page.locator('#locale-tabs [role=tab]').evaluateAll((els) => els.map((e) => e.dataset.locale)), ['de', 'ja']);
  const file = path.join(dir, 'alpine', 'messages', 'card.payment', 'de.hbs');
  const before = fs.readFileSync(file, 'utf8');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(' Gespeichert.');
  await page.click('#save');
  await page.locator('#save-dialog pre.diff .add').first().waitFor();
  await Promise.all([page.waitForEvent('load'), page.click('#save-confirm')]);
  await page.waitForSelector('body[data-ready=true]');
  const saved = fs.readFileSync(file, 'utf8');
  assert.notEqual(saved, before);
  assert.match(saved.split('\n--- ')[0], / Gespeichert\.$/);
  assert.deepEqual(problems, []);
  await page.close();
});
