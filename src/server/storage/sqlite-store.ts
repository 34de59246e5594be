/**
 * Default store: better-sqlite3 (WAL, foreign keys, prepared statements) for the index, PCAP bytes as
 * files under the data dir (see pcap-files.ts). One process owns the database; change events are
 * delivered in-process.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { EventFanout } from './emitter.js';
import { newId } from './ids.js';
import { buildCountQuery, buildOwnerCountQuery, buildListQuery, encodeCursor, sortValue, type QueryHints, buildAuditQuery } from './list-query.js';
import { PcapFiles } from './pcap-files.js';
import { RECORDING_COLUMNS, auditFromRow, foldText, metaColumns, rowToRecording } from './recording-row.js';
import { SerialLock } from './serial-lock.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { SqliteUpload, type SqliteUploadHost } from './sqlite-upload.js';
import type {
  AppObjectConfig, AppObjectConfigPatch, AuditEntry, AuditInput, AuditPage, AuditQuery, CallInfo, CommitResult,
  JsonValue, ListOptions, PurgeExpiredOptions, Recording, RecordingFilter, RecordingMeta, RecordingPage,
  RecordingPatch, RecordingStore, Settings, SettingsPatch, SqliteStoreOptions, StoreEvent, StoreListener, UploadSink,
} from './types.js';
import {
  checkAppObject, checkAudit, checkCallInfo, checkFileName, checkId, checkLimit, checkNote, checkPatch,
  defaultAppObject, mergeAppObject, mergeSettings, normaliseGuid, settingsFromJson,
} from './validate.js';

type Row = Record<string, unknown>;
const META_COLUMN_NAMES = Object.keys(metaColumns('sqlite', '', {
  confGuid: null, deviceMac: null, serial: null, regName: null, ownerSip: null, ownerNumber: null, ownerName: null,
  direction: 'unknown', remoteNumber: null, remoteName: null, startTime: 0, durationMs: 0, codecs: [], streams: [],
  warnings: [], complete: true, licensed: true,
}));
const FTS_CANDIDATES_MAX = 5000;

export async function openSqliteStore(options: SqliteStoreOptions): Promise<RecordingStore> {
  const store = new SqliteStore(options);
  await store.init();
  return store;
}

class SqliteStore implements RecordingStore, SqliteUploadHost {
  readonly kind = 'sqlite' as const;
  private readonly now: () => number;
  private readonly files: PcapFiles;
  private readonly fanout = new EventFanout();
  /** Serialises everything that moves or removes PCAP files, so a purge never deletes bytes a commit just published. */
  private readonly fileLock = new SerialLock();
  private readonly sinks = new Set<SqliteUpload>();
  private readonly stmtCache = new Map<string, Database.Statement>();
  private db!: Database.Database;
  private closed = false;

  constructor(private readonly options: SqliteStoreOptions) {
    this.now = options.now ?? Date.now;
    this.files = new PcapFiles(options.dataDir);
  }

  async init(): Promise<void> {
    mkdirSync(this.options.dataDir, { recursive: true });
    await this.files.init();
    this.db = new Database(join(this.options.dataDir, 'recordings.db'));
    this.db.pragma('journal_mode = WAL');
    // FULL: a committed index row must survive a power cut, since the device will not upload again.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrateSqlite(this.db, this.now());
    // Refreshes planner statistics when tables grew a lot since the last run (cheap when nothing changed).
    this.db.pragma('optimize = 0x10002');
    await this.recoverUploads();
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private stmt(sql: string): Database.Statement {
    let s = this.stmtCache.get(sql);
    if (!s) {
      if (this.stmtCache.size > 500) this.stmtCache.clear();
      s = this.db.prepare(sql);
      this.stmtCache.set(sql, s);
    }
    return s;
  }

  private alive(): void {
    if (this.closed) throw new AppError('internal', 'store is closed');
  }

  private emit(e: StoreEvent): void { this.fanout.emit(e); }

  private emitRecording(change: Extract<StoreEvent, { type: 'recording' }>['change'], r: Recording): void {
    this.emit({ type: 'recording', change, id: r.id, ownerSip: r.ownerSip, ownerNumber: r.ownerNumber });
  }

  private row(id: string): Recording | null {
    const r = this.stmt(`SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.id = ?`).get(id) as Row | undefined;
    return r ? rowToRecording(r) : null;
  }

  private mustRow(id: string): Recording {
    const r = this.row(checkId(id));
    if (!r) throw new AppError('not-found', 'no such recording');
    return r;
  }

  /** Inserts or replaces the index row of `id` with fresh metadata (keeps note and protected flag). */
  private writeRecordingRow(id: string, fileName: string, meta: RecordingMeta, size: number): void {
    const cols = metaColumns('sqlite', fileName, meta);
    const now = this.now();
    const exists = this.stmt('SELECT 1 FROM recordings WHERE id = ?').get(id);
    if (exists) {
      this.stmt(`UPDATE recordings SET file_name = ?, ${META_COLUMN_NAMES.map((c) => `${c} = ?`).join(', ')},
        size = ?, state = 'active', deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ?`)
        .run(fileName, ...META_COLUMN_NAMES.map((c) => cols[c]), size, now, id);
    } else {
      this.stmt(`INSERT INTO recordings (id, file_name, ${META_COLUMN_NAMES.join(', ')}, size, state, created_at, updated_at)
        VALUES (?, ?, ${META_COLUMN_NAMES.map(() => '?').join(', ')}, ?, 'active', ?, ?)`)
        .run(id, fileName, ...META_COLUMN_NAMES.map((c) => cols[c]), size, now, now);
    }
  }

  /**
   * After a crash: 'committing' uploads whose temp file is gone were renamed into place, so their index
   * row is written now (roll forward); everything else unfinished is thrown away.
   */
  private async recoverUploads(): Promise<void> {
    const rows = this.db.prepare('SELECT * FROM uploads').all() as Row[];
    for (const u of rows) {
      const id = u.id as string;
      const tempGone = !(await this.files.exists(this.files.tempOf(id)));
      if (u.state === 'committing' && tempGone && u.target_id && u.meta) {
        const target = u.target_id as string;
        const size = (await stat(this.files.pathOf(target)).catch(() => null))?.size;
        if (size !== undefined) {
          const meta = JSON.parse(u.meta as string) as RecordingMeta;
          this.db.transaction(() => {
            const other = this.stmt('SELECT id FROM recordings WHERE file_name = ?').get(u.file_name) as Row | undefined;
            if (other && other.id !== target) return;
            this.writeRecordingRow(target, u.file_name as string, meta, size);
          })();
        }
      }
      await this.files.removeTemp(id);
      this.stmt('DELETE FROM uploads WHERE id = ?').run(id);
    }
    const known = new Set((this.db.prepare('SELECT id FROM uploads').all() as Row[]).map((r) => r.id as string));
    for (const t of await this.files.listTemp()) if (!known.has(t)) await this.files.removeTemp(t);
  }

  // ---- uploads ------------------------------------------------------------------------------------

  async openUpload(fileName: string): Promise<UploadSink> {
    this.alive();
    checkFileName(fileName);
    const uploadId = newId();
    const now = this.now();
    this.stmt(`INSERT INTO uploads (id, file_name, state, started_at, last_write_at) VALUES (?, ?, 'open', ?, ?)`)
      .run(uploadId, fileName, now, now);
    let fh: FileHandle;
    try {
      fh = await this.files.createTemp(uploadId);
    } catch (e) {
      this.stmt('DELETE FROM uploads WHERE id = ?').run(uploadId);
      throw e;
    }
    const sink = new SqliteUpload(this, uploadId, fileName, fh);
    this.sinks.add(sink);
    return sink;
  }

  /** @internal */
  get clock(): () => number { return this.now; }
  /** @internal */
  get pcapFiles(): PcapFiles { return this.files; }

  /** @internal the commit of an upload whose temp file is synced and closed */
  async commitUpload(sink: SqliteUpload, meta: RecordingMeta): Promise<CommitResult> {
    return this.fileLock.run(async () => {
      this.alive();
      const fileName = sink.fileName;
      const existing = (this.stmt(`SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.file_name = ?`).get(fileName) as Row | undefined);
      const replaced = existing ? rowToRecording(existing) : null;
      const targetId = replaced?.id ?? newId();
      this.stmt(`UPDATE uploads SET state = 'committing', target_id = ?, meta = ?, size = ? WHERE id = ?`)
        .run(targetId, JSON.stringify(meta), sink.size, sink.uploadId);
      try {
        await this.files.publish(sink.uploadId, targetId);
      } catch (e) {
        this.stmt('DELETE FROM uploads WHERE id = ?').run(sink.uploadId);
        await this.files.removeTemp(sink.uploadId);
        throw e;
      }
      this.db.transaction(() => {
        this.writeRecordingRow(targetId, fileName, meta, sink.size);
        this.stmt('DELETE FROM uploads WHERE id = ?').run(sink.uploadId);
      })();
      const recording = this.row(targetId)!;
      this.emitRecording(replaced ? 'updated' : 'added', recording);
      return { recording, replaced };
    });
  }

  /** @internal */
  async abortUpload(sink: SqliteUpload): Promise<void> {
    this.sinks.delete(sink);
    await this.files.removeTemp(sink.uploadId);
    if (!this.closed) this.stmt('DELETE FROM uploads WHERE id = ?').run(sink.uploadId);
  }

  /** @internal */
  forget(sink: SqliteUpload): void { this.sinks.delete(sink); }

  async cleanupStaleUploads(olderThan: number): Promise<number> {
    this.alive();
    let n = 0;
    for (const sink of [...this.sinks]) {
      if (sink.lastWriteAt < olderThan) { await sink.abort(); n++; }
    }
    // Rows without a live sink are leftovers of an earlier process (normally already removed at start).
    const live = new Set([...this.sinks].map((x) => x.uploadId));
    const rows = this.stmt(`SELECT id FROM uploads WHERE state = 'open' AND last_write_at < ?`).all(olderThan) as Row[];
    for (const { id } of rows) {
      if (live.has(id as string)) continue;
      await this.files.removeTemp(id as string);
      this.stmt('DELETE FROM uploads WHERE id = ?').run(id);
      n++;
    }
    return n;
  }

  // ---- recordings ---------------------------------------------------------------------------------

  async getRecording(id: string): Promise<Recording | null> {
    this.alive();
    if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) return null;
    return this.row(id);
  }

  async getRecordingByName(fileName: string): Promise<Recording | null> {
    this.alive();
    if (typeof fileName !== 'string') return null;
    const r = this.stmt(`SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.file_name = ?`).get(fileName) as Row | undefined;
    return r ? rowToRecording(r) : null;
  }

  async listRecordingsByConf(confGuid: string): Promise<Recording[]> {
    this.alive();
    const g = normaliseGuid(confGuid);
    const rows = this.stmt(`SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.conf_guid = ? ORDER BY r.start_time, r.id`).all(g) as Row[];
    return rows.map(rowToRecording);
  }

  /**
   * Row keys of recordings whose text may match, from the trigram index, when that list is short.
   * A common term (or one under 3 characters, or a caller already narrowed to a few owners) is
   * served better by walking the sort index and testing each row, which finds a page quickly.
   */
  private textHints(filter: RecordingFilter): QueryHints | undefined {
    if (filter == null || filter.owners !== undefined || typeof filter.text !== 'string' || filter.text.length > 256) return undefined;
    const t = foldText(filter.text.trim());
    if ([...t].length < 3) return undefined;
    const rows = this.stmt(`SELECT rowid AS k FROM recordings_fts WHERE recordings_fts MATCH ? LIMIT ${FTS_CANDIDATES_MAX + 1}`)
      .all(`"${t.replace(/"/g, '""')}"`) as { k: number }[];
    return rows.length > FTS_CANDIDATES_MAX ? undefined : { textRowKeys: rows.map((r) => r.k) };
  }

  async listRecordings(filter: RecordingFilter, options?: ListOptions): Promise<RecordingPage> {
    this.alive();
    const hints = this.textHints(filter);
    const q = buildListQuery('sqlite', filter, options, hints);
    const rows = (hints ? this.db.prepare(q.sql) : this.stmt(q.sql)).all(...q.params) as Row[];
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map(rowToRecording),
      more,
      nextCursor: more && last ? encodeCursor({ sort: q.sort, dir: q.dir, value: sortValue(q.sort, last), id: last.id as string }) : null,
    };
  }

  async countRecordings(filter: RecordingFilter): Promise<number> {
    this.alive();
    const hints = this.textHints(filter);
    const q = buildCountQuery('sqlite', filter, hints);
    return Number(((hints ? this.db.prepare(q.sql) : this.stmt(q.sql)).get(...q.params) as Row).n);
  }

  async countOwners(filter: RecordingFilter): Promise<number> {
    this.alive();
    const hints = this.textHints(filter);
    const q = buildOwnerCountQuery('sqlite', filter, hints);
    return Number(((hints ? this.db.prepare(q.sql) : this.stmt(q.sql)).get(...q.params) as Row).n);
  }

  async updateRecording(id: string, patch: RecordingPatch): Promise<Recording> {
    this.alive();
    const p = checkPatch(patch);
    const r = this.db.transaction(() => {
      const cur = this.mustRow(id);
      const next: Recording = { ...cur, ...p };
      const cols = metaColumns('sqlite', cur.fileName, next);
      const names = ['owner_sip', 'owner_number', 'owner_name', 'owner_sort', 'direction', 'remote_number', 'remote_name', 'remote_sort', 'search', 'licensed'];
      this.stmt(`UPDATE recordings SET ${names.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
        .run(...names.map((c) => cols[c]), this.now(), id);
      return this.row(id)!;
    })();
    this.emitRecording('updated', r);
    return r;
  }

  async setProtected(id: string, value: boolean): Promise<Recording> {
    this.alive();
    if (typeof value !== 'boolean') throw new AppError('bad-request', 'protected must be true or false');
    return this.simpleUpdate(id, 'protected = ?', [value ? 1 : 0]);
  }

  async setNote(id: string, note: string): Promise<Recording> {
    this.alive();
    return this.simpleUpdate(id, 'note = ?', [checkNote(note)]);
  }

  private simpleUpdate(id: string, set: string, params: unknown[]): Recording {
    const r = this.db.transaction(() => {
      this.mustRow(id);
      this.stmt(`UPDATE recordings SET ${set}, updated_at = ? WHERE id = ?`).run(...params, this.now(), id);
      return this.row(id)!;
    })();
    this.emitRecording('updated', r);
    return r;
  }

  async deleteRecording(id: string, by: string): Promise<Recording> {
    this.alive();
    if (typeof by !== 'string' || by === '') throw new AppError('bad-request', 'deleted by whom?');
    const r = this.db.transaction(() => {
      const cur = this.mustRow(id);
      if (cur.protected) throw new AppError('protected', 'recording is protected');
      if (cur.state === 'deleted') throw new AppError('conflict', 'recording is already in the recycle bin');
      const now = this.now();
      this.stmt(`UPDATE recordings SET state = 'deleted', deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?`).run(now, by, now, id);
      return this.row(id)!;
    })();
    this.emitRecording('deleted', r);
    return r;
  }

  async restoreRecording(id: string): Promise<Recording> {
    this.alive();
    const r = this.db.transaction(() => {
      const cur = this.mustRow(id);
      if (cur.state !== 'deleted') throw new AppError('conflict', 'recording is not in the recycle bin');
      this.stmt(`UPDATE recordings SET state = 'active', deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ?`).run(this.now(), id);
      return this.row(id)!;
    })();
    this.emitRecording('restored', r);
    return r;
  }

  async purgeRecording(id: string): Promise<Recording> {
    this.alive();
    checkId(id);
    return this.fileLock.run(async () => {
      const r = this.db.transaction(() => {
        const cur = this.mustRow(id);
        if (cur.protected) throw new AppError('protected', 'recording is protected');
        this.stmt('DELETE FROM recordings WHERE id = ?').run(id);
        return cur;
      })();
      // Index first, bytes second: a crash in between leaves an unreferenced file, never a row without bytes.
      await this.files.remove(id);
      this.emitRecording('purged', r);
      return r;
    });
  }

  async purgeExpired(o: PurgeExpiredOptions): Promise<Recording[]> {
    this.alive();
    const limit = checkLimit(o?.limit, 1000, 100_000);
    const parts: string[] = [];
    const params: unknown[] = [];
    if (o.activeBefore !== undefined) { parts.push(`(state = 'active' AND start_time < ?)`); params.push(o.activeBefore); }
    if (o.deletedBefore !== undefined) { parts.push(`(state = 'deleted' AND deleted_at < ?)`); params.push(o.deletedBefore); }
    if (!parts.length) return [];
    const ids = this.stmt(`SELECT id FROM recordings WHERE protected = 0 AND (${parts.join(' OR ')}) LIMIT ${limit}`)
      .all(...params) as Row[];
    const out: Recording[] = [];
    for (const { id } of ids) {
      try { out.push(await this.purgeRecording(id as string)); } catch (e) {
        // Protected or purged meanwhile: retention simply skips it.
        if (!(e instanceof AppError) || (e.code !== 'protected' && e.code !== 'not-found')) throw e;
      }
    }
    return out;
  }

  readPcap(id: string): AsyncIterable<Uint8Array> {
    const self = this;
    return (async function* () {
      self.alive();
      const r = self.mustRow(id);
      try {
        yield* self.files.read(self.files.pathOf(r.id));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('not-found', 'recording bytes are gone');
        throw e;
      }
    })();
  }

  // ---- call information ---------------------------------------------------------------------------

  async addCallInfo(confGuid: string, cdrId: string, data: JsonValue): Promise<{ recordingIds: string[] }> {
    this.alive();
    const g = normaliseGuid(confGuid)!;
    if (g == null) throw new AppError('bad-request', 'confGuid missing');
    const c = checkCallInfo(cdrId, data);
    const ids = this.db.transaction(() => {
      this.stmt(`INSERT INTO call_info (conf_guid, cdr_id, data, received_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (conf_guid, cdr_id) DO UPDATE SET data = excluded.data, received_at = excluded.received_at`)
        .run(g, c.cdrId, c.json, this.now());
      return (this.stmt('SELECT id FROM recordings WHERE conf_guid = ? ORDER BY start_time, id').all(g) as Row[]).map((r) => r.id as string);
    })();
    this.emit({ type: 'callInfo', confGuid: g, recordingIds: ids });
    return { recordingIds: ids };
  }

  async getCallInfo(confGuid: string): Promise<CallInfo | null> {
    this.alive();
    const g = normaliseGuid(confGuid)!;
    const rows = this.stmt('SELECT cdr_id, data, received_at FROM call_info WHERE conf_guid = ? ORDER BY seq').all(g) as Row[];
    if (!rows.length) return null;
    return {
      confGuid: g,
      entries: rows.map((r) => ({ cdrId: r.cdr_id as string, data: JSON.parse(r.data as string), receivedAt: Number(r.received_at) })),
    };
  }

  // ---- settings, App objects ----------------------------------------------------------------------

  async getSettings(): Promise<Settings> {
    this.alive();
    const r = this.stmt(`SELECT value FROM settings WHERE key = 'settings'`).get() as Row | undefined;
    return settingsFromJson(r ? JSON.parse(r.value as string) : null);
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    this.alive();
    const next = this.db.transaction(() => {
      const r = this.stmt(`SELECT value FROM settings WHERE key = 'settings'`).get() as Row | undefined;
      const merged = mergeSettings(settingsFromJson(r ? JSON.parse(r.value as string) : null), patch);
      this.stmt(`INSERT INTO settings (key, value) VALUES ('settings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run(JSON.stringify(merged));
      return merged;
    }).immediate();
    this.emit({ type: 'settings' });
    return next;
  }

  private appObjectRow(name: string): AppObjectConfig {
    const r = this.stmt('SELECT * FROM app_objects WHERE app_object = ?').get(name) as Row | undefined;
    return r ? appObjectFromRow(r) : defaultAppObject(name);
  }

  async getAppObjectConfig(appObject: string): Promise<AppObjectConfig> {
    this.alive();
    return this.appObjectRow(checkAppObject(appObject));
  }

  async setAppObjectConfig(appObject: string, patch: AppObjectConfigPatch): Promise<AppObjectConfig> {
    this.alive();
    const name = checkAppObject(appObject);
    const next = this.db.transaction(() => {
      const merged = mergeAppObject(this.appObjectRow(name), patch);
      this.stmt(`INSERT INTO app_objects (app_object, access_list, delete_mode, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (app_object) DO UPDATE SET access_list = excluded.access_list, delete_mode = excluded.delete_mode, updated_at = excluded.updated_at`)
        .run(name, JSON.stringify(merged.accessList), merged.deleteMode, this.now());
      return this.appObjectRow(name);
    }).immediate();
    this.emit({ type: 'appObject', appObject: name });
    return next;
  }

  async listAppObjectConfigs(): Promise<AppObjectConfig[]> {
    this.alive();
    return (this.stmt('SELECT * FROM app_objects ORDER BY app_object').all() as Row[]).map(appObjectFromRow);
  }

  // ---- audit --------------------------------------------------------------------------------------

  async appendAudit(entry: AuditInput): Promise<AuditEntry> {
    this.alive();
    const e = checkAudit(entry, this.now());
    const info = this.stmt('INSERT INTO audit (at, actor, action, recording_id, details) VALUES (?, ?, ?, ?, ?)')
      .run(e.at, e.actor, e.action, e.recordingId, JSON.stringify(e.details));
    const out: AuditEntry = { id: Number(info.lastInsertRowid), ...e };
    this.emit({ type: 'audit', id: out.id, actor: out.actor, recordingId: out.recordingId });
    return out;
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditPage> {
    this.alive();
    const limit = checkLimit(query.limit, 100);
    const q = buildAuditQuery(query, limit);
    const rows = this.stmt(q.sql).all(...q.params) as Row[];
    const more = rows.length > limit;
    return { items: rows.slice(0, limit).map(auditFromRow), more };
  }

  // ---- lifetime -----------------------------------------------------------------------------------

  subscribe(listener: StoreListener): () => void { return this.fanout.subscribe(listener); }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.fileLock.idle();
    this.closed = true;
    // Unfinished uploads stay on disk and are cleaned up by the next start.
    for (const s of this.sinks) await s.closeHandle();
    this.sinks.clear();
    this.fanout.clear();
    this.db.close();
  }
}

function appObjectFromRow(r: Row): AppObjectConfig {
  return {
    appObject: r.app_object as string,
    accessList: JSON.parse(r.access_list as string),
    deleteMode: r.delete_mode as AppObjectConfig['deleteMode'],
    updatedAt: Number(r.updated_at),
  };
}
