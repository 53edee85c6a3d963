// `tidings render` as a user runs it: `node bin/tidings.mjs render …` (and once through
// `npx tidings`), with fixtures under tests/fixtures/batch and generated files in a temp dir.
import { readCountingCopies } from './copies.mjs';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const tidings = require('./');
const fixtures = path.join(root, 'tests', 'fixtures', 'batch');
const fixture = (name) => path.join(fixtures, name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const example = (id) => tidings.messages().find((m) => m.id === id).example;

/** Runs a command to completion; resolves { code, stdout, stderr } (stdout as a Buffer). */
function exec(cmd, args, { input, cwd = root, env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: env && { ...process.env, ...env } });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => {}); // a child that exits before reading stdin
    child.stdin.end(input);
  });
}
const cli = (args, opts) => exec(process.execPath, ['bin/tidings.mjs', 'render', ...args], opts);
const parse = (stdout) => stdout.toString().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
const counts = (outcomes) => {
  const c = { rendered: 0, skipped: 0, failed: 0 };
  for (const o of outcomes) c[o.status]++;
  return c;
};
/** Records in a JSON Lines text: lines that are not blank (CRLF-aware). */
const recordCount = (text) => text.split('\n').filter((l) => l.trim() !== '').length;
const SUMMARY = /^tidings: (\d+) records — (\d+) rendered, (\d+) skipped, (\d+) failed; (\d+) SMS parts; [\d.]+ s, \d+ records\/s\n$/;

/** Every outcome has the documented shape; SMS counts agree with smsInfo(). */
function assertShapes(outcomes) {
  for (const o of outcomes) {
    assert.ok('id' in o, `line ${o.line} has an id`);
    assert.equal(typeof o.line, 'number');
    assert.ok(['rendered', 'skipped', 'failed'].includes(o.status), o.status);
    if (o.status === 'rendered') {
      assert.equal(typeof o.locale, 'string');
      assert.equal(typeof o.messageId, 'string');
      assert.equal(typeof o.fallback, 'boolean');
      assert.ok(Array.isArray(o.warnings));
      assert.ok(Object.keys(o.channels).length > 0);
      assert.equal(o.reason, undefined);
      if (o.channels.sms) {
        const { text, encoding, units, segments } = o.channels.sms;
        const info = tidings.smsInfo(text);
        assert.deepEqual({ encoding, units, segments }, { encoding: info.encoding, units: info.units, segments: info.segments });
        assert.ok(units > 0 && segments >= 1);
        assert.equal(encoding, o.locale === 'en' ? 'GSM-7' : 'UCS-2', `${o.id}: ${text}`);
      }
    } else {
      assert.equal(typeof o.reason.code, 'string');
      assert.ok(o.reason.message.length > 0);
      assert.equal(o.channels, undefined);
    }
  }
}

test('JSON Lines: bad lines fail, blank and CRLF lines are handled, preferences and defaults apply', async () => {
  const input = fs.readFileSync(fixture('mixed.jsonl'), 'utf8');
  assert.ok(input.includes('}\r\n') && input.includes('\n\n') && input.includes('\n\r\n'), 'the fixture has CRLF and blank lines');
  const { code, stdout, stderr } = await cli([fixture('mixed.jsonl'), '--message', 'welcome', '--locale', 'zh-HK,en', '--workers', '1']);
  assert.equal(code, 1, stderr);
  const out = parse(stdout);
  assert.equal(out.length, recordCount(input));
  assert.equal(out.length, 14);
  assert.deepEqual(out.map((o) => o.line), [1, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 15, 16, 17]);
  assert.deepEqual(counts(out), { rendered: 7, skipped: 2, failed: 5 });
  assertShapes(out);
  const at = (line) => out.find((o) => o.line === line);

  const r1 = at(1);
  assert.deepEqual([r1.id, r1.status, r1.messageId, r1.locale, r1.fallback], ['r1', 'rendered', 'security.funds_moved', 'zh-HK', false]);
  assert.deepEqual(Object.keys(r1.channels).sort(), ['email', 'inApp', 'push', 'sms']);
  assert.match(r1.channels.sms.text, /^【北風支付】.*HK\$1,234\.50/);
  assert.deepEqual([at(3).id, at(3).status, at(3).locale, at(3).fallback], ['r2', 'rendered', 'en', false]);

  assert.deepEqual([at(4).id, at(4).status, at(4).reason.code], [null, 'failed', 'invalid_input']);
  assert.match(at(4).reason.message, /not valid JSON/);
  assert.deepEqual([at(5).id, at(5).reason.code, at(5).reason.messageId], ['r4', 'unknown_message', 'no.such_message']);
  assert.deepEqual([at(6).id, at(6).reason.code, at(6).reason.path], ['r5', 'missing_variable', 'name']);
  assert.deepEqual([at(7).id, at(7).reason.code, at(7).reason.path], ['r6', 'wrong_type', 'time']);

  // Opted out of marketing: skipped, not failed.
  assert.deepEqual([at(9).id, at(9).status, at(9).messageId, at(9).reason.code], ['r8', 'skipped', 'marketing.promotion', 'opted_out']);
  // A channel opt-out on a survey: that channel is absent, the rest render.
  assert.deepEqual([at(10).id, at(10).status], ['r9', 'rendered']);
  assert.deepEqual(Object.keys(at(10).channels).sort(), ['email', 'inApp']);
  assert.deepEqual(at(10).warnings, []);
  // A preference against security is ignored and noted.
  const r10 = at(11);
  assert.deepEqual([r10.id, r10.status, r10.locale], ['r10', 'rendered', 'zh-CN']);
  assert.deepEqual(Object.keys(r10.channels).sort(), ['email', 'inApp', 'push', 'sms']);
  assert.deepEqual(r10.warnings.map((w) => [w.code, w.path]), [['preference_ignored', 'preferences.security']]);
  // No message and no locale: --message welcome, --locale zh-HK,en.
  assert.deepEqual([at(12).id, at(12).status, at(12).messageId, at(12).locale, at(12).fallback], ['r11', 'rendered', 'welcome', 'zh-HK', false]);
  // CRLF lines keep their numbers; a record's own message wins over --message.
  assert.deepEqual([at(13).id, at(13).status, at(13).locale], ['r12', 'rendered', 'en']);
  // Every channel opted out.
  assert.deepEqual([at(15).id, at(15).status, at(15).reason.code], ['r14', 'skipped', 'no_channels']);
  assert.deepEqual([at(16).id, at(16).status, at(16).locale], ['r15', 'rendered', 'zh-HK']);
  assert.deepEqual([at(17).id, at(17).status, at(17).reason.code], [null, 'failed', 'invalid_input']);

  // Not a TTY: one summary line on stderr, no progress bar.
  const m = SUMMARY.exec(stderr);
  assert.ok(m, JSON.stringify(stderr));
  assert.deepEqual(m.slice(1, 5).map(Number), [14, 7, 2, 5]);
  const smsParts = out.reduce((n, o) => n + (o.channels?.sms?.segments ?? 0), 0);
  assert.equal(Number(m[5]), smsParts);
  assert.doesNotMatch(stderr, /\r|\x1b|ETA|█|░/);
});

