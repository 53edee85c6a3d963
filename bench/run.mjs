#!/usr/bin/env node
// `make bench`: tidings against a Handlebars.js pipeline on the same generated records,
// plus module size, cold start and peak RSS. Prints a report; never fails on a missed
// target (a benchmark is not a test). Exit 2 only when it cannot run at all.
//
// Environment:
//   BENCH_RECORDS      records for the throughput runs (default 200000)
//   BENCH_RSS_RECORDS  records for the peak-RSS run (default 1000000)
//   BENCH_RUNS         timed runs of each variant; the median is reported (default 3)
//   BENCH_KEEP=1       keep the output files in bench/data/ (default: deleted at the end)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureRecords, DATA_DIR, SEED } from './gen.mjs';
import { renderChannels } from './hbs-render.mjs';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const rel = (p) => path.relative(ROOT, p) || '.';

const envInt = (name, dflt, min) => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`bench: ${name} must be a whole number ≥ ${min}, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
};
const N = envInt('BENCH_RECORDS', 200_000, 1);
const RSS_N = envInt('BENCH_RSS_RECORDS', 1_000_000, 1);
const RUNS = envInt('BENCH_RUNS', 3, 1);
const TARGET = { workers1: 1.5, workers2: 1.8, rssMB: 200 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

// ------------------------------------------------------------------ header

const benchEnv = Object.keys(process.env).filter((k) => k.startsWith('BENCH_')).sort().map((k) => `${k}=${process.env[k]}`);
console.log('tidings benchmark');
console.log(`command:  ${[...benchEnv, 'node', ...process.argv.slice(1).map((a) => (path.isAbsolute(a) ? rel(a) : a))].join(' ')}  (cwd ${ROOT})`);
console.log(`date:     ${new Date().toISOString()}`);
console.log(`node:     ${process.version} (V8 ${process.versions.v8}, ICU ${process.versions.icu}, CLDR ${process.versions.cldr})`);
console.log(`cpu:      ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length} (availableParallelism ${os.availableParallelism()}), ${os.platform()} ${os.release()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
console.log(`handlebars.js ${require('handlebars/package.json').version}; runs per variant: ${RUNS} (median reported)`);

const NODE_PKG = path.join(ROOT, 'pkg/node/tidings.js');
const WEB_WASM = path.join(ROOT, 'pkg/web/tidings_bg.wasm');
for (const f of [NODE_PKG, WEB_WASM]) {
  if (!fs.existsSync(f)) {
    console.error(`bench: ${rel(f)} is missing — run \`make build\` (or \`make bench\`) first`);
    process.exit(2);
  }
}
const wasmStat = fs.statSync(path.join(ROOT, 'pkg/node/tidings_bg.wasm'));
console.log(`module:   pkg/node/tidings_bg.wasm built ${wasmStat.mtime.toISOString()}`);

// ------------------------------------------------------------------ records

function records(n) {
  const t = process.hrtime.bigint();
  const { file, generated } = ensureRecords(n);
  const mb = (fs.statSync(file).size / 1e6).toFixed(1);
  console.log(`records:  ${rel(file)} (${fmtInt(n)} records, ${mb} MB, seed ${SEED}${generated ? `, generated in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s` : ', reused'})`);
  return file;
}
console.log('');
const input = records(N);
const rssInput = records(RSS_N);
console.log('          mix: 50% security.funds_moved zh-CN channels [sms], 50% service.maintenance en channels [email]');

// ------------------------------------------------------------------ correctness

/** The first `count` records of a JSONL file (reads only the start of it). */
function firstRecords(file, count) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const lines = buf.subarray(0, n).toString('utf8').split('\n');
  lines.pop(); // possibly cut
  return lines.slice(0, count);
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ctx = (s) => JSON.stringify(s.slice(Math.max(0, i - 12), i + 12));
  const cp = (s) => (i < s.length ? `U+${s.codePointAt(i).toString(16).toUpperCase().padStart(4, '0')}` : 'end');
  return `at char ${i}: tidings ${cp(a)} ${ctx(a)} vs handlebars.js ${cp(b)} ${ctx(b)}`;
}

