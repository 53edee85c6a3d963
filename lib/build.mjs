// `tidings build` and `tidings check`: a catalog folder read in JS, checked and compiled
// by the same Rust code as `build.rs` (in the build module, pkg/build), its problems
// printed as `cargo build` prints them, its compiled file and `.d.ts` written.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { readCatalogFolder } from './files.mjs';
import { declarations } from './dts.mjs';

const require = createRequire(import.meta.url);
const USAGE = 2;
const PROBLEMS = 1;

/** How the folder is named in problems: as the user wrote it, without a trailing `/`. */
export const folderName = (dir) => dir.replace(/[\\/]+$/, '') || '.';

/** Checks and compiles `dir`: `{ ok, bytes, catalog }` or `{ ok: false, report }`. */
export async function compile(dir) {
  const files = await readCatalogFolder(dir);
  return require('../pkg/build/tidings.js').buildCatalog(files, folderName(dir));
}

function printProblems(built) {
  process.stderr.write(`\nThe message catalog has ${built.problems.length} problem(s):\n\n${built.report}`);
}

/** Writes `text` to `file` through a temporary file beside it, so a reader never sees half. */
function writeAtomic(file, data) {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Runs `once` now and, with `watch`, again after each change of the folder. */
async function repeat(dir, watch, once) {
  process.exitCode = await once();
  if (!watch) return;
  let timer = null;
  let running = Promise.resolve();
  // Watching starts before it is announced, so a save right after the message is seen.
  fs.watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    // Editors write a file in several steps; one run after they settle.
    timer = setTimeout(() => {
      running = running.then(async () => {
        process.exitCode = await once();
      });
    }, 150);
  });
  process.stderr.write(`tidings: watching ${dir} (Ctrl-C stops)\n`);
  await new Promise(() => {});
}

/** Catches what makes a run impossible (an unreadable folder): exit 2, one line. */
async function guarded(dir, run) {
  try {
    return await run();
  } catch (e) {
    process.stderr.write(`tidings: ${dir}: ${e.message}\n`);
    return USAGE;
  }
}

export async function buildCommand(dir, opts) {
  const out = opts.out;
  const types = opts.types ?? out.replace(/(\.[^./\\]*)?$/, '.d.ts');
  if (path.resolve(types) === path.resolve(out)) {
    process.stderr.write('tidings: --types and --out name the same file\n');
    process.exitCode = USAGE;
    return;
  }
  await repeat(dir, opts.watch, () =>
    guarded(dir, async () => {
      const started = process.hrtime.bigint();
      const built = await compile(dir);
      if (!built.ok) {
        printProblems(built);
        return PROBLEMS;
      }
      writeAtomic(out, built.bytes);
      const typesFrom = path.relative(process.cwd(), path.resolve(dir)) || '.';
      writeAtomic(types, declarations(built.catalog, { source: typesFrom }));
      if (!opts.quiet) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const { messages, settings } = built.catalog;
        process.stderr.write(
          `tidings: built ${out} (${built.bytes.length} bytes: ${messages.length} messages, ` +
            `${settings.locales.join(', ')}) and ${types} in ${ms.toFixed(0)} ms\n`,
        );
      }
      return 0;
    }),
  );
}

/** A lint diagnostic at its file position: the part's lines are counted from the file's. */
function diagnosticLine(dir, catalog, d) {
  const message = catalog.messages.find((m) => m.id === d.messageId);
  const part = d.locale && d.part ? message?.templates?.[d.locale]?.find((p) => p.name === d.part) : null;
  let where = `${folderName(dir)}/manifest.toml`;
  if (part) {
    const line = (part.firstLine ?? 1) + (d.line ?? 1) - 1;
    where = `${folderName(dir)}/${part.file}:${line}:${d.column ?? 1}`;
  } else if (d.locale && d.code !== 'invalid_example') {
    // (A locale's example is written in manifest.toml, not in the locale's file.)
    where = `${folderName(dir)}/messages/${d.messageId}/${d.locale}.hbs`;
  }
  const about = [d.messageId, d.locale, d.part].filter(Boolean).join(' ');
  return `${where}: ${d.severity}[${d.code}]: ${about}: ${d.message}`;
}

export async function checkCommand(dir, opts) {
  await repeat(dir, opts.watch, () =>
    guarded(dir, async () => {
      const built = await compile(dir);
      if (!built.ok) {
        printProblems(built);
        return PROBLEMS;
      }
      const catalog = require('../pkg/node/tidings.js').loadCatalog(built.bytes);
      let diagnostics;
      try {
        diagnostics = catalog.lint();
      } finally {
        catalog.free();
      }
      for (const d of diagnostics) process.stdout.write(`${diagnosticLine(dir, built.catalog, d)}\n`);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.length - errors;
      process.stderr.write(`tidings: ${folderName(dir)}: ${built.catalog.messages.length} messages checked; ${errors} error(s), ${warnings} warning(s)\n`);
      return errors > 0 || (opts.warningsFail && warnings > 0) ? PROBLEMS : 0;
    }),
  );
}
