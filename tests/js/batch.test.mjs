// renderBatch, the in-process batch API, as a Node user calls it: `require('./')`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const tidings = require('./');
const example = (id) => tidings.messages().find((m) => m.id === id).example;
const counts = (outcomes) => {
  const c = { rendered: 0, skipped: 0, failed: 0 };
  for (const o of outcomes) c[o.status]++;
  return c;
};

test('one outcome per record, in order, line = position; bad records fail without throwing', () => {
  const welcome = example('welcome');
  const records = [
    { id: 'a', message: 'welcome', locale: 'en', data: { ...welcome, name: 'Ann Lee' } },
    null,
    42,
    'a string',
    ['an', 'array'],
    undefined,
    { id: 'big', message: 'welcome', locale: 'en', data: { ...welcome, name: 10n } },
    { id: 'nope', message: 'no.such_message', data: {} },
    { id: 'missing', message: 'welcome', locale: 'en', data: { name: 'Ann' } },
    { id: 7, message: 'marketing.promotion', locale: 'en', data: example('marketing.promotion'), preferences: { marketing: false } },
    { id: 'survey', message: 'survey.satisfaction', locale: 'zh-TW', data: example('survey.satisfaction'), preferences: { channels: { email: false } } },
    { id: 'alert', message: 'security.password_changed', locale: 'en', data: example('security.password_changed'), preferences: { security: false, channels: { sms: false } } },
    { id: 'extra', message: 'welcome', data: welcome, nickname: 'x' },
    { id: 'last', message: 'welcome', locale: 'zh-HK', data: welcome },
  ];
  const out = tidings.renderBatch(records);
  assert.equal(out.length, records.length);
  assert.deepEqual(out.map((o) => o.line), records.map((_, i) => i + 1));
  assert.deepEqual(out.map((o) => [o.id, o.status]), [
    ['a', 'rendered'],
    [null, 'failed'],
    [null, 'failed'],
    [null, 'failed'],
    [null, 'failed'],
    [null, 'failed'],
    ['big', 'failed'],
    ['nope', 'failed'],
    ['missing', 'failed'],
    [7, 'skipped'],
    ['survey', 'rendered'],
    ['alert', 'rendered'],
    ['extra', 'failed'],
    ['last', 'rendered'],
  ]);
  assert.deepEqual(counts(out), { rendered: 4, skipped: 1, failed: 9 });
  for (const i of [1, 2, 3, 4, 5]) {
    assert.equal(out[i].reason.code, 'invalid_input');
    assert.match(out[i].reason.message, /must be an object/);
  }
  assert.equal(out[6].reason.code, 'invalid_input');
  assert.match(out[6].reason.message, /BigInt/);
  assert.deepEqual([out[7].reason.code, out[7].reason.messageId], ['unknown_message', 'no.such_message']);
  assert.deepEqual([out[8].reason.code, out[8].reason.path], ['missing_variable', 'signUpTime']);
  assert.deepEqual([out[9].messageId, out[9].reason.code], ['marketing.promotion', 'opted_out']);
  assert.deepEqual(Object.keys(out[10].channels).sort(), ['inApp', 'sms']);
  assert.deepEqual(Object.keys(out[11].channels).sort(), ['email', 'inApp', 'push', 'sms']);
  assert.deepEqual(out[11].warnings.map((w) => [w.code, w.path]), [
    ['preference_ignored', 'preferences.security'],
    ['preference_ignored', 'preferences.channels.sms'],
  ]);
  assert.equal(out[12].reason.code, 'invalid_input');
  assert.deepEqual([out[13].locale, out[13].fallback], ['zh-HK', false]);
  for (const o of out.filter((x) => x.status !== 'rendered')) {
    assert.equal(typeof o.reason.message, 'string');
    assert.equal(o.channels, undefined);
  }

  // A rendered outcome is what render() gives for the same record.
  const single = tidings.render('welcome', 'zh-HK', welcome);
  assert.deepEqual(
    { messageId: out[13].messageId, locale: out[13].locale, fallback: out[13].fallback, channels: out[13].channels, warnings: out[13].warnings },
    { messageId: single.messageId, locale: single.locale, fallback: single.fallback, channels: single.channels, warnings: single.warnings },
  );
  const sms = out[0].channels.sms;
  assert.deepEqual([sms.encoding, sms.units, sms.segments], [tidings.smsInfo(sms.text).encoding, tidings.smsInfo(sms.text).units, tidings.smsInfo(sms.text).segments]);
  assert.equal(sms.encoding, 'GSM-7');
  assert.equal(out[13].channels.sms.encoding, 'UCS-2');
});

