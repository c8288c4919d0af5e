// The demo host page embeds the widget and hears its events; the host's
// hostile CSS does not reach into the widget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, addOngoingWork } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the host page receives readiness events with the right payload', async () => {
  const { page, assertClean } = await openPage(env, 'demo.html');
  await page.getByTestId('plan-title').waitFor();
  const events = () => page.evaluate(() => window.precheckEvents || []);
  let first = (await events()).find((e) => e.name === 'precheck:readiness');
  assert.ok(first, 'a readiness event on start');
  assert.equal(first.detail.plan, 'ecommerce-4-beijing');
  assert.equal(first.detail.eligible, false);
  assert.deepEqual(first.detail.met, []);
  assert.equal(await page.locator('#register').isDisabled(), true);

  // The plan is fixed by data-plan: no chooser.
  assert.equal(await page.locator('#pc-plan').count(), 0);

  await addOngoingWork(page, { occupation: '营销员', start: '2015-01-01' });
  await page.waitForFunction(() => (window.precheckEvents || []).some((e) => e.detail.eligible));
  const last = (await events()).filter((e) => e.name === 'precheck:readiness').at(-1);
  assert.equal(last.detail.eligible, true);
  assert.deepEqual(last.detail.met, ['2']);
  assert.equal(last.detail.condition, '2');
  assert.ok(Array.isArray(last.detail.missing) && last.detail.missing.length > 0);
  assert.equal(await page.locator('#register').isDisabled(), false);

  // Host CSS (dashed borders on every div, purple buttons) stays outside.
  const border = await page.locator('.pc-root').evaluate((el) => getComputedStyle(el).borderTopStyle);
  assert.equal(border, 'none');
  await screenshot(page, 'demo-host');
  assertClean();
});
