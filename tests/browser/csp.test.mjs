// The widget runs under a strict Content-Security-Policy (STRICT_CSP in
// server.mjs: no inline script or style, no eval, nothing from elsewhere) on
// the demo host page and on the standalone page, through real use: a plan, the
// answers, every step, and a photo checked and fixed (blob: and data: images,
// the photo worker). Not a single `securitypolicyviolation` may fire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, devices, FIXTURES, addOngoingWork } from './harness.mjs';
import { STRICT_CSP } from './server.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Installed before any of the page's scripts. Violations inside the widget's
// open shadow root are composed events and reach the document too.
const RECORD_VIOLATIONS = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({
      directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
      line: e.lineNumber, sample: e.sample, disposition: e.disposition,
    });
  }, true);`;

/** Reloads so the main response can be checked, and asserts it carried the policy. */
async function assertUnderPolicy(page) {
  const response = await page.reload();
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP, `${page.url()} is served under the strict policy`);
  assert.ok(await page.evaluate(() => Array.isArray(window.__violations)), 'the recorder is installed');
}

async function assertNoViolations(page) {
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, [], `CSP violations:\n${JSON.stringify(violations, null, 2)}`);
}

test('demo host page: a whole walk-through with a photo fix, no CSP violation', async () => {
  const { page, assertClean } = await openPage(env, 'demo.html', {}, { initScript: RECORD_VIOLATIONS });
  await assertUnderPolicy(page);
  await page.getByTestId('plan-title').waitFor();
  await addOngoingWork(page, { occupation: '电子商务师', start: '2018-03-01' });
  await page.locator('.pc-live li[data-condition="2"][data-status="met"]').waitFor();
  await page.locator('button[data-topic="identity"]').click();
  await page.fill('#id_number', '110105194912310021');
  await page.locator('.pc-error-summary').waitFor();
  await page.fill('#id_number', '');

  await page.locator('button[data-step="materials"]').click();
  await page.getByTestId('readiness').waitFor();
  for (const name of ['身份证正反面照片', '申报表', '工作经历承诺书']) {
    await page.locator(`[data-material="${name}"] input[type="checkbox"]`).check();
  }
  // The photo slot: check and fix a real photo; before/after are blob: images.
  const photo = page.locator('[data-material="白底个人一寸照片"]');
  await photo.locator('input[type="file"]').setInputFiles(`${FIXTURES}test3.jpg`);
  await photo.locator('li[data-check="format"]').waitFor({ state: 'attached', timeout: 20000 });
  await photo.getByRole('button', { name: '一键修正' }).click();
  await page.waitForFunction(() => (window.precheckEvents || []).some((e) => e.name === 'precheck:photo'), null, { timeout: 30000 });
  await photo.locator('[data-testid="photo-verdict"].ok').waitFor();
  const shown = await photo.locator('.pc-before-after img').evaluateAll((imgs) => imgs.map((i) => [i.src.slice(0, 5), i.complete && i.naturalWidth > 0]));
  assert.deepEqual(shown, [['blob:', true], ['blob:', true]], 'before and after images loaded');
  await photo.locator('input[type="checkbox"]').check();
  assert.match(await page.getByTestId('readiness').innerText(), /4 \/ 4/);

  await page.locator('button[data-step="register"]').click();
  await page.locator('[data-step="mailing"]').waitFor();
  await page.locator('button[data-step="summary"]').click();
  await page.locator('[data-standing]').first().waitFor();
  await assertNoViolations(page);
  assertClean();
});

test('standalone page: plan, answers, steps and English, no CSP violation', async () => {
  const { page, assertClean } = await openPage(env, '', {}, { initScript: RECORD_VIOLATIONS });
  await assertUnderPolicy(page);
  await page.selectOption('#pc-plan', 'internet-marketing-4');
  await page.getByTestId('plan-title').filter({ hasText: '互联网营销师' }).waitFor();
  await page.getByTestId('next').click();
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await page.fill('#work-0-employer', '某某有限公司');
  await page.fill('#work-0-occupation', '互联网营销师');
  await page.fill('#work-0-start', '2019-01-01');
  await page.check('#work-0-ongoing');
  await page.locator('.pc-live li[data-condition="2"][data-status="met"]').waitFor();
  await page.locator('button[data-step="materials"]').click();
  await page.getByTestId('readiness').waitFor();
  await page.locator('button[data-step="register"]').click();
  await page.getByTestId('register-steps').waitFor();
  await page.locator('button[data-step="summary"]').click();
  await page.locator('[data-standing]').first().waitFor();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: '中文' }).waitFor();
  // The page's own service worker is registered under the policy too.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await assertNoViolations(page);
  assertClean();
});

test('standalone photo tool in WeChat: a photo checked and fixed, kept as a data: image, no CSP violation', async () => {
  const { defaultBrowserType, ...android } = devices['Moto G4'];
  const wechat = { ...android, userAgent: `${android.userAgent} MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64`, locale: 'zh-CN' };
  const { page, assertClean } = await openPage(env, '?tool=photo', wechat, { initScript: RECORD_VIOLATIONS });
  await assertUnderPolicy(page);
  await page.locator('input[type="file"]').first().setInputFiles(`${FIXTURES}test3.jpg`);
  await page.locator('li[data-check="format"]').waitFor({ state: 'attached', timeout: 20000 });
  await page.getByRole('button', { name: '一键修正' }).click();
  await page.locator('[data-testid="photo-verdict"].ok').waitFor({ timeout: 30000 });
  const kept = page.getByTestId('longpress-image');
  assert.match(await kept.getAttribute('src'), /^data:image\/jpeg;base64,/);
  assert.ok(await kept.evaluate((img) => img.decode().then(() => img.naturalWidth > 0)), 'the data: image loaded');
  await assertNoViolations(page);
  assertClean();
});

test('the recorder sees violations, also from inside the shadow root (so zero means zero)', async () => {
  const { page, problems, assertClean } = await openPage(env, 'demo.html', {}, { initScript: RECORD_VIOLATIONS });
  await assertUnderPolicy(page);
  await page.getByTestId('plan-title').waitFor();
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red; }';
    document.head.append(style);
    document.querySelector('[data-precheck]').shadowRoot.querySelector('.pc-root').setAttribute('style', 'color: red');
  });
  await page.waitForFunction(() => window.__violations.length >= 2);
  const directives = (await page.evaluate(() => window.__violations)).map((v) => v.directive).sort();
  assert.deepEqual(directives, ['style-src-attr', 'style-src-elem']);
  // Chromium also logs each as a console error; those two are expected here.
  const expected = problems.filter((p) => /Content Security Policy/.test(p));
  assert.equal(expected.length, 2, problems.join('\n'));
  problems.splice(0, problems.length, ...problems.filter((p) => !expected.includes(p)));
  assertClean();
});
