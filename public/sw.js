// 报名预检's service worker, registered only by the standalone page (page.js),
// never by an embedding host: the host owns its own service worker scope.
//
// Network first for the app's own files: online, every file comes from the
// server and refreshes the cache, so a stale copy is never shown; offline, the
// cached copy is. Anything else (other origins, other paths, non-GET) is left
// to the browser untouched.

// Replaced at build time by scripts/stamp-sw.mjs with a hash of the built
// files, so each build gets its own cache and the browser sees a new worker.
const BUILD = 'unbuilt';

const SCOPE = self.registration.scope;
// CacheStorage is shared by the whole origin: the scope in the name keeps two
// copies of the widget in different folders from deleting each other's cache.
const PREFIX = `precheck:${SCOPE}:`;
const CACHE = PREFIX + BUILD;

// The app shell, including the photo worker's files (loaded on first photo),
// so the photo check works offline too.
const SHELL = [
  'index.html', 'page.js', 'page.css', 'favicon.svg',
  'manifest.webmanifest', 'icon-192.png', 'icon-512.png',
  'precheck.js', 'precheck-start.js', 'precheck-start_bg.wasm',
  'precheck-app.js', 'precheck-app_bg.wasm', 'precheck.css',
  'photo-worker.js', 'precheck-photo-worker.js', 'precheck-photo-worker_bg.wasm',
].map((path) => new URL(path, SCOPE).href);
// The photo models (~0.5 MB) are not fetched at install: only a candidate who
// checks a 一寸 photo downloads them, and this worker keeps the copy it passes on
// (dedicated workers' fetches go through the page's service worker), so the
// photo fix works offline after its first use. Two builds: the photo worker
// fetches the SIMD one where the engine has wasm SIMD, else the plain one.
const ON_DEMAND = ['precheck-vision.wasm', 'precheck-vision-simd.wasm'].map((path) => new URL(path, SCOPE).href);
const SHELL_SET = new Set([...SHELL, ...ON_DEMAND]);
const INDEX = new URL('index.html', SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `no-cache`: revalidate with the server, so an older HTTP-cached file
    // cannot end up in this build's cache. addAll is all-or-nothing.
    await cache.addAll(SHELL.map((url) => new Request(url, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
  })());
});

/** The cache key for a request this worker answers, or null to leave it alone. */
function shellKey(request) {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  const bare = url.origin + url.pathname;
  if (!bare.startsWith(SCOPE)) return null;
  // The standalone page under any query (?plan=…, ?tool=photo) is index.html.
  if (request.mode === 'navigate') return bare === SCOPE || bare === INDEX ? INDEX : null;
  return SHELL_SET.has(bare) ? bare : null;
}

self.addEventListener('fetch', (event) => {
  const key = shellKey(event.request);
  if (!key) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(event.request);
      if (response.ok && response.type === 'basic') {
        const copy = response.clone();
        event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
      }
      return response;
    } catch (err) {
      const cached = await (await caches.open(CACHE)).match(key);
      if (cached) return cached;
      throw err;
    }
  })());
});
