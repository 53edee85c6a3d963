// The template editor (www/) in headless Chromium (Debian's), driven by playwright-core,
// served on 127.0.0.1 by the same server `make run` uses. Needs `make build` (pkg/web)
// and `make www` (www/vendor/editor.js). Every request that is not to this server is
// blocked and recorded, and each test asserts there was none. Screenshots of the main
// states go to test-output/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openEditor, settled } from './editor-page.mjs';
import { listen } from '../../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = path.join(root, 'test-output', 'screenshots');
let server, browser, base;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  assert.ok(fs.existsSync(path.join(root, 'www', 'vendor', 'editor.js')), 'run `make www` first');
  server = await listen(0);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A fresh context and page on `hash` (see editor-page.mjs). */
const open = (hash = '', size) => openEditor(browser, base, hash, size);

const col = (locale) => `.locale-col[data-locale="${locale}"]`;
const smsText = (page, locale) => page.textContent(`${col(locale)} [data-part="sms"]`);
const shot = (page, name, opts = {}) => page.screenshot({ path: path.join(shots, `${name}.png`), ...opts });

test('the catalog lists every message by category with channels, locales and lint status; the filter narrows it', async () => {
  const { page, done } = await open();
  const all = await page.evaluate(async () => (await import('/pkg/tidings.js')).messages().map((m) => ({ id: m.id, category: m.category, channels: m.channels })));
  const ids = await page.locator('#catalog button.msg').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.deepEqual([...ids].sort(), all.map((m) => m.id).sort());
  const categories = await page.locator('#catalog .cat h2').allTextContents();
  assert.deepEqual(categories, [...new Set(all.map((m) => m.category))]);
  for (const m of all) {
    const item = page.locator(`button.msg[data-id="${m.id}"]`);
    assert.deepEqual(await item.locator('.chan').allTextContents(), m.channels);
    assert.match(await item.locator('.locs').textContent(), /zh-CN zh-TW zh-HK en/);
  }
  // Lint status comes from lint(messageId) (counted in the worker).
  await page.waitForFunction(() => !document.querySelector('#catalog .lint.pending'));
  const lint = await page.evaluate(async () => {
    const t = await import('/pkg/tidings.js');
    return Object.fromEntries(t.messages().map((m) => {
      const d = t.lint(m.id);
      return [m.id, `${d.filter((x) => x.severity === 'error').length}/${d.filter((x) => x.severity !== 'error').length}`];
    }));
  });
  for (const [id, counts] of Object.entries(lint)) {
    assert.equal(await page.getAttribute(`button.msg[data-id="${id}"] [data-lint]`, 'data-lint'), counts, id);
  }
  await page.fill('#filter', 'maint');
  const visible = await page.locator('#catalog li:not([hidden]) button.msg').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.deepEqual(visible, ['service.maintenance']);
  // The filter searches the templates' own text in every locale (issue 13: 登录, 验证码).
  const shown = async (q) => {
    await page.fill('#filter', q);
    return page.locator('#catalog li:not([hidden]) button.msg').evaluateAll((els) => els.map((e) => e.dataset.id));
  };
  assert.ok((await shown('登录')).includes('security.login_alert'));
  assert.ok((await shown('驗證碼')).includes('security.verification_code'));
  assert.deepEqual(await shown('轉錯帳'), ['security.funds_moved']); // zh-TW's refund-scam warning
  assert.equal(await page.isVisible('#catalog-empty'), false);
  await page.fill('#filter', 'zzz-nothing');
  assert.equal(await page.isVisible('#catalog-empty'), true);
  await done();
});

test('from 1200px the catalog is a sidebar; below it a drawer', async () => {
  for (const [width, sidebar] of [[1280, true], [1200, true], [1100, false]]) {
    const { page, done } = await open('#welcome', { width, height: 800 });
    assert.equal(await page.isVisible('#catalog'), sidebar, `${width}px`);
    assert.equal(await page.isVisible('#catalog-toggle'), !sidebar, `${width}px`);
    await done();
  }
});

test('the code editor says its file\'s language; pinyin being composed is not rendered until committed', async () => {
  const { page, done } = await open('#security.login_alert');
  assert.equal(await page.getAttribute('.cm-content', 'lang'), 'zh-CN');
  await page.click('#locale-tabs [data-locale="zh-TW"]');
  assert.equal(await page.getAttribute('.cm-content', 'lang'), 'zh-TW');
  await page.click('#locale-tabs [data-locale="zh-CN"]');
  await settled(page);
  // An input method composing "denglu" then committing 登录, as Chromium's IME does.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'denglu', selectionStart: 6, selectionEnd: 6 });
  await page.waitForTimeout(400);
  assert.doesNotMatch(await smsText(page, 'zh-CN'), /denglu/);
  assert.equal(await page.isVisible('#edits'), false);
  await cdp.send('Input.insertText', { text: '登录' });
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="zh-CN"] [data-part="sms"]').textContent.endsWith('登录'));
  assert.doesNotMatch(await smsText(page, 'zh-CN'), /denglu/);
  await done();
});

test('closing the tab with unsaved edits asks first', async () => {
  const { page, done } = await open('#welcome');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(' Edited.');
  await page.waitForFunction(() => !document.querySelector('#edits').hidden);
  const asked = new Promise((resolve) => page.once('dialog', async (d) => { resolve(d.type()); await d.accept(); }));
  await page.close({ runBeforeUnload: true });
  assert.equal(await asked, 'beforeunload');
  await done();
});

