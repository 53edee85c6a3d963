// Shared by tests/package/*.test.mjs: the packed tarball, fresh projects that install it
// as a newcomer would (`npm init -y && npm install <tarball>`), child processes, a static
// server on 127.0.0.1, and the value exports TypeScript sees for a module.
//
// `make test-package` packs once and passes the tarball in TIDINGS_TARBALL; run alone
// (`node --test tests/package/x.test.mjs`, after `make build`) each file packs its own.
// TIDINGS_KEEP=1 keeps the temp projects for a look afterwards.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
export const rootPackage = require('./package.json');
/** The repository's own TypeScript (a devDependency), run against the temp projects. */
export const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// Removed when the test file's process exits: after every `after` hook (a browser still
// writing its profile, say) has run.
const temps = [];
process.once('exit', () => {
  if (process.env.TIDINGS_KEEP) {
    for (const dir of temps) console.log(`# kept ${dir}`);
    return;
  }
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new temp directory, removed after the file's tests. */
export function tempDir(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tidings-${name}-`));
  temps.push(dir);
  return dir;
}

/** Runs a command to completion; resolves { code, signal, stdout, stderr } (strings). */
export function exec(cmd, args, { cwd, env, input, timeout = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: env ? { ...process.env, ...env } : process.env, stdio: ['pipe', 'pipe', 'pipe'], timeout });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Like exec, but fails the test (with the output) unless the command exits 0. */
export async function run(cmd, args, opts) {
  const r = await exec(cmd, args, opts);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} exited ${r.code ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Runs `node <file>` in `cwd`; fails unless it exits 0; returns its stdout. */
export async function node(cwd, file, args = []) {
  return (await run(process.execPath, [file, ...args], { cwd })).stdout;
}

let packed;
/** The path of tidings-<version>.tgz as `npm pack --ignore-scripts` makes it from this checkout. */
export function tarball() {
  packed ??= (async () => {
    if (process.env.TIDINGS_TARBALL) return process.env.TIDINGS_TARBALL;
    assert.ok(fs.existsSync(path.join(root, 'pkg', 'node', 'tidings.js')), 'run `make build` first');
    const dir = tempDir('pack');
    const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root });
    return path.join(dir, JSON.parse(stdout)[0].filename);
  })();
  return packed;
}

/**
 * A fresh project as a newcomer makes one: `npm init -y`, then `npm install` of the
 * tarball (and `devDependencies`, e.g. ['vite@^8.4.0']) from the registry or npm's cache.
 */
export async function project(name, { devDependencies = [], type } = {}) {
  const dir = tempDir(name);
  await run(npm, ['init', '-y'], { cwd: dir });
  if (type) await run(npm, ['pkg', 'set', `type=${type}`], { cwd: dir });
  const flags = ['--prefer-offline', '--no-audit', '--no-fund'];
  await run(npm, ['install', ...flags, await tarball()], { cwd: dir });
  if (devDependencies.length) await run(npm, ['install', '--save-dev', ...flags, ...devDependencies], { cwd: dir });
  return dir;
}

/** `npx <args>` in a project; never installs anything (the package must be there). */
export const npxIn = (cwd, args, opts) => exec(npx, ['--no', ...args], { cwd, ...opts });

/** Writes files (path relative to `dir` → text); objects are written as JSON. */
export function write(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof text === 'string' ? text : `${JSON.stringify(text, null, 2)}\n`);
  }
}

/**
 * Runs tsc on a tsconfig; resolves { code, errors: [{ file, line, code, text }] } with
 * `file` relative to the tsconfig's folder.
 */
export async function tsc(tsconfig) {
  const r = await exec(process.execPath, [tscBin, '-p', path.basename(tsconfig), '--pretty', 'false'], { cwd: path.dirname(tsconfig) });
  const errors = [];
  for (const m of r.stdout.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
    errors.push({ file: m[1], line: Number(m[2]), code: m[3], text: m[4] });
  }
  return { code: r.code, errors, output: r.stdout + r.stderr };
}

/**
 * The names TypeScript lets code use as values (functions, constants, `default`) from
 * `specifier`, imported next to the consumer file `from` under `compilerOptions` (as in a
 * tsconfig), and the declaration file it resolved to. Each export is tried as a value in a
 * probe module beside `from` (same extension, so the same module format): types,
 * interfaces and `export type` re-exports fail there and are left out, as at run time.
 */
export function typeExports(from, specifier, compilerOptions) {
  const ts = require('typescript');
  const { options, errors } = ts.convertCompilerOptionsFromJson(compilerOptions, path.dirname(from));
  assert.deepEqual(errors, []);
  const compile = (probe) => {
    const host = ts.createCompilerHost(options);
    if (probe) {
      const { getSourceFile, fileExists, readFile } = host;
      host.fileExists = (f) => f === probe.file || fileExists.call(host, f);
      host.readFile = (f) => (f === probe.file ? probe.text : readFile.call(host, f));
      // The options carry the module format the extension implies (.mts ESM, .cts CommonJS).
      host.getSourceFile = (f, languageVersionOrOptions, ...rest) => (f === probe.file
        ? ts.createSourceFile(f, probe.text, languageVersionOrOptions, true)
        : getSourceFile.call(host, f, languageVersionOrOptions, ...rest));
    }
    return ts.createProgram(probe ? [from, probe.file] : [from], { ...options, noEmit: true }, host);
  };
  const program = compile();
  const checker = program.getTypeChecker();
  const decl = program.getSourceFile(from).statements.find(
    (s) => (ts.isImportDeclaration(s) && s.moduleSpecifier.text === specifier) ||
      (ts.isImportEqualsDeclaration(s) && s.moduleReference.expression?.text === specifier));
  assert.ok(decl, `${from} imports ${specifier}`);
  const module = checker.getSymbolAtLocation(ts.isImportDeclaration(decl) ? decl.moduleSpecifier : decl.moduleReference.expression);
  assert.ok(module, `TypeScript resolves ${specifier} from ${from}`);
  const candidates = checker.getExportsOfModule(module).map((s) => s.name);
  const ext = path.extname(from);
  const probe = {
    file: path.join(path.dirname(from), `__exports_probe__${ext}`),
    text: [
      ext === '.cts' ? `import probe = require(${JSON.stringify(specifier)});` : `import * as probe from ${JSON.stringify(specifier)};`,
      ...candidates.map((name, i) => `export const v${i} = probe.${name};`),
    ].join('\n'),
  };
  const probed = compile(probe);
  const source = probed.getSourceFile(probe.file);
  const failing = new Set(probed.getSemanticDiagnostics(source).map((d) => source.getLineAndCharacterOfPosition(d.start).line - 1));
  return {
    names: candidates.filter((_, i) => !failing.has(i)).sort(),
    file: module.declarations[0].getSourceFile().fileName,
  };
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

/** A static file server for `dir` on 127.0.0.1 (a free port); `.served` lists the paths asked for. */
export function serve(dir) {
  const served = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    served.push(pathname);
    const file = path.join(dir, path.normalize(pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(dir + path.sep) || req.method !== 'GET') {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (e, body) => {
      if (e) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.served = served;
      server.origin = `http://127.0.0.1:${server.address().port}`;
      resolve(server);
    });
  });
}

