// What `npm pack --ignore-scripts` puts in the tarball: exactly the files that run (entry
// points, their types, the CLI, the WASM builds, the editor page `tidings edit` serves),
// the licences and the README; nothing from tests/, src/, templates/ and the like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { root, run, tarball, tempDir } from './helpers.mjs';

// The WASM builds: pkg/node renders (what `require('tidings')` loads), pkg/build compiles
// catalogs (`buildCatalog`, `tidings build`: loaded on first use), pkg/web is the
// browsers' module.
const BUILDS = ['node', 'build', 'web'];
// bin/ and lib/ ship exactly what git tracks there (the CLI and the modules it loads).
const tracked = (dir) => execFileSync('git', ['ls-files', '--', dir], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const FIXED = [
  'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json',
  'index.js', 'index.d.ts', 'index.mjs', 'index.d.mts', 'web.mjs', 'web.d.mts',
  ...tracked('bin'), ...tracked('lib'),
  ...BUILDS.flatMap((b) => ['tidings.js', 'tidings.d.ts', 'tidings_bg.wasm', 'tidings_bg.wasm.d.ts'].map((f) => `pkg/${b}/${f}`)),
  'pkg/web/package.json', 'pkg/demo.d.ts',
  // The demo catalog the web module fetches (it does not embed it).
  'pkg/web/demo.tidings',
  // The editor `tidings edit` serves: the page as written, its bundled code editor, diff and
  // OpenCC with their licences (built by `make www`), not their sources or source maps.
  'www/index.html', 'www/app.js', 'www/style.css', 'www/checks-worker.js', ...tracked('www/modules'), ...tracked('www/views'),
  'www/vendor/editor.js', 'www/vendor/diff.js', 'www/vendor/opencc.js', 'www/vendor/LICENSES.txt',
];
// wasm-bindgen's inline JS snippets (if the bindings have any): one folder per crate, named with a hash.
const SNIPPET = /^pkg\/(node|build|web)\/snippets\/[a-z0-9_-]+-[0-9a-f]{16}\/inline\d+\.js$/;

/** Files under `dir` (relative, with /), recursively. */
function walk(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}

let files, manifest;
const contents = async () => {
  if (!files) {
    const file = await tarball();
    const { stdout } = await run('tar', ['-tzf', file]);
    files = stdout.split('\n').filter(Boolean).filter((f) => !f.endsWith('/')).map((f) => f.replace(/^package\//, ''));
    manifest = JSON.parse((await run('tar', ['-xzOf', file, 'package/package.json'])).stdout);
  }
  return files;
};

test('the tarball holds exactly the entry points, types, CLI, the three builds, the editor page, licences and README', async () => {
  const list = await contents();
  assert.equal(new Set(list).size, list.length, 'no file twice');
  assert.deepEqual(list.filter((f) => !SNIPPET.test(f)).sort(), [...FIXED].sort());
  // Snippets ship exactly when the build's glue imports or requires them (none left from
  // an older build).
  const imported = BUILDS.flatMap((b) =>
    [...fs.readFileSync(path.join(root, 'pkg', b, 'tidings.js'), 'utf8').matchAll(/(?:['"]|String\.raw`)\.\/(snippets\/[^'"`]+)['"`]/g)]
      .map((m) => `pkg/${b}/${m[1]}`));
  assert.deepEqual(list.filter((f) => SNIPPET.test(f)).sort(), [...new Set(imported)].sort(), 'the snippets the glue imports');
  // Every file under pkg/ ships, and nothing else from pkg/.
  const built = walk(path.join(root, 'pkg')).map((f) => `pkg/${f}`);
  assert.deepEqual(list.filter((f) => f.startsWith('pkg/')).sort(), built.sort());
  for (const dir of ['tests/', 'src/', 'www/editor/', 'templates/', 'bench/', 'scripts/', 'bindings/', 'examples/', 'docs/', 'target/', 'node_modules/', '.cargo/', '.ci/']) {
    assert.deepEqual(list.filter((f) => f.startsWith(dir)), [], `nothing from ${dir}`);
  }
});

test('every path package.json names (main, types, exports, bin, sideEffects) is in the tarball', async () => {
  const list = new Set(await contents());
  const named = [];
  const collect = (v) => {
    if (typeof v === 'string') named.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect([manifest.main, manifest.types, manifest.exports, manifest.bin, manifest.sideEffects]);
  assert.ok(named.length >= 10, named.join(' '));
  for (const p of named) assert.ok(list.has(p.replace(/^\.\//, '')), `${p} is in the tarball`);
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'pkg', 'web', 'package.json'), 'utf8')).type, 'module',
    'pkg/web/*.js are ES modules to Node, TypeScript and bundlers');
});

test('the packed package.json: publishable, depends on exactly what the shipped code imports, nothing runs at install time', async () => {
  const list = await contents();
  assert.equal(manifest.private, undefined);
  // Every package the shipped JS imports or requires (Node's own modules aside) is a
  // dependency, and every dependency is imported: no build or editor tools.
  const dir = tempDir('unpacked');
  await run('tar', ['-xzf', await tarball(), '-C', dir]);
  const imported = new Set();
  for (const f of list.filter((f) => /\.(c|m)?js$/.test(f))) {
    // Comment lines left out (they quote imports as examples).
    const text = fs.readFileSync(path.join(dir, 'package', f), 'utf8').split('\n')
      .filter((l) => !/^\s*(\/\/|\/?\*)/.test(l)).join('\n');
    // A specifier has no spaces (a string that merely follows `from` in the page's code
    // is not one).
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"\s]+)['"]/gm)) {
      const spec = m[1];
      // Only what reads as a module specifier (minified bundles hold `from","…` too).
      if (!/^(@[\w.-]+\/)?[\w.:-]+(\/\S*)?$/.test(spec)) continue;
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue;
      imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), [...imported].sort());
  assert.ok(imported.has('commander'), 'the scan finds the CLI\'s imports');
  for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts?.[s], undefined, `no ${s} script`);
  assert.equal(manifest.bin.tidings, 'bin/tidings.mjs');
});
