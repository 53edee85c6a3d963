#!/usr/bin/env node
// `make bench`: tidings against Handlebars.js, each pair measured side by side in this
// run — batch throughput (a mixed job and an SMS-only job), one render() call from JS
// with a breakdown of its time, an editor keystroke, cold start, peak RSS, module size —
// then one line per target of issue 10 with the figures, the ratio and "met"/"NOT met".
//
// A missed target is reported, not failed: a benchmark is not a test. A variant that
// cannot run is a failure: a non-zero exit, an output without one rendered outcome per
// record, or a case that throws ends the run with exit 1 and a message naming the
// variant and its stderr, before any table could show a figure for it. Exit 2: it
// cannot start (bad environment variable, no pkg/). Each section says how much CPU
// other processes took while it ran: on a shared machine that decides what a figure is
// worth.
//
// Environment:
//   BENCH_QUICK=1      smaller defaults, about a minute: 20,000 records, 100,000 for
//                      RSS, one run, fewer and shorter per-call rounds
//   BENCH_RECORDS      records for each throughput job (default 200000; quick 20000)
//   BENCH_RSS_RECORDS  records for the peak-RSS run (default 1000000; quick 100000)
//   BENCH_RUNS         timed runs of each variant; the median is reported (default 3; quick 1)
//   BENCH_KEEP=1       keep the output files in bench/data/ (default: deleted at the end)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureRecords, records, DATA_DIR, SEED, JOBS } from './gen.mjs';
import { renderChannels } from './hbs-render.mjs';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const rel = (p) => path.relative(ROOT, p) || '.';

/**
 * A benchmark variant that could not run: reported with its stderr (a child process's;
 * undefined for a check made in this process), exit 1.
 */
class VariantFailed extends Error {
  constructor(variant, what, stderr = undefined, kept = undefined) {
    super(`${variant}: ${what}`);
    Object.assign(this, { variant, what, stderr, kept });
  }
}

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
const QUICK = envInt('BENCH_QUICK', 0, 0) > 0;
const N = envInt('BENCH_RECORDS', QUICK ? 20_000 : 200_000, 1);
const RSS_N = envInt('BENCH_RSS_RECORDS', QUICK ? 100_000 : 1_000_000, 1);
const RUNS = envInt('BENCH_RUNS', QUICK ? 1 : 3, 1);
// Many short rounds rather than a few long ones: ratios and differences are taken within
// a round, and the more rounds, the less one disturbed round weighs.
const MICRO = QUICK ? ['--rounds', '5', '--ms', '60'] : ['--rounds', '15', '--ms', '100'];
const COLD_RUNS = QUICK ? 3 : 7;
const KEEP = Boolean(process.env.BENCH_KEEP);

// Issue 10, "Targets". Speed ratios are tidings ÷ Handlebars.js (higher is better).
// Issue 10's targets, and issue 11's cold start (require + first render, in ms).
const TARGET = { batch: 3, workers2: 1.8, call: 1, keystroke: 5, rssMB: 200, coldMs: 15 };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/**
 * The median of a[i] / b[i]: a ratio of two things measured in the same round, one after
 * the other. On a shared VM the speed of the whole machine drifts between rounds (the
 * CPU time of one run varies by 20%); a ratio within a round cancels most of that drift,
 * a ratio of two medians taken from different rounds does not.
 */
const pairedRatio = (a, b) => median(a.map((v, i) => v / b[i]));
/** The median of a[i] − b[i], for the same reason. */
const pairedDiff = (a, b) => median(a.map((v, i) => v - b[i]));
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const x = (r) => `${r.toFixed(2)}×`;
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// ------------------------------------------------------------------ header

