// Controls for the privacy guard in harness.mjs: it must see what the widget's
// own tests never provoke. A page of our own (served here, not from dist/)
// makes a service worker fetch another origin, opens a WebSocket, opens a
// pop-up that sends a beacon, and fetches after assertClean(); the guard must
// report each one, and every outside name must fail to resolve.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { launch, openPage } from './harness.mjs';

const OUTSIDE = 'http://tracker.example';

const FILES = {
  '/index.html': ['text/html; charset=utf-8', '<!doctype html><title>guard control</title><script src="page.js"></script>'],
  '/popup.html': ['text/html; charset=utf-8', `<!doctype html><title>pop-up</title><script src="popup.js"></script>`],
  '/popup.js': ['text/javascript', `fetch('${OUTSIDE}/popup-beacon').catch(() => { document.title = 'beacon sent'; });`],
  '/page.js': ['text/javascript', `
    // Registered at once; the test drives it through postMessage.
    window.ready = navigator.serviceWorker.register('sw.js').then(() => navigator.serviceWorker.ready);
    window.swFetch = async (url) => {
      const reg = await window.ready;
      const channel = new MessageChannel();
      const answer = new Promise((ok) => { channel.port1.onmessage = (e) => ok(e.data); });
      reg.active.postMessage(url, [channel.port2]);
      return answer;
    };
    window.socket = (url) => new Promise((ok) => {
      const ws = new WebSocket(url);
      let opened = false;
      ws.onopen = () => { opened = true; ws.close(); };
      ws.onclose = () => ok(opened ? 'opened' : 'refused');
    });
    window.tryFetch = (url) => fetch(url).then(() => 'reached', (e) => 'failed: ' + e.message);
  `],
  '/sw.js': ['text/javascript', `
    self.addEventListener('install', () => self.skipWaiting());
    self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
    self.addEventListener('message', (e) => {
      fetch(e.data, { mode: 'no-cors' }).then(() => 'reached', (err) => 'failed: ' + err.message)
        .then((r) => e.ports[0].postMessage(r));
    });
  `],
};

let env;
let own;
before(async () => {
  const shared = await launch();
  own = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = FILES[path === '/' ? '/index.html' : path];
    if (path === '/favicon.ico') return res.writeHead(204).end();
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' }).end(file[1]);
  });
  // A WebSocket server that accepts any handshake, so a socket to it opens
  // quietly (no console error for the guard to stumble on).
  own.on('upgrade', (req, socket) => {
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.on('error', () => {});
    socket.on('data', () => socket.end());
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  });
  await new Promise((ok) => own.listen(0, '127.0.0.1', ok));
  env = { ...shared, url: `http://127.0.0.1:${own.address().port}/` };
});
after(async () => {
  await env?.close();
  await new Promise((ok) => own?.close(ok));
});

/** Removes the problems matching `re` from the guard's list and returns them. */
function take(problems, re) {
  const found = problems.filter((p) => re.test(p));
  problems.splice(0, problems.length, ...problems.filter((p) => !re.test(p)));
  return found;
}

test('the guard sees a service worker fetch to another origin, which fails to resolve', async () => {
  const { page, problems, assertClean } = await openPage(env, '');
  assert.equal(await page.evaluate((u) => window.swFetch(u), `${OUTSIDE}/sw-beacon`), 'failed: Failed to fetch');
  const seen = take(problems, /sw-beacon/);
  assert.ok(seen.some((p) => p.includes(`request left the widget's server: GET ${OUTSIDE}/sw-beacon`)), `guard saw: ${problems.concat(seen).join('\n') || 'nothing'}`);
  assertClean();
});

test('the guard sees a WebSocket, even one to our own server that opens quietly', async () => {
  const { page, problems, assertClean } = await openPage(env, '');
  const ownSocket = `${env.url.replace('http:', 'ws:')}live`;
  assert.equal(await page.evaluate((u) => window.socket(u), ownSocket), 'opened');
  assert.deepEqual(take(problems, /WebSocket opened/), [`WebSocket opened: ${ownSocket}`], `guard saw: ${problems.join('\n') || 'nothing'}`);
  assert.equal(await page.evaluate(() => window.socket('ws://tracker.example/live')), 'refused');
  assert.deepEqual(take(problems, /WebSocket opened/), ['WebSocket opened: ws://tracker.example/live'], `guard saw: ${problems.join('\n') || 'nothing'}`);
  take(problems, /console error: WebSocket connection to 'ws:\/\/tracker\.example\/live' failed/);
  assertClean();
});

test('the guard sees a pop-up\'s requests, and anything sent after assertClean() when the context closes', async () => {
  const { page, context, problems, assertClean } = await openPage(env, '');
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.evaluate(() => { window.open('popup.html'); })]);
  await popup.waitForFunction(() => document.title === 'beacon sent');
  assert.ok(take(problems, /popup-beacon/).some((p) => p.includes(`GET ${OUTSIDE}/popup-beacon`)), `guard saw: ${problems.join('\n') || 'nothing'}`);
  take(problems, /console error: Failed to load resource/);
  assertClean();

  // After the test's own check: still caught, when the context closes.
  assert.equal(await page.evaluate((u) => window.tryFetch(u), `${OUTSIDE}/late`), 'failed: Failed to fetch');
  await assert.rejects(context.close(), /request left the widget's server: GET http:\/\/tracker\.example\/late/);
});

test('no outside name resolves: the browser cannot reach anything but 127.0.0.1', async () => {
  const { page, problems, assertClean } = await openPage(env, '');
  const failed = [];
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  for (const url of ['http://example.com/', 'https://www.baidu.com/', 'http://localhost:59999/']) {
    assert.match(await page.evaluate((u) => window.tryFetch(u), url), /^failed/, url);
  }
  assert.deepEqual(failed.filter((f) => !/ERR_NAME_NOT_RESOLVED/.test(f)), [], failed.join('\n'));
  assert.equal(failed.length, 3, failed.join('\n'));
  take(problems, /example\.com|baidu\.com|localhost:59999|Failed to load resource/);
  assertClean();
});
