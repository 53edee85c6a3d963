#!/usr/bin/env node
// The tidings CLI. `tidings build <dir>`: a catalog folder → a compiled catalog file and
// its `.d.ts` (the checks `cargo build` makes, run as WASM: no Rust needed). `tidings
// check <dir>`: those checks and the lint, for a content repository's CI. `tidings edit
// <dir>`: the editor over that folder, saving to it. `tidings render`: batch-render JSON
// Lines or CSV records to JSON Lines, one output line per input record, in order, with
// worker threads, a progress bar and a summary.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { jsonlChunks, renderChunks, OutputError, DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES } from '../lib/pipeline.mjs';
import { openOutput } from '../lib/output.mjs';
import { DEFAULT_MAX_RECORD_BYTES, MAX_RECORD_BYTES_LIMIT, RENDER_CALL_BYTES } from '../lib/lines.mjs';
import { csvChunks } from '../lib/csv.mjs';
import { buildCommand, checkCommand } from '../lib/build.mjs';
import { editCommand } from '../lib/edit-server.mjs';

const USAGE = 2;
const require = createRequire(import.meta.url);

// A reader that goes away (`tidings render … | head`) is not an error worth a trace. Any
// other failure to write stdout (a full disk) means the output is incomplete: one line
// on stderr and exit 2, never the exit 1 that only says "some records failed".
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`tidings: cannot write to stdout: ${e.message}\n`);
  process.exit(USAGE);
});

// Each worker is a thread with its own V8 isolate and WASM instance (about 60 MB); more
// workers than cores add memory, not speed, and thousands exhaust the process.
const MAX_WORKERS = 64;

function positiveInt(name, min, max = Infinity, why = '') {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number ≥ ${min}`);
    if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max}${why}`);
    return n;
  };
}

/** A byte count: a whole number, or with K or M for KiB or MiB. */
function byteSize(name, max, why) {
  return (value) => {
    const m = /^(\d+)([KM]i?B?)?$/i.exec(value.trim());
    const n = m ? Number(m[1]) * (m[2] ? (m[2][0].toUpperCase() === 'K' ? 1024 : 1024 * 1024) : 1) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a number of bytes ≥ 1 (K and M mean KiB and MiB)`);
    if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max / (1 << 20)}M: ${why}`);
    return n;
  };
}

const program = new Command('tidings')
  .description('Build and check tidings catalogs; render messages in bulk.')
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

program
  .command('build')
  .description(
    'Check a catalog folder (manifest.toml, messages/, partials/) exactly as `cargo build` does and write its\n' +
      'compiled catalog file, for `load()` in Node and browsers and `tidings render --catalog`, and its TypeScript declarations.',
  )
  .argument('<dir>', 'the catalog folder')
  .requiredOption('-o, --out <file>', 'the compiled catalog file to write (e.g. dist/catalog.tidings)')
  .option('--types <file>', 'where to write the TypeScript declarations (default: beside --out, ending in .d.ts)')
  .option('--watch', 'rebuild whenever a file of the folder changes (until interrupted)')
  .option('-q, --quiet', 'print problems only')
  .addHelpText('after', '\nExit codes: 0 built, 1 the catalog has problems (each printed as file:line:column), 2 bad usage or unreadable files.')
  .action(buildCommand);

program
  .command('check')
  .description('Check a catalog folder as `tidings build` does, and lint every message (channel rules: SMS parts, push titles,\nlinks, opt-outs, required partials), without writing anything.')
  .argument('<dir>', 'the catalog folder')
  .option('--warnings-fail', 'exit 1 on lint warnings too, not only errors')
  .option('--watch', 'check again whenever a file of the folder changes (until interrupted)')
  .addHelpText('after', '\nExit codes: 0 clean, 1 problems or lint errors (each printed as file:line:column), 2 bad usage or unreadable files.')
  .action(checkCommand);

