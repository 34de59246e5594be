// The app's service worker: the app shell (both myApps pages, index.html, their hashed scripts,
// the decoder worker, the WASM core, opus-decoder, icons) is cached at install from the manifest
// the build writes into this file, so the app starts and plays kept recordings without a network.
// One cache per build version; activate deletes every older one. The ffmpeg core (tens of MB,
// loaded only for MP3/OGG export) is never precached: it is cached the first time it is fetched.
// Everything else (WebSocket, downloads, uploads) is not touched.
// Built by sw-build.ts as a separate, import-free chunk (`sw.js` next to the pages).

/** Written by the build: see sw-build.ts. */
export interface SwManifest {
  version: string;
  /** paths relative to the scope, fetched at install */
  precache: string[];
  /** paths cached on first use only */
  lazy: string[];
  /** pages and shell data fetched network-first, cached copy when offline */
  networkFirst: string[];
}

// Minimal service-worker types (the app's tsconfig has the DOM lib, not WebWorker).
interface ExtendableEvent extends Event { waitUntil(p: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent { readonly request: Request; respondWith(r: Response | Promise<Response>): void }
interface SwClient { url: string }
interface SwGlobal {
  registration: { scope: string };
  clients: { claim(): Promise<void>; matchAll(o: { includeUncontrolled: boolean; type: 'window' }): Promise<SwClient[]> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', l: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', l: (e: FetchEvent) => void): void;
}

const sw = self as unknown as SwGlobal;
const MANIFEST: SwManifest = JSON.parse('__REC_SW_MANIFEST__');
const PREFIX = 'recordings-shell-';
const CACHE = `${PREFIX}${MANIFEST.version}`;
const scope = new URL(sw.registration.scope);
const precache = new Set(MANIFEST.precache);
const lazy = new Set(MANIFEST.lazy);
const networkFirst = new Set(MANIFEST.networkFirst);

/** Path below the scope, or null for anything outside it. */
function relative(u: URL): string | null {
  if (u.origin !== scope.origin || !u.pathname.startsWith(scope.pathname)) return null;
  return decodeURIComponent(u.pathname.slice(scope.pathname.length));
}

/** Cache key: the URL without query (myApps passes lang/scheme/name in the query of the page). */
function key(rel: string): string { return new URL(rel, scope).href; }

sw.addEventListener('install', (e) => {
  e.waitUntil((async () => {
    const c = await caches.open(CACHE);
    // cache: 'reload' — the HTTP cache must not hand an older build's files to a new version.
    await c.addAll([...precache].map((p) => new Request(key(p), { cache: 'reload' })));
    await sw.skipWaiting();
  })());
});

sw.addEventListener('activate', (e) => {
  e.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await sw.clients.claim();
    // The page that registered us (e.g. the standalone host page) was loaded before we existed.
    const c = await caches.open(CACHE);
    for (const client of await sw.clients.matchAll({ includeUncontrolled: true, type: 'window' })) {
      const rel = relative(new URL(client.url));
      if (rel === null || precache.has(rel) || await c.match(key(rel))) continue;
      try {
        const r = await fetch(key(rel));
        if (r.ok) await c.put(key(rel), r);
      } catch {
        // offline right now: it is cached on its next load
      }
    }
  })());
});

async function fromCacheFirst(req: Request, rel: string): Promise<Response> {
  const c = await caches.open(CACHE);
  const hit = await c.match(key(rel));
  if (hit) return hit;
  const r = await fetch(req);
  if (r.ok && lazy.has(rel)) await c.put(key(rel), r.clone());
  return r;
}

async function fromNetworkFirst(req: Request, rel: string): Promise<Response> {
  const c = await caches.open(CACHE);
  try {
    const r = await fetch(req);
    // Only pages and shell data: a navigation to a download must not land in the shell cache.
    const keep = req.mode !== 'navigate' || (r.headers.get('Content-Type') ?? '').startsWith('text/html');
    if (r.ok && keep) await c.put(key(rel), r.clone());
    return r;
  } catch (err) {
    const hit = await c.match(key(rel));
    if (hit) return hit;
    if (req.mode === 'navigate') {
      return new Response(`<!doctype html><meta charset="utf-8"><title>Offline</title><p>This page is not available offline (${rel}).</p>`,
        { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
    throw err;
  }
}

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const rel = relative(new URL(req.url));
  if (rel === null) return;
  if (req.mode === 'navigate' || networkFirst.has(rel)) e.respondWith(fromNetworkFirst(req, rel));
  else if (precache.has(rel) || lazy.has(rel)) e.respondWith(fromCacheFirst(req, rel));
});
