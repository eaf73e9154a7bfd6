// Browser test of activities and figures: an officer records a training course with its
// participants by sex, and the figures of the province count it. See harness.mjs for the
// environment.

import { test } from 'node:test';

import { demoSuite, login, pick, waitForText } from './harness.mjs';

demoSuite('activities and figures', (ctx) => {
  test(
    'a training course with participants by sex is counted in the figures',
    ctx.step(async () => {
      const { page, server } = ctx;
      await login(page, server.baseUrl, 'angiang.snv');
      await page.goto(`${server.baseUrl}/activities/new?type=training_course`);
      const form = page.locator('#activity-form');
      await form.locator('input[name=title]').fill('Tập huấn cán bộ làm công tác bình đẳng giới cấp xã');
      await form.locator('input[name=date_from]').fill('10/03/2026');
      await pick(form, 'area_code', 'rach gia', 'Phường Rạch Giá');
      await form.locator('select[name="f.target_group"]').selectOption('can_bo_bdg');
      await form.locator('input[name="f.days"]').fill('2');
      await form.locator('input[name="f.participants"]').fill('37');
      await form.locator('input[name="f.women"]').fill('29');
      await Promise.all([page.waitForURL(/\/activities\/\d+$/), form.locator('button[type=submit]').click()]);
      await waitForText(page, '#activity-title', 'Tập huấn cán bộ');
      await waitForText(page, '#activity-facts', '29');

      await page.goto(`${server.baseUrl}/figures?area=91&period=2026`);
      await waitForText(page, '#figures', 'Số lớp tập huấn');
      await waitForText(page, '#figures', 'Giới tính: Nữ');
      const cells = await page.locator('#figures tr', { hasText: 'DT_HOC_VIEN' }).allTextContents();
      const flat = cells.map((c) => c.replace(/\s+/g, ' '));
      if (!flat.some((c) => c.includes('Giới tính: Nữ') && c.includes('29')) || !flat.some((c) => c.includes('Giới tính: Tổng số') && c.includes('37'))) {
        throw new Error(`the figures do not count the course: ${JSON.stringify(flat)}`);
      }
    }),
  );
});
