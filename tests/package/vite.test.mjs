// A web front end as a newcomer builds one: a fresh project with the packed tarball and
// Vite (the repository's devDependency range), `import { ready, messages, render } from
// 'tidings'` as the README shows, `vite build`, and the built dist/ in headless Chromium
// from a static server on 127.0.0.1. Also the README's plain page (no bundler, web.mjs
// straight from node_modules), and TypeScript with `moduleResolution: bundler`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  assertRejected, mistakeFiles, project, rootPackage, run, serve, tempDir, tsc, typeExports, write,
} from './helpers.mjs';

const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="8" fill="#2a6"/></svg>\n';
// The README's "A Vite or webpack app" snippet, as main.js.
const MAIN_JS = `import { ready, messages, render } from 'tidings';
await ready;
document.querySelector('#preview').textContent = render('welcome', navigator.languages, messages()[0].example).channels.sms.text;
`;
const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <link rel="icon" type="image/svg+xml" href="/favicon.svg">
    <title>tidings in a Vite app</title>
  </head>
  <body>
    <p id="preview"></p>
    <script type="module" src="/main.js"></script>
  </body>
</html>
`;
// The README's "A plain page": served from the project's folder, no bundler. It also
// records what a call before \`ready\` throws and the names the module exports.
const PLAIN_HTML = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><link rel="icon" type="image/svg+xml" href="/public/favicon.svg"><title>plain</title></head>
  <body>
    <script type="module">
      import { ready, messages, render } from './node_modules/tidings/web.mjs';
      import * as all from './node_modules/tidings/web.mjs';
      try { render('welcome', 'en', {}); } catch (e) { document.documentElement.dataset.early = e.code; }
      document.documentElement.dataset.exports = Object.keys(all).join(' ');
      await ready;
      document.body.textContent = render('welcome', navigator.languages, messages()[0].example).channels.sms.text;
    </script>
  </body>
</html>
`;
// Browser-style TypeScript (what a Vite + TS project type-checks).
const TYPED_TS = `import { ready, messages, render, negotiateLocale, type Rendered } from 'tidings';
import tidings from 'tidings';
await ready;
const welcome = messages().find((m) => m.id === 'welcome');
const rendered: Rendered | undefined = welcome && render('welcome', navigator.languages, welcome.example, { timeZone: 'Asia/Shanghai' });
const preview = document.querySelector<HTMLElement>('#preview');
if (preview) preview.textContent = rendered?.channels.sms?.text ?? '';
const locale: string = negotiateLocale(navigator.languages).locale;
const same: typeof render = tidings.render;
export { locale, same };
`;
const BUNDLER = {
  strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022',
  lib: ['es2022', 'dom', 'dom.iterable'], types: [], skipLibCheck: false,
};
// The web build has no renderBatch (it is the Node entry's): a browser import of it must not compile.
const badFiles = [
  ...mistakeFiles('ts'),
  { name: 'Node-only export', codes: ['TS2305', 'TS2614'], mention: /renderBatch/, line: 1, file: 'bad-node-only.ts', text: "import { renderBatch } from 'tidings';\nrenderBatch([]);\n" },
];

let dir, browser;
const servers = [];

before(async () => {
  dir = await project('vite', { type: 'module', devDependencies: [`vite@${rootPackage.devDependencies.vite}`] });
  write(dir, {
    'index.html': INDEX_HTML,
    'main.js': MAIN_JS,
    'public/favicon.svg': FAVICON,
    'plain.html': PLAIN_HTML,
    'typed.ts': TYPED_TS,
    'tsconfig.json': { compilerOptions: BUNDLER, files: ['typed.ts'] },
    ...Object.fromEntries(badFiles.map((b) => [b.file, b.text])),
    'tsconfig.bad.json': { compilerOptions: BUNDLER, files: badFiles.map((b) => b.file) },
  });
  browser = await chromium.launchPersistentContext(tempDir('chromium-profile'), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    locale: 'en-US',
  });
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

/**
 * Serves `root` on 127.0.0.1 and opens `file` in a new page; resolves once `readyWhen`
 * (run in the page) is truthy. Every request is recorded; one that is not to this server
 * is blocked as well.
 */
async function open(root, file, readyWhen) {
  const server = await serve(root);
  servers.push(server);
  const requests = [];
  const responses = [];
  const problems = [];
  const page = await browser.newPage();
  await page.route('**/*', (route) => (route.request().url().startsWith(`${server.origin}/`) ? route.continue() : route.abort()));
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] }));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(`${server.origin}/${file}`);
  try {
    await page.waitForFunction(readyWhen, null, { timeout: 30_000 });
  } catch (e) {
    throw new Error(`${file} did not get ready: ${e.message}\n${problems.join('\n')}`);
  }
  return { page, server, requests, responses, problems };
}

