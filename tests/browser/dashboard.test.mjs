// Browser test of the national overview: the ministry leader's open dashboard shows the
// Strategy's indicators with their progress status, and when a commune's report is sent from
// another browser it redraws its completeness without a reload (server-sent events). At 390 px
// it fits the screen. See harness.mjs for the environment.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ACTION_TIMEOUT_MS, demoSuite, login, waitForText } from './harness.mjs';

demoSuite('national overview', (ctx) => {
  test(
    'the overview updates itself when a report is sent elsewhere',
    ctx.step(async () => {
      const { browser, page, server } = ctx;
      const base = server.baseUrl;
      await login(page, base, 'bo.lanhdao');
      await page.goto(`${base}/dashboard`);
      await waitForText(page, '#indicator-progress', 'Tỷ lệ nữ giám đốc');
      await waitForText(page, '#progress-counts', 'Đã đạt mục tiêu');
      const before = await page.locator('#national-received').first().textContent();
      await page.evaluate(() => { window.__notReloaded = true; });
      // The province's officer sends Nhơn Hội's report from another browser.
      const other = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const officer = await other.newPage();
      officer.setDefaultTimeout(ACTION_TIMEOUT_MS);
      await login(officer, base, 'angiang.snv');
      await officer.goto(`${base}/reports/BDG_NAM/2025/30346`);
      await Promise.all([officer.waitForLoadState('load'), officer.locator('#submit-report').click()]);
      await waitForText(officer, '#report-status', 'Đã gửi');
      await other.close();
      // The open overview counts it without a reload.
      await page.waitForFunction(
        (old) => {
          const now = document.querySelector('#national-received')?.textContent;
          return now && now !== old;
        },
        before,
        { timeout: 10_000 },
      );
      assert.equal(await page.evaluate(() => window.__notReloaded), true, 'the page was not reloaded');
      // At 390 px nothing is wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}/dashboard`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the overview is ${width} px wide at 390`);
      await page.setViewportSize({ width: 1366, height: 768 });
    }),
  );
});
