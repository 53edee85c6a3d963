// The JS API as a Node user calls it: `require('tidings')` from the repository root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const tidings = require('./');

const byId = (id) => tidings.messages().find((m) => m.id === id);

test('messages() describes every catalog message with its sources and example data', () => {
  const all = tidings.messages();
  // Every message folder of templates/ is a message, and nothing else is.
  assert.deepEqual(all.map((m) => m.id).sort(), fs.readdirSync(path.join(root, 'templates', 'messages')).sort());
  assert.ok(all.some((m) => m.id === 'security.verification_code'));
  for (const m of all) {
    assert.ok(m.channels.includes('sms'), `${m.id} has sms`);
    assert.ok(m.channels.length >= 2, `${m.id} has another channel`);
    assert.deepEqual([...m.locales].sort(), [...tidings.demo.settings().locales].sort());
    for (const v of m.variables) {
      assert.equal(typeof v.name, 'string');
      assert.equal(typeof v.required, 'boolean');
      assert.ok(v.description.length > 0, `${m.id}.${v.name} has a description`);
      assert.deepEqual(m.example[v.name], v.example);
    }
    for (const locale of m.locales) assert.equal(typeof m.templates[locale].sms, 'string');
  }
  const funds = byId('security.funds_moved');
  assert.deepEqual(funds.channels, ['sms', 'push', 'email', 'inApp']);
  assert.match(funds.templates['zh-CN']['email.html'], /\{\{money amount\}\}/);
});

test('each locale has its example data: the manifest\'s `examples` over `example`', () => {
  const funds = byId('security.funds_moved');
  assert.equal(funds.example.counterparty, '林小美');
  assert.equal(funds.examples.en.counterparty, 'Lin Xiaomei');
  // The rest of the locale's data is the example's.
  assert.deepEqual({ ...funds.examples.en, counterparty: funds.example.counterparty }, funds.example);
  assert.deepEqual(funds.variables.find((v) => v.name === 'counterparty').examples, { en: 'Lin Xiaomei' });
  assert.equal(byId('marketing.promotion').examples['zh-TW'].conditions, '單筆滿100元可用');
  // A message with no locale examples has none.
  assert.deepEqual(byId('security.verification_code').examples, {});
});

test('schema() gives an editor the catalog\'s vocabulary: locales, channels and parts, helpers, partials, app name', () => {
  const schema = tidings.schema();
  assert.deepEqual(schema, tidings.demo.schema());
  const settings = tidings.demo.settings();
  assert.deepEqual(schema.locales, settings.locales);
  assert.equal(schema.sourceLocale, settings.sourceLocale);
  assert.deepEqual(schema.currencies, settings.currencies);
  assert.deepEqual(schema.categories, Object.keys(settings.categories).sort());
  assert.deepEqual(schema.channels.map((c) => [c.name, c.parts.map((p) => p.name)]), [
    ['sms', ['sms']], ['push', ['push.title', 'push.body']],
    ['email', ['email.subject', 'email.html', 'email.text']], ['inApp', ['inApp.title', 'inApp.body']]]);
  assert.deepEqual(schema.channels.flatMap((c) => c.parts.filter((p) => p.html).map((p) => p.name)), ['email.html']);
  assert.deepEqual(schema.partials, fs.readdirSync(path.join(root, 'templates', 'partials')).sort());
  assert.deepEqual(schema.appName, { 'zh-CN': '北风支付', 'zh-TW': '北風支付', 'zh-HK': '北風支付', en: 'Northwind Pay' });
  // Every helper the schema lists compiles with its signature's arguments; a name it does
  // not list is an unknown helper.
  const arg = { number: 'n', money: 'm', datetime: 't', text: 's', list: 'xs', any: 'n' };
  const data = { n: 3, m: { amount: 1, currency: 'CNY' }, t: '2026-11-28T01:30:00Z', s: '13800138000', xs: ['a'] };
  for (const h of schema.helpers) {
    // plural needs the text of the number's category (`other` for 3 in English).
    const args = h.params.map((p) => arg[p]).join(' ') + (h.hash.includes('other') ? ' other="x"' : '');
    const source = h.block ? `{{#${h.name} ${args}}}x{{/${h.name}}}` : `{{${h.name} ${args}}}`;
    assert.doesNotThrow(() => tidings.renderTemplate(source, data, { locale: 'en' }), `${h.name}: ${source}`);
  }
  assert.throws(() => tidings.renderTemplate('{{shout s}}', data), (e) => e.code === 'unknown_helper');
});

