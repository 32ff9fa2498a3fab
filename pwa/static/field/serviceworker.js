// Service worker of the field app (served at /serviceworker.js by django-pwa, registered as a module).
// The shell is cached so the app opens with no network; records wait in IndexedDB, never in a cache.
import { syncOutbox } from '/static/field/js/sync.js';

const SHELL_CACHE = 'cnscd-shell-v8';
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((c) => c.addAll(['/app/', '/manifest.json'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cnscd-shell-') && k !== SHELL_CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

// The shell page: fresh when the network answers quickly, the cached copy otherwise (weak 3G, none).
async function shellFirstNetwork(request) {
  const cache = await caches.open(SHELL_CACHE);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (response.ok && !response.redirected) await cache.put('/app/', response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match('/app/');
    if (hit) return hit;
    throw err;
  }
}

// Static files: from the cache at once, refreshed in the background for the next start.
async function staleWhileRevalidate(event) {
  const cache = await caches.open(SHELL_CACHE);
  const hit = await cache.match(event.request);
  const refresh = fetch(event.request).then((response) => {
    if (response.ok) cache.put(event.request, response.clone());
    return response;
  });
  if (hit) { event.waitUntil(refresh.catch(() => {})); return hit; }
  return refresh;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname === '/app/') {
    event.respondWith(shellFirstNetwork(request));
  } else if (url.pathname.startsWith('/static/field/') || url.pathname === '/manifest.json') {
    event.respondWith(staleWhileRevalidate(event));
  }
});

// Background Sync: the browser wakes us when the network is back, even with the app closed.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'outbox') return;
  event.waitUntil(syncOutbox().then(async () => {
    for (const client of await self.clients.matchAll()) client.postMessage('synced');
  }));
});

// Web Push: "Bản ghi … cần sửa: <lý do>" (field.push). The message names no citizen: a locked phone shows it.
self.addEventListener('push', (event) => {
  let msg = {};
  try { msg = event.data ? event.data.json() : {}; } catch (err) { msg = { body: event.data ? event.data.text() : '' }; }
  event.waitUntil(self.registration.showNotification(msg.title || 'Tổ CNSCĐ', {
    body: msg.body || '', tag: msg.tag, icon: '/static/field/icons/icon-192.png', data: { url: msg.url || '/app/' },
  }));
});

// A tap opens the record's form: in the open app if there is one, else in a new window.
async function openFromNotification(data) {
  const url = new URL((data && data.url) || '/app/', self.location.origin);
  if (url.origin !== self.location.origin || url.pathname !== '/app/') return null;
  const open = (await self.clients.matchAll({ type: 'window', includeUncontrolled: true }))
    .find((c) => new URL(c.url).pathname === '/app/');
  if (open) { open.postMessage({ open: url.hash }); return open.focus(); }
  return self.clients.openWindow(url.href);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const done = openFromNotification(event.notification.data);
  try { event.waitUntil(done); } catch (err) { /* an untrusted (test) event cannot extend its life */ }
});