const benchEnv = Object.keys(process.env).filter((k) => k.startsWith('BENCH_')).sort().map((k) => `${k}=${process.env[k]}`);
console.log(`tidings benchmark${QUICK ? ' (quick mode)' : ''}`);
console.log(`command:  ${[...benchEnv, 'node', ...process.argv.slice(1).map((a) => (path.isAbsolute(a) ? rel(a) : a))].join(' ')}  (cwd ${ROOT})`);
console.log(`date:     ${new Date().toISOString()}`);
console.log(`node:     ${process.version} (V8 ${process.versions.v8}, ICU ${process.versions.icu}, CLDR ${process.versions.cldr})`);
console.log(`cpu:      ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length} (availableParallelism ${os.availableParallelism()}), ${os.platform()} ${os.release()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM; load avg ${loadavg()}`);
console.log(`handlebars.js ${require('handlebars/package.json').version}; timed runs per batch variant: ${RUNS} (median reported)`);

const NODE_WASM = path.join(ROOT, 'pkg/node/tidings_bg.wasm');
const WEB_WASM = path.join(ROOT, 'pkg/web/tidings_bg.wasm');
for (const f of [path.join(ROOT, 'pkg/node/tidings.js'), NODE_WASM, WEB_WASM]) {
  if (!fs.existsSync(f)) {
    console.error(`bench: ${rel(f)} is missing — run \`make build\` (or \`make bench\`) first`);
    process.exit(2);
  }
}
const wasmBytes = fs.readFileSync(NODE_WASM);
console.log(`module:   pkg/node/tidings_bg.wasm, ${fmtInt(wasmBytes.length)} B, sha256 ${createHash('sha256').update(wasmBytes).digest('hex').slice(0, 16)}…, modified ${fs.statSync(NODE_WASM).mtime.toISOString()}`);

// ------------------------------------------------------------------ child processes

const HAS_TIME = fs.existsSync('/usr/bin/time');

/**
 * Runs `node args…` (under /usr/bin/time when there is one, for CPU time and max RSS);
 * resolves with wall seconds (measured here), exit code, stdout, stderr and, if known,
 * cpu seconds (user + sys) and maxRssKB.
 */
function run(args, { stdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const [cmd, cmdArgs] = HAS_TIME ? ['/usr/bin/time', ['-f', 'BENCH_TIME %e %U %S %M', process.execPath, ...args]] : [process.execPath, args];
    const started = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', stdout ? 'pipe' : 'ignore', 'pipe'] });
    let err = '';
    let out = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const m = /^BENCH_TIME (\S+) (\S+) (\S+) (\d+)$/m.exec(err);
      // /usr/bin/time adds "Command exited with non-zero status N" and its own line.
      const rest = err.replace(/^BENCH_TIME .*$/m, '').replace(/^Command (exited with non-zero status|terminated by signal) .*$/m, '').trim();
      resolve({ seconds, code, signal, stdout: out, stderr: rest, cpu: m ? Number(m[2]) + Number(m[3]) : undefined, maxRssKB: m ? Number(m[4]) : undefined });
    });
  });
}

const shown = (args) => `node ${args.join(' ')}`;

/** Throws VariantFailed unless the child exited 0; `out`, its output file, is described too. */
function mustSucceed(variant, args, r, out) {
  if (r.code === 0) return;
  let what = `\`${shown(args)}\` exited ${r.code ?? `on ${r.signal}`}`;
  // With --quiet the CLI says nothing about failed records: its output does.
  if (out && fs.existsSync(out)) what += `\n  ${describeOutput(countOutput(out))}`;
  throw new VariantFailed(variant, what, r.stderr, out);
}

/** The JSON a child wrote on stdout, or VariantFailed. */
function jsonOf(variant, args, r) {
  mustSucceed(variant, args, r);
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    throw new VariantFailed(variant, `\`${shown(args)}\` wrote no JSON result (${e.message})`, r.stderr);
  }
}

// ------------------------------------------------------------------ other load

const TICK = 100; // USER_HZ: the unit of /proc/stat and /proc/self/stat on Linux
const readTicks = () => {
  // busy = user nice system irq softirq steal (on a VM, steal is a neighbour's time)
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const machine = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
  // utime stime cutime cstime of this process: its waited-for children and theirs included
  const own = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ').slice(11, 15).map(Number);
  return { machine, own: own.reduce((a, b) => a + b, 0), at: process.hrtime.bigint() };
};
const HAS_PROC = (() => {
  try {
    readTicks();
    return true;
  } catch {
    return false;
  }
})();
const otherLoad = []; // [section, cores] for the summary

