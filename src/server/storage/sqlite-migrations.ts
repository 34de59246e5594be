/** Versioned schema of the SQLite store. Append new migrations; never edit an applied one. */
import type Database from 'better-sqlite3';

export interface Migration { version: number; name: string; sql: string }

export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  file_name TEXT NOT NULL UNIQUE,
  conf_guid TEXT,
  device_mac TEXT,
  serial INTEGER,
  reg_name TEXT,
  owner_sip TEXT,
  owner_number TEXT,
  owner_name TEXT,
  owner_sort TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'unknown')),
  remote_number TEXT,
  remote_name TEXT,
  remote_sort TEXT NOT NULL,
  search TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  size INTEGER NOT NULL,
  codecs TEXT NOT NULL,
  streams TEXT NOT NULL,
  warnings TEXT NOT NULL,
  complete INTEGER NOT NULL,
  licensed INTEGER NOT NULL,
  protected INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('active', 'deleted')),
  deleted_at INTEGER,
  deleted_by TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
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

CREATE TABLE call_info (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  conf_guid TEXT NOT NULL,
  cdr_id TEXT NOT NULL,
  data TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (conf_guid, cdr_id)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE app_objects (
  app_object TEXT PRIMARY KEY,
  access_list TEXT NOT NULL,
  delete_mode TEXT NOT NULL CHECK (delete_mode IN ('recoverable', 'permanent')),
  updated_at INTEGER NOT NULL
);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  recording_id TEXT,
  details TEXT NOT NULL
);
CREATE INDEX audit_actor ON audit (actor, id);
CREATE INDEX audit_recording ON audit (recording_id, id) WHERE recording_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);

-- Upload bookkeeping: 'open' while bytes stream into tmp/<id>.part; 'committing' records the intent
-- (target id + metadata) before the rename, so a crash between rename and index update rolls forward.
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  file_name TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'committing')),
  started_at INTEGER NOT NULL,
  last_write_at INTEGER NOT NULL,
  size INTEGER NOT NULL DEFAULT 0,
  target_id TEXT,
  meta TEXT
);
`,
  },
  {
    version: 2,
    name: 'integer row key for recordings and a trigram full-text index over the searchable text',
    // The FTS index refers to rows by an explicit INTEGER PRIMARY KEY: implicit rowids may change on VACUUM.
    sql: `
CREATE TABLE recordings_v2 (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  file_name TEXT NOT NULL UNIQUE,
  conf_guid TEXT,
  device_mac TEXT,
  serial INTEGER,
  reg_name TEXT,
  owner_sip TEXT,
  owner_number TEXT,
  owner_name TEXT,
  owner_sort TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'unknown')),
  remote_number TEXT,
  remote_name TEXT,
  remote_sort TEXT NOT NULL,
  search TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  size INTEGER NOT NULL,
  codecs TEXT NOT NULL,
  streams TEXT NOT NULL,
  warnings TEXT NOT NULL,
  complete INTEGER NOT NULL,
  licensed INTEGER NOT NULL,
  protected INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('active', 'deleted')),
  deleted_at INTEGER,
  deleted_by TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO recordings_v2 (id, file_name, conf_guid, device_mac, serial, reg_name, owner_sip, owner_number, owner_name, owner_sort, direction, remote_number, remote_name, remote_sort, search, start_time, duration_ms, size, codecs, streams, warnings, complete, licensed, protected, state, deleted_at, deleted_by, note, created_at, updated_at)
  SELECT id, file_name, conf_guid, device_mac, serial, reg_name, owner_sip, owner_number, owner_name, owner_sort, direction, remote_number, remote_name, remote_sort, search, start_time, duration_ms, size, codecs, streams, warnings, complete, licensed, protected, state, deleted_at, deleted_by, note, created_at, updated_at FROM recordings ORDER BY created_at, id;
DROP TABLE recordings;
ALTER TABLE recordings_v2 RENAME TO recordings;
CREATE INDEX recordings_state_start ON recordings (state, start_time, id);
CREATE INDEX recordings_state_duration ON recordings (state, duration_ms, id);
CREATE INDEX recordings_state_owner ON recordings (state, owner_sort, id);
CREATE INDEX recordings_state_remote ON recordings (state, remote_sort, id);
CREATE INDEX recordings_state_name ON recordings (state, file_name, id);
CREATE INDEX recordings_owner_sip ON recordings (owner_sip, state, start_time) WHERE owner_sip IS NOT NULL;
CREATE INDEX recordings_owner_number ON recordings (owner_number, state, start_time) WHERE owner_number IS NOT NULL;
CREATE INDEX recordings_conf ON recordings (conf_guid) WHERE conf_guid IS NOT NULL;
CREATE INDEX recordings_deleted ON recordings (deleted_at) WHERE state = 'deleted';

CREATE VIRTUAL TABLE recordings_fts USING fts5(search, content = 'recordings', content_rowid = 'seq', tokenize = 'trigram');
INSERT INTO recordings_fts (recordings_fts) VALUES ('rebuild');
CREATE TRIGGER recordings_fts_insert AFTER INSERT ON recordings BEGIN
  INSERT INTO recordings_fts (rowid, search) VALUES (new.seq, new.search);
END;
CREATE TRIGGER recordings_fts_delete AFTER DELETE ON recordings BEGIN
  INSERT INTO recordings_fts (recordings_fts, rowid, search) VALUES ('delete', old.seq, old.search);
END;
CREATE TRIGGER recordings_fts_update AFTER UPDATE OF search ON recordings BEGIN
  INSERT INTO recordings_fts (recordings_fts, rowid, search) VALUES ('delete', old.seq, old.search);
  INSERT INTO recordings_fts (rowid, search) VALUES (new.seq, new.search);
END;
`,
  },
  {
    version: 3,
    name: 'audit log filtered by action (admin log view)',
    sql: `CREATE INDEX audit_action ON audit (action, id);`,
  },
];

/** Applies pending migrations, each in its own transaction; a no-op when the schema is current. */
export function migrateSqlite(db: Database.Database, now: number): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  const done: number[] = [];
  for (const m of SQLITE_MIGRATIONS) {
    if (applied.has(m.version)) continue;
    // IMMEDIATE takes the write lock first, so two processes starting together cannot both apply it.
    db.transaction(() => {
      if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version)) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now);
      done.push(m.version);
    }).immediate();
  }
  return done;
}