test('options.message and options.locale are defaults; a record’s own fields win', () => {
  const welcome = example('welcome');
  const records = [
    { id: 1, data: welcome },
    { id: 2, locale: 'en', data: welcome },
    { id: 3, message: 'survey.satisfaction', data: example('survey.satisfaction') },
    { id: 4, data: welcome, locale: ['de', 'zh-SG'] },
  ];
  const out = tidings.renderBatch(records, { message: 'welcome', locale: ['zh-HK', 'en'] });
  assert.deepEqual(out.map((o) => [o.id, o.status, o.messageId, o.locale]), [
    [1, 'rendered', 'welcome', 'zh-HK'],
    [2, 'rendered', 'welcome', 'en'],
    [3, 'rendered', 'survey.satisfaction', 'zh-HK'],
    [4, 'rendered', 'welcome', 'zh-CN'],
  ]);
  assert.equal(tidings.renderBatch([{ id: 1, data: welcome }], { message: 'welcome', locale: 'en' })[0].locale, 'en');
  // Without a default message a record without one fails, and the batch goes on.
  const bare = tidings.renderBatch([{ id: 1, data: welcome }, { id: 2, message: 'welcome', data: welcome }]);
  assert.deepEqual(bare.map((o) => [o.status, o.reason?.code]), [['failed', 'invalid_input'], ['rendered', undefined]]);
  assert.equal(bare[1].locale, 'zh-CN');
  assert.deepEqual(tidings.renderBatch([]), []);
  assert.throws(() => tidings.renderBatch('not an array'), TypeError);
});

test('more than 2048 records keep their order and numbering across chunks', () => {
  const welcome = example('welcome');
  const n = 5000;
  const records = Array.from({ length: n }, (_, i) => {
    if (i % 1000 === 999 || i === 2047 || i === 2048) return i % 2 ? null : { id: i, message: 'nope' };
    if (i % 3 === 0) return { id: i, message: 'marketing.promotion', data: example('marketing.promotion'), preferences: { marketing: false } };
    return { id: i, message: 'welcome', locale: i % 2 ? 'en' : 'zh-TW', data: { ...welcome, name: `N${i}` } };
  });
  const out = tidings.renderBatch(records);
  assert.equal(out.length, n);
  const bad = new Set([999, 1999, 2047, 2048, 2999, 3999, 4999]);
  for (let i = 0; i < n; i++) {
    const o = out[i];
    assert.equal(o.line, i + 1);
    if (bad.has(i)) {
      assert.equal(o.status, 'failed', `record ${i}`);
      assert.equal(o.id, records[i] === null ? null : i);
    } else if (i % 3 === 0) {
      assert.deepEqual([o.id, o.status], [i, 'skipped']);
    } else {
      assert.deepEqual([o.id, o.status, o.locale], [i, 'rendered', i % 2 ? 'en' : 'zh-TW']);
      assert.ok(o.channels.sms.text.includes(`N${i}`), `record ${i}`);
    }
  }
  const skipped = Array.from({ length: n }, (_, i) => i).filter((i) => !bad.has(i) && i % 3 === 0).length;
  assert.deepEqual(counts(out), { rendered: n - bad.size - skipped, skipped, failed: bad.size });
});

test('reader annotations are namespaced: a record field called line or error is just an unknown field', () => {
  const data = example('welcome');
  const [a, b] = tidings.renderBatch([
    { id: 'a', message: 'welcome', locale: 'en', data, line: 99 },
    { id: 'b', message: 'welcome', locale: 'en', data, error: 'x' },
  ]);
  assert.deepEqual([a.line, a.status, a.reason.code], [1, 'failed', 'invalid_input']);
  assert.deepEqual([b.line, b.status, b.reason.code], [2, 'failed', 'invalid_input']);
});