/**
 * Measures the CPU that other processes took while a section ran: the machine's busy
 * time minus this process's and its children's. On a shared machine figures are only
 * as good as this is small, so every section reports it.
 */
function meter(section) {
  const start = HAS_PROC ? readTicks() : undefined;
  return () => {
    if (!start) return;
    const end = readTicks();
    const seconds = Number(end.at - start.at) / 1e9;
    const cores = Math.max(0, (end.machine - start.machine - (end.own - start.own)) / TICK / seconds);
    otherLoad.push([section, cores]);
    console.log(`  other processes kept ${cores.toFixed(2)} of ${os.availableParallelism()} cores busy during this section, on average`);
  };
}

// ------------------------------------------------------------------ records

function ensure(n, job, label = job) {
  const t = process.hrtime.bigint();
  const { file, generated } = ensureRecords(n, { job });
  const mb = (fs.statSync(file).size / 1e6).toFixed(1);
  console.log(`  ${pad(label, 12)} ${rel(file)} (${fmtInt(n)} records, ${mb} MB${generated ? `, generated in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s` : ', reused'})`);
  return file;
}

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

// ------------------------------------------------------------------ correctness

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ctx = (s) => JSON.stringify(s.slice(Math.max(0, i - 12), i + 12));
  const cp = (s) => (i < s.length ? `U+${s.codePointAt(i).toString(16).toUpperCase().padStart(4, '0')}` : 'end');
  return `at char ${i}: tidings ${cp(a)} ${ctx(a)} vs handlebars.js ${cp(b)} ${ctx(b)}`;
}

/**
 * tidings (renderChunk) and the Handlebars.js baseline on the job's first records: both
 * must render every record (else VariantFailed); differences in text are reported.
 */
function checkCorrectness(job, file) {
  const tidings = require('../index.js');
  const lines = firstRecords(file, 2000);
  const result = tidings.renderChunk(new TextEncoder().encode(lines.join('\n') + '\n'), 1, {});
  const outcomes = new TextDecoder().decode(result.output).trimEnd().split('\n').map((l) => JSON.parse(l));
  const notRendered = outcomes.filter((o) => o.status !== 'rendered');
  if (notRendered.length) {
    const shownReasons = notRendered.slice(0, 3).map((o) => `  line ${o.line} ${o.id}: ${o.status} ${JSON.stringify(o.reason)}`).join('\n');
    throw new VariantFailed(`tidings on job ${job}`, `${notRendered.length} of the first ${lines.length} generated records did not render (bench/gen.mjs must generate records valid for the catalog):\n${shownReasons}`);
  }
  const stats = new Map(); // part → {same, nnbsp, differ, examples}
  // CLDR's en time format puts U+202F (narrow no-break space) before AM/PM; the host's
  // Intl may use U+0020. Differences that are only that are counted apart.
  const nnbsp = (s) => s.replaceAll('\u202f', ' ');
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
  const samples = [];
  lines.forEach((line, i) => {
    const record = JSON.parse(line);
    const t = outcomes[i];
    let h;
    try {
      h = renderChannels(record);
    } catch (e) {
      throw new VariantFailed(`Handlebars.js baseline on job ${job}`, `record ${record.id} does not render: ${e.stack}`);
    }
    if (t.channels.sms) {
      // tidings puts the locale's signature before every SMS; the baseline has none.
      const text = t.channels.sms.text;
      const bare = text.endsWith(h.sms.text) ? h.sms.text : text.replace(/^(【[^】]*】|\[[^\]]*\] ?)/, '');
      note('sms (minus signature)', bare, h.sms.text, record.id);
      if (samples.length < 2) samples.push(`  ${record.id} sms\n    tidings:       ${text}\n    handlebars.js: ${h.sms.text}`);
    }
    if (t.channels.email) {
      for (const k of ['subject', 'html', 'text']) note(`email.${k}`, t.channels.email[k], h.email[k], record.id);
      const when = (s) => s.split('\n').find((l) => l.startsWith('When:')) ?? '';
      if (samples.length < 4) samples.push(`  ${record.id} email.text ${record.timeZone}\n    tidings:       ${when(t.channels.email.text)}\n    handlebars.js: ${when(h.email.text)}`);
    }
  });
  console.log(`  job ${job}: ${lines.length} records, all rendered by both`);
  for (const s of samples) console.log(s);
  for (const [part, s] of stats) {
    console.log(`    ${pad(part, 22)} ${lpad(s.same, 5)} identical, ${lpad(s.nnbsp, 5)} differ only in U+202F vs U+0020 before AM/PM, ${lpad(s.differ, 5)} otherwise different`);
    for (const e of s.examples) console.log(`      e.g. ${e}`);
  }
}

