// Shared by the browser tests: the demo server as a child process, and Chromium's launch.
//
// Environment:
//   BD_BIN    server binary (default: target/debug/binhdang of this repo)
//   CHROMIUM  Chromium executable (default: /usr/bin/chromium)

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// playwright-core is installed in web/node_modules (npm ci in web/).
const require = createRequire(new URL('../../web/package.json', import.meta.url));
export const { chromium } = require('playwright-core');

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BD_BIN = process.env.BD_BIN || path.join(REPO_ROOT, 'target/debug/binhdang');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const READY_TIMEOUT_MS = 120_000; // the demo imports ~30k units before serving
export const ACTION_TIMEOUT_MS = 60_000; // a debug server can be slow
const LOG_LINES_KEPT = 200;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Returns a TCP port that was free on 127.0.0.1 a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The demo server as a child process, with the tail of its output. */
export class DemoServer {
  constructor() {
    this.proc = null;
    this.exit = null;
    this.log = [];
    this.dir = null;
    this.baseUrl = null;
  }

  async start() {
    assert.ok(
      existsSync(BD_BIN),
      `server binary not found: ${BD_BIN} (build it with \`cargo build -p binhdang\` or set BD_BIN)`,
    );
    this.dir = await mkdtemp(path.join(os.tmpdir(), 'binhdang-browser-'));
    const port = await freePort();
    this.baseUrl = `http://127.0.0.1:${port}`;
    const dataDir = path.join(this.dir, 'data');
    this.proc = spawn(BD_BIN, ['demo', '--port', String(port), '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    const keep = (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.log.push(line);
        if (this.log.length > LOG_LINES_KEPT) this.log.shift();
      }
    };
    this.proc.stdout.on('data', keep);
    this.proc.stderr.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.proc.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      this.proc.on('error', (err) => {
        this.exit = { error: err };
        resolve();
      });
    });
    // If the test process dies, do not leave the server behind.
    this.onProcessExit = () => this.proc?.kill('SIGKILL');
    process.on('exit', this.onProcessExit);
    await this.waitReady();
  }

  async waitReady() {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline) {
      if (this.exit) {
        throw new Error(`server exited before ready: ${JSON.stringify(this.exit)}\n${this.logTail()}`);
      }
      try {
        const res = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
        if (res.status === 200) return;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = err.cause?.code || err.message;
      }
      await sleep(250);
    }
    throw new Error(
      `server not ready after ${READY_TIMEOUT_MS / 1000} s (last: ${last})\n${this.logTail()}`,
    );
  }

  logTail() {
    return `--- server output (last ${this.log.length} lines) ---\n${this.log.join('\n')}`;
  }

  async stop() {
    if (this.proc && !this.exit) {
      this.proc.kill('SIGTERM');
      let timer;
      const stopped = await Promise.race([
        this.exited.then(() => true),
        new Promise((resolve) => {
          timer = setTimeout(() => resolve(false), 10_000);
        }),
      ]);
      clearTimeout(timer);
      if (!stopped) {
        this.proc.kill('SIGKILL');
        await this.exited;
      }
    }
    if (this.onProcessExit) process.off('exit', this.onProcessExit);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}


/** Launches headless Chromium with a page whose timeouts suit a debug server. */
export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return { browser, page };
}

/** Logs in through the login form and waits for the home page. */
export async function login(page, baseUrl, username) {
  await page.goto(`${baseUrl}/login`);
  const form = page.locator('form', { has: page.locator('input[name=password]') }).first();
  await form.locator('input[name=username]').fill(username);
  await form.locator('input[name=password]').fill('binhdang-demo');
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/', { timeout: ACTION_TIMEOUT_MS }),
    form.locator('button[type=submit]').first().click(),
  ]);
}

/** The two widths every page is tried at: a laptop and a phone. */
export const WIDTHS = [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
];

/**
 * A browser context of its own at a viewport, logged in as `username`; its page becomes
 * `ctx.page` (so that a failing step screenshots it).
 */
