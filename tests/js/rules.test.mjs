// Channel rules through the JS API: SMS segments, signature and opt-out, safe values,
// link allow-list, worst-case parts and lint diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tidings = createRequire(path.join(root, 'package.json'))('./');
const example = (id) => tidings.messages().find((m) => m.id === id).example;

test('smsInfo counts GSM-7 septets and UCS-2 units at the part boundaries', () => {
  const cases = [
    ['', 'GSM-7', 0, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['€'.repeat(81), 'GSM-7', 162, 2],
    // 152 septets + an escape pair that may not be split: the € starts part 2.
    ['a'.repeat(152) + '€' + 'a'.repeat(152), 'GSM-7', 306, 3],
    ['汉'.repeat(70), 'UCS-2', 70, 1],
    ['汉'.repeat(71), 'UCS-2', 71, 2],
    ['汉'.repeat(134), 'UCS-2', 134, 2],
    ['汉'.repeat(135), 'UCS-2', 135, 3],
    // A surrogate pair straddling the 67 boundary moves whole to part 2.
    ['汉'.repeat(66) + '😀' + '汉'.repeat(66), 'UCS-2', 134, 3],
  ];
  for (const [text, encoding, units, segments] of cases) {
    const info = tidings.smsInfo(text);
    assert.deepEqual([info.encoding, info.units, info.segments], [encoding, units, segments], `${text.length} chars`);
  }
  assert.deepEqual(tidings.smsInfo('Hi `there` 你').nonGsm, ['`', '你']);
  assert.equal(tidings.smsInfo('a'.repeat(161)).perSegment, 153);
});

test('rendered SMS carry the signature, the marketing opt-out and their segment counts', () => {
  const r = tidings.render('security.funds_moved', 'zh-CN', example('security.funds_moved'));
  assert.ok(r.channels.sms.text.startsWith('【北风支付】'));
  assert.deepEqual(tidings.smsInfo(r.channels.sms.text), {
    encoding: r.channels.sms.encoding, units: r.channels.sms.units, segments: r.channels.sms.segments,
    perSegment: r.channels.sms.perSegment, nonGsm: r.channels.sms.nonGsm,
  });
  const promo = tidings.render('marketing.promotion', 'en', example('marketing.promotion'));
  assert.ok(promo.channels.sms.text.startsWith('Northwind Pay: '));
  assert.ok(promo.channels.sms.text.endsWith('Opt out in the app.'));
  assert.ok(tidings.render('marketing.promotion', 'zh-TW', example('marketing.promotion')).channels.sms.text.endsWith('拒收行銷簡訊請撥免付費0800-095-018'));
  assert.ok(tidings.render('marketing.promotion', 'zh-CN', example('marketing.promotion')).channels.sms.text.endsWith('拒收请回复R'));
  assert.ok(!r.channels.sms.text.includes('拒收'));
  // The market from the phone number: a zh-TW reader on +86 gets the mainland SMS.
  const cn = tidings.render('marketing.promotion', 'zh-TW', example('marketing.promotion'), { phone: '+86 138 0013 8000' });
  assert.deepEqual([cn.market, cn.locale, cn.channels.sms.locale], ['CN', 'zh-TW', 'zh-CN']);
  assert.match(cn.channels.sms.text, /^【北风支付】.*拒收请回复R$/);
  assert.throws(() => tidings.render('welcome', 'en', example('welcome'), { market: 'XX' }), (e) => e.code === 'unknown_market' && e.path === 'market');
  assert.throws(() => tidings.render('welcome', 'en', example('welcome'), { phone: '13800138000' }), (e) => e.code === 'invalid_input' && e.path === 'phone');
});

test('untrusted values are neutralised with a warning naming the variable', () => {
  // Within the declared 20 units once neutralised, so nothing is cut.
  const data = { ...example('security.funds_moved'), counterparty: '\u202E400-800-1234 a.co' };
  const r = tidings.render('security.funds_moved', 'en', data);
  const codes = r.warnings.filter((w) => w.path).map((w) => `${w.code}:${w.path}`).sort();
  assert.deepEqual(codes, ['defanged_link:counterparty', 'masked_phone:counterparty', 'removed_invisible:counterparty']);
  const body = r.channels.inApp.body;
  assert.ok(!body.includes('\u202E'));
  assert.match(body, /a\[\.\]co/);
  assert.match(body, /\*\*\*-\*\*\*-1234/);
  // Trusted values are left alone: the account number is system-generated.
  assert.equal(tidings.render('security.funds_moved', 'en', example('security.funds_moved')).warnings.length, 0);
});

test('links must point at an allowed host', () => {
  const data = { ...example('survey.satisfaction'), link: 'https://northwindpay.com.evil.example/s' };
  assert.throws(() => tidings.render('survey.satisfaction', 'en', data), (e) => e.code === 'link_not_allowed' && e.path === 'link');
  const userinfo = { ...example('survey.satisfaction'), link: 'https://www.northwindpay.com@evil.example/' };
  assert.throws(() => tidings.render('survey.satisfaction', 'en', userinfo), (e) => e.code === 'wrong_type');
});

test('smsBounds gives the range of parts before any data exists', () => {
  for (const m of tidings.messages()) {
    for (const locale of m.locales) {
      const b = tidings.smsBounds(m.id, locale);
      const actual = tidings.render(m.id, locale, m.example).channels.sms.segments;
      assert.ok(b.minSegments <= actual && actual <= b.maxSegments, `${m.id} ${locale}: ${actual} not in ${b.minSegments}–${b.maxSegments}`);
    }
  }
  const edited = tidings.smsBounds('welcome', 'en', 'Hi {{name}}');
  assert.equal(edited.minSegments, 1);
  assert.throws(() => tidings.smsBounds('nope', 'en'), (e) => e.code === 'unknown_message');
});

test('lint reports each rule as data, positioned in the edited source', () => {
  assert.deepEqual(tidings.lint().filter((d) => d.severity === 'error'), []);
  const sig = tidings.lintSource('welcome', 'zh-CN', 'sms', '欢迎{{name}}\n【北风支付】');
  const d = sig.find((x) => x.code === 'sms_signature_in_template');
  assert.deepEqual([d.severity, d.messageId, d.locale, d.channel, d.part, d.line, d.column], ['error', 'welcome', 'zh-CN', 'sms', 'sms', 2, 1]);
  assert.ok(tidings.lintSource('marketing.promotion', 'en', 'sms', '{{title}} Reply STOP to opt out').some((x) => x.code === 'sms_opt_out_in_template'));
  assert.ok(tidings.lintSource('security.login_alert', 'zh-TW', 'inApp.body', '新登入：{{device}}').some((x) => x.code === 'required_partial_missing'));
  assert.ok(tidings.lintSource('welcome', 'en', 'email.text', 'Visit evil-pay.com').some((x) => x.code === 'link_not_allowed'));
  const syntax = tidings.lintSource('welcome', 'en', 'sms', 'Hi\n{{#if name}}');
  assert.ok(syntax.some((x) => x.code === 'template_syntax' && x.line === 2));
  assert.throws(() => tidings.lintSource('welcome', 'en', 'push.title', 'x'), (e) => e.code === 'invalid_input');
});

test('messages() shows whether each variable is trusted', () => {
  const funds = tidings.messages().find((m) => m.id === 'security.funds_moved');
  const trusted = Object.fromEntries(funds.variables.map((v) => [v.name, v.trusted]));
  assert.equal(trusted.counterparty, false);
  assert.equal(trusted.amount, true);
});

test('declared bounds hold at render: untrusted text is cut, trusted values over bounds are errors', () => {
  const alert = example('security.login_alert');
  for (const device of ['😀'.repeat(400), 'x'.repeat(5000), '汉'.repeat(300)]) {
    const r = tidings.render('security.login_alert', 'en', { ...alert, device });
    assert.ok(r.warnings.some((w) => w.code === 'truncated' && w.path === 'device'));
    const b = tidings.smsBounds('security.login_alert', 'en');
    assert.ok(r.channels.sms.segments <= b.maxSegments, `${r.channels.sms.segments} parts > worst case ${b.maxSegments}`);
  }
  const funds = example('security.funds_moved');
  assert.throws(() => tidings.render('security.funds_moved', 'en', { ...funds, account: '6222x21234567890' }), (e) => e.code === 'wrong_type' && e.path === 'account');
  assert.throws(() => tidings.render('security.funds_moved', 'en', { ...funds, account: '9'.repeat(40) }), (e) => e.code === 'wrong_type' && e.path === 'account');
  const maintenance = example('service.maintenance');
  assert.throws(() => tidings.render('service.maintenance', 'en', { ...maintenance, services: Array(20).fill('x') }), (e) => e.code === 'wrong_type' && e.path === 'services');
});

test('tags with extensions and Chinese language codes negotiate like their region', () => {
  assert.equal(tidings.negotiateLocale('zh-HK-u-nu-latn').locale, 'zh-HK');
  assert.equal(tidings.negotiateLocale('yue-HK').locale, 'zh-HK');
  assert.equal(tidings.negotiateLocale('cmn-Hant-TW').locale, 'zh-TW');
});