test('JSON Lines without defaults: the catalog default locale, and no message is a failure', async () => {
  const { code, stdout } = await cli([fixture('mixed.jsonl'), '--workers', '0', '--quiet']);
  assert.equal(code, 1);
  const out = parse(stdout);
  assert.equal(out.length, 14);
  assert.deepEqual(counts(out), { rendered: 6, skipped: 2, failed: 6 });
  const r11 = out.find((o) => o.id === 'r11');
  assert.deepEqual([r11.line, r11.status, r11.reason.code], [12, 'failed', 'invalid_input']);
  assert.match(r11.reason.message, /message/);
  const r15 = out.find((o) => o.id === 'r15');
  assert.deepEqual([r15.status, r15.locale], ['rendered', 'zh-CN']);
});

test('exit codes: 0 when nothing failed, 1 when some failed, 0 with --fail-on none', async () => {
  const clean = path.join(tmp, 'clean.jsonl');
  fs.writeFileSync(clean, [
    JSON.stringify({ id: 1, message: 'welcome', locale: 'en', data: example('welcome') }),
    JSON.stringify({ id: 2, message: 'marketing.promotion', data: example('marketing.promotion'), preferences: { marketing: false } }),
  ].join('\n'));
  const ok = await cli([clean, '-q']);
  assert.equal(ok.code, 0);
  assert.deepEqual(parse(ok.stdout).map((o) => o.status), ['rendered', 'skipped']);
  assert.equal((await cli([fixture('mixed.jsonl'), '-q'])).code, 1);
  const none = await cli([fixture('mixed.jsonl'), '-q', '--fail-on', 'none']);
  assert.equal(none.code, 0);
  assert.equal(parse(none.stdout).length, 14);
  assert.equal((await cli([fixture('mixed.jsonl'), '-q', '--fail-on', 'failed'])).code, 1);
});

test('exit code 2 on bad usage and on unreadable input, with nothing on stdout', async () => {
  const cases = [
    [[fixture('mixed.jsonl'), '--bogus'], /--bogus/],
    [[fixture('mixed.jsonl'), '--workers', '-1'], /--workers/],
    [[fixture('mixed.jsonl'), '--workers', 'two'], /--workers/],
    [[fixture('mixed.jsonl'), '--fail-on', 'maybe'], /--fail-on/],
    [[fixture('mixed.jsonl'), '--format', 'xml'], /--format/],
    [[fixture('mixed.jsonl'), '--chunk-size', '0'], /--chunk-size/],
    [[path.join(tmp, 'does-not-exist.jsonl')], /cannot read .*does-not-exist\.jsonl/],
    [[tmp], /cannot read .*directory/],
  ];
  for (const [args, stderrPattern] of cases) {
    const { code, stdout, stderr } = await cli(args);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.equal(stdout.length, 0, args.join(' '));
    assert.match(stderr, stderrPattern, args.join(' '));
  }
});

test('stdin ("-" and no file) and --out give the same bytes as a file; --quiet prints nothing on stderr', async () => {
  const file = fixture('mixed.jsonl');
  const fromFile = await cli([file, '-q', '-w', '1']);
  assert.equal(fromFile.stderr, '');
  assert.equal(parse(fromFile.stdout).length, 14);
  const input = fs.readFileSync(file);
  const dash = await cli(['-', '-q', '-w', '1'], { input });
  assert.equal(dash.code, 1);
  assert.equal(dash.stderr, '');
  assert.ok(dash.stdout.equals(fromFile.stdout));
  const noFile = await cli(['-q', '-w', '1'], { input });
  assert.equal(noFile.code, 1);
  assert.ok(noFile.stdout.equals(fromFile.stdout));
  // stdin CSV needs --format.
  const csv = await cli(['-q', '--format', 'csv'], { input: fs.readFileSync(fixture('records.csv')) });
  assert.ok(csv.stdout.equals((await cli([fixture('records.csv'), '-q'])).stdout));

  const outFile = path.join(tmp, 'out.jsonl');
  const toFile = await cli([file, '--out', outFile, '--quiet', '-w', '1']);
  assert.equal(toFile.code, 1);
  assert.equal(toFile.stdout.length, 0);
  assert.equal(toFile.stderr, '');
  assert.ok(fs.readFileSync(outFile).equals(fromFile.stdout));
  // Without --quiet the summary still goes to stderr, the output only to the file.
  const loud = await cli(['-o', outFile], { input });
  assert.equal(loud.stdout.length, 0);
  assert.match(loud.stderr, SUMMARY);
  assert.equal(loud.stderr.split('\n').length, 2);
  assert.ok(fs.readFileSync(outFile).equals(fromFile.stdout));
});

