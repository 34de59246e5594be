/**
 * The Recordings WebSocket protocol (SPEC §5, docs/protocol.md): AppWebsocket framing, one JSON
 * object per text frame, `mt` discriminates, `src` is echoed on every reply and on the pushes of a
 * subscription. Requests `<Name>` get `<Name>Result`; a refused request gets `<Name>Result{error}`.
 * No DOM or Node imports: used by the app, the plugin and the server.
 */
import type { DecodeWarning, StreamInfo } from './decoder-types.js';
import type { Cdr, CallSummary } from './call-info.js';
import type { ErrorCode } from './errors.js';

export const PROTOCOL_VERSION = 1;

export const APP_USER = 'innovaphone-recordings';
export const APP_ADMIN = 'innovaphone-recordingsadmin';
/** The softphone panel's own App object (URL ending in this name): logs in as a user. */
export const APP_LATEST = 'innovaphone-recordings-latest';
/** App name the PBX Manager plugin uses on its instance connection. */
export const APP_PLUGIN = '-';
export const LICENSE_NAME = 'App(innovaphone-recorder)';

export type Direction = 'in' | 'out' | 'unknown';
export type DeleteMode = 'recoverable' | 'permanent';
export type TraceCategory = 'recording' | 'callInfo' | 'converting' | 'license' | 'ui';
export type TraceLevel = 'off' | 'error' | 'info' | 'debug';
export type SortKey = 'startTime' | 'duration' | 'owner' | 'remote' | 'fileName';

/** A recording as apps see it. */
export interface RecordingInfo {
  id: string;
  fileName: string;
  confGuid: string | null;
  deviceMac: string | null;
  serial: number | null;
  regName: string | null;
  ownerSip: string | null;
  ownerNumber: string | null;
  ownerName: string | null;
  direction: Direction;
  remoteNumber: string | null;
  remoteName: string | null;
  startTime: number;
  durationMs: number;
  codecs: string[];
  size: number;
  /** false: the upload was cut off; what arrived is kept */
  complete: boolean;
  /** false: the owner has no App(innovaphone-recorder) licence (only admins see these) */
  licensed: boolean;
  protected: boolean;
  state: 'active' | 'deleted';
  deletedAt: number | null;
  deletedBy: string | null;
  note: string;
  hasCallInfo: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Everything `GetRecording` adds to the list view. */
export interface RecordingDetail extends RecordingInfo {
  streams: StreamInfo[];
  warnings: DecodeWarning[];
  /** null: "no call information" */
  callInfo: Cdr[] | null;
  summary: CallSummary | null;
}

export interface RecordingFilterMsg {
  /** case-insensitive substring over names and numbers */
  text?: string;
  /** start time, ms since epoch, inclusive */
  from?: number;
  /** start time, ms since epoch, exclusive */
  to?: number;
  direction?: Direction;
  /** sip name or number of the owner (must be one the caller may see) */
  owner?: string;
}

export interface SettingsInfo {
  retentionDays: number;
  pbxName: string;
  trace: Record<TraceCategory, TraceLevel>;
  /** users licensed when no PBX is connected; "*" = everyone */
  licenses: string[];
}

export interface ServiceStatus {
  /** "PBX Name missing" is shown when true */
  pbxNameMissing: boolean;
  /** a PBX App-object connection is up (the one matching the PBX name when set) */
  pbxConnected: boolean;
  /** PbxInfo.pbx of the connected PBX */
  pbx: string | null;
  /** where licence answers come from */
  licenseSource: 'pbx' | 'list';
  /** owners of recordings without a licence, and how many recordings are affected */
  unlicensedOwners: string[];
  unlicensedRecordings: number;
  /** lost PBX link (broken-link indicator): when the last PBX connection dropped, null when none did */
  pbxLostAt: number | null;
  /** the Reports/CDR link */
  cdr: CdrLinkStatus;
  /** licence count and use */
  licenseCount: LicenseCount;
}

/**
 * The CDR intake (`POST …/cdr`, where Reports or the PBX sends call detail records), as this
 * service process saw it since it started (`since`).
 */
export interface CdrLinkStatus {
  since: number;
  /** CDRs accepted */
  received: number;
  /** last accepted POST: when, from which address, and the PBX the CDRs name (`pbx`, else `sys`) */
  lastAt: number | null;
  lastFrom: string | null;
  lastPbx: string | null;
  /** last refused POST: why (malformed XML, wrong or missing credentials, too large), when, from where */
  lastError: { at: number; from: string | null; reason: 'malformed' | 'unauthorized' | 'too-large'; detail: string } | null;
}

/** `App(innovaphone-recorder)` licences: what the PBX grants and how many owners hold one. */
export interface LicenseCount {
  /** licences the PBX has (PbxAdminApi `GetAppLics` count); null when unknown (see `unknownReason`) */
  granted: number | null;
  /** of those, assigned to users according to the PBX */
  used: number | null;
  /** why `granted` is unknown: no PBX in use, it lacks PbxAdminApi, did not answer, or has no such licence */
  unknownReason: 'no-pbx' | 'no-admin-api' | 'no-answer' | 'not-on-pbx' | null;
  /** distinct owners of licensed recordings (people whose recordings use a licence) */
  licensedOwners: number;
}

export interface AppObjectConfigInfo {
  appObject: string;
  accessList: string[];
  deleteMode: DeleteMode;
  updatedAt: number | null;
}

export type TraceLineLevel = Exclude<TraceLevel, 'off'>;

/** One line of the service's trace.log; fields null when the line is not in the trace format. */
export interface TraceLogLine {
  at: number | null;
  category: TraceCategory | null;
  level: TraceLineLevel | null;
  text: string;
}

export interface LogEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  recordingId: string | null;
  details: unknown;
}

