#!/usr/bin/env node
// The Handlebars.js baseline as a batch pipeline, shaped like `tidings render`:
//   node bench/handlebars-pipeline.mjs IN.jsonl OUT.jsonl
// Streams IN in 1 MiB reads, splits lines itself, JSON.parses and renders each record
// with templates compiled once (bench/hbs-render.mjs), and writes one JSON line per
// record to OUT in ~1 MiB batches, honouring back-pressure. Single thread, like Node
// code that renders with Handlebars.js in the request path.
import fs from 'node:fs';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { renderLine } from './hbs-render.mjs';

const [input, outputFile] = process.argv.slice(2);
if (!input || !outputFile) {
  process.stderr.write('usage: node bench/handlebars-pipeline.mjs IN.jsonl OUT.jsonl\n');
  process.exit(2);
}

const FLUSH_CHARS = 1 << 20;
const output = fs.createWriteStream(outputFile);
const decoder = new StringDecoder('utf8');
let rest = '';
let line = 0;
let records = 0;
let batch = [];
let batchChars = 0;

async function flush() {
  if (!batch.length) return;
  const ok = output.write(batch.join('\n') + '\n');
  batch = [];
  batchChars = 0;
  if (!ok) await once(output, 'drain');
}

/** Renders one line into the batch (synchronously: no promise per record). */
function take(text) {
  line++;
  if (text.trim() === '') return;
  records++;
  const out = renderLine(text, line);
  batch.push(out);
  batchChars += out.length;
}

for await (const piece of fs.createReadStream(input, { highWaterMark: 1 << 20 })) {
  const text = rest + decoder.write(piece);
  let from = 0;
  for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
    take(text.slice(from, nl));
    from = nl + 1;
  }
  if (batchChars >= FLUSH_CHARS) await flush();
  rest = text.slice(from);
}
rest += decoder.end();
if (rest !== '') take(rest);
await flush();
await new Promise((resolve, reject) => output.end((e) => (e ? reject(e) : resolve())));
if (process.env.BENCH_VERBOSE) process.stderr.write(`handlebars-pipeline: ${records} records\n`);
