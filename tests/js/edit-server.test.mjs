// The editor's server (lib/edit-server.mjs) as an attacker and a careless client would
// use it: saves go only into the catalog folder, only from the page's own origin, only
// with the token, only up to the size limit; a good save writes the file and rebuilds.
// Each test works on a fresh copy of the fixture catalog tests/catalogs/alpine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenEditServer, catalogPath, MAX_SAVE_BYTES } from '../../lib/edit-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-edit-'));
const dir = path.join(tmp, 'catalog');
const outside = path.join(tmp, 'outside');
const TOKEN = 'test-token-1234567890';
const FILE = 'messages/card.payment/de.hbs';
let server, base, origin;

/** Every file under `d` with its bytes, to prove nothing else changed. */
function snapshot(d) {
  const out = {};
  for (const e of fs.readdirSync(d, { withFileTypes: true, recursive: true })) {
    const full = path.join(e.parentPath ?? e.path, e.name);
    if (e.isFile()) out[path.relative(tmp, full)] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

before(async () => {
  fs.cpSync(path.join(root, 'tests', 'catalogs', 'alpine'), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'expected'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.hbs'), 'do not touch\n');
  // Links out of the catalog: a folder and a file.
  fs.symlinkSync(outside, path.join(dir, 'messages', 'linked'));
  server = await listenEditServer(0, { catalogDir: dir, token: TOKEN, www: path.join(root, 'www'), pkgWeb: path.join(root, 'pkg', 'web') });
  base = `http://127.0.0.1:${server.address().port}`;
  origin = base;
});

after(() => {
  server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A PUT as a page would send it; `host` goes through node:http (fetch may not set Host). */
function put(rel, body, { token = TOKEN, from = origin, host } = {}) {
  const headers = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (token !== null) headers['X-Tidings-Token'] = token;
  if (from !== null) headers.Origin = from;
  const url = `${base}/api/file?path=${encodeURIComponent(rel)}`;
  if (!host) return fetch(url, { method: 'PUT', headers, body });
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { ...headers, Host: host } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, json: async () => JSON.parse(Buffer.concat(chunks)) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('info says the server saves to its folder; the catalog is built from the files on disk', async () => {
  const info = await (await fetch(`${base}/api/info`)).json();
  assert.deepEqual(info, { catalog: path.relative(process.cwd(), dir), save: true });
  const res = await fetch(`${base}/api/catalog`);
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const { loadCatalog } = await import('../../pkg/node/tidings.js').then((m) => m.default ?? m);
  const catalog = loadCatalog(bytes);
  assert.ok(catalog.messages().some((m) => m.id === 'card.payment'));
  catalog.free();
});

test('a save with the token from the page writes the file and rebuilds; GET reads it back', async () => {
  const before = fs.readFileSync(path.join(dir, FILE), 'utf8');
  const text = before.replace(/^--- sms\n/m, '--- sms\nGespeichert: ');
  assert.notEqual(text, before);
  const res = await put(FILE, text);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { saved: FILE, built: true });
  assert.equal(fs.readFileSync(path.join(dir, FILE), 'utf8'), text);
  const back = await fetch(`${base}/api/file?path=${encodeURIComponent(FILE)}`, { headers: { 'X-Tidings-Token': TOKEN } });
  assert.equal(await back.text(), text);
  // The served catalog is the rebuilt one.
  const { loadCatalog } = await import('../../pkg/node/tidings.js').then((m) => m.default ?? m);
  const catalog = loadCatalog(new Uint8Array(await (await fetch(`${base}/api/catalog`)).arrayBuffer()));
  const sms = catalog.messages().find((m) => m.id === 'card.payment').templates.de.sms;
  assert.match(sms, /^Gespeichert: /);
  catalog.free();
  fs.writeFileSync(path.join(dir, FILE), before);
});

test('a save that breaks the build is written and answered with the build report', async () => {
  const before = fs.readFileSync(path.join(dir, FILE), 'utf8');
  const res = await put(FILE, before.replace(/^--- sms\n/m, '--- sms\n{{#if x}}unclosed '));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.built, false);
  assert.match(body.report, /messages\/card\.payment\/de\.hbs:\d+:\d+/);
  const cat = await fetch(`${base}/api/catalog`);
  assert.equal(cat.status, 422);
  assert.match((await cat.json()).report, /card\.payment/);
  fs.writeFileSync(path.join(dir, FILE), before);
});

test('refused: no token, a wrong token, another origin, no origin, another Host, an oversized body', async () => {
  const all = snapshot(tmp);
  const text = 'x';
  const cases = [
    [{ token: null }, 401, 'bad_token'],
    [{ token: 'wrong-token-123456789' }, 401, 'bad_token'],
    [{ from: 'http://evil.example' }, 403, 'bad_origin'],
    [{ from: null }, 403, 'bad_origin'],
    [{ host: 'evil.example:80' }, 403, 'bad_host'],
  ];
  for (const [opts, status, code] of cases) {
    const res = await put(FILE, text, opts);
    assert.equal(res.status, status, JSON.stringify(opts));
    assert.equal((await res.json()).code, code);
  }
  const big = await put(FILE, 'x'.repeat(MAX_SAVE_BYTES + 1));
  assert.equal(big.status, 413);
  assert.equal((await big.json()).code, 'too_large');
  // Reading needs the token too (a template may not be public).
  const read = await fetch(`${base}/api/file?path=${encodeURIComponent(FILE)}`);
  assert.equal(read.status, 401);
  assert.deepEqual(snapshot(tmp), all, 'nothing was written');
});

test('refused: paths outside the catalog, `..`, absolute paths, other kinds of files, links out of it', async () => {
  // A file linked out of the catalog (only for this test: the build refuses the name).
  const link = path.join(dir, 'messages', 'card.payment', 'ja-linked.hbs');
  fs.symlinkSync(path.join(outside, 'secret.hbs'), link);
  after(() => fs.rmSync(link, { force: true }));
  const all = snapshot(tmp);
  const cases = [
    ['../outside/secret.hbs', 400],
    ['messages/../../outside/x.hbs', 400],
    ['messages/card.payment/../../../x.hbs', 400],
    ['/etc/passwd', 400],
    [path.join(outside, 'x.hbs'), 400],
    ['messages/card.payment/de.js', 400],
    ['manifest.toml', 400],
    ['messages/card.payment/.hidden.hbs', 400],
    ['messages\\card.payment\\de.hbs', 400],
    ['messages/linked/secret.hbs', 403],
    ['messages/card.payment/ja-linked.hbs', 403],
    ['messages/no.such.message/de.hbs', 404],
  ];
  for (const [rel, status] of cases) {
    const res = await put(rel, 'overwritten\n');
    assert.equal(res.status, status, rel);
    const body = await res.json();
    assert.ok(body.message, rel);
  }
  assert.deepEqual(snapshot(tmp), all, 'nothing was written, inside or outside the catalog');
  assert.equal(fs.readFileSync(path.join(outside, 'secret.hbs'), 'utf8'), 'do not touch\n');
});

test('catalogPath: a new locale file in an existing message folder is allowed', () => {
  assert.equal(catalogPath(dir, 'messages/card.payment/fr.hbs'), path.join(fs.realpathSync(dir), 'messages', 'card.payment', 'fr.hbs'));
  assert.throws(() => catalogPath(dir, 'messages/card.payment'), /not a template file/);
});

test('a server without a catalog folder saves nothing and says so', async () => {
  const plain = await listenEditServer(0, { www: path.join(root, 'www'), pkgWeb: path.join(root, 'pkg', 'web') });
  try {
    const url = `http://127.0.0.1:${plain.address().port}`;
    assert.deepEqual(await (await fetch(`${url}/api/info`)).json(), { catalog: null, save: false });
    const res = await fetch(`${url}/api/file?path=${encodeURIComponent(FILE)}`, { method: 'PUT', body: 'x', headers: { Origin: url, 'X-Tidings-Token': plain.token } });
    assert.equal(res.status, 404);
  } finally {
    plain.close();
  }
});
