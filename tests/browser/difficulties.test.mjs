// Browser tests of a difficulty raised on the 2021 guidance, at 1366 px and at 390 px: An Giang's
// officer opens her task, raises a difficulty on 356/LĐTBXH-BĐG with a file, choosing the raising
// agency by its name; the ministry's officer finds it on her home page and in the list filtered
// by province, and answers it for every province; the province reads the answer on the letter's
// record. No page is wider than the screen. See harness.mjs for the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { WIDTHS, demoSuite, pageAt, waitForText } from './harness.mjs';

/** Fails when the page is wider than its viewport. */
async function fits(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `${page.url()} is ${width} px wide at ${viewport.width} px`);
}

demoSuite('a difficulty raised on the guidance', (ctx) => {
  for (const viewport of WIDTHS) {
    const subject = `Kinh phí tuyên truyền song ngữ (${viewport.width} px)`;
    const text = 'Tỉnh đề nghị Bộ hướng dẫn việc sử dụng kinh phí để in tờ rơi song ngữ Việt - Khmer.\nXin cảm ơn.';
    const answer = `Kinh phí in tài liệu song ngữ được chi từ nguồn thực hiện Chiến lược (${viewport.width} px).`;

    test(`${viewport.width} px: the province raises a difficulty on 356 from its task`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'angiang.snv');
      try {
        await Promise.all([
          page.waitForURL(/\/tasks\/\d+$/),
          page.locator('#my-tasks a[href^="/tasks/"]', { hasText: 'Tổ chức thực hiện ngay' }).first().click(),
        ]);
        await fits(page, viewport);
        await Promise.all([
          page.waitForURL(/\/documents\/\d+\/difficulties\/new\?task=\d+$/),
          page.locator('a.raise-difficulty', { hasText: '356/LĐTBXH-BĐG' }).click(),
        ]);
        await waitForText(page, 'main', 'Bộ Lao động - Thương binh và Xã hội');
        await fits(page, viewport);
        await page.locator('#agency_id').selectOption({ label: 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang' });
        await page.locator('#subject').fill(subject);
        await page.locator('#text').fill(text);
        await page.locator('#files').setInputFiles({
          name: 'to-roi-song-ngu.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.from('%PDF-1.4 to roi'),
        });
        await Promise.all([
          page.waitForURL(/\/difficulties\/\d+$/),
          page.locator('#raise-form button[type=submit]').click(),
        ]);
        await waitForText(page, 'main', subject);
        await waitForText(page, 'main', 'Xin cảm ơn.');
        await waitForText(page, 'main', 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang');
        await waitForText(page, 'main', 'to-roi-song-ngu.pdf');
        await waitForText(page, 'main', 'Chờ trả lời');
        assert.equal(await page.locator('#answer-form').count(), 0, 'the province does not answer');
        await fits(page, viewport);
      } finally {
        await context.close();
      }
    }));

    test(`${viewport.width} px: the ministry finds it by province and answers it for every province`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'bo.chuyenvien');
      try {
        await waitForText(page, '#difficulties', 'Vướng mắc chờ trả lời');
        await waitForText(page, '#difficulties', subject);
        await fits(page, viewport);
        await page.goto(`${ctx.server.baseUrl}/difficulties`);
        const province = page.locator('#difficulty-filters select[name=province]');
        const label = (await province.locator('option', { hasText: 'Tỉnh Kiên Giang' }).textContent()).trim();
        await province.selectOption({ label });
        await Promise.all([
          page.waitForURL(/province=\d+/),
          page.locator('#difficulty-filters button[type=submit]').click(),
        ]);
        await waitForText(page, '#inbox', subject);
        const provinces = await page.locator('#inbox h3.province').allTextContents();
        assert.ok(provinces.length > 0 && provinces.every((p) => p.includes('Tỉnh Kiên Giang')), `only Kiên Giang: ${provinces}`);
        await fits(page, viewport);
        await Promise.all([
          page.waitForURL(/\/difficulties\/\d+$/),
          page.locator('#inbox a', { hasText: subject }).click(),
        ]);
        await page.locator('#answer').fill(answer);
        await page.locator('#shared').check();
        await Promise.all([
          page.waitForURL(/\/difficulties\/\d+$/),
          page.locator('#answer-form button[type=submit]').click(),
        ]);
        await waitForText(page, 'main', answer);
        await waitForText(page, 'main', 'Trả lời chung');
        await waitForText(page, 'main', 'Đã trả lời');
        await fits(page, viewport);
      } finally {
        await context.close();
      }
    }));

    test(`${viewport.width} px: the province reads the answer on the letter's record`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'angiang.snv');
      try {
        await waitForText(page, '#difficulties', 'Vướng mắc đã được trả lời');
        await Promise.all([
          page.waitForURL(/\/difficulties\/\d+$/),
          page.locator('#difficulties a', { hasText: subject }).click(),
        ]);
        await Promise.all([
          page.waitForURL(/\/documents\/\d+/),
          page.locator('main dl a[href^="/documents/"]').click(),
        ]);
        await waitForText(page, '#difficulties', subject);
        await waitForText(page, '#difficulties', answer);
        await waitForText(page, '#difficulties', 'Trả lời chung');
        await fits(page, viewport);
      } finally {
        await context.close();
      }
    }));
  }
});
