// Deterministic benchmark records (JSON Lines): 50% security.funds_moved zh-CN SMS,
// 50% service.maintenance en email, interleaved at random. Same seed and count → the
// same bytes. Files go to bench/data/ (git-ignored) and are reused when present.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));
export const SEED = 20261128;
// Bump when the record mix changes, so stale files are not reused.
const FORMAT_VERSION = 1;

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

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '小美', '建国'];
const COMPANIES = ['深圳市腾达科技有限公司', '上海浦江贸易有限公司', '北京京华餐饮管理有限公司', '杭州西湖电子商务有限公司', '广州白云物流有限公司', '成都天府文化传媒有限公司'];
// Where zh-CN recipients are; most records carry no timeZone (the catalog default, Asia/Shanghai).
const ZH_ZONES = [null, null, null, null, null, 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'America/Los_Angeles', 'Europe/London'];
const EN_ZONES = ['America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Singapore', 'Australia/Sydney', 'Asia/Shanghai', 'America/Chicago', 'Europe/Berlin'];
const SERVICES = ['Credit cards', 'Funds', 'Fixed deposits', 'Transfers', 'Bill payments', 'Top-ups', 'Wealth management', 'Loans', 'Rewards', 'Statements'];

const BASE = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 24 * 3600 * 1000;

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function isoMinute(ms) {
  return new Date(Math.floor(ms / 60000) * 60000).toISOString().replace('.000Z', 'Z');
}

/** A money amount with cents, log-uniform between `min` and `max`. */
function amount(r, min, max) {
  const lo = Math.log(min * 100);
  const cents = Math.max(1, Math.floor(Math.exp(lo + r() * (Math.log(max * 100) - lo))));
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function account(r) {
  const len = 16 + Math.floor(r() * 4); // 16–19 digits
  let s = '62';
  while (s.length < len) s += Math.floor(r() * 10);
  return s;
}

function counterparty(r) {
  if (r() < 0.15) return pick(r, COMPANIES);
  return pick(r, SURNAMES) + pick(r, GIVEN);
}

function fundsRecord(r, id) {
  const rec = { id, message: 'security.funds_moved', locale: 'zh-CN' };
  const tz = pick(r, ZH_ZONES);
  if (tz) rec.timeZone = tz;
  rec.channels = ['sms'];
  rec.data = {
    account: account(r),
    direction: r() < 0.5 ? 'in' : 'out',
    amount: { amount: amount(r, 1, r() < 0.02 ? 99_999_999 : 50_000), currency: 'CNY' },
    balance: { amount: amount(r, 1, r() < 0.02 ? 999_999_999 : 2_000_000), currency: 'CNY' },
    counterparty: counterparty(r),
    time: isoMinute(BASE + r() * YEAR_MS),
  };
  return rec;
}

function maintenanceRecord(r, id) {
  const start = BASE + r() * YEAR_MS;
  const hours = 1 + Math.floor(r() * 8);
  const count = 1 + Math.floor(r() * 4); // 1–4 services (max_items = 4)
  const pool = [...SERVICES];
  const services = [];
  for (let i = 0; i < count; i++) services.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  return {
    id,
    message: 'service.maintenance',
    locale: 'en',
    timeZone: pick(r, EN_ZONES),
    channels: ['email'],
    data: { startTime: isoMinute(start), endTime: isoMinute(start + hours * 3600_000), services },
  };
}

/** The records as JSON lines (one string per record). */
export function* records(n, seed = SEED) {
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    const id = `r${String(i + 1).padStart(7, '0')}`;
    yield JSON.stringify(r() < 0.5 ? fundsRecord(r, id) : maintenanceRecord(r, id));
  }
}

/** Path of the n-record file, written (atomically) if it is missing. */
export function ensureRecords(n, seed = SEED) {
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `records-v${FORMAT_VERSION}-s${seed}-n${n}.jsonl`);
  if (fs.existsSync(file)) return { file, generated: false };
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let batch = [];
  for (const line of records(n, seed)) {
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
