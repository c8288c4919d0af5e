// The fill-in sheet (填写草稿) from the materials step: a Hebei 二级 candidate
// with an informal job title opens the 申报表's sheet and is told first that
// the condition is not met (the statement to certify it greyed, on screen and
// on paper); after the one-tap fix of the title, the boxes with the words to copy (the years in capital numerals, the
// dates as the sample writes them), at 360 px without sideways scrolling and
// without an axe violation; printed to A4 (Chromium's print) it is the sheet
// alone, nothing wider than the page. Screenshots and the PDF in artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { launch, openPage, screenshot, fillOngoingWork, ARTIFACTS } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

/** The `write` text of the `nth` box labelled `label` in `sheet`. */
async function boxText(sheet, label, nth = 0) {
  return sheet.locator(`.pc-sheet-box[data-box="${label}"] .pc-sheet-write`).nth(nth).innerText();
}

test('the 申报表 sheet: problems first, every box, 360 px, and an A4 print of the sheet alone', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-2-hebei', { bypassCSP: true });
  await page.getByTestId('plan-title').waitFor();
  await page.getByTestId('next').click();
  await fillOngoingWork(page, { occupation: '电商运营', start: '2020-03-01' });
  await page.locator('button[data-topic="certificates"]').click();
  await page.getByRole('button', { name: '添加证书' }).click();
  await page.fill('#certificates-0-occupation', '电子商务师');
  await page.selectOption('#certificates-0-level', '3');
  await page.fill('#certificates-0-issued', '2019-06-01');
  await page.locator('button[data-topic="identity"]').click();
  await page.fill('#id_number', '11010519491231002X');
  await page.fill('#phone', '13800138000');
  // A fixed signing date: the years and dates below do not move with the calendar.
  await page.fill('#as_of', '2026-11-22');

  await page.locator('button[data-step="materials"]').click();
  await page.locator('.pc-condition-option[data-condition="1"] input').check();
  const form = page.locator('[data-material="申报表(单位盖章)"]');
  await form.getByTestId('sheet-open').click();
  const sheet = form.getByTestId('sheet');
  await sheet.waitFor();

  // The verdict comes first: 电商运营 does not count, so condition 1 is not met,
  // and nothing on the sheet certifies it (the employer's statement and the
  // signatures are the greyed template).
  const unmet = sheet.getByTestId('sheet-unmet');
  assert.match(await unmet.innerText(), /先不要抄写、签字或盖章[\s\S]*你现在还不符合所选的条件1/);
  const unmetTop = await unmet.evaluate((e) => e.getBoundingClientRect().top);
  const firstBoxTop = await sheet.locator('.pc-sheet-box').first().evaluate((e) => e.getBoundingClientRect().top);
  assert.ok(unmetTop < firstBoxTop, 'the verdict comes before the boxes');
  assert.match(await sheet.getByTestId('sheet-problems').innerText(), /“电商运营”是岗位俗称/);
  const opinion = sheet.locator('.pc-sheet-box[data-box="工作单位意见"]');
  assert.equal(await opinion.getAttribute('data-withheld'), 'true');
  assert.equal(await opinion.getAttribute('data-copy'), 'false');
  assert.doesNotMatch(await opinion.innerText(), /陆年|满5年条件/);
  assert.match(await opinion.innerText(), /样式：符合条件前不填/);
  assert.equal(await sheet.locator('.pc-sheet-box[data-box="本人承诺签字"]').getAttribute('data-withheld'), 'true');
  // No picture of a sheet that must not be copied yet.
  assert.equal(await sheet.getByTestId('sheet-picture-make').count(), 0);
  await sheet.screenshot({ path: `${ARTIFACTS}sheet-unmet-360.png` });
  // Printed, the warning is on the paper too, above the boxes.
  await page.emulateMedia({ media: 'print' });
  const printedWarning = await page.evaluate(() => {
    const root = document.querySelector('[data-precheck]')?.shadowRoot ?? document;
    const w = root.querySelector('.pc-sheet-unmet');
    const box = root.querySelector('.pc-sheet-box');
    return w && w.getClientRects().length > 0 && w.getBoundingClientRect().top < box.getBoundingClientRect().top;
  });
  assert.ok(printedWarning, 'the print carries the warning at the top');
  await page.emulateMedia({ media: 'screen' });

  // The one-tap fix of the title (only if true): the condition is met, and
  // the sheet writes the statement with the years in the post.
  await page.locator('button[data-step="about"]').click();
  await page.locator('button[data-topic="work"]').click();
  await page.getByRole('button', { name: '改为「电子商务师」' }).click();
  await page.locator('button[data-step="materials"]').click();
  await form.getByTestId('sheet-open').click();
  await sheet.waitFor();
  assert.equal(await sheet.getByTestId('sheet-unmet').count(), 0);
  // The boxes, in the form's order, with the words to copy.
  const labels = await sheet.locator('.pc-sheet-box').evaluateAll((els) => els.map((e) => e.dataset.box));
  assert.deepEqual(labels.slice(0, 4), ['编号', '姓名', '性别', '联系电话']);
  assert.equal(labels.at(-1), '评价机构考评结果');
  assert.equal(await sheet.locator('.pc-sheet-box[data-box="编号"]').getAttribute('data-blank'), 'true');
  assert.equal(await boxText(sheet, '申报职业(工种)'), '电子商务师(网商)');
  assert.equal(await boxText(sheet, '申报等级'), '二级');
  assert.equal(await boxText(sheet, '性别'), '女');
  assert.equal(await boxText(sheet, '取证时间'), '2019.06.01');
  assert.equal(await boxText(sheet, '承诺日期'), '2026年11月22日');
  assert.equal(await boxText(sheet, '工作经历'), '2020.03-2026.11 北京某某科技有限公司，电子商务师');
  assert.equal(await boxText(sheet, '现从事岗位(年限)'), '电子商务师（6年）');
  assert.equal(await opinion.getAttribute('data-who'), 'employer');
  assert.equal(await opinion.getAttribute('data-withheld'), 'false');
  assert.match(await opinion.innerText(), /从事电子商务师岗位陆年\(大写\)/);
  assert.match(await opinion.innerText(), /单位填写/);
  // The department is the candidate's to give: a gap, said as such.
  assert.match(await opinion.innerText(), /＿＿＿＿：部门\(车间\)/);
  // The working is behind 「显示依据」.
  assert.doesNotMatch(await opinion.innerText(), /怎么算的/);
  await sheet.getByTestId('sheet-why').check();
  assert.match(await opinion.innerText(), /怎么算的：在“北京某某科技有限公司”任“电子商务师”/);
  assert.equal(await opinion.getAttribute('data-copy'), 'true', 'the opinion is wording to copy');
  assert.equal(await sheet.locator('.pc-sheet-box[data-box="姓名"]').getAttribute('data-copy'), 'false', 'a hint is not');

  // A phone: no sideways scrolling, no axe violation in the open sheet.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(violations, []);
  await sheet.screenshot({ path: `${ARTIFACTS}sheet-360.png` });

  // The sheet as one picture to keep (WeChat can neither print nor download):
  // a PNG as wide as two phone screens' pixels, tall enough for every box.
  await sheet.getByTestId('sheet-picture-make').click();
  const picture = page.getByTestId('keep-picture');
  await picture.waitFor();
  const size = await picture.evaluate(async (img) => {
    await img.decode();
    return { w: img.naturalWidth, h: img.naturalHeight, src: img.src.slice(0, 22) };
  });
  assert.equal(size.src, 'data:image/png;base64,');
  assert.equal(size.w, 1080);
  assert.ok(size.h > 2 * labels.length * 40, `${size.w}×${size.h} for ${labels.length} boxes`);
  await picture.screenshot({ path: `${ARTIFACTS}sheet-picture-360.png` });

  // Print: the sheet alone, nothing wider than an A4 page's printable width.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 680, height: 960 });
  const printed = await page.evaluate(() => {
    const root = document.querySelector('[data-precheck]')?.shadowRoot ?? document;
    const visible = (sel) => [...root.querySelectorAll(sel)].filter((e) => e.getClientRects().length > 0).length;
    const sheetEl = root.querySelector('.pc-sheet');
    const right = sheetEl.getBoundingClientRect().right;
    const widest = Math.max(...[...sheetEl.querySelectorAll('.pc-sheet-box, .pc-sheet-write')].map((e) => e.getBoundingClientRect().right));
    return {
      sheets: visible('.pc-sheet'),
      picker: visible('.pc-condition-picker'),
      otherMaterials: visible('.pc-material-name'),
      printButton: visible('.pc-sheet-print'),
      right,
      widest,
      pageWidth: document.documentElement.scrollWidth,
    };
  });
  assert.equal(printed.sheets, 1);
  assert.equal(printed.picker, 0, 'the condition picker is not printed');
  assert.equal(printed.otherMaterials, 0, 'the checklist is not printed');
  assert.equal(printed.printButton, 0);
  assert.ok(printed.widest <= printed.right + 0.5, `a box overflows the sheet: ${printed.widest} > ${printed.right}`);
  assert.ok(printed.pageWidth <= 680, `the printed page is ${printed.pageWidth}px wide`);
  await page.screenshot({ path: `${ARTIFACTS}sheet-print.png`, fullPage: true });
  const pdfPath = `${ARTIFACTS}sheet-a4.pdf`;
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: false });
  const pdf = (await readFile(pdfPath)).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  assertClean();
});

