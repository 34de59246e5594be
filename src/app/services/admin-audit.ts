// The audit log for admins: ListLogs newest first, paged by the last id seen (`before`), filtered
// by user, recording and/or action as the service offers. The filter is checked here first so a typo gets
// a sentence next to the field instead of a bad-request round trip.
import type { LogEntry } from '../../shared/messages.js';
import type { TextKey } from '../i18n/texts.js';
import { PagedLog } from './admin-model.js';
import type { AppConnection } from './connection.js';

export const AUDIT_PAGE = 100;

export interface AuditFilter { actor?: string; recordingId?: string; action?: string }

/** Actions the service writes (docs/protocol.md ListLogs), offered by the action filter. */
export const AUDIT_ACTIONS = ['play', 'download', 'delete', 'restore', 'purge', 'protect', 'unprotect', 'note', 'settings', 'pbx-link'] as const;

const TOKEN = /^\S{1,128}$/;
const ACTION = /^[a-z][a-z-]{0,63}$/;

export type AuditFilterResult =
  | { ok: true; filter: AuditFilter }
  | { ok: false; field: 'actor' | 'recordingId' | 'action'; message: TextKey };

export function parseAuditFilter(raw: { actor: string; recordingId: string; action?: string }): AuditFilterResult {
  const actor = raw.actor.trim();
  const recordingId = raw.recordingId.trim();
  const action = (raw.action ?? '').trim();
  if (actor !== '' && !TOKEN.test(actor)) return { ok: false, field: 'actor', message: 'adm.audit.badActor' };
  if (recordingId !== '' && !TOKEN.test(recordingId)) return { ok: false, field: 'recordingId', message: 'adm.audit.badRecording' };
  if (action !== '' && !ACTION.test(action)) return { ok: false, field: 'action', message: 'adm.audit.badAction' };
  return { ok: true, filter: { ...(actor ? { actor } : {}), ...(recordingId ? { recordingId } : {}), ...(action ? { action } : {}) } };
}

/** One line for the details column: the fields an admin reads, not the raw JSON. */
export function describeDetails(d: unknown): string {
  if (d === null || d === undefined) return '';
  if (typeof d !== 'object') return String(d);
  const o = d as Record<string, unknown>;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (k === 'before' || k === 'after') continue; // settings diff: summarised below
    parts.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  }
  if (o.before && o.after && typeof o.before === 'object' && typeof o.after === 'object') {
    const b = o.before as Record<string, unknown>, a = o.after as Record<string, unknown>;
    for (const k of Object.keys(a)) {
      const x = JSON.stringify(b[k]), y = JSON.stringify(a[k]);
      if (x !== y) parts.push(`${k}: ${x} → ${y}`);
    }
  }
  return parts.join(', ');
}

export class AuditLog extends PagedLog<AuditFilter> {
  items: LogEntry[] = [];
  more = false;

  constructor(private readonly conn: Pick<AppConnection, 'request'>) { super({}); }

  load(filter: AuditFilter = this.filter): Promise<void> {
    return this.loadFirst(filter, () => this.conn.request({ mt: 'ListLogs', ...filter, limit: AUDIT_PAGE }),
      (r) => { this.items = r.items; this.more = r.more; },
      () => { this.items = []; this.more = false; });
  }

  async loadMore(): Promise<void> {
    const last = this.items[this.items.length - 1];
    if (!this.more || this.loading || !last) return;
    await this.loadNext(() => this.conn.request({ mt: 'ListLogs', ...this.filter, before: last.id, limit: AUDIT_PAGE }),
      (r) => { this.items = this.items.concat(r.items.filter((x) => x.id < last.id)); this.more = r.more; });
  }
}
