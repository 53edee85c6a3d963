#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by category
// (inside WASM, the wasm-bindgen glue, the batch pipeline, Node internals, GC, idle)
// and the top functions by self time.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/tidings.mjs render bench/data/records-….jsonl --out /tmp/o.jsonl --quiet --workers 0
//   node bench/profile-summary.mjs /tmp/prof/CPU.*.cpuprofile [top=25] [inclusive-regex]
// With a regex, also prints inclusive (self + callees) time of each matching function
// (recursion counted once). Function names need a module with a name section: the
// release build removes it, so for names run wasm-bindgen without
// --remove-name-section on target/wasm32-unknown-unknown/release/tidings_wasm.wasm
// (the binding crate's module) into a directory of its own, and load that tidings.js.
import fs from 'node:fs';

const [file, topArg, inclusiveArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs PROFILE.cpuprofile [top]');
  process.exit(2);
}
const TOP = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  // A sample's time is the delta to the next sample.
  const dt = i + 1 < deltas.length ? deltas[i + 1] : 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
}

function category(cf) {
  const { url, functionName: fn } = cf;
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle (waiting for I/O)';
  if (fn === '(program)') return '(program): native, not attributed';
  if (url.startsWith('wasm://') || /^\$?(func|wasm-function)/.test(fn) || (!url && /^\$/.test(fn))) return 'inside WASM';
  if (url.includes('pkg/node/tidings.js')) return 'wasm-bindgen glue (pkg/node/tidings.js)';
  if (url.includes('/lib/')) return 'tidings JS (lib/)';
  if (url.includes('/bin/')) return 'tidings JS (bin/)';
  if (url.includes('node_modules')) return 'npm packages';
  if (url.startsWith('node:') || url === '' ) return 'Node internals / builtins';
  return 'other JS';
}

const cats = new Map();
const fns = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const cf = node.callFrame;
  total += us;
  const c = category(cf);
  cats.set(c, (cats.get(c) ?? 0) + us);
  const key = `${cf.functionName || '(anonymous)'}  ${cf.url.replace(/^.*\/(?=[^/]+\/[^/]+$)/, '')}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
}
const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled (main thread only)`);
console.log('\nself time by category:');
for (const [c, us] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`  ${ms(us)} ms ${pct(us)}  ${c}`);
console.log(`\ntop ${TOP} functions by self time:`);
for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${ms(us)} ms ${pct(us)}  ${f}`);

if (inclusiveArg) {
  const re = new RegExp(inclusiveArg);
  const children = new Map(profile.nodes.map((n) => [n.id, n.children ?? []]));
  const inclusive = new Map();
  // Depth-first; a function's time counts at its outermost frame only.
  const walk = (id, open) => {
    const node = byId.get(id);
    const name = node.callFrame.functionName || '(anonymous)';
    let sum = selfUs.get(id) ?? 0;
    const opened = re.test(name) && !open.has(name);
    if (opened) open.add(name);
    for (const c of children.get(id)) sum += walk(c, open);
    if (opened) {
      open.delete(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0].id, new Set());
  console.log(`\ninclusive time of functions matching /${inclusiveArg}/:`);
  for (const [f, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${ms(us)} ms ${pct(us)}  ${f}`);
}
