// A small static server for dist/ on 127.0.0.1, used by `./dev serve`, the
// browser tests and the budget command. Only GET/HEAD; correct MIME types
// (application/wasm matters for streaming compilation); no directory listings;
// no caching surprises. Text and wasm go out brotli- or gzip-compressed when
// the browser accepts it, as any real host should send them (the README says
// so), so Lighthouse sees the bytes a phone would really download.
import { createServer } from 'node:http';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = resolve(fileURLToPath(new URL('../../dist', import.meta.url)));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The strict policy a careful organiser might send: no inline script or
 * style, no eval (only wasm compilation), nothing from other origins.
 */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; worker-src 'self' blob:";

/**
 * Extra response headers per path. Both pages run under the strict policy
 * (`/` is served as /index.html). So do the worker scripts: a worker loaded
 * from a URL follows the policy of its own response, not its page's.
 */
export const PAGE_HEADERS = {
  '/index.html': { 'content-security-policy': STRICT_CSP },
  '/demo.html': { 'content-security-policy': STRICT_CSP },
  '/photo-worker.js': { 'content-security-policy': STRICT_CSP },
  '/sw.js': { 'content-security-policy': STRICT_CSP },
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.webmanifest', '.svg', '.txt']);
const compressed = new Map(); // `${file}:${encoding}:${mtime}` → bytes

function encode(file, mtime, body, acceptEncoding) {
  if (!COMPRESSIBLE.has(extname(file))) return null;
  const encoding = /\bbr\b/.test(acceptEncoding) ? 'br' : /\bgzip\b/.test(acceptEncoding) ? 'gzip' : null;
  if (!encoding) return null;
  const key = `${file}:${encoding}:${mtime}`;
  if (!compressed.has(key)) {
    compressed.set(key, encoding === 'br'
      ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } })
      : gzipSync(body, { level: 9 }));
  }
  return { encoding, bytes: compressed.get(key) };
}

export function startServer({ port = 0, host = '127.0.0.1' } = {}) {
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(DIST, path));
    if (file !== DIST && !file.startsWith(DIST + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      let body = await readFile(file);
      const packed = encode(file, info.mtimeMs, body, req.headers['accept-encoding'] ?? '');
      if (packed) body = packed.bytes;
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        ...(packed ? { 'content-encoding': packed.encoding, vary: 'accept-encoding' } : {}),
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        ...(PAGE_HEADERS[path] ?? {}),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  return new Promise((ok) => {
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : 8080;
  const { url } = await startServer({ port });
  console.log(`serving ${DIST} at ${url} (demo host page: ${url}demo.html); Ctrl-C stops`);
}
