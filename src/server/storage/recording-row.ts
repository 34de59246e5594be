/** The `recordings` row shape shared by both stores, and its mapping to/from the public `Recording`. */
import type { AuditEntry, JsonValue, Recording, RecordingMeta } from './types.js';

export type Dialect = 'sqlite' | 'pg';

/** Columns read for a `Recording`; `r` is the recordings table alias. */
export const RECORDING_COLUMNS = [
  'id', 'file_name', 'conf_guid', 'device_mac', 'serial', 'reg_name', 'owner_sip', 'owner_number', 'owner_name',
  'direction', 'remote_number', 'remote_name', 'start_time', 'duration_ms', 'size', 'codecs', 'streams', 'warnings',
  'complete', 'licensed', 'protected', 'state', 'deleted_at', 'deleted_by', 'note', 'created_at', 'updated_at',
].map((c) => `r.${c}`).join(', ')
  + ', EXISTS (SELECT 1 FROM call_info c WHERE c.conf_guid = r.conf_guid) AS has_call_info';

type Row = Record<string, unknown>;

// PostgreSQL hands BIGINT back as string and JSONB as parsed values; SQLite gives numbers and JSON text.
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const optNum = (v: unknown): number | null => (v == null ? null : num(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const flag = (v: unknown): boolean => v === true || v === 1 || v === '1';

export function rowToRecording(r: Row): Recording {
  return {
    id: r.id as string,
    fileName: r.file_name as string,
    confGuid: (r.conf_guid as string | null) ?? null,
    deviceMac: (r.device_mac as string | null) ?? null,
    serial: optNum(r.serial),
    regName: (r.reg_name as string | null) ?? null,
    ownerSip: (r.owner_sip as string | null) ?? null,
    ownerNumber: (r.owner_number as string | null) ?? null,
    ownerName: (r.owner_name as string | null) ?? null,
    direction: r.direction as Recording['direction'],
    remoteNumber: (r.remote_number as string | null) ?? null,
    remoteName: (r.remote_name as string | null) ?? null,
    startTime: num(r.start_time),
    durationMs: num(r.duration_ms),
    size: num(r.size),
    codecs: json(r.codecs),
    streams: json(r.streams),
    warnings: json(r.warnings),
    complete: flag(r.complete),
    licensed: flag(r.licensed),
    protected: flag(r.protected),
    state: r.state as Recording['state'],
    deletedAt: optNum(r.deleted_at),
    deletedBy: (r.deleted_by as string | null) ?? null,
    note: (r.note as string) ?? '',
    hasCallInfo: flag(r.has_call_info),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

const fold = (s: string): string => s.normalize('NFC').toLowerCase();

/** Case-folded text the list filter searches (both sides folded in JS so Unicode behaves alike in both stores). */
export function searchText(fileName: string, m: Pick<RecordingMeta, 'regName' | 'ownerSip' | 'ownerNumber' | 'ownerName' | 'remoteNumber' | 'remoteName'>): string {
  return fold([fileName, m.regName, m.ownerSip, m.ownerNumber, m.ownerName, m.remoteNumber, m.remoteName]
    .filter((x): x is string => !!x).join('\n'));
}

export function foldText(s: string): string { return fold(s); }

export function ownerSort(m: Pick<RecordingMeta, 'ownerName' | 'ownerSip' | 'ownerNumber'>): string {
  return fold(m.ownerName || m.ownerSip || m.ownerNumber || '');
}

export function remoteSort(m: Pick<RecordingMeta, 'remoteName' | 'remoteNumber'>): string {
  return fold(m.remoteName || m.remoteNumber || '');
}

/** Column values derived from metadata, in the dialect's types (SQLite has no booleans, JSON is text there). */
export function metaColumns(d: Dialect, fileName: string, m: RecordingMeta): Row {
  const b = (x: boolean): boolean | number => (d === 'sqlite' ? (x ? 1 : 0) : x);
  return {
    conf_guid: m.confGuid, device_mac: m.deviceMac, serial: m.serial, reg_name: m.regName,
    owner_sip: m.ownerSip, owner_number: m.ownerNumber, owner_name: m.ownerName, owner_sort: ownerSort(m),
    direction: m.direction, remote_number: m.remoteNumber, remote_name: m.remoteName, remote_sort: remoteSort(m),
    search: searchText(fileName, m), start_time: m.startTime, duration_ms: m.durationMs,
    codecs: JSON.stringify(m.codecs), streams: JSON.stringify(m.streams), warnings: JSON.stringify(m.warnings),
    complete: b(m.complete), licensed: b(m.licensed),
  };
}

/** Turns `?` placeholders into PostgreSQL's `$n` (our SQL has no `?` inside literals). */
export function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** An audit row of either dialect (details: JSON text in SQLite, parsed JSONB in PostgreSQL). */
export function auditFromRow(r: Row): AuditEntry {
  return {
    id: Number(r.id),
    at: Number(r.at),
    actor: r.actor as string,
    action: r.action as string,
    recordingId: (r.recording_id as string | null) ?? null,
    details: typeof r.details === 'string' ? JSON.parse(r.details) : (r.details as JsonValue),
  };
}

