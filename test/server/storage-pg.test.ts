import { afterAll } from 'vitest';
import { openPgStore } from '../../src/server/storage/pg-store.js';
import type { RecordingStore } from '../../src/server/storage/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { runStoreContract } from './storage-contract.js';

const dbs: TestDatabase[] = [];
afterAll(async () => { await Promise.all(dbs.map((d) => d.drop())); });

runStoreContract('PostgreSQL', async (clock) => {
  // A fresh database per test: each starts from an empty schema and runs the migrations itself.
  const db = await createTestDatabase();
  dbs.push(db);
  // Small chunks so every test crosses chunk boundaries.
  const open = () => openPgStore({ connectionString: db.url, now: clock.now, chunkSize: 4096, poolSize: 4 });
  let store: RecordingStore = await open();
  const peers: RecordingStore[] = [];
  return {
    store,
    async reopen() {
      await store.close();
      store = await open();
      return store;
    },
    async openPeer() {
      const p = await open();
      peers.push(p);
      return p;
    },
    async cleanup() {
      await Promise.all([store.close(), ...peers.map((p) => p.close())]);
      await db.drop();
      dbs.splice(dbs.indexOf(db), 1);
    },
  };
});
