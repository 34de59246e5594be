/**
 * The storage contract of the Recordings backend. The only place with SQL lives behind it:
 * `sqlite-store.ts` (better-sqlite3 + PCAP files under the data dir) and `pg-store.ts`
 * (PostgreSQL, PCAP bytes as chunked bytea). Both run through test/server/storage-contract.ts.
 *
 * Conventions of every method:
 * - times are milliseconds since the Unix epoch (UTC); "now" comes from the injected clock;
 * - a missing id rejects with `AppError('not-found')`, invalid input with `AppError('bad-request')`,
 *   deleting/purging a protected recording with `AppError('protected')`;
 * - access rules are NOT decided here: the domain layer computes the allowed owners and passes them in.
 *
 * Factories: `openStore({ dataDir, databaseUrl, now })` in `./index.js` picks the implementation
 * (`databaseUrl` set → PostgreSQL); `openSqliteStore(SqliteStoreOptions)` in `./sqlite-store.js`,
 * `openPgStore(PgStoreOptions)` in `./pg-store.js`. Each applies pending migrations before resolving.
 */
import type { DecodeWarning, StreamInfo } from '../../shared/decoder-types.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Call direction from the recorded user's point of view. */
export const DIRECTIONS = ['in', 'out', 'unknown'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** `active`: visible in lists; `deleted`: in the recycle bin (restorable until purged). */
export const RECORDING_STATES = ['active', 'deleted'] as const;
export type RecordingState = (typeof RECORDING_STATES)[number];

export const DELETE_MODES = ['recoverable', 'permanent'] as const;
export type DeleteMode = (typeof DELETE_MODES)[number];

/** Admin trace categories (innovaphone Recordings admin menu). */
export const TRACE_CATEGORIES = ['recording', 'callInfo', 'converting', 'license', 'ui'] as const;
export type TraceCategory = (typeof TRACE_CATEGORIES)[number];

export const TRACE_LEVELS = ['off', 'error', 'info', 'debug'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

export const RETENTION_DAYS_MAX = 11000;

/** Metadata of a recording as the ingest path knows it (file name parse + capture inspection + owner resolution). */
export interface RecordingMeta {
  /** conference GUID; stored normalised (lower-case hex, no dashes); null when the name has none */
  confGuid: string | null;
  /** MAC of the recording device, 12 hex digits (stored lower-case) */
  deviceMac: string | null;
  /** per-device serial number of the recording (from the name) */
  serial: number | null;
  /** registration/user name from the file name (after the `--`) */
  regName: string | null;
  /** owner user: h323/sip name */
  ownerSip: string | null;
  /** owner extension / e164 number */
  ownerNumber: string | null;
  /** owner display name */
  ownerName: string | null;
  direction: Direction;
  remoteNumber: string | null;
  remoteName: string | null;
  /** capture time of the first RTP packet; the upload time when the capture has none */
  startTime: number;
  durationMs: number;
  /** codec names present, e.g. ["PCMA", "G722"] */
  codecs: string[];
  /** per-stream statistics from the decoder core's info path */
  streams: StreamInfo[];
  /** recoverable problems found while inspecting */
  warnings: DecodeWarning[];
  /** false for an upload that was cut off (partial capture kept) */
  complete: boolean;
  /** false when the owner has no `App(innovaphone-recorder)` licence; such recordings are kept but inaccessible */
  licensed: boolean;
}

/** A stored recording. */
export interface Recording extends RecordingMeta {
  /** opaque, URL-safe, unique, never reused */
  id: string;
  /** upload file name as received (without directories), unique among stored recordings */
  fileName: string;
  /** PCAP size in bytes */
  size: number;
  protected: boolean;
  state: RecordingState;
  /** when moved to the recycle bin (null when active) */
  deletedAt: number | null;
  /** who moved it to the recycle bin (actor string of the audit log) */
  deletedBy: string | null;
  /** free text, '' when none */
  note: string;
  /** true when call information with this recording's conference GUID is stored */
  hasCallInfo: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Fields the domain layer may change after ingest (e.g. when call information or a licence check arrives). */
export type RecordingPatch = Partial<Pick<RecordingMeta,
  'ownerSip' | 'ownerNumber' | 'ownerName' | 'direction' | 'remoteNumber' | 'remoteName' | 'licensed'>>;

/**
 * The owners a caller may see. A recording matches when its `ownerSip` is in `sips` OR its
 * `ownerNumber` is in `numbers`. An empty set matches nothing; omit the filter for "everyone" (admin).
 */
export interface OwnerSet {
  sips?: string[];
  numbers?: string[];
}

export interface RecordingFilter {
  /** case-insensitive substring over file name, reg name, owner sip/number/name, remote number/name */
  text?: string;
  /** start time range, inclusive lower bound */
  from?: number;
  /** start time range, exclusive upper bound */
  to?: number;
  direction?: Direction;
  owners?: OwnerSet;
  /** which bin to list; default 'active' */
  state?: RecordingState | 'all';
  licensed?: boolean;
  complete?: boolean;
  protected?: boolean;
  /** exact conference GUID (any spelling; normalised before comparing) */
  confGuid?: string;
}

/**
 * Sort keys: `startTime`, `duration`, `owner` (owner name, else sip, else number; case-insensitive),
 * `remote` (remote name, else number; case-insensitive), `fileName`. Ties are broken by id.
 */
export const SORT_KEYS = ['startTime', 'duration', 'owner', 'remote', 'fileName'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

export interface ListOptions {
  sort?: SortKey; // default 'startTime'
  dir?: SortDir; // default 'desc'
  /** 1..1000, default 50 */
  limit?: number;
  /** keyset paging: `nextCursor` of the previous page (same filter and sort); wins over `offset` */
  cursor?: string;
  /** offset paging (for "jump to page n"); slower on deep pages */
  offset?: number;
}

export interface RecordingPage {
  items: Recording[];
  /** true when more items follow this page */
  more: boolean;
  /** pass as `cursor` to get the next page; null when `more` is false */
  nextCursor: string | null;
}

/** One CDR (already parsed from innovaphone CDR XML into JSON by the domain layer) stored for a conference. */
export interface CallInfoEntry {
  /** the CDR's own `id` attribute (dedupe key within a conference); the domain may synthesise one */
  cdrId: string;
  /** parsed call flow of this CDR */
  data: JsonValue;
  receivedAt: number;
}

/** All call information known for one conference GUID. */
export interface CallInfo {
  confGuid: string;
  entries: CallInfoEntry[]; // in arrival order
}

export interface Settings {
  /** scheduled deletion after N days; 0 = off; 0..11000 */
  retentionDays: number;
  /** '' when unset ("PBX Name missing") */
  pbxName: string;
  trace: Record<TraceCategory, TraceLevel>;
  /** h323/sip names licensed for `App(innovaphone-recorder)` when no PBX is connected */
  licenses: string[];
}

export type SettingsPatch = Partial<Omit<Settings, 'trace'>> & { trace?: Partial<Record<TraceCategory, TraceLevel>> };

/** Configuration of one PBX App object (keyed by its sip/h323 name, `info.appobj`). */
export interface AppObjectConfig {
  appObject: string;
  /** extra extensions (numbers or sip names) whose recordings users of this App object may see */
  accessList: string[];
  deleteMode: DeleteMode;
  /** null when never stored (defaults returned) */
  updatedAt: number | null;
}

export type AppObjectConfigPatch = Partial<Pick<AppObjectConfig, 'accessList' | 'deleteMode'>>;

export interface AuditEntry {
  /** increasing with insertion order; listing order is id descending (newest first) */
  id: number;
  at: number;
  /** who: sip name of a user/admin, 'pbx', 'plugin:<appobj>', 'system', 'device' … */
  actor: string;
  /** what: 'play' | 'download' | 'delete' | 'restore' | 'purge' | 'protect' | 'unprotect' | 'note' | 'settings' | … */
  action: string;
  recordingId: string | null;
  details: JsonValue;
}

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: number };

export interface AuditQuery {
  actor?: string;
  recordingId?: string;
  action?: string;
  from?: number; // inclusive
  to?: number; // exclusive
  /** return entries with id < before (paging: pass the last id of the previous page) */
  before?: number;
  /** 1..1000, default 100 */
  limit?: number;
}

export interface AuditPage {
  items: AuditEntry[];
  more: boolean;
}

/** Change notifications, delivered to every process sharing the store (PostgreSQL: LISTEN/NOTIFY). */
export type StoreEvent =
  | {
    type: 'recording';
    change: 'added' | 'updated' | 'deleted' | 'restored' | 'purged';
    id: string;
    ownerSip: string | null;
    ownerNumber: string | null;
  }
  | { type: 'callInfo'; confGuid: string; recordingIds: string[] }
  | { type: 'settings' }
  | { type: 'appObject'; appObject: string }
  | { type: 'audit'; id: number; actor: string; recordingId: string | null };

export type StoreListener = (event: StoreEvent) => void;

export interface CommitResult {
  recording: Recording;
  /** the recording this upload replaced (same file name), as it was before; null for a new one */
  replaced: Recording | null;
}

/**
 * A streaming upload in progress. Bytes go to a temporary place invisible to readers; nothing is
 * indexed until `commit`. Calls must not overlap (await each `write`).
 */
export interface UploadSink {
  readonly uploadId: string;
  readonly fileName: string;
  /** bytes accepted so far */
  readonly size: number;
  write(chunk: Uint8Array): Promise<void>;
  /** reads back every byte written so far (e.g. to inspect the capture before committing) */
  readBack(): AsyncIterable<Uint8Array>;
  /**
   * Makes the bytes durable and indexes them in one step. A stored recording with the same file name is
   * replaced atomically (readers see the old or the new bytes, never a mix); it keeps its id, note and
   * protected flag and becomes active again. `meta.complete = false` keeps a cut-off upload as a
   * partial recording.
   */
  commit(meta: RecordingMeta): Promise<CommitResult>;
  /** throws the bytes away; nothing is indexed. Safe to call after a failed write, idempotent. */
  abort(): Promise<void>;
}

export interface PurgeExpiredOptions {
  /** purge active, unprotected recordings with startTime < this */
  activeBefore?: number;
  /** purge recycle-bin, unprotected recordings with deletedAt < this */
  deletedBefore?: number;
  /** at most this many per call (default 1000) so a job can yield between batches */
  limit?: number;
}

export interface RecordingStore {
  /** 'sqlite' or 'postgres' */
  readonly kind: 'sqlite' | 'postgres';

  // ---- recordings ---------------------------------------------------------------------------------

  /** Starts a streaming upload for `fileName` (a bare name, no path separators; else 'bad-request'). */
  openUpload(fileName: string): Promise<UploadSink>;
  /** Removes leftovers of uploads that were never committed or aborted and last written before `olderThan` (e.g. after a crash). Returns how many. */
  cleanupStaleUploads(olderThan: number): Promise<number>;

  /** The recording with this id (any state), or null. */
  getRecording(id: string): Promise<Recording | null>;
  /** The recording stored under this file name (any state), or null. */
  getRecordingByName(fileName: string): Promise<Recording | null>;
  /** Recordings (any state) with this conference GUID (any spelling). */
  listRecordingsByConf(confGuid: string): Promise<Recording[]>;
  /** Filtered, sorted, paged list. */
  listRecordings(filter: RecordingFilter, options?: ListOptions): Promise<RecordingPage>;
  countRecordings(filter: RecordingFilter): Promise<number>;
  /** Distinct owners of the filtered recordings (sip name, else number; owner-less ones count as one). */
  countOwners(filter: RecordingFilter): Promise<number>;
  /** Changes owner/direction/remote/licence fields; bumps updatedAt. */
  updateRecording(id: string, patch: RecordingPatch): Promise<Recording>;
  setProtected(id: string, value: boolean): Promise<Recording>;
  /** note: at most 10000 characters */
  setNote(id: string, note: string): Promise<Recording>;
  /** Moves to the recycle bin ('protected' if protected; 'conflict' if already there). */
  deleteRecording(id: string, by: string): Promise<Recording>;
  /** Brings a recycle-bin recording back ('conflict' if it is active). */
  restoreRecording(id: string): Promise<Recording>;
  /** Removes metadata and bytes for good, from any state ('protected' if protected). */
  purgeRecording(id: string): Promise<Recording>;
  /** Retention: purges unprotected recordings past the given thresholds; returns the purged ones. */
  purgeExpired(options: PurgeExpiredOptions): Promise<Recording[]>;

  /** Streams the PCAP bytes ('not-found' when the id is unknown). */
  readPcap(id: string): AsyncIterable<Uint8Array>;

  // ---- call information ----------------------------------------------------------------------------

  /**
   * Stores a CDR for a conference (idempotent per `cdrId`: a repeat replaces the data).
   * Returns the ids of recordings with that GUID, so the caller can re-resolve owners.
   */
  addCallInfo(confGuid: string, cdrId: string, data: JsonValue): Promise<{ recordingIds: string[] }>;
  /** null when nothing is stored ("no call information"). */
  getCallInfo(confGuid: string): Promise<CallInfo | null>;

  // ---- settings, App objects ------------------------------------------------------------------------

  getSettings(): Promise<Settings>;
  /** Validates every field ('bad-request' names the field) and returns the full new settings. */
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  /** Defaults (empty list, recoverable, updatedAt null) when never stored. */
  getAppObjectConfig(appObject: string): Promise<AppObjectConfig>;
  setAppObjectConfig(appObject: string, patch: AppObjectConfigPatch): Promise<AppObjectConfig>;
  listAppObjectConfigs(): Promise<AppObjectConfig[]>;

  // ---- audit log -----------------------------------------------------------------------------------

  appendAudit(entry: AuditInput): Promise<AuditEntry>;
  /** Newest first. */
  listAudit(query?: AuditQuery): Promise<AuditPage>;

  // ---- notifications, lifetime ---------------------------------------------------------------------

  /** Listens to changes made by this or any other process sharing the store; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void;
  close(): Promise<void>;
}

/** Options shared by both implementations. */
export interface StoreOptions {
  /** injected clock (ms since epoch); default Date.now */
  now?: () => number;
}

export interface SqliteStoreOptions extends StoreOptions {
  /** data directory: `recordings.db` and `pcap/<shard>/<id>.pcap` live here */
  dataDir: string;
}

export interface PgStoreOptions extends StoreOptions {
  connectionString: string;
  /** bytes per `pcap_chunks` row (also the most an upload buffers in memory); default 128 KiB */
  chunkSize?: number;
  /** connection pool size; default 10 */
  poolSize?: number;
}
