// The photo slot's one-tap fix, end to end in the browser: a real phone-ish
// portrait goes in, the before/after preview shows, and the downloaded file
// is a JPEG inside the 40,960–80,000 byte window at a 5:7 size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, openPage, screenshot, FIXTURES, jpegSize } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('fixing a real portrait gives a downloadable JPG of 40,960–80,000 bytes at 5:7', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo', { acceptDownloads: true });
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test3.jpg`);
  await page.getByRole('button', { name: '一键修正' }).click();
  const link = page.getByRole('link', { name: '下载修正后的照片' });
  await link.waitFor({ timeout: 20000 });
  assert.equal(await page.locator('.pc-before-after img').count(), 2);
  await screenshot(page, 'photo-tool-fixed');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /\.jpg$/);
  const bytes = await readFile(await download.path());
  assert.ok(bytes.length >= 40960 && bytes.length <= 80000, `size ${bytes.length}`);
  assert.equal(bytes.readUInt16BE(bytes.length - 2), 0xffd9, 'ends at EOI, no padding');
  const { width, height } = jpegSize(bytes);
  assert.ok(width >= 295 && height >= 413, `${width}×${height}`);
  assert.ok(Math.abs(width / height - 5 / 7) < 0.01, `${width}×${height} is not 5:7`);
  // The fixed photo passes every check.
  await page.locator('[data-testid="photo-verdict"].ok').waitFor();
  assert.equal(await page.locator('[data-testid="photo-verdict"].ok').count(), 1);
  // The verdict says what the list below shows: every check passed, no notes.
  assert.equal(await page.locator('[data-testid="photo-verdict"].ok').innerText(), '符合要求：下方各项检查都已通过。');
  assertClean();
});

test('a street background is refused with a clear message, not "fixed"', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo');
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test1.jpg`);
  await page.getByRole('button', { name: '一键修正' }).click();
  const alert = page.locator('.pc-photo-slot [role="alert"]');
  await alert.waitFor({ timeout: 20000 });
  assert.match(await alert.innerText(), /背景/);
  assert.equal(await page.getByRole('link', { name: '下载修正后的照片' }).count(), 0);
  assertClean();
});
