/** Schema versions: upgrades with data in place, idempotent start-up, concurrent start-up (PostgreSQL). */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS } from '../../src/server/storage/pg-migrations.js';
import { openPgStore } from '../../src/server/storage/pg-store.js';
import { metaColumns } from '../../src/server/storage/recording-row.js';
import { SQLITE_MIGRATIONS } from '../../src/server/storage/sqlite-migrations.js';
import { openSqliteStore } from '../../src/server/storage/sqlite-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { meta } from './storage-contract.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

describe('SQLite migrations', () => {
  it('upgrades a version-1 database with recordings in place and then starts idempotently', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rec-mig-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const db = new Database(join(dataDir, 'recordings.db'));
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    db.exec(SQLITE_MIGRATIONS[0].sql);
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 5)').run(SQLITE_MIGRATIONS[0].name);
    const m = meta({ ownerName: 'Jürgen Groß', remoteName: 'Kundendienst' });
    const cols = metaColumns('sqlite', 'old.pcap', m);
    const names = Object.keys(cols);
    db.prepare(`INSERT INTO recordings (id, file_name, ${names.join(', ')}, size, state, created_at, updated_at)
      VALUES (?, 'old.pcap', ${names.map(() => '?').join(', ')}, 0, 'active', 1, 1)`).run('ab'.repeat(16), ...names.map((k) => cols[k]));
    db.close();

    const s = await openSqliteStore({ dataDir, now: () => 1000 });
    expect((await s.getRecording('ab'.repeat(16)))?.ownerName).toBe('Jürgen Groß');
    // the trigram index was built from the existing rows
    expect((await s.listRecordings({ text: 'GROSS' })).items).toHaveLength(0);
    expect((await s.listRecordings({ text: 'jürgen gr' })).items).toHaveLength(1);
    expect((await s.listRecordings({ text: 'undendie' })).items).toHaveLength(1);
    await s.close();

    const s2 = await openSqliteStore({ dataDir, now: () => 2000 });
    await s2.close();
    const check = new Database(join(dataDir, 'recordings.db'), { readonly: true });
    expect(check.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all())
      .toEqual([{ version: 1, applied_at: 5 }, ...SQLITE_MIGRATIONS.slice(1).map((x) => ({ version: x.version, applied_at: 1000 }))]);
    expect(check.pragma('foreign_keys', { simple: true })).toBeDefined();
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    check.close();
  });
});

describe('PostgreSQL migrations and storage details', () => {
  let db: TestDatabase;
  async function fresh(): Promise<pg.Client> {
    db = await createTestDatabase();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    cleanups.push(async () => { await c.end(); await db.drop(); });
    return c;
  }

  it('three processes starting together apply each migration exactly once', async () => {
    const c = await fresh();
    const stores = await Promise.all([1, 2, 3].map(() => openPgStore({ connectionString: db.url, poolSize: 2 })));
    cleanups.push(async () => { await Promise.all(stores.map((s) => s.close())); });
    const rows = (await c.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    expect(rows).toEqual(PG_MIGRATIONS.map((m) => m.version));
    const idx = await c.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'recordings' AND indexname = 'recordings_search_trgm'`);
    expect(idx.rowCount).toBe(1);
  });

  it('stores bytes in fixed-size chunks, retires replaced bytes for a grace period and purges at once', async () => {
    const c = await fresh();
    let t = 1_000_000;
    const s = await openPgStore({ connectionString: db.url, chunkSize: 4096, now: () => t });
    cleanups.push(() => s.close());
    const up = await s.openUpload('c.pcap');
    await up.write(Buffer.alloc(10_000, 1));
    // while streaming, full chunks are already in the database and the tail is not
    const during = await c.query('SELECT seq, length(data) AS n FROM pcap_chunks ORDER BY seq');
    expect(during.rows).toEqual([{ seq: 0, n: 4096 }, { seq: 1, n: 4096 }]);
    const { recording } = await up.commit(meta());
    const sizes = await c.query('SELECT length(data) AS n FROM pcap_chunks ORDER BY seq');
    expect(sizes.rows.map((r) => r.n)).toEqual([4096, 4096, 1808]);

    const up2 = await s.openUpload('c.pcap');
    await up2.write(Buffer.alloc(100, 2));
    await up2.commit(meta());
    expect((await c.query('SELECT count(*)::int AS n FROM pcap_blobs')).rows[0].n).toBe(2);
    t += 16 * 60_000;
    const up3 = await s.openUpload('other.pcap');
    await up3.commit(meta());
    expect((await c.query('SELECT count(*)::int AS n FROM pcap_blobs')).rows[0].n).toBe(2);
    expect((await c.query('SELECT count(*)::int AS n FROM pcap_chunks')).rows[0].n).toBe(1);

    await s.purgeRecording(recording.id);
    expect((await c.query('SELECT count(*)::int AS n FROM pcap_chunks')).rows[0].n).toBe(0);
  });

  it('removes the chunks of stale uploads', async () => {
    const c = await fresh();
    let t = 5_000_000;
    const s = await openPgStore({ connectionString: db.url, chunkSize: 1024, now: () => t });
    cleanups.push(() => s.close());
    const up = await s.openUpload('stale.pcap');
    await up.write(Buffer.alloc(5000));
    expect((await c.query('SELECT count(*)::int AS n FROM pcap_chunks')).rows[0].n).toBe(4);
    t += 3_600_001;
    expect(await s.cleanupStaleUploads(t - 3_600_000)).toBe(1);
    expect((await c.query('SELECT count(*)::int AS n FROM pcap_chunks')).rows[0].n).toBe(0);
  });

  it('keeps delivering notifications after the LISTEN connection is cut', async () => {
    const c = await fresh();
    const s = await openPgStore({ connectionString: db.url });
    cleanups.push(() => s.close());
    const seen: string[] = [];
    s.subscribe((e) => { if (e.type === 'appObject') seen.push(e.appObject); });
    await s.setAppObjectConfig('before', { deleteMode: 'permanent' });
    await expect.poll(() => seen, { timeout: 3000 }).toEqual(['before']);
    const killed = await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`);
    expect(killed.rowCount).toBe(1);
    // The store reconnects on its own; changes made after that reach the listener again.
    await expect.poll(async () => {
      await s.setAppObjectConfig('after', { deleteMode: 'recoverable' });
      return seen.includes('after');
    }, { timeout: 5000, interval: 300 }).toBe(true);
  });
});