test('security.funds_moved: changing the amount re-renders all three locale previews', async () => {
  const { page, done } = await open();
  await page.click('button.msg[data-id="security.funds_moved"]');
  await page.waitForFunction(() => document.querySelector('#title').textContent === 'security.funds_moved');
  const locales = await page.locator('.locale-col').evaluateAll((els) => els.map((e) => e.dataset.locale));
  assert.deepEqual(locales, ['zh-CN', 'zh-TW', 'zh-HK', 'en']);
  for (const l of locales) assert.match(await smsText(page, l), /2,500\.00/);
  // The form is generated from the manifest and pre-filled with the example.
  assert.equal(await page.inputValue('#var-amount'), '2500.00');
  assert.equal(await page.inputValue('#var-amount-currency'), 'CNY');
  assert.equal(await page.inputValue('#var-direction'), 'out');
  assert.equal(await page.getAttribute('#var-amount', 'aria-required'), 'true');
  assert.match(await page.textContent('label[for="var-amount"]'), /amount/);
  await page.fill('#var-amount', '98765.43');
  for (const l of locales) {
    assert.match(await smsText(page, l), /98,765\.43/, l);
    assert.match(await page.textContent(`${col(l)} [data-part="push.body"]`), /98,765\.43/, l);
    assert.match(await page.textContent(`${col(l)} [data-part="inApp.body"]`), /98,765\.43/, l);
  }
  await page.selectOption('#var-amount-currency', 'USD');
  assert.match(await smsText(page, 'en'), /\$98,765\.43/);
  // The mainland SMS writes amounts as Chinese banks do (no currency sign); the push keeps CLDR's.
  assert.match(await smsText(page, 'zh-CN'), /98,765\.43美元/);
  assert.match(await page.textContent(`${col('zh-CN')} [data-part="push.body"]`), /US\$98,765\.43/);
  // The raw JSON view follows the form, and the form follows the JSON.
  await page.click('#json-box summary');
  const json = JSON.parse(await page.inputValue('#json'));
  assert.deepEqual(json.amount, { amount: 98765.43, currency: 'USD' });
  json.direction = 'in';
  json.counterparty = '王小明';
  await page.fill('#json', JSON.stringify(json, null, 2));
  assert.equal(await page.inputValue('#var-direction'), 'in');
  assert.equal(await page.inputValue('#var-counterparty'), '王小明');
  assert.match(await smsText(page, 'en'), /received from 王\*\*/);
  await shot(page, 'editor-funds-moved', { fullPage: true });
  await done();
});

test('a zh-MO preference shows Hong Kong Chinese and says it is a fallback', async () => {
  const { page, done } = await open('#security.funds_moved');
  await page.fill('#pref', 'zh-MO');
  await page.waitForFunction(() => document.querySelector('#negotiated').dataset.locale === 'zh-HK');
  assert.equal(await page.getAttribute('#negotiated', 'data-fallback'), 'true');
  assert.match(await page.textContent('#negotiated'), /zh-HK.*fallback: zh-MO is not in the catalog/);
  assert.deepEqual(await page.locator('.locale-col.is-chosen').evaluateAll((els) => els.map((e) => e.dataset.locale)), ['zh-HK']);
  assert.equal(await page.isVisible(`${col('zh-HK')} .chosen-badge`), true);
  assert.match(await smsText(page, 'zh-HK'), /賬戶/);
  // The customer's languages change the previews, never the file being edited (issue 13).
  assert.equal(await page.getAttribute('#locale-tabs [aria-selected=true]', 'data-locale'), 'zh-CN');
  await settled(page);
  await page.waitForFunction(() => !document.querySelector('#catalog .lint.pending'));
  await page.locator('#pref').blur();
  await shot(page, 'preference-zh-HK'); // docs/editor.png
  await page.fill('#pref', 'en-US, zh');
  await page.waitForFunction(() => document.querySelector('#negotiated').dataset.locale === 'en');
  assert.equal(await page.getAttribute('#negotiated', 'data-fallback'), 'false');
  await done();
});

