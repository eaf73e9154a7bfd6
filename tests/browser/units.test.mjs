// Browser test of the administrative-unit search: logs into the demo server
// and searches units as of a date, in headless Chromium. See harness.mjs for the environment.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DemoServer, launch, login, waitForText } from './harness.mjs';

describe('administrative units search', { timeout: 600_000 }, () => {
  const server = new DemoServer();
  let browser;
  let page;
  let failed = false;

  before(async () => {
    await server.start();
    ({ browser, page } = await launch());
  });

  after(async () => {
    if (failed) console.error(server.logTail());
    try {
      await browser?.close();
    } finally {
      await server.stop();
    }
  });

  /** Runs a step; on failure, adds the page URL and #unit-results to the error. */
  async function step(fn) {
    try {
      await fn();
    } catch (err) {
      failed = true;
      let where = '';
      try {
        const results = await page.locator('#unit-results').first().textContent({ timeout: 1_000 });
        where = `\npage: ${page.url()}\n#unit-results: ${results?.replace(/\s+/g, ' ').trim()}`;
      } catch {
        where = page ? `\npage: ${page.url()}` : '';
      }
      throw new Error(`${err.message}${where}`, { cause: err });
    }
  }

  /** Searches units on /units and waits for `expected` in #unit-results. */
  async function searchUnits(asOf, query, expected) {
    await page.goto(`${server.baseUrl}/units`);
    const form = page.locator('form', { has: page.locator('input[name=q]') }).first();
    await form.locator('input[name=as_of]').fill(asOf);
    await form.locator('input[name=q]').fill(query);
    // Results already on the page must not satisfy the check below.
    await page.evaluate(() => {
      const el = document.querySelector('#unit-results');
      if (el) el.textContent = '';
    });
    await form.locator('button[type=submit]').first().click();
    await waitForText(page, '#unit-results', expected);
  }

  test('logs in as the demo admin', () =>
    step(async () => {
      await login(page, server.baseUrl, 'admin');
      assert.equal(new URL(page.url()).pathname, '/');
    }));

  test('finds Kiên Giang as a province on 2021-02-25', () =>
    step(() => searchUnits('2021-02-25', 'kien giang', 'Tỉnh Kiên Giang')));

  test('shows the former-province hint for Kiên Giang on 2025-07-01', () =>
    step(() => searchUnits('2025-07-01', 'kien giang', 'nay thuộc')));
});