// ------------------------------------------------------------------ throughput

/** Lines, `"status":"rendered"` lines and the first other line of an output file. */
function countOutput(file) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8 << 20);
  const needle = Buffer.from('"status":"rendered"');
  let lines = 0;
  let rendered = 0;
  let firstOther;
  let carry = Buffer.alloc(0);
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
    const piece = Buffer.concat([carry, buf.subarray(0, n)]);
    const cut = piece.lastIndexOf(10) + 1;
    const whole = piece.subarray(0, cut);
    for (let start = 0, nl = whole.indexOf(10); nl !== -1; start = nl + 1, nl = whole.indexOf(10, start)) {
      lines++;
      const at = whole.indexOf(needle, start);
      if (at !== -1 && at < nl) rendered++;
      else firstOther ??= whole.subarray(start, Math.min(nl, start + 600)).toString('utf8');
    }
    carry = Buffer.from(piece.subarray(cut));
  }
  fs.closeSync(fd);
  return { lines, rendered, firstOther };
}

const describeOutput = (c) => `the output has ${fmtInt(c.lines)} lines, ${fmtInt(c.rendered)} rendered${c.firstOther ? `; the first that is not: ${c.firstOther}` : ''}`;

/** VariantFailed unless the output has one rendered outcome per input record. */
function mustRenderAll(variant, file, n, stderr) {
  const c = countOutput(file);
  if (c.lines !== n || c.rendered !== n) throw new VariantFailed(variant, `${describeOutput(c)}; expected ${fmtInt(n)} lines, all rendered`, stderr, file);
}

const outFile = (name) => path.join(DATA_DIR, `out-${name}.jsonl`);
const outputs = new Set();
const cli = (workers) => (inFile, out) => ['bin/tidings.mjs', 'render', rel(inFile), '--out', rel(out), '--quiet', '--workers', String(workers)];
const VARIANTS = [
  { key: 'hbs', name: 'Handlebars.js pipeline (1 thread)', args: (inFile, out) => ['bench/handlebars-pipeline.mjs', rel(inFile), rel(out)] },
  { key: 'workers0', name: 'tidings in-process (--workers 0)', args: cli(0) },
  { key: 'workers1', name: 'tidings CLI --workers 1', args: cli(1) },
  { key: 'workers2', name: 'tidings CLI --workers 2', args: cli(2) },
];

