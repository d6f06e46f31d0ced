/* Offline copy of one facilitation kit's facilitation mode (scope: its animation/ URL only).
   Network first, so a new publication shows as soon as the device is online; the cached copy otherwise. */
"use strict";
const PREFIX = "cafe-ia-kit-{{ page_id }}-";
const CACHE = PREFIX + "{{ version }}";
const MODE_URL = {{ mode_url_json|safe }};  // JSON-encoded by the view

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(MODE_URL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname !== MODE_URL) {
    return;
  }
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(MODE_URL, copy));
        }
        return response;
      })
      .catch(() => caches.match(MODE_URL))
  );
});
