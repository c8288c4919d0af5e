// The widget's own server (../server.mjs) behind a thin proxy that adds one
// same-origin script to every HTML page: it records the page's errors, for
// engines whose driver cannot report them (WebKitWebDriver has no console
// log). Everything else passes through byte for byte, headers included (the
// strict CSP allows the script: it is 'self').
import { createServer, request } from 'node:http';
import { startServer } from '../server.mjs';

export const RECORDER_PATH = '/__engines/record-errors.js';

// Runs before the widget's scripts (a classic script in <head>, before the
// module scripts). Keeps what went wrong in window.__engineErrors.
const RECORDER = `(() => {
  const errors = (window.__engineErrors = []);
  const text = (v) => (v && (v.stack || v.message)) || String(v);
  addEventListener('error', (e) => {
    if (e.target && e.target !== window && e.target.tagName) {
      errors.push('failed to load ' + e.target.tagName.toLowerCase() + ' ' + (e.target.src || e.target.href || ''));
    } else {
      errors.push('page error: ' + (e.error ? text(e.error) : e.message));
    }
  }, true);
  addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + text(e.reason)));
  document.addEventListener('securitypolicyviolation', (e) => errors.push('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));
  const consoleError = console.error.bind(console);
  console.error = (...args) => { errors.push('console error: ' + args.map(text).join(' ')); consoleError(...args); };
})();
`;

export async function startEngineServer() {
  const inner = await startServer();
  const target = new URL(inner.url);
  const server = createServer((req, res) => {
    if (req.url === RECORDER_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(RECORDER);
      return;
    }
    const headers = { ...req.headers };
    // HTML is rewritten, so ask for it uncompressed; every other file as the browser asked.
    const path = new URL(req.url, 'http://x').pathname;
    const html = path.endsWith('/') || path.endsWith('.html');
    if (html) delete headers['accept-encoding'];
    const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (r) => {
      const type = r.headers['content-type'] ?? '';
      if (!type.startsWith('text/html')) {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
        return;
      }
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        const page = Buffer.concat(chunks).toString('utf8')
          .replace(/<head>/i, `<head><script src="${RECORDER_PATH}"></script>`);
        const body = Buffer.from(page, 'utf8');
        res.writeHead(r.statusCode, { ...r.headers, 'content-length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    });
    upstream.on('error', (err) => { res.writeHead(502).end(String(err)); });
    req.pipe(upstream);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      inner.server.closeAllConnections();
      await new Promise((ok) => inner.server.close(ok));
    },
  };
}
