// IndexedDB storage of the offline cache: one record of metadata and one Blob per cached PCAP.
// Only storage here; what to keep and what to evict is decided by offline-cache.ts.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RecordingDetail, RecordingInfo } from '../../shared/messages.js';

/** One cached recording. `key` = scope + "\n" + id: each signed-in user has a cache of their own. */
export interface CachedEntry {
  key: string;
  /** whose cache (app + user), see OfflineCache.scope */
  scope: string;
  id: string;
  /** the detail when GetRecording was seen, else the list fields */
  recording: RecordingDetail | RecordingInfo;
  /** bytes of the stored PCAP */
  size: number;
  /** "keep offline": never evicted automatically */
  pinned: boolean;
  /** last play or save, ms since epoch (LRU order) */
  lastUsed: number;
  savedAt: number;
}

/** What offline-cache.ts needs from storage; tests wrap it to inject failures. */
export interface OfflineStore {
  all(): Promise<CachedEntry[]>;
  get(key: string): Promise<CachedEntry | undefined>;
  bytes(key: string): Promise<Blob | undefined>;
  /** metadata and bytes in one transaction: never one without the other */
  put(entry: CachedEntry, bytes: Blob): Promise<void>;
  putMeta(entry: CachedEntry): Promise<void>;
  delete(key: string): Promise<void>;
  close(): void;
}

interface Schema extends DBSchema {
  entries: { key: string; value: CachedEntry };
  bytes: { key: string; value: Blob };
}

export const OFFLINE_DB = 'recordings-offline';

export function entryKey(scope: string, id: string): string { return `${scope}\n${id}`; }

export class IdbOfflineStore implements OfflineStore {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name = OFFLINE_DB): Promise<IdbOfflineStore> {
    const db = await openDB<Schema>(name, 1, {
      upgrade(d) {
        d.createObjectStore('entries', { keyPath: 'key' });
        d.createObjectStore('bytes');
      },
    });
    return new IdbOfflineStore(db);
  }

  all(): Promise<CachedEntry[]> { return this.db.getAll('entries'); }
  get(key: string): Promise<CachedEntry | undefined> { return this.db.get('entries', key); }
  bytes(key: string): Promise<Blob | undefined> { return this.db.get('bytes', key); }

  async put(entry: CachedEntry, bytes: Blob): Promise<void> {
    const tx = this.db.transaction(['entries', 'bytes'], 'readwrite');
    await Promise.all([tx.objectStore('bytes').put(bytes, entry.key), tx.objectStore('entries').put(entry), tx.done]);
  }

  async putMeta(entry: CachedEntry): Promise<void> { await this.db.put('entries', entry); }

  async delete(key: string): Promise<void> {
    const tx = this.db.transaction(['entries', 'bytes'], 'readwrite');
    await Promise.all([tx.objectStore('bytes').delete(key), tx.objectStore('entries').delete(key), tx.done]);
  }

  close(): void { this.db.close(); }
}
