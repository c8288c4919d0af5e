// The two wasm modules: the first screen comes without the full widget, which
// is fetched once the page has settled (or at the first touch; with Save-Data
// only then); leaving the plan step hands over, with
// the plan, the language and the step the candidate asked for. A failed
// download says so and can be retried, and nothing the candidate chose is lost.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, openContext, screenshot, holdRequests } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Records the path of every fetch() the page starts, when it starts it (the
// loader fetches each module's wasm with fetch(), before importing its glue).
const RECORD_FETCHES = `
  window.__fetched = [];
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    window.__fetched.push(new URL(input instanceof Request ? input.url : String(input), location.href).pathname);
    return fetch0.call(this, input, init);
  };`;
const fetched = (page) => page.evaluate(() => window.__fetched);

/** Resolves once the page has been idle: whatever was put off until idle has run. */
const idle = (page) => page.evaluate(() => new Promise((ok) => requestIdleCallback(() => ok())));

test('the first screen needs no full widget; it comes while the candidate reads; Next hands over with the plan, language and step', async () => {
  const { page, assertClean } = await openPage(env, '', {}, { initScript: RECORD_FETCHES });
  await page.getByTestId('plan-title').waitFor();
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/precheck-app_bg.wasm')));
  const files = await fetched(page);
  assert.ok(files.includes('/precheck-start_bg.wasm'), `first-load module fetched (got ${files})`);
  // Not before the first screen was up and the page had loaded: the first
  // screen never waits on the full widget's bytes.
  const order = await page.evaluate(() => ({
    firstScreen: performance.getEntriesByName('precheck:first-screen')[0].startTime,
    load: performance.getEntriesByType('navigation')[0].loadEventEnd,
    preload: performance.getEntriesByName('precheck:preload')[0].startTime,
    app: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/precheck-app_bg.wasm')).startTime,
  }));
  assert.ok(order.firstScreen <= order.preload && order.load <= order.preload && order.preload <= order.app,
    `first screen, then load, then the full widget (${JSON.stringify(order)})`);

  await page.locator('#pc-plan').selectOption('ecommerce-1-beijing');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('precheck:answers')));
  assert.equal(saved.version, 1);
  assert.equal(saved.answers.plan, 'ecommerce-1-beijing', 'the first screen saves the choice');
  await page.getByRole('button', { name: 'English' }).click();
  assert.match(await page.getByTestId('plan-title').innerText(), /Level 1|level 1|一级/i);

  await page.getByTestId('next').click();
  const heading = page.locator('.pc-step-heading');
  await page.waitForFunction(() => {
    const root = document.querySelector('[data-precheck]').shadowRoot;
    return root.querySelector('.pc-step-heading')?.textContent.startsWith('About you');
  });
  assert.equal(await page.locator('.pc-step[data-step="about"]').getAttribute('aria-current'), 'step');
  assert.equal(await heading.evaluate((h) => h.getRootNode().activeElement === h), true,
    'focus starts at the new step\'s heading');
  // Back on the plan step, the full widget shows the plan chosen on the first screen.
  await page.locator('.pc-step[data-step="plan"]').click();
  assert.equal(await page.locator('#pc-plan').inputValue(), 'ecommerce-1-beijing');
  assert.equal(await page.locator('.pc-root').getAttribute('lang'), 'en');
  await screenshot(page, 'handover-plan-step');
  assertClean();
  await page.context().close();
});

test('a failed download of the full widget says so, keeps the choice, and Try again works', async () => {
  let failing = true;
  let release;
  const held = new Promise((ok) => { release = ok; });
  // From the start: the download while the candidate reads fails too.
  const { page, problems, assertClean } = await openPage(env, '', {}, {
    beforeGoto: (p) => p.route('**/precheck-app_bg.wasm', async (route) => {
      if (failing) return route.abort();
      await held;
      return route.continue();
    }),
  });
  await page.getByTestId('plan-title').waitFor();
  await page.locator('#pc-plan').selectOption('internet-marketing-4');
  await page.getByTestId('next').click();
  const alert = page.getByTestId('load-failed');
  await alert.waitFor();
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.innerText(), /没能下载/);
  assert.equal(await page.locator('#pc-plan').inputValue(), 'internet-marketing-4', 'still on the first screen');

  // Retry while the file is slow: a status line says it is coming.
  failing = false;
  await alert.getByRole('button').click();
  const loading = page.getByTestId('loading-more');
  await loading.waitFor();
  assert.equal(await loading.getAttribute('role'), 'status');
  release();
  await page.locator('.pc-step[data-step="about"][aria-current="step"]').waitFor();
  await page.locator('.pc-step[data-step="plan"]').click();
  assert.equal(await page.locator('#pc-plan').inputValue(), 'internet-marketing-4');
  // The only problems are the aborted downloads themselves (the one while
  // reading, perhaps one the touch retried, and the one Next asked for).
  const aborted = `console error: Failed to load resource: net::ERR_FAILED (at ${new URL('precheck-app_bg.wasm', env.url).href})`;
  const seen = problems.splice(0, problems.length);
  assert.ok(seen.length >= 1 && seen.every((p) => p === aborted), `only the aborted downloads: ${seen}`);
  assertClean();
  await page.context().close();
});

