// Bundles the editor's code-editor component (CodeMirror 6 from npm, www/editor/) into
// www/vendor/editor.js, the save dialog's line diff into www/vendor/diff.js and OpenCC for
// translation drafts into www/vendor/opencc.js (loaded only when asked for) — the only
// bundled files of the page; everything else in www/ is
// served as written. `make www` runs this; www/vendor/ is git-ignored.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'www', 'vendor');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('build-www: esbuild is missing — run `npm ci` (or `make www`, which does)');
  process.exit(1);
}

fs.rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { editor: 'www/editor/index.js', diff: 'www/editor/diff.js', opencc: 'www/editor/opencc.js' },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  // Module scripts are always read as UTF-8; escaping CJK as \uXXXX would double OpenCC's size.
  charset: 'utf8',
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

for (const [file, info] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.js')) console.log(`build-www: ${path.relative(root, path.join(root, file))} ${(info.bytes / 1024).toFixed(0)} KiB`);
}

// The licences of every npm package bundled into www/vendor/ (they ship in the npm
// package with the editor `tidings edit` serves): each package's own LICENSE files.
const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) bundled.add(m[1]);
}
const notices = [...bundled].sort().map((name) => {
  const dir = path.join(root, 'node_modules', name);
  const { version, license } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const texts = fs.readdirSync(dir, { withFileTypes: true })
    .filter((f) => f.isFile() && /^(LICEN[CS]E|COPYING|NOTICE|THIRD_PARTY)/i.test(f.name))
    .map((f) => fs.readFileSync(path.join(dir, f.name), 'utf8').trim());
  return `${name}@${version} (${license})\n\n${texts.join('\n\n') || '(no licence file in the package)'}`;
});
fs.writeFileSync(path.join(outdir, 'LICENSES.txt'), `Packages bundled into www/vendor/ by scripts/build-www.mjs, with their licences.\n\n${notices.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`);
console.log(`build-www: www/vendor/LICENSES.txt (${bundled.size} packages)`);