test('--help documents every flag; npx runs the package bin', async () => {
  const { code, stdout, stderr } = await cli(['--help']);
  assert.equal(code, 0, stderr);
  const help = stdout.toString();
  for (const flag of ['--out', '--format', '--message', '--locale', '--workers', '--fail-on', '--quiet', '--chunk-size', '--help']) {
    assert.match(help, new RegExp(`^\\s+(-\\w, )?${flag}\\b`, 'm'), `${flag} is in --help`);
  }
  for (const words of ['Exit codes', 'preferences.channels.sms', 'stdin']) assert.ok(help.includes(words), words);

  const npx = await exec('npx', ['--no', 'tidings', 'render', '--help']);
  assert.equal(npx.code, 0, npx.stderr);
  assert.ok(npx.stdout.equals(stdout), 'npx tidings render --help prints the same help');
});

test('CSV: header, dotted fields, lists, quoted commas and newlines, malformed rows fail in place', async () => {
  const text = fs.readFileSync(fixture('records.csv'), 'utf8');
  assert.equal(text.split('\n').length - 1, 9, 'the fixture has 9 lines (8 rows + header, one row on two lines)');
  const { code, stdout, stderr } = await cli([fixture('records.csv'), '-w', '2']);
  assert.equal(code, 1, stderr);
  const out = parse(stdout);
  assertShapes(out);
  assert.deepEqual(out.map((o) => [o.id, o.line, o.status]), [
    ['c1', 2, 'rendered'],
    ['c2', 3, 'rendered'], // a quoted cell spans lines 3–4
    ['c3', 5, 'skipped'],
    ['c4', 6, 'rendered'],
    [null, 7, 'failed'], // wrong number of fields
    [null, 8, 'failed'], // a quote inside an unquoted cell
    ['c7', 9, 'rendered'],
  ]);
  assert.deepEqual(counts(out), { rendered: 4, skipped: 1, failed: 2 });
  assert.deepEqual(SUMMARY.exec(stderr).slice(1, 5).map(Number), [7, 4, 1, 2]);
  const [c1, c2, c3, c4, c5, c6, c7] = out;
  // locale "zh-HK|en"; channels "sms|push"; data.amount.amount + data.amount.currency.
  assert.deepEqual([c1.locale, Object.keys(c1.channels)], ['zh-HK', ['sms', 'push']]);
  assert.match(c1.channels.sms.text, /HK\$1,234\.50/);
  assert.match(c1.channels.sms.text, /L\*\*\* X\*\*\*/); // "Lin, Xiaomei" is one cell
  // preferences.channels.sms = false on a security message: ignored and noted.
  assert.equal(c2.locale, 'en');
  assert.ok(c2.channels.sms);
  assert.match(c2.channels.sms.text, /\$5\.00/);
  assert.ok(c2.warnings.some((w) => w.code === 'preference_ignored' && w.path === 'preferences.channels.sms'));
  assert.equal(c3.reason.code, 'opted_out');
  // A list cell with `|`.
  assert.match(c4.channels.sms.text, /信用卡、基金和定期存款/);
  for (const bad of [c5, c6]) {
    assert.equal(bad.reason.code, 'invalid_input');
    assert.match(bad.reason.message, /malformed CSV row/);
  }
  // preferences.marketing = true, preferences.channels.sms = false: no SMS; a quoted comma.
  assert.deepEqual([c7.locale, Object.keys(c7.channels)], ['zh-TW', ['push', 'email']]);
  assert.match(c7.channels.email.text, /存入1,000元以上可用, 限新客/);

  for (const workers of ['0', '1']) {
    const again = await cli([fixture('records.csv'), '-q', '-w', workers]);
    assert.ok(again.stdout.equals(stdout), `--workers ${workers}`);
  }
});

test('CSV: an unknown column fails every row', async () => {
  const { code, stdout } = await cli([fixture('unknown-column.csv'), '-q']);
  assert.equal(code, 1);
  const out = parse(stdout);
  assert.deepEqual(out.map((o) => [o.id, o.line, o.status, o.reason?.code]), [
    ['u1', 2, 'failed', 'invalid_input'],
    ['u2', 3, 'failed', 'invalid_input'],
  ]);
  for (const o of out) assert.match(o.reason.message, /unknown column `nickname`/);

  // `__proto__` / `constructor.prototype` in a column name are data (and fail), not prototype writes.
  const file = path.join(tmp, 'proto.csv');
  const time = example('welcome').signUpTime;
  fs.writeFileSync(file, [
    'id,message,locale,data.name,data.signUpTime,data.__proto__.polluted,preferences.constructor.prototype.marketing',
    `p1,welcome,en,Ann,${time},yes,`,
    `p2,welcome,en,Ann,${time},,false`,
    `p3,welcome,en,Ann,${time},,`,
  ].join('\n'));
  const proto = parse((await cli([file, '-q'])).stdout);
  assert.deepEqual(proto.map((o) => [o.id, o.status, o.reason?.code]), [
    ['p1', 'failed', 'unknown_variable'],
    ['p2', 'failed', 'invalid_input'],
    ['p3', 'rendered', undefined],
  ]);
  assert.equal(proto[0].reason.path, '__proto__');
});

test('CSV: a row that is not a valid record (unknown channel) names its CSV line', async () => {
  const file = path.join(tmp, 'fax.csv');
  const time = example('welcome').signUpTime;
  fs.writeFileSync(file, ['id,message,locale,channels,data.name,data.signUpTime', '', '', `x1,welcome,en,sms,Ann,${time}`, `x2,welcome,en,fax,Ann,${time}`].join('\n'));
  const out = parse((await cli([file, '-q'])).stdout);
  assert.deepEqual(out.map((o) => [o.id, o.line, o.status]), [['x1', 4, 'rendered'], ['x2', 5, 'failed']]);
});

