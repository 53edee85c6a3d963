#!/usr/bin/env node
// `make soak` / `make soak-ci`: batch integrity under faults. Generates N records (fixed
// seed) as JSON Lines and as CSV, 1% of them malformed in several ways plus one 50 MB
// line, runs `tidings render` over each with --workers 0, 1 and 2 (and 2 again), and
// checks that every run writes exactly one outcome per record, in order, with the
// expected line, id and status, and that all runs of a format are byte-identical.
// Prints counts, time and peak RSS per run. Exit 0 when every check holds, 1 when one
// fails, 2 when it cannot run. Generated files live in a temp dir, removed at the end.
//
//   node scripts/soak.mjs [--records N]   (default 1,000,000)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { rng } from '../bench/gen.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const SEED = 20261201;
const HUGE_BYTES = 50 << 20;

const args = process.argv.slice(2);
const at = args.indexOf('--records');
const N = at === -1 ? 1_000_000 : Number(args[at + 1]);
if (!Number.isInteger(N) || N < 100 || args.length !== (at === -1 ? 0 : 2)) {
  console.error('usage: node scripts/soak.mjs [--records N]   (N ≥ 100)');
  process.exit(2);
}
// The record with the 50 MB line: in the middle, between chunks that render.
const HUGE = Math.floor(N / 2);
if (!fs.existsSync(path.join(ROOT, 'pkg/node/tidings.js'))) {
  console.error('soak: pkg/node is missing — run `make build` first');
  process.exit(2);
}
const tidings = require('../pkg/node/tidings.js');
const example = (id) => tidings.messages().find((m) => m.id === id).example;

const RENDERED = 0;
const SKIPPED = 1;
const FAILED = 2;
const STATUS = ['rendered', 'skipped', 'failed'];

// Malformed kinds, one of each in turn: how a record is broken in each format.
const MALFORMED = [
  { jsonl: 'truncated JSON', csv: 'unbalanced quote' },
  { jsonl: 'invalid UTF-8', csv: 'invalid UTF-8' },
  { jsonl: 'unknown message', csv: 'unknown message' },
  { jsonl: 'wrong type', csv: 'wrong type' },
  { jsonl: 'forged @line', csv: 'too few cells' },
  { jsonl: 'a key without a colon', csv: 'bad closing quote' },
];

const CSV_HEADER = [
  'id', 'message', 'locale', 'data.name', 'data.signUpTime', 'data.account', 'data.direction', 'data.amount.amount', 'data.amount.currency',
  'data.balance.amount', 'data.balance.currency', 'data.counterparty', 'data.time', 'data.title', 'data.expiry', 'data.conditions', 'preferences.marketing',
];
const NAME = CSV_HEADER.indexOf('data.name');

