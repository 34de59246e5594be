/**
 * PostgreSQL store (`DATABASE_URL`): index and PCAP bytes in one database, so a database backup is a
 * complete backup. Bytes live as chunked bytea (`pcap_blobs` + `pcap_chunks`), streamed in and out one
 * chunk at a time; a commit swaps the blob of a recording in one transaction. Changes are announced with
 * NOTIFY inside the same transaction and every process (this one included) hears them through LISTEN.
 */
import pg from 'pg';
import { AppError } from '../../shared/errors.js';
import { EventFanout } from './emitter.js';
import { newId } from './ids.js';
import { buildCountQuery, buildOwnerCountQuery, buildListQuery, encodeCursor, sortValue, buildAuditQuery } from './list-query.js';
import { migratePg } from './pg-migrations.js';
import { PgUpload, READ_BATCH, type PgUploadHost } from './pg-upload.js';
import { RECORDING_COLUMNS, auditFromRow, metaColumns, rowToRecording, toPg } from './recording-row.js';
import type {
  AppObjectConfig, AppObjectConfigPatch, AuditEntry, AuditInput, AuditPage, AuditQuery, CallInfo, CommitResult,
  JsonValue, ListOptions, PgStoreOptions, PurgeExpiredOptions, Recording, RecordingFilter, RecordingMeta,
  RecordingPage, RecordingPatch, RecordingStore, Settings, SettingsPatch, StoreEvent, StoreListener, UploadSink,
} from './types.js';
import {
  checkAppObject, checkAudit, checkCallInfo, checkFileName, checkId, checkLimit, checkNote, checkPatch,
  defaultAppObject, mergeAppObject, mergeSettings, normaliseGuid, settingsFromJson,
} from './validate.js';

type Row = Record<string, unknown>;
type Q = Pick<pg.PoolClient, 'query'>;

export const NOTIFY_CHANNEL = 'recordings_events';
// 128 KiB: a thousand phones streaming at once hold at most 128 MB of not-yet-written tails, and a one-hour
// G.711 call is about 450 rows.
const DEFAULT_CHUNK = 128 * 1024;
/** how long replaced PCAP bytes stay readable for downloads already streaming them */
const RETIRED_GRACE_MS = 15 * 60_000;
const META_COLUMN_NAMES = Object.keys(metaColumns('pg', '', {
  confGuid: null, deviceMac: null, serial: null, regName: null, ownerSip: null, ownerNumber: null, ownerName: null,
  direction: 'unknown', remoteNumber: null, remoteName: null, startTime: 0, durationMs: 0, codecs: [], streams: [],
  warnings: [], complete: true, licensed: true,
}));

