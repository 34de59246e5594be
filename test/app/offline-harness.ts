// Offline component-test page: the mocked service of harness.ts (msw: WebSocket + HTTP download)
// plus a network cut for the app's connection (its socket goes to a closed port while `cut`),
// the offline services, and stores that fail on purpose for the cache's error paths.
import { mountRecApp } from './harness.js';
import { setLang, type Lang } from '../../src/app/i18n/i18n.js';
import { AppConnection } from '../../src/app/services/connection.js';
import { OfflineCache, OfflineError, offlineCache } from '../../src/app/services/offline-cache.js';
import { offlineModeFor } from '../../src/app/services/offline-mode.js';
import { startOffline } from '../../src/app/services/offline-start.js';
import { IdbOfflineStore, type CachedEntry, type OfflineStore } from '../../src/app/services/offline-store.js';
import { RecordingList } from '../../src/app/services/recording-list.js';
import { getRecordingBytes, getRecordingDetail } from '../../src/app/services/recording-source.js';
import { applyScheme } from '../../src/app/services/scheme.js';
import '../../src/app/elements/rec-app.js';
import { WS_URL, aliceLogin } from './mock-service.js';

const gate = { cut: false };

/**
 * A store with the browser's quota behaviour: `put` throws QuotaExceededError when the bytes
 * stored would pass `limit` (the real IndexedDB underneath keeps everything else honest).
 */
class QuotaStore implements OfflineStore {
  puts = 0;
  constructor(private readonly inner: OfflineStore, public limit: number) {}
  all(): Promise<CachedEntry[]> { return this.inner.all(); }
  get(key: string) { return this.inner.get(key); }
  bytes(key: string) { return this.inner.bytes(key); }
  async put(entry: CachedEntry, bytes: Blob): Promise<void> {
    this.puts++;
    const used = (await this.inner.all()).filter((e) => e.key !== entry.key).reduce((n, e) => n + e.size, 0);
    if (used + bytes.size > this.limit) throw new DOMException('quota exceeded (test store)', 'QuotaExceededError');
    return this.inner.put(entry, bytes);
  }
  putMeta(entry: CachedEntry) { return this.inner.putMeta(entry); }
  delete(key: string) { return this.inner.delete(key); }
  close() { this.inner.close(); }
}

/** A store whose disk is broken: every put fails with something that is not a quota error. */
class BrokenStore extends QuotaStore {
  override async put(): Promise<void> { throw new DOMException('disk I/O error (test store)', 'UnknownError'); }
}

const offline = {
  mount(opts: { lang?: Lang; admin?: boolean } = {}) {
    setLang(opts.lang ?? 'en');
    applyScheme('light');
    const connection = new AppConnection({
      url: WS_URL, appObject: 'recordings', minBackoffMs: 200, maxBackoffMs: 400,
      // A cut network: the socket goes to a port nobody listens on and fails like a real one.
      createSocket: (url) => new WebSocket(gate.cut ? 'ws://127.0.0.1:9/' : url),
      login: aliceLogin(),
    });
    const list = new RecordingList(connection);
    const mode = startOffline(connection, list, { serviceWorker: false });
    const el = mountRecApp(connection, list, !!opts.admin);
    (window as any).app = { el, connection, list, mode };
  },
  /** cuts (or restores) the app's network; a cut also drops the open socket */
  cut(on: boolean) {
    gate.cut = on;
    if (on) (window as any).mock.dropAll();
  },
  async cacheWith(kind: 'idb' | 'quota' | 'broken', db: string, opts: { budget?: number; limit?: number } = {}) {
    const idb = await IdbOfflineStore.open(db);
    const store = kind === 'idb' ? idb : kind === 'quota' ? new QuotaStore(idb, opts.limit ?? Infinity) : new BrokenStore(idb, Infinity);
    let clock = 1000;
    const cache = new OfflineCache({ store, budgetBytes: opts.budget, now: () => ++clock, persist: async () => true, persisted: async () => false }, 'test|alice');
    return { cache, store };
  },
  /** Holds every recording download back by `ms` (msw answers at once otherwise). */
  slowDownloads(ms: number) {
    const orig = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input instanceof Request ? input.url : input).includes('/download/')) await new Promise((r) => setTimeout(r, ms));
      return orig(input, init);
    };
  },
  blob(size: number) { return new Blob([new Uint8Array(size)]); },
  OfflineCache, OfflineError, IdbOfflineStore, offlineCache, offlineModeFor, getRecordingBytes, getRecordingDetail,
};

(window as any).offline = offline;
