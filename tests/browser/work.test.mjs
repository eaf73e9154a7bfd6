// Browser tests of the officer's working day, at 1366 px and at 390 px: the home page lists the
// work the agency carries on from before the reform with nothing typed; a form that fails keeps
// what was typed; the language switch on the letter review page keeps the pasted letter; an
// activity is recorded with pickers only (no code or number typed), and a failed save keeps the
// choices; the ministry's inbox holds what the former labour ministry assigned; a ministry
// leader filters the 356 fan-out by province and status; the README's journey goes through with
// the values the forms propose; no GET page of routes.rs is wider than a 390 px phone; printing
// leaves out the menu and the forms.
// See harness.mjs for the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { REPO_ROOT, WIDTHS, demoSuite, everyPage, pageAt, pick, waitForText } from './harness.mjs';

const SEED = path.join(REPO_ROOT, 'crates/vanban/tests/corpus/seed-1152-356.txt');
demoSuite('the working day', (ctx) => {
  for (const viewport of WIDTHS) {
    test(`${viewport.width} px: the An Giang officer's home page lists Kiên Giang's 2021 tasks`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'angiang.snv');
      try {
        await waitForText(page, '#my-tasks', 'Tổ chức thực hiện ngay các nội dung theo đề nghị của Bộ Lao động');
        await waitForText(page, '#my-tasks', 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang');
        await waitForText(page, '#my-tasks', '04/03/2021');
        await waitForText(page, '#reports-due', 'Báo cáo kết quả thực hiện công tác bình đẳng giới');
        // One click opens the task.
        await Promise.all([
          page.waitForURL(/\/tasks\/\d+$/),
          page.locator('#my-tasks a[href^="/tasks/"]', { hasText: 'Tổ chức thực hiện ngay' }).first().click(),
        ]);
        await waitForText(page, 'main', 'Tổ chức thực hiện ngay');
      } finally {
        await context.close();
      }
    }));

    test(`${viewport.width} px: a failed form keeps its input, also across a language switch`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'angiang.snv');
      try {
        await page.locator('#my-tasks a[href^="/tasks/"]').first().click();
        await page.waitForURL(/\/tasks\/\d+$/);
        const text = 'Đã tham mưu UBND tỉnh ban hành kế hoạch năm 2021';
        await page.locator('#progress-form textarea[name=text]').fill(text);
        await page.locator('#progress-form input[name=date]').fill('02/03/2021');
        await page.locator('#progress-form input[name=percent]').fill('150');
        await Promise.all([page.waitForURL(/\/progress/), page.locator('#progress-form button[type=submit]').click()]);
        await waitForText(page, '#progress-form', 'tỷ lệ hoàn thành từ 0 đến 100');
        assert.equal(await page.locator('#progress-form textarea[name=text]').inputValue(), text);
        assert.equal(await page.locator('#progress-form input[name=percent]').inputValue(), '150');
        assert.equal(await page.locator('#progress-form input[name=date]').inputValue(), '02/03/2021');
        // Switching the language returns to the task (not to the address the form was sent
        // to) with what was typed.
        await Promise.all([page.waitForURL(/\/tasks\/\d+$/), page.locator('#lang-form button[type=submit]').click()]);
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        assert.equal(await page.locator('#progress-form textarea[name=text]').inputValue(), text);
        await Promise.all([page.waitForURL(/\/tasks\/\d+$/), page.locator('#lang-form button[type=submit]').click()]);
        assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
      } finally {
        await context.close();
      }
    }));

    test(`${viewport.width} px: the language switch on the review page keeps the pasted letter`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'angiang.snv');
      try {
        await page.goto(`${ctx.server.baseUrl}/documents/new`);
        await page.locator('textarea[name=text]').fill(await readFile(SEED, 'utf8'));
        await Promise.all([page.waitForURL('**/documents/parse**'), page.locator('#paste-form button[type=submit]').click()]);
        assert.equal(await page.locator('input[name="d0.date"]').inputValue(), '25/02/2021');
        await page.locator('input[name="d1.arrival_date"]').fill('22/02/2021');
        const body = await page.locator('textarea[name="d1.body"]').inputValue();
        assert.ok(body.length > 200, 'the letter was read');
        // A narrow screen reaches the switch through the menu's row; it is always shown.
        const response = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/documents/register')),
          page.locator('#lang-switch').click(),
        ]).then(([r]) => r);
        assert.equal(response.status(), 200);
        await page.waitForLoadState();
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await waitForText(page, 'h1', 'Check and register');
        assert.equal(await page.locator('input[name="d0.number"]').inputValue(), '1152');
        assert.equal(await page.locator('input[name="d1.arrival_date"]').inputValue(), '22/02/2021');
        assert.equal(await page.locator('textarea[name="d1.body"]').inputValue(), body);
        // Back to Vietnamese the same way; nothing was registered.
        await page.locator('#lang-switch').click();
        await waitForText(page, 'h1', 'Kiểm tra và vào sổ');
        assert.equal(await page.locator('textarea[name="d1.body"]').inputValue(), body);
      } finally {
        await context.close();
      }
    }));

    test(`${viewport.width} px: an activity is recorded with pickers only, and a failed save keeps the choices`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'angiang.snv');
      try {
        await page.goto(`${ctx.server.baseUrl}/activities/new?type=training_course`);
        const form = page.locator('#activity-form');
        const title = `Tập huấn nữ ứng cử viên (${viewport.width})`;
        await form.locator('input[name=title]').fill(title);
        // The recording agency is the officer's own, shown by name with its code as a hint…
        const agency = form.locator('span.pick:has(> input[name=agency_code])');
        const named = (name) => page.waitForFunction((n) => document.querySelector('#activity-form input.pick-input')?.value === n, name);
        await named('Sở Nội vụ tỉnh An Giang');
        assert.match(await agency.locator('.pick-code').textContent(), /91-SNV/);
        // …and as of the activity's date the same code names Kiên Giang's department of 2021.
        await form.locator('input[name=date_from]').fill('10/03/2021');
        await named('Sở Nội vụ tỉnh Kiên Giang');
        // The place as of the activity's date: a 2021 ward of Kiên Giang, typed without diacritics.
        assert.equal(await pick(form, 'area_code', 'vinh thanh', 'Phường Vĩnh Thanh'), '30733');
        const task = await pick(form, 'task_id', 'to chuc thuc hien', 'Tổ chức thực hiện ngay');
        assert.match(task, /^\d+$/);
        const item = await pick(form, 'plan_item', 'truyen thong', 'Truyền thông');
        assert.match(item, /^\d+$/);
        await form.locator('select[name="f.target_group"]').selectOption('nu_ung_cu_vien');
        await form.locator('input[name="f.days"]').fill('2');
        await form.locator('input[name="f.participants"]').fill('40');
        await form.locator('input[name="f.women"]').fill('41');
        // More women than participants: refused, and every choice is still there, by name.
        await Promise.all([page.waitForURL(/\/activities/), form.locator('button[type=submit]').click()]);
        await waitForText(page, '#activity-form', '41 > 40');
        await page.waitForFunction(() => Array.from(document.querySelectorAll('#activity-form input.pick-input')).some((i) => i.value === 'Phường Vĩnh Thanh'));
        assert.equal(await form.locator('input[name=area_code]').inputValue(), '30733');
        assert.equal(await form.locator('input[name=task_id]').inputValue(), task);
        assert.equal(await form.locator('input[name=title]').inputValue(), title);
        await form.locator('input[name="f.women"]').fill('31');
        await Promise.all([page.waitForURL(/\/activities\/\d+$/), form.locator('button[type=submit]').click()]);
        // The record reads in names, with links: the place, the agency, the task, the plan item.
        await waitForText(page, '#activity-facts', 'Phường Vĩnh Thanh');
        await waitForText(page, '#activity-facts', 'Sở Nội vụ tỉnh Kiên Giang');
        await waitForText(page, '#activity-task', 'Tổ chức thực hiện ngay');
        await waitForText(page, '#activity-plan-item', 'Truyền thông');
        assert.equal(await page.locator('#activity-task').getAttribute('href'), `/tasks/${task}`);
        const facts = await page.locator('#activity-facts').textContent();
        assert.ok(!/số \d+/.test(facts), `an id is shown: ${facts}`);
        await waitForText(page, 'main', 'Giới tính: Nữ');
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);
      } finally {
        await context.close();
      }
    }));

    test(`${viewport.width} px: the ministry's inbox holds the tasks the former labour ministry assigned`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'bo.chuyenvien');
      try {
        await page.goto(`${ctx.server.baseUrl}/tasks`);
        await page.locator('select[name=view]').selectOption('assigned');
        await Promise.all([page.waitForURL(/view=assigned/), page.locator('main form.filters button[type=submit]').first().click()]);
        await waitForText(page, 'h1', 'Bộ Nội vụ');
        // 356/LĐTBXH-BĐG was the labour ministry's; its 252 tasks are the Ministry of Home Affairs' now.
        await waitForText(page, 'main', 'Quá hạn (251)');
        await waitForText(page, 'main', 'Xây dựng Kế hoạch và tổ chức triển khai thực hiện Chiến lược quốc gia về bình đẳng giới');
        await waitForText(page, 'main', 'Ủy ban nhân dân tỉnh Kiên Giang');
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);
      } finally {
        await context.close();
      }
    }));

    test(`${viewport.width} px: a ministry leader filters the 356 fan-out by province and status`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, 'bo.lanhdao');
      try {
        const filters = page.locator('#oversight-filters');
        const valueOf = (select, text) => filters.locator(`select[name=${select}] option`, { hasText: text }).first().getAttribute('value');
        await filters.locator('select[name=letter]').selectOption(await valueOf('letter', '356/LĐTBXH-BĐG'));
        await filters.locator('select[name=province]').selectOption(await valueOf('province', 'Tỉnh Kiên Giang'));
        await filters.locator('select[name=status]').selectOption('overdue');
        await Promise.all([page.waitForURL(/province=/), filters.locator('button[type=submit]').click()]);
        const rows = await page.locator('#oversight-tasks tbody tr').allTextContents();
        assert.ok(rows.length >= 3, `Kiên Giang's overdue tasks: ${rows.length}`);
        for (const row of rows) {
          assert.match(row, /Kiên Giang/, row);
          assert.match(row, /Quá hạn/, row);
        }
        assert.equal(await filters.locator('select[name=status]').inputValue(), 'overdue');
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);
      } finally {
        await context.close();
      }
    }));
  }

  // The README's journey, with the values the forms propose: each width as its own officer, so
  // that the second registration is no duplicate of the first.
  for (const [viewport, username, agency, before] of [
    [WIDTHS[0], 'angiang.snv', 'Sở Nội vụ tỉnh An Giang', 'Sở Lao động - Thương binh và Xã hội tỉnh Kiên Giang'],
    [WIDTHS[1], 'angiang.ubnd', 'Ủy ban nhân dân tỉnh An Giang', 'Ủy ban nhân dân tỉnh Kiên Giang'],
  ]) {
    test(`${viewport.width} px: the README journey goes through with the values the forms propose`, ctx.step(async () => {
      const { context, page } = await pageAt(ctx, viewport, username);
      try {
        const base = ctx.server.baseUrl;
        await page.goto(`${base}/documents/new`);
        await page.locator('textarea[name=text]').fill(await readFile(SEED, 'utf8'));
        await Promise.all([page.waitForURL('**/documents/parse**'), page.locator('#paste-form button[type=submit]').click()]);
        // The register proposed is the officer's own agency, by name.
        const register = page.locator('span.pick:has(> input[name="d0.register_agency_code"]) input.pick-input');
        await page.waitForFunction((el) => el.value !== '', await register.elementHandle());
        assert.equal(await register.inputValue(), agency);
        await Promise.all([page.waitForURL(/\/documents\/\d+$/), page.locator('#register-form button[type=submit]').click()]);
        await waitForText(page, '#document-title', '1152/VP-KGVX');
        // The task from the letter's assignment, as proposed: the lead is named, not coded.
        await Promise.all([page.waitForURL('**/tasks/new?a=0'), page.locator('a[href$="/tasks/new?a=0"]').first().click()]);
        const lead = page.locator('#task-form span.pick:has(> input[name=lead_code]) input.pick-input');
        await page.waitForFunction((el) => /^(Sở|Ủy ban)/.test(el.value), await lead.elementHandle());
        await Promise.all([page.waitForURL(/\/tasks\/\d+$/), page.locator('#task-form button[type=submit]').click()]);
        await waitForText(page, 'main', 'Tổ chức thực hiện');
        // The officer's inbox holds the 2021 tasks of the Kiên Giang agency hers carries on from.
        await page.goto(`${base}/tasks`);
        await waitForText(page, 'main', before);
        // A training course under Hoạt động, counted under Số liệu tổng hợp.
        await page.goto(`${base}/activities/new?type=training_course`);
        const form = page.locator('#activity-form');
        await form.locator('input[name=title]').fill(`Tập huấn theo hướng dẫn (${viewport.width})`);
        await form.locator('input[name=date_from]').fill('10/03/2026');
        await pick(form, 'area_code', 'rach gia', 'Phường Rạch Giá');
        await form.locator('select[name="f.target_group"]').selectOption('can_bo_bdg');
        await form.locator('input[name="f.days"]').fill('1');
        await form.locator('input[name="f.participants"]').fill('20');
        await form.locator('input[name="f.women"]').fill('12');
        await Promise.all([page.waitForURL(/\/activities\/\d+$/), form.locator('button[type=submit]').click()]);
        await page.goto(`${base}/figures`);
        await waitForText(page, '#figures', 'Số lớp tập huấn');
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= viewport.width);
      } finally {
        await context.close();
      }
    }));
  }

  test('390 px: no GET page of routes.rs is wider than the screen, and the menu opens', ctx.step(async () => {
    const { context, page } = await pageAt(ctx, WIDTHS[1], 'admin');
    try {
      assert.equal(await page.locator('#main-nav').isVisible(), false, 'the menu is folded');
      await page.locator('.menu-button').click();
      assert.equal(await page.locator('#main-nav').isVisible(), true, 'the menu button opens it');
      const base = ctx.server.baseUrl;
      const wide = [];
      for (const p of await everyPage(page, base)) {
        const response = await page.goto(base + p);
        assert.ok(response.status() < 500, `${p}: ${response.status()}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${p}: ${width}`);
      }
      assert.deepEqual(wide, [], 'pages wider than 390 px');
    } finally {
      await context.close();
    }
  }));

  test('print media hides the menu and the forms of a task, a letter, a plan and a list', ctx.step(async () => {
    const { context, page } = await pageAt(ctx, WIDTHS[0], 'angiang.snv');
    try {
      const base = ctx.server.baseUrl;
      await page.locator('#my-tasks a[href^="/tasks/"]').first().click();
      await page.waitForURL(/\/tasks\/\d+$/);
      const task = new URL(page.url()).pathname;
      const letter = await page.locator('a[href^="/documents/"]').first().getAttribute('href');
      await page.goto(`${base}/plans`);
      const plan = await page.locator('#plans a[href^="/plans/"]').first().getAttribute('href');
      await page.emulateMedia({ media: 'print' });
      for (const p of [task, letter, plan, '/tasks', '/documents']) {
        await page.goto(base + p);
        assert.equal(await page.locator('header.top').isVisible(), false, `${p}: the menu is printed`);
        const forms = await page.locator('main form').evaluateAll((fs) => fs.filter((f) => f.getClientRects().length > 0).length);
        assert.equal(forms, 0, `${p}: a form is printed`);
        assert.ok((await page.locator('main h1').first().textContent()).trim().length > 0, `${p}: the title is printed`);
      }
      await page.emulateMedia({ media: 'screen' });
      await page.goto(base + task);
      assert.equal(await page.locator('header.top').isVisible(), true);
    } finally {
      await context.close();
    }
  }));
});
