// Shared set-up for the browser tests: Debian's Chromium driven by
// playwright-core, a phone-sized page, and the privacy guard every test gets
// for free. The guard watches a whole browser context (every page and pop-up,
// every worker and the service worker): no request may leave the server the
// test was given, none may carry a body or use a method other than GET/HEAD,
// no page may open a WebSocket (Playwright reports those per page; a worker's
// socket to a name still fails to resolve, below), and a page error or
// console error fails the test.
// It is checked by the test (`assertClean()`), again when its context closes,
// and after each test for every context still open (node:test `afterEach`),
// so nothing sent late goes unseen. Chromium resolves no name but 127.0.0.1,
// so an outside contact the guard missed fails loudly rather than quietly.
// guard.test.mjs proves the guard sees what the widget's tests never provoke.
import { afterEach } from 'node:test';
import { chromium, devices } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/photos-real/', import.meta.url));
export { devices };

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
  // Any name but 127.0.0.1 fails to resolve (IP literals included).
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Guards of contexts not yet closed and checked. */
const open = new Set();

/** Closes a guarded context and throws its problems, once. */
async function closeAndCheck(guard) {
  open.delete(guard);
  await guard.close();
  guard.assertClean('when its context closed');
}

// After each test, every context it left open is closed and checked.
afterEach(async () => {
  const errors = [];
  for (const guard of [...open]) await closeAndCheck(guard).catch((e) => errors.push(e.message));
  if (errors.length) throw new Error(errors.join('\n'));
});

/**
 * Starts the server and the browser once per test file. `env.browser` opens
 * guarded contexts only (`newContext`, `newPage`), allowed to reach `env.url`.
 */
export async function launch() {
  await mkdir(ARTIFACTS, { recursive: true });
  const { server, url } = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const env = {
    url,
    rawBrowser: browser,
    browser: {
      newContext: async (options) => (await openContext(env, options)).context,
      newPage: async (options) => (await openContext(env, options)).context.newPage(),
    },
    async close() {
      const errors = [];
      for (const guard of [...open]) {
        if (guard.env.rawBrowser === browser) await closeAndCheck(guard).catch((e) => errors.push(e.message));
      }
      await browser.close();
      await new Promise((ok) => server.close(ok));
      if (errors.length) throw new Error(errors.join('\n'));
    },
  };
  return env;
}

/**
 * A fresh browser context with the privacy and error guards attached, allowed
 * to reach `env.url`'s origin only. Returns `{ context, problems,
 * assertClean }`; `context.close()` also checks, and throws what it finds.
 */
export async function openContext(env, contextOptions = {}) {
  const context = await env.rawBrowser.newContext(contextOptions);
  const origin = new URL(env.url).origin;
  const problems = [];
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'blob:' || u.protocol === 'data:') return;
    const from = req.serviceWorker() ? ' (from the service worker)' : '';
    if (u.origin !== origin) problems.push(`request left the widget's server: ${req.method()} ${req.url()}${from}`);
    if (req.method() !== 'GET' && req.method() !== 'HEAD') problems.push(`non-GET request: ${req.method()} ${req.url()}${from}`);
    if (req.postDataBuffer()) problems.push(`request carried a body: ${req.url()}${from}`);
  });
  context.on('page', (page) => {
    page.on('websocket', (ws) => problems.push(`WebSocket opened: ${ws.url()}`));
  });
  context.on('weberror', (err) => problems.push(`page error: ${err.error().message}`));
  context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const at = msg.location()?.url;
    problems.push(`console error: ${msg.text()}${at ? ` (at ${at})` : ''}`);
  });
  const close = context.close.bind(context);
  const guard = {
    env,
    context,
    problems,
    close,
    /** Throws the problems seen so far (each is reported once). */
    assertClean(when = '') {
      if (!problems.length) return;
      const found = problems.splice(0, problems.length);
      throw new Error(`browser guards${when ? ` (${when})` : ''}:\n${found.join('\n')}`);
    },
  };
  context.close = () => closeAndCheck(guard);
  open.add(guard);
  return { context, problems, assertClean: () => guard.assertClean() };
}

/**
 * A fresh guarded context (phone-sized by default) and a page on `path`.
 * Call `assertClean()` at the end of each test. `initScript` runs in the page
 * before any of the widget's scripts (e.g. to stand in for an API headless
 * Chromium lacks).
 */
export async function openPage(env, path = '', contextOptions = {}, { initScript, beforeGoto } = {}) {
  const { context, problems, assertClean } = await openContext(env, {
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...contextOptions,
  });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  if (beforeGoto) await beforeGoto(page);
  await page.goto(new URL(path, env.url).href);
  return { page, context, problems, assertClean };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/**
 * A date `years` years and `days` days before today, as YYYY-MM-DD. Today is
 * Beijing's date, as the widget counts it (the machine's zone may differ).
 */
export function yearsAgo(years, days = 0) {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The date `months` calendar months before today (Beijing), as YYYY-MM-DD; the day is clamped to the month's end. */
export function monthsAgo(months) {
  const today = new Date(Date.now() + 8 * 3600 * 1000);
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(today.getUTCDate(), last));
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * From the plan step, goes to "about you" and adds one ongoing job, the way a
 * candidate does. `occupation` and `start` (YYYY-MM-DD) vary per test.
 */
export async function addOngoingWork(page, work = {}) {
  await page.getByTestId('next').click();
  await fillOngoingWork(page, work);
}

/** On the work topic: adds one ongoing job. */
export async function fillOngoingWork(page, { occupation = '电子商务师', start = '2018-03-01' } = {}) {
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await page.fill('#work-0-employer', '北京某某科技有限公司');
  await page.fill('#work-0-occupation', occupation);
  await page.fill('#work-0-start', start);
  await page.check('#work-0-ongoing');
}

/** Width and height from a JPEG's SOF marker (asserts it starts with SOI). */
export function jpegSize(buf) {
  if (buf.readUInt16BE(0) !== 0xffd8) throw new Error('not a JPEG: no SOI');
  let i = 2;
  while (i < buf.length) {
    const marker = buf.readUInt16BE(i);
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xffc0 && marker <= 0xffc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}

/**
 * Holds every request matching `pattern` until the returned function is
 * called (a file still on its way over a slow network).
 */
export async function holdRequests(page, pattern) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(pattern, async (route) => { await held; await route.continue(); });
  return release;
}

/** A 身份证号 born on `birth` (YYYYMMDD) with its checksum (GB 11643). */
export function idNumber(birth, seq = '002') {
  const body = `110105${birth}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Visible text set under 14 px on the page (shadow root included), as "text (px)". */
export async function smallText(page) {
  return page.evaluate(() => {
    const out = [];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) visit(el.shadowRoot);
        const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own) continue;
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (r.width < 2 || r.height < 2 || cs.visibility === 'hidden' || cs.display === 'none') continue;
        if (el.closest('.pc-visually-hidden')) continue;
        const px = parseFloat(cs.fontSize);
        if (px < 14) out.push(`${el.textContent.trim().slice(0, 30)} (${px}px)`);
      }
    };
    visit(document);
    return out;
  });
}
