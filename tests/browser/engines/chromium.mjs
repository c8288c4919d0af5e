// Chromium (Android phones, and WeChat on Android through XWeb): Debian's
// chromium driven by playwright-core, behind the same interface as webkit.mjs
// and firefox.mjs (`open` → `run`, `screenshot`, `close`), so the engine
// scenarios can run on it too. Every context carries harness.mjs's privacy
// and error guard: its problems (a request off the server, a page or console
// error) are the page's `driverErrors`, and closing the page throws them.
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, openContext } from '../harness.mjs';

export async function launchChromium() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    name: 'chromium',
    async open(url, { userAgent, width = 390, height = 844 } = {}) {
      const { context, problems } = await openContext({ url, rawBrowser: browser }, {
        viewport: { width, height },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        ...(userAgent ? { userAgent } : {}),
      });
      const page = await context.newPage();
      page.setDefaultTimeout(180000);
      await page.goto(url, { waitUntil: 'load', timeout: 120000 });
      return {
        driverErrors: problems,
        async run(fn, arg = null) {
          return page.evaluate(`(${fn})(${JSON.stringify(arg)})`);
        },
        async screenshot(path) {
          await page.screenshot({ path });
        },
        async close() {
          await context.close();
        },
      };
    },
    async close() {
      await browser.close();
    },
  };
}