test('CSV: thousands of rows with malformed and multi-line rows keep order and line numbers (CRLF too)', async () => {
  const header = 'id,message,locale,data.name,data.signUpTime';
  const time = example('welcome').signUpTime;
  for (const eol of ['\n', '\r\n']) {
    const rows = [header];
    let lines = 1;
    const add = (row) => { rows.push(row); const first = lines + 1; lines += 1 + row.split(eol).length - 1; return first; };
    const expected = [];
    for (let i = 0; i < 2600; i++) {
      if (i % 400 === 399) {
        expected.push([null, add(`b${i},welcome,en`), 'failed']); // too few fields
      } else if (i % 400 === 7) {
        expected.push([`m${i}`, add(`m${i},welcome,en,"Ann${eol}Lee",${time}`), 'rendered']); // two lines
      } else if (i % 400 === 8) {
        add(''); // a blank line is not a row
        expected.push([null, add(`s${i},welcome,en,"An"n,${time}`), 'failed']); // bad closing quote
      } else if (i % 400 === 9) {
        expected.push([null, add(`q${i},welcome,en,A"n"n,${time}`), 'failed']); // two stray quotes: one failure
      } else {
        expected.push([`r${i}`, add(`r${i},welcome,${i % 2 ? 'en' : 'zh-CN'},N${i},${time}`), 'rendered']);
      }
    }
    const file = path.join(tmp, `many${eol === '\n' ? '' : '-crlf'}.csv`);
    fs.writeFileSync(file, rows.join(eol) + eol);
    const { code, stdout } = await cli([file, '-q', '-w', '2']);
    assert.equal(code, 1);
    const out = parse(stdout);
    assert.equal(out.length, 2600);
    assert.deepEqual(out.map((o) => [o.id, o.line, o.status]), expected);
  }
});

