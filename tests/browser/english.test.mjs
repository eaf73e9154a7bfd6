// Browser test of the English interface: every GET page of routes.rs (enumerated from routes.rs
// itself, so that a page added later is checked too) is opened, its language switch is used,
// the switch stays on the same page, and the English page shows no Vietnamese word of the word
// table outside the data — counting what scripts write into the page after it loads (pickers,
// charts, htmx fragments), which a check of the server's HTML alone cannot see.
// See harness.mjs for the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { WIDTHS, demoSuite, everyPage, pageAt, wordTable } from './harness.mjs';

/**
 * The texts a user reads on the page as it stands: visible text nodes, the options of the lists,
 * and the attributes shown or spoken (placeholder, title, aria-label, alt, data-label,
 * data-confirm), each trimmed.
 */
function readTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      const shown = parent.tagName === 'OPTION' || parent.checkVisibility({ visibilityProperty: true });
      if (shown) out.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],[alt],[data-label],[data-confirm]')) {
      for (const a of ['placeholder', 'title', 'aria-label', 'alt', 'data-label', 'data-confirm']) {
        const v = el.getAttribute(a);
        if (v) out.push(v.trim());
      }
    }
    out.push(document.title.trim());
    return out.filter((t) => t.length > 0).map((t) => t.normalize('NFC'));
  });
}

/**
 * The Vietnamese words of the table left on an English page: a text that is one of them, or one
 * of them followed by a count in brackets ("Nhiệm vụ (3)"). Data that merely starts with such a
 * word ("Năm 2021 …") is not counted; words English keeps as they are may stay.
 */
function vietnameseLeft(texts, pairs) {
  const seen = new Set(texts);
  const left = [];
  for (const [vi, en] of pairs) {
    if (/^[\x00-\x7f]*$/.test(vi) || pairs.some(([, e]) => e === vi) || vi === en) continue;
    const word = vi.normalize('NFC');
    if (seen.has(word) || texts.some((t) => t.startsWith(`${word} (`))) left.push(vi);
  }
  return left;
}

/** Uses the page's language switch and waits for the page it leads to. */
async function switchLanguage(page) {
  const before = page.url();
  const button = page.locator('#lang-switch, #lang-form button[type=submit]').first();
  await Promise.all([page.waitForEvent('load'), button.click()]);
  return before;
}

demoSuite('the English interface', (ctx) => {
  test('every GET page of routes.rs switches to English in place and reads in English', ctx.step(async () => {
    const pairs = wordTable();
    const admin = await pageAt(ctx, WIDTHS[0], 'admin');
    // The raise form is offered to the agencies a letter concerns, not to the ministry's
    // administrator: a province's officer reads it.
    const province = await pageAt(ctx, WIDTHS[0], 'angiang.snv');
    try {
      const base = ctx.server.baseUrl;
      const pages = await everyPage(admin.page, base);
      // The check sees Vietnamese where there is some.
      await admin.page.goto(`${base}/tasks`);
      const vietnamese = vietnameseLeft(await readTexts(admin.page), pairs);
      assert.ok(vietnamese.length > 5, `the check reads the Vietnamese page: ${vietnamese}`);

      const problems = [];
      for (const p of pages) {
        const { page } = p.endsWith('/difficulties/new') ? province : admin;
        ctx.page = page;
        const response = await page.goto(base + p);
        assert.ok(response.status() < 500, `${p}: ${response.status()}`);
        let lang = await page.locator('html').getAttribute('lang');
        if (lang !== 'vi') {
          // Back to Vietnamese first, so that every page is switched into English.
          await switchLanguage(page);
          lang = await page.locator('html').getAttribute('lang');
          assert.equal(lang, 'vi', `${p}: back to Vietnamese`);
        }
        const before = await switchLanguage(page);
        if (await page.locator('html').getAttribute('lang') !== 'en') {
          problems.push(`${p}: the switch did not give English`);
          continue;
        }
        const stayed = new URL(page.url());
        const was = new URL(before);
        if (stayed.pathname + stayed.search !== was.pathname + was.search) {
          problems.push(`${p}: the switch went to ${stayed.pathname}${stayed.search}`);
        }
        const left = vietnameseLeft(await readTexts(page), pairs);
        if (left.length > 0) problems.push(`${p}: ${left.join(' | ')}`);
      }
      assert.deepEqual(problems, [], 'English pages with Vietnamese words, or switches that left the page');
    } finally {
      await admin.context.close();
      await province.context.close();
    }
  }));
});
