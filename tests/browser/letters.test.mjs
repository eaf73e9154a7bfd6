// Browser test of letters as they really come, three kinds from the letter corpus
// (crates/vanban/tests/corpus/, hand-checked JSON next to each text): a letter copied from a web
// page whose header runs into prose, a letter whose header names its issuer's superior only by an
// abbreviation, and a scan that the test renders itself (the letter's text printed on A4 by
// LibreOffice, its first page rasterised to a grey PNG at 200 dpi by pdftoppm) and uploads
// through the page, where the server reads it by OCR. Each must give a review form with at least
// 12 of the 16 corpus fields right, and the form must fit 1366 and 390 px.
//
// The scan needs LibreOffice, pdftoppm and Tesseract with its Vietnamese model; without them it
// is skipped, unless BD_TEST_REQUIRE_OCR=1 (set by scripts/test.sh). See harness.mjs for the
// rest of the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT, demoSuite, login } from './harness.mjs';

const run = promisify(execFile);
const CORPUS = path.join(REPO_ROOT, 'crates/vanban/tests/corpus');

/** The three kinds, each a corpus letter (the first record of its JSON is compared). */
const KINDS = [
  // "Công văn số 1350-CV/BDVTW ngày 10/5/2023 của Ban Dân vận Trung ương về việc …": a party
  // committee's letter from a web page, no header block, code, date and issuer in one sentence.
  { name: 'a letter copied from a web page, its header run into prose', letter: '023', how: 'paste' },
  // "UBND TỈNH KIÊN GIANG / VĂN PHÒNG": the superior only by its abbreviation.
  { name: 'a letter whose header abbreviates its issuer', letter: 'seed-1152-356', how: 'paste' },
  // A complete one-page công văn, read from a photo of its page.
  { name: 'a rendered scan uploaded through the page', letter: '092', how: 'scan' },
];

const FIELDS = [
  'issuer', 'parent_issuer', 'number', 'symbol', 'full_code', 'doc_type', 'place', 'date', 'subject',
  'recipients', 'cc', 'signer_name', 'signer_title', 'signing_authority_prefix', 'references', 'assignments',
];

const nfc = (s) => (s ?? '').normalize('NFC').trim();
const lines = (s) => nfc(s).split('\n').map((l) => l.trim()).filter((l) => l !== '');
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The values of document 0 of the review form, as the officer sees them. */
async function formValues(page) {
  const value = (name) => page.locator(`[name="d0.${name}"]`).inputValue();
  const out = {};
  for (const name of ['issuer_name', 'parent_issuer', 'number', 'symbol', 'doc_type', 'place', 'date', 'subject',
    'recipients', 'cc', 'signer_name', 'signer_title', 'signing_authority_prefix', 'references']) {
    out[name] = await value(name);
  }
  // The assignments as the form shows them, one row each (the last row is the empty one for
  // adding an assignment).
  const toIso = (d) => {
    const m = nfc(d).match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
    return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : (nfc(d) || null);
  };
  const rows = Number(await value('assignment_count'));
  out.assignments = [];
  for (let k = 0; k < rows; k += 1) {
    const lead = nfc(await value(`a${k}.lead`));
    const action = nfc(await value(`a${k}.action`));
    if (lead === '' && action === '') continue;
    out.assignments.push({ lead, coordinators: lines(await value(`a${k}.coordinators`)), deadline: toIso(await value(`a${k}.deadline`)) });
  }
  return out;
}

