// Offline support of a myApps page: the list follows the offline mode, and the service worker
// (sw.js, built next to the pages) caches the app shell so the page starts without a network.
import type { AppConnection } from './connection.js';
import { offlineModeFor, type OfflineMode } from './offline-mode.js';
import type { RecordingList } from './recording-list.js';

export interface OfflineStartOptions {
  /** false in component tests: msw's worker owns the test page's scope */
  serviceWorker?: boolean;
}

export function startOffline(connection: AppConnection, list: RecordingList, o: OfflineStartOptions = {}): OfflineMode {
  const mode = offlineModeFor(connection);
  mode.attachList(list);
  if (o.serviceWorker !== false) void registerServiceWorker();
  return mode;
}

/** Registers sw.js of this page's directory; without it (dev server, old browser) the app works online only. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  // MODE, not PROD: a production build run under vitest has NODE_ENV=test, which clears PROD.
  if (import.meta.env.MODE === 'development' || !('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register(new URL('./sw.js', location.href), { scope: './' });
  } catch (e) {
    // Not fatal: only offline start is lost. Say why in the console for whoever debugs it.
    console.warn('offline start unavailable: service worker not registered', e);
    return null;
  }
}
