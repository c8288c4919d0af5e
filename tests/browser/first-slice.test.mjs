// The core path end to end, as a candidate on a phone would use it: pick the
// plan, enter work and a certificate, and watch the verdicts change live;
// open the photo tool and see a photo's real format, size and pixels judged
// against "JPG, 40k-80k".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, yearsAgo, fillOngoingWork, FIXTURES } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const verdict = (page, id) => page.locator(`.pc-live li[data-condition="${id}"]`);

async function assertStatus(page, id, status) {
  try {
    // Attached, not necessarily visible: once one condition is met the
    // others fold into 「其他条件」.
    await page.locator(`.pc-live li[data-condition="${id}"][data-status="${status}"]`).waitFor({ state: 'attached', timeout: 5000 });
  } catch {
    assert.fail(`condition ${id}: expected ${status}, got ${await verdict(page, id).getAttribute('data-status')}: ${await verdict(page, id).innerText()}`);
  }
}

test('work and a certificate update the verdicts of ecommerce-4-beijing live', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing');
  await page.getByTestId('plan-title').filter({ hasText: '电子商务师' }).waitFor();
  assert.match(await page.getByTestId('plan-source').innerText(), /电子商务师职业技能等级证书/);
  await screenshot(page, 'step-1-plan');
  await page.getByTestId('next').click();

  // Work topic first; nothing entered yet: no condition met.
  await page.locator('button[data-topic="work"][aria-selected="true"]').waitFor();
  assert.equal(await page.locator('.pc-live li[data-condition][data-status="met"]').count(), 0);
  assert.equal(await page.locator('.pc-live li[data-condition]').count(), 3);

  // Five years in the occupation, ongoing: condition 2 (6 years) is not met, with figures and a date.
  await fillOngoingWork(page, { start: yearsAgo(5) });
  await assertStatus(page, '2', 'not_met');
  const text2 = await verdict(page, '2').innerText();
  assert.match(text2, /5年/);
  assert.match(text2, /6年/);
  assert.match(await verdict(page, '2').locator('.pc-earliest').innerText(), /\d{4}-\d{2}-\d{2}/);

  // The day before the sixth anniversary: still not met; on it: met.
  await page.fill('#work-0-start', yearsAgo(6, -1));
  await assertStatus(page, '2', 'not_met');
  await page.fill('#work-0-start', yearsAgo(6));
  await assertStatus(page, '2', 'met');
  assert.match(await page.locator('.pc-live [data-testid="overall"]').innerText(), /可以报名/);
  await screenshot(page, 'step-2-work');

  // An informal title is not counted; the list name is suggested and one tap applies it.
  await page.fill('#work-0-occupation', '电商运营');
  await assertStatus(page, '2', 'not_met');
  await page.locator('.pc-suggestion button').click();
  assert.equal(await page.inputValue('#work-0-occupation'), '电子商务师');
  await assertStatus(page, '2', 'met');

  // Certificates: a 五级 certificate 4 years ago, with work since 4.5 years: condition 1 met.
  await page.fill('#work-0-start', yearsAgo(4, 180));
  await page.locator('button[data-topic="certificates"]').click();
  await page.getByRole('button', { name: '添加证书' }).click();
  await page.fill('#certificates-0-occupation', '电子商务师');
  await page.selectOption('#certificates-0-level', '5');
  await page.fill('#certificates-0-issued', yearsAgo(4, 1));
  await assertStatus(page, '1', 'met');
  await assertStatus(page, '2', 'not_met');
  // One met is what counts: the unmet ones fold away, a tap opens them.
  const others = page.getByTestId('other-conditions');
  assert.equal(await others.getAttribute('open'), null);
  assert.equal(await others.locator('li[data-condition="2"]').isVisible(), false);
  await others.locator(':scope > summary').click();
  assert.equal(await others.locator('li[data-condition="2"]').isVisible(), true);

  // An impossible entry is shown at the field and in the summary; the text is kept.
  await page.locator('button[data-topic="identity"]').click();
  await page.fill('#id_number', '110105194912310021');
  await page.locator('.pc-error-summary').waitFor();
  assert.equal(await page.inputValue('#id_number'), '110105194912310021');
  await screenshot(page, 'step-2-identity-error');
  assertClean();
});