test('a syntax error is underlined at its line and column and the last good preview stays', async () => {
  const { page, done } = await open('#security.funds_moved');
  await page.click('#locale-tabs [data-locale="en"]');
  await page.click('#part-tabs [data-part="email.text"]');
  await page.waitForFunction(() => document.querySelector('.cm-content').getAttribute('aria-label').includes('en email.text'));
  const before = await page.textContent(`${col('en')} [data-part="email.text"]`);
  const line5 = await page.locator('.cm-line').nth(4).textContent();
  assert.equal(line5, 'Time: {{datetime time}}');
  await page.locator('.cm-line').nth(4).click();
  await page.keyboard.press('End');
  const typed = ' {{money amount}';
  await page.keyboard.insertText(typed);
  const box = page.locator(`${col('en')} .col-error`);
  await box.waitFor({ state: 'visible' });
  // Said at the tag left open (not where the parser gave up), with the fix.
  const column = [...line5].length + 2; // the `{{` of `{{money amount}`
  assert.match(await box.textContent(), new RegExp(`template_syntax.*email\\.text · line 5, column ${column}`));
  assert.equal(await box.locator('.err-msg').textContent(), '`{{money amount` is not closed: end it with `}}`');
  assert.match(await box.locator('pre').textContent(), /5 \| Time: \{\{datetime time\}\} \{\{money amount\}\n\s+\| {25}\^{14}$/);
  assert.equal(await page.getAttribute('#editor-error .where', 'data-where'), `5:${column}`);
  // Underlined in CodeMirror (@codemirror/lint) on line 5, at the tag left open.
  await page.waitForSelector('.cm-line >> nth=4 >> .cm-lintRange-error');
  const marked = await page.locator('.cm-line').nth(4).locator('.cm-lintRange-error').textContent();
  assert.equal(marked, '{{');
  // The previous preview is still shown; the other locales are untouched.
  assert.equal(await page.textContent(`${col('en')} [data-part="email.text"]`), before);
  assert.equal(await page.isVisible(`${col('en')} [data-part="sms"]`), true);
  assert.equal(await page.locator(`${col('zh-CN')} .col-error`).isVisible(), false);
  assert.equal(await page.getAttribute('#part-tabs [data-part="email.text"]', 'class'), 'edited has-error');
  await shot(page, 'syntax-error');
  // Closing the tag renders again, with the edit.
  await page.keyboard.type('}');
  await box.waitFor({ state: 'hidden' });
  assert.match(await page.textContent(`${col('en')} [data-part="email.text"]`), /Time: Nov 28, 2026, 2:12\sPM GMT\+8 CN¥2,500\.00/);
  await done();
});

test('HTML and script in a variable are text in the email preview and nothing executes', async () => {
  const { page, done } = await open('#welcome');
  // `name` is untrusted with max_length 20: each payload fits, so none is cut, and each
  // would set a global if it ran.
  for (const [payload, escaped] of [
    ['<img src onerror=_=1', '&lt;img src onerror&#x3D;_&#x3D;1'],
    ['<svg onload=__p=1>', '&lt;svg onload&#x3D;__p&#x3D;1&gt;'],
    ['<script>_=2</script>', '&lt;script&gt;_&#x3D;2&lt;/script&gt;'],
  ]) {
    await page.fill('#var-name', payload);
    const frame = page.locator(`${col('en')} iframe`);
    await page.waitForFunction((e) => document.querySelector('.locale-col[data-locale="en"] iframe').srcdoc.includes(e), escaped);
    assert.equal(await frame.getAttribute('sandbox'), '');
    const srcdoc = await frame.evaluate((f) => f.srcdoc);
    assert.match(srcdoc, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.doesNotMatch(srcdoc, /<img|<script|<svg/);
    assert.ok(srcdoc.includes(escaped));
    const shown = await page.frameLocator(`${col('en')} iframe`).locator('body').innerText();
    assert.ok(shown.includes(payload), `the payload ${payload} is shown as text in the email`);
    assert.equal(await page.frameLocator(`${col('en')} iframe`).locator('img, script, svg').count(), 0);
    assert.ok((await page.textContent(`${col('en')} [data-part="email.subject"]`)).includes(payload));
    assert.ok((await smsText(page, 'en')).includes(payload));
  }
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => [typeof window._, typeof window.__p]), ['undefined', 'undefined']);
  assert.equal(await page.locator('body img, body svg script').count(), 0);
  await page.locator(`${col('en')} iframe`).scrollIntoViewIfNeeded();
  await shot(page, 'untrusted-html');
  await done();
});

test('the SMS parts shown match smsInfo of the shown text, and the worst case matches smsBounds', async () => {
  const { page, done } = await open('#security.funds_moved');
  await page.fill('#var-counterparty', 'Lin Xiaomei');
  await settled(page);
  for (const locale of ['zh-CN', 'zh-TW', 'zh-HK', 'en']) {
    const c = page.locator(col(locale));
    const text = await c.locator('[data-part="sms"]').textContent();
    const { info, bounds } = await page.evaluate(async ([t, l]) => {
      const m = await import('/pkg/tidings.js');
      return { info: m.smsInfo(t), bounds: m.smsBounds('security.funds_moved', l) };
    }, [text, locale]);
    assert.equal(await c.locator('[data-sms=encoding]').textContent(), info.encoding, locale);
    assert.equal(await c.locator('[data-sms=segments]').getAttribute('data-count'), String(info.segments), locale);
    assert.match(await c.locator('[data-sms=units]').textContent(), new RegExp(`^${info.units} `), locale);
    const expected = bounds.minSegments === bounds.maxSegments ? `${bounds.maxSegments} part` : `${bounds.minSegments}–${bounds.maxSegments} parts`;
    assert.ok((await c.locator('[data-sms=bounds]').textContent()).startsWith(expected), locale);
  }
  // A Latin-only English SMS is GSM-7.
  assert.equal(await page.textContent(`${col('en')} [data-sms=encoding]`), 'GSM-7');
  await done();
});

test('the URL holds message, preference, data and edits; a new page restores them', async () => {
  const { page, context, done } = await open('#security.funds_moved');
  await page.fill('#pref', 'zh-MO, en');
  await page.fill('#var-amount', '123.45');
  await page.click('#locale-tabs [data-locale="en"]');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(' Reviewed.');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="en"] [data-part="sms"]').textContent.includes('Reviewed.'));
  await settled(page);
  const url = page.url();
  assert.match(url, /#m=security\.funds_moved&s=[\w-]+$/);
  const other = await context.newPage();
  await other.goto(url);
  await other.waitForSelector('body[data-ready=true]');
  assert.equal(await other.textContent('#title'), 'security.funds_moved');
  assert.equal(await other.inputValue('#pref'), 'zh-MO, en');
  assert.equal(await other.getAttribute('#negotiated', 'data-locale'), 'zh-HK');
  assert.equal(await other.inputValue('#var-amount'), '123.45');
  assert.match(await other.textContent(`${col('zh-HK')} [data-part="sms"]`), /123\.45/);
  assert.match(await other.textContent(`${col('en')} [data-part="sms"]`), /Reviewed\.$/);
  assert.equal(await other.getAttribute('#locale-tabs [aria-selected=true]', 'data-locale'), 'en');
  assert.match(await other.textContent('.cm-content'), /Reviewed\.$/);
  assert.equal(await other.textContent('#edit-list'), 'en · sms');
  // The edited file downloads as it belongs in templates/, and resets.
  const [download] = await Promise.all([other.waitForEvent('download'), other.click('#download')]);
  assert.equal(download.suggestedFilename(), 'en.hbs');
  const file = fs.readFileSync(await download.path(), 'utf8');
  const shipped = fs.readFileSync(path.join(root, 'templates', 'messages', 'security.funds_moved', 'en.hbs'), 'utf8');
  const [firstLine] = shipped.split('\n--- push.title')[0].split('\n').slice(1);
  assert.equal(file, shipped.replace(firstLine, `${firstLine} Reviewed.`));
  await other.click('#reset-part');
  await other.waitForFunction(() => !document.querySelector('.locale-col[data-locale="en"] [data-part="sms"]').textContent.includes('Reviewed.'));
  assert.equal(await other.isVisible('#edits'), false);
  await shot(other, 'url-restored');
  await other.close();
  await done();
});