test('render() of every message and locale with its example data', () => {
  for (const m of tidings.messages()) {
    for (const locale of m.locales) {
      const r = tidings.render(m.id, locale, m.examples[locale] ?? m.example);
      assert.equal(r.messageId, m.id);
      assert.equal(r.locale, locale);
      assert.equal(r.fallback, false);
      assert.equal(r.category, m.category);
      assert.deepEqual(Object.keys(r.channels).sort(), [...m.channels].sort());
      assert.ok(r.channels.sms.text.length > 0);
      assert.ok(!r.channels.sms.text.includes('{{'));
      assert.deepEqual(r.warnings, []);
    }
  }
});

test('a zh-HK request comes back in Hong Kong Chinese with formatted money', () => {
  const funds = byId('security.funds_moved');
  const data = { ...funds.example, amount: { amount: 1234.5, currency: 'HKD' } };
  const r = tidings.render('security.funds_moved', 'zh-HK', data);
  assert.equal(r.locale, 'zh-HK');
  assert.equal(r.fallback, false);
  assert.match(r.channels.sms.text, /HK\$1,234\.50/);
  assert.match(r.channels.sms.text, /賬戶/); // Hong Kong usage: not Taiwan's 帳戶, not Simplified 账户
  assert.doesNotMatch(r.channels.sms.text, /账户|帳戶/);
  // A preference list like navigator.languages: Macau reads Hong Kong's Chinese (CLDR).
  assert.equal(tidings.render('welcome', ['fr-FR', 'zh-MO', 'en'], byId('welcome').example).locale, 'zh-HK');
});

test('plain-text channels are not escaped; email HTML escapes every variable', () => {
  const funds = byId('security.funds_moved');
  // 16 characters: within the declared bound of 20, so nothing is cut.
  const data = { ...funds.example, counterparty: 'A&B <script>x</a' };
  const r = tidings.render('security.funds_moved', 'en', data);
  assert.match(r.channels.inApp.body, /A&B <script>x<\/a/);
  assert.doesNotMatch(r.channels.email.html, /<script>/);
  assert.equal(tidings.renderTemplate('{{x}}', { x: 'A&B' }), 'A&B');
  assert.equal(tidings.renderTemplate('{{x}}', { x: '<b>A&B</b>' }, { escape: 'html' }), '&lt;b&gt;A&amp;B&lt;/b&gt;');
});

test('errors are Error objects with code, messageId, locale, path, line and column', () => {
  const funds = byId('security.funds_moved');
  let err = catchError(() => tidings.render('security.funds_moved', 'zh-CN', { ...funds.example, time: 'yesterday' }));
  assert.ok(err instanceof Error);
  assert.equal(err.code, 'wrong_type');
  assert.equal(err.messageId, 'security.funds_moved');
  assert.equal(err.locale, 'zh-CN');
  assert.equal(err.path, 'time');

  const { amount, ...missing } = funds.example;
  err = catchError(() => tidings.render('security.funds_moved', 'en', missing));
  assert.equal(err.code, 'missing_variable');
  assert.equal(err.path, 'amount');

  err = catchError(() => tidings.render('security.funds_moved', 'en', { ...funds.example, extra: 1 }));
  assert.equal(err.code, 'unknown_variable');
  assert.equal(err.path, 'extra');

  err = catchError(() => tidings.render('nope', 'en', {}));
  assert.equal(err.code, 'unknown_message');

  err = catchError(() => tidings.renderTemplate('Hello\n  {{#each xs}}never closed', { xs: [] }));
  assert.equal(err.code, 'template_syntax');
  assert.equal(err.line, 2);
  assert.equal(typeof err.column, 'number');
  assert.match(err.detail, /\^/);

  err = catchError(() => tidings.renderTemplate('Dear {{nmae}}', { name: 'x' }, { messageId: 'welcome', locale: 'en' }));
  assert.equal(err.code, 'missing_variable');

  err = catchError(() => tidings.renderTemplate('Dear {{nmae}}', byId('welcome').example, { messageId: 'welcome' }));
  assert.equal(err.code, 'unknown_variable');
  assert.equal(err.path, 'nmae');
  assert.equal(err.line, 1);
  assert.equal(err.column, 6);

  err = catchError(() => tidings.renderTemplate('{{money m}}', { m: { amount: 1, currency: 'XYZ' } }));
  assert.equal(err.code, 'format');
  assert.equal(err.path, 'm');
});

