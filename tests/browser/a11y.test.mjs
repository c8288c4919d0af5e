// axe-core on every step of the walk-through and on the photo tool, at
// 360×640: no violations — on the empty screens and in the states a candidate
// reaches: the materials checklist of a qualifying candidate, the error
// summary, a failed photo report and a fixed photo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, openPage, screenshot, addOngoingWork, FIXTURES } from './harness.mjs';

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

test('a qualifying candidate\'s error summary, materials, failed photo report and fixed photo pass axe-core', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing', AUDIT);
  await page.getByTestId('plan-title').waitFor();
  const found = [];
  const audit = async (label) => {
    found.push(...(await violations(page)).map((v) => `${label}: ${v}`));
    const overflow = await horizontalOverflow(page);
    if (overflow > 0) found.push(`${label}: scrolls sideways by ${overflow}px`);
    await screenshot(page, `a11y-${label.replace(/ /g, '-')}`);
  };

  await addOngoingWork(page, { occupation: '营销员', start: '2015-01-01' });
  await page.locator('.pc-live li[data-condition="2"][data-status="met"]').waitFor();
  await page.locator('button[data-topic="identity"]').click();
  await page.fill('#id_number', '110105194912310021');
  await page.locator('.pc-error-summary').waitFor();
  await audit('error summary');
  await page.fill('#id_number', '');
  await page.locator('.pc-error-summary').waitFor({ state: 'detached' });

  await page.locator('button[data-step="materials"]').click();
  await page.getByTestId('readiness').waitFor();
  await page.locator('[data-material="工作经历承诺书"]').waitFor();
  await audit('materials qualifying');

  const photo = page.locator('[data-material="白底个人一寸照片"]');
  await photo.locator('input[type="file"]').first().setInputFiles(`${FIXTURES}test1.jpg`);
  await photo.locator('li[data-check="format"][data-status="fail"]').waitFor({ timeout: 20000 });
  await photo.getByText('还不符合要求').waitFor();
  await audit('photo failed');

  await photo.locator('input[type="file"]').first().setInputFiles(`${FIXTURES}test3.jpg`);
  await photo.locator('li[data-check="format"][data-status="pass"]').waitFor({ state: 'attached', timeout: 20000 });
  await photo.getByRole('button', { name: '一键修正' }).click();
  await photo.locator('[data-testid="photo-verdict"].ok').waitFor({ timeout: 30000 });
  await photo.locator('.pc-before-after img').nth(1).waitFor();
  await audit('photo fixed');

  assert.deepEqual(found, []);
  assertClean();
});