export async function pageAt(ctx, viewport, username) {
  const context = await ctx.browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  ctx.page = page;
  await login(page, ctx.server.baseUrl, username);
  return { context, page };
}

/**
 * Chooses in a picker the way an officer does: types `typed` into the visible search field over
 * the hidden field `name` (within `scope`, a page or a form), waits for the choices of exactly
 * what was typed, moves down to the one containing `choice` with the arrow key and takes it with
 * Enter. Returns the value the form will post (a code or a number).
 */
export async function pick(scope, name, typed, choice) {
  const wrap = scope.locator(`span.pick:has(> input[type=hidden][name="${name}"])`);
  const input = wrap.locator('input.pick-input');
  await input.click();
  await input.fill(typed);
  const pop = wrap.locator(`.pick-pop[data-q="${typed.trim()}"]:not([hidden])`);
  const option = pop.locator('li[data-value]', { hasText: choice }).first();
  // The picker drops an answer that comes back after the field lost focus; on a loaded machine
  // the officer would type again, and so does the test, once.
  try {
    await option.waitFor({ timeout: ACTION_TIMEOUT_MS / 2 });
  } catch {
    await input.click();
    await input.fill('');
    await input.fill(typed);
    await option.waitFor();
  }
  const texts = await pop.locator('li[data-value]').allTextContents();
  const index = texts.findIndex((t) => t.normalize('NFC').includes(choice.normalize('NFC')));
  for (let i = 0; i <= index; i += 1) await input.press('ArrowDown');
  await input.press('Enter');
  return wrap.locator(`input[type=hidden][name="${name}"]`).inputValue();
}

/** Waits until the text content of `selector` contains `text` (NFC, whitespace collapsed). */
export async function waitForText(page, selector, text) {
  await page.waitForFunction(
    ([sel, wanted]) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const norm = (s) => s.normalize('NFC').replace(/\s+/g, ' ');
      return norm(el.textContent).includes(norm(wanted));
    },
    [selector, text],
    { timeout: ACTION_TIMEOUT_MS },
  );
}

/**
 * A suite against its own demo server and browser. `body(ctx)` declares the tests; wrap each in
 * `ctx.step(async () => …)`, which on failure adds the page's address and text to the error and
 * prints the server's output at the end.
 */
export function demoSuite(name, body) {
  describe(name, { timeout: 600_000 }, () => {
    const ctx = { server: new DemoServer(), browser: null, page: null, failed: false };
    before(async () => {
      await ctx.server.start();
      ({ browser: ctx.browser, page: ctx.page } = await launch());
    });
    after(async () => {
      if (ctx.failed) console.error(ctx.server.logTail());
      try {
        await ctx.browser?.close();
      } finally {
        await ctx.server.stop();
      }
    });
    ctx.step = (fn) => async () => {
      try {
        await fn();
      } catch (err) {
        ctx.failed = true;
        let text = '';
        try {
          text = (await ctx.page.locator('main').first().textContent({ timeout: 1_000 }))?.replace(/\s+/g, ' ').slice(0, 2000);
        } catch {
          // the page may be gone
        }
        throw new Error(`${err.message}\npage: ${ctx.page?.url()}\n${text}`, { cause: err });
      }
    };
    body(ctx);
  });
}

/** Routes that answer with a file or a stream rather than a page. */
function isDownload(pattern) {
  const last = pattern.split('/').pop();
  return last === 'events' || last === 'file' || last === '{file}' || /\.(xlsx|docx|csv)$/i.test(last);
}

/** Pages htmx swaps into another page: no `<html>` of their own. */
function isFragment(pattern) {
  return pattern.endsWith('/children') || pattern.startsWith('/pick/');
}

