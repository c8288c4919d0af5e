// A guide's note about one condition shows only for that condition: 001's
// 学信网 note (condition 3's 高职 graduates) is not for a condition-1
// candidate, nor for one who has chosen and meets nothing yet; a note for
// everyone (step 1's) always shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('001\'s 学信网 note at step 6 shows for condition 3 only', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing');
  await page.getByTestId('plan-title').waitFor();
  const stepSix = page.locator('li.pc-reg-step[data-step="6"]');
  const stepOne = page.locator('li.pc-reg-step[data-step="1"]');
  const visit = async (condition) => {
    await page.locator('button[data-step="materials"]').click();
    await page.locator('.pc-step[data-step="materials"][aria-current="step"]').waitFor();
    if (condition) await page.locator(`.pc-condition-option[data-condition="${condition}"] input`).check();
    await page.locator('button[data-step="register"]').click();
    await stepSix.waitFor();
  };

  await visit(null);
  assert.doesNotMatch(await stepSix.innerText(), /学信网/, 'nothing chosen or met: no 学信网 note');
  assert.match(await stepOne.innerText(), /立即注册/, 'the note for everyone shows');
  await visit('1');
  assert.doesNotMatch(await stepSix.innerText(), /学信网/, 'condition 1: no 学信网 note');
  await visit('3');
  assert.match(await stepSix.innerText(), /学信网验证码/, 'condition 3: the note');
  await visit('1');
  assert.doesNotMatch(await stepSix.innerText(), /学信网/, 'back to condition 1: gone again');
  assertClean();
});
