// Browser test of letters to tasks: an officer pastes the seed pair (the provincial office's
// 1152/VP-KGVX forwarding the ministry's 356/LĐTBXH-BĐG), checks the pre-filled form,
// registers both in the labour department's incoming register, creates the task from the letter, reports progress, and finds the letter by
// searching without diacritics. See harness.mjs for the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { REPO_ROOT, demoSuite, login, pick, waitForText } from './harness.mjs';

const SEED = path.join(REPO_ROOT, 'crates/vanban/tests/corpus/seed-1152-356.txt');

demoSuite('letters to tasks', (ctx) => {
  test('an officer registers the seed through the form', ctx.step(async () => {
      const { page, server } = ctx;
      await login(page, server.baseUrl, 'angiang.snv');
      await page.goto(`${server.baseUrl}/documents/new`);
      await page.locator('textarea[name=text]').fill(await readFile(SEED, 'utf8'));
      await Promise.all([page.waitForURL('**/documents/parse**'), page.locator('#paste-form button[type=submit]').click()]);
      // The parser filled the form; the officer only picks the registers.
      assert.equal(await page.locator('input[name="d0.number"]').inputValue(), '1152');
      assert.equal(await page.locator('input[name="d1.symbol"]').inputValue(), 'LĐTBXH-BĐG');
      // The demo already holds the office's registers; here the labour department registers
      // what it received: the office's letter and the ministry's guidance attached to it.
      // The register is chosen by name, as the agencies stood on the arrival date.
      for (const i of [0, 1]) {
        await page.locator(`select[name="d${i}.direction"]`).selectOption('incoming');
        await page.locator(`input[name="d${i}.arrival_date"]`).fill('26/02/2021');
        const code = await pick(page, `d${i}.register_agency_code`, 'so lao dong', 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang');
        assert.equal(code, '91-SLDTBXH');
      }
      await Promise.all([
        page.waitForURL(/\/documents\/\d+$/),
        page.locator('#register-form button[type=submit]').click(),
      ]);
      await waitForText(page, '#document-title', '1152/VP-KGVX');
      await waitForText(page, '#citations', '356/LĐTBXH-BĐG — sổ đến');
    }));

  test('creates the task from the letter and reports progress', ctx.step(async () => {
      const { page, server } = ctx;
      await Promise.all([page.waitForURL('**/tasks/new?a=0'), page.locator('a[href$="/tasks/new?a=0"]').first().click()]);
      assert.equal(await page.locator('#task-form input[name=lead_code]').inputValue(), '91-SLDTBXH');
      const form = page.locator('#task-form');
      for (const [typed, name] of [['y te', 'Sở Y tế tỉnh Kiên Giang'], ['giao duc', 'Sở Giáo dục và Đào tạo tỉnh Kiên Giang'], ['van hoa', 'Sở Văn hóa, Thể thao và Du lịch tỉnh Kiên Giang'], ['tu phap', 'Sở Tư pháp tỉnh Kiên Giang']]) {
        await pick(form, 'coordinator_codes', typed, name);
      }
      assert.equal(await form.locator('input[name=coordinator_codes]').inputValue(), '91-SYT, 91-SGDDT, 91-SVHTTDL, 91-STP');
      await Promise.all([page.waitForURL(/\/tasks\/\d+$/), page.locator('#task-form button[type=submit]').click()]);
      await waitForText(page, '#deadline', '04/03/2021');
      await page.locator('#progress-form textarea[name=text]').fill('Đã tham mưu UBND tỉnh ban hành kế hoạch');
      await page.locator('#progress-form input[name=percent]').fill('50');
      await Promise.all([page.waitForURL(/\/tasks\/\d+/), page.locator('#progress-form button[type=submit]').click()]);
      await waitForText(page, '#progress', 'Đã tham mưu UBND tỉnh ban hành kế hoạch');
      await waitForText(page, '#status', '50%');
    }));

  test('finds the letter by searching "binh dang gioi 2021"', ctx.step(async () => {
      const { page, server } = ctx;
      await page.goto(`${server.baseUrl}/documents`);
      await page.locator('#document-search input[name=q]').fill('binh dang gioi 2021');
      await Promise.all([page.waitForURL('**/documents?**'), page.locator('#document-search button[type=submit]').click()]);
      await waitForText(page, '#documents', '1152/VP-KGVX');
      await waitForText(page, '#documents', '356/LĐTBXH-BĐG');
    }));
});