test('renderTemplate uses the catalog helpers and partials in the requested locale', () => {
  const out = tidings.renderTemplate('{{money m}} {{> antifraud}}', { m: { amount: 5, currency: 'CNY' } }, { locale: 'zh-CN' });
  assert.match(out, /^¥5\.00 /);
  assert.match(out, /95018/);
  const ny = tidings.renderTemplate('{{time t}}', { t: '2026-01-15T17:00:00Z' }, { locale: 'en', timeZone: 'America/New_York' });
  assert.match(ny, /12:00\sPM GMT-5/);
});

test('negotiateLocale() follows CLDR: Traditional regions never get Simplified', () => {
  for (const tag of ['zh-HK', 'zh-MO', 'zh-Hant-HK']) assert.equal(tidings.negotiateLocale(tag).locale, 'zh-HK', tag);
  for (const tag of ['zh-TW', 'zh-Hant']) assert.equal(tidings.negotiateLocale(tag).locale, 'zh-TW', tag);
  for (const tag of ['zh', 'zh-Hans', 'zh-SG', 'zh-CN']) assert.equal(tidings.negotiateLocale(tag).locale, 'zh-CN', tag);
  assert.deepEqual(tidings.negotiateLocale('en-GB'), { locale: 'en', fallback: true, matched: 'en-GB' });
  assert.deepEqual(tidings.negotiateLocale('de'), { locale: 'zh-CN', fallback: true });
});

test('one bad call does not break later calls', () => {
  for (const bad of ['{{', '{{#if}}', '{{> nope}}', '{{#*inline "a"}}{{> a}}{{/inline}}{{> a}}', '{{#if x}}'.repeat(200)]) {
    assert.throws(() => tidings.renderTemplate(bad, { x: 1 }));
  }
  // Raw output is refused where values must be escaped.
  assert.throws(() => tidings.renderTemplate('{{{x}}}', { x: 1 }, { escape: 'html' }), (e) => e.code === 'raw_output');
  assert.throws(() => tidings.render('welcome', 42, {}));
  assert.throws(() => tidings.render('welcome', 'en', 'not an object'));
  assert.equal(tidings.renderTemplate('ok {{x}}', { x: 1 }), 'ok 1');
});

test('the generated TypeScript types describe the API (tsc --noEmit)', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', path.join(root, 'tests', 'js', 'usage.ts')], { stdio: 'pipe' });
});

function catchError(fn) {
  try { fn(); } catch (e) { return e; }
  assert.fail('expected an error');
}

test('render() with edited sources previews unsaved edits, composed and counted like the catalog', () => {
  const funds = byId('security.funds_moved');
  const r = tidings.render('security.funds_moved', 'zh-CN', funds.example, { sources: { sms: '转出{{money amount}}。{{> antifraud}}' } });
  assert.match(r.channels.sms.text, /^【北风支付】转出2,500\.00元。/); // the mainland SMS writes 元, not ¥
  assert.equal(r.channels.sms.segments, tidings.smsInfo(r.channels.sms.text).segments);
  assert.equal(r.channels.push.title, tidings.render('security.funds_moved', 'zh-CN', funds.example).channels.push.title);
  const err = catchError(() => tidings.render('security.funds_moved', 'en', funds.example, { sources: { 'email.html': '<p>ok</p>\n<p>{{#if amount}}</p>' } }));
  assert.equal(err.code, 'template_syntax');
  assert.equal(err.part, 'email.html');
  assert.equal(err.line, 2);
  assert.throws(() => tidings.render('welcome', 'en', byId('welcome').example, { sources: { 'push.title': 'x' } }), (e) => e.code === 'invalid_input');
  // Edited HTML is escaped like the catalog's.
  const html = tidings.render('security.funds_moved', 'en', { ...funds.example, counterparty: '<img src=x onerror=alert(1)>' },
    { sources: { 'email.html': '<p>{{counterparty}}</p>{{> antifraud}}' } }).channels.email.html;
  assert.match(html, /&lt;img/);
});

