// Browser test of periodic reporting on the demo's 2025 yearly reports of the new An Giang: a
// commune's grid typed with the keyboard and a block pasted from a spreadsheet, a refused value
// kept with its message, the report sent, returned by the province's leader with a reason, fixed,
// sent again and approved; the overview's counts; the province's report waiting for its
// communes at the ministry; and the pages at 390 px. See harness.mjs for the environment.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoSuite, login, waitForText } from './harness.mjs';

const REPORT = '/reports/BDG_NAM/2025/30346';

async function as(page, baseUrl, user) {
  await page.context().clearCookies();
  await login(page, baseUrl, user);
}

async function submitAndWait(page, button) {
  await Promise.all([page.waitForLoadState('load'), page.locator(button).click()]);
}

demoSuite('periodic reporting', (ctx) => {
  test(
    'a commune report is typed, refused, sent, returned, fixed and approved',
    ctx.step(async () => {
      const { page, server } = ctx;
      const base = server.baseUrl;
      await as(page, base, 'angiang.snv');
      await page.goto(`${base}${REPORT}`);
      await waitForText(page, '#report-status', 'Đang nhập');

      // Enter moves down the value column; a block copied from a spreadsheet fills downwards.
      const first = page.locator('input[name="v:TT_SU_KIEN:default"]');
      await first.focus();
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
      assert.equal(focused, 'v:TT_NGUOI_THAM_DU:nam');
      await page.evaluate(() => {
        const target = document.querySelector('input[name="v:TT_NGUOI_THAM_DU:nam"]');
        const data = new DataTransfer();
        data.setData('text/plain', '45\tnam giới\n60\tnữ giới\n');
        target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      });
      assert.equal(await page.inputValue('input[name="v:TT_NGUOI_THAM_DU:nam"]'), '45');
      assert.equal(await page.inputValue('input[name="v:TT_NGUOI_THAM_DU:nu"]'), '60');
      assert.equal(await page.inputValue('input[name="c:TT_NGUOI_THAM_DU:nu"]'), 'nữ giới');

      // A value that is not a number: the page comes back with everything typed.
      await page.fill('input[name="v:DT_LOP:default"]', 'hai lớp');
      await submitAndWait(page, '#save-report');
      await waitForText(page, '#row-DT_LOP\\:default', 'không phải là một số');
      assert.equal(await page.inputValue('input[name="v:DT_LOP:default"]'), 'hai lớp');
      assert.equal(await page.inputValue('input[name="v:TT_NGUOI_THAM_DU:nu"]'), '60');
      await page.fill('input[name="v:DT_LOP:default"]', '2');
      await submitAndWait(page, '#save-report');
      await waitForText(page, '#report-status', 'Đang nhập');
      assert.equal(await page.inputValue('input[name="v:TT_NGUOI_THAM_DU:nu"]'), '60');
      await submitAndWait(page, '#submit-report');
      await waitForText(page, '#report-status', 'Đã gửi');
      assert.equal(await page.locator('#save-report').count(), 0, 'a sent report offers no saving');

      // The province's leader returns it with a reason.
      await as(page, base, 'angiang.lanhdao');
      await page.goto(`${base}${REPORT}`);
      await page.fill('#step-form textarea[name=reason]', 'Bổ sung kinh phí thực hiện theo nguồn');
      await submitAndWait(page, '#return-report');
      await waitForText(page, '#report-status', 'Trả lại');

      // The commune sees why, fixes it and sends it again; the leader approves it.
      await as(page, base, 'angiang.snv');
      await page.goto(`${base}${REPORT}`);
      await waitForText(page, '#return-reason', 'Bổ sung kinh phí');
      await page.fill('input[name="v:KINH_PHI:ngan_sach_dia_phuong"]', '4.500.000');
      await submitAndWait(page, '#save-report');
      await submitAndWait(page, '#submit-report');
      await waitForText(page, '#report-status', 'Đã gửi');
      await as(page, base, 'angiang.lanhdao');
      await page.goto(`${base}${REPORT}`);
      await submitAndWait(page, '#approve-report');
      await waitForText(page, '#report-status', 'Đã duyệt');
      await waitForText(page, '#report-grid', '4.500.000');

      // The overview counts it among the approved.
      await page.goto(`${base}/reports?form=BDG_NAM&period=2025&area=91&status=da_duyet`);
      await waitForText(page, '#report-rows', 'Xã Nhơn Hội');
      await waitForText(page, '#completeness', '102');

      // The ministry cannot approve the province while communes are open.
      await as(page, base, 'bo.lanhdao');
      await page.goto(`${base}/reports/BDG_NAM/2025/91`);
      await waitForText(page, '#report-status', 'Đã gửi');
      await submitAndWait(page, '#approve-report');
      await waitForText(page, '#report-errors', 'địa bàn cấp dưới chưa được duyệt');
    }),
  );

  test(
    'the reporting pages fit a phone',
    ctx.step(async () => {
      const { page, server } = ctx;
      await as(page, server.baseUrl, 'angiang.snv');
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of ['/reports', '/reports?form=BDG_NAM&period=2025&area=91', '/reports/BDG_NAM/2025/30742']) {
        await page.goto(`${server.baseUrl}${path}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${path} is ${width} px wide at 390`);
      }
      await page.setViewportSize({ width: 1366, height: 768 });
    }),
  );
});
