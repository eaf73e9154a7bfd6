// Browser test of the yearly report document on the demo: the province's officer goes from the
// reports overview to the draft of An Giang's 2025 yearly report, reads its sentences and tables,
// downloads the .docx; asks for the draft with the unapproved reports, which says so; a year
// without approved reports shows the message; a viewer is not offered the unapproved draft; the
// page fits a phone in both languages. See harness.mjs for the environment.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoSuite, login, waitForText } from './harness.mjs';

async function as(page, baseUrl, user) {
  await page.context().clearCookies();
  await login(page, baseUrl, user);
}

demoSuite('the yearly report', (ctx) => {
  test(
    'the province drafts its yearly report from the approved reports',
    ctx.step(async () => {
      const { page, server } = ctx;
      const base = server.baseUrl;
      await as(page, base, 'angiang.snv');
      await page.goto(`${base}/reports?form=BDG_NAM&period=2025&area=91`);
      await Promise.all([page.waitForLoadState('load'), page.locator('#yearly-link').click()]);
      assert.match(page.url(), /\/reports\/yearly\/91\/2025$/);
      await waitForText(page, '#yearly-title', 'Tỉnh An Giang');
      await waitForText(page, '#yearly-report', 'Trong năm 2025, toàn tỉnh tổ chức');
      await waitForText(page, '#yearly-report', 'trong đó nữ chiếm');
      await waitForText(page, '#yearly-header', 'Bộ Nội vụ');
      await waitForText(page, '#yearly-difficulties', 'Phường');
      assert.equal(await page.locator('#yearly-mark').count(), 0);

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#yearly-docx').click()]);
      assert.equal(download.suggestedFilename(), 'bao-cao-nam-2025-91.docx');

      // The draft counting the unapproved reports says so, on the page and in its downloads.
      await page.locator('input[name="unapproved"]').check();
      await Promise.all([page.waitForLoadState('load'), page.locator('#yearly-form button[type="submit"]').click()]);
      await waitForText(page, '#yearly-mark', 'chưa được cấp trên duyệt');
      assert.match(await page.locator('#yearly-docx').getAttribute('href'), /unapproved=1/);

      // A year no report of which is approved: the message, not an empty document.
      await page.goto(`${base}/reports/yearly/91/2023`);
      await waitForText(page, '#yearly-message', 'Chưa có báo cáo năm 2023');
      assert.equal(await page.locator('#yearly-report').count(), 0);

      // Kiên Giang's 2021 report, on the 2021 map.
      await page.selectOption('#yearly-form select[name="year"]', '2021');
      await Promise.all([page.waitForLoadState('load'), page.locator('#yearly-form button[type="submit"]').click()]);
      await waitForText(page, '#yearly-title', 'Tỉnh Kiên Giang');
      await waitForText(page, '#yearly-header', 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang');
    }),
  );

  test(
    'a viewer reads the approved draft only; the page fits a phone',
    ctx.step(async () => {
      const { page, server } = ctx;
      const base = server.baseUrl;
      await as(page, base, 'xem');
      await page.goto(`${base}/reports/yearly/91/2025`);
      await waitForText(page, '#yearly-report', 'Trong năm 2025');
      assert.equal(await page.locator('input[name="unapproved"]').count(), 0);
      await as(page, base, 'angiang.snv');
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of ['/reports/yearly', '/reports/yearly/91/2025?unapproved=1', '/reports/yearly/91/2021']) {
        await page.goto(`${base}${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${path} is ${width} px wide at 390`);
      }
      await page.setViewportSize({ width: 1366, height: 768 });
    }),
  );
});
