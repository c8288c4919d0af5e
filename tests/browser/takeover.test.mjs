// The full widget takes over from the first screen without a single
// unstyled frame: the stylesheet link the first screen loaded stays attached
// (a link taken out and put back is fetched and applied anew). Every frame
// from the tap on 下一步 until the about-you step shows is sampled, with any
// later request for precheck.css held back for 3 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the take-over shows no unstyled frame, even when precheck.css is slow to come again', async () => {
  const { page, assertClean } = await openPage(env);
  await page.getByTestId('plan-title').waitFor();
  const styled = await page.locator('.pc-steps ol').evaluate((ol) => getComputedStyle(ol).display);
  assert.equal(styled, 'flex', 'the first screen\'s step bar is styled');
  let again = 0;
  await page.route('**/precheck.css', async (route) => {
    again += 1;
    await new Promise((ok) => setTimeout(ok, 3000));
    await route.continue();
  });
  // Sample every frame: is the widget shown, and is its step bar styled?
  await page.evaluate(() => {
    window.__frames = [];
    const shadow = document.querySelector('[data-precheck]').shadowRoot;
    const sample = () => {
      const root = shadow.querySelector('.pc-root');
      const bar = shadow.querySelector('.pc-steps ol');
      const shown = Boolean(root && !root.hidden && root.getClientRects().length);
      window.__frames.push({
        shown,
        bar: bar && shown ? getComputedStyle(bar).display : null,
        about: Boolean(shadow.querySelector('.pc-step[data-step="about"][aria-current="step"]')),
      });
      // until 300 frames (about 5 s) after the about-you step first showed
      const firstAbout = window.__frames.findIndex((f) => f.about);
      if (firstAbout < 0 ? window.__frames.length < 20000 : window.__frames.length - firstAbout < 300) requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.getByTestId('next').click();
  await page.locator('.pc-step[data-step="about"][aria-current="step"]').waitFor();
  await screenshot(page, 'takeover-first-frame');
  await page.waitForFunction(() => {
    const i = window.__frames.findIndex((f) => f.about);
    return i >= 0 && window.__frames.length - i >= 300;
  }, null, { timeout: 60000 });
  await screenshot(page, 'takeover-settled');
  const frames = await page.evaluate(() => window.__frames);
  const after = frames.filter((f) => f.about);
  assert.ok(after.length > 0, 'frames after the take-over were sampled');
  const unstyled = frames.filter((f) => f.shown && f.bar !== 'flex');
  assert.deepEqual(unstyled, [], `${unstyled.length} of ${frames.length} frames showed the widget unstyled`);
  assert.ok(after.some((f) => f.shown), 'the full widget is shown');
  assert.equal(again, 0, 'precheck.css is not fetched again');
  assertClean();
});