test('every message downloads byte-for-byte as its template file when unedited', async () => {
  const { page, done } = await open();
  const ids = await page.locator('#catalog button.msg').evaluateAll((els) => els.map((e) => e.dataset.id));
  for (const id of ids) {
    await page.click(`button.msg[data-id="${id}"]`);
    for (const locale of ['zh-CN', 'zh-TW', 'zh-HK', 'en']) {
      await page.click(`#locale-tabs [data-locale="${locale}"]`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      const file = fs.readFileSync(await download.path(), 'utf8');
      assert.equal(file, fs.readFileSync(path.join(root, 'templates', 'messages', id, `${locale}.hbs`), 'utf8'), `${id} ${locale}`);
    }
  }
  await done();
});

test('the catalog, the editor tabs and the previews work from the keyboard', async () => {
  // At 1100px the catalog is a drawer: `/` opens it, choosing a message closes it.
  const { page, done } = await open('#welcome', { width: 1100, height: 900 });
  assert.equal(await page.isVisible('#catalog'), false);
  await page.keyboard.press('/');
  assert.equal(await page.isVisible('#catalog'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'filter');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), 'welcome');
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), 'security.funds_moved');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#title').textContent === 'security.funds_moved');
  assert.equal(await page.getAttribute('button.msg[data-id="security.funds_moved"]', 'aria-current'), 'true');
  assert.equal(await page.isVisible('#catalog'), false);
  // Filter and Enter opens the first match.
  await page.keyboard.press('/');
  await page.keyboard.type('maint');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#title').textContent === 'service.maintenance');
  // Part tabs: arrow keys move and select.
  await page.focus('#part-tabs [aria-selected=true]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('#part-tabs [aria-selected=true]', 'data-part'), 'push.title');
  assert.match(await page.getAttribute('.cm-content', 'aria-label'), /push\.title/);
  // Tab reaches the editor and leaves it again (no keyboard trap).
  await page.focus('#part-tabs [aria-selected=true]');
  let reached = false;
  for (let i = 0; i < 6 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement.classList.contains('cm-content'));
  }
  assert.ok(reached, 'Tab reaches the code editor');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('cm-content')), false);
  // Every form control has a label.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((e) => e.type !== 'hidden' && !e.closest('.cm-editor'))
    .filter((e) => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')))
    .map((e) => e.id || e.outerHTML));
  assert.deepEqual(unlabelled, []);
  await done();
});

test('datetime fields show the preview zone and store RFC 3339; timeZone changes what is shown', async () => {
  const { page, done } = await open('#security.funds_moved');
  assert.equal(await page.inputValue('#var-time'), '2026-11-28T14:12'); // 06:12Z in Asia/Shanghai
  await page.fill('#var-time', '2026-12-01T09:30:05');
  await page.click('#json-box summary');
  assert.equal(JSON.parse(await page.inputValue('#json')).time, '2026-12-01T01:30:05Z');
  assert.match(await smsText(page, 'en'), /Dec 1, 2026, 9:30\sAM GMT\+8/);
  await page.fill('#var-timeZone', 'Europe/London');
  assert.match(await smsText(page, 'en'), /Dec 1, 2026, 1:30\sAM GMT/);
  assert.equal(await page.inputValue('#var-time'), '2026-12-01T01:30:05');
  await page.fill('#var-timeZone', 'Mars/Olympus');
  await page.waitForSelector('[data-var="timeZone"].invalid');
  assert.match(await page.textContent('#var-timeZone-err'), /unknown time zone/);
  assert.equal(await page.isVisible('#data-error'), true);
  assert.match(await smsText(page, 'en'), /1:30\sAM GMT/); // last good preview
  await done();
});