/** No console errors or warnings, no page errors, nothing fetched from anywhere but the server. */
function assertClean({ server, requests, responses, problems }) {
  assert.deepEqual(problems, []);
  assert.ok(requests.length > 0);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${server.origin}/`)), [], 'no request leaves 127.0.0.1');
  const wasm = responses.filter((r) => r.url.endsWith('.wasm'));
  assert.equal(wasm.length, 1, JSON.stringify(responses));
  assert.deepEqual([wasm[0].status, wasm[0].type], [200, 'application/wasm']);
  assert.deepEqual(responses.filter((r) => r.status !== 200), [], 'every response is 200');
}

test('vite build emits the web build\'s .wasm as an asset, and no Node code', async () => {
  const r = await run(path.join(dir, 'node_modules', '.bin', 'vite'), ['build'], { cwd: dir });
  const log = r.stdout + r.stderr;
  assert.doesNotMatch(log, /externalized for browser compatibility|\[warn|warning/i, log);
  const assets = fs.readdirSync(path.join(dir, 'dist', 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, assets.join(' '));
  assert.ok(
    fs.readFileSync(path.join(dir, 'dist', 'assets', wasm[0])).equals(fs.readFileSync(path.join(dir, 'node_modules', 'tidings', 'pkg', 'web', 'tidings_bg.wasm'))),
    'the asset is pkg/web/tidings_bg.wasm (the web build, not the Node build)');
  const scripts = assets.filter((f) => f.endsWith('.js')).map((f) => [f, fs.readFileSync(path.join(dir, 'dist', 'assets', f), 'utf8')]);
  assert.ok(scripts.length > 0, assets.join(' '));
  for (const [js, text] of scripts) assert.doesNotMatch(text, /__dirname|readFileSync|node:fs|require\(["']fs["']\)/, `${js} has no Node code`);
  assert.ok(scripts.some(([, text]) => text.includes(wasm[0])), `a script loads ${wasm[0]}`);
  // The demo catalog web.mjs fetches is emitted too, byte for byte.
  const demo = assets.filter((f) => f.endsWith('.tidings'));
  assert.equal(demo.length, 1, assets.join(' '));
  assert.ok(
    fs.readFileSync(path.join(dir, 'dist', 'assets', demo[0])).equals(fs.readFileSync(path.join(dir, 'node_modules', 'tidings', 'pkg', 'web', 'demo.tidings'))),
    'the asset is pkg/web/demo.tidings');
  assert.ok(scripts.some(([, text]) => text.includes(demo[0])), `a script loads ${demo[0]}`);
});

test('the built page in Chromium shows the rendered SMS, with no errors and nothing fetched but 127.0.0.1', async () => {
  assert.ok(fs.existsSync(path.join(dir, 'dist', 'index.html')), 'vite build ran');
  const opened = await open(path.join(dir, 'dist'), '', () => document.querySelector('#preview')?.textContent);
  const text = await opened.page.textContent('#preview');
  assert.match(text, /^Northwind Pay: Welcome, /);
  assertClean(opened);
  assert.ok(opened.server.served.some((p) => /^\/assets\/.+\.wasm$/.test(p)), opened.server.served.join(' '));
  assert.ok(opened.server.served.some((p) => /^\/assets\/.+\.tidings$/.test(p)), opened.server.served.join(' '));
  await opened.page.close();
});

test('the README\'s plain page (web.mjs from node_modules, no bundler) renders; a call before `ready` throws not_ready', async () => {
  // Ready once the script replaced the body (before, its text is the script's own source).
  const opened = await open(dir, 'plain.html', () => !document.querySelector('script') && document.body.textContent.trim());
  assert.match(await opened.page.textContent('body'), /^\s*Northwind Pay: Welcome, /);
  assert.equal(await opened.page.getAttribute('html', 'data-early'), 'not_ready');
  assertClean(opened);
  assert.ok(opened.server.served.includes('/node_modules/tidings/pkg/web/tidings_bg.wasm'), opened.server.served.join(' '));
  // What TypeScript says the browser entry exports is what it exports.
  const runtime = (await opened.page.getAttribute('html', 'data-exports')).split(' ').sort();
  const types = typeExports(path.join(dir, 'typed.ts'), 'tidings', BUNDLER);
  assert.equal(types.file, path.join(dir, 'node_modules', 'tidings', 'web.d.mts'));
  assert.deepEqual(types.names, runtime, 'web.d.mts declares what web.mjs exports');
  await opened.page.close();
});

test('TypeScript bundler resolution, --strict: browser-style code passes; mistakes and Node-only imports fail', async () => {
  const [ok, bad] = await Promise.all([tsc(path.join(dir, 'tsconfig.json')), tsc(path.join(dir, 'tsconfig.bad.json'))]);
  assert.deepEqual(ok.errors, [], ok.output);
  assert.equal(ok.code, 0, ok.output);
  assertRejected(bad, badFiles);
});
