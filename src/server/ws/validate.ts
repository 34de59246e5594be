import { AppError } from '../../shared/errors.js';
import type { Request, RequestName } from '../../shared/messages.js';

type Obj = Record<string, unknown>;
type Check = (m: Obj) => void;

const DIRECTIONS = ['in', 'out', 'unknown'];
const SORTS = ['startTime', 'duration', 'owner', 'remote', 'fileName'];
const MODES = ['recoverable', 'permanent'];
const CATEGORIES = ['recording', 'callInfo', 'converting', 'license', 'ui'];
const LEVELS = ['off', 'error', 'info', 'debug'];

function bad(mt: string, text: string): never {
  throw new AppError('bad-request', `${mt}: ${text}`);
}

function str(m: Obj, k: string, required: boolean, max = 256): void {
  const v = m[k];
  if (v === undefined && !required) return;
  if (typeof v !== 'string') bad(String(m.mt), `"${k}" must be a string`);
  if (required && v.length === 0) bad(String(m.mt), `"${k}" must not be empty`);
  if (v.length > max) bad(String(m.mt), `"${k}" is longer than ${max} characters`);
}

function int(m: Obj, k: string, min: number, max: number): void {
  const v = m[k];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(String(m.mt), `"${k}" must be a whole number from ${min} to ${max}`);
}

function oneOf(m: Obj, k: string, values: string[]): void {
  const v = m[k];
  if (v === undefined) return;
  if (typeof v !== 'string' || !values.includes(v)) bad(String(m.mt), `"${k}" must be one of ${values.join(', ')}`);
}

function bool(m: Obj, k: string, required: boolean): void {
  const v = m[k];
  if (v === undefined && !required) return;
  if (typeof v !== 'boolean') bad(String(m.mt), `"${k}" must be true or false`);
}

function strList(m: Obj, k: string, maxItems: number): void {
  const v = m[k];
  if (v === undefined) return;
  if (!Array.isArray(v) || v.length > maxItems || v.some((x) => typeof x !== 'string' || x.length === 0 || x.length > 128)) {
    bad(String(m.mt), `"${k}" must be a list of at most ${maxItems} non-empty names`);
  }
}

const TIME_MAX = 8.64e15;
const id: Check = (m) => str(m, 'id', true, 128);

const CHECKS: Record<RequestName, Check> = {
  ListRecordings: (m) => {
    const f = m.filter;
    if (f !== undefined) {
      if (typeof f !== 'object' || f === null || Array.isArray(f)) bad('ListRecordings', '"filter" must be an object');
      const fo = { ...(f as Obj), mt: 'ListRecordings filter' };
      str(fo, 'text', false, 200);
      int(fo, 'from', 0, TIME_MAX);
      int(fo, 'to', 0, TIME_MAX);
      oneOf(fo, 'direction', DIRECTIONS);
      str(fo, 'owner', false, 128);
    }
    oneOf(m, 'sort', SORTS);
    oneOf(m, 'dir', ['asc', 'desc']);
    int(m, 'limit', 1, 200);
    str(m, 'cursor', false, 1024);
  },
  GetRecording: id,
  SubscribeRecordings: () => {},
  UnsubscribeRecordings: () => {},
  ProtectRecording: (m) => { id(m); bool(m, 'protected', true); },
  DeleteRecording: (m) => { id(m); oneOf(m, 'mode', MODES); },
  RestoreRecording: id,
  ListRecycleBin: (m) => { int(m, 'limit', 1, 200); str(m, 'cursor', false, 1024); },
  PurgeRecording: id,
  GetSettings: () => {},
  SetSettings: (m) => {
    int(m, 'retentionDays', 0, 11000);
    str(m, 'pbxName', false, 128);
    strList(m, 'licenses', 10000);
    const t = m.trace;
    if (t !== undefined) {
      if (typeof t !== 'object' || t === null || Array.isArray(t)) bad('SetSettings', '"trace" must be an object');
      for (const [k, v] of Object.entries(t as Obj)) {
        if (!CATEGORIES.includes(k)) bad('SetSettings', `unknown trace category "${k}" (${CATEGORIES.join(', ')})`);
        if (typeof v !== 'string' || !LEVELS.includes(v)) bad('SetSettings', `trace level of "${k}" must be one of ${LEVELS.join(', ')}`);
      }
    }
  },
  ListLogs: (m) => {
    str(m, 'recordingId', false, 128); str(m, 'actor', false, 128); str(m, 'action', false, 64);
    int(m, 'before', 0, Number.MAX_SAFE_INTEGER); int(m, 'limit', 1, 500);
  },
  GetTraceLog: (m) => {
    int(m, 'before', 0, Number.MAX_SAFE_INTEGER); int(m, 'limit', 1, 500);
    oneOf(m, 'level', LEVELS.filter((l) => l !== 'off')); oneOf(m, 'category', CATEGORIES);
  },
  SetNote: (m) => { id(m); str(m, 'note', false, 10000); if (typeof m.note !== 'string') bad('SetNote', '"note" must be a string'); },
  GetDownloadToken: (m) => { id(m); oneOf(m, 'purpose', ['play', 'download']); },
  GetAppObjectConfig: (m) => str(m, 'appObject', false, 128),
  SetAppObjectConfig: (m) => {
    str(m, 'appObject', false, 128);
    strList(m, 'accessList', 1000);
    // Entries are matched against owners' sip names and numbers: a display name with spaces never matches.
    const odd = (m.accessList as string[] | undefined)?.find((x) => !/^[^\s,;\x00-\x1f]{1,128}$/.test(x));
    if (odd !== undefined) bad('SetAppObjectConfig', `"accessList" entries are user names or numbers without spaces, commas or semicolons; "${odd.slice(0, 40)}" is not`);
    oneOf(m, 'deleteMode', MODES);
  },
  ListAppObjectConfigs: () => {},
  RunRetention: () => {},
};

export function isRequestName(mt: string): mt is RequestName {
  return Object.prototype.hasOwnProperty.call(CHECKS, mt);
}

/** Checks an inbound frame of a known request type; throws AppError('bad-request') naming the field. */
export function validateRequest(m: Obj & { mt: RequestName }): Request {
  if (m.src !== undefined && (typeof m.src !== 'string' || m.src.length > 256)) bad(m.mt, '"src" must be a string of at most 256 characters');
  CHECKS[m.mt](m);
  return m as unknown as Request;
}
