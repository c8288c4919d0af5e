// The first slice end to end, as a candidate on a phone would use it:
// answer two questions and watch the verdicts change; choose photos and see
// their real format, size and pixels judged against "JPG, 40k-80k".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, FIXTURES } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const verdict = (page, id) => page.locator(`li[data-condition="${id}"]`);

test('answers update the verdicts of plan ecommerce-4-beijing live', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing');
  await page.locator('h1').filter({ hasText: '电子商务师' }).waitFor();

  // Nothing answered: no condition is met yet.
  assert.equal(await page.locator('li[data-condition][data-status="met"]').count(), 0);
  assert.equal(await page.locator('li[data-condition]').count(), 3);

  // 5 years, no certificate: condition 2 (6 years) is not met, with the figures.
  await page.fill('#years_worked', '5');
  await page.getByLabel('没有').check();
  await assertStatus(page, '2', 'not_met');
  assert.match(await verdict(page, '2').innerText(), /5年/);
  assert.match(await verdict(page, '2').innerText(), /6年/);
  assert.match(await verdict(page, '2').locator('.pc-earliest').innerText(), /\d{4}-\d{2}-\d{2}/);
  assert.equal(await verdict(page, '1').getAttribute('data-status'), 'not_met');

  // 6 years: condition 2 is met and the overall verdict says so.
  await page.fill('#years_worked', '6');
  await assertStatus(page, '2', 'met');
  assert.match(await page.getByTestId('overall').innerText(), /可以报名/);

  // A 五级 certificate from 4 years ago with 4.5 years of work: condition 1 is met too.
  await page.fill('#years_worked', '4.5');
  await page.getByLabel('有', { exact: true }).check();
  const fourYearsAgo = new Date();
  fourYearsAgo.setFullYear(fourYearsAgo.getFullYear() - 4);
  fourYearsAgo.setDate(fourYearsAgo.getDate() - 1);
  await page.fill('#level5_issued', fourYearsAgo.toISOString().slice(0, 10));
  await assertStatus(page, '1', 'met');
  await assertStatus(page, '2', 'not_met');

  // A typo is shown at the field and in the summary, and the text is kept.
  await page.fill('#years_worked', '4,5年');
  await page.locator('.pc-error-summary').waitFor();
  assert.equal(await page.inputValue('#years_worked'), '4,5年');
  await screenshot(page, 'first-slice-answers');
  assertClean();
});

test('English is one tap away', async () => {
  const { page, assertClean } = await openPage(env, '');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('About you').waitFor();
  assert.match(await page.getByTestId('overall').innerText(), /No condition met yet/);
  assertClean();
});

test('a chosen photo shows its real format, bytes and pixels, judged against JPG 40k-80k', async () => {
  const { page, assertClean } = await openPage(env, '');
  const input = page.locator('input[type="file"]');
  assert.equal(await input.getAttribute('accept'), 'image/*');
  assert.equal(await input.getAttribute('capture'), null);

  await input.setInputFiles(`${FIXTURES}test0.jpg`);
  assert.equal(await page.getByTestId('photo-format').innerText(), 'JPG');
  assert.equal(await page.getByTestId('photo-bytes').innerText(), '209,022 字节');
  assert.equal(await page.getByTestId('photo-dimensions').innerText(), '576 × 768');
  await page.locator('li[data-check="file_size"]').waitFor();
  assert.equal(await page.locator('li[data-check="file_size"]').getAttribute('data-status'), 'fail');
  assert.equal(await page.locator('li[data-check="format"]').getAttribute('data-status'), 'pass');
  await screenshot(page, 'first-slice-photo-jpeg');

  // test1.jpg is really WebP: the extension is not trusted.
  await input.setInputFiles(`${FIXTURES}test1.jpg`);
  await page.getByTestId('photo-format').filter({ hasText: 'WebP' }).waitFor();
  assert.equal(await page.getByTestId('photo-bytes').innerText(), '59,886 字节');
  assert.equal(await page.getByTestId('photo-dimensions').innerText(), '764 × 1146');
  await page.locator('li[data-check="format"][data-status="fail"]').waitFor();
  assertClean();
});

async function assertStatus(page, id, status) {
  try {
    await page.locator(`li[data-condition="${id}"][data-status="${status}"]`).waitFor({ timeout: 5000 });
  } catch {
    assert.fail(`condition ${id}: expected ${status}, got ${await verdict(page, id).getAttribute('data-status')}: ${await verdict(page, id).innerText()}`);
  }
}