program
  .command('edit')
  .description('Serve the template editor on 127.0.0.1 over a catalog folder: preview every locale and channel, check,\nand save edits back to the folder\'s files (after a diff).')
  .argument('<dir>', 'the catalog folder')
  .option('-p, --port <n>', 'the port (0: any free one)', positiveInt('--port', 0, 65535), 8080)
  .addHelpText('after', '\nOpen the address it prints: its token lets that page save. Saves go only to the folder\'s template files.')
  .action(editCommand);

program
  .command('render')
  .description(
    'Render records (JSON Lines or CSV) to JSON Lines: exactly one output line per input record, in input order,\n' +
      'with status rendered | skipped | failed. Reads FILE, or stdin when FILE is omitted or "-".',
  )
  .argument('[file]', 'input file (JSON Lines, or CSV when it ends in .csv); stdin when omitted or "-"')
  .option('-o, --out <file>', 'write JSON Lines here instead of stdout: into a temporary file beside it, renamed to <file> only when the run completes')
  .addOption(new Option('-f, --format <format>', 'input format (default: from the file name, else jsonl)').choices(['jsonl', 'csv']))
  .option('-c, --catalog <file>', 'render with this compiled catalog (`tidings build` output) instead of the demo catalog')
  .option('-m, --message <id>', 'message id for records without "message"')
  .option('-l, --locale <tags>', 'locale tag or comma-separated preference list for records without "locale"')
  .option(
    '-w, --workers <n>',
    `worker threads, each with its own WASM instance, started as chunks need them; 0 renders in the main thread; at most ${MAX_WORKERS}`,
    positiveInt('--workers', 0, MAX_WORKERS, ' (each worker is a thread with its own WASM instance, about 60 MB)'),
    Math.min(os.availableParallelism(), MAX_WORKERS),
  )
  .addOption(new Option('--fail-on <when>', 'exit 1 when any record failed ("failed") or never ("none")').choices(['failed', 'none']).default('failed'))
  .option('-q, --quiet', 'no progress bar and no summary')
  .addOption(
    new Option('--chunk-size <bytes>', `bytes of input per chunk sent to a worker; K and M suffixes; at most ${MAX_CHUNK_BYTES / (1 << 20)}M`)
      .argParser(byteSize('--chunk-size', MAX_CHUNK_BYTES, 'a render call caps its output, and small records render to many times their size'))
      .default(DEFAULT_CHUNK_BYTES, '256K'),
  )
  .addOption(
    new Option(
      '--max-record-bytes <bytes>',
      `a record (JSON line or CSV row) longer than this fails (invalid_input) without being rendered; K and M suffixes; at most ${MAX_RECORD_BYTES_LIMIT / (1 << 20)}M`,
    )
      .argParser(byteSize('--max-record-bytes', MAX_RECORD_BYTES_LIMIT, `one render call takes at most ${RENDER_CALL_BYTES / (1 << 20)} MiB`))
      .default(DEFAULT_MAX_RECORD_BYTES, '1M'),
  )
  .addHelpText(
    'after',
    `
Records (one JSON object per line):
  {"id": "r1", "message": "security.funds_moved", "locale": "zh-HK", "data": {…},
   "timeZone": "Asia/Hong_Kong", "phone": "+852 6123 4567", "channels": ["sms"],
   "preferences": {"marketing": false, "channels": {"sms": false}}}
  "phone" (E.164) or "market" (a market id of the catalog) picks the destination market: the SMS's language,
  signature, opt-out and hotline. A +86 number always gets the Simplified Chinese SMS.
  A category or channel set to false is opted out: the record is "skipped" when its message's category may be
  opted out of (marketing, survey); for other categories the preference is ignored and noted in "warnings".

CSV: a header row; nested fields with dots (data.amount.amount, data.amount.currency, preferences.marketing,
  preferences.channels.sms); lists (channels, locale, list variables) as "a|b" or a JSON array; empty cells are absent.
  A quoted cell may span lines. A quote still open at a line's end that does not close into a well-formed row
  (within 100 lines, and before a line that is a complete row of its own) fails that line alone.

Output lines: {"id", "line", "status": "rendered", "messageId", "locale", "fallback", "channels", "warnings"}
  or {"id", "line", "status": "skipped" | "failed", "reason": {"code", "message", …}}.

Exit codes: 0 nothing failed, 1 some records failed (see --fail-on), 2 the run did not complete:
  bad usage, unreadable input, output that cannot be written, or a render worker that died (stderr then names
  the input lines without an outcome; the output has every outcome before them).`,
  )
  .action(run);

