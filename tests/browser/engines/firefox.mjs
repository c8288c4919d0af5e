// Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi
// (a stock build; puppeteer never downloads a browser here). Besides the
// page's own error record (server.mjs), BiDi reports page errors and console
// errors, which count too.
import puppeteer from 'puppeteer-core';

const FIREFOX = '/usr/bin/firefox-esr';

export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    protocolTimeout: 180000,
    timeout: 60000,
    extraPrefsFirefox: {
      // No update checks, telemetry or other background requests.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  return {
    name: 'firefox',
    async open(url, { userAgent, width = 390, height = 844 } = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const driverErrors = [];
      page.on('pageerror', (e) => driverErrors.push(`page error: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') driverErrors.push(`console error: ${m.text()}`); });
      if (userAgent) await page.setUserAgent(userAgent);
      await page.setViewport({ width, height });
      await page.goto(url, { waitUntil: 'load', timeout: 120000 });
      return {
        driverErrors,
        async run(fn, arg = null) {
          return page.evaluate(`(${fn})(${JSON.stringify(arg)})`);
        },
        // A click by the driver (WebDriver BiDi input actions, trusted) on the
        // element `fn(arg)` returns in the page (scripts/bench-parts/engines.mjs).
        async click(fn, arg = null) {
          const handle = await page.evaluateHandle(`(${fn})(${JSON.stringify(arg)})`);
          try {
            const el = handle.asElement();
            if (!el) throw new Error('no element to click');
            await el.click();
          } finally {
            await handle.dispose();
          }
        },
        async screenshot(path) {
          await page.screenshot({ path });
        },
        async close() {
          await context.close().catch(() => {});
        },
      };
    },
    async close() {
      await browser.close();
    },
  };
}
