// Every screen of the walk-through at 360 px, in Chinese and in English, saved
// as a full-page picture under artifacts/screens/ for a person to look at
// (issue 30: "screenshots of every screen at 360 px"). Each screen is also
// checked for what a phone shows badly: sideways scrolling and text under
// 14 px. The materials screen is taken with a fill-in sheet and its picture
// open, the photo tool before and after a fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { launch, openPage, ARTIFACTS, FIXTURES, idNumber, smallText } from './harness.mjs';

let env;
before(async () => {
  env = await launch();
  await mkdir(`${ARTIFACTS}screens`, { recursive: true });
});
after(async () => { await env?.close(); });

/** Saves the screen as screens/NN-name.png and checks it fits a phone. */
function shooter(page, lang) {
  let n = 0;
  const shot = async (name) => {
    n += 1;
    const file = `${ARTIFACTS}screens/${lang}-${String(n).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: file, fullPage: true });
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 0, `${name}: scrolls sideways by ${sideways}px`);
    assert.deepEqual(await smallText(page), [], `${name}: text under 14 px`);
  };
  shot.count = () => n;
  return shot;
}

for (const lang of ['zh', 'en']) {
  test(`every screen of the walk-through at 360 px (${lang})`, async () => {
    const { page, assertClean } = await openPage(env, lang === 'en' ? '?lang=en' : '');
    const shot = shooter(page, lang);
    await page.getByTestId('plan-title').waitFor();
    await shot('plan');
    await page.getByTestId('next').click();
    await page.locator('button[data-step="about"][aria-current="step"]').waitFor();
    // Each 关于你 topic: the first with a work period in it.
    await page.locator('.pc-entry, .pc-add').first().waitFor();
    await page.getByRole('button', { name: lang === 'en' ? /Add a period of work/ : '添加一段工作经历' }).click();
    await page.fill('#work-0-employer', '北京某某科技有限公司');
    await page.fill('#work-0-occupation', '电子商务师');
    await page.fill('#work-0-start', '2018-03-01');
    await page.check('#work-0-ongoing');
    const topics = await page.locator('.pc-topic').evaluateAll((els) => els.map((e) => e.dataset.topic));
    for (const topic of topics) {
      await page.locator(`.pc-topic[data-topic="${topic}"]`).click();
      await page.locator(`.pc-topic[data-topic="${topic}"][aria-selected="true"]`).waitFor();
      if (topic === 'identity') await page.fill('#id_number', idNumber('19950315'));
      await shot(`about-${topic}`);
    }
    await page.locator('button[data-step="materials"]').click();
    await page.locator('button[data-step="materials"][aria-current="step"]').waitFor();
    await shot('materials');
    const sheetOpen = page.getByTestId('sheet-open').first();
    if (await sheetOpen.count()) {
      await sheetOpen.click();
      await page.getByTestId('sheet').first().waitFor();
      await page.getByTestId('sheet-picture-make').first().click();
      await page.getByTestId('keep-picture').first().waitFor();
      await shot('materials-sheet-picture');
    }
    await page.locator('button[data-step="register"]').click();
    await page.locator('button[data-step="register"][aria-current="step"]').waitFor();
    await shot('register');
    await page.locator('button[data-step="summary"]').click();
    await page.locator('button[data-step="summary"][aria-current="step"]').waitFor();
    await shot('summary');
    console.log(`# ${lang}: ${shot.count()} screens saved under artifacts/screens/`);
    assertClean();
  });
}

test('the photo tool at 360 px: the picture at once, failures only, then the fixed photo alone', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo');
  const shot = shooter(page, 'photo');
  await page.locator('input[type="file"]').first().waitFor({ state: 'attached' });
  await shot('empty');
  await page.locator('input[type="file"]').first().setInputFiles(`${FIXTURES}test2.jpg`);
  await page.getByTestId('photo-preview').waitFor();
  await page.locator('[data-testid="photo-verdict"]').waitFor({ timeout: 30000 });
  // Only what failed is listed; what passed folds into one line.
  const open = await page.locator('.pc-checks li:visible').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.ok(open.length > 0 && open.every((s) => s !== 'pass'), `shown: ${open}`);
  await page.getByTestId('photo-passed').waitFor();
  await shot('checked');
  await page.getByRole('button', { name: '一键修正' }).click();
  await page.locator('.pc-before-after').waitFor({ timeout: 30000 });
  await page.getByTestId('fixed-from').waitFor();
  // The original's report is gone: one verdict, the fixed photo's.
  assert.equal(await page.getByTestId('photo-verdict').count(), 1);
  assert.equal(await page.getByTestId('photo-preview').count(), 0, 'the before/after replaces the first look');
  await shot('fixed');
  assertClean();
});