test('two open sheets print one form per page (the 申报表, then the 工作经历承诺书)', async () => {
  const { page, assertClean } = await openPage(env, '?plan=ecommerce-4-beijing', { bypassCSP: true });
  await page.getByTestId('plan-title').waitFor();
  await page.getByTestId('next').click();
  await fillOngoingWork(page, { occupation: '电子商务师', start: '2018-03-01' });
  await page.locator('button[data-topic="identity"]').click();
  await page.fill('#as_of', '2026-11-22');
  await page.locator('button[data-step="materials"]').click();
  await page.locator('.pc-condition-option[data-condition="2"] input').check();
  for (const material of ['申报表', '工作经历承诺书']) {
    const item = page.locator(`[data-material="${material}"]`);
    await item.getByTestId('sheet-open').click();
    await item.getByTestId('sheet').waitFor();
  }

  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 680, height: 960 });
  const printed = await page.evaluate(() => {
    const root = document.querySelector('[data-precheck]')?.shadowRoot ?? document;
    return [...root.querySelectorAll('.pc-sheet')]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => ({ title: e.querySelector('.pc-sheet-title').textContent, breakBefore: getComputedStyle(e.closest('.pc-material')).breakBefore }));
  });
  assert.equal(printed.length, 2, 'both open sheets are printed');
  assert.match(printed[0].title, /申报表/);
  assert.match(printed[1].title, /工作经历承诺书/);
  assert.equal(printed[1].breakBefore, 'page', 'the second form\'s checklist item starts a new page');
  const pdfPath = `${ARTIFACTS}sheet-two-forms-a4.pdf`;
  await page.pdf({ path: pdfPath, format: 'A4', printBackground: false });
  const pdf = (await readFile(pdfPath)).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 2, `two short forms on ${pages} pages`);
  assertClean();
});
