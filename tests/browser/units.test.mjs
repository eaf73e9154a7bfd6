// Browser test of the administrative-unit search: logs into the demo server and searches units
// as of a date, in headless Chromium. See harness.mjs for the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { demoSuite, login, waitForText } from './harness.mjs';

demoSuite('administrative units search', (ctx) => {
  /** Searches units on /units and waits for `expected` in #unit-results. */
  async function searchUnits(asOf, query, expected) {
    const { page, server } = ctx;
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

  test(
    'logs in as the demo admin',
    ctx.step(async () => {
      await login(ctx.page, ctx.server.baseUrl, 'admin');
      assert.equal(new URL(ctx.page.url()).pathname, '/');
    }),
  );

  test('finds Kiên Giang as a province on 2021-02-25', ctx.step(() => searchUnits('2021-02-25', 'kien giang', 'Tỉnh Kiên Giang')));

  test('shows the former-province hint for Kiên Giang on 2025-07-01', ctx.step(() => searchUnits('2025-07-01', 'kien giang', 'nay thuộc')));
});
