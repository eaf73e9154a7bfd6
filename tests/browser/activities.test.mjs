// Browser test of activities and figures: an officer records a training course with its
// participants by sex, and the figures of the province count it. See harness.mjs for the
// environment.

import { test } from 'node:test';

import { demoSuite, login, waitForText } from './harness.mjs';

demoSuite('activities and figures', (ctx) => {
  test(
    'a training course with participants by sex is counted in the figures',
    ctx.step(async () => {
      const { page, server } = ctx;
      await login(page, server.baseUrl, 'angiang.snv');
      await page.goto(`${server.baseUrl}/activities/new?type=training_course`);
      const form = page.locator('#activity-form');
      await form.locator('input[name=title]').fill('Tập huấn cán bộ làm công tác bình đẳng giới cấp xã');
      await form.locator('input[name=area_code]').fill('30742');
      await form.locator('input[name=date_from]').fill('10/03/2026');
      await form.locator('select[name="f.target_group"]').selectOption('can_bo_bdg');
      await form.locator('input[name="f.days"]').fill('2');
      await form.locator('input[name="f.participants"]').fill('37');
      await form.locator('input[name="f.women"]').fill('29');
      await Promise.all([page.waitForURL(/\/activities\/\d+$/), form.locator('button[type=submit]').click()]);
      await waitForText(page, '#activity-title', 'Tập huấn cán bộ');
      await waitForText(page, '#activity-facts', '29');

      await page.goto(`${server.baseUrl}/figures?area=91&period=2026`);
      await waitForText(page, '#figures', 'DT_LOP');
      await waitForText(page, '#figures', 'sex=nu');
      const cells = await page.locator('#figures tr', { hasText: 'DT_HOC_VIEN' }).allTextContents();
      const flat = cells.map((c) => c.replace(/\s+/g, ' '));
      if (!flat.some((c) => c.includes('sex=nu') && c.includes('29')) || !flat.some((c) => c.includes('sex=tong') && c.includes('37'))) {
        throw new Error(`the figures do not count the course: ${JSON.stringify(flat)}`);
      }
    }),
  );
});
