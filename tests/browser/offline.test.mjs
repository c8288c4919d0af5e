// After the first visit the standalone page works with the network off: its
// service worker (public/sw.js) caches the app shell, including the photo
// worker's files. The page can be added to the home screen (manifest). A page
// that embeds the widget never gets a service worker from us.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, FIXTURES, addOngoingWork } from './harness.mjs';
import { startServer } from './server.mjs';

// Our own server for these tests, so they can count what still reaches it
// once the browser is offline (an offline mode that fetched anyway would pass
// the UI checks but not this count).
let env;
let own;
let hits = [];
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

// The files the worker must hold for the page and the photo check to start
// offline (names are stable: Trunk.toml has filehash = false).
const SHELL = [
  'index.html', 'page.js', 'page.css', 'favicon.svg', 'manifest.webmanifest',
  'icon-192.png', 'icon-512.png', 'precheck.js', 'precheck-start.js', 'precheck-start_bg.wasm', 'precheck-app.js',
  'precheck-app_bg.wasm', 'precheck.css', 'photo-worker.js',
  'precheck-photo-worker.js', 'precheck-photo-worker_bg.wasm',
];

/** Waits for the worker to be activated; returns the widget's cache name and the paths in it. */
async function cachedShell(page) {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    // `ready` resolves once a worker is active, which includes 'activating'
    // (its activate handler, which drops old caches, may still run): wait
    // for it to finish, up to 10 s; the caller asserts the state.
    const worker = reg.active;
    if (worker.state !== 'activated') {
      await new Promise((ok) => {
        worker.addEventListener('statechange', () => { if (worker.state === 'activated') ok(); });
        setTimeout(ok, 10000);
      });
    }
    const names = (await caches.keys()).filter((n) => n.startsWith('precheck:'));
    const paths = [];
    for (const name of names) {
      for (const req of await (await caches.open(name)).keys()) paths.push(new URL(req.url).pathname.slice(1));
    }
    return { scope: reg.scope, state: reg.active.state, names, paths: paths.sort() };
  });
}

test('after one visit, the page starts offline and a plan check and a photo fix work', async () => {
  const { page, context, assertClean } = await openPage(env, '');
  await page.locator('#pc-plan').waitFor();

  const shell = await cachedShell(page);
  assert.equal(shell.scope, env.url);
  assert.equal(shell.state, 'activated');
  assert.equal(shell.names.length, 1, `one cache: ${shell.names}`);
  // The build stamped the worker (scripts/stamp-sw.mjs), so each build gets its own cache.
  assert.match(shell.names[0], /^precheck:http:\/\/127\.0\.0\.1:\d+\/:[0-9a-f]{16}$/);
  for (const file of SHELL) assert.ok(shell.paths.includes(file), `${file} cached (have ${shell.paths})`);

  await context.setOffline(true);
  const before = hits.length;
  await page.reload();
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is served by the worker');

  // A check, offline: choose a plan, enter work, see the verdicts.
  await page.selectOption('#pc-plan', 'ecommerce-4-beijing');
  await page.getByTestId('plan-title').filter({ hasText: '北京' }).waitFor();
  await addOngoingWork(page, { occupation: '营销员', start: '2015-01-01' });
  await page.locator('.pc-live li[data-condition="2"][data-status="met"]').waitFor();
  assert.equal(await page.locator('.pc-live li[data-condition]').count(), 3);
  assert.match(await page.locator('.pc-live [data-testid="overall"]').innerText(), /可以报名/);

  // The photo tool, offline: the worker's script and wasm come from the cache.
  await page.goto(new URL('?tool=photo', env.url).href);
  await page.locator('input[type="file"]').setInputFiles(`${FIXTURES}test3.jpg`);
  await page.locator('li[data-check="format"][data-status="pass"]').waitFor({ state: 'attached', timeout: 20000 });
  await page.getByRole('button', { name: '一键修正' }).click();
  await page.getByRole('link', { name: '下载修正后的照片' }).waitFor({ timeout: 30000 });
  await page.locator('[data-testid="photo-verdict"].ok').waitFor();

  assert.deepEqual(hits.slice(before), [], 'nothing reached the server while offline');
  assertClean();
});

