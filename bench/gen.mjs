// Deterministic benchmark records (JSON Lines) for the jobs of `make bench`, valid for
// the catalog as it is: every value is generated within the bounds its variable
// declares in the manifest (read from `messages()` of the package, never copied here),
// so a record that tidings refuses is a bug in tidings or in this file, not noise.
//
//   mixed  50% security.funds_moved zh-CN SMS, 50% service.maintenance en email
//   sms    100% security.funds_moved zh-CN SMS
//
// Same job, seed, count and catalog bounds → the same bytes. Files go to bench/data/
// (git-ignored) and are reused when present; their name carries a hash of the bounds,
// so a manifest change never reuses records generated for the old one.
//
//   node bench/gen.mjs [--job mixed|sms] N    ensures the file, prints its path
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));
export const SEED = 20261128;
// Bump when the generator changes in a way the bounds hash does not see.
const FORMAT_VERSION = 2;

/** mulberry32: small, fast, deterministic (scripts/soak.mjs uses it too). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1)); // lo..hi inclusive

// ------------------------------------------------------------------ jobs

// Where recipients are; most zh-CN records carry no timeZone (the catalog default).
const ZH_ZONES = [null, null, null, null, null, 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'America/Los_Angeles', 'Europe/London'];
const EN_ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Singapore', 'Australia/Sydney', 'Asia/Shanghai', 'America/Chicago', 'Europe/Berlin'];

const FUNDS_SMS = { message: 'security.funds_moved', locale: 'zh-CN', channels: ['sms'], zones: ZH_ZONES };
const MAINTENANCE_EMAIL = { message: 'service.maintenance', locale: 'en', channels: ['email'], zones: EN_ZONES };

/** Each job: what it is, and its kinds of record with their shares. */
export const JOBS = {
  mixed: {
    description: '50% security.funds_moved zh-CN channels [sms], 50% service.maintenance en channels [email]',
    kinds: [{ share: 0.5, ...FUNDS_SMS }, { share: 0.5, ...MAINTENANCE_EMAIL }],
  },
  sms: {
    description: '100% security.funds_moved zh-CN channels [sms]',
    kinds: [{ share: 1, ...FUNDS_SMS }],
  },
};

// ------------------------------------------------------------------ flavour
// Realistic values where a pool makes records look like real traffic. A pool is only a
// wish list: values outside the variable's declared bounds are dropped (see `fits`), and
// a variable whose pool keeps nothing falls back to values made from its bounds alone.

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '小美', '建国'];
const COMPANIES = ['深圳市腾达科技有限公司', '上海浦江贸易有限公司', '北京京华餐饮管理有限公司', '杭州西湖电子商务有限公司', '广州白云物流有限公司', '成都天府文化传媒有限公司'];
const PERSONS = SURNAMES.flatMap((s) => GIVEN.map((g) => s + g));
const SERVICES = ['Credit cards', 'Funds', 'Fixed deposits', 'Transfers', 'Bill payments', 'Top-ups', 'Wealth management', 'Wealth', 'Loans', 'Rewards', 'Statements'];

const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Per message, per variable: `pool` (candidate values), `typical` (a money amount's
 * usual ceiling, the declared bound being reached by 2% of records) or `make` (a
 * value that depends on other variables of the same record).
 */
const FLAVOUR = {
  'security.funds_moved': {
    counterparty: { pool: (r) => (r() < 0.15 ? COMPANIES : PERSONS) },
    amount: { typical: 50_000 },
    balance: { typical: 2_000_000 },
    account: { prefix: '62', minLength: 16 },
  },
  'service.maintenance': {
    services: { pool: () => SERVICES },
    // A window of 1–8 hours after the start.
    endTime: { make: (r, data) => isoMinute(Date.parse(data.startTime) + int(r, 1, 8) * 3600_000) },
  },
};

// ------------------------------------------------------------------ bounds

