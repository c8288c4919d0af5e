// Answers survive a reload; a corrupted saved state gives a notice, not a
// broken page; "清除我的数据" clears; the ID number is saved only with consent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const saved = (page) => page.evaluate(() => localStorage.getItem('precheck:answers'));

test('reload keeps the answers but not the ID number unless asked', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing');
  await page.getByTestId('next').click();
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await page.fill('#work-0-employer', '北京某某科技有限公司');
  await page.fill('#work-0-start', '2019-03-01');
  await page.locator('button[data-topic="identity"]').click();
  await page.fill('#id_number', '11010519491231002X');
  assert.doesNotMatch(await saved(page), /11010519491231002X/);

  // A reload returns to the same topic (identity), with 欢迎回来.
  await page.reload();
  await page.getByTestId('welcome-back').waitFor();
  await page.locator('button[data-topic="identity"][aria-selected="true"]').waitFor();
  await page.locator('button[data-topic="work"]').click();
  assert.equal(await page.inputValue('#work-0-employer'), '北京某某科技有限公司');
  assert.equal(await page.inputValue('#work-0-start'), '2019-03-01');
  await page.locator('button[data-topic="identity"]').click();
  assert.equal(await page.inputValue('#id_number'), '');

  await page.fill('#id_number', '11010519491231002X');
  await page.check('#keep_id_number');
  assert.match(await saved(page), /11010519491231002X/);
  assertClean();
});

test('a corrupted saved state is discarded with a notice', async () => {
  const { page, assertClean } = await openPage(env, '');
  for (const bad of ['{not json', '{"version": 0, "answers": {}}', '{"version": 1, "answers": {"work": 7}}']) {
    await page.evaluate((v) => localStorage.setItem('precheck:answers', v), bad);
    await page.reload();
    await page.getByTestId('storage-notice').waitFor();
    // The bad state is gone; what is saved now is a fresh, readable one.
    const now = JSON.parse(await saved(page));
    assert.equal(now.version, 1, bad);
    assert.deepEqual(now.answers.work, [], bad);
  }
  await screenshot(page, 'storage-notice');
  assertClean();
});

test('clear my data empties the form and the storage', async () => {
  const { page, assertClean } = await openPage(env, '');
  await page.getByTestId('next').click();
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await page.fill('#work-0-employer', '某公司');
  assert.notEqual(await saved(page), null);
  // Asked twice: 取消 keeps everything, 确定清除 clears.
  await page.getByTestId('clear').click();
  await page.getByTestId('clear-no').click();
  assert.equal(await page.inputValue('#work-0-employer'), '某公司');
  await page.getByTestId('clear').click();
  await page.getByTestId('clear-yes').click();
  await page.getByTestId('next').click();
  assert.equal(await page.locator('#work-0-employer').count(), 0);
  const after = JSON.parse(await saved(page));
  assert.deepEqual(after.answers.work, []);
  assertClean();
});

test('a photo ticked in an earlier visit is unticked on return, and the page says so (photos are never stored)', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing');
  await page.getByTestId('plan-title').waitFor();
  await page.evaluate(() => localStorage.setItem('precheck:answers', JSON.stringify({
    version: 1, answers: { plan: 'ecommerce-4-beijing', ready_materials: ['白底个人一寸照片', '申报表', '别的计划的纸质材料'] },
  })));
  await page.reload();
  const notice = page.getByTestId('photo-unticked');
  await notice.waitFor();
  // Every material of this plan is uploaded as a photo (001), 申报表 too.
  assert.match(await notice.innerText(), /白底个人一寸照片、申报表/);
  assert.doesNotMatch(await notice.innerText(), /别的计划/, 'a tick that is no photo of this plan stays');
  await page.getByTestId('next').click();
  const kept = JSON.parse(await saved(page)).answers.ready_materials;
  assert.deepEqual(kept, ['别的计划的纸质材料']);
  assertClean();
});
