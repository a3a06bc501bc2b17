/* Kindred service worker: a versioned precache of the app shell, and network-first API reads with a
   saved copy for offline use. Only same-origin requests are handled; personal copies are dropped on
   sign-out (the page posts {type: "clear-personal"}) and on any 401 the worker sees.
   Its version is the ?v= it is registered with (app.js passes its own), and the shell is whatever
   index.html references, so a release is an edit of index.html alone.
   Languages (docs/decisions/pwa-languages.md): the page kept for offline use is the last one the
   server sent (in the language chosen then: a language switch reloads the page, and the fresh page
   replaces the kept one), and the catalogs (/i18n/<lang>/<part>.json) are kept as they are used, the
   `app` part of the page's language from the start. */
const VERSION = new URL(self.location.href).searchParams.get("v") || "0";
const SHELL_CACHE = `kindred-shell-v${VERSION}`;
const DATA_CACHE = "kindred-data";  // public reads: directory and group pages
const PERSONAL_CACHE = "kindred-personal";  // my meetings and profile; cleared on sign-out
const VOCABULARY = "/api/v1/meta/";  // the words for the API's codes: kept with the shell, through sign-outs

// Reads kept for offline use. Everything else under /api/ goes straight to the network.
const PUBLIC_READS = [/^\/api\/v1\/groups\/$/, /^\/api\/v1\/groups\/[\w-]+\/$/, /^\/api\/v1\/groups\/[\w-]+\/occurrences\/$/];
const PERSONAL_READS = [/^\/api\/v1\/me\/$/, /^\/api\/v1\/me\/meetings\/$/, /^\/api\/v1\/me\/memberships\/$/];
const CATALOG = /^\/i18n\/[\w-]+\/[\w-]+\.json$/;

/* The page's language, as the server wrote it in <html lang>, and its start-up catalog's address. */
const pageLanguage = (html) => ((html.match(/<html[^>]*\slang="([\w-]+)"/) || [])[1] || "en");
const startCatalog = (language) => (/^en\b/.test(language) ? null : `/i18n/${language}/app.json?v=${VERSION}`);

/* The files index.html references (its style sheet, icons, manifest, and every module in its
   import map and preload links): every quoted same-origin path to one of them. */
const shellFiles = (html) => [...new Set([...html.matchAll(/"(\/[\w./-]+\.(?:js|css|png|webmanifest)(?:\?v=[\w.-]+)?)"/g)]
  .map((match) => match[1]))];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    const page = await fetch(new Request("/", { cache: "reload" }));
    if (!page.ok) throw new Error(`The app's page answered ${page.status}.`);
    // The file as written names every shell file; "/" as served has its style sheet written in.
    const source = await fetch(new Request("/index.html", { cache: "reload" }));
    const files = shellFiles(await (source.ok ? source : page.clone()).text());
    const catalog = startCatalog(pageLanguage(await page.clone().text()));
    if (catalog) files.push(catalog);
    await cache.addAll(files.map((url) => new Request(url, { cache: "reload" })));
    await cache.put("/", page);
    // Not fatal: the API may live on another origin, where this worker cannot keep a copy.
    const vocabulary = new Request(VOCABULARY, { cache: "reload", headers: { Accept: "application/json" } });  // as api.js asks
    await cache.add(vocabulary).catch(() => {});
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
  if (CATALOG.test(url.pathname)) {
    event.respondWith(keptCatalog(request));
    return;
  }
  if (url.pathname.startsWith("/api/")) {
    const cacheName = url.pathname === VOCABULARY ? SHELL_CACHE
      : PERSONAL_READS.some((re) => re.test(url.pathname)) ? PERSONAL_CACHE
        : PUBLIC_READS.some((re) => re.test(url.pathname)) ? DATA_CACHE : null;
    if (cacheName) event.respondWith(apiRead(request, cacheName));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
});

async function networkFirst(request, cacheName, fallbackUrl) {
  try {
    const response = await fetch(request);
    // The app's page as the server last wrote it (in the language now chosen) is the one kept.
    if (response.ok && new URL(request.url).pathname === fallbackUrl) {
      const cache = await caches.open(cacheName);
      await cache.put(fallbackUrl, response.clone());
    }
    return response;
  } catch (error) {
    return savedPage(await caches.match(fallbackUrl, { cacheName }));
  }
}

/* Offline, the page kept at install, marked as a saved copy: its first-screen data may be days old,
   and the app says so (inline.js) as it does for saved API answers. */
async function savedPage(saved) {
  if (!saved) return Response.error();
  const html = (await saved.text()).replace('id="kindred-inline"', 'id="kindred-inline" data-saved');
  return new Response(html, { status: saved.status, statusText: saved.statusText, headers: saved.headers });
}

/* A catalog part: kept with the shell (its address carries the version) from its first use. */
async function keptCatalog(request) {
  const cache = await caches.open(SHELL_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
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
