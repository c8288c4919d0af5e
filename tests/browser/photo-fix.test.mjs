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
  assert.equal(await page.locator('[data-testid="photo-verdict"].ok').innerText(), '符合要求：各项检查都已通过。');
  // Only the fixed photo's report is shown, its passes folded away.
  assert.match(await page.getByTestId('fixed-from').innerText(), /原照片有 \d+ 项不符合要求/);
  assert.equal(await page.locator('.pc-checks li:visible').count(), 0);
  assertClean();
});

test('a room behind the child (test2) is cut out onto white in the photo tool, the models loading with a progress line', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo', { acceptDownloads: true });
  // Hold the model module a moment so the progress line can be seen.
  let held = 0;
  // (either build of it: Chromium gets the SIMD one)
  await page.context().route('**/precheck-vision*.wasm', async (route) => {
    held += 1;
    await new Promise((ok) => setTimeout(ok, 1500));
    await route.continue();
  });
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test2.jpg`);
  const busy = page.getByTestId('photo-busy');
  await busy.filter({ hasText: '人像识别模型' }).waitFor({ timeout: 20000 });
  assert.ok(held >= 1, 'the model module went through the route');
  // The check knows the fix will work on this backdrop and says so.
  const background = page.locator('li[data-check="background"]');
  await background.waitFor({ timeout: 30000 });
  assert.match(await background.innerText(), /一键修正/);
  assert.equal(await page.locator('li[data-check="face"]').getAttribute('data-status'), 'pass');
  await page.getByRole('button', { name: '一键修正' }).click();
  const link = page.getByRole('link', { name: '下载修正后的照片' });
  await link.waitFor({ timeout: 30000 });
  await page.locator('[data-testid="photo-verdict"].ok').last().waitFor();
  await screenshot(page, 'photo-tool-room-fixed');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const bytes = await readFile(await download.path());
  assert.ok(bytes.length >= 40960 && bytes.length <= 80000, `size ${bytes.length}`);
  const { width, height } = jpegSize(bytes);
  assert.ok(Math.abs(width / height - 5 / 7) < 0.01, `${width}×${height} is not 5:7`);
  assertClean();
});

test('the plain model module (engines without wasm SIMD) fixes the room photo to the same bytes as the SIMD one', async () => {
  // Once as Chromium runs it (the SIMD build), once with the SIMD build
  // failing to compile, which makes the photo worker fall back to the plain
  // build: the one iPhones before iOS 16.4 get.
  const fixed = async (plainOnly) => {
    const { page, context, assertClean } = await openPage(env, '?tool=photo', { acceptDownloads: true });
    // Through a route, which sees the photo worker's fetches (as the test above relies on).
    const fetched = [];
    await context.route('**/precheck-vision*.wasm', (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop();
      fetched.push(name);
      if (plainOnly && name === 'precheck-vision-simd.wasm') {
        return route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm') });
      }
      return route.continue();
    });
    await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test2.jpg`);
    await page.locator('li[data-check="face"][data-status="pass"]').waitFor({ state: 'attached', timeout: 30000 });
    await page.getByRole('button', { name: '一键修正' }).click();
    const link = page.getByRole('link', { name: '下载修正后的照片' });
    await link.waitFor({ timeout: 30000 });
    await page.locator('[data-testid="photo-verdict"].ok').last().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const bytes = await readFile(await download.path());
    assertClean();
    await context.close();
    return { bytes, fetched };
  };
  const simd = await fixed(false);
  assert.deepEqual(simd.fetched, ['precheck-vision-simd.wasm'], 'Chromium has wasm SIMD: the SIMD build only');
  const plain = await fixed(true);
  assert.deepEqual(plain.fetched, ['precheck-vision-simd.wasm', 'precheck-vision.wasm'], 'the plain build after the SIMD one failed');
  assert.ok(plain.bytes.equals(simd.bytes), `fixed JPEGs differ: ${plain.bytes.length} B plain, ${simd.bytes.length} B SIMD`);
});

