// A browser below the widget's wasm feature floor (Chrome/Android WebView
// < 96, Safari/iOS < 15.1: no reference types, bulk memory, non-trapping
// float-to-int, sign-ext or multivalue) gets the plain message at once, and
// never downloads a module it could not compile. Here the loader's check
// (WebAssembly.validate on a tiny module using those features) is made to
// fail, as it does on such a browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// A host page embedding the widget (the standalone page also has Trunk's
// preload of the first module in its HTML, which no script can take back).
test('below the wasm feature floor: the plain message, before any module is fetched', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const validate = WebAssembly.validate;
    window.__validated = [];
    // What an old engine says about a module using the post-MVP features.
    WebAssembly.validate = (bytes) => {
      window.__validated.push(bytes.byteLength);
      return false && validate(bytes);
    };
  });
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(new URL('demo.html', env.url).href);
  const box = page.locator('[data-precheck] .precheck-failure');
  await box.waitFor({ timeout: 15000 });
  assert.equal(await box.getAttribute('role'), 'alert');
  assert.match(await box.innerText(), /在浏览器中打开/);
  assert.match(await box.innerText(), /update WeChat/);
  assert.ok((await page.evaluate(() => window.__validated)).length >= 1, 'the loader asked the engine');
  await page.waitForTimeout(500);
  const modules = fetched.filter((p) => p.endsWith('.wasm') || /^\/precheck-(start|app)\.js$/.test(p));
  assert.deepEqual(modules, [], 'no module fetched');
  assert.equal(await page.evaluate(() => document.querySelector('[data-precheck]').shadowRoot), null, 'nothing mounted');
  await context.close();
});

test('below the floor on the standalone page: the plain message, no module run, no full widget fetched', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.addInitScript(() => { WebAssembly.validate = () => false; });
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(env.url);
  await page.locator('[data-precheck] .precheck-failure').waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.querySelector('[data-precheck]').shadowRoot), null, 'nothing mounted');
  assert.deepEqual(fetched.filter((p) => /precheck-app|photo-worker/.test(p)), []);
  await context.close();
});

test('the feature check passes in today\'s Chromium and the widget starts', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const validate = WebAssembly.validate.bind(WebAssembly);
    window.__validated = [];
    WebAssembly.validate = (bytes) => { const ok = validate(bytes); window.__validated.push(ok); return ok; };
  });
  await page.goto(env.url);
  await page.locator('[data-precheck]').getByTestId('plan-title').waitFor({ timeout: 15000 });
  assert.deepEqual(await page.evaluate(() => window.__validated), [true]);
  await context.close();
});