/** The GET page routes of routes.rs (its `pages` router), downloads and fragments aside. */
export function pageRoutes() {
  const routes = readFileSync(path.join(REPO_ROOT, 'crates/web/src/routes.rs'), 'utf8');
  const start = routes.indexOf('let pages = Router::new()');
  assert.ok(start >= 0, 'the page router of routes.rs');
  const section = routes.slice(start, routes.indexOf(';', start));
  return [...section.matchAll(/\.route\("([^"]+)",\s*get\(/g)]
    .map((m) => m[1])
    .filter((p) => !isDownload(p) && !isFragment(p));
}

/**
 * Every GET page of routes.rs (downloads and htmx fragments aside), ids found through links on
 * the lists. Fails when routes.rs holds a page this list does not reach, so that a page added
 * later is checked too.
 */
export async function everyPage(page, base) {
  const first = async (from, prefix, id = '\\d+') => {
    await page.goto(base + from);
    const hrefs = await page.locator(`a[href^="${prefix}"]`).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const pattern = new RegExp(`^${prefix}${id}(?:[?#].*)?$`);
    const href = hrefs.find((h) => pattern.test(h));
    assert.ok(href, `no link ${prefix}… on ${from}`);
    return href.split(/[?#]/)[0];
  };
  const doc = await first('/documents', '/documents/');
  const task = await first('/tasks?view=assigned&bucket=overdue', '/tasks/');
  const activity = await first('/activities', '/activities/');
  const plan = await first('/plans', '/plans/');
  const report = await first('/reports', '/reports/', '(?!yearly)[^/]+/[^/]+/[^/?#]+');
  const indicator = await first('/indicators', '/indicators/', '(?!new)[^/?#]+');
  const unit = await first('/units?q=kien%20giang&as_of=2021-01-01', '/units/');
  const user = await first('/users', '/users/');
  const difficulty = await first('/difficulties', '/difficulties/');
  const pages = [
    '/', '/login', '/account',
    '/documents', '/documents/new', doc, `${doc}/tasks/new`, `${doc}/difficulties/new`,
    '/tasks', '/tasks?view=assigned&bucket=overdue', task,
    '/activities', '/activities/new?type=training_course', '/activities/deleted', activity, `${activity}/edit`, '/figures',
    '/plans', plan,
    '/reports', report, '/reports/yearly', '/reports/yearly/91/2025',
    '/dashboard', '/dashboard/provinces', '/dashboard/units/91', '/dashboard/completeness',
    '/public', '/public/indicators/MT2.CT3',
    '/indicators', '/indicators/new', indicator,
    '/units', '/units/new', unit, `${unit}/edit`,
    '/users', '/users/new', user,
    '/difficulties', difficulty,
  ];
  const reached = (pattern) => {
    const re = new RegExp(`^${pattern.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/?#]+')}(?:[?#].*)?$`);
    return pages.some((p) => re.test(p));
  };
  const missed = pageRoutes().filter((pattern) => !reached(pattern));
  assert.deepEqual(missed, [], 'GET pages of routes.rs that everyPage does not visit');
  return pages;
}

/**
 * The word table of the interface (`crates/web/src/i18n.rs`) as [Vietnamese, English] pairs,
 * matched by field name.
 */
export function wordTable() {
  const source = readFileSync(path.join(REPO_ROOT, 'crates/web/src/i18n.rs'), 'utf8');
  const table = (name) => {
    const start = source.indexOf(`pub static ${name}: Tr = Tr {`);
    assert.ok(start >= 0, `the word table ${name}`);
    const body = source.slice(start, source.indexOf('\n};', start));
    const fields = new Map();
    for (const m of body.matchAll(/^ {4}([a-z0-9_]+): "((?:[^"\\]|\\.)*)",$/gm)) {
      fields.set(m[1], JSON.parse(`"${m[2]}"`));
    }
    return fields;
  };
  const vi = table('VI');
  const en = table('EN');
  assert.ok(vi.size > 200 && vi.size === en.size, `the word table has ${vi.size} Vietnamese and ${en.size} English words`);
  return [...vi].map(([field, text]) => [text, en.get(field)]);
}
