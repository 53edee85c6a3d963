// One cold start, in a fresh process (run.mjs spawns each mode several times, in turn):
//   node bench/cold-start.mjs tidings DATA_JSON     → {load, first, total, second}
//   node bench/cold-start.mjs handlebars DATA_JSON  → {load, first, total, second}
//   node bench/cold-start.mjs compile               → {compile}
// in milliseconds, for the zh-CN SMS of security.funds_moved rendered with DATA_JSON
// (run.mjs passes a record valid for the catalog; reading it here would load tidings
// before the clock starts):
//   load:    tidings: require('tidings') (this checkout's index.js: read, compile and
//            instantiate the WASM module, start). Handlebars.js: require('handlebars')
//            and the JS that holds the catalog's helpers (bench/hbs-render.mjs)
//   first:   the first render of the part. tidings builds the catalog, the locale's
//            templates and formatters on first use; Handlebars.js reads the .hbs files,
//            registers helpers and partials, and compiles the part on its first call
//   total:   load + first (the cold-start number)
//   second:  a second render with other data, for comparison
//   compile: read + WebAssembly.compile of pkg/node/tidings_bg.wasm alone, in its own
//            process (V8 reuses a module compiled from identical bytes in the same
//            process, so measuring it before the require would flatter `load`)
// An ES module, so that neither side pays for starting Node's ES module loader: it has
// started before the clock does.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const MESSAGE = 'security.funds_moved';
const LOCALE = 'zh-CN';
const [mode, dataJson] = process.argv.slice(2);

if (mode === 'compile') {
  const t = performance.now();
  // V8 compiles wasm lazily (Liftoff on first call, TurboFan later), so this is mostly
  // decoding and validation.
  await WebAssembly.compile(fs.readFileSync(new URL('../pkg/node/tidings_bg.wasm', import.meta.url)));
  process.stdout.write(JSON.stringify({ compile: performance.now() - t }) + '\n');
  process.exit(0);
}
if ((mode !== 'tidings' && mode !== 'handlebars') || !dataJson) {
  process.stderr.write('usage: node bench/cold-start.mjs tidings|handlebars DATA_JSON | compile\n');
  process.exit(2);
}
const data = JSON.parse(dataJson);
const other = { ...data, direction: data.direction === 'in' ? 'out' : 'in' };

let render;
let t = performance.now();
if (mode === 'tidings') {
  const tidings = require('../index.js');
  render = (d) => tidings.render(MESSAGE, LOCALE, d, { channels: ['sms'] }).channels.sms.text;
} else {
  require('handlebars');
  const { templates, dataOptions } = await import('./hbs-render.mjs');
  const options = dataOptions(LOCALE);
  render = (d) => templates(MESSAGE, LOCALE).sms(d, options);
}
const load = performance.now() - t;

t = performance.now();
const text = render(data);
const first = performance.now() - t;
if (!text) throw new Error('no SMS text');

t = performance.now();
render(other);
const second = performance.now() - t;

process.stdout.write(JSON.stringify({ load, first, total: load + first, second }) + '\n');
