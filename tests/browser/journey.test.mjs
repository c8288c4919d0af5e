// Issue 30's candidates, walked at 360×640 as they would (WebKit walks the
// same in engines/journey.mjs):
// - a 26-year-old 电商运营 with a 五级 certificate who does not know which
//   level to take: the overview recommends a plan first, marks 五级 已取得,
//   and the recommended plan's summary shows 核对你的回答 with 更改 links;
//   the taps from the first screen to that summary are counted;
// - a 45-year-old 会计 of 20 years who wants 二级 in Hebei: the outcome page
//   says why (the 会计 years do not count), what would change it, and a way on;
// - one who closes the page halfway: back goes back a screen, a reload
//   returns to the same screen with 「欢迎回来」, in the overview mode too;
// - the first candidate in English: plan and level names in English.
// Every screen passed through is checked for text under 14 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, idNumber, smallText } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** Counts the candidate's taps (buttons, checkboxes, links) and fields typed in. */
function counter(page) {
  const n = { taps: 0, fields: 0 };
  return {
    n,
    tap: async (locator) => { n.taps++; await locator.click(); },
    check: async (sel) => { n.taps++; await page.check(sel); },
    fill: async (sel, v) => { n.fields++; await page.fill(sel, v); },
    select: async (sel, v) => { n.fields++; await page.selectOption(sel, v); },
  };
}

test('电商运营 with 五级: the overview recommends first, 五级 已取得, then the summary with 核对你的回答 in at most 16 taps', async () => {
  const { page, assertClean } = await openPage(env, '');
  const c = counter(page);
  await page.getByTestId('plan-title').waitFor();
  await c.tap(page.getByTestId('levels-entry'));
  await c.tap(page.getByRole('button', { name: '添加一段工作经历' }));
  await c.fill('#work-0-occupation', '电商运营');
  await c.fill('#work-0-start', '2020-07-01');
  await c.check('#work-0-ongoing');
  // The informal title: one tap to the list's name.
  const fix = page.locator('.pc-suggestion button').first();
  await fix.waitFor();
  await c.tap(fix);
  assert.equal(await page.inputValue('#work-0-occupation'), '电子商务师');
  await c.tap(page.getByTestId('levels-next'));
  await c.tap(page.getByRole('button', { name: '添加证书' }));
  await c.fill('#certificates-0-occupation', '电子商务师');
  await c.select('#certificates-0-level', '5');
  await c.fill('#certificates-0-issued', '2022-06-01');
  assert.deepEqual(await smallText(page), [], 'text under 14 px on the certificates topic');
  for (let i = 0; i < 4; i++) await c.tap(page.getByTestId('levels-next'));
  await c.fill('#id_number', idNumber('20000315'));
  await c.tap(page.getByTestId('levels-next'));
  await page.getByTestId('overview').waitFor();

  // The recommendation first; 五级 held, not 现在可以报; the chained 三级.
  const rec = page.getByTestId('recommendation');
  assert.match(await rec.getAttribute('data-plan'), /^ecommerce-(4-beijing|entry)$/);
  const order = await page.evaluate(() => {
    const r = document.querySelector('[data-precheck]').shadowRoot;
    return [...r.querySelectorAll('[data-testid="recommendation"], [data-testid="overview-headline"], .pc-levels-list')].map((e) => e.dataset.testid ?? 'list');
  });
  assert.equal(order[0], 'recommendation', `the recommendation comes first: ${order}`);
  const five = page.locator('.pc-levels-path').first().locator('li[data-level="5"]');
  assert.equal(await five.getAttribute('data-held'), '5');
  assert.match(await five.innerText(), /已取得/);
  assert.doesNotMatch(await five.innerText(), /现在可以报/);
  // 三级: ten years of work from 2020 (2030-07-01) comes before 四级 taken
  // today plus four years, so no 「先考四级」 line (the case tables cover it).
  const three = page.locator('.pc-levels-path').first().locator('li[data-level="3"]');
  assert.match(await three.innerText(), /2030-07-01 起可以报/);
  assert.deepEqual(await smallText(page), [], 'text under 14 px on the overview');
  await screenshot(page, 'journey-overview-recommendation');

  await c.tap(page.getByTestId('recommendation-go'));
  await page.locator('button[data-step="summary"][aria-current="step"]').waitFor();
  const check = page.getByTestId('check-answers');
  await check.waitFor();
  assert.match(await check.locator('.pc-check-row[data-topic="work"]').innerText(), /电子商务师 · — · 2020-07-01–至今/);
  assert.match(await check.locator('.pc-check-row[data-topic="identity"]').innerText(), /尾号/);
  assert.doesNotMatch(await check.innerText(), /20000315/, 'the ID number itself is not shown');
  console.log(`# taps from the first screen to the summary: ${c.n.taps} taps, ${c.n.fields} fields typed in`);
  assert.ok(c.n.taps <= 16, `${c.n.taps} taps (issue 30: at most half of 32)`);
  // The list of things to fix and the "what next" line count the same things.
  const listed = (await page.getByTestId('summary-problems').locator('h3').innerText()).match(/（(\d+) 处）/)?.[1];
  const next = (await page.getByTestId('summary-next').innerText()).match(/改正表单上的 (\d+) 处问题/)?.[1];
  assert.ok(listed, 'a problem is listed (no employer given)');
  assert.equal(next, listed, 'the same count in the list and in what to do next');
  assert.deepEqual(await smallText(page), [], 'text under 14 px on the summary');
  await screenshot(page, 'journey-summary-check-answers');

  // 更改 opens the topic; the step bar says what is done.
  await page.locator('.pc-check-row[data-topic="work"] [data-testid="change"]').click();
  await page.locator('button[data-step="about"][aria-current="step"]').waitFor();
  await page.locator('button[data-topic="work"][aria-selected="true"]').waitFor();
  assert.equal(await page.inputValue('#work-0-start'), '2020-07-01');
  assert.equal(await page.locator('button[data-step="plan"]').getAttribute('data-state'), 'done');
  assert.deepEqual(await smallText(page), [], 'text under 14 px in the walk-through');
  assertClean();
});

