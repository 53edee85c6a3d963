// The editor's state module (www/modules/state.js, no DOM): per-locale example data, what
// a typed value and "Example data" do to it, and a link's round trip — including a link
// from before per-locale examples, whose data applies to every locale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newSession, dataFor, setField, setData, resetData, linkState, fromLinkState, perLocaleFields } from '../../www/modules/state.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tidings = createRequire(path.join(root, 'package.json'))('./');
const funds = tidings.messages().find((m) => m.id === 'security.funds_moved');
const parts = ['sms', 'push.title', 'push.body', 'email.subject', 'email.html', 'email.text', 'inApp.title', 'inApp.body'];
const roundTrip = (s) => fromLinkState(funds, JSON.parse(JSON.stringify(linkState(funds, s, 'sms'))), { edits: {}, parts });

test('each locale previews its own example until a value is typed', () => {
  assert.deepEqual(perLocaleFields(funds), ['counterparty']);
  const s = newSession(funds, { part: 'sms' });
  assert.equal(dataFor(funds, s, 'en').counterparty, 'Lin Xiaomei');
  assert.equal(dataFor(funds, s, 'zh-CN').counterparty, '林小美');
  setField(s, 'counterparty', '陈大文');
  assert.equal(dataFor(funds, s, 'en').counterparty, '陈大文');
  resetData(funds, s);
  assert.equal(dataFor(funds, s, 'en').counterparty, 'Lin Xiaomei');
  // Data replacing the session's keeps the per-locale fields it leaves as they were.
  setData(s, { ...funds.example, amount: { amount: '1.00', currency: 'CNY' } });
  assert.equal(dataFor(funds, s, 'en').counterparty, 'Lin Xiaomei');
  setData(s, { ...funds.example, counterparty: 'Someone' });
  assert.equal(dataFor(funds, s, 'en').counterparty, 'Someone');
});

test('a link keeps which fields follow their locale, with other data changed or not', () => {
  const s = newSession(funds, { part: 'sms' });
  assert.deepEqual(linkState(funds, s, 'sms'), {});
  setField(s, 'amount', { amount: '9.99', currency: 'CNY' });
  const back = roundTrip(s);
  assert.equal(dataFor(funds, back, 'en').counterparty, 'Lin Xiaomei');
  assert.deepEqual(dataFor(funds, back, 'en').amount, { amount: '9.99', currency: 'CNY' });
  setField(s, 'counterparty', '陈大文');
  assert.equal(dataFor(funds, roundTrip(s), 'en').counterparty, '陈大文');
  // A link from before: data without `o` is every locale's.
  const old = fromLinkState(funds, { d: { ...funds.example } }, { edits: {}, parts });
  assert.equal(dataFor(funds, old, 'en').counterparty, '林小美');
  // `o` naming a field that does not follow a locale is ignored.
  const odd = fromLinkState(funds, { d: { ...funds.example }, o: ['amount', 'counterparty'] }, { edits: {}, parts });
  assert.deepEqual([...odd.local], ['counterparty']);
});
