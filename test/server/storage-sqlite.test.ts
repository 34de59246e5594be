import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/server/storage/sqlite-store.js';
import type { RecordingStore } from '../../src/server/storage/types.js';
import { runStoreContract } from './storage-contract.js';

runStoreContract('SQLite + files', async (clock) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rec-store-'));
  let store: RecordingStore = await openSqliteStore({ dataDir, now: clock.now });
  const h = {
    store,
    async reopen() {
      await store.close();
      store = await openSqliteStore({ dataDir, now: clock.now });
      return store;
    },
    async cleanup() {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
});
