// Prints the WASM module's size raw, gzip -9 and brotli (max quality).
import fs from 'node:fs';
import zlib from 'node:zlib';

const file = new URL('../pkg/web/tidings_bg.wasm', import.meta.url);
const raw = fs.readFileSync(file);
const gzip = zlib.gzipSync(raw, { level: 9 }).length;
const brotli = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`tidings_bg.wasm  raw ${kib(raw.length)}  gzip ${kib(gzip)}  brotli ${kib(brotli)}`);