test('lists are one item per line, optional variables can be left out', async () => {
  const { page, done } = await open('#service.update');
  assert.equal(await page.inputValue('#var-changes'), '深色模式\nApple Pay\nFace ID');
  await page.fill('#var-changes', 'Dark mode\nWidgets\n');
  assert.match(await smsText(page, 'en'), /What's new in 5\.2\.0: Dark mode and Widgets\. Takes effect/);
  assert.equal(await page.isChecked('[data-var="effectiveDate"] .include'), true);
  await page.uncheck('[data-var="effectiveDate"] .include');
  assert.equal(await page.isDisabled('#var-effectiveDate'), true);
  assert.doesNotMatch(await smsText(page, 'en'), /Takes effect/);
  await page.click('#json-box summary');
  const data = JSON.parse(await page.inputValue('#json'));
  assert.equal('effectiveDate' in data, false);
  assert.deepEqual(data.changes, ['Dark mode', 'Widgets']);
  await page.check('[data-var="effectiveDate"] .include');
  assert.match(await smsText(page, 'en'), /Takes effect Dec/);
  await done();
});

test('at phone width (390px) the page has no horizontal scroll', async () => {
  const { page, done } = await open('#security.funds_moved', { width: 390, height: 844 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await overflow(), 0);
  await shot(page, 'phone-390', { fullPage: true });
  // One locale at a time, the customer's first; tabs switch.
  assert.equal(await page.isVisible(col('zh-CN')), true);
  assert.equal(await page.isVisible(col('en')), false);
  await page.click('#view-tabs [data-locale="en"]');
  assert.equal(await page.isVisible(col('en')), true);
  assert.equal(await page.isVisible(col('zh-CN')), false);
  // The catalog opens from the top bar.
  await page.click('#catalog-toggle');
  assert.equal(await page.isVisible('#catalog'), true);
  await page.click('button.msg[data-id="service.update"]');
  await page.waitForFunction(() => document.querySelector('#title').textContent === 'service.update');
  assert.equal(await page.isVisible('#catalog'), false);
  assert.equal(await overflow(), 0);
  // An error with a framed excerpt does not widen the page either.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(' {{#if}}');
  // While editing, the locale shown is the one being edited.
  await page.waitForSelector(`${col('zh-CN')} .col-error:not([hidden])`);
  assert.equal(await page.isVisible(col('zh-CN')), true);
  assert.equal(await overflow(), 0);
  await shot(page, 'phone-390-error', { fullPage: true });
  await done();
});

test('Open catalog… opens a compiled catalog file (tidings build output): its messages, locales and previews', async () => {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { readCatalogFolder } = await import('../../lib/files.mjs');
  const built = require('../../pkg/build/tidings.js').buildCatalog(await readCatalogFolder(path.join(root, 'tests', 'catalogs', 'alpine')), 'alpine');
  assert.ok(built.ok, built.report);
  const { page, done } = await open();
  assert.equal(await page.textContent('#catalog-name'), 'Demo catalog');
  await Promise.all([
    page.waitForNavigation(),
    page.setInputFiles('#open-catalog', { name: 'alpine.tidings', mimeType: 'application/octet-stream', buffer: Buffer.from(built.bytes) }),
  ]);
  await page.waitForSelector('body[data-ready=true]');
  assert.equal(await page.textContent('#catalog-name'), 'Catalog: alpine.tidings');
  const ids = await page.locator('#catalog button.msg').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.deepEqual([...ids].sort(), built.catalog.messages.map((m) => m.id).sort());
  await page.click('button.msg[data-id="card.payment"]');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="de"] [data-part="sms"]')?.textContent.includes('CHF'));
  assert.match(await smsText(page, 'de'), /^Alpine Card: Zahlung 84,50\u00a0?\s?CHF bei Bergbahnen Zermatt AG/);
  assert.match(await smsText(page, 'ja'), /^【アルパインカード】.*CHF 84\.50/);
  await shot(page, 'open-catalog');
  // A file that is not a compiled catalog is refused where it was picked, and nothing changes.
  await page.setInputFiles('#open-catalog', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await page.waitForFunction(() => /is not a compiled catalog/.test(document.querySelector('#share-status').textContent));
  assert.equal(await page.textContent('#catalog-name'), 'Catalog: alpine.tidings');
  await done();
});

test('"Sent to" picks the destination market: a +86 SMS is Simplified with the mainland signature, hotline and 元; a refused survey says so; the link keeps it', async () => {
  const { page, context, done } = await open('#security.funds_moved');
  const options = await page.locator('#market option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, ['', 'CN', 'HK', 'INTL', 'MO', 'TW']);
  await page.selectOption('#market', 'CN');
  const bubble = page.locator(`${col('zh-TW')} [data-part="sms"]`);
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="zh-TW"] [data-part="sms"]').textContent.startsWith('【北风支付】'));
  assert.equal(await bubble.getAttribute('lang'), 'zh-CN');
  assert.match(await bubble.textContent(), /转出2,500\.00元.*95018/);
  assert.match(await page.textContent(`${col('zh-TW')} .sms-from`), /to CN · in zh-CN/);
  // The other channels stay in the reader's language, with the market's hotline.
  assert.match(await page.textContent(`${col('zh-TW')} [data-part="push.body"]`), /有疑問請撥95018/);
  await page.selectOption('#market', 'HK');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="zh-TW"] [data-part="sms"]').textContent.includes('(852) 3189 9500'));
  await settled(page);
  const other = await context.newPage();
  await other.goto(page.url());
  await other.waitForSelector('body[data-ready=true]');
  assert.equal(await other.inputValue('#market'), 'HK');
  assert.match(await other.textContent(`${col('zh-TW')} [data-part="sms"]`), /\(852\) 3189 9500/);
  await other.close();
  // A survey to the mainland: no SMS, and the bubble says why.
  await page.click('button.msg[data-id="survey.satisfaction"]');
  await page.selectOption('#market', 'CN');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="zh-CN"] [data-part="sms"]').textContent.startsWith('Not sent by SMS'));
  assert.equal(await page.isVisible(`${col('zh-CN')} .sms-meta`), false); // no counts of an SMS not sent
  await shot(page, 'market-cn-survey');
  await done();
});

test('checks cover the whole message: an error in a part no longer open stays listed, jumps back to it, and Download warns', async () => {
  const { page, done } = await open('#security.funds_moved');
  // Remove {{> antifraud}} from the zh-CN SMS (issue 13's first problem)…
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  for (let i = 0; i < '{{> antifraud}}'.length; i += 1) await page.keyboard.press('Backspace');
  await page.waitForFunction(() => !document.querySelector('.locale-col[data-locale="zh-CN"] [data-part="sms"]').textContent.includes('验证码切勿'));
  await settled(page);
  // …then open another part: the finding stays, naming its locale and part.
  await page.click('#part-tabs [data-part="email.subject"]');
  await settled(page);
  const item = page.locator('#lint-list li', { hasText: 'required_partial_missing' });
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), /zh-CN · sms/);
  assert.match(await page.textContent('#lint-scope'), /whole message, with your 1 edited part/);
  // Download of zh-CN asks first; dismissing keeps the file here.
  const asked = new Promise((resolve) => page.once('dialog', async (d) => { resolve(d.message()); await d.dismiss(); }));
  await page.click('#download');
  assert.match(await asked, /zh-CN\.hbs has 1 error \(sms\); download it anyway\?/);
  // The finding jumps back to the part.
  await item.locator('.diag-go').click();
  assert.equal(await page.getAttribute('#part-tabs [aria-selected=true]', 'data-part'), 'sms');
  await done();
});