function checkCorrectness() {
  console.log('\n== correctness: tidings (renderChunk) vs Handlebars.js on the first records ==');
  const tidings = require(NODE_PKG);
  const lines = firstRecords(input, 2000);
  const result = tidings.renderChunk(new TextEncoder().encode(lines.join('\n') + '\n'), 1, {});
  const outcomes = new TextDecoder().decode(result.output).trimEnd().split('\n').map((l) => JSON.parse(l));
  const stats = new Map(); // part → {same, differ, examples}
  // CLDR's en time format puts U+202F (narrow no-break space) before AM/PM; the host's
  // Intl may use U+0020. Differences that are only that are counted apart.
  const nnbsp = (x) => x.replaceAll('\u202f', ' ');
  const note = (part, a, b, id) => {
    let s = stats.get(part);
    if (!s) stats.set(part, (s = { same: 0, nnbsp: 0, differ: 0, examples: [] }));
    if (a === b) s.same++;
    else if (nnbsp(a) === nnbsp(b)) {
      s.nnbsp++;
      if (s.examples.length < 1) s.examples.push(`${id} ${firstDifference(a, b)}`);
    } else {
      s.differ++;
      if (s.examples.length < 3) s.examples.push(`${id} ${firstDifference(a, b)}`);
    }
  };
  const samples = { sms: [], email: [] };
  let failed = 0;
  lines.forEach((line, i) => {
    const record = JSON.parse(line);
    const t = outcomes[i];
    if (t.status !== 'rendered') {
      failed++;
      if (failed <= 3) console.log(`  tidings did not render ${record.id}: ${t.status} ${JSON.stringify(t.reason)}`);
      return;
    }
    const h = renderChannels(record);
    if (t.channels.sms) {
      const sig = '【北风支付】';
      const raw = t.channels.sms.text;
      const text = raw.startsWith(sig) ? raw.slice(sig.length) : raw;
      note('sms (minus signature)', text, h.sms.text, record.id);
      if (samples.sms.length < 3) samples.sms.push([record, text, h.sms.text]);
    }
    if (t.channels.email) {
      for (const k of ['subject', 'html', 'text']) note(`email.${k}`, t.channels.email[k], h.email[k], record.id);
      if (samples.email.length < 2) samples.email.push([record, t.channels.email.text, h.email.text]);
    }
  });
  for (const [record, t, h] of samples.sms) {
    const d = record.data;
    console.log(`  ${record.id} sms  ${d.direction} ${d.amount.amount} bal ${d.balance.amount} ${d.time} ${record.timeZone ?? '(default zone)'}`);
    console.log(`    tidings:       ${t}`);
    console.log(`    handlebars.js: ${h}`);
  }
  const when = (s) => s.split('\n').find((l) => l.startsWith('When:')) ?? '';
  const items = (s) => s.split('\n').filter((l) => l.startsWith('- ')).join(' ');
  for (const [record, t, h] of samples.email) {
    console.log(`  ${record.id} email.text  ${record.data.startTime}…${record.data.endTime} ${record.timeZone}`);
    console.log(`    tidings:       ${when(t)} | ${items(t)}`);
    console.log(`    handlebars.js: ${when(h)} | ${items(h)}`);
  }
  console.log(`  compared ${lines.length} records${failed ? `; tidings failed ${failed}` : ''}:`);
  for (const [part, s] of stats) {
    console.log(`    ${pad(part, 22)} ${lpad(s.same, 5)} identical, ${lpad(s.nnbsp, 5)} differ only in U+202F vs U+0020 before AM/PM, ${lpad(s.differ, 5)} otherwise different`);
    for (const e of s.examples) console.log(`      e.g. ${e}`);
  }
  console.log('  (tidings also validates each record against the manifest, neutralises untrusted values,');
  console.log('   adds the SMS signature and counts SMS encoding/units/segments; the baseline does none of that)');
}

// ------------------------------------------------------------------ throughput

const HAS_TIME = fs.existsSync('/usr/bin/time');

/**
 * Runs `node args…` (under /usr/bin/time when there is one, for CPU time and max RSS);
 * resolves with wall seconds (measured here), exit code, stderr and, if known,
 * cpu seconds (user + sys) and maxRssKB.
 */
function timed(args) {
  return new Promise((resolve, reject) => {
    const [cmd, cmdArgs] = HAS_TIME ? ['/usr/bin/time', ['-f', 'BENCH_TIME %e %U %S %M', process.execPath, ...args]] : [process.execPath, args];
    const started = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const m = /^BENCH_TIME (\S+) (\S+) (\S+) (\d+)$/m.exec(stderr);
      const rest = stderr.replace(/^BENCH_TIME .*$/m, '').trim();
      // /usr/bin/time reports a child's non-zero exit as "Command exited with non-zero status N".
      resolve({ seconds, code, signal, stderr: rest, cpu: m ? Number(m[2]) + Number(m[3]) : undefined, maxRssKB: m ? Number(m[4]) : undefined });
    });
  });
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

/** Lines and `"status":"rendered"` lines of an output file (read in 8 MiB pieces). */
function countOutput(file) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8 << 20);
  const needle = Buffer.from('"status":"rendered"');
  let lines = 0;
  let rendered = 0;
  let carry = Buffer.alloc(0);
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
    const piece = Buffer.concat([carry, buf.subarray(0, n)]);
    const cut = piece.lastIndexOf(10) + 1;
    const whole = piece.subarray(0, cut);
    for (let i = whole.indexOf(10); i !== -1; i = whole.indexOf(10, i + 1)) lines++;
    for (let i = whole.indexOf(needle); i !== -1; i = whole.indexOf(needle, i + 1)) rendered++;
    carry = Buffer.from(piece.subarray(cut));
  }
  fs.closeSync(fd);
  return { lines, rendered };
}

