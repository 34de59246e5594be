// What is kept on this device for offline play, and what goes when space runs out:
// - "keep offline" entries are pinned: never evicted automatically; one that cannot fit is refused
//   with a sentence saying how much is needed and how much is free;
// - recently played recordings are kept as unpinned entries and evicted least-recently-used first
//   when the cache is over its budget or the browser throws QuotaExceededError.
// The budget counts every scope (all users of this origin share the browser's quota).
import type { RecordingDetail, RecordingInfo } from '../../shared/messages.js';
import { t } from '../i18n/i18n.js';
import { IdbOfflineStore, entryKey, type CachedEntry, type OfflineStore } from './offline-store.js';

export type OfflineReason = 'no-space' | 'quota' | 'not-cached' | 'storage';

/** A refusal of the offline feature; `message` is the sentence shown to the user. */
export class OfflineError extends Error {
  constructor(readonly reason: OfflineReason, message: string) {
    super(message);
    this.name = 'offline';
  }
}

export interface StorageFigures { usage: number; quota: number }

export interface OfflineStatus {
  /** bytes of cached PCAPs (every scope) */
  used: number;
  /** what the cache may take */
  budget: number;
  /** the browser's figures for the whole origin, null when it does not tell */
  usage: number | null;
  quota: number | null;
  /** the browser promised not to clear this storage */
  persisted: boolean;
}

export interface OfflineCacheOptions {
  store: OfflineStore | (() => Promise<OfflineStore>);
  /** fixed budget in bytes; default: half the origin quota, at most 2 GiB (512 MiB when unknown) */
  budgetBytes?: number;
  estimate?: () => Promise<StorageFigures | null>;
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  now?: () => number;
}

const GiB = 2 ** 30;
const MiB = 2 ** 20;

export function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;
}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

async function browserEstimate(): Promise<StorageFigures | null> {
  if (!navigator.storage?.estimate) return null;
  const e = await navigator.storage.estimate();
  return e.quota !== undefined ? { usage: e.usage ?? 0, quota: e.quota } : null;
}