test('two people: no fix is offered, the candidate reads what to do instead', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo');
  const [a, b] = await Promise.all(['test0.jpg', 'test3.jpg'].map((f) => readFile(`${FIXTURES}${f}`)));
  const twoPeople = await page.evaluate(async ([a64, b64]) => {
    const load = (b64) => createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }));
    const [left, right] = [await load(a64), await load(b64)];
    const canvas = new OffscreenCanvas(1100, 768);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#eeeeee';
    ctx.fillRect(0, 0, 1100, 768);
    ctx.drawImage(left, 0, 0, 550, 733);
    ctx.drawImage(right, 550, 0, 525, 733);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }, [a.toString('base64'), b.toString('base64')]);
  await page.locator('input[type="file"]').setInputFiles({ name: 'IMG_two.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(twoPeople, 'base64') });
  const instead = page.getByTestId('fix-instead');
  await instead.waitFor({ timeout: 30000 });
  assert.equal(await instead.getAttribute('data-code'), 'several_faces');
  assert.match(await instead.innerText(), /2 张人脸/);
  assert.equal(await page.getByRole('button', { name: '一键修正' }).count(), 0, 'no button for a fix that would refuse');
  const promises = await page.locator('.pc-checks li').allInnerTexts();
  assert.ok(promises.every((t) => !t.includes('一键修正')), promises.join('\n'));
  assertClean();
});

/**
 * Serves a photo worker that dies on its first message (an uncaught error in
 * the worker, as a wasm trap or running out of memory would) for the first
 * `deaths` workers started, and the real one after. Returns the count served.
 */
async function dyingWorkers(page, deaths) {
  // Every start fetches the script (no service worker in these tests: it
  // would keep its own copy and answer for the network).
  const started = { dying: 0, real: 0 };
  await page.context().route('**/photo-worker.js', async (route) => {
    if (started.dying < deaths) {
      started.dying += 1;
      await route.fulfill({
        contentType: 'text/javascript',
        body: "self.postMessage({ ready: true }); self.onmessage = () => { throw new RangeError('simulated death'); };",
      });
    } else {
      started.real += 1;
      await route.continue();
    }
  });
  return started;
}

/**
 * Asserts the guards saw nothing but the dying workers' own uncaught errors,
 * then closes the context (whose guard checks once more).
 */
async function assertCleanButDeaths(page, problems) {
  const others = problems.splice(0).filter((p) => !p.includes('simulated death'));
  assert.deepEqual(others, []);
  await page.context().close();
}

test('a photo worker that dies once is replaced and the check goes on, without a word to the candidate', async () => {
  const { page, problems } = await openPage(env, '?tool=photo', { serviceWorkers: 'block' });
  const started = await dyingWorkers(page, 1);
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test3.jpg`);
  await page.getByRole('button', { name: '一键修正' }).waitFor({ timeout: 30000 });
  assert.deepEqual(started, { dying: 1, real: 1 }, 'one dead worker, one fresh one');
  assert.equal(await page.evaluate(() => performance.getEntriesByName('precheck:worker-replaced').length), 1);
  assert.equal(await page.locator('.pc-photo-slot [role="alert"]').count(), 0, 'no error shown');
  // The fresh worker also fixes.
  await page.getByRole('button', { name: '一键修正' }).click();
  await page.locator('[data-testid="photo-verdict"].ok').last().waitFor({ timeout: 30000 });
  await assertCleanButDeaths(page, problems);
});

test('a photo worker that dies twice on one photo: the candidate reads what to do, and the next photo starts afresh', async () => {
  const { page, problems } = await openPage(env, '?tool=photo', { serviceWorkers: 'block' });
  const started = await dyingWorkers(page, 2);
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test3.jpg`);
  const alert = page.locator('.pc-photo-slot [role="alert"]');
  await alert.waitFor({ timeout: 30000 });
  assert.match(await alert.innerText(), /照片检查组件未能启动（.*simulated death.*）。请刷新页面重试/);
  assert.deepEqual(started, { dying: 2, real: 0 }, 'one try again, not a loop');
  // Choosing the photo again: a third worker, the real one, checks it.
  await page.locator('input[type="file"]').setInputFiles([]);
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test3.jpg`);
  await page.getByRole('button', { name: '一键修正' }).waitFor({ timeout: 30000 });
  assert.equal(await alert.count(), 0, 'the error is gone with the new photo');
  assert.deepEqual(started, { dying: 2, real: 1 });
  await assertCleanButDeaths(page, problems);
});
