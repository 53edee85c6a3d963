// The page in www/ in headless Chromium (Debian's), driven by playwright-core, served
// on 127.0.0.1 by the same server `make run` uses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { listen } from '../../scripts/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shots = path.join(root, 'test-output', 'screenshots');
let server, browser, base;

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  server = await listen(0);
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(hash = '') {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  // Nothing may be fetched from anywhere but this server.
  await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('body[data-ready=true]');
  return { page, errors };
}

test('lists the whole catalog and renders a message in the chosen locale', async () => {
  const { page, errors } = await open('#security.funds_moved');
  const ids = await page.locator('#catalog [role=option]').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert.equal(ids.length, 8);
  assert.ok(ids.includes('survey.satisfaction'));
  assert.equal(await page.textContent('#title'), 'security.funds_moved');
  const sms = await page.textContent('[data-channel=sms] .value');
  assert.match(sms, /¥2,500\.00/);
  assert.match(sms, /账户/);
  await page.screenshot({ path: path.join(shots, 'catalog-zh-CN.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a zh-HK preference renders Traditional Chinese and says it is a fallback', async () => {
  const { page } = await open('#security.funds_moved');
  await page.fill('#locale', 'zh-HK, en');
  await page.waitForFunction(() => document.querySelector('#negotiated').textContent.includes('zh-TW'));
  assert.equal(await page.getAttribute('#negotiated', 'data-fallback'), 'true');
  assert.match(await page.textContent('[data-channel=sms] .value'), /帳戶/);
  await page.screenshot({ path: path.join(shots, 'catalog-zh-HK.png'), fullPage: true });
  await page.close();
});

test('email HTML is shown in a sandboxed iframe and the catalog is keyboard-usable', async () => {
  const { page } = await open();
  await page.focus('#catalog [data-id="service.maintenance"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#title').textContent === 'service.maintenance');
  const frame = page.locator('[data-channel=email] iframe');
  assert.equal(await frame.getAttribute('sandbox'), '');
  const html = await frame.evaluate((f) => f.srcdoc);
  assert.match(html, /<li>/);
  await page.close();
});