export class OfflineCache {
  /** whose entries are visible: app + user of the last login on this page */
  scope: string;
  /** fixed budget in bytes (undefined: from the browser's quota) */
  budgetBytes: number | undefined;
  private storeP: Promise<OfflineStore> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly o: OfflineCacheOptions, scope = '') {
    this.scope = scope;
    this.budgetBytes = o.budgetBytes;
    this.now = o.now ?? Date.now;
  }

  onChange(l: () => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  setScope(scope: string): void {
    if (scope === this.scope) return;
    this.scope = scope;
    this.changed();
  }

  /** This scope's entries: pinned first, then most recently used. */
  async entries(): Promise<CachedEntry[]> {
    const all = await (await this.store()).all();
    return all.filter((e) => e.scope === this.scope)
      .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.lastUsed - a.lastUsed);
  }

  async get(id: string): Promise<CachedEntry | undefined> {
    return (await this.store()).get(entryKey(this.scope, id));
  }

  /** The cached PCAP of `id` (marks it as used now), or undefined. */
  async bytes(id: string): Promise<{ entry: CachedEntry; bytes: Blob } | undefined> {
    const s = await this.store();
    const key = entryKey(this.scope, id);
    const [entry, bytes] = await Promise.all([s.get(key), s.bytes(key)]);
    if (!entry || !bytes) return undefined;
    // The LRU stamp is bookkeeping: playback must not wait for it.
    void this.serial(async () => {
      const cur = await s.get(key);
      if (cur) await s.putMeta({ ...cur, lastUsed: this.now() });
    }).catch(() => undefined);
    return { entry, bytes };
  }

  /** Keeps a played recording as a recent (evictable) entry. False when there was no room. */
  putRecent(recording: RecordingDetail | RecordingInfo, bytes: Blob): Promise<boolean> {
    return this.serial(async () => {
      // Nobody signed in on this page yet (e.g. a page without OfflineMode): keep nothing rather than share it.
      if (!this.scope) return false;
      const old = await this.get(recording.id);
      return this.write(this.entry(recording, bytes.size, old?.pinned ?? false), bytes);
    });
  }

  /**
   * "Keep offline": stores `bytes` (or keeps the ones already cached when `bytes` is null) pinned.
   * Throws OfflineError when the recording cannot fit even after evicting every unpinned entry.
   */
  pin(recording: RecordingDetail | RecordingInfo, bytes: Blob | null): Promise<CachedEntry> {
    return this.serial(async () => {
      const s = await this.store();
      const old = await this.get(recording.id);
      // Already stored (e.g. just played): flip the flag instead of writing the same bytes again.
      if (bytes && old && old.size === bytes.size) bytes = null;
      if (!bytes) {
        if (!old) throw new OfflineError('not-cached', t('offline.errNotCached'));
        const e = { ...old, recording: mergeRecording(old.recording, recording), pinned: true, lastUsed: this.now() };
        await s.putMeta(e);
        this.changed();
        void this.requestPersist();
        return e;
      }
      const e = this.entry(recording, bytes.size, true);
      await this.write(e, bytes);
      void this.requestPersist();
      return e;
    });
  }

  /** "Keep offline" off: the entry stays as a recent one until evicted or removed. */
  unpin(id: string): Promise<void> {
    return this.serial(async () => {
      const old = await this.get(id);
      if (!old) return;
      await (await this.store()).putMeta({ ...old, pinned: false });
      this.changed();
    });
  }

  remove(id: string): Promise<void> {
    return this.serial(async () => {
      await (await this.store()).delete(entryKey(this.scope, id));
      this.changed();
    });
  }

  /** A push or a request returned new list fields: cached metadata follows (detail fields kept). */
  update(recording: RecordingInfo | RecordingDetail): Promise<void> {
    return this.serial(async () => {
      const old = await this.get(recording.id);
      if (!old) return;
      await (await this.store()).putMeta({ ...old, recording: mergeRecording(old.recording, recording) });
      this.changed();
    });
  }

  async status(): Promise<OfflineStatus> {
    const [all, est, persisted] = await Promise.all([
      (await this.store()).all(),
      (this.o.estimate ?? browserEstimate)().catch(() => null),
      this.isPersisted().catch(() => false),
    ]);
    return {
      used: all.reduce((n, e) => n + e.size, 0), budget: await this.budget(est),
      usage: est?.usage ?? null, quota: est?.quota ?? null, persisted,
    };
  }

  /** For tests and the element that shows it: closes the database. */
  async close(): Promise<void> {
    if (this.storeP) (await this.storeP).close();
    this.storeP = null;
  }

  private store(): Promise<OfflineStore> {
    if (!this.storeP) {
      const s = this.o.store;
      this.storeP = typeof s === 'function' ? s() : Promise.resolve(s);
      this.storeP.catch(() => { this.storeP = null; });
    }
    return this.storeP;
  }

  private entry(recording: RecordingDetail | RecordingInfo, size: number, pinned: boolean): CachedEntry {
    const now = this.now();
    return { key: entryKey(this.scope, recording.id), scope: this.scope, id: recording.id, recording, size, pinned, lastUsed: now, savedAt: now };
  }

  private async budget(est?: StorageFigures | null): Promise<number> {
    if (this.budgetBytes !== undefined) return this.budgetBytes;
    const e = est === undefined ? await (this.o.estimate ?? browserEstimate)().catch(() => null) : est;
    return e ? Math.min(2 * GiB, Math.floor(e.quota / 2)) : 512 * MiB;
  }

  /**
   * Stores one entry, making room first (unpinned LRU out until it fits the budget) and again
   * whenever the browser says its quota is exhausted. Pinned: throws when it cannot fit;
   * recent: returns false (playing goes on, it is just not kept).
   */
  private async write(e: CachedEntry, bytes: Blob): Promise<boolean> {
    const s = await this.store();
    const budget = await this.budget();
    const others = (await s.all()).filter((x) => x.key !== e.key);
    let used = others.reduce((n, x) => n + x.size, 0);
    const evictable = others.filter((x) => !x.pinned).sort((a, b) => a.lastUsed - b.lastUsed);
    while (used + e.size > budget && evictable.length) {
      const v = evictable.shift()!;
      await s.delete(v.key);
      used -= v.size;
    }
    if (used + e.size > budget) {
      if (!e.pinned) { this.changed(); return false; }
      this.changed();
      throw new OfflineError('no-space', t('offline.errNoSpace', formatMB(e.size), formatMB(Math.max(0, budget - used)), formatMB(budget)));
    }
    for (;;) {
      try {
        await s.put(e, bytes);
        this.changed();
        return true;
      } catch (err) {
        if (!isQuotaError(err)) {
          this.changed();
          throw new OfflineError('storage', t('offline.errStorage', (err as Error).message ?? String(err)));
        }
        const v = evictable.shift();
        if (v) { await s.delete(v.key); continue; }
        this.changed();
        if (!e.pinned) return false;
        throw new OfflineError('quota', t('offline.errQuota', formatMB(e.size)));
      }
    }
  }

  private async requestPersist(): Promise<void> {
    try {
      if (await this.isPersisted()) return;
      await (this.o.persist ?? (() => navigator.storage?.persist?.() ?? Promise.resolve(false)))();
    } catch {
      // A browser that will not promise persistence still keeps the data until it needs the space.
    }
  }

  private isPersisted(): Promise<boolean> {
    return (this.o.persisted ?? (() => navigator.storage?.persisted?.() ?? Promise.resolve(false)))();
  }

  /** Writes one after another: eviction decisions must see the previous write. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private changed(): void { for (const l of this.listeners) l(); }
}

/** New list fields over a stored detail: streams, call info … stay. */
function mergeRecording(old: RecordingDetail | RecordingInfo, next: RecordingDetail | RecordingInfo): RecordingDetail | RecordingInfo {
  return { ...old, ...next };
}

let shared: OfflineCache | null = null;
const SCOPE_KEY = 'recordings-offline-scope';

/** The page's cache (IndexedDB), scoped to the last user who signed in on this page. */
export function offlineCache(): OfflineCache {
  if (!shared) {
    let scope = '';
    try { scope = localStorage.getItem(`${SCOPE_KEY}:${location.pathname}`) ?? ''; } catch { /* storage blocked: no offline list */ }
    shared = new OfflineCache({ store: () => IdbOfflineStore.open() }, scope);
  }
  return shared;
}

/** Remembers who signed in, so an offline start shows that user's cache. */
export function rememberScope(cache: OfflineCache, scope: string): void {
  cache.setScope(scope);
  try { localStorage.setItem(`${SCOPE_KEY}:${location.pathname}`, scope); } catch { /* storage blocked */ }
}