/**
 * Consumer files that must not type-check, one mistake each, on line 2 after the import
 * on line 1 (`import tidings = require('tidings')` for `.cts`, `import { render } from
 * 'tidings'` otherwise): [what, the codes tsc may name, a word its message must contain, line 2].
 */
const MISTAKES = [
  ['misspelt option', ['TS2561', 'TS2353'], /timezone/, "render('welcome', 'en', {}, { timezone: 'Asia/Shanghai' });"],
  ['wrong argument type', ['TS2345'], /number/, "render(42, 'en', {});"],
  ['misspelt result field', ['TS2551', 'TS2339'], /txt/, "export const text = render('welcome', 'en', {}).channels.sms?.txt;"],
];

/** The MISTAKES as files with extension `ext` ('cts', 'mts' or 'ts'): [{ file, text, codes, … }]. */
export function mistakeFiles(ext) {
  return MISTAKES.map(([name, codes, mention, line], i) => ({
    name, codes, mention, line: 2, file: `bad-${i}.${ext}`,
    text: ext === 'cts'
      ? `import tidings = require('tidings');\n${line.replace(/\brender\(/, 'tidings.render(')}\n`
      : `import { render } from 'tidings';\n${line}\n`,
  }));
}

/**
 * tsc failed, and for each bad file only on its mistake's line, with an expected code and
 * a message about it. An error anywhere else (an import that does not resolve, say) fails:
 * it would mean the mistake went unchecked.
 */
export function assertRejected(r, bad) {
  assert.notEqual(r.code, 0, r.output);
  for (const b of bad) {
    const errors = r.errors.filter((e) => e.file === b.file);
    assert.ok(errors.length > 0, `${b.file} (${b.name}) must not compile:\n${b.text}`);
    for (const e of errors) {
      assert.equal(e.line, b.line, `${b.file}: only the mistake is an error: ${e.code} ${e.text}`);
      assert.ok(b.codes.includes(e.code), `${b.file} (${b.name}): ${e.code} ${e.text}; expected ${b.codes.join(' or ')}`);
    }
    assert.ok(errors.some((e) => b.mention.test(e.text)), `${b.file}: ${errors.map((e) => e.text).join('; ')}`);
  }
  const unexpected = r.errors.filter((e) => !bad.some((b) => b.file === e.file));
  assert.deepEqual(unexpected, [], r.output);
}
