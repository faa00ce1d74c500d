// BizOSaaS portal service worker. It caches the app shell of one build (script, styles, icon, index.html)
// so the portal opens offline and installs as an app. It never caches data: /graphql, /auth and every
// other API path, and every non-GET request, go straight to the network, so what the portal shows as
// current always came from the server just now (offline, queries fail and the page says so).
const CACHE = 'bizosaas-shell-%VERSION%';
const SHELL = %SHELL%;
const API = /^\/(graphql|auth|health|ready|metrics|webhooks|oauth|mcp)(\/|$)/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('bizosaas-shell-') && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || API.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // The page itself: the network's answer when there is one (a new build is picked up at once), the
    // cached shell only when offline.
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: CACHE }).then((hit) => hit ?? Response.error())));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Content-hashed, so a cached copy is never stale.
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
  }
});
