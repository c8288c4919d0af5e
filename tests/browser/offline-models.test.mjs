// The photo models offline: the standalone page's service worker does not fetch
// the model module at install (most visitors never check a photo), but keeps the
// copy the photo worker fetched on the first 一寸 photo, so from then on the
// any-backdrop fix works with the network off too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, FIXTURES } from './harness.mjs';
import { startServer } from './server.mjs';

let env;
let own;
const hits = [];
before(async () => {
  const shared = await launch();
  own = await startServer();
  own.server.on('request', (req) => hits.push(req.url));
  env = { ...shared, url: own.url, close: shared.close };
});
after(async () => {
  await env?.close();
  await new Promise((ok) => own?.server.close(ok));
});

async function cachedPaths(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    const paths = [];
    for (const name of (await caches.keys()).filter((n) => n.startsWith('precheck:'))) {
      for (const req of await (await caches.open(name)).keys()) paths.push(new URL(req.url).pathname.slice(1));
    }
    return paths;
  });
}

test('the model module is cached on first use, not at install, and the room photo is fixed offline', async () => {
  const { page, context, assertClean } = await openPage(env, '?tool=photo');
  await page.locator('input[type="file"]').waitFor();
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === 'activated');
  const installed = await cachedPaths(page);
  for (const file of ['precheck-vision.wasm', 'precheck-vision-simd.wasm']) {
    assert.ok(!installed.includes(file), `${file} not fetched at install`);
  }
  // Make sure the page is controlled, so the worker's fetches go through it.
  await page.reload();
  await page.locator('input[type="file"]').waitFor();
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null));

  // First 一寸 photo, online: the models are fetched (and kept).
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test2.jpg`);
  await page.locator('li[data-check="face"][data-status="pass"]').waitFor({ state: 'attached', timeout: 30000 });
  // Chromium has wasm SIMD: the photo worker fetches the SIMD build only.
  assert.ok(hits.includes('/precheck-vision-simd.wasm'), 'fetched from the server online');
  assert.ok(!hits.includes('/precheck-vision.wasm'), 'the plain build is not fetched where SIMD runs');
  await page.waitForFunction(async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('precheck:') && await (await caches.open(name)).match(new URL('precheck-vision-simd.wasm', location.href).href)) return true;
    }
    return false;
  }, null, { timeout: 10000 });

  // Offline: a new page (a new photo worker) loads the models from the cache.
  await context.setOffline(true);
  const before = hits.length;
  await page.reload();
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test2.jpg`);
  await page.locator('li[data-check="face"][data-status="pass"]').waitFor({ state: 'attached', timeout: 30000 });
  await page.getByRole('button', { name: '一键修正' }).click();
  await page.getByRole('link', { name: '下载修正后的照片' }).waitFor({ timeout: 30000 });
  await page.locator('[data-testid="photo-verdict"].ok').last().waitFor();
  // Chromium's own update check of the service worker script is made by the
  // browser, outside the page's offline emulation; nothing else may reach the server.
  assert.deepEqual(hits.slice(before).filter((path) => path !== '/sw.js'), [], 'nothing reached the server while offline');
  await context.setOffline(false);
  assertClean();
});