const outFile = (name) => path.join(DATA_DIR, `out-${name}.jsonl`);
const cli = (workers) => (inFile, out) => ['bin/tidings.mjs', 'render', rel(inFile), '--out', rel(out), '--quiet', '--workers', String(workers)];
const VARIANTS = [
  { key: 'hbs', name: 'Handlebars.js pipeline (1 thread)', args: (inFile, out) => ['bench/handlebars-pipeline.mjs', rel(inFile), rel(out)] },
  { key: 'workers0', name: 'tidings in-process (--workers 0)', args: cli(0) },
  { key: 'workers1', name: 'tidings CLI --workers 1', args: cli(1) },
  { key: 'workers2', name: 'tidings CLI --workers 2', args: cli(2) },
];

async function throughput() {
  const startLoad = loadavg();
  console.log(`\n== throughput: ${fmtInt(N)} records, JSONL file → JSONL file, wall clock of a child process (incl. start-up) ==`);
  for (const v of VARIANTS) console.log(`  ${pad(v.key, 9)} node ${v.args(input, outFile(v.key)).join(' ')}`);
  const times = new Map(VARIANTS.map((v) => [v.key, []]));
  const broken = new Set();
  // Rounds interleave the variants so that drift on a noisy machine hits them alike.
  for (let round = 1; round <= RUNS; round++) {
    const line = [];
    for (const v of VARIANTS) {
      if (broken.has(v.key)) continue;
      const out = outFile(v.key);
      const r = await timed(v.args(input, out));
      if (r.code !== 0) {
        console.log(`  ${v.key}: exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        broken.add(v.key);
        continue;
      }
      if (round === 1) {
        const c = countOutput(out);
        if (c.lines !== N || c.rendered !== N) console.log(`  ${v.key}: WARNING output has ${c.lines} lines, ${c.rendered} rendered (expected ${N} each)`);
      }
      times.get(v.key).push(r);
      line.push(`${v.key} ${r.seconds.toFixed(2)} s${r.cpu === undefined ? '' : ` (cpu ${r.cpu.toFixed(2)})`}`);
    }
    console.log(`  round ${round}/${RUNS}: ${line.join(', ')}; load avg ${loadavg()}`);
  }
  const result = {};
  for (const v of VARIANTS) {
    const rs = times.get(v.key);
    if (!rs.length) continue;
    const seconds = median(rs.map((r) => r.seconds));
    const cpu = rs.every((r) => r.cpu !== undefined) ? median(rs.map((r) => r.cpu)) : undefined;
    const rss = rs.every((r) => r.maxRssKB !== undefined) ? median(rs.map((r) => r.maxRssKB)) : undefined;
    result[v.key] = { name: v.name, seconds, rate: N / seconds, cpu, rss, all: rs.map((r) => r.seconds) };
  }
  const base = result.hbs?.rate;
  console.log('');
  console.log(`  ${pad('variant', 34)} ${lpad('seconds', 7)} ${lpad('messages/s', 10)} ${lpad('vs hbs.js', 9)} ${lpad('cpu s', 6)} ${lpad('msg/cpu-s', 9)} ${lpad('RSS MB', 6)}   wall of each run (s)`);
  for (const v of VARIANTS) {
    const r = result[v.key];
    if (!r) {
      console.log(`  ${pad(v.name, 34)} ${lpad('failed', 7)}`);
      continue;
    }
    const ratio = base ? `${(r.rate / base).toFixed(2)}×` : '–';
    const cpu = r.cpu === undefined ? '–' : r.cpu.toFixed(2);
    const perCpu = r.cpu === undefined ? '–' : fmtInt(N / r.cpu);
    const rss = r.rss === undefined ? '–' : ((r.rss * 1024) / 1e6).toFixed(0);
    console.log(`  ${pad(v.name, 34)} ${lpad(r.seconds.toFixed(2), 7)} ${lpad(fmtInt(r.rate), 10)} ${lpad(ratio, 9)} ${lpad(cpu, 6)} ${lpad(perCpu, 9)} ${lpad(rss, 6)}   ${r.all.map((s) => s.toFixed(2)).join(' ')}`);
  }
  console.log('  (seconds = median wall clock incl. process start; cpu s = median user+sys of the process, all threads;');
  console.log(`   other load on the machine shows in wall time first — load average before the runs was ${startLoad})`);
  return result;
}

// ------------------------------------------------------------------ size, cold start, RSS

function moduleSize() {
  console.log('\n== module size: pkg/web/tidings_bg.wasm ==');
  const raw = fs.readFileSync(WEB_WASM);
  const gzip = zlib.gzipSync(raw, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length;
  const show = (n) => `${fmtInt(n)} B (${(n / 1024).toFixed(0)} KiB)`;
  console.log(`  raw ${show(raw.length)}   gzip -9 ${show(gzip)}   brotli q11 ${show(brotli)}`);
}

function coldStart() {
  const RUNS_COLD = 5;
  console.log(`\n== cold start in Node: ${RUNS_COLD} fresh processes each (node bench/cold-start.cjs [compile]) ==`);
  const run = (args) => {
    const r = spawnSync(process.execPath, ['bench/cold-start.cjs', ...args], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold-start.cjs ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
    return JSON.parse(r.stdout);
  };
  try {
    const full = Array.from({ length: RUNS_COLD }, () => run([]));
    const compile = Array.from({ length: RUNS_COLD }, () => run(['compile']));
    const m = (xs, k) => median(xs.map((x) => x[k])).toFixed(1);
    console.log(`  require(pkg/node/tidings.js) + first render of security.funds_moved zh-CN sms: ${m(full, 'total')} ms median`);
    console.log(`    require (read + compile + instantiate + start) ${m(full, 'load')} ms; first render ${m(full, 'first')} ms; second render ${m(full, 'second')} ms`);
    console.log(`    WebAssembly.compile of the bytes alone (separate processes): ${m(compile, 'compile')} ms`);
    console.log(`    all totals (ms): ${full.map((x) => x.total.toFixed(1)).join(' ')}`);
  } catch (e) {
    console.log(`  cold start could not be measured: ${e.message}`);
  }
}

async function peakRss() {
  const out = outFile('rss');
  const args = ['bin/tidings.mjs', 'render', rel(rssInput), '--out', rel(out), '--quiet', '--workers', '2'];
  console.log(`\n== peak RSS: ${fmtInt(RSS_N)} records, tidings CLI --workers 2 (one process; worker threads included) ==`);
  // Without /usr/bin/time, the wrapper runs the CLI in-process and reports resourceUsage().maxRSS.
  const run = HAS_TIME ? args : ['bench/rss-wrapper.mjs', ...args.slice(1)];
  console.log(`  ${HAS_TIME ? '/usr/bin/time -f %M ' : ''}node ${run.join(' ')}`);
  const r = await timed(run);
  let kb = r.maxRssKB;
  if (!HAS_TIME) {
    const m = /^maxrss_kb (\d+)$/m.exec(r.stderr);
    kb = m ? Number(m[1]) : undefined;
  }
  fs.rmSync(out, { force: true });
  if (r.code !== 0 || kb === undefined) {
    console.log(`  failed (exit ${r.code ?? r.signal}): ${r.stderr.split('\n').slice(-3).join(' | ')}`);
    return undefined;
  }
  const mb = (kb * 1024) / 1e6;
  const cpu = r.cpu === undefined ? '' : `, cpu ${r.cpu.toFixed(2)} s`;
  console.log(`  max RSS ${mb.toFixed(1)} MB (${(kb / 1024).toFixed(1)} MiB); run took ${r.seconds.toFixed(2)} s = ${fmtInt(RSS_N / r.seconds)} messages/s${cpu}`);
  return mb;
}

// ------------------------------------------------------------------ main

checkCorrectness();
const tp = await throughput();
moduleSize();
coldStart();
const rssMB = await peakRss();

console.log('\n== targets ==');
const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'MET' : 'NOT MET');
const w1 = tp.workers1 && tp.hbs ? tp.workers1.rate / tp.hbs.rate : undefined;
const w2 = tp.workers2 && tp.workers1 ? tp.workers2.rate / tp.workers1.rate : undefined;
console.log(`  --workers 1 vs Handlebars.js  ≥ ${TARGET.workers1}×: ${w1 === undefined ? '–' : `${w1.toFixed(2)}×`}  ${verdict(w1 === undefined ? undefined : w1 >= TARGET.workers1)}`);
console.log(`  --workers 2 vs --workers 1    ≥ ${TARGET.workers2}×: ${w2 === undefined ? '–' : `${w2.toFixed(2)}×`}  ${verdict(w2 === undefined ? undefined : w2 >= TARGET.workers2)}`);
console.log(`  peak RSS, ${fmtInt(RSS_N)} records, 2 workers ≤ ${TARGET.rssMB} MB: ${rssMB === undefined ? '–' : `${rssMB.toFixed(1)} MB`}  ${verdict(rssMB === undefined ? undefined : rssMB <= TARGET.rssMB)}`);
console.log('  (a missed target is reported, not failed: this exits 0)');

if (!process.env.BENCH_KEEP) for (const v of VARIANTS) fs.rmSync(outFile(v.key), { force: true });
