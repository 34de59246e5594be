/** Input checks shared by both stores: every value that reaches SQL has passed through here. */
import { AppError } from '../../shared/errors.js';
import {
  DELETE_MODES, DIRECTIONS, RETENTION_DAYS_MAX, TRACE_CATEGORIES, TRACE_LEVELS,
  type AppObjectConfig, type AppObjectConfigPatch, type AuditInput, type JsonValue, type RecordingMeta,
  type RecordingPatch, type Settings, type SettingsPatch,
} from './types.js';

export const NOTE_MAX = 10_000;
export const FILE_NAME_MAX = 255;
export const NAME_MAX = 256;
export const LIST_MAX = 100_000;
export const ACCESS_LIST_MAX = 10_000;

const bad = (what: string): never => { throw new AppError('bad-request', what); };

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  retentionDays: 0,
  pbxName: '',
  trace: Object.freeze({ recording: 'error', callInfo: 'error', converting: 'error', license: 'error', ui: 'error' }),
  licenses: Object.freeze([]) as unknown as string[],
}) as Settings;

/** Lower-case hex without dashes/braces; null stays null; anything else than 32 hex digits is refused. */
export function normaliseGuid(guid: string | null | undefined, field = 'confGuid'): string | null {
  if (guid == null) return null;
  if (typeof guid !== 'string') bad(`${field} must be a string`);
  const g = guid.replace(/[-{}]/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(g)) bad(`${field} must be a GUID (32 hex digits)`);
  return g;
}

/** A bare file name: no directories, no control characters, not `.`/`..`, at most 255 UTF-8 bytes. */
export function checkFileName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) return bad('file name must be a non-empty string');
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(name)) bad('file name must not contain path separators or control characters');
  if (name === '.' || name === '..') bad('file name must not be "." or ".."');
  if (Buffer.byteLength(name, 'utf8') > FILE_NAME_MAX) bad(`file name longer than ${FILE_NAME_MAX} bytes`);
  return name;
}

function optString(v: unknown, field: string, max = NAME_MAX): string | null {
  if (v == null) return null;
  if (typeof v !== 'string') return bad(`${field} must be a string or null`);
  if (v.length > max) bad(`${field} longer than ${max} characters`);
  return v;
}

function nonNegInt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return bad(`${field} must be a non-negative integer`);
  return v;
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') return bad(`${field} must be true or false`);
  return v;
}

function direction(v: unknown): RecordingMeta['direction'] {
  if (!(DIRECTIONS as readonly unknown[]).includes(v)) return bad(`direction must be one of ${DIRECTIONS.join(', ')}`);
  return v as RecordingMeta['direction'];
}

/** Checks and normalises ingest metadata (GUID/MAC lower-case; times rounded to whole ms). */
export function checkMeta(m: RecordingMeta): RecordingMeta {
  if (m == null || typeof m !== 'object') bad('metadata missing');
  const mac = optString(m.deviceMac, 'deviceMac');
  if (mac != null && !/^[0-9a-fA-F]{12}$/.test(mac)) bad('deviceMac must be 12 hex digits');
  if (m.serial != null) nonNegInt(m.serial, 'serial');
  if (typeof m.startTime !== 'number' || !Number.isFinite(m.startTime)) bad('startTime must be a number');
  if (typeof m.durationMs !== 'number' || !Number.isFinite(m.durationMs) || m.durationMs < 0) bad('durationMs must be a non-negative number');
  if (!Array.isArray(m.codecs) || m.codecs.some((c) => typeof c !== 'string')) bad('codecs must be a list of strings');
  if (!Array.isArray(m.streams)) bad('streams must be a list');
  if (!Array.isArray(m.warnings)) bad('warnings must be a list');
  return {
    confGuid: normaliseGuid(m.confGuid),
    deviceMac: mac?.toLowerCase() ?? null,
    serial: m.serial ?? null,
    regName: optString(m.regName, 'regName'),
    ownerSip: optString(m.ownerSip, 'ownerSip'),
    ownerNumber: optString(m.ownerNumber, 'ownerNumber'),
    ownerName: optString(m.ownerName, 'ownerName'),
    direction: direction(m.direction),
    remoteNumber: optString(m.remoteNumber, 'remoteNumber'),
    remoteName: optString(m.remoteName, 'remoteName'),
    startTime: Math.round(m.startTime),
    durationMs: Math.round(m.durationMs),
    codecs: [...m.codecs],
    streams: m.streams,
    warnings: m.warnings,
    complete: bool(m.complete, 'complete'),
    licensed: bool(m.licensed, 'licensed'),
  };
}

export function checkPatch(p: RecordingPatch): RecordingPatch {
  if (p == null || typeof p !== 'object') return bad('patch missing');
  const out: RecordingPatch = {};
  for (const k of Object.keys(p) as (keyof RecordingPatch)[]) {
    const v = p[k];
    if (v === undefined) continue;
    switch (k) {
      case 'ownerSip': case 'ownerNumber': case 'ownerName': case 'remoteNumber': case 'remoteName':
        out[k] = optString(v, k); break;
      case 'direction': out.direction = direction(v); break;
      case 'licensed': out.licensed = bool(v, 'licensed'); break;
      default: bad(`field ${String(k)} cannot be changed`);
    }
  }
  return out;
}

export function checkNote(note: unknown): string {
  if (typeof note !== 'string') return bad('note must be a string');
  if (note.length > NOTE_MAX) bad(`note longer than ${NOTE_MAX} characters`);
  return note;
}

