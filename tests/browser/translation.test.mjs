// Translation status in the editor (issue 13), on a temporary copy of templates/ served as
// `make run` serves it: a change to the zh-CN source shows the other locales' part as
// outdated (tabs, the part's status line, Checks, and after saving the catalog list); Mark
// current and saving a translation record it in translations.toml; a zh-TW/zh-HK first
// draft from zh-CN (OpenCC); the pseudo-locale column.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openEditor, settled, typeAtEnd } from './editor-page.mjs';
import { listen } from '../../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-translation-'));
const dir = path.join(tmp, 'templates');
const RECORDS = 'messages/security.funds_moved/translations.toml';
let server, browser, base;

before(async () => {
  fs.cpSync(path.join(root, 'templates'), dir, { recursive: true });
  server = await listen(0, { catalogDir: dir });
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const file = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');
const tabClasses = (page) => page.locator('#locale-tabs [role=tab]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.locale, e.classList.contains('outdated')])));

/** Saves what the open dialog shows and waits for the page to come back. */
async function confirmSave(page) {
  const dialog = page.locator('#save-dialog');
  await dialog.locator('pre.diff').first().waitFor();
  await Promise.all([page.waitForEvent('load'), dialog.locator('#save-confirm').click()]);
  await page.waitForSelector('body[data-ready=true]');
}

test('a changed zh-CN part makes the other locales\' part outdated; Mark current and a saved translation record them current', async () => {
  const { page, done } = await openEditor(browser, base, `?token=${server.token}#security.funds_moved`);
  assert.deepEqual(await tabClasses(page), { 'zh-CN': false, 'zh-TW': false, 'zh-HK': false, en: false });
  assert.equal(await page.locator('button.msg[data-id="security.funds_moved"] .outdated').count(), 0);

  // Unsaved: the zh-CN SMS changes.
  await typeAtEnd(page, '请核实。');
  await settled(page);
  assert.deepEqual(await tabClasses(page), { 'zh-CN': false, 'zh-TW': true, 'zh-HK': true, en: true });
  const stale = await page.locator('#lint-list li', { hasText: 'outdated_translation' }).allTextContents();
  assert.equal(stale.length, 3);
  assert.ok(stale.every((t) => / · sms/.test(t)), stale.join('\n'));
  await page.click('#locale-tabs [data-locale="zh-TW"]');
  assert.match(await page.textContent('#translation-state'), /Outdated: zh-CN's sms changed/);
  assert.equal(await page.getAttribute('#part-tabs [data-part="sms"]', 'aria-label'), 'sms, outdated translation');
  // Marking waits for the source change to be saved.
  assert.equal(await page.isDisabled('#mark-current'), true);

  // Saved: the catalog list says which locales are outdated.
  await page.click('#locale-tabs [data-locale="zh-CN"]');
  await page.click('#save');
  await confirmSave(page);
  assert.equal(await page.textContent('button.msg[data-id="security.funds_moved"] .outdated'), 'zh-TW zh-HK en outdated');

  // Mark the zh-TW SMS current: translations.toml changes on disk, only that record.
  const before = file(RECORDS);
  await page.click('#locale-tabs [data-locale="zh-TW"]');
  await page.click('#mark-current');
  const dialog = page.locator('#save-dialog');
  await dialog.locator('pre.diff').first().waitFor();
  assert.match(await dialog.locator('h3').textContent(), /translations\.toml/);
  assert.equal((await dialog.locator('pre.diff .add').allTextContents()).length, 1);
  await confirmSave(page);
  const after = file(RECORDS);
  const changed = after.split('\n').filter((l, i) => l !== before.split('\n')[i]);
  assert.equal(changed.length, 1);
  assert.match(changed[0], /^sms = "[0-9a-f]{16}"$/);
  assert.equal(await page.textContent('button.msg[data-id="security.funds_moved"] .outdated'), 'zh-HK en outdated');

  // Updating the zh-HK translation and saving it records it too, in the same save.
  await page.click('#locale-tabs [data-locale="zh-HK"]');
  await typeAtEnd(page, '請核實。');
  await settled(page);
  assert.match(await page.textContent('#translation-state'), /Saving your edit records it as current/);
  await page.click('#save');
  await dialog.locator('pre.diff').first().waitFor();
  assert.deepEqual(await dialog.locator('h3 code').allTextContents(), ['messages/security.funds_moved/zh-HK.hbs', RECORDS]);
  await confirmSave(page);
  assert.equal(await page.textContent('button.msg[data-id="security.funds_moved"] .outdated'), 'en outdated');
  assert.deepEqual(await tabClasses(page), { 'zh-CN': false, 'zh-TW': false, 'zh-HK': false, en: true });
  await done();
});

test('Draft from zh-CN converts the source to Traditional with Taiwan wording, keeps the tags, and undoes', async () => {
  const { page, done } = await openEditor(browser, base, '#security.login_alert');
  await page.click('#locale-tabs [data-locale="zh-TW"]');
  const original = await page.textContent('.cm-content');
  const source = await page.evaluate(async () => (await import('/pkg/tidings.js')).messages().find((m) => m.id === 'security.login_alert').templates['zh-CN'].sms);
  await page.click('#draft');
  await page.waitForFunction((o) => document.querySelector('.cm-content').textContent !== o, original);
  const drafted = await page.textContent('.cm-content');
  // Every Handlebars tag of the source, as written; the text around them Traditional.
  assert.deepEqual(drafted.match(/\{\{[^}]*\}\}/g), source.match(/\{\{[^}]*\}\}/g));
  assert.match(drafted, /[登錄錄帳號裝]/);
  assert.doesNotMatch(drafted.replace(/\{\{[^}]*\}\}/g, ''), /[账号录设]/);
  assert.equal(await page.isVisible('#edits'), true);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((o) => document.querySelector('.cm-content').textContent === o, original);
  await done();
});

test('the pseudo-locale column renders the English text accented and ~40% longer, with its SMS counts', async () => {
  const { page, done } = await openEditor(browser, base, '#security.login_alert');
  assert.equal(await page.locator('.locale-col[data-locale="pseudo"]').count(), 0);
  await page.check('#pseudo');
  const pseudoSms = page.locator('.locale-col[data-locale="pseudo"] [data-part="sms"]');
  await pseudoSms.waitFor();
  // The push title is the template's own text alone: accented and padded by ~40%.
  const title = (loc) => page.textContent(`.locale-col[data-locale="${loc}"] [data-part="push.title"]`);
  const [en, made] = [await title('en'), await title('pseudo')];
  assert.match(made, /^\[[^A-Za-z]*~+\]$/u, made);
  assert.ok(made.length >= en.length * 1.35, `${made} vs ${en}`);
  assert.match(await pseudoSms.textContent(), /[àéîöû]/);
  assert.match(await page.textContent('.locale-col[data-locale="pseudo"] [data-sms=encoding]'), /UCS-2/);
  const parts = (loc) => page.getAttribute(`.locale-col[data-locale="${loc}"] [data-sms=segments]`, 'data-count').then(Number);
  assert.ok(await parts('pseudo') >= await parts('en'));
  await done();
});