test('records JSON cannot express fail one by one: throwing Proxy, throwing toJSON, BigInt, cycle', () => {
  const data = example('welcome');
  const good = (id) => ({ id, message: 'welcome', locale: 'en', data });
  const cycle = { id: 'cycle', message: 'welcome', locale: 'en', data: { ...data } };
  cycle.data.self = cycle;
  const trap = () => { throw new Error('getter says no'); };
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const records = [
    good('first'),
    new Proxy({}, { get: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, has: trap }),
    { id: 'tojson', toJSON() { throw new Error('toJSON says no'); } },
    { id: 'bigint', message: 'welcome', locale: 'en', data: { ...data, count: 10n } },
    cycle,
    { id: 'getter', message: 'welcome', get data() { throw new Error('data getter says no'); } },
    revocable.proxy,
    { id: 'undefined-json', toJSON: () => undefined },
    // A record whose JSON carries the reader's annotations is refused, not trusted.
    { id: 'forged', message: 'welcome', locale: 'en', data, '@error': 'forged' },
    good('last'),
  ];
  const out = tidings.renderBatch(records);
  assert.equal(out.length, records.length);
  assert.deepEqual(out.map((o) => o.line), records.map((_, i) => i + 1));
  assert.deepEqual(out.map((o) => [o.id, o.status]), [
    ['first', 'rendered'],
    [null, 'failed'],
    ['tojson', 'failed'],
    ['bigint', 'failed'],
    ['cycle', 'failed'],
    ['getter', 'failed'],
    [null, 'failed'],
    ['undefined-json', 'failed'],
    ['forged', 'failed'],
    ['last', 'rendered'],
  ]);
  for (const o of out.filter((x) => x.status === 'failed')) {
    assert.equal(o.reason.code, 'invalid_input', JSON.stringify(o));
    assert.deepEqual(Object.keys(o), ['id', 'line', 'status', 'reason'], 'the same shape as a failure from WASM');
  }
  const why = (i) => out[i].reason.message;
  assert.match(why(1), /cannot be written as JSON: getter says no/);
  assert.match(why(2), /toJSON says no/);
  assert.match(why(3), /BigInt/);
  assert.match(why(4), /circular/);
  assert.match(why(5), /data getter says no/);
  assert.match(why(6), /revoked/);
  assert.match(why(7), /no JSON form/);
  assert.equal(out[8].reason.path, '@error');
  // Reasons from JS do not mention the reader annotations they no longer use.
  for (const i of [1, 2, 3, 4, 5, 6, 7]) assert.doesNotMatch(why(i), /@error|@line/);

  // An index getter that throws, and a thrown value whose own message and toString throw.
  const odd = [good('a'), null, { id: 'nasty', toJSON() { throw { get message() { throw 1; }, toString: trap }; } }, good('b')];
  Object.defineProperty(odd, 1, { get: trap });
  const out2 = tidings.renderBatch(odd);
  assert.deepEqual(out2.map((o) => [o.id, o.line, o.status]), [['a', 1, 'rendered'], [null, 2, 'failed'], ['nasty', 3, 'failed'], ['b', 4, 'rendered']]);
  assert.match(out2[1].reason.message, /cannot be read: getter says no/);
  // Line numbers in reasons from WASM stay the records' positions around records failed in JS.
  const around = tidings.renderBatch([null, null, { id: 'x', message: 'welcome', locale: 'en', data, nickname: 1 }]);
  assert.match(around[2].reason.message, /line 3/);
});

test('big records: chunks stay within one render call; a record too long for any call fails alone', () => {
  const data = example('welcome');
  // 3000 records of about 10 KB: more than one render call takes in 2048 records.
  const pad = 'p'.repeat(10_000);
  const records = Array.from({ length: 3000 }, (_, i) => ({ id: i, message: 'welcome', locale: 'en', data: { ...data, name: `N${i}` }, pad }));
  // `pad` is an unknown field: each record fails in WASM, after crossing into it.
  records.splice(5, 0, { id: 'huge', message: 'welcome', locale: 'en', data: { ...data, name: 'x'.repeat(17 << 20) } });
  records.push({ id: 'last', message: 'welcome', locale: 'en', data });
  const out = tidings.renderBatch(records);
  assert.equal(out.length, records.length);
  assert.deepEqual(out.map((o) => o.line), records.map((_, i) => i + 1));
  assert.deepEqual([out[5].id, out[5].status, out[5].reason.code], ['huge', 'failed', 'invalid_input']);
  assert.match(out[5].reason.message, /^the record is \d+ bytes as JSON; at most 16777216 are rendered in one call$/);
  assert.ok(out.filter((o) => o.id !== 'huge' && o.id !== 'last').every((o) => o.status === 'failed' && /pad/.test(o.reason.message)));
  assert.deepEqual([out.at(-1).id, out.at(-1).status], ['last', 'rendered']);
});
