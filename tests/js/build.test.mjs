// `tidings build`, `tidings check` and `load()` as a catalog team uses them: the CLI on
// catalog folders (the demo one, the broken fixtures of tests/fixtures/catalogs, temp
// copies), its compiled file loaded back and rendered, and `render --catalog`.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const tidings = require('./');
// The demo catalog's size, read from the package rather than written here.
const demoMessages = tidings.messages().length;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-build-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args, { input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tidings.mjs', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.end(input);
  });
}

const demo = path.join(tmp, 'demo.tidings');
let built;
const buildDemo = async () => (built ??= await run(['build', 'templates', '--out', demo]));

test('build writes the compiled demo catalog and its .d.ts; load() renders exactly what the embedded catalog renders', async () => {
  const r = await buildDemo();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`built .*demo\\.tidings \\(\\d+ bytes: ${demoMessages} messages, ${tidings.demo.settings().locales.join(", ")}\\)`));
  const dts = fs.readFileSync(path.join(tmp, 'demo.d.ts'), 'utf8');
  assert.match(dts, /"security\.funds_moved": \{/);
  assert.match(dts, /export type Currency = "CNY" \| "HKD"/);
  for (const source of [demo, pathToFileURL(demo), fs.readFileSync(demo)]) {
    const catalog = await tidings.load(source);
    try {
      for (const m of tidings.messages()) {
        for (const locale of m.locales) {
          assert.deepEqual(catalog.render(m.id, locale, m.example), tidings.render(m.id, locale, m.example), `${m.id} ${locale}`);
        }
      }
      assert.deepEqual(catalog.lint(), tidings.lint());
      assert.deepEqual(catalog.settings().locales, tidings.demo.settings().locales);
      const outcomes = catalog.renderBatch([{ id: 1, message: 'welcome', locale: 'en', data: tidings.messages()[0].example }]);
      assert.equal(outcomes[0].status, 'rendered');
    } finally {
      catalog.free();
    }
  }
});

test('a broken catalog gets the same file:line:column report from tidings build as from cargo build', async () => {
  const cases = path.join(root, 'tests', 'fixtures', 'catalogs');
  const names = fs.readdirSync(cases).filter((n) => fs.statSync(path.join(cases, n)).isDirectory());
  assert.ok(names.length >= 16);
  for (const name of names) {
    const r = await run(['build', `tests/fixtures/catalogs/${name}`, '--out', path.join(tmp, `${name}.tidings`)]);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    assert.ok(!fs.existsSync(path.join(tmp, `${name}.tidings`)), `${name}: nothing is written`);
    // The snapshot of tests/build_errors.rs: what `cargo build` prints for templates/.
    const snap = fs.readFileSync(path.join(root, 'tests', 'snapshots', `build_errors__${name}.snap`), 'utf8');
    const cargo = snap.split(/^---$/m).slice(2).join('---').trim();
    const ours = r.stderr.split('problem(s):\n\n')[1]?.trim();
    assert.equal(ours, cargo.replaceAll(/^templates\//gm, `tests/fixtures/catalogs/${name}/`), name);
  }
});

test('check lints every message and points at the file line; exit 1 on an error, 0 when clean', async () => {
  const clean = await run(['check', 'templates']);
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stderr, new RegExp(`${demoMessages} messages checked; 0 error\\(s\\), 0 warning\\(s\\)`));
  const copy = path.join(tmp, 'broken-lint');
  fs.cpSync(path.join(root, 'templates'), copy, { recursive: true });
  const file = path.join(copy, 'messages', 'security.login_alert', 'en.hbs');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\{\{> antifraud\}\}/, ''));
  const r = await run(['check', copy]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /messages\/security\.login_alert\/en\.hbs:\d+:\d+: error\[required_partial_missing\]: security\.login_alert en \S+: a security message must include `\{\{> antifraud\}\}`/);
});

test('check refuses example data a render would refuse, at manifest.toml: the example and a locale\'s own', async () => {
  const copy = path.join(tmp, 'bad-example');
  fs.cpSync(path.join(root, 'templates'), copy, { recursive: true });
  const manifest = path.join(copy, 'manifest.toml');
  const text = fs.readFileSync(manifest, 'utf8');
  assert.ok(text.includes('examples = { en = "Shenzhen" }'));
  fs.writeFileSync(manifest, text.replace('examples = { en = "Shenzhen" }', 'examples = { en = "Shenzhen, Guangdong Province" }'));
  const r = await run(['check', copy]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /bad-example\/manifest\.toml: error\[invalid_example\]: security\.login_alert en: the manifest's `examples`: `location` is 28 long; at most 12 is declared/);
});

test('render --catalog renders with the compiled catalog, in workers and in process', async () => {
  await buildDemo();
  const record = JSON.stringify({ id: 'a', message: 'welcome', locale: 'en', data: tidings.messages()[0].example });
  for (const workers of ['0', '1']) {
    const r = await run(['render', '--catalog', demo, '--workers', workers, '-q'], { input: `${record}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).status, 'rendered');
  }
  const bad = await run(['render', '--catalog', path.join(root, 'package.json'), '-q'], { input: `${record}\n` });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot use .*package\.json: not a compiled tidings catalog/);
});

test('load() refuses what is not a compiled catalog with invalid_catalog, and arguments it cannot read with invalid_input', async () => {
  const bytes = fs.readFileSync((await buildDemo(), demo));
  for (const [what, damaged] of [
    ['empty', new Uint8Array(0)],
    ['truncated', bytes.subarray(0, bytes.length - 7)],
    ['another version', Uint8Array.from(bytes, (b, i) => (i === 8 ? 77 : b))],
    ['JSON', new TextEncoder().encode('{"settings":{}}')],
  ]) {
    await assert.rejects(tidings.load(damaged), (e) => e.name === 'TidingsError' && e.code === 'invalid_catalog', what);
  }
  await assert.rejects(tidings.load(42), (e) => e.code === 'invalid_input');
  await assert.rejects(tidings.load(path.join(tmp, 'missing.tidings')), /ENOENT/);
});

test('build --watch rebuilds after a change', async () => {
  const copy = path.join(tmp, 'watched');
  fs.cpSync(path.join(root, 'templates'), copy, { recursive: true });
  const out = path.join(tmp, 'watched.tidings');
  const child = spawn(process.execPath, ['bin/tidings.mjs', 'build', copy, '--out', out, '--watch'], { cwd: root });
  let err = '';
  // Fails instead of hanging when the output never comes.
  const saw = (re, also = () => {}) => new Promise((resolve, reject) => {
    const until = Date.now() + 30_000;
    const check = () => {
      if (re.test(err)) return resolve();
      if (Date.now() > until) return reject(new Error(`no ${re} in 30 s; stderr:\n${err}`));
      also();
      setTimeout(check, 250);
    };
    check();
  });
  child.stderr.on('data', (b) => { err += b; });
  try {
    await saw(/watching/);
    const first = fs.statSync(out).mtimeMs;
    const file = path.join(copy, 'messages', 'welcome', 'en.hbs');
    const edited = fs.readFileSync(file, 'utf8').replace('Welcome', 'Hello');
    // A recursive watcher may still be reading the tree when the first save lands (Node
    // sets it up asynchronously on Linux): save again until a rebuild is seen.
    await saw(/built[\s\S]*built/, () => fs.writeFileSync(file, edited));
    assert.ok(fs.statSync(out).mtimeMs >= first);
    const catalog = await tidings.load(out);
    assert.match(catalog.render('welcome', 'en', tidings.messages()[0].example).channels.sms.text, /Hello/);
    catalog.free();
  } finally {
    child.kill();
  }
});
