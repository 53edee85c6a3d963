#!/usr/bin/env node
// Per-call benchmarks in one process, tidings and Handlebars.js side by side on the same
// data (run.mjs starts one fresh process per scenario and prints the result):
//
//   node bench/micro.mjs call      one render() of the zh-CN SMS of security.funds_moved
//                                  vs one call of the same part compiled once by
//                                  Handlebars.js, plus a breakdown of tidings' call
//   node bench/micro.mjs keystroke the editor: a freshly edited SMS source rendered
//                                  once (renderTemplate, and render with `sources`) vs
//                                  Handlebars.compile(source)(data)
//   options: --rounds R (default 7) --ms M (milliseconds per case per round, default 200)
//
// Writes one JSON object to stdout: { scenario, records, chunkRecords, rounds,
// msPerRound, sameText, cases: { key: { label, what, us (median µs per call), min, max,
// calls, rounds (µs per call in each round, in round order) } } }. Every case runs in every
// round, in a rotating order, so drift on a shared machine hits all cases alike. Each
// call takes the next record of a pool of generated records (bench/gen.mjs, job sms):
// tidings remembers date/time results, and one record repeated would measure the memo.
// Exit 1 (with the error on stderr) when a case throws: a case that cannot run is a
// failure of the benchmark, never a figure.
import { createRequire } from 'node:module';
import { records } from './gen.mjs';
import { templates, compilePart, dataOptions, DEFAULT_TIME_ZONE } from './hbs-render.mjs';

const require = createRequire(import.meta.url);
const tidings = require('../index.js');