test('output bytes are identical with --workers 0, 1 and 2 over many chunks', async () => {
  const welcome = example('welcome');
  const promo = example('marketing.promotion');
  const lines = [];
  const statuses = [];
  for (let i = 0; i < 3000; i++) {
    switch (i % 7) {
      case 0: lines.push(''); break; // not a record
      case 1: lines.push(JSON.stringify({ id: i, message: 'nope', data: {} })); statuses.push('failed'); break;
      case 2: lines.push(JSON.stringify({ id: i, message: 'marketing.promotion', data: promo, preferences: { marketing: false } })); statuses.push('skipped'); break;
      case 3: lines.push(JSON.stringify({ id: i, message: 'welcome', locale: 'zh-HK', data: welcome }) + '\r'); statuses.push('rendered'); break;
      default: lines.push(JSON.stringify({ id: i, message: 'welcome', locale: ['fr', 'en'], data: { ...welcome, name: `N${i}` } })); statuses.push('rendered');
    }
  }
  const file = path.join(tmp, 'many.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  assert.ok(fs.statSync(file).size > 50 * 4096);
  const runs = {};
  for (const workers of ['0', '1', '2']) {
    const r = await cli([file, '--chunk-size', '4096', '--workers', workers, '--fail-on', 'none']);
    assert.equal(r.code, 0, r.stderr);
    const rendered = statuses.filter((s) => s === 'rendered').length;
    const skipped = statuses.filter((s) => s === 'skipped').length;
    assert.deepEqual(SUMMARY.exec(r.stderr).slice(1, 5).map(Number), [statuses.length, rendered, skipped, statuses.length - rendered - skipped]);
    runs[workers] = r.stdout;
  }
  assert.ok(runs['1'].equals(runs['0']), '--workers 1 = --workers 0');
  assert.ok(runs['2'].equals(runs['0']), '--workers 2 = --workers 0');
  const out = parse(runs['2']);
  assert.equal(out.length, statuses.length);
  assert.deepEqual(out.map((o) => o.status), statuses);
  const expectedLines = lines.map((l, i) => (l === '' ? null : i + 1)).filter(Boolean);
  assert.deepEqual(out.map((o) => o.line), expectedLines);
  assert.deepEqual(out.map((o) => o.id), expectedLines.map((l) => l - 1));

  // One line per chunk, and a chunk size smaller than a line, still in order.
  const small = path.join(tmp, 'small.jsonl');
  fs.writeFileSync(small, lines.slice(0, 300).join('\n'));
  const one = await cli([small, '-q', '--chunk-size', '1', '-w', '2', '--fail-on', 'none']);
  const whole = await cli([small, '-q', '-w', '0', '--fail-on', 'none']);
  assert.ok(one.stdout.equals(whole.stdout));
  assert.equal(parse(one.stdout).length, lines.slice(0, 300).filter((l) => l !== '').length);
});

/** Writes `n` welcome records (JSON Lines) to a file in the temp dir; returns its path. */
function welcomeFile(name, n, line = (i, data) => JSON.stringify({ id: `r${i}`, message: 'welcome', locale: 'en', data })) {
  const data = example('welcome');
  const file = path.join(tmp, name);
  fs.writeFileSync(file, Array.from({ length: n }, (_, i) => line(i + 1, data)).join('\n') + '\n');
  return file;
}

test('stdout that cannot be written: exit 2 and one line on stderr; a reader that goes away stays quiet', async () => {
  const file = welcomeFile('stdout.jsonl', 3000);
  for (const workers of ['0', '1']) {
    const full = fs.openSync('/dev/full', 'w');
    const child = spawn(process.execPath, ['bin/tidings.mjs', 'render', file, '-w', workers], { cwd: root, stdio: ['ignore', full, 'pipe'] });
    fs.closeSync(full);
    const err = [];
    child.stderr.on('data', (b) => err.push(b));
    const code = await new Promise((resolve) => child.on('close', resolve));
    const stderr = Buffer.concat(err).toString();
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^tidings: cannot write to stdout: ENOSPC[^\n]*\n$/);
  }
  // `| head -1`: the reader closes the pipe after one line.
  const child = spawn(process.execPath, ['bin/tidings.mjs', 'render', file, '-w', '1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const err = [];
  child.stderr.on('data', (b) => err.push(b));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(Buffer.concat(err).toString(), '');
  assert.equal(code, 0);
});

test('--workers: at most 64; workers start only when chunks need them', async () => {
  for (const n of ['65', '2000', '100000']) {
    const { code, stdout, stderr } = await cli([fixture('mixed.jsonl'), '--workers', n]);
    assert.equal(code, 2, stderr);
    assert.equal(stdout.length, 0);
    assert.match(stderr, /--workers must be at most 64/);
  }
  // 64 workers for a one-chunk input: one worker starts (64 would be about 4 GB).
  const { code, stdout, stderr } = await exec(process.execPath, ['bench/rss-wrapper.mjs', 'render', fixture('mixed.jsonl'), '-q', '-w', '64', '--fail-on', 'none']);
  assert.equal(code, 0, stderr);
  assert.equal(parse(stdout).length, 14);
  const rssMB = Number(/maxrss_kb (\d+)/.exec(stderr)[1]) / 1024;
  assert.ok(rssMB < 400, `peak RSS ${rssMB.toFixed(0)} MB with --workers 64 on one chunk`);
});

test('--max-record-bytes: a longer line fails in its place without reaching WASM; the reader is linear', async () => {
  const data = example('welcome');
  const record = (id, name) => JSON.stringify({ id, message: 'welcome', locale: 'en', data: { ...data, name } });
  const big = record('big', 'x'.repeat(3 << 20));
  const file = path.join(tmp, 'long.jsonl');
  fs.writeFileSync(file, [record('a', 'Ann'), big, '', ' '.repeat(2 << 20), record('b', 'Bo'), JSON.stringify({ data: { name: 'y'.repeat(2 << 20) }, id: 'late' }), record('c', 'Cy')].join('\n'));
  const runs = [];
  for (const workers of ['0', '2']) {
    const { code, stdout, stderr } = await cli([file, '-q', '-w', workers]);
    assert.equal(code, 1, stderr);
    const out = parse(stdout);
    assert.deepEqual(out.map((o) => [o.id, o.line, o.status]), [
      ['a', 1, 'rendered'],
      ['big', 2, 'failed'],
      // line 4, 2 MiB of spaces, is blank: not a record, as a short blank line is not
      ['b', 5, 'rendered'],
      [null, 6, 'failed'], // the id is not the line's first key: not guessed at
      ['c', 7, 'rendered'],
    ]);
    assert.equal(out[1].reason.code, 'invalid_input');
    assert.equal(out[1].reason.message, `line 2 is ${Buffer.byteLength(big)} bytes, over the limit of 1048576 bytes for one record (--max-record-bytes)`);
    runs.push(stdout);
  }
  assert.ok(runs[0].equals(runs[1]));
  // Raised, the same line renders (the untrusted name is cut to its bound).
  const raised = parse((await cli([file, '-q', '-w', '1', '--max-record-bytes', '4M'])).stdout);
  assert.deepEqual(raised.map((o) => [o.id, o.status]), [['a', 'rendered'], ['big', 'rendered'], ['b', 'rendered'], ['late', 'failed'], ['c', 'rendered']]);
  assert.match(raised[3].reason.message, /no `message`/);
  for (const bad of ['0', '65M', 'lots']) {
    const r = await cli([file, '--max-record-bytes', bad]);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--max-record-bytes must be/);
  }
});

test('the JSON Lines reader copies a long line a bounded number of times, not once per piece', async () => {
  const { jsonlChunks } = await import('../../lib/pipeline.mjs');
  const { Readable } = await import('node:stream');
  const piece = Buffer.alloc(64 * 1024, 'x');
  const pieces = [Buffer.from('{"id":"first"}\n{"id":"big","data":"'), ...Array.from({ length: 512 }, () => piece), Buffer.from('"}\n{"id":"last"}\n')];
  const total = pieces.reduce((n, p) => n + p.length, 0);
  // A limit above the line's 32 MiB: the line is read whole, into one chunk.
  const { items: chunks, copied } = await readCountingCopies(jsonlChunks(Readable.from(pieces), { chunkBytes: 256 * 1024, maxRecordBytes: 64 << 20 }));
  assert.ok(copied <= 2 * total, `${copied} bytes copied for ${total} bytes of input`);
  assert.deepEqual(chunks.map((c) => [c.firstLine, c.bytes.length]), [[1, 15], [2, total - 15 - 14], [3, 14]]);
});

test('CSV: a stray quote costs only its own row; every later physical row keeps its outcome', async () => {
  const time = example('welcome').signUpTime;
  const header = 'id,message,locale,data.name,data.signUpTime';
  const rows = [header];
  for (let i = 1; i <= 10000; i++) rows.push(i === 2 ? `r2,welcome,en,"oops,${time}` : `r${i},welcome,en,N${i},${time}`);
  const file = path.join(tmp, 'stray.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  const { code, stdout, stderr } = await cli([file, '-w', '2']);
  assert.equal(code, 1, stderr);
  const out = parse(stdout);
  assert.equal(out.length, 10000);
  assert.deepEqual(out.map((o) => o.line), rows.slice(1).map((_, i) => i + 2));
  assert.deepEqual([out[1].id, out[1].status, out[1].reason.code], [null, 'failed', 'invalid_input']);
  assert.match(out[1].reason.message, /^malformed CSV row: a quoted cell is not closed on line 3/);
  assert.match(out[1].reason.message, /line 4 is a complete row of its own/);
  assert.deepEqual(counts(out), { rendered: 9999, skipped: 0, failed: 1 });
  assert.deepEqual(SUMMARY.exec(stderr).slice(1, 5).map(Number), [10000, 9999, 0, 1]);
  for (const o of out.filter((x) => x.status === 'rendered')) assert.equal(o.id, `r${o.line - 1}`);

  // The review's five rows (the 2nd and 3rd were swallowed), CRLF too; then the cases a
  // quote open at a line end can meet.
  for (const eol of ['\n', '\r\n']) {
    const lines = [
      header,
      `a,welcome,en,"unterminated,${time}`, // 2: open at the line end, line 3 is a row
      `b,welcome,en,Bo,${time}`,
      `c,welcome,en,Cy,${time}`,
      `d,welcome,en,"x"y",${time}`, // 5: a closing quote followed by text
      `e,welcome,en,Ed,${time}`,
      `f,welcome,en,"Ann`, // 7–8: a quoted cell over two lines, balanced: one row
      `Lee",${time}`,
      `g,welcome,en,"Gi,${time}`, // 9: opens; line 10 would close it, but too many cells
      `h,welcome,en,Hu",${time},extra`,
      `i,welcome,en,"Ivy`, // 11: opens; the quote on line 12 is followed by text
      `j,welcome,en,"Jo"x,${time}`,
      `k,welcome,en,"""Kay""",${time}`, // 13: doubled quotes inside a quoted cell
      '   ', // 14: blank: not a row
      `l,welcome,en,"Lu`, // 15: open at the end of the input
    ];
    const f = path.join(tmp, 'quotes.csv');
    fs.writeFileSync(f, lines.join(eol) + eol);
    const res = await cli([f, '-q', '-w', '1']);
    assert.equal(res.code, 1, res.stderr);
    const got = parse(res.stdout);
    assert.deepEqual(got.map((o) => [o.id, o.line, o.status]), [
      [null, 2, 'failed'],
      ['b', 3, 'rendered'],
      ['c', 4, 'rendered'],
      [null, 5, 'failed'],
      ['e', 6, 'rendered'],
      ['f', 7, 'rendered'],
      [null, 9, 'failed'],
      [null, 10, 'failed'],
      [null, 11, 'failed'],
      [null, 12, 'failed'],
      ['k', 13, 'rendered'],
      [null, 15, 'failed'],
    ], JSON.stringify(eol));
    const why = (line) => got.find((o) => o.line === line).reason.message;
    assert.match(why(5), /a closing quote in cell 4 \(data\.name\) is followed by other text \(a quote inside a quoted cell is written ""\)$/);
    assert.match(why(9), /the row would have 6 cells, the header has 5/);
    assert.match(why(10), /a quote inside unquoted cell 4 \(data\.name\)/);
    assert.match(why(11), /a closing quote in cell 4 \(data\.name\) is followed by other text on line 12$/);
    assert.match(why(15), /the input ends first/);
    assert.match(got[5].channels.sms.text, /Ann/);
    assert.match(got[10].channels.sms.text, /"Kay"/);
  }
});

test('CSV: bytes that are not UTF-8, rows over --max-record-bytes and a bad header fail row by row', async () => {
  const time = example('welcome').signUpTime;
  const header = 'id,message,locale,data.name,data.signUpTime';
  const file = path.join(tmp, 'bytes.csv');
  fs.writeFileSync(file, Buffer.concat([
    Buffer.from(`\uFEFF${header}\nu1,welcome,en,Ann,${time}\nu2,welcome,en,An`),
    Buffer.from([0xff, 0xfe]),
    Buffer.from(`n,${time}\nbig,welcome,en,${'x'.repeat(2 << 20)},${time}\nu4,welcome,en,"Long\n${'y'.repeat(600 << 10)}\n${'z'.repeat(600 << 10)}",${time}\nu5,welcome,en,Bo,${time}`),
  ]));
  const { code, stdout } = await cli([file, '-q', '-w', '0']);
  assert.equal(code, 1);
  const out = parse(stdout);
  assert.deepEqual(out.map((o) => [o.id, o.line, o.status]), [
    ['u1', 2, 'rendered'],
    [null, 3, 'failed'],
    ['big', 4, 'failed'],
    [null, 5, 'failed'], // its quoted cell would take the row over the limit
    [null, 6, 'failed'], // 600 KiB of y, a row of one cell
    [null, 7, 'failed'],
    ['u5', 8, 'rendered'],
  ]);
  assert.match(out[1].reason.message, /line 3 is not valid UTF-8/);
  assert.match(out[2].reason.message, /^line 4 is \d+ bytes, over the limit of 1048576 bytes for one record/);
  assert.match(out[3].reason.message, /over --max-record-bytes/);
  // Raised, the long rows render.
  const raised = parse((await cli([file, '-q', '--max-record-bytes', '4M'])).stdout);
  assert.deepEqual(raised.map((o) => [o.id, o.line, o.status]), [
    ['u1', 2, 'rendered'], [null, 3, 'failed'], ['big', 4, 'rendered'], ['u4', 5, 'rendered'], ['u5', 8, 'rendered'],
  ]);

  // A header that is malformed or names a column twice: every row fails, one by one.
  for (const [head, pattern] of [
    ['id,message,"locale,data.name,data.signUpTime', /the CSV header \(line 1\) is malformed/],
    ['id,message,locale,data.name,data.name', /the CSV header names column `data\.name` twice/],
  ]) {
    const f = path.join(tmp, 'header.csv');
    fs.writeFileSync(f, [head, `h1,welcome,en,Ann,${time}`, '', `h2,welcome,en,"Bo`, `h3,welcome,en,Cy,${time}`].join('\n'));
    const got = parse((await cli([f, '-q'])).stdout);
    assert.deepEqual(got.map((o) => [o.line, o.status]), [[2, 'failed'], [4, 'failed'], [5, 'failed']]);
    for (const o of got) assert.match(o.reason.message, pattern);
  }
});

test('CSV: a quoted cell may span 100 lines, not 101', async () => {
  const time = example('welcome').signUpTime;
  const cell = (n) => `"${Array.from({ length: n }, (_, i) => `l${i}`).join('\n')}"`;
  const file = path.join(tmp, 'span.csv');
  fs.writeFileSync(file, ['id,message,locale,data.name,data.signUpTime', `s100,welcome,en,${cell(100)},${time}`, `s101,welcome,en,${cell(101)},${time}`, `ok,welcome,en,Ok,${time}`].join('\n'));
  const out = parse((await cli([file, '-q'])).stdout);
  assert.deepEqual(out.slice(0, 2).map((o) => [o.id, o.line, o.status]), [['s100', 2, 'rendered'], [null, 102, 'failed']]);
  assert.match(out[1].reason.message, /a quoted cell may span at most 100 lines/);
  // Every line of the refused cell then has its own outcome.
  assert.equal(out.length, 1 + 101 + 1);
  const last = out.at(-1);
  assert.deepEqual([last.id, last.line, last.status], ['ok', 203, 'rendered']);
});

test('a render worker that dies stops the run with exit 2 and names the input lines without an outcome', async () => {
  const time = example('welcome').signUpTime;
  const jsonl = welcomeFile('die.jsonl', 5000, (i, data) => JSON.stringify({ id: i === 3000 ? 'DIE-HERE' : `r${i}`, message: 'welcome', locale: 'en', data }));
  const csv = path.join(tmp, 'die.csv');
  fs.writeFileSync(csv, ['id,message,locale,data.name,data.signUpTime', ...Array.from({ length: 5000 }, (_, i) => `${i === 2999 ? 'DIE-HERE' : `r${i + 1}`},welcome,en,Ann,${time}`)].join('\n'));
  for (const [file, last, header] of [[jsonl, 5000, 0], [csv, 5001, 1]]) {
    for (const fault of ['exit', 'throw']) {
      for (const workers of ['1', '2']) {
        const what = `${path.basename(file)} ${fault} -w ${workers}`;
        const env = { TIDINGS_TEST_WORKER_FAULT: `${fault}:DIE-HERE` };
        const { code, stdout, stderr } = await cli([file, '-w', workers, '--chunk-size', '8192'], { env });
        assert.equal(code, 2, what);
        // The range ends at the input's last line when all of it was read when the worker
        // died; otherwise reading stopped there and the range is open.
        const m = /^tidings: .*die\.(jsonl|csv): a render worker (exited \(code 70\)|failed: test fault \(TIDINGS_TEST_WORKER_FAULT\)); no outcome for input (?:lines (\d+)–(\d+)|line (\d+) and every line after it) \(the output stops before line (\d+)\)\n$/.exec(stderr);
        assert.ok(m, `${what}: ${stderr}`);
        const from = Number(m[3] ?? m[5]);
        if (m[4] !== undefined) assert.equal(Number(m[4]), last, what);
        assert.equal(Number(m[6]), from);
        assert.ok(from <= 3000 + header, what);
        // The output is every outcome before `from`, in order, and nothing else.
        const out = parse(stdout);
        assert.deepEqual(out.map((o) => o.line), Array.from({ length: from - 1 - header }, (_, i) => i + 1 + header), what);
      }
    }
  }
  // The last line fails after the whole input was read: the range is closed.
  const tail = welcomeFile('die-last.jsonl', 10, (i, data) => JSON.stringify({ id: i === 10 ? 'DIE-HERE' : `r${i}`, message: 'welcome', locale: 'en', data }));
  const end = await cli([tail, '-w', '1', '--chunk-size', '1'], { env: { TIDINGS_TEST_WORKER_FAULT: 'exit:DIE-HERE' } });
  assert.equal(end.code, 2);
  assert.match(end.stderr, /: a render worker exited \(code 70\); no outcome for input line 10 \(the output stops before line 10\)\n$/);
  assert.equal(parse(end.stdout).length, 9);
  // Unset, the hook does nothing: the same files render completely.
  const whole = await cli([jsonl, '-q', '-w', '2', '--chunk-size', '8192']);
  assert.equal(whole.code, 0);
  assert.equal(parse(whole.stdout).length, 5000);
});

test('--out is written atomically: renamed into place on success, removed on failure or a signal', async () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
  const others = () => fs.readdirSync(dir).filter((f) => f !== 'in.jsonl' && f !== 'out.jsonl');
  const input = path.join(dir, 'in.jsonl');
  fs.copyFileSync(welcomeFile('atomic.jsonl', 3000, (i, data) => JSON.stringify({ id: i === 2000 ? 'DIE-HERE' : `r${i}`, message: 'welcome', locale: 'en', data })), input);
  const target = path.join(dir, 'out.jsonl');
  const expected = (await cli([input, '-q', '-w', '1'])).stdout;

  // Success: the output, with the permissions of the file it replaces; no temporary file.
  fs.writeFileSync(target, 'old\n', { mode: 0o600 });
  fs.chmodSync(target, 0o600);
  const ok = await cli([input, '-q', '-w', '1', '--out', target]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(fs.readFileSync(target).equals(expected));
  assert.equal(fs.statSync(target).mode & 0o777, 0o600);
  assert.deepEqual(others(), []);

  // A worker dies: exit 2, the old file untouched, no temporary file.
  fs.writeFileSync(target, 'old\n');
  const died = await cli([input, '-q', '-w', '2', '--chunk-size', '8192', '--out', target], { env: { TIDINGS_TEST_WORKER_FAULT: 'exit:DIE-HERE' } });
  assert.equal(died.code, 2);
  assert.match(died.stderr, /no outcome for input line/);
  assert.equal(fs.readFileSync(target, 'utf8'), 'old\n');
  assert.deepEqual(others(), []);
  fs.rmSync(target);
  const fresh = await cli([input, '-q', '-w', '1', '--out', target], { env: { TIDINGS_TEST_WORKER_FAULT: 'throw:DIE-HERE' } });
  assert.equal(fresh.code, 2);
  assert.ok(!fs.existsSync(target), 'no file at --out after a failed run');
  assert.deepEqual(others(), []);

  // A signal during the run: 130 / 143 / 129, nothing at --out, no temporary file.
  const big = path.join(dir, 'big.jsonl');
  fs.writeFileSync(big, fs.readFileSync(input, 'utf8').replace('DIE-HERE', 'r2000').repeat(20));
  fs.rmSync(input);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    const child = spawn(process.execPath, ['bin/tidings.mjs', 'render', big, '-q', '-w', '1', '--out', target], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const err = [];
    child.stderr.on('data', (b) => err.push(b));
    const closed = new Promise((resolve) => child.on('close', (c, s) => resolve([c, s])));
    // Signalled once the temporary file has some output in it.
    for (let t = 0; ; t++) {
      const temp = fs.readdirSync(dir).find((f) => f.endsWith('.tmp'));
      if (temp && fs.statSync(path.join(dir, temp)).size > 0) break;
      assert.ok(t < 2000, 'the temporary file appears');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill(signal);
    assert.deepEqual(await closed, [code, null], signal);
    assert.equal(Buffer.concat(err).toString(), '');
    assert.ok(!fs.existsSync(target), `${signal}: no file at --out`);
    assert.deepEqual(fs.readdirSync(dir), ['big.jsonl'], signal);
  }

  // A directory that does not exist, and an output that is not a regular file.
  const nowhere = await cli([big, '-q', '--out', path.join(dir, 'no', 'such', 'dir.jsonl')]);
  assert.equal(nowhere.code, 2);
  assert.match(nowhere.stderr, /^tidings: cannot write .*dir\.jsonl: ENOENT[^\n]*\n$/);
  const full = await cli([fixture('mixed.jsonl'), '-q', '--out', '/dev/full']);
  assert.equal(full.code, 2);
  assert.match(full.stderr, /^tidings: cannot write \/dev\/full: ENOSPC[^\n]*\n$/);
  const devnull = await cli([fixture('mixed.jsonl'), '-q', '--out', '/dev/null']);
  assert.equal(devnull.code, 1, devnull.stderr);
  // A symlink stays a symlink: the file it points to is replaced.
  const real = path.join(dir, 'real.jsonl');
  const link = path.join(dir, 'link.jsonl');
  fs.writeFileSync(real, 'old\n');
  fs.symlinkSync(real, link);
  assert.equal((await cli([fixture('mixed.jsonl'), '-q', '--out', link])).code, 1);
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.equal(parse(fs.readFileSync(real)).length, 14);
  // Input and output the same file: the run reads the old file and replaces it.
  const same = path.join(dir, 'same.jsonl');
  fs.copyFileSync(fixture('mixed.jsonl'), same);
  const inPlace = await cli([same, '-q', '--out', same]);
  assert.equal(inPlace.code, 1);
  assert.ok(fs.readFileSync(same).equals((await cli([fixture('mixed.jsonl'), '-q'])).stdout));
});

test('chunks stay within one render call: --chunk-size and --max-record-bytes are capped, big CSV records fail alone', async () => {
  for (const [args, pattern] of [[['--chunk-size', String((1 << 20) + 1)], /--chunk-size must be at most 1M/], [['--max-record-bytes', '9M'], /--max-record-bytes must be at most 8M/]]) {
    const r = await cli([fixture('mixed.jsonl'), ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, pattern);
  }
  const data = example('welcome');
  const file = path.join(tmp, 'seven.jsonl');
  const seven = JSON.stringify({ id: 'seven', message: 'welcome', locale: 'en', data: { ...data, name: 'x'.repeat(7 << 20) } });
  fs.writeFileSync(file, [JSON.stringify({ id: 'a', message: 'welcome', locale: 'en', data }), seven, seven].join('\n'));
  const big = await cli([file, '-q', '-w', '1', '--chunk-size', '1M', '--max-record-bytes', '8M']);
  assert.equal(big.code, 0, big.stderr);
  assert.deepEqual(parse(big.stdout).map((o) => [o.id, o.status]), [['a', 'rendered'], ['seven', 'rendered'], ['seven', 'rendered']]);
  // A 3 MiB CSV cell of control characters is 18 MiB as JSON: too long for a render call.
  const csv = path.join(tmp, 'escapes.csv');
  fs.writeFileSync(csv, ['id,message,locale,data.name,data.signUpTime', `e1,welcome,en,${'\x01'.repeat(3 << 20)},${data.signUpTime}`, `e2,welcome,en,Ann,${data.signUpTime}`].join('\n'));
  const esc = await cli([csv, '-q', '-w', '1', '--max-record-bytes', '4M']);
  assert.equal(esc.code, 1, esc.stderr);
  const out = parse(esc.stdout);
  assert.deepEqual(out.map((o) => [o.line, o.status]), [[2, 'failed'], [3, 'rendered']]);
  assert.match(out[0].reason.message, /^line 2: the row is \d+ bytes as a JSON record, over the 16777216 bytes a render call takes$/);
});

test('CSV and JSONL: a phone or market column routes each record to its market', async () => {
  const promo = example('marketing.promotion');
  const file = path.join(tmp, 'markets.csv');
  fs.writeFileSync(file, [
    'id,message,locale,phone,market,channels,data.title,data.expiry,data.conditions',
    `cn,marketing.promotion,zh-TW,+86 138 0013 8000,,sms,${promo.title},${promo.expiry},${promo.conditions}`,
    `tw,marketing.promotion,zh-TW,+886 912 345 678,,sms,${promo.title},${promo.expiry},${promo.conditions}`,
    `hk,marketing.promotion,en,,HK,sms,${promo.title},${promo.expiry},${promo.conditions}`,
    `bad,marketing.promotion,en,13800138000,,sms,${promo.title},${promo.expiry},${promo.conditions}`,
  ].join('\n'));
  const out = parse((await cli([file, '-q'])).stdout);
  assert.deepEqual(out.map((o) => [o.id, o.status, o.market, o.channels?.sms.locale, o.reason?.code, o.reason?.path]), [
    ['cn', 'rendered', 'CN', 'zh-CN', undefined, undefined],
    ['tw', 'rendered', 'TW', undefined, undefined, undefined],
    ['hk', 'rendered', 'HK', undefined, undefined, undefined],
    ['bad', 'failed', undefined, undefined, 'invalid_input', 'phone'],
  ]);
  assert.match(out[0].channels.sms.text, /^【北风支付】.*拒收请回复R$/);
  assert.match(out[1].channels.sms.text, /拒收行銷簡訊請撥免付費0800-095-018$/);
  assert.match(out[2].channels.sms.text, /^Northwind Pay: .*To unsubscribe, call \(852\) 3189 9500\./);
  // The same records as JSONL render the same.
  const jsonl = out.map((o, i) => JSON.stringify({
    id: o.id, message: 'marketing.promotion', locale: i < 2 ? 'zh-TW' : 'en', channels: ['sms'], data: promo,
    ...(o.id === 'hk' ? { market: 'HK' } : { phone: ['+86 138 0013 8000', '+886 912 345 678', null, '13800138000'][i] }),
  })).join('\n');
  const again = parse((await cli(['-', '-q'], { input: jsonl })).stdout);
  assert.deepEqual(again.map((o) => o.channels?.sms.text), out.map((o) => o.channels?.sms.text));
});