test('unsaved edits survive a reload of the editor (local storage), for every message edited', async () => {
  const { page, done } = await open('#welcome');
  const type = async (text) => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(text);
  };
  await type(' Kept.');
  await page.click('button.msg[data-id="service.update"]');
  await type(' Also kept.');
  await settled(page);
  // A plain address (no link state), as after closing and reopening the tab (leaving
  // asks first: accept).
  page.on('dialog', (d) => d.accept());
  await page.goto(`${base}/#service.update`);
  await page.waitForSelector('body[data-ready=true]');
  assert.match(await smsText(page, 'zh-CN'), /Also kept\.$/);
  await page.click('button.msg[data-id="welcome"]');
  await page.waitForFunction(() => document.querySelector('#title').textContent === 'welcome');
  assert.match(await smsText(page, 'zh-CN'), /Kept\.$/);
  assert.equal(await page.isVisible('#edits'), true);
  await done();
});

test('the push preview cuts a long title and body as a lock screen does, and says so', async () => {
  const { page, done } = await open('#security.funds_moved');
  const note = page.locator(`${col('zh-CN')} .notif-cut`);
  assert.equal(await note.isVisible(), true); // the anti-fraud body is longer than four lines
  assert.equal(await note.getAttribute('data-cut'), 'body');
  await page.click('#part-tabs [data-part="push.title"]');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('：您的账户有一笔大额资金转出，请立即核实');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="zh-CN"] .notif-cut').dataset.cut === 'title body');
  // The whole title is still there for the reader of the preview (and its tooltip).
  assert.match(await page.textContent(`${col('zh-CN')} [data-part="push.title"]`), /请立即核实$/);
  assert.match(await note.textContent(), /cuts the title and the body/);
  await done();
});

test('axe-core finds no WCAG 2.1 A/AA violation at 1280×800 and 390×844', async () => {
  const axe = fs.readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    // axe runs as an injected script, which the page's CSP (rightly) refuses otherwise.
    const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${base}/#security.funds_moved`);
    await page.waitForSelector('body[data-ready=true]');
    await settled(page);
    await page.addScriptTag({ content: axe });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `${width}×${height}`);
    await context.close();
  }
});

test('a new error is announced once, not again on every keystroke while it stays', async () => {
  const { page, done } = await open('#welcome');
  await page.evaluate(() => {
    window.announcements = [];
    new MutationObserver(() => window.announcements.push(document.querySelector('#announce').textContent))
      .observe(document.querySelector('#announce'), { childList: true, characterData: true, subtree: true });
  });
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' {{#if name}}');
  await page.waitForFunction(() => window.announcements.length > 0);
  for (const ch of ' still open') await page.keyboard.type(ch);
  await settled(page);
  const heard = await page.evaluate(() => window.announcements);
  assert.equal(heard.length, 1, heard.join(' | '));
  assert.match(heard[0], /^Error in zh-CN sms, line 1: /);
  // Other error boxes are not live regions of their own.
  assert.equal(await page.locator('[role=alert]').count(), 1 + await page.locator('#json-error[role=alert]').count());
  await done();
});

test('money fields take 2,500.00 as written and refuse more decimals than the currency has, naming the bound', async () => {
  const { page, done } = await open('#security.funds_moved');
  await page.fill('#var-amount', '2,500.50');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="en"] [data-part="sms"]').textContent.includes('2,500.50'));
  assert.equal(await page.isVisible('#var-amount ~ .field-error, .var .field-error:not([hidden])'), false);
  await page.fill('#var-amount', '2500.005');
  const error = page.locator('.field-error:not([hidden])', { hasText: 'decimal' });
  await error.waitFor();
  assert.match(await error.textContent(), /CNY amounts have 2 decimal places; 2500\.005 has 3/);
  // The preview keeps the last amount taken, not a silently rounded one.
  assert.match(await smsText(page, 'en'), /2,500\.50/);
  // JPY has none.
  await page.selectOption('#var-amount-currency', 'JPY');
  await page.fill('#var-amount', '1200.5');
  await page.locator('.field-error:not([hidden])', { hasText: 'JPY amounts have 0 decimal places' }).waitFor();
  // The currencies offered are the catalog's (the Node package's demo catalog is the same).
  const offered = await page.locator('#var-amount-currency option').evaluateAll((os) => os.map((o) => o.value));
  const { createRequire } = await import('node:module');
  const declared = createRequire(path.join(root, 'package.json'))('./').demo.settings().currencies;
  assert.deepEqual(offered, declared);
  await done();
});

