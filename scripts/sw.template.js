// Retaguarda's service worker. Generated at build time by scripts/post-build.sh from
// scripts/sw.template.js: PRECACHE is the exact list of files Trunk emitted.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = "retaguarda-" + VERSION;

// A name that carries Trunk's content hash (`retaguarda-app-0a1b2c3d4e5f6a7b_bg.wasm`), by
// the relay's rule (`app_files::is_content_hashed`): such a file never changes.
const HASHED = /^[^.]+-[0-9a-fA-F]{8,64}(_bg)?(\.|$)/;
const hashed = (path) => path.split("/").some((segment) => HASHED.test(segment));

self.addEventListener("install", (event) => {
  // Every file of one build goes into one cache, or the install fails and the old build stays.
  // A hashed file may come from the browser's HTTP cache, where the page has usually just put
  // it, so a first visit downloads the app once; any other file is fetched anew.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((path) => new Request(path, { cache: hashed(path) ? "default" : "reload" })))
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
