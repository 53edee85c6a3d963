// One cold start, in a fresh process (run.mjs spawns each mode 5 times):
//   node bench/cold-start.cjs          → {load, first, total, second}
//   node bench/cold-start.cjs compile  → {compile}
// in milliseconds:
//   compile:  read + WebAssembly.compile of pkg/node/tidings_bg.wasm alone, in its own
//             process (V8 reuses a module compiled from identical bytes in the same
//             process, so measuring it before the require would flatter `load`)
//   load:     require('pkg/node/tidings.js') — read, compile, instantiate, start
//   first:    the first render of one message (the catalog, templates and formatters
//             are built lazily on first use)
//   total:    load + first  (the cold-start number)
//   second:   a second render of the same message, for comparison
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const PKG = path.join(__dirname, '..', 'pkg', 'node');
const record = {
  account: '6222021234567890',
  direction: 'out',
  amount: { amount: '2500.00', currency: 'CNY' },
  balance: { amount: '12345.67', currency: 'CNY' },
  counterparty: '林小美',
  time: '2026-11-28T06:12:00Z',
};

(async () => {
  let t = performance.now();
  if (process.argv[2] === 'compile') {
    // V8 compiles wasm lazily (Liftoff on first call, TurboFan later), so this is mostly
    // decoding and validation.
    await WebAssembly.compile(fs.readFileSync(path.join(PKG, 'tidings_bg.wasm')));
    process.stdout.write(JSON.stringify({ compile: performance.now() - t }) + '\n');
    return;
  }

  const tidings = require(path.join(PKG, 'tidings.js'));
  const load = performance.now() - t;

  t = performance.now();
  const r = tidings.render('security.funds_moved', 'zh-CN', record, { channels: ['sms'] });
  const first = performance.now() - t;
  if (!r.channels.sms.text) throw new Error('no SMS text');

  t = performance.now();
  tidings.render('security.funds_moved', 'zh-CN', { ...record, direction: 'in' }, { channels: ['sms'] });
  const second = performance.now() - t;

  process.stdout.write(JSON.stringify({ load, first, total: load + first, second }) + '\n');
})();
