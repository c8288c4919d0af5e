// 「不知道报哪个？先填我的情况」: the first screen's second way in, the
// questions of every plan, the overview (every plan, the path up the levels),
// and a tapped plan's walk-through with the same answers and verdict. Axe
// on the overview at 360×640; a screenshot of it in artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, openPage, screenshot, fillOngoingWork } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** From the first screen to the overview, answering work and the ID number. */
async function answerAndSeeOverview(page) {
  await page.getByTestId('plan-title').waitFor();
  await screenshot(page, 'levels-first-screen');
  await page.getByTestId('levels-entry').click();
  const heading = page.getByTestId('levels-heading');
  await heading.waitFor();
  assert.match(await heading.innerText(), /我的情况/);
  // Every topic any plan asks about, one tab each, and the overview.
  const tabs = await page.locator('.pc-topics button[role="tab"]').evaluateAll((b) => b.map((x) => x.dataset.topic));
  assert.deepEqual(tabs, ['work', 'certificates', 'titles', 'education', 'training', 'identity', 'overview']);
  await fillOngoingWork(page, { occupation: '电子商务师', start: '2018-03-01' });
  for (let i = 0; i < 5; i++) await page.getByTestId('levels-next').click();
  await page.fill('#id_number', '11010519491231002X');
  await page.getByTestId('levels-next').click();
  await page.getByTestId('overview').waitFor();
}

test('不知道报哪个 → answers → overview → a plan → the same answers and verdict', async () => {
  const { page, assertClean } = await openPage(env, '', { bypassCSP: true });
  await answerAndSeeOverview(page);

  // Every plan once, grouped by occupation, each with a verdict.
  assert.equal(await page.locator('.pc-levels-plan[data-plan]').count(), 8);
  const beijing4 = page.locator('button.pc-levels-plan[data-plan="ecommerce-4-beijing"]');
  assert.equal(await beijing4.getAttribute('data-status'), 'now');
  const text = await beijing4.innerText();
  assert.match(text, /现在可以报/);
  const cond = text.match(/条件 (\d)/)?.[1];
  assert.ok(cond, text);
  // Hebei 二级 needs a 三级 certificate: waiting does not help.
  const hebei = page.locator('.pc-levels-plan[data-plan="ecommerce-2-hebei"]');
  assert.equal(await hebei.getAttribute('data-status'), 'not_met');
  assert.match(await hebei.innerText(), /三级证书/);
  // The path: 电子商务师 first (the candidate's own), 五级 by the template
  // (the ID number shows 16 or over), 三级 on the 10th anniversary by the template.
  const path = page.locator('.pc-levels-path').first();
  assert.equal(await path.locator('li').count(), 5);
  const five = path.locator('li[data-level="5"]');
  assert.equal(await five.getAttribute('data-source'), 'standard');
  assert.equal(await five.getAttribute('data-status'), 'now');
  // The template's disclaimer: a mark on each level it decides, the words once.
  assert.match(await five.innerText(), /按国家规程模板＊/);
  assert.equal(await page.getByTestId('template-note').count(), 1);
  assert.match(await page.getByTestId('template-note').innerText(), /按国家规程模板；本机构暂无该级别的报考指南，以正式发布的指南为准/);
  const three = path.locator('li[data-level="3"]');
  assert.equal(await three.getAttribute('data-status'), 'later');
  assert.match(await three.innerText(), /2028-03-01 起可以报/);
  // The recommendation comes first: a 四级 plan open now, for 电子商务师.
  const rec = page.getByTestId('recommendation');
  assert.match(await rec.getAttribute('data-plan'), /^ecommerce-(4-beijing|entry)$/);
  assert.match(await rec.innerText(), /建议报考[\s\S]*现在就可以报/);
  assert.equal(await path.locator('li[data-level="4"]').getAttribute('data-source'), 'guide');

  // A phone-sized page: no sideways scrolling, no axe violation.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
  assert.deepEqual(await axeViolations(page), []);
  await screenshot(page, 'levels-overview');

  // Tap the plan: the summary opens with 核对你的回答 (every answer already
  // there, 更改 links); the about-you step has the same verdict.
  await beijing4.click();
  await page.locator('button[data-step="summary"][aria-current="step"]').waitFor();
  await page.getByTestId('check-answers').waitFor();
  assert.match(await page.locator('.pc-check-row[data-topic="work"]').innerText(), /电子商务师/);
  await page.locator('.pc-check-row[data-topic="work"] [data-testid="change"]').click();
  await page.locator('button[data-step="about"][aria-current="step"]').waitFor();
  await page.locator(`.pc-live li[data-condition="${cond}"][data-status="met"]`).waitFor();
  await page.locator('button[data-topic="work"]').click();
  assert.equal(await page.inputValue('#work-0-occupation'), '电子商务师');
  assert.equal(await page.inputValue('#work-0-start'), '2018-03-01');
  await page.locator('button[data-step="plan"]').click();
  assert.match(await page.getByTestId('plan-title').innerText(), /电子商务师（四级）· 北京/);
  await screenshot(page, 'levels-walkthrough');

  // The summary leads back to the overview.
  await page.locator('button[data-step="summary"]').click();
  await page.getByTestId('levels-link').click();
  await page.getByTestId('overview').waitFor();
  assert.equal(await page.locator('button.pc-levels-plan[data-plan="ecommerce-4-beijing"]').getAttribute('data-status'), 'now');
  assertClean();
});

test('the overview in English, and a host page that fixes the plan keeps its flow', async () => {
  const { page, assertClean } = await openPage(env, '');
  await answerAndSeeOverview(page);
  await page.getByRole('button', { name: /English|EN/ }).first().click();
  await page.getByRole('heading', { name: 'Every plan' }).waitFor();
  assert.match(await page.locator('.pc-levels-path li[data-level="5"]').first().innerText(), /National template\*/);
  assert.match(await page.getByTestId('template-note').innerText(), /national template/i);
  assert.match(await page.locator('button.pc-levels-plan[data-plan="ecommerce-4-beijing"]').innerText(), /You can register now/);
  assertClean();

  // data-plan fixed: no second way in on the first screen.
  const fixed = await openPage(env, 'demo.html');
  await fixed.page.getByTestId('plan-title').waitFor();
  const hasFixed = await fixed.page.evaluate(() => [...document.querySelectorAll('[data-precheck]')].some((e) => e.hasAttribute('data-plan')));
  if (hasFixed) assert.equal(await fixed.page.getByTestId('levels-entry').count(), 0);
  fixed.assertClean();
});
