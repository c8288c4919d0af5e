// Keeping the fixed photo where downloads do nothing. WeChat on iOS finds the
// image to save by hit-testing the page from its own script, and inside a
// shadow root document.elementFromPoint gives the host element, not the
// <img>: the long-press image is a child of the widget's element in the
// page's own DOM (shown through a slot), with the photo's bytes in a data:
// URL. Any Android WebView inside some other app (`; wv)`) that cannot share
// files gets the long-press image too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, screenshot, devices, ARTIFACTS, FIXTURES, jpegSize } from './harness.mjs';

const WECHAT_ANDROID = ' XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const WECHAT_IOS = ' MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
// A bank's app showing the page in a WebView: not in the list of in-app browsers.
const OTHER_WEBVIEW = 'Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 SomeBankApp/6.2';
// Stands in for a WebView whose app does take shared files.
const SHARE_STAND_IN = `
  navigator.canShare = (data) => Boolean(data && data.files && data.files.length);
  navigator.share = async () => {};`;

function device(name, userAgent) {
  const { defaultBrowserType, ...options } = devices[name];
  return { ...options, userAgent, locale: 'zh-CN' };
}

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

async function fixPortrait(page) {
  await page.locator('input[type="file"]').first().setInputFiles(`${FIXTURES}test0.jpg`);
  await page.getByRole('button', { name: '一键修正' }).click({ timeout: 30000 });
  await page.locator('.pc-before-after').waitFor({ timeout: 30000 });
}

const WECHAT = [
  { name: 'Android WeChat', options: device('Moto G4', devices['Moto G4'].userAgent + WECHAT_ANDROID) },
  { name: 'iPhone WeChat', options: device('iPhone 13', devices['iPhone 13'].userAgent + WECHAT_IOS) },
];

for (const profile of WECHAT) {
  test(`${profile.name}: elementFromPoint at the long-press image's centre is that <img>, a data: JPEG`, async () => {
    const { page, assertClean } = await openPage(env, '?tool=photo', profile.options);
    await fixPortrait(page);
    const box = page.locator('[data-testid="save-longpress"]');
    await box.waitFor();
    assert.match(await box.innerText(), /长按图片，选择「保存图片」/);
    const img = page.getByTestId('longpress-image');
    await img.scrollIntoViewIfNeeded();
    const hit = await img.evaluate(async (el) => {
      await el.decode();
      const r = el.getBoundingClientRect();
      const found = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        same: found === el,
        found: found ? `${found.tagName.toLowerCase()}.${found.className}` : 'nothing',
        inLightDom: el.getRootNode() === document,
        src: el.src,
        alt: el.alt,
        width: r.width,
        viewport: document.documentElement.clientWidth,
      };
    });
    assert.ok(hit.inLightDom, 'the image is in the page\'s own DOM');
    assert.ok(hit.same, `elementFromPoint at the centre gives ${hit.found}, not the <img>`);
    assert.match(hit.src, /^data:image\/jpeg;base64,/);
    assert.equal(hit.alt, '修正后的照片（长按保存）');
    assert.ok(hit.width >= hit.viewport * 0.75, `long-press image is ${hit.width}px of ${hit.viewport}`);
    const bytes = Buffer.from(hit.src.slice(hit.src.indexOf(',') + 1), 'base64');
    assert.ok(bytes.length >= 40960 && bytes.length <= 80000, `size ${bytes.length}`);
    const { width, height } = jpegSize(bytes);
    assert.ok(Math.abs(width / height - 5 / 7) < 0.01, `${width}×${height}`);
    // The small 修正后 preview is long-pressable too: a data: JPEG in the page's
    // own DOM, the same bytes, found by elementFromPoint at its centre.
    const preview = page.getByTestId('longpress-preview');
    await preview.scrollIntoViewIfNeeded();
    const small = await preview.evaluate(async (el) => {
      await el.decode();
      const r = el.getBoundingClientRect();
      const found = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return { same: found === el, inLightDom: el.getRootNode() === document, src: el.src, alt: el.alt, width: r.width };
    });
    assert.ok(small.inLightDom, 'the preview is in the page\'s own DOM');
    assert.ok(small.same, 'elementFromPoint at the preview\'s centre is the preview');
    assert.equal(small.src, hit.src, 'the preview is the same JPEG');
    assert.equal(small.alt, '修正后（长按保存）');
    assert.ok(small.width > 40 && small.width < hit.width, `preview ${small.width}px`);
    // what the candidate sees where the image is (the full page is saved too)
    await page.screenshot({ path: `${ARTIFACTS}wechat-save-${profile.name.replace(/\W+/g, '-')}.png` });
    await screenshot(page, `wechat-save-${profile.name.replace(/\W+/g, '-')}-full`);

    // Choosing another photo takes the old image away: one image, never two.
    await page.locator('input[type="file"]').first().setInputFiles(`${FIXTURES}test3.jpg`);
    await page.waitForFunction(() => !document.querySelector('[data-precheck] > img'), null, { timeout: 30000 });
    assert.equal(await page.locator('[data-precheck] > img').count(), 0, 'the old long-press image is gone');
    assertClean();
  });
}

test('an Android WebView in another app, without file sharing, gets the long-press image', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo', device('Moto G4', OTHER_WEBVIEW));
  await fixPortrait(page);
  const box = page.locator('[data-testid="save-longpress"]');
  await box.waitFor();
  assert.match(await box.innerText(), /这个应用里不能直接下载文件/);
  assert.equal(await page.getByRole('link', { name: '下载修正后的照片' }).count(), 0);
  assert.match(await page.getByTestId('longpress-image').getAttribute('src'), /^data:image\/jpeg;base64,/);
  assertClean();
});

test('an Android WebView that shares files keeps the download link and the share button', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo', device('Moto G4', OTHER_WEBVIEW), { initScript: SHARE_STAND_IN });
  await fixPortrait(page);
  await page.locator('[data-testid="save-download"]').waitFor();
  assert.equal(await page.getByRole('link', { name: '下载修正后的照片' }).count(), 1);
  assert.equal(await page.getByRole('button', { name: '分享或存到相册' }).count(), 1);
  assert.equal(await page.locator('[data-testid="save-longpress"]').count(), 0);
  assertClean();
});