export async function openPgStore(options: PgStoreOptions): Promise<RecordingStore> {
  const store = new PgStore(options);
  try {
    await store.init();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}

class PgStore implements RecordingStore, PgUploadHost {
  readonly kind = 'postgres' as const;
  readonly now: () => number;
  readonly chunkSize: number;
  readonly pool: pg.Pool;
  private readonly fanout = new EventFanout();
  private listener: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  readonly sinks = new Set<PgUpload>();

  constructor(private readonly options: PgStoreOptions) {
    this.now = options.now ?? Date.now;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1024 || this.chunkSize > 64 * 1024 * 1024) {
      throw new AppError('bad-request', 'chunkSize must be 1 KiB..64 MiB');
    }
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async init(): Promise<void> {
    const c = await this.pool.connect();
    try { await migratePg(c, this.now()); } finally { c.release(); }
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    const retry = (): void => {
      if (this.closed || this.reconnectTimer) return;
      this.listener = null;
      client.end().catch(() => undefined);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.listen().catch(retry);
      }, 500);
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (n) => {
      if (n.channel !== NOTIFY_CHANNEL || !n.payload) return;
      let e: StoreEvent;
      try { e = JSON.parse(n.payload) as StoreEvent; } catch { return; }
      this.fanout.emit(e);
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    if (this.closed) { await client.end(); return; }
    this.listener = client;
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private alive(): void {
    if (this.closed) throw new AppError('internal', 'store is closed');
  }

  async q(text: string, params: unknown[] = [], c: Q = this.pool): Promise<Row[]> {
    return (await c.query(toPg(text), params)).rows as Row[];
  }

  /** Runs `fn` in a transaction; the events it returns are NOTIFYed before COMMIT, so they go out only if it commits. */
  async tx<T>(fn: (c: pg.PoolClient, events: StoreEvent[]) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const events: StoreEvent[] = [];
      const out = await fn(c, events);
      for (const e of events) await c.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, JSON.stringify(e)]);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  private recEvent(change: Extract<StoreEvent, { type: 'recording' }>['change'], r: Recording): StoreEvent {
    return { type: 'recording', change, id: r.id, ownerSip: r.ownerSip, ownerNumber: r.ownerNumber };
  }

  async rowById(id: string, c: Q = this.pool, lock = false): Promise<Recording | null> {
    const rows = await this.q(`SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.id = ?${lock ? ' FOR UPDATE' : ''}`, [id], c);
    return rows[0] ? rowToRecording(rows[0]) : null;
  }

  private async mustRow(id: string, c: Q, lock = false): Promise<Recording> {
    const r = await this.rowById(checkId(id), c, lock);
    if (!r) throw new AppError('not-found', 'no such recording');
    return r;
  }

  // ---- uploads ------------------------------------------------------------------------------------

  async openUpload(fileName: string): Promise<UploadSink> {
    this.alive();
    checkFileName(fileName);
    const uploadId = newId();
    const now = this.now();
    const [r] = await this.q(`INSERT INTO pcap_blobs (upload_id, file_name, started_at, last_write_at) VALUES (?, ?, ?, ?) RETURNING id`,
      [uploadId, fileName, now, now]);
    const sink = new PgUpload(this, uploadId, fileName, String(r.id));
    this.sinks.add(sink);
    return sink;
  }

  /** @internal: swaps the upload's blob into the recording of that name (or a new one) in one transaction. */
  async commitUpload(sink: PgUpload, meta: RecordingMeta): Promise<CommitResult> {
    const out = await this.tx(async (c, events) => {
      // Serialises commits of the same name across processes; the unique file name alone would fail the second.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('recordings.name:' || $1))`, [sink.fileName]);
      const blob = await this.q('SELECT committed FROM pcap_blobs WHERE id = ? FOR UPDATE', [sink.blobId], c);
      if (!blob[0] || blob[0].committed) throw new AppError('conflict', 'upload no longer exists');
      const old = await this.q(`SELECT ${RECORDING_COLUMNS}, r.blob_id FROM recordings r WHERE r.file_name = ? FOR UPDATE`, [sink.fileName], c);
      const replaced = old[0] ? rowToRecording(old[0]) : null;
      const cols = metaColumns('pg', sink.fileName, meta);
      const now = this.now();
      const id = replaced?.id ?? newId();
      if (replaced) {
        await this.q(`UPDATE recordings SET ${META_COLUMN_NAMES.map((k) => `${k} = ?`).join(', ')}, size = ?, blob_id = ?,
          state = 'active', deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ?`,
        [...META_COLUMN_NAMES.map((k) => cols[k]), sink.size, sink.blobId, now, id], c);
        // The old bytes are retired, not deleted: a download streaming them finishes; they go after a grace period.
        await this.q('UPDATE pcap_blobs SET committed = false, upload_id = NULL, last_write_at = ? WHERE id = ?', [now, old[0].blob_id], c);
      } else {
        await this.q(`INSERT INTO recordings (id, file_name, ${META_COLUMN_NAMES.join(', ')}, size, blob_id, state, created_at, updated_at)
          VALUES (?, ?, ${META_COLUMN_NAMES.map(() => '?').join(', ')}, ?, ?, 'active', ?, ?)`,
        [id, sink.fileName, ...META_COLUMN_NAMES.map((k) => cols[k]), sink.size, sink.blobId, now, now], c);
      }
      await this.q('UPDATE pcap_blobs SET committed = true, upload_id = NULL, size = ?, last_write_at = ? WHERE id = ?', [sink.size, now, sink.blobId], c);
      await this.q('DELETE FROM pcap_blobs WHERE NOT committed AND upload_id IS NULL AND last_write_at < ?', [now - RETIRED_GRACE_MS], c);
      const recording = (await this.rowById(id, c))!;
      events.push(this.recEvent(replaced ? 'updated' : 'added', recording));
      return { recording, replaced };
    });
    this.sinks.delete(sink);
    return out;
  }

  /** @internal */
  async dropBlob(sink: PgUpload): Promise<void> {
    this.sinks.delete(sink);
    if (this.closed) return;
    await this.q('DELETE FROM pcap_blobs WHERE id = ? AND NOT committed', [sink.blobId]);
  }

  async cleanupStaleUploads(olderThan: number): Promise<number> {
    this.alive();
    const rows = await this.q('DELETE FROM pcap_blobs WHERE NOT committed AND last_write_at < ? RETURNING id', [olderThan]);
    const gone = new Set(rows.map((r) => String(r.id)));
    for (const s of this.sinks) if (gone.has(s.blobId)) s.markGone();
    return rows.length;
  }

  // ---- recordings ---------------------------------------------------------------------------------

  async getRecording(id: string): Promise<Recording | null> {
    this.alive();
    if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) return null;
    return this.rowById(id);
  }

  async getRecordingByName(fileName: string): Promise<Recording | null> {
    this.alive();
    if (typeof fileName !== 'string') return null;
    const rows = await this.q(`SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.file_name = ?`, [fileName]);
    return rows[0] ? rowToRecording(rows[0]) : null;
  }

  async listRecordingsByConf(confGuid: string): Promise<Recording[]> {
    this.alive();
    const g = normaliseGuid(confGuid);
    return (await this.q(`SELECT ${RECORDING_COLUMNS} FROM recordings r WHERE r.conf_guid = ? ORDER BY r.start_time, r.id`, [g])).map(rowToRecording);
  }

  async listRecordings(filter: RecordingFilter, options?: ListOptions): Promise<RecordingPage> {
    this.alive();
    const b = buildListQuery('pg', filter, options);
    const rows = await this.q(b.sql, b.params);
    const more = rows.length > b.limit;
    const page = more ? rows.slice(0, b.limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map(rowToRecording),
      more,
      nextCursor: more && last ? encodeCursor({ sort: b.sort, dir: b.dir, value: sortValue(b.sort, last), id: last.id as string }) : null,
    };
  }

  async countRecordings(filter: RecordingFilter): Promise<number> {
    this.alive();
    const b = buildCountQuery('pg', filter);
    return Number((await this.q(b.sql, b.params))[0].n);
  }

  async countOwners(filter: RecordingFilter): Promise<number> {
    this.alive();
    const b = buildOwnerCountQuery('pg', filter);
    return Number((await this.q(b.sql, b.params))[0].n);
  }

  async updateRecording(id: string, patch: RecordingPatch): Promise<Recording> {
    this.alive();
    const p = checkPatch(patch);
    return this.tx(async (c, events) => {
      const cur = await this.mustRow(id, c, true);
      const cols = metaColumns('pg', cur.fileName, { ...cur, ...p });
      const names = ['owner_sip', 'owner_number', 'owner_name', 'owner_sort', 'direction', 'remote_number', 'remote_name', 'remote_sort', 'search', 'licensed'];
      await this.q(`UPDATE recordings SET ${names.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
        [...names.map((k) => cols[k]), this.now(), id], c);
      const r = (await this.rowById(id, c))!;
      events.push(this.recEvent('updated', r));
      return r;
    });
  }

  async setProtected(id: string, value: boolean): Promise<Recording> {
    this.alive();
    if (typeof value !== 'boolean') throw new AppError('bad-request', 'protected must be true or false');
    return this.simpleUpdate(id, 'protected = ?', [value]);
  }

  async setNote(id: string, note: string): Promise<Recording> {
    this.alive();
    return this.simpleUpdate(id, 'note = ?', [checkNote(note)]);
  }

  private simpleUpdate(id: string, set: string, params: unknown[]): Promise<Recording> {
    return this.tx(async (c, events) => {
      await this.mustRow(id, c, true);
      await this.q(`UPDATE recordings SET ${set}, updated_at = ? WHERE id = ?`, [...params, this.now(), id], c);
      const r = (await this.rowById(id, c))!;
      events.push(this.recEvent('updated', r));
      return r;
    });
  }

  async deleteRecording(id: string, by: string): Promise<Recording> {
    this.alive();
    if (typeof by !== 'string' || by === '') throw new AppError('bad-request', 'deleted by whom?');
    return this.tx(async (c, events) => {
      const cur = await this.mustRow(id, c, true);
      if (cur.protected) throw new AppError('protected', 'recording is protected');
      if (cur.state === 'deleted') throw new AppError('conflict', 'recording is already in the recycle bin');
      const now = this.now();
      await this.q(`UPDATE recordings SET state = 'deleted', deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?`, [now, by, now, id], c);
      const r = (await this.rowById(id, c))!;
      events.push(this.recEvent('deleted', r));
      return r;
    });
  }

  async restoreRecording(id: string): Promise<Recording> {
    this.alive();
    return this.tx(async (c, events) => {
      const cur = await this.mustRow(id, c, true);
      if (cur.state !== 'deleted') throw new AppError('conflict', 'recording is not in the recycle bin');
      await this.q(`UPDATE recordings SET state = 'active', deleted_at = NULL, deleted_by = NULL, updated_at = ? WHERE id = ?`, [this.now(), id], c);
      const r = (await this.rowById(id, c))!;
      events.push(this.recEvent('restored', r));
      return r;
    });
  }

  async purgeRecording(id: string): Promise<Recording> {
    this.alive();
    return this.tx(async (c, events) => {
      const cur = await this.mustRow(id, c, true);
      if (cur.protected) throw new AppError('protected', 'recording is protected');
      const [{ blob_id: blobId }] = await this.q('DELETE FROM recordings WHERE id = ? RETURNING blob_id', [id], c);
      await this.q('DELETE FROM pcap_blobs WHERE id = ?', [blobId], c);
      events.push(this.recEvent('purged', cur));
      return cur;
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
    const ids = await this.q(`SELECT id FROM recordings WHERE NOT protected AND (${parts.join(' OR ')}) LIMIT ${limit}`, params);
    const out: Recording[] = [];
    for (const { id } of ids) {
      try { out.push(await this.purgeRecording(id as string)); } catch (e) {
        if (!(e instanceof AppError) || (e.code !== 'protected' && e.code !== 'not-found')) throw e;
      }
    }
    return out;
  }

  readPcap(id: string): AsyncIterable<Uint8Array> {
    const self = this;
    return (async function* () {
      self.alive();
      checkId(id);
      // No connection is held while the consumer is slow: blobs are immutable (a replace writes a new one and
      // retires the old one with a grace period), so chunk-by-chunk reads see one blob's bytes, never a mix.
      const rows = await self.q('SELECT r.blob_id, b.size FROM recordings r JOIN pcap_blobs b ON b.id = r.blob_id WHERE r.id = ?', [id]);
      if (!rows[0]) throw new AppError('not-found', 'no such recording');
      const blobId = rows[0].blob_id;
      const size = Number(rows[0].size);
      let seq = 0;
      let sent = 0;
      for (;;) {
        const chunks = await self.q('SELECT seq, data FROM pcap_chunks WHERE blob_id = ? AND seq >= ? ORDER BY seq LIMIT ?', [blobId, seq, READ_BATCH]);
        for (const ch of chunks) {
          if (Number(ch.seq) !== seq) throw new AppError('conflict', 'recording was removed while being read');
          seq++;
          sent += (ch.data as Buffer).byteLength;
          yield new Uint8Array(ch.data as Buffer);
        }
        if (chunks.length < READ_BATCH) break;
      }
      if (sent !== size) throw new AppError('conflict', 'recording was removed while being read');
    })();
  }

  // ---- call information ---------------------------------------------------------------------------

  async addCallInfo(confGuid: string, cdrId: string, data: JsonValue): Promise<{ recordingIds: string[] }> {
    this.alive();
    const g = normaliseGuid(confGuid);
    if (g == null) throw new AppError('bad-request', 'confGuid missing');
    const ci = checkCallInfo(cdrId, data);
    return this.tx(async (c, events) => {
      await this.q(`INSERT INTO call_info (conf_guid, cdr_id, data, received_at) VALUES (?, ?, ?::jsonb, ?)
        ON CONFLICT (conf_guid, cdr_id) DO UPDATE SET data = excluded.data, received_at = excluded.received_at`,
      [g, ci.cdrId, ci.json, this.now()], c);
      const recordingIds = (await this.q('SELECT id FROM recordings WHERE conf_guid = ? ORDER BY start_time, id', [g], c)).map((r) => r.id as string);
      events.push({ type: 'callInfo', confGuid: g, recordingIds });
      return { recordingIds };
    });
  }

  async getCallInfo(confGuid: string): Promise<CallInfo | null> {
    this.alive();
    const g = normaliseGuid(confGuid)!;
    const rows = await this.q('SELECT cdr_id, data, received_at FROM call_info WHERE conf_guid = ? ORDER BY seq', [g]);
    if (!rows.length) return null;
    return { confGuid: g, entries: rows.map((r) => ({ cdrId: r.cdr_id as string, data: r.data as JsonValue, receivedAt: Number(r.received_at) })) };
  }

  // ---- settings, App objects ----------------------------------------------------------------------

  async getSettings(): Promise<Settings> {
    this.alive();
    const rows = await this.q(`SELECT value FROM settings WHERE key = 'settings'`);
    return settingsFromJson(rows[0]?.value ?? null);
  }

  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    this.alive();
    return this.tx(async (c, events) => {
      // The lock makes concurrent partial updates merge instead of overwriting each other.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('recordings.settings'))`);
      const rows = await this.q(`SELECT value FROM settings WHERE key = 'settings'`, [], c);
      const merged = mergeSettings(settingsFromJson(rows[0]?.value ?? null), patch);
      await this.q(`INSERT INTO settings (key, value) VALUES ('settings', ?::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [JSON.stringify(merged)], c);
      events.push({ type: 'settings' });
      return merged;
    });
  }

  private async appObjectRow(name: string, c: Q = this.pool): Promise<AppObjectConfig> {
    const rows = await this.q('SELECT * FROM app_objects WHERE app_object = ?', [name], c);
    return rows[0] ? appObjectFromPgRow(rows[0]) : defaultAppObject(name);
  }

  async getAppObjectConfig(appObject: string): Promise<AppObjectConfig> {
    this.alive();
    return this.appObjectRow(checkAppObject(appObject));
  }

  async setAppObjectConfig(appObject: string, patch: AppObjectConfigPatch): Promise<AppObjectConfig> {
    this.alive();
    const name = checkAppObject(appObject);
    return this.tx(async (c, events) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('recordings.appobj:' || $1))`, [name]);
      const merged = mergeAppObject(await this.appObjectRow(name, c), patch);
      await this.q(`INSERT INTO app_objects (app_object, access_list, delete_mode, updated_at) VALUES (?, ?::jsonb, ?, ?)
        ON CONFLICT (app_object) DO UPDATE SET access_list = excluded.access_list, delete_mode = excluded.delete_mode, updated_at = excluded.updated_at`,
      [name, JSON.stringify(merged.accessList), merged.deleteMode, this.now()], c);
      events.push({ type: 'appObject', appObject: name });
      return this.appObjectRow(name, c);
    });
  }

  async listAppObjectConfigs(): Promise<AppObjectConfig[]> {
    this.alive();
    return (await this.q('SELECT * FROM app_objects ORDER BY app_object COLLATE "C"')).map(appObjectFromPgRow);
  }

  // ---- audit --------------------------------------------------------------------------------------

  async appendAudit(entry: AuditInput): Promise<AuditEntry> {
    this.alive();
    const e = checkAudit(entry, this.now());
    return this.tx(async (c, events) => {
      const [r] = await this.q('INSERT INTO audit (at, actor, action, recording_id, details) VALUES (?, ?, ?, ?, ?::jsonb) RETURNING id',
        [e.at, e.actor, e.action, e.recordingId, JSON.stringify(e.details)], c);
      const out: AuditEntry = { id: Number(r.id), ...e };
      events.push({ type: 'audit', id: out.id, actor: out.actor, recordingId: out.recordingId });
      return out;
    });
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditPage> {
    this.alive();
    const limit = checkLimit(query.limit, 100);
    const q = buildAuditQuery(query, limit);
    const rows = await this.q(q.sql, q.params);
    return { items: rows.slice(0, limit).map(auditFromRow), more: rows.length > limit };
  }

  // ---- lifetime -----------------------------------------------------------------------------------

  subscribe(listener: StoreListener): () => void { return this.fanout.subscribe(listener); }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const l = this.listener;
    this.listener = null;
    if (l) { l.removeAllListeners('end'); l.removeAllListeners('error'); l.on('error', () => undefined); await l.end().catch(() => undefined); }
    this.fanout.clear();
    // Unfinished uploads stay as uncommitted blobs; cleanupStaleUploads removes them later.
    this.sinks.clear();
    await this.pool.end();
  }
}

function appObjectFromPgRow(r: Row): AppObjectConfig {
  return {
    appObject: r.app_object as string,
    accessList: r.access_list as string[],
    deleteMode: r.delete_mode as AppObjectConfig['deleteMode'],
    updatedAt: Number(r.updated_at),
  };
}