test('会计 of 20 years wanting 河北二级: the outcome page says why, what would change it, and where to go', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-2-hebei');
  await page.getByTestId('plan-title').waitFor();
  await page.getByTestId('next').click();
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await page.fill('#work-0-employer', '石家庄某会计师事务所');
  await page.fill('#work-0-occupation', '会计');
  await page.fill('#work-0-start', '2006-09-01');
  await page.check('#work-0-ongoing');
  await page.locator('button[data-step="summary"]').click();
  const outcome = page.getByTestId('outcome');
  await outcome.waitFor();
  assert.equal(await page.getByTestId('summary-status').getAttribute('data-standing'), 'not_yet');
  const why = await page.getByTestId('outcome-reason').innerText();
  assert.match(why, /条件 \d/, why);
  assert.match(why, /“会计”工作不属于本职业或相关职业，所以这段年限不计入/, why);
  // No certificate given yet: answering that question comes first.
  assert.match(await page.getByTestId('outcome-change').innerText(), /先回答还没回答的问题/);
  // A way on: the plans open now, or when each level opens.
  const ways = (await page.getByTestId('outcome-plans').count()) + (await page.getByTestId('outcome-overview').count());
  assert.ok(ways > 0, 'the outcome page offers a next step');
  assert.deepEqual(await smallText(page), [], 'text under 14 px on the outcome page');
  await screenshot(page, 'journey-outcome-not-eligible');
  assertClean();
});

test('closing halfway: back goes back a screen, a reload returns to it with 欢迎回来, the overview mode too', async () => {
  const { page, assertClean } = await openPage(env, '');
  await page.getByTestId('plan-title').waitFor();
  await page.getByTestId('next').click();
  await page.locator('button[data-step="about"][aria-current="step"]').waitFor();
  const firstTopic = await page.locator('.pc-topic[aria-selected="true"]').getAttribute('data-topic');
  await page.getByTestId('next').click();
  const secondTopic = await page.locator('.pc-topic[aria-selected="true"]').getAttribute('data-topic');
  assert.notEqual(firstTopic, secondTopic);
  // The phone's back: the previous topic, still in the widget.
  await page.goBack();
  await page.locator(`.pc-topic[data-topic="${firstTopic}"][aria-selected="true"]`).waitFor();
  await page.goForward();
  await page.locator(`.pc-topic[data-topic="${secondTopic}"][aria-selected="true"]`).waitFor();
  // A reload: the same step and topic, and a welcome line.
  await page.reload();
  await page.getByTestId('welcome-back').waitFor();
  await page.locator('button[data-step="about"][aria-current="step"]').waitFor();
  await page.locator(`.pc-topic[data-topic="${secondTopic}"][aria-selected="true"]`).waitFor();
  await screenshot(page, 'journey-welcome-back');
  // The overview mode survives a reload; nothing is preselected for them.
  await page.close();
  const fresh = await openPage(env, '');
  await fresh.page.getByTestId('plan-title').waitFor();
  await fresh.page.getByTestId('levels-entry').click();
  await fresh.page.getByTestId('levels-next').click();
  await fresh.page.reload();
  await fresh.page.getByTestId('welcome-back').waitFor();
  assert.match(await fresh.page.getByTestId('levels-heading').innerText(), /我的情况/);
  assertClean();
  fresh.assertClean();
});

test('in English: the recommendation, plan and level names are English', async () => {
  const { page, assertClean } = await openPage(env, '?lang=en');
  await page.getByTestId('plan-title').waitFor();
  await page.getByTestId('levels-entry').click();
  await page.getByRole('button', { name: /Add a period of work/ }).click();
  await page.fill('#work-0-occupation', '电子商务师');
  await page.fill('#work-0-start', '2020-07-01');
  await page.check('#work-0-ongoing');
  await page.getByTestId('levels-next').click();
  await page.getByRole('button', { name: /Add a certificate/ }).click();
  await page.fill('#certificates-0-occupation', '电子商务师');
  await page.selectOption('#certificates-0-level', '5');
  await page.fill('#certificates-0-issued', '2022-06-01');
  for (let i = 0; i < 4; i++) await page.getByTestId('levels-next').click();
  await page.fill('#id_number', idNumber('20000315'));
  await page.getByTestId('levels-next').click();
  await page.getByTestId('overview').waitFor();
  const rec = await page.getByTestId('recommendation').innerText();
  assert.match(rec, /Take this one/);
  assert.match(rec, /E-commerce specialist, level 4/, rec);
  const five = page.locator('.pc-levels-path').first().locator('li[data-level="5"]');
  assert.match(await five.innerText(), /Level 5[\s\S]*Already held/);
  await screenshot(page, 'journey-overview-en');
  assertClean();
});