async function throughput(job, input) {
  const done = meter(`throughput, job ${job}`);
  console.log(`\n== throughput, job ${job} (${JOBS[job].description}): ${fmtInt(N)} records, JSONL file → JSONL file, wall clock of a child process incl. start-up ==`);
  for (const v of VARIANTS) console.log(`  ${pad(v.key, 9)} ${shown(v.args(input, outFile(`${job}-${v.key}`)))}`);
  const times = new Map(VARIANTS.map((v) => [v.key, []]));
  // Rounds interleave the variants so that drift on a noisy machine hits them alike.
  for (let round = 1; round <= RUNS; round++) {
    const line = [];
    for (const v of VARIANTS) {
      const out = outFile(`${job}-${v.key}`);
      outputs.add(out);
      const args = v.args(input, out);
      const r = await run(args);
      const variant = `${v.name} on job ${job}`;
      mustSucceed(variant, args, r, out);
      mustRenderAll(variant, out, N, r.stderr);
      times.get(v.key).push(r);
      line.push(`${v.key} ${r.seconds.toFixed(2)} s${r.cpu === undefined ? '' : ` (cpu ${r.cpu.toFixed(2)})`}`);
    }
    console.log(`  round ${round}/${RUNS}: ${line.join(', ')}; load avg ${loadavg()}`);
  }
  const result = {};
  for (const v of VARIANTS) {
    const rs = times.get(v.key);
    const seconds = median(rs.map((r) => r.seconds));
    const cpu = rs.every((r) => r.cpu !== undefined) ? median(rs.map((r) => r.cpu)) : undefined;
    const rss = rs.every((r) => r.maxRssKB !== undefined) ? median(rs.map((r) => r.maxRssKB)) : undefined;
    result[v.key] = { name: v.name, seconds, rate: N / seconds, cpu, rss, all: rs.map((r) => r.seconds) };
  }
  // Speed of `a` over `b`: b's seconds over a's, round by round.
  result.speedup = (a, b) => pairedRatio(result[b].all, result[a].all);
  console.log('');
  console.log(`  ${pad('variant', 34)} ${lpad('seconds', 7)} ${lpad('messages/s', 10)} ${lpad('vs hbs.js', 9)} ${lpad('cpu s', 6)} ${lpad('msg/cpu-s', 9)} ${lpad('RSS MB', 6)}   wall of each run (s)`);
  for (const v of VARIANTS) {
    const r = result[v.key];
    const cpu = r.cpu === undefined ? '–' : r.cpu.toFixed(2);
    const perCpu = r.cpu === undefined ? '–' : fmtInt(N / r.cpu);
    const rss = r.rss === undefined ? '–' : ((r.rss * 1024) / 1e6).toFixed(0);
    console.log(`  ${pad(v.name, 34)} ${lpad(r.seconds.toFixed(2), 7)} ${lpad(fmtInt(r.rate), 10)} ${lpad(x(result.speedup(v.key, 'hbs')), 9)} ${lpad(cpu, 6)} ${lpad(perCpu, 9)} ${lpad(rss, 6)}   ${r.all.map((s) => s.toFixed(2)).join(' ')}`);
  }
  console.log('  (seconds = median wall clock incl. process start; vs hbs.js = median over rounds of the ratio within a round;');
  console.log('   cpu s = median user+sys, all threads)');
  done();
  return result;
}

// ------------------------------------------------------------------ per call

async function micro(scenario) {
  const args = ['bench/micro.mjs', scenario, ...MICRO];
  const r = await run(args, { stdout: true });
  return jsonOf(`bench/micro.mjs ${scenario}`, args, r);
}

const us = (c) => `${c.us.toFixed(1)} µs`;
const spread = (c) => `(${c.min.toFixed(1)}–${c.max.toFixed(1)})`;

async function perCall() {
  console.log(`\n== one call from JS: the zh-CN SMS of security.funds_moved (node bench/micro.mjs call ${MICRO.join(' ')}) ==`);
  const done = meter('one call');
  const m = await micro('call');
  const c = m.cases;
  console.log(`  ${m.records} generated records, the next one each call; tidings' text ends with Handlebars.js' text for ${m.sameText} of them`);
  console.log(`  ${pad('case', 56)} ${lpad('µs/call', 8)}  ${pad(`(min–max of ${m.rounds})`, 15)} ${lpad('÷ render()', 10)}`);
  for (const v of Object.values(c)) {
    console.log(`  ${pad(v.label, 56)} ${lpad(v.us.toFixed(2), 8)}  ${pad(spread(v), 15)} ${lpad(`${((100 * v.us) / c.render.us).toFixed(0)}%`, 10)}${v.what ? `  ${v.what}` : ''}`);
  }
  const d = (a, b) => `${pairedDiff(a.rounds, b.rounds).toFixed(1)} µs`;
  console.log(`  where render()'s ${us(c.render)} go (estimates: each a median over rounds of a difference within a round):`);
  console.log(`    ${lpad(us(c.chunkPerRecord), 9)}  rendering the record as the batch path does (validate, neutralise, template, SMS count, JSON out)`);
  console.log(`    ${lpad(d(c.chunk1, c.chunkPerRecord), 9)}  fixed per call inside WASM (one record alone in renderChunk vs one of ${m.chunkRecords} in a chunk); renderTemplate('x') alone takes ${us(c.renderTemplateX)}`);
  console.log(`    ${lpad(d(c.render, c.chunk1), 9)}  JS values in and a JS object out instead of bytes (render() − renderChunk of one record), of which:`);
  console.log(`    ${lpad(us(c.stringify), 9)}    JSON.stringify of data and options, as the binding does`);
  console.log(`    ${lpad(d(c.smsInfo, c.smsInfoX), 9)}    counting the SMS and building its SmsInfo object, nonGsm array included (smsInfo(text) − smsInfo('x'))`);
  console.log(`    ${lpad(us(c.negotiate), 9)}    a call with a small object out (negotiateLocale)`);
  console.log(`    for comparison, the template parsed each call (renderTemplate of the same source): ${us(c.renderTemplate)}, ${x(c.renderTemplate.us / c.render.us)} render()`);
  done();
  return m;
}

