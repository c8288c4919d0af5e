// axe-core on every step of the walk-through and on the photo tool, at
// 360×640: no violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, openPage, screenshot } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// axe injects its own <script> and <style>, which the pages' strict CSP
// (server.mjs) rightly blocks; csp.test.mjs checks the widget under it.
const AUDIT = { bypassCSP: true };

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** Phone first: nothing may make the page scroll sideways at 360 px. */
async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return result;
}

test('every step of the walk-through passes axe-core', async () => {
  const { page, assertClean } = await openPage(env, '', AUDIT);
  await page.getByTestId('plan-title').waitFor();
  const found = [];
  for (const step of ['plan', 'about', 'materials', 'register', 'summary']) {
    await page.locator(`button[data-step="${step}"]`).click();
    await page.locator(`button[data-step="${step}"][aria-current="step"]`).waitFor();
    if (step === 'about') {
      for (const topic of ['work', 'certificates', 'education', 'identity']) {
        await page.locator(`button[data-topic="${topic}"]`).click();
        if (topic === 'work') await page.getByRole('button', { name: '添加一段工作经历' }).click();
        found.push(...(await violations(page)).map((v) => `${step}/${topic}: ${v}`));
        const overflow = await horizontalOverflow(page);
        if (overflow > 0) found.push(`${step}/${topic}: scrolls sideways by ${overflow}px`);
        await screenshot(page, `a11y-${step}-${topic}`);
      }
    } else {
      found.push(...(await violations(page)).map((v) => `${step}: ${v}`));
      const overflow = await horizontalOverflow(page);
      if (overflow > 0) found.push(`${step}: scrolls sideways by ${overflow}px`);
      await screenshot(page, `a11y-${step}`);
    }
  }
  assert.deepEqual(found, []);
  assertClean();
});

test('the photo tool passes axe-core', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo', AUDIT);
  await page.locator('input[type="file"]').waitFor({ state: 'attached' });
  assert.deepEqual(await violations(page), []);
  assertClean();
});
