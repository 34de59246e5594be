/**
 * SQL for `listRecordings`/`countRecordings`, shared by both dialects. Keyset paging compares
 * (sort column, id) so pages stay stable while rows are added; the cursor carries the sort it
 * belongs to so a cursor from another sort is refused instead of skipping rows.
 */
import { AppError } from '../../shared/errors.js';
import { RECORDING_COLUMNS, foldText, type Dialect } from './recording-row.js';
import {
  DIRECTIONS, RECORDING_STATES, SORT_KEYS,
  type AuditQuery, type ListOptions, type RecordingFilter, type SortDir, type SortKey,
} from './types.js';
import { checkLimit, normaliseGuid } from './validate.js';

const SORT_COLUMN: Record<SortKey, string> = {
  startTime: 'start_time', duration: 'duration_ms', owner: 'owner_sort', remote: 'remote_sort', fileName: 'file_name',
};
const NUMERIC_SORT = new Set<SortKey>(['startTime', 'duration']);

const bad = (m: string): never => { throw new AppError('bad-request', m); };

export interface Cursor { sort: SortKey; dir: SortDir; value: string | number; id: string }

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.dir, c.value, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(s: string, sort: SortKey, dir: SortDir): Cursor {
  let a: unknown;
  try { a = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')); } catch { return bad('cursor is not valid'); }
  if (!Array.isArray(a) || a.length !== 4 || typeof a[3] !== 'string') return bad('cursor is not valid');
  if (a[0] !== sort || a[1] !== dir) bad('cursor belongs to another sort order');
  const value = a[2];
  if (NUMERIC_SORT.has(sort) ? typeof value !== 'number' || !Number.isFinite(value) : typeof value !== 'string') bad('cursor is not valid');
  return { sort, dir, value, id: a[3] };
}

/** The value of the sort column for a recording row, for the next cursor. */
export function sortValue(sort: SortKey, row: Record<string, unknown>): string | number {
  const v = row[`sort_value`];
  return NUMERIC_SORT.has(sort) ? Number(v) : String(v);
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Extra narrowing a store computed itself: SQLite passes the row keys its trigram index found for the
 * text (integers from the database, inlined so the planner sees the list size and drives from it).
 */
export interface QueryHints { textRowKeys?: number[] }

function where(d: Dialect, f: RecordingFilter, params: unknown[], hints: QueryHints = {}): string[] {
  if (f == null || typeof f !== 'object') bad('filter missing');
  const w: string[] = [];
  const state = f.state ?? 'active';
  if (state !== 'all') {
    if (!(RECORDING_STATES as readonly string[]).includes(state)) bad('state must be active, deleted or all');
    w.push('r.state = ?'); params.push(state);
  }
  if (f.from !== undefined) {
    if (typeof f.from !== 'number' || !Number.isFinite(f.from)) bad('from must be a time');
    w.push('r.start_time >= ?'); params.push(Math.ceil(f.from));
  }
  if (f.to !== undefined) {
    if (typeof f.to !== 'number' || !Number.isFinite(f.to)) bad('to must be a time');
    w.push('r.start_time < ?'); params.push(Math.ceil(f.to));
  }
  if (f.direction !== undefined) {
    if (!(DIRECTIONS as readonly string[]).includes(f.direction)) bad('direction unknown');
    w.push('r.direction = ?'); params.push(f.direction);
  }
  const b = (x: boolean): boolean | number => (d === 'sqlite' ? (x ? 1 : 0) : x);
  for (const k of ['licensed', 'complete', 'protected'] as const) {
    const v = f[k];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') bad(`${k} must be true or false`);
    w.push(`r.${k} = ?`); params.push(b(v));
  }
  if (f.confGuid !== undefined) { w.push('r.conf_guid = ?'); params.push(normaliseGuid(f.confGuid)); }
  if (f.owners !== undefined) {
    const sips = f.owners?.sips ?? [];
    const numbers = f.owners?.numbers ?? [];
    if (!Array.isArray(sips) || !Array.isArray(numbers) || [...sips, ...numbers].some((s) => typeof s !== 'string')) bad('owners must be lists of strings');
    const parts: string[] = [];
    if (sips.length) { parts.push(`r.owner_sip IN (${sips.map(() => '?').join(', ')})`); params.push(...sips); }
    if (numbers.length) { parts.push(`r.owner_number IN (${numbers.map(() => '?').join(', ')})`); params.push(...numbers); }
    w.push(parts.length ? `(${parts.join(' OR ')})` : '1 = 0');
  }
  if (f.text !== undefined) {
    if (typeof f.text !== 'string' || f.text.length > 256) bad('text must be a string of at most 256 characters');
    const t = foldText(f.text.trim());
    if (t) { w.push(`r.search LIKE ? ESCAPE '\\'`); params.push(`%${escapeLike(t)}%`); }
  }
  if (hints.textRowKeys) {
    const keys = hints.textRowKeys.filter((k) => Number.isSafeInteger(k));
    w.push(keys.length ? `r.seq IN (${keys.join(', ')})` : '1 = 0');
  }
  return w;
}

/**
 * SQLite only: with an owner set, drive the query from the owner indexes (CROSS JOIN fixes the join order in
 * SQLite). Left to itself, and without fresh statistics, the planner walks the start-time index instead,
 * which is 50x slower at 1M rows when an owner has few recordings.
 */
function fromClause(d: Dialect, f: RecordingFilter, params: unknown[]): string {
  if (d !== 'sqlite' || f == null || f.owners == null) return 'recordings r';
  const sips = Array.isArray(f.owners.sips) ? f.owners.sips : [];
  const numbers = Array.isArray(f.owners.numbers) ? f.owners.numbers : [];
  if (!sips.length && !numbers.length) return 'recordings r';
  const narrow: string[] = [];
  const narrowParams: unknown[] = [];
  const state = f.state ?? 'active';
  if (state !== 'all') { narrow.push('state = ?'); narrowParams.push(state); }
  if (typeof f.from === 'number' && Number.isFinite(f.from)) { narrow.push('start_time >= ?'); narrowParams.push(Math.ceil(f.from)); }
  if (typeof f.to === 'number' && Number.isFinite(f.to)) { narrow.push('start_time < ?'); narrowParams.push(Math.ceil(f.to)); }
  const tail = narrow.map((x) => ` AND ${x}`).join('');
  const arms: string[] = [];
  for (const [col, list] of [['owner_sip', sips], ['owner_number', numbers]] as const) {
    if (!list.length) continue;
    arms.push(`SELECT seq FROM recordings WHERE ${col} IN (${list.map(() => '?').join(', ')})${tail}`);
    params.push(...list, ...narrowParams);
  }
  return `(${arms.join(' UNION ')}) AS o CROSS JOIN recordings r ON r.seq = o.seq`;
}

export interface BuiltQuery { sql: string; params: unknown[]; limit: number; sort: SortKey; dir: SortDir }

export function buildListQuery(d: Dialect, filter: RecordingFilter, o: ListOptions = {}, hints?: QueryHints): BuiltQuery {
  const sort = o.sort ?? 'startTime';
  const dir = o.dir ?? 'desc';
  if (!(SORT_KEYS as readonly string[]).includes(sort)) bad('sort key unknown');
  if (dir !== 'asc' && dir !== 'desc') bad('sort direction must be asc or desc');
  const limit = checkLimit(o.limit, 50);
  const params: unknown[] = [];
  const from = fromClause(d, filter, params);
  const w = where(d, filter, params, hints);
  const col = `r.${SORT_COLUMN[sort]}`;
  let offset = 0;
  if (o.cursor !== undefined) {
    const c = decodeCursor(o.cursor, sort, dir);
    w.push(`(${col}, r.id) ${dir === 'desc' ? '<' : '>'} (?, ?)`); params.push(c.value, c.id);
  } else if (o.offset !== undefined) {
    if (!Number.isInteger(o.offset) || o.offset < 0 || o.offset > 10_000_000) bad('offset must be a non-negative integer');
    offset = o.offset;
  }
  const d2 = dir.toUpperCase();
  // Text sort columns are COLLATE "C" in PostgreSQL, so both stores order by code point, like the keyset comparison.
  // With an owner set, PostgreSQL would rather walk the sort index and filter (hundreds of ms on cold pages at 1M
  // rows); an expression as sort key leaves it the owner indexes and a sort of the few matching rows.
  const orderCol = d === 'pg' && filter.owners != null ? (NUMERIC_SORT.has(sort) ? `(${col} + 0)` : `(${col} || '')`) : col;
  const sql = `SELECT ${RECORDING_COLUMNS}, ${col} AS sort_value FROM ${from}`
    + (w.length ? ` WHERE ${w.join(' AND ')}` : '')
    + ` ORDER BY ${orderCol} ${d2}, r.id ${d2} LIMIT ${limit + 1}` + (offset ? ` OFFSET ${offset}` : '');
  return { sql, params, limit, sort, dir };
}

export function buildCountQuery(d: Dialect, filter: RecordingFilter, hints?: QueryHints): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const from = fromClause(d, filter, params);
  const w = where(d, filter, params, hints);
  return { sql: `SELECT COUNT(*) AS n FROM ${from}${w.length ? ` WHERE ${w.join(' AND ')}` : ''}`, params };
}

/** Distinct owners (sip name, else number; recordings with neither count as one) of the filtered recordings. */
export function buildOwnerCountQuery(d: Dialect, filter: RecordingFilter, hints?: QueryHints): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const from = fromClause(d, filter, params);
  const w = where(d, filter, params, hints);
  return { sql: `SELECT COUNT(DISTINCT COALESCE(r.owner_sip, r.owner_number, '')) AS n FROM ${from}${w.length ? ` WHERE ${w.join(' AND ')}` : ''}`, params };
}

/** Newest-first audit page (one extra row tells `more`); `?` placeholders for both dialects. */
export function buildAuditQuery(query: AuditQuery, limit: number): { sql: string; params: unknown[] } {
  const w: string[] = [];
  const params: unknown[] = [];
  if (query.actor !== undefined) { w.push('actor = ?'); params.push(String(query.actor)); }
  if (query.recordingId !== undefined) { w.push('recording_id = ?'); params.push(String(query.recordingId)); }
  if (query.action !== undefined) { w.push('action = ?'); params.push(String(query.action)); }
  if (query.from !== undefined) { w.push('at >= ?'); params.push(Number(query.from)); }
  if (query.to !== undefined) { w.push('at < ?'); params.push(Number(query.to)); }
  if (query.before !== undefined) { w.push('id < ?'); params.push(Number(query.before)); }
  return { sql: `SELECT * FROM audit${w.length ? ` WHERE ${w.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit + 1}`, params };
}