/** A CSV cell, quoted when it must be. */
const cell = (v) => (v === undefined ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

function csvCells(record) {
  const d = record.data;
  return [
    record.id, record.message, record.locale, d.name, d.signUpTime, d.account, d.direction, d.amount?.amount, d.amount?.currency,
    d.balance?.amount, d.balance?.currency, d.counterparty, d.time, d.title, d.expiry, d.conditions, record.preferences?.marketing,
  ].map(cell);
}

/** A record of kind `k` broken: `{ jsonl, csv }` (strings or bytes) and whether each keeps its id. */
function malformed(k, record) {
  const json = JSON.stringify(record);
  const cells = csvCells(record);
  const row = (name) => [...cells.slice(0, NAME), name, ...cells.slice(NAME + 1)].join(',');
  switch (k) {
    case 0:
      return { jsonl: json.slice(0, json.length >> 1), csv: row('"oops'), id: { jsonl: false, csv: false } };
    case 1: {
      const at = json.indexOf('"id":"') + 6;
      const bytes = Buffer.concat([Buffer.from(json.slice(0, at)), Buffer.from([0xc3, 0x28]), Buffer.from(json.slice(at))]);
      return { jsonl: bytes, csv: Buffer.concat([Buffer.from(row('') + ','), Buffer.from([0xff])]), id: { jsonl: false, csv: false } };
    }
    case 2: {
      const unknown = { ...record, message: 'no.such_message' };
      return { jsonl: JSON.stringify(unknown), csv: csvCells(unknown).join(','), id: { jsonl: true, csv: true } };
    }
    case 3: {
      const bad = { id: record.id, message: 'welcome', locale: record.locale, data: { name: 'N', signUpTime: 'yesterday' } };
      return { jsonl: JSON.stringify(bad), csv: csvCells(bad).join(','), id: { jsonl: true, csv: true } };
    }
    case 4:
      return { jsonl: JSON.stringify({ ...record, '@line': 1 }), csv: cells.slice(0, 3).join(','), id: { jsonl: true, csv: false } };
    default:
      return { jsonl: json.replace('"id":', '"id" '), csv: row('"An"n'), id: { jsonl: false, csv: false } };
  }
}

/** Physical lines a CSV row takes (a quoted cell may hold line breaks). */
function linesOf(row) {
  let n = 1;
  for (let i = row.indexOf('\n'); i !== -1; i = row.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Writes both inputs and returns what each run must give: per record its line, whether
 * its outcome names it (`r<i>`, or `huge`) and its status.
 */
function generate(dir) {
  const r = rng(SEED);
  const welcome = example('welcome');
  const funds = example('security.funds_moved');
  const promo = example('marketing.promotion');
  const expect = {};
  for (const format of ['jsonl', 'csv']) expect[format] = { line: new Uint32Array(N), id: new Uint8Array(N), status: new Uint8Array(N) };
  const counts = { rendered: 0, skipped: 0, failed: 0, malformed: new Array(MALFORMED.length).fill(0), blankLines: 0, multiLineCells: 0 };
  const files = { jsonl: path.join(dir, 'soak.jsonl'), csv: path.join(dir, 'soak.csv') };
  const fds = { jsonl: fs.openSync(files.jsonl, 'w'), csv: fs.openSync(files.csv, 'w') };
  const pending = { jsonl: [], csv: [] };
  const size = { jsonl: 0, csv: 0 };
  const flush = (format) => {
    fs.writeSync(fds[format], Buffer.concat(pending[format]));
    pending[format] = [];
    size[format] = 0;
  };
  const write = (format, piece) => {
    const buf = typeof piece === 'string' ? Buffer.from(piece) : piece;
    pending[format].push(buf);
    size[format] += buf.length;
    if (size[format] > 1 << 20) flush(format);
  };
  // JSON Lines with LF; CSV with CRLF, as spreadsheets save it.
  const EOL = { jsonl: '\n', csv: '\r\n' };
  const line = { jsonl: 1, csv: 2 };
  write('csv', CSV_HEADER.join(',') + EOL.csv);
  let kind = 0;

  for (let i = 0; i < N; i++) {
    if (i % 997 === 500) {
      for (const format of ['jsonl', 'csv']) write(format, EOL[format]), line[format]++;
      counts.blankLines++;
    }
    const locale = ['en', 'zh-CN', 'zh-TW'][i % 3];
    let record;
    let status = RENDERED;
    const pick = r();
    if (i === HUGE) {
      record = { id: 'huge', message: 'welcome', locale, data: { ...welcome, name: 'x'.repeat(HUGE_BYTES) } };
      status = FAILED;
    } else if (pick < 0.6) {
      const multi = r() < 0.002;
      record = { id: `r${i}`, message: 'welcome', locale, data: { ...welcome, name: multi ? `Ann\nLee ${i}` : `N${i}, "Jr"` } };
    } else if (pick < 0.85) {
      record = { id: `r${i}`, message: 'security.funds_moved', locale, data: { ...funds, amount: { amount: `${i % 9000}.${String(i % 100).padStart(2, '0')}`, currency: 'CNY' } } };
    } else {
      const optedOut = r() < 0.5;
      record = { id: `r${i}`, message: 'marketing.promotion', locale, data: promo, preferences: { marketing: !optedOut } };
      if (optedOut) status = SKIPPED;
    }
    let text = { jsonl: JSON.stringify(record), csv: csvCells(record).join(',') };
    let hasId = { jsonl: true, csv: true };
    if (i !== HUGE && r() < 0.01) {
      const k = kind++ % MALFORMED.length;
      counts.malformed[k]++;
      ({ id: hasId, ...text } = malformed(k, record));
      status = FAILED;
    }
    counts[STATUS[status]]++;
    for (const format of ['jsonl', 'csv']) {
      expect[format].line[i] = line[format];
      expect[format].id[i] = hasId[format] ? 1 : 0;
      expect[format].status[i] = status;
      write(format, text[format]);
      write(format, EOL[format]);
    }
    line.jsonl++;
    const csvLines = typeof text.csv === 'string' ? linesOf(text.csv) : 1;
    if (csvLines > 1) counts.multiLineCells++;
    line.csv += csvLines;
  }
  flush('jsonl');
  flush('csv');
  fs.closeSync(fds.jsonl);
  fs.closeSync(fds.csv);
  return { files, expect, counts };
}

const OUTCOME = /^\{"id":(null|"(?:[^"\\]|\\.)*"),"line":(\d+),"status":"(rendered|skipped|failed)"/;

/** Runs the CLI over `file`; checks each outcome line against `expect` as it streams. */
function run(file, workers, expect) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(ROOT, 'bench/rss-wrapper.mjs'), 'render', file, '--workers', String(workers)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    const problems = [];
    let k = 0;
    let rest = Buffer.alloc(0);
    const check = (text) => {
      if (k >= N) return problems.push(`outcome ${k + 1} is one too many: ${text.slice(0, 120)}`);
      const line = expect.line[k];
      const status = STATUS[expect.status[k]];
      const id = expect.id[k] ? JSON.stringify(k === HUGE ? 'huge' : `r${k}`) : 'null';
      const m = OUTCOME.exec(text);
      if (!m || m[1] !== id || Number(m[2]) !== line || m[3] !== status) {
        problems.push(`outcome ${k + 1}: expected {"id":${id},"line":${line},"status":"${status}"…, got ${text.slice(0, 160)}`);
      } else if (k === HUGE && !text.includes('bytes, over the limit of 1048576 bytes')) {
        problems.push(`outcome ${k + 1}, the 50 MB line, fails for another reason: ${text.slice(0, 200)}`);
      }
    };
    child.stdout.on('data', (buf) => {
      hash.update(buf);
      let data = rest.length ? Buffer.concat([rest, buf]) : buf;
      let from = 0;
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, from)) {
        // The first ten problems are enough to go on.
        if (problems.length < 10) check(data.toString('latin1', from, Math.min(nl, from + 200)));
        k++;
        from = nl + 1;
      }
      rest = Buffer.from(data.subarray(from));
    });
    const err = [];
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stderr = Buffer.concat(err).toString();
      if (rest.length) problems.push(`the output ends without a line break: ${rest.toString('latin1', 0, 120)}`);
      if (k !== N) problems.push(`${k} outcome lines for ${N} records`);
      if (code !== 1) problems.push(`exit code ${code} (expected 1: some records failed): ${stderr.replace(/^maxrss_kb.*$/m, '').trim()}`);
      const summary = /tidings: (\d+) records — (\d+) rendered, (\d+) skipped, (\d+) failed/.exec(stderr);
      const rss = /maxrss_kb (\d+)/.exec(stderr);
      resolve({ workers, seconds, problems, sha: hash.digest('hex'), summary: summary?.slice(1, 5).map(Number), rssMB: rss ? Number(rss[1]) / 1024 : NaN });
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-soak-'));
const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { cleanup(); process.exit(130); });
let failed = false;
const startedAll = process.hrtime.bigint();
try {
  console.log(`tidings soak: ${N.toLocaleString('en-US')} records, seed ${SEED}, node ${process.version}, ${os.availableParallelism()} cores`);
  const t = process.hrtime.bigint();
  const { files, expect, counts } = generate(dir);
  const mb = (f) => (fs.statSync(f).size / 1e6).toFixed(1);
  console.log(`generated in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s: soak.jsonl ${mb(files.jsonl)} MB, soak.csv ${mb(files.csv)} MB (temp dir ${dir})`);
  const kinds = (format) => MALFORMED.map((m, i) => `${counts.malformed[i]} ${m[format]}`).join(', ');
  console.log(`  outcomes expected: ${counts.rendered} rendered, ${counts.skipped} skipped (opted out), ${counts.failed} failed (the 50 MB line and the malformed:)`);
  console.log(`  JSON Lines: ${kinds('jsonl')}`);
  console.log(`  CSV:        ${kinds('csv')}`);
  console.log(`  also ${counts.blankLines} blank lines, ${counts.multiLineCells} CSV rows with a quoted cell over two lines`);
  const want = [counts.rendered, counts.skipped, counts.failed];
  console.log('');
  console.log('format  workers   seconds  records/s  peak RSS  sha256 (first 16)   checks');
  for (const format of ['jsonl', 'csv']) {
    const runs = [];
    for (const workers of [0, 1, 2, 2]) {
      const r = await run(files[format], workers, expect[format]);
      if (!r.summary) r.problems.push('no summary line on stderr');
      else if (r.summary[0] !== N || r.summary.slice(1).some((n, i) => n !== want[i])) {
        r.problems.push(`summary ${r.summary.join('/')} (records/rendered/skipped/failed), expected ${[N, ...want].join('/')}`);
      }
      if (runs.length && r.sha !== runs[0].sha) r.problems.push(`output differs from --workers ${runs[0].workers}`);
      runs.push(r);
      const rate = Math.round(N / r.seconds).toLocaleString('en-US');
      console.log(`${format.padEnd(6)}  ${String(workers).padStart(7)}  ${r.seconds.toFixed(2).padStart(8)}  ${rate.padStart(9)}  ${`${r.rssMB.toFixed(0)} MB`.padStart(8)}  ${r.sha.slice(0, 16)}    ${r.problems.length ? 'FAILED' : 'ok'}`);
      for (const p of r.problems) console.log(`    ${p}`);
      if (r.problems.length) failed = true;
    }
  }
  console.log('');
  console.log(`soak: ${failed ? 'FAILED' : 'every check held'} (${(Number(process.hrtime.bigint() - startedAll) / 1e9).toFixed(1)} s in all)`);
} catch (e) {
  console.error(`soak: ${e.stack}`);
  process.exitCode = 2;
} finally {
  cleanup();
}
if (failed) process.exitCode = 1;
