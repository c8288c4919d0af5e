// Every tap ≤ 150 ms at 4× CPU, the first touch included (issue 29): the
// browser's own interaction latency of each tap, in Chromium with the CPU
// slowed 4× (CDP `Emulation.setCPUThrottlingRate`), taps dispatched as real
// input (Playwright's click: CDP mouse events, trusted).
//
// How a tap is measured (`TAP_RECORDER`, in the page; engines.mjs uses it too):
// - Event Timing, where the engine has it (`PerformanceObserver` type 'event',
//   durationThreshold 16): the largest duration among the entries of the tap's
//   interaction (its `interactionId`: pointerdown, pointerup, click), which
//   spans the input delay, the handlers and the next paint. An interaction
//   with no entry took under 16 ms (the API reports none below that).
// - Always also: from the tap's first input event (`pointerdown`/`mousedown`/
//   `click`, its `timeStamp`) to the second `requestAnimationFrame` after the
//   expected state is in the DOM (the frame after the one that shows it):
//   "shown". Where Event Timing is missing this is the figure; where the
//   result comes after an await (the full widget fetched on the first touch),
//   Event Timing ends at the first paint after the tap and "shown" says when
//   the candidate sees the step.

/** Installs `window.__tap` (idempotent). Self-contained: sent to any engine as source. */
export function TAP_RECORDER() {
  if (window.__tap) return;
  const entries = [];
  const inputs = [];
  let eventTiming = false;
  try {
    if (PerformanceObserver.supportedEntryTypes.includes('event')
        && typeof PerformanceEventTiming !== 'undefined' && 'interactionId' in PerformanceEventTiming.prototype) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          entries.push({ name: e.name, id: e.interactionId || 0, start: e.startTime, duration: e.duration });
        }
      }).observe({ type: 'event', durationThreshold: 16, buffered: true });
      eventTiming = true;
    }
  } catch { /* no Event Timing */ }
  for (const type of ['pointerdown', 'mousedown', 'touchstart', 'click']) {
    addEventListener(type, (e) => inputs.push({ type, t: e.timeStamp, trusted: e.isTrusted }), true);
  }
  const find = (sel) => {
    const root = document.querySelector('[data-precheck]')?.shadowRoot;
    return !!(root && root.querySelector(sel));
  };
  window.__tap = {
    eventTiming,
    /** Before the tap: watch for `sel` from now on, once per frame. */
    arm(sel) {
      if (find(sel)) throw new Error(`the expected state is there before the tap: ${sel}`);
      this.mark = performance.now();
      inputs.length = 0;
      this.shown = new Promise((ok) => {
        const tick = () => (find(sel) ? requestAnimationFrame(() => ok(performance.now())) : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      });
      return true;
    },
    /** After the tap: when it was shown, and the Event Timing entries since `arm`. */
    async result(timeoutMs) {
      const shownAt = await Promise.race([this.shown, new Promise((ok) => setTimeout(() => ok(null), timeoutMs))]);
      // Event Timing entries are queued after the paint they end at.
      await new Promise((ok) => setTimeout(ok, 300));
      const first = inputs[0] ?? null;
      return {
        eventTiming,
        shownMs: shownAt != null && first ? shownAt - first.t : null,
        firstInput: first && first.type,
        trusted: first ? first.trusted : null,
        entries: entries.filter((e) => e.start >= this.mark - 1),
      };
    },
  };
}

/** A tap's figures from `__tap.result()`: Event Timing (ms; 16 = no entry, under the threshold) and shown. */
export function tapFigures(r) {
  let et = null;
  if (r.eventTiming) {
    const keyed = r.entries.filter((e) => e.id > 0);
    // no entry: the interaction took under 16 ms; counted as 16 (an upper bound)
    et = keyed.length ? Math.max(...keyed.filter((e) => e.id === keyed[0].id).map((e) => e.duration)) : 16;
  }
  return { et, shown: r.shownMs == null ? null : Math.round(r.shownMs), trusted: r.trusted };
}

/** The state each tap leads to: a selector in the widget's shadow root. */
export const STATE = {
  about: '.pc-step[data-step="about"][aria-current="step"]',
  met: '.pc-live li[data-status="met"]',
  sheet: '[data-testid="sheet"]',
  levels: '[data-testid="levels-heading"]',
  overview: '[data-testid="overview"]',
};

