// Browser test of the dashboards beyond the overview: from the overview a ministry leader opens
// the province comparison, which ranks the provinces of today's map (34) and, switched, of the
// 2021 map (63), with its charts saving themselves as PNG and its table as Excel; a province's
// page and the completeness heat map name areas, not codes. Each page fits 1366 and 390 px.
// See harness.mjs for the environment.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { demoSuite, login, waitForText } from './harness.mjs';

/** Fails when the page is wider than its viewport. */
async function fits(page, width, what) {
  await page.setViewportSize({ width, height: 900 });
  // The charts redraw at the new width on the window's resize event: give them a moment.
  await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width, { timeout: 5_000 }).catch(() => {});
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `${what} is ${wide} px wide at ${width}`);
}

demoSuite('dashboards', (ctx) => {
  test(
    'the comparison switches maps; the area page and the heat map show names',
    ctx.step(async () => {
      const { page, server } = ctx;
      const base = server.baseUrl;
      await login(page, base, 'bo.lanhdao');
      await page.goto(`${base}/dashboard`);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/dashboard/provinces'),
        page.locator('#dashboard-links a[href="/dashboard/provinces"]').click(),
      ]);
      await waitForText(page, '#compare-heading', 'Hiện nay (34 tỉnh)');
      assert.equal(await page.locator('#ranking-table tbody tr').count(), 34);
      // ECharts drew the map of points, with its own "save as image" button in the page's words.
      await page.waitForFunction(() => {
        const el = document.querySelector('#points-map [data-chart]');
        return el && window.echarts?.getInstanceByDom(el);
      });
      const title = await page.evaluate(() => {
        const chart = window.echarts.getInstanceByDom(document.querySelector('#points-map [data-chart]'));
        return chart.getOption().toolbox[0].feature.saveAsImage.title;
      });
      assert.equal(title, 'Tải ảnh PNG');
      const points = await page.evaluate(() => {
        const chart = window.echarts.getInstanceByDom(document.querySelector('#points-map [data-chart]'));
        return chart.getOption().series.reduce((n, s) => n + s.data.length, 0);
      });
      assert.equal(points, 34, 'one point per province');
      // A point's tooltip writes its number the Vietnamese way.
      const tip = await page.evaluate(() => {
        const chart = window.echarts.getInstanceByDom(document.querySelector('#points-map [data-chart]'));
        return chart.getOption().tooltip[0].formatter({ name: 'Tỉnh X', value: [105, 10, 1234.5] });
      });
      assert.match(tip, /^Tỉnh X: 1\.234,5/);
      // The table downloads as a workbook.
      const href = await page.locator('#ranking-xlsx').getAttribute('href');
      const xlsx = await page.request.get(`${base}${href}`);
      assert.equal(xlsx.status(), 200);
      assert.match(xlsx.headers()['content-type'], /spreadsheetml/);
      for (const width of [1366, 390]) await fits(page, width, 'the comparison (today)');
      await page.setViewportSize({ width: 1366, height: 900 });
      // Switched to the 2021 map: the 63 provinces, Kiên Giang among them.
      await page.locator('#map-choice').selectOption('2021');
      await Promise.all([
        page.waitForURL((url) => url.searchParams.get('map') === '2021'),
        page.locator('#compare-filter button[type=submit]').click(),
      ]);
      await waitForText(page, '#compare-heading', 'Năm 2021 (63 tỉnh)');
      assert.equal(await page.locator('#ranking-table tbody tr').count(), 63);
      await waitForText(page, '#ranking-table', 'Tỉnh Kiên Giang');
      for (const width of [1366, 390]) await fits(page, width, 'the comparison (2021)');
      await page.setViewportSize({ width: 1366, height: 900 });

      // A province's page, from today's ranking: its name, its reports and tasks, no codes.
      await page.goto(`${base}/dashboard/provinces`);
      await Promise.all([
        page.waitForURL((url) => url.pathname === '/dashboard/units/91'),
        page.locator('#ranking-table a[href="/dashboard/units/91"]').click(),
      ]);
      await waitForText(page, '#unit-name', 'Tỉnh An Giang');
      await waitForText(page, '#unit-reports', 'Báo cáo kết quả thực hiện công tác bình đẳng giới');
      const text = await page.locator('main').textContent();
      assert.doesNotMatch(text, /\b\d{2}-[A-Z]+\b/, 'no agency codes on the page');
      for (const width of [1366, 390]) await fits(page, width, 'the area page');
      await page.setViewportSize({ width: 1366, height: 900 });

      // The heat map of the provinces, each named, cells coloured by state.
      await page.goto(`${base}/dashboard/completeness`);
      await waitForText(page, '#heat-table', 'Thành phố Hà Nội');
      assert.equal(await page.locator('#heat-table tbody tr').count(), 34);
      assert.ok((await page.locator('#heat-table td.heat-overdue').count()) > 0, 'overdue cells are marked');
      for (const width of [1366, 390]) await fits(page, width, 'the heat map');
      await page.setViewportSize({ width: 1366, height: 900 });
    }),
  );
});