const args = process.argv.slice(2);
const scenario = args[0];
const option = (name, dflt) => {
  const at = args.indexOf(name);
  const n = at === -1 ? dflt : Number(args[at + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const ROUNDS = option('--rounds', 7);
const MS = option('--ms', 200);

const MESSAGE = 'security.funds_moved';
const LOCALE = 'zh-CN';
const POOL = 4096;

// ------------------------------------------------------------------ data

const message = tidings.messages().find((m) => m.id === MESSAGE);
const SOURCE = message.templates[LOCALE].sms;
const pool = [...records(POOL, { job: 'sms' })].map((line) => {
  const r = JSON.parse(line);
  const timeZone = r.timeZone ?? DEFAULT_TIME_ZONE;
  return {
    line,
    bytes: new TextEncoder().encode(line + '\n'),
    data: r.data,
    hbsOptions: dataOptions(LOCALE, timeZone),
    // The record's time zone as render()'s option, as the CLI passes it.
    renderOptions: r.timeZone ? { channels: ['sms'], timeZone: r.timeZone } : { channels: ['sms'] },
    templateOptions: r.timeZone ? { locale: LOCALE, timeZone: r.timeZone } : { locale: LOCALE },
  };
});
const hbsSms = templates(MESSAGE, LOCALE).sms;

// The texts both sides produce, once: smsInfo is measured on tidings' own text, and the
// two texts must agree for the comparison to be of the same work (tidings adds its
// signature before the SMS, so its text ends with the Handlebars.js one).
let sameText = 0;
for (const p of pool) {
  p.text = tidings.render(MESSAGE, LOCALE, p.data, p.renderOptions).channels.sms.text;
  if (p.text.endsWith(hbsSms(p.data, p.hbsOptions))) sameText++;
}

// A chunk of records for the batch path's per-record cost.
const CHUNK_RECORDS = 1024;
const chunk = new TextEncoder().encode(pool.slice(0, CHUNK_RECORDS).map((p) => p.line).join('\n') + '\n');

/** A fresh edit of the SMS source for call `i`: a word typed at its start, never the same twice. */
const edited = (i) => `${i.toString(36)}${SOURCE}`;

// ------------------------------------------------------------------ cases

let sink = 0; // results feed this, so no call can be optimised away
const at = (i) => pool[i % POOL];

// `what` says what a case isolates; run.mjs prints it with the figures.
const CASES = {
  call: [
    {
      key: 'hbs', label: 'Handlebars.js: the sms template compiled once, called',
      fn: (i) => { const p = at(i); sink += hbsSms(p.data, p.hbsOptions).length; },
    },
    {
      key: 'render', label: "tidings: render(id, 'zh-CN', data, {channels: ['sms']})",
      fn: (i) => { const p = at(i); sink += tidings.render(MESSAGE, LOCALE, p.data, p.renderOptions).channels.sms.units; },
    },
    {
      key: 'renderTemplate', label: 'renderTemplate(the same sms source, data, {locale})',
      what: 'parsed and checked each call; no validation, signature, SMS count or result object',
      fn: (i) => { const p = at(i); sink += tidings.renderTemplate(SOURCE, p.data, p.templateOptions).length; },
    },
    {
      key: 'renderTemplateX', label: "renderTemplate('x', {}, {locale})",
      what: 'the fixed cost of one render entry: argument checks and JSON, a one-character template',
      fn: () => { sink += tidings.renderTemplate('x', {}, { locale: LOCALE }).length; },
    },
    {
      key: 'chunk1', label: 'renderChunk(the record as one JSON line)',
      what: 'the batch path for one record: bytes in, bytes out, no JS object',
      fn: (i) => { sink += tidings.renderChunk(at(i).bytes, 1).output.length; },
    },
    {
      key: 'chunkPerRecord', label: `renderChunk(${CHUNK_RECORDS} records) ÷ ${CHUNK_RECORDS}`, per: CHUNK_RECORDS,
      what: 'one record inside a batch: what the CLI pays per record',
      fn: () => { sink += tidings.renderChunk(chunk, 1).output.length; },
    },
    {
      key: 'smsInfo', label: 'smsInfo(the rendered text)',
      what: "SMS counting and an SmsInfo object, as in render()'s result (nonGsm: one string per character)",
      fn: (i) => { sink += tidings.smsInfo(at(i).text).units; },
    },
    {
      key: 'smsInfoX', label: "smsInfo('x')", what: 'the same call with nothing to count',
      fn: () => { sink += tidings.smsInfo('x').units; },
    },
    {
      key: 'negotiate', label: "negotiateLocale('zh-CN')", what: 'a remembered answer: about the cost of crossing into WASM and back with a small object',
      fn: () => { sink += tidings.negotiateLocale(LOCALE).locale.length; },
    },
    {
      key: 'stringify', label: 'JSON.stringify(data) + JSON.stringify(options)', what: 'what the binding does to the arguments first',
      fn: (i) => { const p = at(i); sink += JSON.stringify(p.data).length + JSON.stringify(p.renderOptions).length; },
    },
  ],
  keystroke: [
    {
      key: 'hbs', label: 'Handlebars.js: Handlebars.compile(edited)(data)', what: 'parse, compile to JS, render',
      fn: (i) => { const p = at(i); sink += compilePart(LOCALE, 'sms', edited(i))(p.data, p.hbsOptions).length; },
    },
    {
      key: 'renderTemplate', label: 'tidings: renderTemplate(edited, data, {locale})',
      fn: (i) => { const p = at(i); sink += tidings.renderTemplate(edited(i), p.data, p.templateOptions).length; },
    },
    {
      key: 'renderSources', label: "tidings: render(id, 'zh-CN', data, {channels: ['sms'], sources: {sms: edited}})",
      what: 'what the editor calls on every keystroke',
      fn: (i) => { const p = at(i); sink += tidings.render(MESSAGE, LOCALE, p.data, { ...p.renderOptions, sources: { sms: edited(i) } }).channels.sms.units; },
    },
  ],
};

const cases = CASES[scenario];
if (!cases) {
  process.stderr.write(`usage: node bench/micro.mjs ${Object.keys(CASES).join('|')} [--rounds R] [--ms M]\n`);
  process.exit(2);
}

// ------------------------------------------------------------------ timing

const now = () => Number(process.hrtime.bigint()) / 1e6; // ms
let counter = 0; // one sequence for every case: an edited source is never seen twice

/** Runs `calls` calls of a case; returns milliseconds. */
function batch(c, calls) {
  const t = now();
  for (let k = 0; k < calls; k++) c.fn(counter++);
  return now() - t;
}

const result = {};
for (const c of cases) {
  // Warm-up: the first tidings call builds the catalog and the locale's templates, and
  // V8 tiers WASM and JS up while hot; then size a batch to take about MS.
  let calls = 1;
  let spent = batch(c, calls);
  for (const warmUntil = now() + Math.max(MS, 300); now() < warmUntil;) spent = batch(c, calls);
  while (spent < MS / 4 && calls < 1e7) spent = batch(c, (calls *= 2));
  c.calls = Math.max(1, Math.round((calls * MS) / Math.max(spent, 1e-3)));
  c.samples = [];
}
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < cases.length; k++) {
    const c = cases[(k + round) % cases.length];
    c.samples.push((batch(c, c.calls) * 1000) / (c.calls * (c.per ?? 1)));
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
for (const c of cases) {
  result[c.key] = { label: c.label, what: c.what, us: median(c.samples), min: Math.min(...c.samples), max: Math.max(...c.samples), calls: c.calls * (c.per ?? 1), rounds: c.samples };
}
process.stdout.write(JSON.stringify({ scenario, records: POOL, chunkRecords: CHUNK_RECORDS, rounds: ROUNDS, msPerRound: MS, sameText, cases: result, sink: sink > 0 }) + '\n');
