// The service's trace log for admins: GetTraceLog pages, newest line first, continued backwards
// with the `before` offset the service hands out; the level/category filter is the service's.
import type { TraceCategory, TraceLineLevel, TraceLogLine } from '../../shared/messages.js';
import { PagedLog } from './admin-model.js';
import type { AppConnection } from './connection.js';

export const TRACE_PAGE = 200;

export interface TraceFilter { level?: TraceLineLevel; category?: TraceCategory }

export class TraceLog extends PagedLog<TraceFilter> {
  lines: TraceLogLine[] = [];
  /** where the next older page ends; null: the start of the file is shown */
  before: number | null = null;
  /** bytes of trace.log when last loaded */
  size = 0;

  constructor(private readonly conn: Pick<AppConnection, 'request'>) { super({}); }

  /** The newest lines (a new filter starts over). */
  load(filter: TraceFilter = this.filter): Promise<void> {
    return this.loadFirst(filter, () => this.conn.request({ mt: 'GetTraceLog', ...filter, limit: TRACE_PAGE }),
      (r) => { this.lines = r.lines; this.before = r.before; this.size = r.size; },
      () => { this.lines = []; this.before = null; });
  }

  /** The page before the oldest line shown. */
  async loadOlder(): Promise<void> {
    const before = this.before;
    if (before === null || this.loading) return;
    await this.loadNext(() => this.conn.request({ mt: 'GetTraceLog', ...this.filter, before, limit: TRACE_PAGE }),
      (r) => { this.lines = this.lines.concat(r.lines); this.before = r.before; });
  }
}