async function openInput(file) {
  if (!file || file === '-') return { stream: process.stdin, size: undefined, name: 'stdin' };
  const stat = await fs.promises.stat(file);
  if (stat.isDirectory()) throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
  return { stream: fs.createReadStream(file, { highWaterMark: 1 << 20 }), size: stat.size, name: file };
}

function progressBar(size, quiet) {
  if (quiet || !process.stderr.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: size
        ? 'rendering {bar} {percentage}% | {records} records | {rate}/s | ETA {eta_formatted}'
        : 'rendering {records} records | {rate}/s',
      hideCursor: true,
      fps: 10,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(size || 1, 0, { records: 0, rate: 0 });
  return bar;
}

async function run(file, opts) {
  const started = process.hrtime.bigint();
  const format = opts.format ?? (file && file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  const defaults = {};
  if (opts.message) defaults.message = opts.message;
  if (opts.locale) {
    const tags = opts.locale.split(',').map((s) => s.trim()).filter(Boolean);
    defaults.locale = tags.length === 1 ? tags[0] : tags;
  }
  let input;
  try {
    input = await openInput(file);
  } catch (e) {
    process.stderr.write(`tidings: cannot read ${file}: ${e.message}\n`);
    process.exitCode = USAGE;
    return;
  }
  let out = { stream: process.stdout, commit: async () => {}, abort: () => {} };
  try {
    if (opts.out) out = openOutput(opts.out);
  } catch (e) {
    process.stderr.write(`tidings: cannot write ${opts.out}: ${e.message}\n`);
    process.exitCode = USAGE;
    return;
  }
  let catalog;
  if (opts.catalog) {
    try {
      catalog = new Uint8Array(await fs.promises.readFile(opts.catalog));
      require('../pkg/node/tidings.js').loadCatalog(catalog).free(); // refused here, not in a worker
    } catch (e) {
      process.stderr.write(`tidings: cannot use ${opts.catalog}: ${e.message}\n`);
      process.exitCode = USAGE;
      return;
    }
  }
  const bar = progressBar(input.size, opts.quiet);
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const limits = { chunkBytes: opts.chunkSize, maxRecordBytes: opts.maxRecordBytes };
  const chunks = format === 'csv' ? csvChunks(input.stream, { defaults, ...limits }) : jsonlChunks(input.stream, limits);
  let totals;
  try {
    totals = await renderChunks(chunks, out.stream, {
      workers: opts.workers,
      defaults,
      catalog,
      onProgress: (t) => bar?.update(input.size ? t.bytesRead : t.records, { records: t.records, rate: Math.round(t.records / seconds()) }),
    });
    await out.commit();
  } catch (e) {
    out.abort();
    bar?.stop();
    if (e.code === 'EPIPE') return; // the reader went away (e.g. `| head`)
    const what = e instanceof OutputError ? `cannot write ${opts.out ?? 'stdout'}` : input.name;
    process.stderr.write(`tidings: ${what}: ${e.message}\n`);
    process.exitCode = USAGE;
    return;
  }
  bar?.update(input.size || 1, { records: totals.records, rate: Math.round(totals.records / seconds()) });
  bar?.stop();
  if (!opts.quiet) {
    const s = seconds();
    process.stderr.write(
      `tidings: ${totals.records} records — ${totals.rendered} rendered, ${totals.skipped} skipped, ${totals.failed} failed; ` +
        `${totals.smsParts} SMS parts; ${s.toFixed(2)} s, ${Math.round(totals.records / s)} records/s\n`,
    );
  }
  process.exitCode = totals.failed > 0 && opts.failOn === 'failed' ? 1 : 0;
}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // commander: --help and --version exit 0; every usage error exits 2.
  process.exitCode = e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.help' ? 0 : USAGE;
}