function stringList(v: unknown, field: string, max: number): string[] {
  if (!Array.isArray(v)) return bad(`${field} must be a list of strings`);
  if (v.length > max) bad(`${field} has more than ${max} entries`);
  const seen = new Set<string>();
  for (const s of v) {
    if (typeof s !== 'string' || s.trim() === '') bad(`${field} entries must be non-empty strings`);
    if ((s as string).length > NAME_MAX) bad(`${field} entry longer than ${NAME_MAX} characters`);
    seen.add((s as string).trim());
  }
  return [...seen];
}

/** Merges a settings patch into the current settings, refusing anything out of range. */
export function mergeSettings(current: Settings, patch: SettingsPatch): Settings {
  if (patch == null || typeof patch !== 'object') return bad('settings patch missing');
  const next: Settings = { ...current, trace: { ...current.trace }, licenses: [...current.licenses] };
  for (const k of Object.keys(patch)) {
    const v = (patch as Record<string, unknown>)[k];
    if (v === undefined) continue;
    switch (k) {
      case 'retentionDays':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > RETENTION_DAYS_MAX) bad(`retentionDays must be an integer 0..${RETENTION_DAYS_MAX}`);
        next.retentionDays = v as number; break;
      case 'pbxName':
        if (typeof v !== 'string') bad('pbxName must be a string');
        if ((v as string).trim().length > NAME_MAX) bad(`pbxName longer than ${NAME_MAX} characters`);
        next.pbxName = (v as string).trim(); break;
      case 'trace': {
        if (v == null || typeof v !== 'object' || Array.isArray(v)) bad('trace must be an object');
        for (const [cat, level] of Object.entries(v as object)) {
          if (level === undefined) continue;
          if (!(TRACE_CATEGORIES as readonly string[]).includes(cat)) bad(`trace category ${cat} unknown`);
          if (!(TRACE_LEVELS as readonly unknown[]).includes(level)) bad(`trace.${cat} must be one of ${TRACE_LEVELS.join(', ')}`);
          next.trace[cat as keyof Settings['trace']] = level;
        }
        break;
      }
      case 'licenses': next.licenses = stringList(v, 'licenses', LIST_MAX); break;
      default: bad(`setting ${k} unknown`);
    }
  }
  return next;
}

/** Settings read back from storage, completed with defaults for keys added by later versions. */
export function settingsFromJson(raw: unknown): Settings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Partial<Settings>;
  return {
    retentionDays: typeof o.retentionDays === 'number' ? o.retentionDays : DEFAULT_SETTINGS.retentionDays,
    pbxName: typeof o.pbxName === 'string' ? o.pbxName : DEFAULT_SETTINGS.pbxName,
    trace: { ...DEFAULT_SETTINGS.trace, ...(o.trace ?? {}) },
    licenses: Array.isArray(o.licenses) ? [...o.licenses] : [],
  };
}

export function checkAppObject(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') return bad('App object name must be a non-empty string');
  if (name.length > NAME_MAX) bad(`App object name longer than ${NAME_MAX} characters`);
  return name;
}

export function mergeAppObject(current: AppObjectConfig, patch: AppObjectConfigPatch): Omit<AppObjectConfig, 'updatedAt'> {
  if (patch == null || typeof patch !== 'object') return bad('App object patch missing');
  const next = { appObject: current.appObject, accessList: [...current.accessList], deleteMode: current.deleteMode };
  for (const k of Object.keys(patch)) {
    const v = (patch as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (k === 'accessList') next.accessList = stringList(v, 'accessList', ACCESS_LIST_MAX);
    else if (k === 'deleteMode') {
      if (!(DELETE_MODES as readonly unknown[]).includes(v)) bad(`deleteMode must be one of ${DELETE_MODES.join(', ')}`);
      next.deleteMode = v as AppObjectConfig['deleteMode'];
    } else bad(`App object field ${k} unknown`);
  }
  return next;
}

export function defaultAppObject(appObject: string): AppObjectConfig {
  return { appObject, accessList: [], deleteMode: 'recoverable', updatedAt: null };
}

export function checkAudit(e: AuditInput, now: number): Required<AuditInput> {
  if (e == null || typeof e !== 'object') return bad('audit entry missing');
  if (typeof e.actor !== 'string' || e.actor === '' || e.actor.length > NAME_MAX) bad('audit actor must be a non-empty string');
  if (typeof e.action !== 'string' || e.action === '' || e.action.length > 64) bad('audit action must be a non-empty string');
  if (e.recordingId != null && typeof e.recordingId !== 'string') bad('audit recordingId must be a string or null');
  const at = e.at ?? now;
  if (typeof at !== 'number' || !Number.isFinite(at)) bad('audit time must be a number');
  return { actor: e.actor, action: e.action, recordingId: e.recordingId ?? null, details: (e.details ?? null) as JsonValue, at: Math.round(at) };
}

export function checkLimit(limit: number | undefined, dflt: number, max = 1000): number {
  if (limit === undefined) return dflt;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) return bad(`limit must be an integer 1..${max}`);
  return limit;
}

export function checkId(id: unknown): string {
  if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) throw new AppError('not-found', 'no such recording');
  return id;
}

export const CALL_INFO_MAX_BYTES = 1024 * 1024;

/** Returns the CDR data as JSON text (bounded), refusing non-JSON values. */
export function checkCallInfo(cdrId: unknown, data: unknown): { cdrId: string; json: string } {
  if (typeof cdrId !== 'string' || cdrId === '' || cdrId.length > NAME_MAX) return bad('cdrId must be a non-empty string');
  let json: string | undefined;
  try { json = JSON.stringify(data); } catch { return bad('call information is not JSON'); }
  if (json === undefined) return bad('call information is not JSON');
  if (Buffer.byteLength(json, 'utf8') > CALL_INFO_MAX_BYTES) bad('call information larger than 1 MiB');
  return { cdrId, json };
}
