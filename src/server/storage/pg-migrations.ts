/** Versioned schema of the PostgreSQL store. Append new migrations; never edit an applied one. */
import type { PoolClient } from 'pg';

export interface PgMigration { version: number; name: string; up: (c: PoolClient) => Promise<void> }

const sql = (text: string) => async (c: PoolClient): Promise<void> => { await c.query(text); };

export const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: sql(`
CREATE TABLE pcap_blobs (
  id BIGSERIAL PRIMARY KEY,
  upload_id TEXT UNIQUE,
  file_name TEXT NOT NULL,
  committed BOOLEAN NOT NULL DEFAULT false,
  size BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  last_write_at BIGINT NOT NULL
);
CREATE INDEX pcap_blobs_uncommitted ON pcap_blobs (last_write_at) WHERE NOT committed;

CREATE TABLE pcap_chunks (
  blob_id BIGINT NOT NULL REFERENCES pcap_blobs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (blob_id, seq)
);
-- RTP payloads hardly compress; skip the compression attempt on every chunk.
ALTER TABLE pcap_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE recordings (
  id TEXT COLLATE "C" PRIMARY KEY,
  file_name TEXT COLLATE "C" NOT NULL UNIQUE,
  conf_guid TEXT,
  device_mac TEXT,
  serial BIGINT,
  reg_name TEXT,
  owner_sip TEXT,
  owner_number TEXT,
  owner_name TEXT,
  owner_sort TEXT COLLATE "C" NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'unknown')),
  remote_number TEXT,
  remote_name TEXT,
  remote_sort TEXT COLLATE "C" NOT NULL,
  search TEXT NOT NULL,
  start_time BIGINT NOT NULL,
  duration_ms BIGINT NOT NULL,
  size BIGINT NOT NULL,
  codecs JSONB NOT NULL,
  streams JSONB NOT NULL,
  warnings JSONB NOT NULL,
  complete BOOLEAN NOT NULL,
  licensed BOOLEAN NOT NULL,
  protected BOOLEAN NOT NULL DEFAULT false,
  state TEXT NOT NULL CHECK (state IN ('active', 'deleted')),
  deleted_at BIGINT,
  deleted_by TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  blob_id BIGINT NOT NULL REFERENCES pcap_blobs (id)
);
CREATE INDEX recordings_state_start ON recordings (state, start_time, id);
CREATE INDEX recordings_state_duration ON recordings (state, duration_ms, id);
CREATE INDEX recordings_state_owner ON recordings (state, owner_sort, id);
CREATE INDEX recordings_state_remote ON recordings (state, remote_sort, id);
CREATE INDEX recordings_state_name ON recordings (state, file_name, id);
CREATE INDEX recordings_owner_sip ON recordings (owner_sip, state, start_time) WHERE owner_sip IS NOT NULL;
CREATE INDEX recordings_owner_number ON recordings (owner_number, state, start_time) WHERE owner_number IS NOT NULL;
CREATE INDEX recordings_conf ON recordings (conf_guid) WHERE conf_guid IS NOT NULL;
CREATE INDEX recordings_deleted ON recordings (deleted_at) WHERE state = 'deleted';
CREATE INDEX recordings_blob ON recordings (blob_id);

CREATE TABLE call_info (
  seq BIGSERIAL PRIMARY KEY,
  conf_guid TEXT NOT NULL,
  cdr_id TEXT NOT NULL,
  data JSONB NOT NULL,
  received_at BIGINT NOT NULL,
  UNIQUE (conf_guid, cdr_id)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value JSONB NOT NULL
);

CREATE TABLE app_objects (
  app_object TEXT PRIMARY KEY,
  access_list JSONB NOT NULL,
  delete_mode TEXT NOT NULL CHECK (delete_mode IN ('recoverable', 'permanent')),
  updated_at BIGINT NOT NULL
);

CREATE TABLE audit (
  id BIGSERIAL PRIMARY KEY,
  at BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  recording_id TEXT,
  details JSONB NOT NULL
);
CREATE INDEX audit_actor ON audit (actor, id);
CREATE INDEX audit_recording ON audit (recording_id, id) WHERE recording_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);
`),
  },
  {
    version: 2,
    name: 'trigram index for text search (when pg_trgm is available)',
    async up(c) {
      // pg_trgm needs a privileged CREATE EXTENSION; without it text search still works, only slower.
      await c.query('SAVEPOINT trgm');
      try {
        await c.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        await c.query('CREATE INDEX recordings_search_trgm ON recordings USING gin (search gin_trgm_ops)');
        await c.query('RELEASE SAVEPOINT trgm');
      } catch {
        await c.query('ROLLBACK TO SAVEPOINT trgm');
      }
    },
  },
  {
    version: 3,
    name: 'audit log filtered by action (admin log view)',
    async up(c) {
      await c.query('CREATE INDEX audit_action ON audit (action, id)');
    },
  },
];

/** Applies pending migrations in one transaction under an advisory lock, so concurrent start-ups apply each once. */
export async function migratePg(c: PoolClient, now: number): Promise<number[]> {
  const done: number[] = [];
  await c.query('BEGIN');
  try {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('recordings.schema_migrations'))`);
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
    const applied = new Set((await c.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
    for (const m of PG_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await m.up(c);
      await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now]);
      done.push(m.version);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return done;
}
