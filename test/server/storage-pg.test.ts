import pg from 'pg';
import { afterAll } from 'vitest';
import { openPgStore } from '../../src/server/storage/pg-store.js';
import type { RecordingStore } from '../../src/server/storage/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { runStoreContract } from './storage-contract.js';

// One fresh database per run (created on first use, dropped at the end); every test starts from empty tables.
let db: Promise<TestDatabase> | null = null;
afterAll(async () => { if (db) await (await db).drop(); });

async function emptyTables(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('TRUNCATE recordings, pcap_chunks, pcap_blobs, call_info, settings, app_objects, audit RESTART IDENTITY CASCADE');
  } finally {
    await c.end();
  }
}

runStoreContract('PostgreSQL', async (clock) => {
  db ??= createTestDatabase();
  const { url } = await db;
  // Small chunks so every test crosses chunk boundaries.
  const open = () => openPgStore({ connectionString: url, now: clock.now, chunkSize: 4096, poolSize: 4 });
  let store: RecordingStore = await open();
  await emptyTables(url);
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
    },
  };
}, { multiProcess: true });
