/* Kindred service worker: a versioned precache of the app shell, and network-first API reads with a
   saved copy for offline use. Only same-origin requests are handled; personal copies are dropped on
   sign-out (the page posts {type: "clear-personal"}) and on any 401 the worker sees. Bump VERSION whenever a shell file changes
   (and the ?v= of the files index.html and the modules reference). */
const VERSION = "4";
const SHELL_CACHE = `kindred-shell-v${VERSION}`;
const DATA_CACHE = "kindred-data";  // public reads: directory and group pages
const PERSONAL_CACHE = "kindred-personal";  // my meetings and profile; cleared on sign-out
const V = `?v=${VERSION}`;
const SHELL = [
  "/", "/manifest.webmanifest",
  `/css/app.css${V}`,
  `/js/app.js${V}`, `/js/api.js${V}`, `/js/state.js${V}`, `/js/dom.js${V}`, `/js/time.js${V}`,
  `/js/store.js${V}`, `/js/outbox.js${V}`, `/js/forms.js${V}`,
  `/js/screens/find.js${V}`, `/js/screens/group.js${V}`, `/js/screens/meetings.js${V}`,
  `/js/screens/host.js${V}`, `/js/screens/me.js${V}`, `/js/screens/auth.js${V}`, `/js/screens/help.js${V}`,
  `/icons/icon-192.png${V}`, `/icons/favicon-32.png${V}`,
];

// Reads kept for offline use. Everything else under /api/ goes straight to the network.
const PUBLIC_READS = [/^\/api\/v1\/groups\/$/, /^\/api\/v1\/groups\/[\w-]+\/$/, /^\/api\/v1\/groups\/[\w-]+\/occurrences\/$/];
const PERSONAL_READS = [/^\/api\/v1\/me\/$/, /^\/api\/v1\/me\/meetings\/$/, /^\/api\/v1\/me\/memberships\/$/];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL_CACHE, DATA_CACHE, PERSONAL_CACHE]);
    for (const name of await caches.keys()) {
      if (name.startsWith("kindred-") && !keep.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function clearSaved() {
  return Promise.all([caches.delete(PERSONAL_CACHE), caches.delete(DATA_CACHE)]);
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "clear-personal") event.waitUntil(clearSaved());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, SHELL_CACHE, "/"));
    return;
  }
  if (url.pathname.startsWith("/api/")) {
    const cacheName = PERSONAL_READS.some((re) => re.test(url.pathname)) ? PERSONAL_CACHE
      : PUBLIC_READS.some((re) => re.test(url.pathname)) ? DATA_CACHE : null;
    if (cacheName) event.respondWith(apiRead(request, cacheName));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
});

async function networkFirst(request, cacheName, fallbackUrl) {
  try {
    return await fetch(request);
  } catch (error) {
    return (await caches.match(fallbackUrl, { cacheName })) || Response.error();
  }
}

/* Network first. A fresh 200 is saved; when the network fails the saved copy is returned marked
   with X-Kindred-Offline so the page can say so. Reads made with a token header are never saved.
   A 401 means the session is gone (signed out or erased elsewhere): every saved copy goes. */
async function apiRead(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.status === 401) await clearSaved();
    else if (response.ok && !request.headers.has("Authorization")) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const saved = await cache.match(request);
    if (!saved) throw error;
    const headers = new Headers(saved.headers);
    headers.set("X-Kindred-Offline", "1");
    return new Response(await saved.blob(), { status: saved.status, statusText: saved.statusText, headers });
  }
}
