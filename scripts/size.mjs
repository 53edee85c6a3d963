// Prints the WASM modules' sizes raw, gzip -9 and brotli (max quality), the demo
// catalog's compiled file and what each part of it contributes, the web module's
// largest contributors (twiggy, when installed and the module has names), and the
// size targets with met/missed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const brotli = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const gzip = (b) => zlib.gzipSync(b, { level: 9 }).length;
const file = (rel) => fs.readFileSync(new URL(`../${rel}`, import.meta.url));

const sizes = {};
for (const [build, why] of [
  ['web', 'optimised for size'],
  ['node', 'optimised for speed; what require(\'tidings\') compiles'],
  ['build', 'the catalog compiler: buildCatalog, tidings build/check'],
]) {
  const raw = file(`pkg/${build}/tidings_bg.wasm`);
  sizes[build] = brotli(raw);
  console.log(`pkg/${build}/tidings_bg.wasm  raw ${kib(raw.length)}  gzip ${kib(gzip(raw))}  brotli ${kib(sizes[build])}  (${why})`);
}

// The compiled catalog file (src/catalog/file.rs): header (magic, format), then a postcard
// body — catalog JSON, ICU4X blob, its checksum, time zones, programs (last, so that the
// parts before it can be measured without decoding programs).
const demo = file('pkg/web/demo.tidings');
let at = 12;
const varint = () => {
  let n = 0n;
  for (let shift = 0n; ; shift += 7n) {
    const b = demo[at++];
    n |= BigInt(b & 0x7f) << shift;
    if (!(b & 0x80)) return Number(n);
  }
};
const bytes = () => {
  const len = varint();
  at += len;
  return demo.subarray(at - len, at);
};
const catalogJson = bytes();
const blob = bytes();
varint(); // the blob's checksum
const zonesStart = at;
const names = varint();
for (let i = 0; i < names; i++) {
  bytes();
  varint();
}
const tzifs = [];
for (let i = varint(); i > 0; i--) tzifs.push(bytes());
const zones = demo.subarray(zonesStart, at);
const programs = demo.subarray(at);
const demoBrotli = brotli(demo);
console.log(`pkg/web/demo.tidings  raw ${kib(demo.length)}  gzip ${kib(gzip(demo))}  brotli ${kib(demoBrotli)}  (the demo catalog, fetched by web.mjs)`);
for (const [name, part] of [
  ['catalog JSON (settings, messages, sources)', catalogJson],
  ['ICU4X locale data (postcard blob)', blob],
  [`time zones (${names} names, ${tzifs.length} TZif files)`, zones],
  ['programs', programs],
]) {
  console.log(`  ${name.padEnd(46)} raw ${kib(part.length).padStart(10)}  brotli ${kib(brotli(part)).padStart(10)}`);
}

// Largest contributors to the web module, when twiggy is there. Modules are built with
// their names removed (Makefile BINDGEN_FLAGS), so this reads the cargo output instead.
const twiggy = [process.env.TWIGGY, path.join(os.homedir(), '.cargo/bin/twiggy')].find((p) => p && fs.existsSync(p));
const named = new URL('../target/wasm32-unknown-unknown/web/tidings_wasm.wasm', import.meta.url);
if (twiggy && fs.existsSync(named)) {
  try {
    const top = execFileSync(twiggy, ['top', '-n', '15', named.pathname], { encoding: 'utf8' });
    console.log('\nweb module, largest items (twiggy top, before wasm-bindgen; names only if kept):');
    console.log(top.trimEnd().split('\n').map((l) => `  ${l}`).join('\n'));
  } catch (e) {
    console.log(`(twiggy failed: ${e.message})`);
  }
}

const target = (name, value, limit) =>
  console.log(`${name}: ${kib(value)} brotli, target ≤ ${kib(limit)}: ${value <= limit ? 'met' : 'missed'}`);
console.log('');
target('web module', sizes.web, 200 * 1024);
target('web module + demo catalog', sizes.web + demoBrotli, 260 * 1024);
