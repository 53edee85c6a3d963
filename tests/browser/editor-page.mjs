// What the editor's browser tests share: headless Chromium (Debian's) through
// playwright-core, and a page of the editor opened on a server of scripts/serve.mjs with
// every request that is not to that server blocked and recorded.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * A fresh context and page of `base` + `/` + `address`, once the editor is ready.
 * `done()` asserts that nothing left the server and the page logged no error, then closes.
 */
export async function openEditor(browser, base, address = '', { width = 1680, height = 1000 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const foreign = [];
  const errors = [];
  // Nothing may be fetched from anywhere but this server (the page, its worker, iframes).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${base}/`) || url === base) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(new Error(m.text())); });
  await page.goto(`${base}/${address}`);
  await page.waitForSelector('body[data-ready=true]');
  const done = async () => {
    assert.deepEqual(foreign, [], 'no request may leave the local server');
    assert.deepEqual(errors.map((e) => e.message), [], 'no page errors');
    await context.close();
  };
  return { page, context, foreign, errors, done };
}

/** Waits until the slower checks (lint, smsBounds) and the URL are up to date. */
export const settled = (page) => page.waitForFunction(() => !document.querySelector('#checks').dataset.pending && !document.body.dataset.urlPending);

/** Types `text` at the end of the open part's source. */
export async function typeAtEnd(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(text);
}