/** Whether each corpus field is right on the form, compared as crates/vanban/tests/corpus.rs does. */
function score(expected, form) {
  const text = (v) => (nfc(v) === '' ? null : nfc(v));
  const same = (a, b) => (a ?? null) === (b ?? null);
  const dmy = text(form.date)?.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  const date = dmy ? `${dmy[3]}-${dmy[2].padStart(2, '0')}-${dmy[1].padStart(2, '0')}` : text(form.date);
  const number = text(form.number);
  const symbol = text(form.symbol);
  const references = lines(form.references).map((l) => {
    const [docType, code, day] = l.split('|').map((p) => p.trim());
    return { doc_type: docType, full_code: code, date: day || null };
  });
  const referencesRight = () => {
    const want = expected.references ?? [];
    if (want.length !== references.length) return false;
    const used = new Set();
    return want.every((e) => {
      const codes = [e.full_code, ...(e.aliases ?? [])];
      const i = references.findIndex((a, k) => !used.has(k) && a.doc_type === e.doc_type
        && (a.date ?? null) === (e.date ?? null) && codes.includes(a.full_code));
      if (i < 0) return false;
      used.add(i);
      return true;
    });
  };
  const keys = (list) => list.map((a) => JSON.stringify([a.lead, a.coordinators ?? [], a.deadline ?? null])).sort();
  const { assignments } = form;
  const right = {
    issuer: same(expected.issuer, text(form.issuer_name)),
    parent_issuer: same(expected.parent_issuer, text(form.parent_issuer)),
    number: same(expected.number, number),
    symbol: same(expected.symbol, symbol),
    // The form shows the code as its number and symbol (the year part of "55/2007/CT-UBND" is
    // the date's; a Party code joins them with a hyphen: "1350-CV/BDVTW").
    full_code: expected.full_code == null
      ? number == null && symbol == null
      : number != null && symbol != null
        && new RegExp(`^${escapeRe(number)}[/-](\\d{4}/)?${escapeRe(symbol)}$`).test(expected.full_code),
    doc_type: same(expected.doc_type, text(form.doc_type)),
    place: same(expected.place, text(form.place)),
    date: same(expected.date, date),
    subject: same(expected.subject?.toLowerCase(), text(form.subject)?.toLowerCase()),
    recipients: JSON.stringify(expected.recipients ?? []) === JSON.stringify(lines(form.recipients)),
    cc: JSON.stringify(expected.cc ?? []) === JSON.stringify(lines(form.cc)),
    signer_name: same(expected.signer_name, text(form.signer_name)),
    signer_title: same(expected.signer_title, text(form.signer_title)),
    signing_authority_prefix: same(expected.signing_authority_prefix, text(form.signing_authority_prefix)),
    references: referencesRight(),
    assignments: JSON.stringify(keys(expected.assignments ?? [])) === JSON.stringify(keys(assignments)),
  };
  assert.deepEqual(Object.keys(right).sort(), [...FIELDS].sort());
  return right;
}

async function truth(letter) {
  const json = JSON.parse(await readFile(path.join(CORPUS, `${letter}.json`), 'utf8'));
  return Array.isArray(json) ? json[0] : json;
}

/**
 * The letter's text as a flat OpenDocument text, laid out as binhdang_office::fixtures::letter_fodt
 * lays out a letter without table rows: one paragraph per line, Liberation Serif 13 pt, A4.
 */
