// Saving from the editor to a catalog folder, as `make run` serves it (issue 13), on a
// temporary copy of templates/: the token from the printed address, the diff against the
// file on disk, the file written, the catalog rebuilt and the page reloaded on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openEditor, settled, typeAtEnd } from './editor-page.mjs';
import { listen } from '../../scripts/serve.mjs';
import { editorUrl } from '../../lib/edit-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-save-'));
const dir = path.join(tmp, 'templates');
let server, browser, base, token;

before(async () => {
  fs.cpSync(path.join(root, 'templates'), dir, { recursive: true });
  server = await listen(0, { catalogDir: dir });
  base = `http://127.0.0.1:${server.address().port}`;
  token = new URL(editorUrl(server)).searchParams.get('token');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const smsText = (page, locale) => page.textContent(`.locale-col[data-locale="${locale}"] [data-part="sms"]`);
const file = (rel) => fs.readFileSync(path.join(dir, rel), 'utf8');

test('Save shows the diff against the file on disk, writes it, rebuilds and reloads on the saved catalog', async () => {
  const { page, done } = await openEditor(browser, base, `?token=${token}#welcome`);
  // The token leaves the address bar at once (it would be in a copied link).
  assert.doesNotMatch(page.url(), /token/);
  assert.match(await page.textContent('#catalog-name'), /saves to disk/);
  assert.equal(await page.isVisible('#save'), true);
  const before = file('messages/welcome/zh-CN.hbs');
  await typeAtEnd(page, '（已保存）');
  await settled(page);
  await page.click('#save');
  const dialog = page.locator('#save-dialog');
  await dialog.locator('pre.diff .add').first().waitFor();
  assert.match(await dialog.locator('h3').textContent(), /messages\/welcome\/zh-CN\.hbs/);
  const added = await dialog.locator('pre.diff .add').allTextContents();
  const removed = await dialog.locator('pre.diff .del').allTextContents();
  assert.equal(added.length, 1);
  assert.match(added[0], /^\+ .*（已保存）\n$/);
  assert.equal(removed.length, 1);
  assert.doesNotMatch(removed[0], /已保存/);
  assert.equal(file('messages/welcome/zh-CN.hbs'), before, 'nothing written before confirming');
  await Promise.all([page.waitForEvent('load'), dialog.locator('#save-confirm').click()]);
  await page.waitForSelector('body[data-ready=true]');
  // On disk: the SMS part's last line gained the text; nothing else changed.
  const after = file('messages/welcome/zh-CN.hbs');
  assert.notEqual(after, before);
  assert.match(after.split('\n--- ')[0], /（已保存）$/);
  // Reloaded on the rebuilt catalog: the text is the catalog's own, not an edit.
  assert.match(await smsText(page, 'zh-CN'), /（已保存）/);
  assert.equal(await page.isVisible('#edits'), false);
  assert.match(await page.textContent('#editor-state'), /as in the catalog/);
  await done();
});

test('without the token, Save asks for it, refuses a wrong one, and then saves', async () => {
  const { page, errors, done } = await openEditor(browser, base, '#service.update');
  await typeAtEnd(page, ' (saved with a pasted token)');
  await settled(page);
  await page.click('#save');
  const dialog = page.locator('#save-dialog');
  await dialog.locator('#save-token').waitFor();
  assert.match(await dialog.locator('.save-status').textContent(), /needs the token/);
  await dialog.locator('#save-token').fill('not-the-token');
  await dialog.locator('#save-confirm').click();
  await page.waitForFunction(() => /refused/.test(document.querySelector('#save-dialog .save-status').textContent));
  await dialog.locator('#save-token').fill(token);
  await dialog.locator('#save-confirm').click();
  await dialog.locator('pre.diff .add').first().waitFor();
  await Promise.all([page.waitForEvent('load'), dialog.locator('#save-confirm').click()]);
  await page.waitForSelector('body[data-ready=true]');
  assert.match(file('messages/service.update/zh-CN.hbs'), /\(saved with a pasted token\)/);
  // Chromium logs each refused request (no token, then the wrong one); nothing else.
  const refused = errors.filter((e) => /status of 401/.test(e.message));
  assert.equal(refused.length, 2);
  errors.splice(0, errors.length, ...errors.filter((e) => !refused.includes(e)));
  await done();
});

test('a file changed on disk since the page opened is said so in the diff; errors are listed before saving', async () => {
  const { page, done } = await openEditor(browser, base, `?token=${token}#security.funds_moved`);
  // Someone else changes the English file meanwhile.
  const rel = 'messages/security.funds_moved/en.hbs';
  fs.writeFileSync(path.join(dir, rel), file(rel).replace('--- push.title\n', '--- push.title\nChanged elsewhere: '));
  // Remove the required partial from the English SMS: an error.
  await page.click('#locale-tabs [data-locale="en"]');
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  for (let i = 0; i < '{{> antifraud}}'.length; i += 1) await page.keyboard.press('Backspace');
  await settled(page);
  await page.click('#save');
  const dialog = page.locator('#save-dialog');
  await dialog.locator('pre.diff').first().waitFor();
  assert.match(await dialog.locator('.save-file .warn').textContent(), /changed on disk since the editor opened it/);
  // Saving would undo the other change: the diff shows it as removed.
  assert.ok((await dialog.locator('pre.diff .del').allTextContents()).some((l) => l.includes('Changed elsewhere')));
  assert.match(await dialog.locator('.save-errors').textContent(), /1 error.*en · sms/s);
  assert.match(await dialog.locator('#save-confirm').textContent(), /anyway/);
  await dialog.locator('#save-cancel').click();
  assert.match(file(rel), /Changed elsewhere/, 'cancel writes nothing');
  await done();
});
