// Browsers that cannot run the widget get a plain message, never a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openContext, holdRequests } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function failureText(page) {
  const box = page.locator('[data-precheck] .precheck-failure');
  await box.waitFor({ timeout: 15000 });
  return box.innerText();
}

const PHONE = { viewport: { width: 360, height: 640 } };

test('without WebAssembly the page says what to do', async () => {
  const { context, assertClean } = await openContext(env, PHONE);
  const page = await context.newPage();
  await page.addInitScript(() => { delete window.WebAssembly; });
  await page.goto(env.url);
  const text = await failureText(page);
  assert.match(text, /在浏览器中打开/);
  assert.match(text, /update WeChat/);
  assertClean();
  await context.close();
});

test('a failed load of the wasm file says what to do', async () => {
  const { context, problems, assertClean } = await openContext(env, PHONE);
  const page = await context.newPage();
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(env.url);
  assert.match(await failureText(page), /升级到最新版本/);
  // The only problem is the aborted download itself.
  const aborted = `console error: Failed to load resource: net::ERR_FAILED (at ${new URL('precheck-start_bg.wasm', env.url).href})`;
  assert.deepEqual(problems.splice(0, problems.length), [aborted]);
  assertClean();
  await context.close();
});

test('while the wasm is on its way the box says it is loading, then the widget replaces it', async () => {
  const { context, assertClean } = await openContext(env, PHONE);
  const page = await context.newPage();
  const release = await holdRequests(page, '**/precheck-start_bg.wasm');
  // Not waiting for `load`: a held file the page asked for before `load`
  // (the stylesheet the start script links, when it runs early) delays it.
  await page.goto(env.url, { waitUntil: 'commit' });
  const loading = page.locator('[data-precheck] .precheck-loading');
  await loading.waitFor({ timeout: 15000 });
  assert.equal(await loading.getAttribute('role'), 'status');
  assert.match(await loading.innerText(), /正在加载报名预检/);
  release();
  await page.locator('[data-precheck]').getByTestId('plan-title').waitFor({ timeout: 15000 });
  assert.equal(await loading.isVisible(), false, 'the loading text is hidden once the widget is there');
  assertClean();
  await context.close();
});
