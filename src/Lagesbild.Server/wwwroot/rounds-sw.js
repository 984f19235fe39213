// The rounds page's service worker: the page loads even when the network is gone, so a caretaker who
// reloads in a corner of the yard without coverage still sees her round and what waits to be sent.
// Pages: network first, the last copy when offline. Scripts, styles and images: fingerprinted, so the
// cached copy is good. The API is never cached here; rounds.js keeps what it needs in IndexedDB.
const pages = 'lagesbild-rounds-pages-v1';
const assets = 'lagesbild-rounds-assets-v1';
const assetPath = /^\/(lib|js|css|_content|_framework)\//;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/rounds')) {
    event.respondWith(networkFirst(request));
  } else if (assetPath.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(pages);
  try {
    const response = await fetch(request);
    // Only a real page is kept: not a redirect to the sign-in page.
    if (response.ok && !response.redirected) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(request)) ?? (await cache.match('/rounds')) ?? Promise.reject(error);
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(assets);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
