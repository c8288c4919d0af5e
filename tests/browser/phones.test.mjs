// The photo path as phones take it: an Android phone and an iPhone (from
// playwright-core's device table), each also with WeChat's user agent. A 12 MP
// camera JPEG, stored sideways with EXIF orientation 6 on a grey backdrop, is
// fixed in `?tool=photo`, and the fixed file is fetched the way that profile
// keeps it: the download link (Android), the share sheet (iPhone: headless
// Chromium has no Web Share, so a stand-in records what is shared), or the
// long-press image (WeChat, where downloads do nothing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launch, openPage, screenshot, devices, ARTIFACTS, FIXTURES, jpegSize } from './harness.mjs';

const HEIC = fileURLToPath(new URL('./fixtures/portrait.heic', import.meta.url));
const WECHAT_ANDROID = ' XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const WECHAT_IOS = ' MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

function device(name, uaSuffix = '') {
  const { defaultBrowserType, ...options } = devices[name];
  return { ...options, userAgent: options.userAgent + uaSuffix, locale: 'zh-CN', acceptDownloads: true };
}

// Stands in for iOS Safari's Web Share: accepts files, records the bytes shared.
const SHARE_STAND_IN = `
  navigator.canShare = (data) => Boolean(data && data.files && data.files.length);
  navigator.share = async (data) => {
    const file = data.files[0];
    window.__shared = { name: file.name, type: file.type, bytes: Array.from(new Uint8Array(await file.arrayBuffer())) };
  };`;

const PROFILES = [
  { name: 'Android 360×640', options: device('Moto G4'), save: 'download' },
  { name: 'Android WeChat', options: device('Moto G4', WECHAT_ANDROID), save: 'longpress' },
  { name: 'iPhone 390×844', options: device('iPhone 13'), save: 'share', initScript: SHARE_STAND_IN },
  { name: 'iPhone WeChat', options: device('iPhone 13', WECHAT_IOS), save: 'longpress' },
];

let env;
let cameraJpeg;
before(async () => {
  env = await launch();
  cameraJpeg = await makeCameraJpeg();
  await writeFile(`${ARTIFACTS}camera-12mp-orientation6.jpg`, cameraJpeg);
});
after(async () => { await env?.close(); });

/**
 * A 4000×3000 JPEG as a phone camera stores a portrait shot: pixels sideways,
 * EXIF orientation 6 ("rotate 90° clockwise to display"). The picture is a real
 * portrait (test0.jpg, 3:4 like the camera, light grey studio backdrop) enlarged
 * to camera size: the fix needs a face its detector can find.
 */