test('the SMS segment view shows where each part breaks, units left, why UCS-2 and the category limit; "load it" fills the worst case', async () => {
  const { page, done } = await open('#security.funds_moved');
  await settled(page);
  const zh = col('zh-CN');
  const text = await smsText(page, 'zh-CN');
  // The parts, as smsParts splits the shown text: together they are the text.
  await page.click(`${zh} .sms-parts summary`);
  const parts = await page.locator(`${zh} [data-sms=parts] li .part-text`).allTextContents();
  assert.equal(parts.join(''), text);
  assert.equal(String(parts.length), await page.getAttribute(`${zh} [data-sms=segments]`, 'data-count'));
  const heads = await page.locator(`${zh} [data-sms=parts] li .part-head`).allTextContents();
  if (parts.length > 1) assert.match(heads[0], /^Part 1 · 67\/67 units$/);
  assert.match(heads.at(-1), /units · \d+ left$/);
  // Why UCS-2, the category's limit beside the count.
  assert.match(await page.textContent(`${zh} [data-sms=nongsm]`), /^UCS-2 because GSM-7 lacks “【” “北”.* and \d+ more characters$/);
  const limit = await page.evaluate(async () => (await import('/pkg/tidings.js')).embeddedCatalog().settings().sms.maxParts.security);
  assert.equal(await page.textContent(`${zh} [data-sms=limit]`), `limit ${limit}`);
  // An English SMS is GSM-7 with its own example (Lin Xiaomei); a Chinese name typed
  // makes it UCS-2, and the view names the one character that does it.
  assert.equal(await page.textContent(`${col('en')} [data-sms=nongsm]`), '');
  await page.fill('#var-counterparty', '林小美');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="en"] [data-sms=nongsm]').textContent !== '');
  assert.equal(await page.textContent(`${col('en')} [data-sms=nongsm]`), 'UCS-2 because GSM-7 lacks “林”');
  await settled(page);
  // "load it": the data becomes the longest case, which renders as many parts as the worst case says.
  const worst = await page.textContent(`${zh} [data-sms=bounds]`);
  const most = Number(/(\d+) parts?$/.exec(worst)[1]);
  await page.click(`${zh} [data-sms=load-worst]`);
  await page.waitForFunction((sel) => document.querySelector(sel).dataset.count !== undefined, `${zh} [data-sms=segments]`);
  assert.equal(Number(await page.getAttribute(`${zh} [data-sms=segments]`, 'data-count')), most);
  assert.equal(await page.isVisible('#data-error'), false, 'the longest case is valid data');
  await done();
});

test('errors for people: an open tag on a Chinese line is shown where it opens with the fix, a typo gets "did you mean", Feb 30 is said in the calendar\'s words, and "Go to" works on the first click', async () => {
  const { page, done } = await open('#security.login_alert');
  const text = await page.textContent('.cm-content');
  const at = text.indexOf('{{location}}');
  // `{{location` without its `}}` (the review's case): column of the `{{`, counted in characters.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < at + '{{location'.length; i += 1) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Delete');
  const box = page.locator(`${col('zh-CN')} .col-error`);
  await box.waitFor({ state: 'visible' });
  assert.match(await box.textContent(), new RegExp(`line 1, column ${[...text.slice(0, at)].length + 1}`));
  assert.equal(await box.locator('.err-msg').textContent(), '`{{location` is not closed: end it with `}}`');
  // The caret sits under `{{location`: CJK characters take two columns in the excerpt.
  const [, line, caret] = (await box.locator('pre').textContent()).split('\n').slice(-3);
  const before = line.slice(0, line.indexOf('{{location'));
  const width = [...before].reduce((w, c) => w + (/[\u2E80-\u9FFF\uFF00-\uFF60]/.test(c) ? 2 : 1), 0);
  assert.equal(caret.indexOf('^'), width, `${line}\n${caret}`);
  assert.equal(caret.slice(caret.indexOf('^')), '^'.repeat('{{location'.length));
  // A typo: "did you mean".
  await page.keyboard.insertText('}}');
  await box.waitFor({ state: 'hidden' });
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText('no');
  await box.waitFor({ state: 'visible' });
  assert.equal(await box.locator('.err-msg').textContent(), 'variable `locatino` is not declared in the manifest; did you mean `location`?');
  await done();

  // Feb 30 in the data: the calendar's words, in the field's error and the data box; Go to focuses the field at once.
  const other = await open('#security.funds_moved');
  const p = other.page;
  await p.click('#json-box summary');
  const json = JSON.parse(await p.inputValue('#json'));
  json.time = '2026-02-30T10:00:00+08:00';
  await p.fill('#json', JSON.stringify(json, null, 2));
  await p.waitForSelector('#data-error:not([hidden])');
  assert.match(await p.textContent('#data-error'), /February 2026 has 28 days; there is no day 30/);
  assert.doesNotMatch(await p.textContent('#data-error'), /must be in range|parameter/);
  assert.equal(await p.inputValue('#var-time'), '', 'the field does not show a rolled-over March 2');
  await p.click('#data-error button');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'var-time');
  await other.done();
});