// ---- requests ----------------------------------------------------------------------------------

interface Base { src?: string; api?: string }

export interface ListRecordings extends Base {
  mt: 'ListRecordings';
  filter?: RecordingFilterMsg;
  sort?: SortKey;
  dir?: 'asc' | 'desc';
  /** 1..200, default 50 */
  limit?: number;
  /** `cursor` of the previous page */
  cursor?: string;
}
export interface GetRecording extends Base { mt: 'GetRecording'; id: string }
export interface SubscribeRecordings extends Base { mt: 'SubscribeRecordings' }
export interface UnsubscribeRecordings extends Base { mt: 'UnsubscribeRecordings' }
export interface ProtectRecording extends Base { mt: 'ProtectRecording'; id: string; protected: boolean }
export interface DeleteRecording extends Base {
  mt: 'DeleteRecording';
  id: string;
  /** admins only: override the delete mode of their App object */
  mode?: DeleteMode;
}
export interface RestoreRecording extends Base { mt: 'RestoreRecording'; id: string }
export interface ListRecycleBin extends Base { mt: 'ListRecycleBin'; limit?: number; cursor?: string }
export interface PurgeRecording extends Base { mt: 'PurgeRecording'; id: string }
export interface GetSettings extends Base { mt: 'GetSettings' }
export interface SetSettings extends Base {
  mt: 'SetSettings';
  retentionDays?: number;
  pbxName?: string;
  trace?: Partial<Record<TraceCategory, TraceLevel>>;
  licenses?: string[];
}
export interface ListLogs extends Base {
  mt: 'ListLogs';
  recordingId?: string;
  /** admins only: one actor */
  actor?: string;
  /** one action (`play`, `delete`, `settings`, …) */
  action?: string;
  /** id of the last entry of the previous page */
  before?: number;
  limit?: number;
}
/** The tail of trace.log, newest first, paged backwards (admin). */
export interface GetTraceLog extends Base {
  mt: 'GetTraceLog';
  /** byte offset: only lines before it (the previous page's `before`); default: the end of the file */
  before?: number;
  /** 1..500 lines, default 200 */
  limit?: number;
  /** least important level shown: `error` = errors only, `info` = errors and info, `debug` = all (default) */
  level?: TraceLineLevel;
  category?: TraceCategory;
}
export interface SetNote extends Base { mt: 'SetNote'; id: string; note: string }
export interface GetDownloadToken extends Base {
  mt: 'GetDownloadToken';
  id: string;
  /** logged as `play` or `download` */
  purpose?: 'play' | 'download';
}
export interface GetAppObjectConfig extends Base {
  mt: 'GetAppObjectConfig';
  /** default: the App object of the caller's login (`info.appobj`) */
  appObject?: string;
}
export interface SetAppObjectConfig extends Base {
  mt: 'SetAppObjectConfig';
  appObject?: string;
  accessList?: string[];
  deleteMode?: DeleteMode;
}
export interface ListAppObjectConfigs extends Base { mt: 'ListAppObjectConfigs' }
export interface RunRetention extends Base { mt: 'RunRetention' }