/** A text's length as tidings counts it for `max_length`: UTF-16 units for `cjk`, else characters. */
const lengthOf = (text, charset) => (charset === 'cjk' ? text.length : [...text].length);

// Deliberately narrower than tidings' own charsets: a generated value must be beyond
// doubt, so anything near an edge (emoji, controls, GSM extension characters) is out.
const CHARSET = {
  digits: /^[0-9]+$/,
  gsm: /^[A-Za-z0-9 .,:;!?'()+\-/@]+$/,
  cjk: /^[\p{L}\p{Nd} ·-]+$/u,
  any: /^[\p{L}\p{Nd} ·-]+$/u,
};

/** Whether a text value is within a variable's (or a list item's) declared bounds. */
function fits(variable, text) {
  if (typeof text !== 'string' || text.trim() !== text || text === '') return false;
  const max = variable.maxLength ?? 32; // tidings assumes 32 for an unbounded variable
  return lengthOf(text, variable.charset) <= max && (CHARSET[variable.charset ?? 'any'] ?? CHARSET.any).test(text);
}

function isoMinute(ms) {
  return new Date(Math.floor(ms / 60000) * 60000).toISOString().replace('.000Z', 'Z');
}

/** A decimal amount with cents, log-uniform from 0.01 to `max`. */
function decimal(r, max) {
  const cents = Math.max(1, Math.floor(Math.exp(r() * Math.log(max * 100))));
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const HAN = '安百北成川达东方丰福光广海行和华佳建江金京康乐丽林龙美民明南宁鹏平庆荣瑞山盛顺泰天通万文祥新鑫兴阳益永裕元云泽长振中';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';

/** A text made from the bounds alone: `length` characters of the charset. */
function textOf(r, charset, length) {
  const alphabet = charset === 'digits' ? '0123456789' : charset === 'cjk' ? HAN : LATIN;
  let s = '';
  for (let i = 0; i < length; i++) s += pick(r, alphabet);
  return s;
}

// Pools filtered to a variable's bounds, per pool and variable: filtering on every value
// made generating a million records take most of a minute.
const fitting = new WeakMap(); // pool → Map(variable → values within its bounds)
function within(pool, variable) {
  let byVariable = fitting.get(pool);
  if (!byVariable) fitting.set(pool, (byVariable = new Map()));
  let values = byVariable.get(variable);
  if (!values) byVariable.set(variable, (values = pool.filter((v) => fits(variable, v))));
  return values;
}

/** One text value for `variable` (a string variable, or a list's item). */
function text(r, variable, flavour, exampleText) {
  const pool = flavour?.pool && within(flavour.pool(r), variable);
  if (pool?.length) return pick(r, pool);
  const max = variable.maxLength ?? 32;
  if (flavour?.prefix !== undefined) {
    const length = int(r, Math.min(flavour.minLength ?? 1, max), max);
    const prefix = flavour.prefix.slice(0, length);
    return prefix + textOf(r, variable.charset, length - prefix.length);
  }
  if (exampleText !== undefined && r() < 0.5) return exampleText;
  return textOf(r, variable.charset, int(r, 1, max));
}

/** A value for one declared variable, within its bounds. */
function value(r, variable, flavour, data) {
  if (flavour?.make) return flavour.make(r, data);
  const { type, example } = variable;
  switch (type) {
    case 'string':
      return text(r, variable, flavour, typeof example === 'string' && fits(variable, example) ? example : undefined);
    case 'enum':
      return pick(r, variable.values);
    case 'money': {
      // max_length bounds the digits of the integer part.
      const bound = 10 ** (variable.maxLength ?? 9) - 1;
      const max = r() < 0.02 ? bound : Math.min(flavour?.typical ?? bound, bound);
      return { amount: decimal(r, max), currency: example.currency };
    }
    case 'number':
      return int(r, 0, 10 ** (variable.maxLength ?? 6) - 1);
    case 'datetime':
      return isoMinute(YEAR_START + r() * YEAR_MS);
    case 'list': {
      const items = [];
      const count = int(r, 1, variable.maxItems ?? 5);
      for (let tries = 0; items.length < count && tries < 8 * count; tries++) {
        const v = text(r, variable, flavour);
        if (!items.includes(v)) items.push(v); // distinct, as a real list of services is
      }
      return items;
    }
    default:
      // A type this generator does not know (url, …): the catalog's own example, which
      // the build checks against the variable's bounds.
      return example;
  }
}

// ------------------------------------------------------------------ catalog

let catalogCache;
/** The catalog's messages by id (loaded on first use: soak.mjs imports only `rng`). */
function catalog() {
  catalogCache ??= new Map(require('../index.js').messages().map((m) => [m.id, m]));
  return catalogCache;
}

/** The declared variables of a job's messages, checked to exist. */
function jobMessages(job) {
  const spec = JOBS[job];
  if (!spec) throw new Error(`no benchmark job ${JSON.stringify(job)} (jobs: ${Object.keys(JOBS).join(', ')})`);
  return spec.kinds.map((kind) => {
    const m = catalog().get(kind.message);
    if (!m) throw new Error(`bench job ${job}: the catalog has no message ${kind.message}`);
    if (!m.locales.includes(kind.locale)) throw new Error(`bench job ${job}: ${kind.message} has no locale ${kind.locale}`);
    return { kind, message: m };
  });
}

/** A short hash of what the records depend on in the catalog: the jobs' variables. */
function boundsHash(job) {
  const declared = jobMessages(job).map(({ message }) => [message.id, message.variables.map(({ description, ...v }) => v)]);
  return createHash('sha256').update(JSON.stringify(declared)).digest('hex').slice(0, 10);
}

function record(r, id, { kind, message }) {
  const rec = { id, message: kind.message, locale: kind.locale };
  const tz = pick(r, kind.zones);
  if (tz) rec.timeZone = tz;
  rec.channels = kind.channels;
  const data = {};
  const flavours = FLAVOUR[message.id] ?? {};
  // Every declared variable, required or not: optional ones are rendered in a real job
  // too, and leaving them out would hide their cost.
  for (const v of message.variables) data[v.name] = value(r, v, flavours[v.name], data);
  rec.data = data;
  return rec;
}

/** The job's records as JSON lines (one string per record). */
export function* records(n, { job = 'mixed', seed = SEED } = {}) {
  const kinds = jobMessages(job);
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    const id = `r${String(i + 1).padStart(7, '0')}`;
    let u = r();
    let k = kinds.length - 1;
    for (let j = 0; j < kinds.length; j++) {
      if (u < kinds[j].kind.share) {
        k = j;
        break;
      }
      u -= kinds[j].kind.share;
    }
    yield JSON.stringify(record(r, id, kinds[k]));
  }
}

/** Path of the job's n-record file, written (atomically) if it is missing. */
export function ensureRecords(n, { job = 'mixed', seed = SEED } = {}) {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `records-v${FORMAT_VERSION}-${job}-b${boundsHash(job)}-s${seed}-n${n}.jsonl`);
  if (fs.existsSync(file)) return { file, generated: false };
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let batch = [];
  for (const line of records(n, { job, seed })) {
    batch.push(line);
    if (batch.length === 10_000) {
      fs.writeSync(fd, batch.join('\n') + '\n');
      batch = [];
    }
  }
  if (batch.length) fs.writeSync(fd, batch.join('\n') + '\n');
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return { file, generated: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--job');
  const job = at === -1 ? 'mixed' : args[at + 1];
  const rest = at === -1 ? args : args.filter((_, i) => i !== at && i !== at + 1);
  const n = Number(rest[0]);
  if (rest.length !== 1 || !Number.isInteger(n) || n < 1 || !JOBS[job]) {
    console.error(`usage: node bench/gen.mjs [--job ${Object.keys(JOBS).join('|')}] N`);
    process.exit(2);
  }
  console.log(ensureRecords(n, { job }).file);
}