function letterFodt(text) {
  const escape = (l) => [...l].filter((c) => c === '\t' || !/\p{Cc}/u.test(c)).join('')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = text.split('\n').map((l) => l.trim()).filter((l) => l !== '')
    .map((l) => `<text:p text:style-name="P">${escape(l)}</text:p>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/></office:font-face-decls>
<office:styles><style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.12cm"/><style:text-properties style:font-name="Liberation Serif" fo:font-size="13pt"/></style:style></office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
${body}</office:text></office:body></office:document>
`;
}

/** Whether the scan can be made and read here; throws when BD_TEST_REQUIRE_OCR=1 and it cannot. */
async function ocrTools() {
  const missing = [];
  for (const [program, args] of [['soffice', ['--version']], ['pdftoppm', ['-v']], ['tesseract', ['--list-langs']]]) {
    try {
      const { stdout } = await run(program, args);
      if (program === 'tesseract' && !stdout.split('\n').some((l) => l.trim() === 'vie')) missing.push('tesseract-ocr-vie');
    } catch {
      missing.push(program);
    }
  }
  if (missing.length > 0 && process.env.BD_TEST_REQUIRE_OCR) {
    throw new Error(`BD_TEST_REQUIRE_OCR=1 but ${missing.join(', ')} missing`);
  }
  return missing;
}

/** The first page of the letter, printed and rasterised to a grey PNG at 200 dpi; its path. */
async function renderScan(dir, letter) {
  const text = await readFile(path.join(CORPUS, `${letter}.txt`), 'utf8');
  const fodt = path.join(dir, `${letter}.fodt`);
  await writeFile(fodt, letterFodt(text));
  await run('timeout', ['180', 'soffice', `-env:UserInstallation=file://${path.join(dir, 'profile')}`,
    '--headless', '--convert-to', 'pdf', '--outdir', dir, fodt]);
  const png = path.join(dir, `ban-quet-${letter}`);
  await run('pdftoppm', ['-r', '200', '-gray', '-png', '-singlefile', '-f', '1', '-l', '1',
    path.join(dir, `${letter}.pdf`), png]);
  return `${png}.png`;
}

/** Checks the form at 390 and 1366 px: nothing wider than the screen, the fields still there. */
async function fitsBothWidths(page) {
  for (const width of [390, 1366]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 768 });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= width, `the review form is ${scrollWidth} px wide at ${width} px`);
    assert.ok(await page.locator('[name="d0.subject"]').isVisible());
  }
}

const missingOcr = await ocrTools();

demoSuite('letters as they really come', (ctx) => {
  test('an officer logs in', ctx.step(async () => {
    await login(ctx.page, ctx.server.baseUrl, 'angiang.snv');
  }));

  for (const kind of KINDS) {
    const skip = kind.how === 'scan' && missingOcr.length > 0 ? `${missingOcr.join(', ')} not installed` : false;
    test(`${kind.name} (${kind.letter}) gives a form with at least 12 of 16 fields right`, { skip }, ctx.step(async () => {
      const { page, server } = ctx;
      let dir = null;
      let upload = null;
      if (kind.how === 'scan') {
        dir = await mkdtemp(path.join(os.tmpdir(), 'binhdang-scan-'));
        upload = await renderScan(dir, kind.letter);
      }
      try {
        await page.setViewportSize({ width: kind.how === 'scan' ? 1366 : 390, height: 844 });
        await page.goto(`${server.baseUrl}/documents/new`);
        if (upload) {
          await page.locator('#paste-form input[type=file][name=file]').setInputFiles(upload);
        } else {
          await page.locator('textarea[name=text]').fill(await readFile(path.join(CORPUS, `${kind.letter}.txt`), 'utf8'));
        }
        await Promise.all([
          page.waitForURL('**/documents/parse**'),
          page.locator('#paste-form button[type=submit]').click(),
        ]);
        assert.equal(await page.locator('.error-message').count(), 0,
          `the letter was refused: ${await page.locator('.error-message').allTextContents()}`);
        await page.locator('[name="d0.subject"]').waitFor();
        const expected = await truth(kind.letter);
        const right = score(expected, await formValues(page));
        const wrong = FIELDS.filter((f) => !right[f]);
        const count = FIELDS.length - wrong.length;
        console.log(`${kind.letter} (${kind.how}): ${count}/16 fields right; wrong: ${wrong.join(', ') || 'none'}`);
        assert.ok(count >= 12, `${kind.letter}: ${count}/16 fields right, wrong: ${wrong.join(', ')}`);
        if (kind.how === 'scan') {
          // The officer is told the text came from OCR, and the original is kept with the form.
          assert.match(nfc(await page.locator('#ocr-note').textContent()), /OCR.*1\./);
          assert.equal(await page.locator('[name="d0.file_name"]').inputValue(), path.basename(upload));
        }
        await fitsBothWidths(page);
      } finally {
        if (dir) await rm(dir, { recursive: true, force: true });
      }
    }));
  }
});