test('a phone that asks to save data (Save-Data) gets the full widget on its first touch only', async () => {
  const { page, assertClean } = await openPage(env, '', {}, {
    initScript: () => Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true }),
  });
  await page.getByTestId('plan-title').waitFor();
  await page.evaluate(() => new Promise((ok) => (document.readyState === 'complete' ? ok() : addEventListener('load', ok))));
  await idle(page);
  await page.waitForTimeout(500);
  const appFetched = () => page.evaluate(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/precheck-app_bg.wasm')));
  assert.equal(await appFetched(), false, 'not while the candidate reads');
  await page.locator('#pc-plan').focus();
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/precheck-app_bg.wasm')));
  await page.getByTestId('next').click();
  await page.locator('.pc-step[data-step="about"][aria-current="step"]').waitFor();
  assertClean();
  await page.context().close();
});

test('a returning candidate gets the full widget at once, with the saved answers', async () => {
  const { page, assertClean } = await openPage(env, '', {}, {
    initScript: () => {
      // Init scripts also run in the new page's first about:blank, which has no storage.
      if (location.protocol === 'about:') return;
      if (!localStorage.getItem('precheck:answers')) {
        localStorage.setItem('precheck:answers', JSON.stringify({
          version: 1, answers: { plan: 'ecommerce-2-hebei', ready_materials: [] },
        }));
      }
    },
  });
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/precheck-app_bg.wasm')));
  // The full widget's own part of the plan step: the next button of the
  // full widget is there and the About step opens without a wait.
  await page.getByTestId('next').click();
  await page.locator('.pc-step[data-step="about"][aria-current="step"]').waitFor();
  await page.locator('.pc-step[data-step="plan"]').click();
  assert.equal(await page.locator('#pc-plan').inputValue(), 'ecommerce-2-hebei');
  assertClean();
  await page.context().close();
});

test('the first screen is not painted before its stylesheet has loaded (no layout shift)', async () => {
  const { context, assertClean } = await openContext(env, { viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  const release = await holdRequests(page, '**/precheck.css');
  // Not waiting for `load`: a held file the page asked for before `load`
  // (the stylesheet the start script links, when it runs early) delays it.
  await page.goto(env.url, { waitUntil: 'commit' });
  const root = page.locator('[data-precheck] .pc-root');
  await root.waitFor({ state: 'attached' });
  await page.locator('[data-precheck] h2').waitFor({ state: 'attached' });
  assert.equal(await root.evaluate((el) => el.hidden), true, 'hidden while the stylesheet is on its way');
  release();
  await page.getByTestId('plan-title').waitFor();
  assert.equal(await root.evaluate((el) => getComputedStyle(el).display !== 'none'), true);
  assertClean();
  await context.close();
});

test('a returning candidate who never changed the plan keeps their chosen condition', async () => {
  const { page, assertClean } = await openPage(env, '', {}, {
    initScript: () => {
      // Init scripts also run in the new page's first about:blank, which has no storage.
      if (location.protocol === 'about:') return;
      if (!localStorage.getItem('precheck:answers')) {
        localStorage.setItem('precheck:answers', JSON.stringify({
          version: 1, answers: { chosen_condition: '2', ready_materials: [] },
        }));
      }
    },
  });
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/precheck-app_bg.wasm')));
  await page.locator('.pc-step[data-step="materials"]').click();
  const option = page.locator('.pc-condition-option[data-condition="2"] input');
  await page.locator('.pc-step[data-step="materials"][aria-current="step"]').waitFor();
  assert.equal(await option.isChecked(), true, 'the saved choice of condition survives the hand-over');
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('precheck:answers')));
  assert.equal(saved.answers.chosen_condition, '2');
  assertClean();
  await page.context().close();
});

test('fetching and warming up the full widget changes nothing the host or the candidate can see', async () => {
  const { page, assertClean } = await openPage(env, 'demo.html');
  await page.getByTestId('plan-title').waitFor();
  const events = () => page.evaluate(() => (window.precheckEvents || []).map((e) => e.name));
  assert.deepEqual(await events(), ['precheck:readiness'], 'the first screen announces once');
  const stored = () => page.evaluate(() => JSON.stringify({ ...localStorage }));
  const before = await stored();

  // Fetched while the candidate reads (or at a touch), it renders once off-screen to warm up.
  await page.locator('[data-precheck]').getByRole('button', { name: 'English' }).focus();
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => e.name.endsWith('/precheck-app_bg.wasm')));
  // The warm-up render has come and gone (app/src/host.rs marks it when it
  // drops the render): had it sent an event or saved anything, it has by now.
  await page.waitForFunction(() => performance.getEntriesByName('precheck:warmed-up').length === 1, null, { timeout: 15000 });
  assert.deepEqual(await events(), ['precheck:readiness'], 'no event from the warm-up render');
  assert.equal(await stored(), before, 'storage untouched (no answers, no place)');
  // Absolute, not against `before`: the warm-up may have run before the page
  // was first asked (it starts once the page has settled).
  assert.deepEqual(await page.evaluate(() => [localStorage.getItem('precheck:place'), history.state]),
    [null, null], 'no place saved, the page\'s history untouched');
  assert.equal(await page.locator('.pc-step[data-step="plan"]').getAttribute('aria-current'), 'step');
  assert.equal(await page.locator('.pc-root').count(), 1, 'one widget on the page');
  assertClean();
  await page.context().close();
});