async function makeCameraJpeg() {
  const page = await env.browser.newPage();
  const portrait = (await readFile(`${FIXTURES}test0.jpg`)).toString('base64');
  const base64 = await page.evaluate(async (portrait) => {
    const [W, H] = [3000, 4000]; // as displayed
    const canvas = new OffscreenCanvas(H, W); // as stored
    const ctx = canvas.getContext('2d');
    ctx.translate(0, W);
    ctx.rotate(-Math.PI / 2); // draw upright; it lands rotated 90° anticlockwise
    const source = await createImageBitmap(new Blob([Uint8Array.from(atob(portrait), (c) => c.charCodeAt(0))], { type: 'image/jpeg' }));
    ctx.drawImage(source, 0, 0, W, H);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, portrait);
  await page.close();
  return withOrientation(Buffer.from(base64, 'base64'), 6);
}

/** Inserts an EXIF APP1 segment holding only the orientation tag after SOI. */
function withOrientation(jpeg, orientation) {
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, IFD at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** Mean colour of small regions of a JPEG, at fractions of its width and height. */
async function sampleColours(page, bytes, points) {
  return page.evaluate(async ({ b64, points }) => {
    const bin = atob(b64);
    const arr = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
    const bitmap = await createImageBitmap(new Blob([arr], { type: 'image/jpeg' }));
    const c = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    return points.map(([fx, fy]) => {
      const d = ctx.getImageData(Math.round(fx * c.width) - 4, Math.round(fy * c.height) - 4, 8, 8).data;
      const m = [0, 0, 0];
      for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) m[k] += d[i + k] / (d.length / 4);
      return m.map(Math.round);
    });
  }, { b64: bytes.toString('base64'), points });
}

/** The fixed JPEG is in the window, 5:7, ends at EOI, upright and white behind the head. */
async function assertCompliantAndUpright(page, bytes, label) {
  assert.ok(bytes.length >= 40960 && bytes.length <= 80000, `${label}: size ${bytes.length}`);
  assert.equal(bytes.readUInt16BE(bytes.length - 2), 0xffd9, `${label}: ends at EOI`);
  const { width, height } = jpegSize(bytes);
  assert.ok(Math.abs(width / height - 5 / 7) < 0.01, `${label}: ${width}×${height} is not 5:7`);
  const [cornerL, cornerR, besideHeadL, besideHeadR, face, jacket] = await sampleColours(page, bytes, [
    [0.05, 0.04], [0.95, 0.04], [0.06, 0.35], [0.94, 0.35], [0.5, 0.42], [0.15, 0.96],
  ]);
  for (const [name, c] of Object.entries({ cornerL, cornerR, besideHeadL, besideHeadR })) {
    assert.ok(c.every((v) => v >= 235), `${label}: ${name} is not white: ${c}`);
  }
  // skin (red over blue) in the upper middle, the dark jacket at the bottom left (a
  // white shirt is in the middle): upright
  assert.ok(face[0] > 150 && face[0] > face[2] + 30, `${label}: no face at 42 % height: ${face}`);
  assert.ok(jacket.every((v) => v < 90), `${label}: no jacket at the bottom: ${jacket}`);
}

/** Fetches the fixed photo the way this profile keeps it. */
async function keptPhoto(page, save) {
  if (save === 'download') {
    assert.equal(await page.locator('[data-testid="save-longpress"]').count(), 0);
    const link = page.getByRole('link', { name: '下载修正后的照片' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^一寸照片_已修正\.jpg$/);
    return readFile(await download.path());
  }
  if (save === 'share') {
    await page.getByRole('button', { name: '分享或存到相册' }).click();
    const shared = await page.waitForFunction(() => window.__shared).then((h) => h.jsonValue());
    assert.equal(shared.type, 'image/jpeg');
    assert.match(shared.name, /\.jpg$/);
    return Buffer.from(shared.bytes);
  }
  // long-press: no download link (it would do nothing), the instruction, a data: image
  assert.equal(await page.getByRole('link', { name: '下载修正后的照片' }).count(), 0);
  const box = page.locator('[data-testid="save-longpress"]');
  assert.match(await box.innerText(), /长按图片，选择「保存图片」/);
  assert.match(await box.innerText(), /在浏览器中打开/);
  const img = page.getByTestId('longpress-image');
  const src = await img.getAttribute('src');
  assert.match(src, /^data:image\/jpeg;base64,/);
  const shown = await img.boundingBox();
  const viewport = page.viewportSize();
  assert.ok(shown.width >= viewport.width * 0.75, `long-press image is ${shown.width}px of ${viewport.width}`);
  return Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
}

async function assertNoSideScroll(page, label) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${label}: scrolls sideways (${scroll} > ${client})`);
}

for (const profile of PROFILES) {
  test(`${profile.name}: a 12 MP sideways camera photo is fixed and kept through its save path`, async () => {
    const { page, assertClean } = await openPage(env, '?tool=photo', profile.options, { initScript: profile.initScript });
    const input = page.locator('input[type="file"]').first();
    assert.equal(await input.getAttribute('accept'), 'image/*');
    assert.equal(await input.getAttribute('capture'), null, 'no capture: camera and gallery both offered');
    assert.equal(await input.getAttribute('multiple'), null);
    await input.setInputFiles({ name: 'IMG_2041.JPG', mimeType: 'image/jpeg', buffer: cameraJpeg });
    // the header read: displayed (upright) size, before any decoding
    await page.locator('[data-testid="photo-dimensions"]').waitFor();
    assert.equal(await page.locator('[data-testid="photo-dimensions"]').innerText(), '3000 × 4000');
    await page.getByRole('button', { name: '一键修正' }).click({ timeout: 30000 });
    await page.locator('.pc-before-after').waitFor({ timeout: 30000 });
    await page.locator('[data-testid="photo-verdict"].ok').waitFor();
    const bytes = await keptPhoto(page, profile.save);
    await assertCompliantAndUpright(page, bytes, profile.name);
    await assertNoSideScroll(page, profile.name);
    await screenshot(page, `phone-${profile.name.replace(/[^A-Za-z0-9]+/g, '-')}`);

    // close the loop: pick the kept file again; it is the very same file
    await page.locator('.pc-recheck input[type="file"]').setInputFiles({ name: '一寸照片_已修正.jpg', mimeType: 'image/jpeg', buffer: bytes });
    const verdict = page.locator('[data-testid="recheck-verdict"]');
    await verdict.waitFor({ timeout: 20000 });
    assert.match(await verdict.innerText(), /完全相同/);
    assertClean();
  });
}

test('WeChat: a save path that shrank the photo is caught by 检查我保存的照片', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo', PROFILES[1].options);
  await page.locator('input[type="file"]').first().setInputFiles({ name: 'IMG_2041.JPG', mimeType: 'image/jpeg', buffer: cameraJpeg });
  await page.getByRole('button', { name: '一键修正' }).click({ timeout: 30000 });
  const bytes = await keptPhoto(page, 'longpress');
  // what a recompressing save does: same picture, smaller and at low quality
  const shrunk = await page.evaluate(async (b64) => {
    const bin = atob(b64);
    const arr = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([arr]));
    const c = new OffscreenCanvas(Math.round(bitmap.width / 2), Math.round(bitmap.height / 2));
    c.getContext('2d').drawImage(bitmap, 0, 0, c.width, c.height);
    const out = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.5 })).arrayBuffer());
    return btoa(String.fromCharCode(...out));
  }, bytes.toString('base64'));
  await page.locator('.pc-recheck input[type="file"]').setInputFiles({ name: 'mmexport1700000000000.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(shrunk, 'base64') });
  const verdict = page.locator('[data-testid="recheck-verdict"]');
  await verdict.waitFor({ timeout: 20000 });
  assert.match(await verdict.innerText(), /被改动过，已不符合要求/);
  assert.match(await verdict.innerText(), /在浏览器中打开/);
  assert.ok(await page.locator('[data-testid="recheck"] [data-check="file_size"][data-status="fail"]').count() === 1);
  assertClean();
});

/** A canvas-drawn portrait in another format, as a phone app might save it. */
async function drawnPortrait(page, type) {
  // A real portrait (test0.jpg, the fix needs a face) re-encoded in `type`.
  const portrait = (await readFile(`${FIXTURES}test0.jpg`)).toString('base64');
  const b64 = await page.evaluate(async ([type, portrait]) => {
    const source = await createImageBitmap(new Blob([Uint8Array.from(atob(portrait), (ch) => ch.charCodeAt(0))], { type: 'image/jpeg' }));
    const c = new OffscreenCanvas(source.width, source.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(source, 0, 0);
    const out = new Uint8Array(await (await c.convertToBlob({ type })).arrayBuffer());
    let s = '';
    for (let i = 0; i < out.length; i += 0x8000) s += String.fromCharCode(...out.subarray(i, i + 0x8000));
    return btoa(s);
  }, [type, portrait]);
  return Buffer.from(b64, 'base64');
}

/** A small real JPEG whose frame header is patched to claim `w`×`h` pixels. */
async function bombHeader(page, w, h) {
  const jpeg = await drawnPortrait(page, 'image/jpeg');
  for (let i = 2; i + 9 < jpeg.length; i += 2 + jpeg.readUInt16BE(i + 2)) {
    if (jpeg[i] === 0xff && (jpeg[i + 1] === 0xc0 || jpeg[i + 1] === 0xc2)) {
      jpeg.writeUInt16BE(h, i + 5);
      jpeg.writeUInt16BE(w, i + 7);
      return jpeg;
    }
  }
  throw new Error('no SOF marker');
}

test('WeChat: PNG and WebP named .jpg, HEIC and a 60000×60000 header each get a clear message', async () => {
  const { page, assertClean } = await openPage(env, '?tool=photo', PROFILES[1].options);
  const input = page.locator('input[type="file"]').first();
  const facts = page.locator('[data-testid="photo-format"]');

  for (const [type, label] of [['image/png', 'PNG'], ['image/webp', 'WebP']]) {
    await input.setInputFiles({ name: '微信图片_20261123.jpg', mimeType: 'image/jpeg', buffer: await drawnPortrait(page, type) });
    const format = page.locator('[data-check="format"]');
    await format.waitFor({ timeout: 20000 });
    assert.equal(await facts.innerText(), label, 'the real format, not the name');
    assert.equal(await format.getAttribute('data-status'), 'fail');
    assert.match(await format.innerText(), new RegExp(`${label}.*JPG|JPG.*${label}`));
    // and the fix turns it into a JPG the candidate can keep
    await page.getByRole('button', { name: '一键修正' }).click();
    await page.getByTestId('longpress-image').waitFor({ timeout: 20000 });
  }

  await input.setInputFiles({ name: 'IMG_0001.HEIC', mimeType: 'image/heic', buffer: await readFile(HEIC) });
  let alert = page.locator('.pc-photo-slot > div > [role="alert"]');
  await alert.waitFor({ timeout: 20000 });
  assert.match(await alert.innerText(), /HEIC/);
  assert.match(await alert.innerText(), /兼容性最佳/);
  assert.match(await alert.innerText(), /发给自己/);

  await input.setInputFiles({ name: 'huge.jpg', mimeType: 'image/jpeg', buffer: await bombHeader(page, 60000, 60000) });
  alert = page.locator('.pc-photo-slot > div > [role="alert"]');
  await alert.waitFor({ timeout: 20000 });
  assert.match(await alert.innerText(), /60000×60000/);
  assert.match(await alert.innerText(), /裁剪或缩小/);
  await screenshot(page, 'phone-wechat-bad-files');
  assertClean();
});

test('320 px wide: the photo tool and the walk-through never scroll sideways', async () => {
  const options = { ...device('Moto G4', WECHAT_ANDROID), viewport: { width: 320, height: 640 } };
  for (const path of ['?tool=photo', '']) {
    const { page, assertClean, context } = await openPage(env, path, options);
    await page.locator('.pc-button, .pc-file-label').first().waitFor();
    await page.waitForTimeout(300);
    await assertNoSideScroll(page, `320 px ${path || 'walk-through'}`);
    await screenshot(page, `phone-320${path ? '-photo' : ''}`);
    assertClean();
    await context.close();
  }
});