test('online, the worker fetches fresh copies and leaves other pages to the network', async () => {
  const { page, assertClean } = await openPage(env, '?lang=en');
  await page.locator('#pc-plan').waitFor();
  await cachedShell(page);

  // Network first: a controlled reload still asks the server for the page and the app.
  const before = hits.length;
  const nav = await page.reload();
  await page.locator('#pc-plan').waitFor();
  assert.equal(nav.fromServiceWorker(), true, 'the controlled page goes through the worker');
  const fetched = hits.slice(before);
  for (const path of ['/?lang=en', '/precheck.js', '/precheck-start.js', '/precheck-start_bg.wasm']) {
    assert.ok(fetched.includes(path), `${path} fetched from the server (got ${fetched})`);
  }

  // The demo host page shares the folder, but is not the app: not answered by the worker.
  const demoResponses = [];
  page.on('response', (r) => demoResponses.push(r));
  const demo = await page.goto(new URL('demo.html', env.url).href);
  await page.getByTestId('plan-title').waitFor();
  assert.equal(demo.fromServiceWorker(), false);
  const demoCss = demoResponses.find((r) => r.url().endsWith('/demo.css'));
  assert.ok(demoCss, 'demo.css loaded');
  assert.equal(demoCss.fromServiceWorker(), false);
  assertClean();
});

// Records each call of navigator.serviceWorker.register, when it is made.
// (Not in the new page's first about:blank, which has no service workers.)
const RECORD_REGISTER = `
  window.__registered = [];
  if (typeof ServiceWorkerContainer === 'function') {
    const register0 = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (url, options) {
      window.__registered.push(String(url));
      return register0.call(this, url, options);
    };
  }`;

/**
 * The service worker registrations a page asked for by the time page.js would
 * have asked: page.js registers in a `load` listener, so once `load` has been
 * dispatched (readyState 'complete', then one more task) it has.
 */
async function registeredByLoad(page) {
  await page.waitForFunction(() => document.readyState === 'complete');
  return page.evaluate(() => new Promise((ok) => setTimeout(() => ok(window.__registered), 0)));
}

test('a host page embedding the widget gets no service worker', async () => {
  // The signal is late enough: on the standalone page it sees page.js register.
  const standalone = await openPage(env, '', {}, { initScript: RECORD_REGISTER });
  assert.deepEqual(await registeredByLoad(standalone.page), [new URL('sw.js', env.url).href]);
  standalone.assertClean();

  const { page, assertClean } = await openPage(env, 'demo.html', {}, { initScript: RECORD_REGISTER });
  await page.getByTestId('plan-title').waitFor();
  assert.deepEqual(await registeredByLoad(page), [], 'the host page asked for no service worker');
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(loaded.some((u) => u.endsWith('/precheck-start_bg.wasm')), 'the widget loaded');
  assert.deepEqual(loaded.filter((u) => /\/(sw|page)\.js$/.test(u)), []);
  assertClean();
});

test('the manifest is linked and has what "add to home screen" needs', async () => {
  const { page, assertClean } = await openPage(env, '');
  await page.locator('#pc-plan').waitFor();
  const head = await page.evaluate(() => ({
    manifest: document.querySelector('link[rel="manifest"]')?.href,
    theme: document.querySelector('meta[name="theme-color"]')?.content,
  }));
  assert.equal(head.manifest, new URL('manifest.webmanifest', env.url).href);
  assert.equal(head.theme, '#0b5cad');

  const res = await page.request.get(head.manifest);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^application\/manifest\+json/);
  const m = JSON.parse(await res.text());
  assert.equal(m.name, '报名预检');
  assert.ok(m.short_name && m.short_name.length <= 12, `short_name ${m.short_name}`);
  assert.equal(m.lang, 'zh-CN');
  assert.equal(m.start_url, './');
  assert.equal(new URL(m.start_url, head.manifest).href, env.url);
  assert.equal(m.display, 'standalone');
  assert.equal(m.theme_color, '#0b5cad');

  // Every icon is served with its type; the PNGs really have their stated size.
  const icons = Object.fromEntries(m.icons.map((i) => [i.sizes, i]));
  assert.equal(icons.any?.type, 'image/svg+xml');
  for (const size of [192, 512]) {
    const icon = icons[`${size}x${size}`];
    assert.equal(icon?.type, 'image/png', `${size} PNG listed`);
    const png = await page.request.get(new URL(icon.src, head.manifest).href);
    assert.equal(png.status(), 200);
    const body = await png.body();
    assert.equal(body.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([body.readUInt32BE(16), body.readUInt32BE(20)], [size, size]);
  }
  const svg = await page.request.get(new URL(icons.any.src, head.manifest).href);
  assert.equal(svg.headers()['content-type'], 'image/svg+xml');
  assertClean();
});
