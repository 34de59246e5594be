// The service's trace log for admins: GetTraceLog pages, newest line first, continued backwards
// with the `before` offset the service hands out; the level/category filter is the service's.
import type { TraceCategory, TraceLineLevel, TraceLogLine } from '../../shared/messages.js';
import type { AppConnection } from './connection.js';

export const TRACE_PAGE = 200;

export interface TraceFilter { level?: TraceLineLevel; category?: TraceCategory }

export class TraceLog {
  lines: TraceLogLine[] = [];
  /** where the next older page ends; null: the start of the file is shown */
  before: number | null = null;
  /** bytes of trace.log when last loaded */
  size = 0;
  loading = false;
  error: unknown = null;
  filter: TraceFilter = {};
  private generation = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly conn: Pick<AppConnection, 'request'>) {}

  onChange(l: () => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  /** The newest lines (a new filter starts over). */
  async load(filter: TraceFilter = this.filter): Promise<void> {
    this.filter = filter;
    const gen = ++this.generation;
    this.loading = true;
    this.error = null;
    this.changed();
    try {
      const r = await this.conn.request({ mt: 'GetTraceLog', ...filter, limit: TRACE_PAGE });
      if (gen !== this.generation) return;
      this.lines = r.lines;
      this.before = r.before;
      this.size = r.size;
    } catch (e) {
      if (gen === this.generation) { this.error = e; this.lines = []; this.before = null; }
    } finally {
      if (gen === this.generation) { this.loading = false; this.changed(); }
    }
  }

  /** The page before the oldest line shown. */
  async loadOlder(): Promise<void> {
    if (this.before === null || this.loading) return;
    const gen = this.generation;
    this.loading = true;
    this.changed();
    try {
      const r = await this.conn.request({ mt: 'GetTraceLog', ...this.filter, before: this.before, limit: TRACE_PAGE });
      if (gen !== this.generation) return;
      this.lines = this.lines.concat(r.lines);
      this.before = r.before;
    } catch (e) {
      if (gen === this.generation) this.error = e;
    } finally {
      if (gen === this.generation) { this.loading = false; this.changed(); }
    }
  }

  private changed(): void { for (const l of this.listeners) l(); }
}
