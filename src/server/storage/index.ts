/** Picks the store implementation from the configuration: PostgreSQL when a database URL is set, else SQLite. */
import { openPgStore } from './pg-store.js';
import { openSqliteStore } from './sqlite-store.js';
import type { RecordingStore } from './types.js';

export type * from './types.js';
export { openPgStore } from './pg-store.js';
export { openSqliteStore } from './sqlite-store.js';

export interface OpenStoreOptions {
  dataDir: string;
  databaseUrl?: string | null;
  now?: () => number;
}

export function openStore(o: OpenStoreOptions): Promise<RecordingStore> {
  return o.databaseUrl
    ? openPgStore({ connectionString: o.databaseUrl, now: o.now })
    : openSqliteStore({ dataDir: o.dataDir, now: o.now });
}