test('the email preview: phone or desktop width, light or dark (inverted by the app, or the email\'s own dark styles), and the scroll stays while typing', async () => {
  const { page, done } = await open('#security.pin_changed');
  const en = col('en');
  const frame = page.locator(`${en} iframe`);
  const wrap = page.locator(`${en} .frame-wrap`);
  assert.equal(await frame.evaluate((f) => f.style.width), '375px');
  await page.selectOption('#email-width', 'desktop');
  assert.equal(await frame.evaluate((f) => f.style.width), '640px');
  // Laid out at 640 px, scaled to the card: the email's body is 640 px wide inside.
  assert.equal(await page.frameLocator(`${en} iframe`).locator('html').evaluate((h) => h.clientWidth), 640);
  const scale = await frame.evaluate((f) => Number(/scale\(([\d.]+)\)/.exec(f.style.transform)[1]));
  const cardWidth = await wrap.evaluate((w) => w.clientWidth);
  assert.ok(Math.abs(scale - cardWidth / 640) < 0.01, `${scale} vs ${cardWidth}/640`);

  // The email's own dark styles apply in "Dark, the email's own styles" only.
  await page.click('#locale-tabs [data-locale="en"]');
  await page.click('#part-tabs [data-part="email.html"]');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.insertText('<style>@media (prefers-color-scheme: dark) { p { color: #abcdef; } }</style>\n');
  await page.waitForFunction((sel) => document.querySelector(sel).srcdoc.includes('#abcdef'), `${en} iframe`);
  const firstColor = () => page.frameLocator(`${en} iframe`).locator('p').first().evaluate((p) => getComputedStyle(p).color);
  assert.notEqual(await firstColor(), 'rgb(171, 205, 239)');
  await page.selectOption('#email-theme', 'own-dark');
  await page.waitForFunction((sel) => document.querySelector(sel).srcdoc.includes('color-scheme" content="dark'), `${en} iframe`);
  // The new document loads after srcdoc changes (the page cannot look inside: sandbox="").
  let color = await firstColor();
  for (let i = 0; i < 50 && color !== 'rgb(171, 205, 239)'; i += 1) {
    await page.waitForTimeout(100);
    color = await firstColor();
  }
  assert.equal(color, 'rgb(171, 205, 239)');
  // Inverted by the app: the light email, colour-inverted.
  await page.selectOption('#email-theme', 'inverted');
  assert.match(await frame.evaluate((f) => getComputedStyle(f).filter), /invert\(1\)/);
  assert.equal(await page.getAttribute(`${en} .mail`, 'data-theme'), 'inverted');

  // Typing re-renders the email; the card keeps its scroll.
  await wrap.evaluate((w) => { w.scrollTop = 120; });
  const before = await frame.evaluate((f) => f.srcdoc);
  await page.keyboard.insertText('<p>Kept scroll.</p>\n');
  await page.waitForFunction(([sel, b]) => document.querySelector(sel).srcdoc !== b, [`${en} iframe`, before]);
  assert.equal(await wrap.evaluate((w) => w.scrollTop), 120);
  await done();
});

test('per-locale example data: each column previews its own example until a value is typed, which every locale then gets; the link keeps which', async () => {
  const { page, context, done } = await open('#security.funds_moved');
  await settled(page);
  // The manifest's `examples`: the English preview names the payee in Latin letters.
  assert.match(await smsText(page, 'en'), /sent to L\*\* X\*\*\*/);
  assert.match(await smsText(page, 'zh-CN'), /林\*\*/);
  assert.match(await page.textContent('#data-local'), /`counterparty`.*en: Lin Xiaomei/);
  await page.fill('#var-counterparty', '陈大文');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="en"] [data-part="sms"]').textContent.includes('陈**'));
  assert.equal(await page.isVisible('#data-local'), false);
  await settled(page);
  const other = await context.newPage();
  await other.goto(page.url());
  await other.waitForSelector('body[data-ready=true]');
  assert.match(await other.textContent(`${col('en')} [data-part="sms"]`), /陈\*\*/);
  await other.close();
  // "Example data" goes back to each locale's own.
  await page.click('#reset-data');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="en"] [data-part="sms"]').textContent.includes('L** X***'));
  assert.equal(await page.isVisible('#data-local'), true);
  await done();
});

test('the editor reads the catalog\'s vocabulary from the engine: helpers complete with their signatures, partials, the app\'s name per locale', async () => {
  const { page, done } = await open('#security.funds_moved');
  // The push sender and the email's From are the catalog's `app_name` in each locale.
  assert.equal(await page.textContent(`${col('zh-TW')} .notif-app span:nth-child(2)`), '北風支付');
  assert.equal(await page.textContent(`${col('en')} .mail-from span:nth-child(2)`), 'Northwind Pay');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('{{plu');
  await page.keyboard.press('Control+Space');
  await page.locator('.cm-tooltip-autocomplete li[aria-selected=true]', { hasText: 'plural' }).waitFor();
  await page.waitForSelector('.cm-completionInfo');
  assert.equal(await page.textContent('.cm-completionInfo'), 'plural number [zero= one= two= few= many= other=]');
  await page.keyboard.press('Escape');
  await page.keyboard.insertText(' ');
  // Partials come from the catalog.
  await page.keyboard.insertText('{{> ');
  await page.keyboard.press('Control+Space');
  await page.locator('.cm-tooltip-autocomplete li', { hasText: 'antifraud' }).first().waitFor();
  await done();
});

test('in-app as the app shows it: the message list cuts the title to a line and the body to two, says so, and shows the message whole when opened', async () => {
  const { page, done } = await open('#security.funds_moved');
  await page.click('#part-tabs [data-part="inApp.body"]');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n第二行\n第三行\n第四行');
  const note = page.locator(`${col('zh-CN')} .inapp-cut`);
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="zh-CN"] .inapp-cut').dataset.cut === 'body');
  assert.match(await note.textContent(), /message list cuts the body; opened, the message shows whole/);
  await page.click(`${col('zh-CN')} .inapp-open summary`);
  assert.match(await page.textContent(`${col('zh-CN')} [data-full="inApp.body"]`), /第四行$/);
  await shot(page, 'inapp-opened');
  await done();
});

test('on a phone, a column shown from the view tabs says what its lock screen and message list cut; locale names say the script', async () => {
  const { page, done } = await open('#security.funds_moved', { width: 390, height: 844 });
  // The columns were rendered while hidden: the English one is measured when it is shown.
  await page.click('#view-tabs [data-locale="en"]');
  await page.waitForFunction(() => document.querySelector('.locale-col[data-locale="en"] .notif-cut').dataset.cut === 'body');
  assert.equal(await page.isVisible(`${col('en')} .notif-cut`), true);
  // Where the catalog writes Chinese in two scripts, the names say which.
  assert.match(await page.textContent(`${col('zh-CN')} .loc-name`), /简体/);
  assert.match(await page.textContent(`${col('zh-TW')} .loc-name`), /繁體/);
  assert.equal(await page.textContent(`${col('en')} .loc-name`), 'English');
  await done();
});
