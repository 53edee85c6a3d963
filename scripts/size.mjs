// Prints the WASM modules' sizes raw, gzip -9 and brotli (max quality).
import fs from 'node:fs';
import zlib from 'node:zlib';

const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
for (const [build, why] of [['web', 'optimised for size'], ['node', 'optimised for speed']]) {
  const raw = fs.readFileSync(new URL(`../pkg/${build}/tidings_bg.wasm`, import.meta.url));
  const gzip = zlib.gzipSync(raw, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`pkg/${build}/tidings_bg.wasm  raw ${kib(raw.length)}  gzip ${kib(gzip)}  brotli ${kib(brotli)}  (${why})`);
}
