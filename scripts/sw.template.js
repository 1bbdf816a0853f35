// Retaguarda's service worker. Generated at build time by scripts/post-build.sh from
// scripts/sw.template.js: PRECACHE is the exact list of files Trunk emitted.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = "retaguarda-" + VERSION;

self.addEventListener("install", (event) => {
  // Every file of one build goes into one cache, or the install fails and the old build stays.
  // The requests obey the server's Cache-Control (crates/relay/src/app_files.rs): a file whose
  // name carries its content hash is immutable and comes from the HTTP cache when the page has
  // just fetched it, so a first visit downloads the app once; any other file is `no-cache`,
  // so it is revalidated and never taken stale from an older build.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(PRECACHE)
    )
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("retaguarda-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The relay's live endpoints are never cached.
  if (url.pathname.startsWith("/v1/") || url.pathname === "/healthz" || url.pathname === "/metrics") return;
  if (request.mode === "navigate") {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match("/index.html")).then((hit) => hit || fetch(request))
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true })).then((hit) => hit || fetch(request))
  );
});