export type Request =
  | ListRecordings | GetRecording | SubscribeRecordings | UnsubscribeRecordings | ProtectRecording
  | DeleteRecording | RestoreRecording | ListRecycleBin | PurgeRecording | GetSettings | SetSettings
  | ListLogs | SetNote | GetDownloadToken | GetAppObjectConfig | SetAppObjectConfig
  | ListAppObjectConfigs | RunRetention | GetTraceLog;

// ---- results -----------------------------------------------------------------------------------

interface ResultBase { src?: string; api?: string; error?: undefined; errorText?: undefined }

export interface ResultMap {
  ListRecordings: { items: RecordingInfo[]; more: boolean; cursor: string | null };
  GetRecording: { recording: RecordingDetail };
  SubscribeRecordings: { ok: true };
  UnsubscribeRecordings: { ok: true };
  ProtectRecording: { recording: RecordingInfo };
  DeleteRecording: { id: string; mode: DeleteMode };
  RestoreRecording: { recording: RecordingInfo };
  ListRecycleBin: { items: RecordingInfo[]; more: boolean; cursor: string | null };
  PurgeRecording: { id: string };
  GetSettings: { settings: SettingsInfo; status: ServiceStatus };
  SetSettings: { settings: SettingsInfo };
  ListLogs: { items: LogEntry[]; more: boolean };
  SetNote: { recording: RecordingInfo };
  GetDownloadToken: { token: string; url: string; expires: number };
  GetAppObjectConfig: { config: AppObjectConfigInfo };
  SetAppObjectConfig: { config: AppObjectConfigInfo };
  ListAppObjectConfigs: { configs: AppObjectConfigInfo[] };
  RunRetention: { purged: number };
  /** `before`: offset for the next (older) page, null at the start of the file; `size` of the file */
  GetTraceLog: { lines: TraceLogLine[]; before: number | null; size: number };
}

export type RequestName = Request['mt'];
export type RequestOf<N extends RequestName> = Extract<Request, { mt: N }>;
export type ResultOf<N extends RequestName> = ResultMap[N] & ResultBase & { mt: `${N}Result` };

/** What every refused request gets instead of its result. */
export interface ErrorResult {
  mt: string;
  src?: string;
  api?: string;
  error: ErrorCode;
  errorText: string;
}

// ---- pushes (to subscribers, carrying the subscription's src) -----------------------------------

export interface RecordingAdded { mt: 'RecordingAdded'; src?: string; recording: RecordingInfo }
export interface RecordingUpdated { mt: 'RecordingUpdated'; src?: string; recording: RecordingInfo }
export interface RecordingDeleted { mt: 'RecordingDeleted'; src?: string; id: string; purged: boolean }
export type Push = RecordingAdded | RecordingUpdated | RecordingDeleted;

// ---- AppWebsocket level ---------------------------------------------------------------------------

export interface AppChallenge { mt: 'AppChallenge'; src?: string }
export interface AppChallengeResult { mt: 'AppChallengeResult'; src?: string; challenge: string }
/** `info` of a myApps user login or a PBX App-object login (reference §1.5). */
export interface LoginInfo {
  appobj?: string;
  appdn?: string;
  appurl?: string;
  cn?: string;
  unlicensed?: boolean;
  pbx?: string;
  testmode?: boolean;
  apps?: { name: string; dn?: string }[];
  [k: string]: unknown;
}
export interface AppLogin {
  mt: 'AppLogin';
  src?: string;
  app?: string;
  domain?: string;
  sip?: string;
  guid?: string;
  dn?: string;
  digest: string;
  info?: LoginInfo;
  pbxObj?: string;
}
export interface AppLoginResult { mt: 'AppLoginResult'; src?: string; ok?: boolean; domain?: string; error?: string; errorText?: string }
/** The `Login` window message myApps posts into the app's iframe (reference §1.6). */
export interface LoginMessage extends Omit<AppLogin, 'mt'> { mt: 'Login' }
