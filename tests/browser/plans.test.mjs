// Every plan's verdict in the widget, for a candidate who qualifies and one
// who does not. Answers are put in saved state (schema v1) and the page is
// reloaded, which also proves restored answers are evaluated at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, yearsAgo, monthsAgo } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const work = (occupation, years, days = 0) => [{ employer: '某某有限公司', occupation, start: yearsAgo(years, days), ongoing: true }];
const cert = (occupation, level, years) => [{ occupation, level: String(level), issued: yearsAgo(years) }];

/** The same candidate two months into the work (and the certificate): too early everywhere. */
const twoMonthsIn = (answers) => ({
  work: answers.work.map((w) => ({ ...w, start: monthsAgo(2) })),
  ...(answers.certificates ? { certificates: answers.certificates.map((c) => ({ ...c, issued: monthsAgo(2) })) } : {}),
});

// plan → [qualifying answers, the condition it meets, a figure the explanation shows]
const CASES = {
  'ecommerce-entry': [{ work: work('电子商务师', 2) }, '1', /1年/],
  'ecommerce-4-beijing': [{ work: work('营销员', 7) }, '2', /6年/],
  'ecommerce-1-beijing': [{ work: work('电子商务师', 6), certificates: cert('电子商务师', 2, 6) }, '1', /5年/],
  'supply-chain-1-beijing': [{ work: work('采购员', 6), certificates: cert('供应链管理师', 2, 6) }, '1', /5年/],
  'internet-marketing-1-beijing': [{ work: work('互联网营销师', 6), certificates: cert('互联网营销师', 2, 6) }, '1', /5年/],
  'internet-marketing-4': [{ work: work('互联网营销师', 5) }, '2', /4年/],
  'ecommerce-2-hebei': [{ work: work('电子商务师', 6), certificates: cert('电子商务师', 3, 6) }, '1', /5年/],
  'internet-marketing-2-hebei': [{ work: work('互联网营销师', 6), certificates: cert('互联网营销师', 3, 6) }, '1', /5年/],
};

async function showWith(page, answers) {
  await page.evaluate((a) => localStorage.setItem('precheck:answers', JSON.stringify({ version: 1, answers: a })), answers);
  await page.reload();
  await page.getByTestId('next').click();
  await page.locator('.pc-live li[data-condition]').first().waitFor();
}

for (const [plan, [answers, condition, figure]] of Object.entries(CASES)) {
  test(`${plan}: a qualifying and a non-qualifying candidate`, async () => {
    const { page, assertClean } = await openPage(env, `?plan=${plan}`);
    await page.getByTestId('plan-title').waitFor();

    await showWith(page, answers);
    const met = page.locator(`.pc-live li[data-condition="${condition}"]`);
    assert.equal(await met.getAttribute('data-status'), 'met', await met.innerText());
    assert.match(await met.innerText(), figure);
    assert.match(await page.locator('.pc-live [data-testid="overall"]').innerText(), /可以报名/);

    // Two months of work (after the certificate): nothing is met, and the
    // same condition is judged not met (not left pending) on the figure.
    await showWith(page, twoMonthsIn(answers));
    assert.equal(await page.locator('.pc-live li[data-status="met"]').count(), 0);
    assert.match(await page.locator('.pc-live [data-testid="overall"]').innerText(), /暂未满足/);
    const notMet = page.locator(`.pc-live li[data-condition="${condition}"]`);
    assert.equal(await notMet.getAttribute('data-status'), 'not_met', await notMet.innerText());
    assert.match(await notMet.innerText(), /2个月/);
    assert.match(await notMet.innerText(), figure);
    assertClean();
  });
}

test('supply-chain-1-beijing refuses 电子商务师 as a related occupation, quoting the guide', async () => {
  const { page, assertClean } = await openPage(env, '?plan=supply-chain-1-beijing');
  await page.getByTestId('plan-title').waitFor();
  await showWith(page, { work: work('电子商务师', 8), certificates: cert('电子商务师', 2, 7) });
  const c1 = page.locator('.pc-live li[data-condition="1"]');
  assert.equal(await c1.getAttribute('data-status'), 'not_met');
  assert.match(await page.locator('.pc-root').innerText(), /暂不可作为供应链管理师相关职业/);
  assertClean();
});

test('registration step 6 asks Hebei candidates for a colour photo, as guide 004 does', async () => {
  for (const [plan, colour] of [['ecommerce-2-hebei', true], ['ecommerce-4-beijing', false]]) {
    const { page, assertClean } = await openPage(env, `?plan=${plan}`);
    await page.getByTestId('plan-title').waitFor();
    await showWith(page, CASES[plan][0]);
    await page.locator('button[data-step="register"]').click();
    const step6 = await page.locator('[data-step="6"]').innerText();
    assert.match(step6, /白底一寸证件照（JPG，40k–80k）/, plan);
    assert.equal(/彩色/.test(step6), colour, `${plan}: ${step6}`);
    assertClean();
  }
});
