// The Handlebars.js baseline: the catalog's .hbs sources (split at `--- part` lines the
// way src/catalog/parts.rs does), compiled ONCE per (message, locale, part) by
// Handlebars.js 4.7, with the catalog's helpers written in JS on the host's Intl
// (formatters cached per locale / currency / time zone). Shared by
// handlebars-pipeline.mjs (the batch baseline), micro.mjs (one call, and the editor's
// compile-per-keystroke), cold-start.mjs and run.mjs (the correctness check).
//
// It does what a typical Node renderer does and no more: no manifest validation, no
// neutralising of untrusted values, no SMS signature or segment counting (tidings does
// all of these per record), so it is, if anything, favoured.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';

const require = createRequire(import.meta.url);
const Handlebars = require('handlebars');

export const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'; // [catalog] default_time_zone

// The catalog's markets: templates read the destination market's texts as Handlebars
// `@data` (`{{@market.hotline}}`), which a Handlebars.js renderer passes in `data`. The
// manifest says which market a locale's customers are in by default (`home_markets`).
const CATALOG = parseToml(fs.readFileSync(path.join(TEMPLATES, 'manifest.toml'), 'utf8')).catalog;

/** Handlebars.js runtime options for a locale: `@timeZone` and the home market's `@market`. */
export function dataOptions(locale, timeZone = DEFAULT_TIME_ZONE) {
  const market = CATALOG.markets?.[CATALOG.home_markets?.[locale]]?.texts ?? {};
  return { data: { timeZone, market } };
}
const HTML_PARTS = new Set(['email.html']);
const CHANNEL_PARTS = {
  sms: ['sms'],
  push: ['push.title', 'push.body'],
  email: ['email.subject', 'email.html', 'email.text'],
  inApp: ['inApp.title', 'inApp.body'],
};

/** Splits a template file into parts exactly like `parts::split` (trimmed, in order). */
export function splitParts(text) {
  const parts = [];
  let current = null;
  const finish = ({ name, lines }) => {
    let leading = 0;
    while (leading < lines.length && lines[leading].trim() === '') leading++;
    parts.push({ name, source: lines.slice(leading).join('\n').trimEnd() });
  };
  // Rust's str::lines: split at \n, drop one trailing \r, no empty last line.
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (let line of lines) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith('--- ')) {
      if (current) finish(current);
      current = { name: line.slice(4).trim(), lines: [] };
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== '') {
      throw new Error('text before the first `--- <part>` divider');
    }
  }
  if (current) finish(current);
  return parts;
}

// ------------------------------------------------------------------ helpers

function isCjk(cp) {
  return (
    cp === 0x3005 || cp === 0x3007 ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

const NUMERIC = /\p{N}/u;
const SPACE = /\s/u;

/** `****` + last four digits (src/mask.rs mask_account). */
export function maskAccount(account) {
  const digits = [];
  for (const c of String(account)) if (NUMERIC.test(c)) digits.push(c);
  return digits.length >= 4 ? '****' + digits.slice(-4).join('') : '****';
}

/** src/mask.rs mask_name: CJK keeps the first char; Latin keeps each word's first char + ≤3 stars. */
export function maskName(name) {
  const chars = [...String(name).trim()];
  let out = '';
  if (chars.some((c) => isCjk(c.codePointAt(0)))) {
    let first = true;
    for (const c of chars) {
      if (SPACE.test(c) || c === '·' || c === '•' || c === '・') out += c;
      else if (first) { out += c; first = false; } else out += '*';
    }
    return out;
  }
  let inWord = false;
  let stars = 0;
  for (const c of chars) {
    if (SPACE.test(c) || c === '-') { out += c; inWord = false; } else if (!inWord) { out += c; inWord = true; stars = 0; } else if (stars < 3) { out += '*'; stars++; }
  }
  return out;
}

function helpers(locale) {
  const money = new Map();
  const dateTime = new Map();
  const list = new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' });
  return {
    eq: (a, b) => a === b,
    maskAccount: (a) => maskAccount(a),
    maskName: (n) => maskName(n),
    money(m) {
      let f = money.get(m.currency);
      if (!f) money.set(m.currency, (f = new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency })));
      // A decimal string is formatted exactly (Intl.NumberFormat v3), half-expand rounding.
      return f.format(typeof m.amount === 'string' ? m.amount : Number(m.amount));
    },
    datetime(t, options) {
      const tz = options.data.timeZone;
      let f = dateTime.get(tz);
      if (!f) {
        f = new Intl.DateTimeFormat(locale, {
          timeZone: tz, year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric',
          hour: 'numeric', minute: '2-digit', timeZoneName: 'shortOffset',
        });
        dateTime.set(tz, f);
      }
      return f.format(new Date(t));
    },
    list: (items) => list.format(items),
  };
}

// ------------------------------------------------------------------ compiled catalog

const envs = new Map(); // locale → Handlebars environment with that locale's helpers and partials
const compiled = new Map(); // `${message}\u0000${locale}` → { part: template }

function env(locale) {
  let hb = envs.get(locale);
  if (hb) return hb;
  hb = Handlebars.create();
  hb.registerHelper(helpers(locale));
  const dir = path.join(TEMPLATES, 'partials');
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name, `${locale}.hbs`);
    if (fs.existsSync(file)) hb.registerPartial(name, fs.readFileSync(file, 'utf8').trimEnd());
  }
  envs.set(locale, hb);
  return hb;
}

const KNOWN_HELPERS = { eq: true, maskAccount: true, maskName: true, money: true, datetime: true, list: true };

/**
 * One part's source compiled by Handlebars.js with the locale's helpers and partials.
 * Handlebars.js compiles lazily: the parse and compile happen on the first call of the
 * returned function (the editor benchmark counts them by calling it once per source).
 */
export function compilePart(locale, part, source) {
  return env(locale).compile(source, { strict: true, noEscape: !HTML_PARTS.has(part), knownHelpers: KNOWN_HELPERS });
}

/** The compiled parts of a message in a locale (compiled once, then cached). */
export function templates(message, locale) {
  const key = `${message}\u0000${locale}`;
  let t = compiled.get(key);
  if (t) return t;
  const text = fs.readFileSync(path.join(TEMPLATES, 'messages', message, `${locale}.hbs`), 'utf8');
  t = {};
  for (const { name, source } of splitParts(text)) t[name] = compilePart(locale, name, source);
  compiled.set(key, t);
  return t;
}

/** Renders one record's requested channels: { sms: { text } } / { email: { subject, html, text } }. */
export function renderChannels(record) {
  const t = templates(record.message, record.locale);
  const data = record.data;
  const options = dataOptions(record.locale, record.timeZone ?? data.timeZone ?? DEFAULT_TIME_ZONE);
  const channels = {};
  for (const channel of record.channels ?? Object.keys(CHANNEL_PARTS)) {
    const parts = CHANNEL_PARTS[channel];
    if (!parts || !t[parts[0]]) continue;
    const out = {};
    for (const part of parts) out[part === 'sms' ? 'text' : part.slice(part.indexOf('.') + 1)] = t[part](data, options);
    channels[channel] = out;
  }
  return channels;
}

/** One output JSON line (no trailing newline) for the input line `text` at `line`. */
export function renderLine(text, line) {
  let record;
  try {
    record = JSON.parse(text);
    const channels = renderChannels(record);
    return JSON.stringify({ id: record.id, line, status: 'rendered', messageId: record.message, locale: record.locale, fallback: false, channels, warnings: [] });
  } catch (e) {
    return JSON.stringify({ id: record?.id ?? null, line, status: 'failed', reason: { code: 'render', message: e.message } });
  }
}