/** The taps measured, by key (engines.mjs measures the same). */
export const TAPS = {
  'next-first': 'Next on the first screen as the first touch (the full widget fetched on this tap) → About step',
  next: 'Next on the first screen after an earlier touch → About step',
  verdict: 'a verdict change in the about-you step (至今仍在此工作 ticked on a 2018–2019 job: condition 2 met)',
  back: 'Back (上一步) from the materials step → About step',
  levels: 'opening the levels overview (「不知道报哪个？」 on the first screen, after an earlier touch) → its questions',
  overview: 'the levels overview itself (its 总览 tab: engine::levels::overview computed and shown)',
  sheet: 'opening the fill-in sheet (填写草稿, materials step)',
};

/** One trusted tap on `locator`, waiting for `state` (a selector in the widget's shadow root). */
async function tap(page, locator, state) {
  await locator.waitFor({ timeout: 60000 });
  await page.evaluate((sel) => window.__tap.arm(sel), state);
  await locator.click({ timeout: 60000 });
  return tapFigures(await page.evaluate(() => window.__tap.result(60000)));
}

/** After a first touch: the full widget fetched, instantiated and warmed up (precheck.js, when idle). */
async function touchedAndSettled(page) {
  await page.locator('#pc-plan').focus();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/precheck-app_bg.wasm')),
    null, { timeout: 60000 });
  await page.waitForTimeout(2000);
}

export async function taps({ url, runs, row, median, slowPhonePage }) {
  const got = {};
  const add = (key, f) => (got[key] ??= []).push(f);
  const open = async () => {
    const { context, page } = await slowPhonePage();
    await page.addInitScript(TAP_RECORDER);
    await page.goto(url);
    await page.getByTestId('plan-title').waitFor({ timeout: 60000 });
    return { context, page };
  };
  for (let i = 0; i < runs; i++) {
    {
      // Next as the first touch: the full widget is fetched on this tap.
      const { context, page } = await open();
      await page.waitForTimeout(1500);
      add('next-first', await tap(page, page.getByTestId('next'), STATE.about));
      await context.close();
    }
    {
      // The walk-through after an earlier touch.
      const { context, page } = await open();
      await touchedAndSettled(page);
      add('next', await tap(page, page.getByTestId('next'), STATE.about));
      // A verdict change: a job as 电子商务师 from 2018-03 to 2019-01 meets
      // no condition of the default plan; ticked as still held (the end date
      // goes), it meets condition 2.
      await page.getByRole('button', { name: '添加一段工作经历' }).click();
      await page.locator('#work-0-employer').fill('北京某某科技有限公司');
      await page.locator('#work-0-occupation').fill('电子商务师');
      await page.locator('#work-0-start').fill('2018-03-01');
      await page.locator('#work-0-end').fill('2019-01-01');
      await page.waitForTimeout(1000);
      add('verdict', await tap(page, page.locator('#work-0-ongoing'), STATE.met));
      await page.locator('button[data-step="materials"]').click();
      await page.waitForTimeout(1000);
      add('sheet', await tap(page, page.locator('[data-material="申报表"] [data-testid="sheet-open"]'), STATE.sheet));
      await page.waitForTimeout(1000);
      add('back', await tap(page, page.locator('.pc-nav-buttons .pc-button.secondary', { hasText: '上一步' }), STATE.about));
      await context.close();
    }
    {
      // 「不知道报哪个？」 on the first screen after an earlier touch, then its 总览 tab.
      const { context, page } = await open();
      await touchedAndSettled(page);
      add('levels', await tap(page, page.getByTestId('levels-entry'), STATE.levels));
      await page.waitForTimeout(1000);
      add('overview', await tap(page, page.locator('button[data-topic="overview"]'), STATE.overview));
      await context.close();
    }
  }
  for (const [key, label] of Object.entries(TAPS)) {
    const fs = got[key];
    const shown = fs.map((f) => f.shown);
    const shownNote = `shown (first input → expected DOM state → 2 rAF) ${shown.join(', ')} ms`;
    if (fs.every((f) => f.et != null)) {
      const ets = fs.map((f) => f.et);
      row(`tap: ${label}, CPU 4×, Event Timing`, median(ets), 'ms', 150, {
        note: `median of ${fs.length}: ${ets.map((x) => (x > 16 ? Math.round(x) : '≤16')).join(', ')} ms; ${shownNote}`,
      });
      // Event Timing ends at the first paint after the tap (the first screen's
      // "loading" line); the step itself comes after the full widget's download.
      if (key === 'next-first') {
        row('tap: Next as the first touch until the About step is shown, CPU 4× (first input → state → 2 rAF)', median(shown), 'ms', null,
          { note: `median of ${fs.length}: ${shown.join(', ')} ms; files from this machine, no network throttling` });
      }
    } else {
      row(`tap: ${label}, CPU 4×, first input → state → 2 rAF (no Event Timing)`, median(shown), 'ms', 150,
        { note: `median of ${fs.length}: ${shown.join(', ')} ms` });
    }
  }
}
