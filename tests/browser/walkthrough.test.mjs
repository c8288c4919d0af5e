// From nothing to "ready to register" in the demo host page: answers, the
// materials checklist with its readiness meter, the photo slot (fixed photo
// handed to the host as a Blob, the material ticked by the passing photo),
// the site's steps with the Beijing mailing step, and the summary.
import { test, before, after } from 'node:test';
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, FIXTURES, addOngoingWork } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('a Beijing 四级 candidate goes from nothing to ready, and the host hears it', async () => {
  const { page, assertClean } = await openPage(env, 'demo.html');
  await page.getByTestId('plan-title').waitFor();
  await addOngoingWork(page, { occupation: '电子商务师', start: '2018-03-01' });
  await page.locator('.pc-live li[data-condition="2"][data-status="met"]').waitFor();

  // Materials for condition 2.
  await page.locator('button[data-step="materials"]').click();
  const meter = page.getByTestId('readiness');
  await meter.waitFor();
  assert.match(await meter.innerText(), /0 \/ 4/);
  await screenshot(page, 'step-3-materials');
  for (const name of ['身份证正反面照片', '申报表', '工作经历承诺书']) {
    await page.locator(`[data-material="${name}"] input[type="checkbox"]`).check();
  }
  assert.match(await meter.innerText(), /3 \/ 4/);

  // The photo slot of the 一寸照片: fix, and the host receives the Blob.
  const photo = page.locator('[data-material="白底个人一寸照片"]');
  await photo.locator('input[type="file"]').setInputFiles(`${FIXTURES}test0.jpg`);
  await photo.getByRole('button', { name: '一键修正' }).click();
  await page.waitForFunction(() => (window.precheckEvents || []).some((e) => e.name === 'precheck:photo'), null, { timeout: 30000 });
  const photoEvent = await page.evaluate(() => window.precheckEvents.find((e) => e.name === 'precheck:photo'));
  assert.equal(photoEvent.detail.material, 'photo');
  assert.equal(photoEvent.detail.pass, true);
  assert.ok(photoEvent.detail.blobBytes >= 40960 && photoEvent.detail.blobBytes <= 80000, `${photoEvent.detail.blobBytes}`);
  // The passing fix ticks the material: nothing to tick by hand.
  const photoReady = photo.locator('input[data-testid="material-ready"]');
  await page.waitForFunction(() => document.querySelector('[data-precheck]').shadowRoot
    .querySelector('[data-material="白底个人一寸照片"] input[data-testid="material-ready"]').checked);
  assert.match(await meter.innerText(), /4 \/ 4/);

  // A new photo that fails takes the tick away; the saved fix, chosen again,
  // passes as it is: the host hears it and the tick comes back.
  const [download] = await Promise.all([page.waitForEvent('download'), photo.getByRole('link', { name: '下载修正后的照片' }).click()]);
  const fixedBytes = await readFile(await download.path());
  const picker = photo.locator('input[type="file"]').first();
  await picker.setInputFiles(`${FIXTURES}test1.jpg`);
  await photo.getByText('还不符合要求').waitFor({ timeout: 30000 });
  assert.equal(await photoReady.isChecked(), false);
  assert.match(await meter.innerText(), /3 \/ 4/);
  const before = await page.evaluate(() => window.precheckEvents.filter((e) => e.name === 'precheck:photo').length);
  await picker.setInputFiles({ name: '一寸照片_已修正.jpg', mimeType: 'image/jpeg', buffer: fixedBytes });
  await page.waitForFunction((n) => window.precheckEvents.filter((e) => e.name === 'precheck:photo').length > n, before, { timeout: 30000 });
  const again = await page.evaluate(() => window.precheckEvents.filter((e) => e.name === 'precheck:photo').at(-1));
  assert.equal(again.detail.pass, true);
  assert.equal(again.detail.blobBytes, fixedBytes.length, 'a photo that passes as it is goes to the host unchanged');
  await page.waitForFunction(() => document.querySelector('[data-precheck]').shadowRoot
    .querySelector('[data-material="白底个人一寸照片"] input[data-testid="material-ready"]').checked);
  assert.match(await meter.innerText(), /4 \/ 4/);

  const last = await page.evaluate(() => window.precheckEvents.filter((e) => e.name === 'precheck:readiness').at(-1));
  assert.deepEqual(last.detail.missing, []);
  assert.equal(last.detail.condition, '2');

  // The site's steps: 职工身份, tick condition 2, and Beijing's mailing step.
  await page.locator('button[data-step="register"]').click();
  await page.locator('[data-step="4"]').getByText('职工身份').first().waitFor();
  assert.match(await page.locator('[data-step="7"]').innerText(), /条件 ?2/);
  assert.match(await page.locator('[data-step="mailing"]').innerText(), /玉泉路 63 号/);
  await screenshot(page, 'step-4-register');

  await page.locator('button[data-step="summary"]').click();
  const standing = page.locator('[data-standing]').first();
  await standing.waitFor();
  assert.equal(await standing.getAttribute('data-standing'), 'ready');
  const lastReadiness = () => page.evaluate(() => window.precheckEvents.filter((e) => e.name === 'precheck:readiness').at(-1).detail);
  assert.equal((await lastReadiness()).ready, true);
  await screenshot(page, 'step-5-summary');

  // A signing date the widget cannot use (evaluated as today instead) shows
  // at its field, and neither the summary nor the host calls that ready.
  await page.locator('button[data-step="about"]').click();
  await page.locator('button[data-topic="identity"]').click();
  await page.fill('#as_of', '1925-11-20');
  await page.locator('button[data-step="summary"]').click();
  assert.equal(await standing.getAttribute('data-standing'), 'almost');
  assert.match(await page.getByTestId('summary-problems').locator('li[data-field="as_of"]').innerText(), /1925-11-20/);
  await page.waitForFunction(() => window.precheckEvents.filter((e) => e.name === 'precheck:readiness').at(-1).detail.ready === false);
  assert.equal((await lastReadiness()).eligible, true);
  assertClean();
});