async function keystroke() {
  console.log(`\n== editor keystroke: a fresh edit of the zh-CN SMS source each call, rendered once (node bench/micro.mjs keystroke ${MICRO.join(' ')}) ==`);
  const done = meter('editor keystroke');
  const m = await micro('keystroke');
  for (const v of Object.values(m.cases)) console.log(`  ${pad(v.label, 84)} ${lpad(v.us.toFixed(1), 8)} µs/call ${pad(spread(v), 15)}${v.what ? ` ${v.what}` : ''}`);
  done();
  return m;
}

// ------------------------------------------------------------------ cold start, size, RSS

async function coldStart(data) {
  console.log(`\n== cold start in a fresh Node process, ${COLD_RUNS} processes per side in turn (node bench/cold-start.mjs tidings|handlebars DATA) ==`);
  const done = meter('cold start');
  const json = JSON.stringify(data);
  const sides = { tidings: [], handlebars: [] };
  const wall = { tidings: [], handlebars: [] };
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const side of Object.keys(sides)) {
      const args = ['bench/cold-start.mjs', side, json];
      const r = await run(args, { stdout: true });
      sides[side].push(jsonOf(`cold start (${side})`, [...args.slice(0, 2), 'DATA'], r));
      wall[side].push(r.seconds * 1000);
    }
  }
  const compile = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const args = ['bench/cold-start.mjs', 'compile'];
    compile.push(jsonOf('cold start (compile)', args, await run(args, { stdout: true })).compile);
  }
  const m = (xs, k) => median(xs.map((v) => v[k]));
  const result = {};
  for (const [side, xs] of Object.entries(sides)) {
    result[side] = { total: m(xs, 'total'), load: m(xs, 'load'), first: m(xs, 'first'), second: m(xs, 'second'), wall: median(wall[side]), totals: xs.map((v) => v.total) };
    const r = result[side];
    const what = side === 'tidings' ? "require('tidings') + first render()" : "require('handlebars') + helpers + read/compile + first render";
    console.log(`  ${pad(side, 10)} ${pad(what, 60)} ${lpad(r.total.toFixed(1), 6)} ms median (load ${r.load.toFixed(1)}, first render ${r.first.toFixed(1)}, second ${r.second.toFixed(2)}); the whole process, Node's own start and exit included, ${r.wall.toFixed(0)} ms`);
    console.log(`  ${pad('', 10)} totals (ms): ${xs.map((v) => v.total.toFixed(1)).join(' ')}`);
  }
  console.log(`  WebAssembly.compile of pkg/node/tidings_bg.wasm alone: ${median(compile).toFixed(1)} ms median`);
  done();
  return result;
}