test('a topic not answered yet shows 待填写, not 不符合; gone through and left empty it is 不符合', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing');
  // Straight to the materials from the first screen: the condition picker's badges say so too.
  await page.locator('.pc-step[data-step="materials"]').click();
  const option3 = page.locator('.pc-condition-option[data-condition="3"] .pc-status');
  await option3.waitFor();
  assert.equal(await option3.innerText(), '待填写');
  await page.locator('.pc-step[data-step="about"]').click();
  await page.locator('button[data-topic="work"][aria-selected="true"]').waitFor();
  // Nothing answered: every condition waits for its topics, none is refused.
  for (const id of ['1', '2', '3']) await assertStatus(page, id, 'pending');
  assert.match(await verdict(page, '3').innerText(), /待填写/);
  assert.match(await verdict(page, '3').locator('.pc-pending').innerText(), /还没填写：学历/);
  assert.doesNotMatch(await verdict(page, '3').innerText(), /不符合/, 'no verdict word that contradicts 待填写');
  assert.match(await page.locator('.pc-live [data-testid="overall"]').innerText(), /还有 3 项需要补充信息/);

  // Work given: condition 2 (work only) is judged; 1 still waits for certificates, 3 for education.
  await fillOngoingWork(page, { start: yearsAgo(2) });
  await assertStatus(page, '2', 'not_met');
  await assertStatus(page, '1', 'pending');
  await assertStatus(page, '3', 'pending');

  // Through every topic with nothing added: "none" now, so not met.
  const topics = await page.locator('button[data-topic]').count();
  for (let i = 1; i < topics; i++) await page.getByTestId('next').click();
  await page.locator('button[data-topic="identity"][aria-selected="true"]').waitFor();
  for (const id of ['1', '2', '3']) await assertStatus(page, id, 'not_met');
  assert.equal(await page.locator('.pc-live .pc-pending').count(), 0);

  // Remembered across a reload, which returns to the same topic.
  await page.reload();
  await page.getByTestId('welcome-back').waitFor();
  await page.locator('button[data-topic="identity"][aria-selected="true"]').waitFor();
  for (const id of ['1', '2', '3']) await assertStatus(page, id, 'not_met');
  assertClean();
  await page.context().close();
});

test('English is one tap away', async () => {
  const { page, assertClean } = await openPage(env, '');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: 'Plan' }).waitFor();
  // The root's lang follows, so screen readers read English as English.
  const rootLang = () => page.locator('.pc-root').getAttribute('lang');
  assert.equal(await rootLang(), 'en', 'on the first screen');
  await page.getByTestId('next').click();
  await page.locator('.pc-live').getByText('No condition met yet').waitFor();
  assert.equal(await rootLang(), 'en', 'after the hand-over');
  await page.getByRole('button', { name: '中文' }).click();
  await page.locator('.pc-live').getByText('暂未满足任何条件').waitFor();
  assert.equal(await rootLang(), 'zh-CN', 'in the full widget');
  assertClean();
});

test('the photo tool shows a photo\'s real format, bytes and pixels, judged against JPG 40k-80k', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo');
  const input = page.locator('input[type="file"]');
  assert.equal(await input.getAttribute('accept'), 'image/*');
  assert.equal(await input.getAttribute('capture'), null);
  assert.equal(await input.getAttribute('multiple'), null);

  await input.setInputFiles(`${FIXTURES}test0.jpg`);
  assert.equal(await page.getByTestId('photo-format').innerText(), 'JPG');
  assert.equal(await page.getByTestId('photo-bytes').innerText(), '209,022 字节');
  assert.equal(await page.getByTestId('photo-dimensions').innerText(), '576 × 768');
  await page.locator('li[data-check="file_size"]').waitFor();
  assert.equal(await page.locator('li[data-check="file_size"]').getAttribute('data-status'), 'fail');
  assert.equal(await page.locator('li[data-check="format"]').getAttribute('data-status'), 'pass');
  await screenshot(page, 'photo-tool-checked');

  // test1.jpg is really WebP: the extension is not trusted.
  await input.setInputFiles(`${FIXTURES}test1.jpg`);
  await page.getByTestId('photo-format').filter({ hasText: 'WebP' }).waitFor();
  assert.equal(await page.getByTestId('photo-bytes').innerText(), '59,886 字节');
  assert.equal(await page.getByTestId('photo-dimensions').innerText(), '764 × 1146');
  await page.locator('li[data-check="format"][data-status="fail"]').waitFor();
  assertClean();
});
