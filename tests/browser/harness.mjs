// Shared set-up for the browser tests: Debian's Chromium driven by
// playwright-core, a phone-sized page, and guards every test gets for free:
// no request may leave the widget's own server, none may carry a body, and a
// page error or console error fails the test.
import { chromium, devices } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/photos-real/', import.meta.url));
export { devices };

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

/** Starts the server and the browser once per test file. */
export async function launch() {
  await mkdir(ARTIFACTS, { recursive: true });
  const { server, url } = await startServer();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/**
 * A fresh context and page with the privacy and error guards attached.
 * Call `guards.assertClean()` at the end of each test. `initScript` runs in
 * the page before any of the widget's scripts (e.g. to stand in for an API
 * headless Chromium lacks).
 */
export async function openPage(env, path = '', contextOptions = {}, { initScript } = {}) {
  const context = await env.browser.newContext({
    viewport: { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...contextOptions,
  });
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const origin = new URL(env.url).origin;
  const problems = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol === 'blob:' || u.protocol === 'data:') return;
    if (u.origin !== origin) problems.push(`request left the widget's server: ${req.method()} ${req.url()}`);
    if (req.method() !== 'GET' && req.method() !== 'HEAD') problems.push(`non-GET request: ${req.method()} ${req.url()}`);
    if (req.postDataBuffer()) problems.push(`request carried a body: ${req.url()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  await page.goto(new URL(path, env.url).href);
  return {
    page,
    context,
    problems,
    assertClean() {
      if (problems.length) throw new Error(`browser guards:\n${problems.join('\n')}`);
    },
  };
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