function moduleSize() {
  console.log('\n== module size: pkg/web/tidings_bg.wasm ==');
  const raw = fs.readFileSync(WEB_WASM);
  const gzip = zlib.gzipSync(raw, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length;
  const show = (n) => `${fmtInt(n)} B (${(n / 1024).toFixed(0)} KiB)`;
  console.log(`  raw ${show(raw.length)}   gzip -9 ${show(gzip)}   brotli q11 ${show(brotli)}`);
}

async function peakRss(rssInput) {
  const out = outFile('rss');
  outputs.add(out);
  const cliArgs = ['bin/tidings.mjs', 'render', rel(rssInput), '--out', rel(out), '--quiet', '--workers', '2'];
  console.log(`\n== peak RSS: ${fmtInt(RSS_N)} records of job mixed, tidings CLI --workers 2 (one process; worker threads included) ==`);
  // Without /usr/bin/time, the wrapper runs the CLI in-process and reports resourceUsage().maxRSS.
  const args = HAS_TIME ? cliArgs : ['bench/rss-wrapper.mjs', ...cliArgs.slice(1)];
  console.log(`  ${HAS_TIME ? '/usr/bin/time -f %M ' : ''}${shown(args)}`);
  const done = meter('peak RSS');
  const r = await run(args);
  done();
  const variant = `tidings CLI --workers 2, ${fmtInt(RSS_N)} records (peak RSS)`;
  mustSucceed(variant, args, r, out);
  mustRenderAll(variant, out, RSS_N, r.stderr);
  const kb = HAS_TIME ? r.maxRssKB : Number(/^maxrss_kb (\d+)$/m.exec(r.stderr)?.[1]);
  if (!Number.isFinite(kb)) throw new VariantFailed(variant, 'no maximum RSS was reported', r.stderr);
  const mb = (kb * 1024) / 1e6;
  const cpu = r.cpu === undefined ? '' : `, cpu ${r.cpu.toFixed(2)} s`;
  console.log(`  max RSS ${mb.toFixed(1)} MB (${(kb / 1024).toFixed(1)} MiB); run took ${r.seconds.toFixed(2)} s = ${fmtInt(RSS_N / r.seconds)} messages/s${cpu}`);
  return { mb, seconds: r.seconds };
}

// ------------------------------------------------------------------ targets

function targets({ tp, call, keys, cold, rss }) {
  console.log('\n== targets (issues 10 and 11) ==');
  const rows = [];
  // A speed ratio (tidings ÷ Handlebars.js) must reach its target; a size stay under it.
  const row = (what, figures, value, target, unit = '×') => {
    const met = unit === '×' ? value >= target : value <= target;
    const show = (v) => (unit === '×' ? x(v) : `${v.toFixed(1)} ${unit}`);
    rows.push([what, figures, unit === '×' ? show(value) : '', `${unit === '×' ? '≥' : '≤'} ${show(target)}`, met ? 'met' : 'NOT met']);
  };
  const rate = (r) => `${fmtInt(r.rate)}/s`;
  for (const [job, t] of Object.entries(tp)) {
    for (const k of ['workers1', 'workers0']) {
      row(`batch, job ${job}: ${t[k].name} vs Handlebars.js pipeline`, `${rate(t[k])} vs ${rate(t.hbs)}`, t.speedup(k, 'hbs'), TARGET.batch);
    }
    row(`batch, job ${job}: --workers 2 vs --workers 1`, `${rate(t.workers2)} vs ${rate(t.workers1)}`, t.speedup('workers2', 'workers1'), TARGET.workers2);
  }
  const c = call.cases;
  const faster = (a, b) => pairedRatio(b.rounds, a.rounds); // a's speed over b's
  row("one render(id, 'zh-CN', data, {channels: ['sms']}) vs compiled Handlebars.js call", `${us(c.render)} vs ${us(c.hbs)}`, faster(c.render, c.hbs), TARGET.call);
  const k = keys.cases;
  row('editor keystroke: renderTemplate(edited) vs Handlebars.compile(edited)(data)', `${us(k.renderTemplate)} vs ${us(k.hbs)}`, faster(k.renderTemplate, k.hbs), TARGET.keystroke);
  row('editor keystroke: render(…, {sources}) vs Handlebars.compile(edited)(data)', `${us(k.renderSources)} vs ${us(k.hbs)}`, faster(k.renderSources, k.hbs), TARGET.keystroke);
  row(`peak RSS, ${fmtInt(RSS_N)} records of job mixed, --workers 2`, `${rss.mb.toFixed(1)} MB (in ${rss.seconds.toFixed(1)} s)`, rss.mb, TARGET.rssMB, 'MB');
  row('cold start in Node: require + first render (issue 11)', `${cold.tidings.total.toFixed(1)} ms (load ${cold.tidings.load.toFixed(1)} + first ${cold.tidings.first.toFixed(1)})`, cold.tidings.total, TARGET.coldMs, 'ms');
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(`  ${pad(r[0], w[0])}  ${pad(r[1], w[1])}  ${lpad(r[2], w[2])}  target ${pad(r[3], w[3])}  ${r[4]}`);
  const speed = pairedRatio(cold.handlebars.totals, cold.tidings.totals); // processes started in turn
  console.log(`  cold start, require + first render, against Handlebars.js (issue 10: tidings no slower): tidings ${cold.tidings.total.toFixed(1)} ms, Handlebars.js ${cold.handlebars.total.toFixed(1)} ms: ${x(speed)} (above 1×: tidings starts faster)`);
  if (RSS_N !== 1_000_000) console.log(`  (the RSS target is for 1,000,000 records; this run used ${fmtInt(RSS_N)})`);
  if (N < 100_000) console.log(`  (with ${fmtInt(N)} records a batch run is short and process start-up weighs in its rate: judge the batch targets on a full run)`);
  console.log('  (figures: medians; a ratio is the median over rounds of the ratio measured within one round)');
  const busy = otherLoad.filter(([, cores]) => cores >= 0.2);
  if (busy.length) console.log(`  WARNING: other processes shared the CPU (${busy.map(([s, c]) => `${s}: ${c.toFixed(2)} cores`).join('; ')}); those figures are not reliable (a ratio can move either way) — rerun on an idle machine`);
  console.log(`  ${rows.filter((r) => r[4] === 'met').length} of ${rows.length} targets met; a missed target is reported, not failed`);
}

// ------------------------------------------------------------------ main

async function main() {
  console.log('\nrecords (bench/gen.mjs; values within the bounds messages() declares, seed ' + SEED + '):');
  const inputs = { mixed: ensure(N, 'mixed'), sms: ensure(N, 'sms') };
  const rssInput = ensure(RSS_N, 'mixed', 'mixed (RSS)');

  console.log('\n== correctness: tidings (renderChunk) vs Handlebars.js on the first 2000 records of each job ==');
  for (const [job, file] of Object.entries(inputs)) checkCorrectness(job, file);
  console.log('  (tidings also validates each record against the manifest, neutralises untrusted values,');
  console.log('   adds the SMS signature and counts SMS encoding/units/segments; the baseline does none of that)');

  const tp = {};
  for (const [job, file] of Object.entries(inputs)) tp[job] = await throughput(job, file);
  const call = await perCall();
  const keys = await keystroke();
  const smsRecord = JSON.parse(records(1, { job: 'sms' }).next().value);
  const cold = await coldStart(smsRecord.data);
  moduleSize();
  const rss = await peakRss(rssInput);
  targets({ tp, call, keys, cold, rss });
}

try {
  await main();
  if (!KEEP) for (const f of outputs) fs.rmSync(f, { force: true });
} catch (e) {
  if (!(e instanceof VariantFailed)) throw e;
  if (!KEEP) for (const f of outputs) if (f !== e.kept) fs.rmSync(f, { force: true });
  console.log('');
  console.error(`bench: FAILED — ${e.variant} could not run: ${e.what}`);
  if (e.kept && fs.existsSync(e.kept)) console.error(`  its output is kept: ${rel(e.kept)}`);
  if (e.stderr !== undefined) console.error(e.stderr ? `  its stderr (last 20 lines):\n${e.stderr.trimEnd().split('\n').slice(-20).map((l) => `    ${l}`).join('\n')}` : '  its stderr: (empty)');
  process.exit(1);
}