test('hostile inputs are errors and never break the instance', () => {
  const welcome = byId('welcome');
  let deep = [];
  for (let i = 0; i < 6000; i++) deep = [deep];
  assert.throws(() => tidings.render('welcome', 'en', { ...welcome.example, name: deep }), (e) => e.code === 'invalid_input');
  // A misspelt option is an error, never a silently unescaped render.
  assert.throws(() => tidings.renderTemplate('<p>{{x}}</p>', { x: '<img>' }, { escpae: 'html' }), (e) => e.code === 'invalid_input');
  assert.throws(() => tidings.render('welcome', 'en', welcome.example, { timezone: 'America/New_York' }), (e) => e.code === 'invalid_input');
  const cyclic = { ...welcome.example };
  cyclic.self = cyclic;
  assert.throws(() => tidings.render('welcome', 'en', cyclic), (e) => e.code === 'invalid_input');
  for (const bad of ['{{ #if name}}'.repeat(1200), '{{#if n}}a' + '{{else if n}}b'.repeat(2000), '\\{{ {{#if x}}'.repeat(3000)]) {
    assert.throws(() => tidings.renderTemplate(bad, { name: 1, n: 1, x: 1 }), (e) => e.code === 'template_limit');
    assert.throws(() => tidings.render('welcome', 'en', welcome.example, { sources: { sms: bad } }));
  }
  assert.throws(() => tidings.renderTemplate('{{#each a}}{{#each ../a}}{{#each ../../a}}{{#each ../../../a}}{{#each ../../../../a}}{{this}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}',
    { a: Array.from({ length: 10 }, () => 'x'.repeat(50000)) }), (e) => e.code === 'template_limit');
  // Still alive.
  assert.equal(tidings.render('welcome', 'en', welcome.example).locale, 'en');
});

test('data crosses as JSON within 16 MiB: non-finite numbers refused by name, the bound exact, a huge value refused before it is read to its end', () => {
  const MAX = 16 * 1024 * 1024;
  const err = (f) => { try { f(); } catch (e) { return e; } return null; };
  const ex = byId('welcome').example;
  for (const [v, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']]) {
    const e = err(() => tidings.render('welcome', 'en', { ...ex, name: v }));
    assert.equal(e.code, 'invalid_input');
    assert.match(e.message, new RegExp(`^data: \`name\` is ${shown}, not a finite number`));
  }
  // {"a":"…"} is the string's length + 8: at the bound it crosses, one more is refused.
  const atBound = err(() => tidings.renderTemplate('{{a}}', { a: 'x'.repeat(MAX - 8) }));
  assert.ok(atBound === null || !/16777216/.test(atBound.message), atBound?.message);
  const over = err(() => tidings.renderTemplate('{{a}}', { a: 'x'.repeat(MAX - 7) }));
  assert.equal(over.code, 'invalid_input');
  assert.match(over.message, /16777216/);
  // A 10 MB typed array and 5e6 array holes: refused without reading to the end.
  let read = false;
  const holes = new Array(5e6);
  Object.defineProperty(holes, holes.length - 1, { get() { read = true; return 0; }, enumerable: true });
  for (const big of [new Uint8Array(10e6), holes]) {
    const e = err(() => tidings.render('welcome', 'en', { ...ex, name: big }));
    assert.equal(e.code, 'invalid_input');
    assert.match(e.message, /^data: is longer than 16777216 characters as JSON/);
  }
  assert.equal(read, false, 'the last element was never read');
});
