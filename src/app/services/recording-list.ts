// The list view's data: one filter/sort, pages fetched with ListRecordings (`more` + cursor), and the
// SubscribeRecordings pushes applied so the list stays live without reloading. The match and order
// rules mirror the server's (docs/protocol.md ListRecordings) so a pushed recording lands where a
// reload would put it.
import type { Push, RecordingFilterMsg, RecordingInfo, SortKey } from '../../shared/messages.js';
import type { AppConnection } from './connection.js';

export interface ListQuery {
  filter: RecordingFilterMsg;
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export const PAGE_SIZE = 200;

export function matchesFilter(r: RecordingInfo, f: RecordingFilterMsg): boolean {
  if (r.state !== 'active') return false;
  if (f.from !== undefined && r.startTime < f.from) return false;
  if (f.to !== undefined && r.startTime >= f.to) return false;
  if (f.direction !== undefined && r.direction !== f.direction) return false;
  if (f.owner && r.ownerSip !== f.owner && r.ownerNumber !== f.owner) return false;
  if (f.text) {
    const needle = f.text.toLowerCase();
    const hay = [r.fileName, r.regName, r.ownerSip, r.ownerNumber, r.ownerName, r.remoteNumber, r.remoteName];
    if (!hay.some((h) => h !== null && h.toLowerCase().includes(needle))) return false;
  }
  return true;
}

function sortValue(r: RecordingInfo, k: SortKey): number | string {
  switch (k) {
    case 'startTime': return r.startTime;
    case 'duration': return r.durationMs;
    case 'owner': return (r.ownerName ?? r.ownerSip ?? '').toLowerCase();
    case 'remote': return (r.remoteName ?? r.remoteNumber ?? '').toLowerCase();
    case 'fileName': return r.fileName.toLowerCase();
  }
}

export function compareRecordings(q: Pick<ListQuery, 'sort' | 'dir'>): (a: RecordingInfo, b: RecordingInfo) => number {
  const sign = q.dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = sortValue(a, q.sort), y = sortValue(b, q.sort);
    if (x < y) return -sign;
    if (x > y) return sign;
    return a.id < b.id ? -sign : a.id > b.id ? sign : 0;
  };
}

export class RecordingList {
  query: ListQuery = { filter: {}, sort: 'startTime', dir: 'desc' };
  items: RecordingInfo[] = [];
  more = false;
  loading = false;
  error: unknown = null;
  private cursor: string | null = null;
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly offs: (() => void)[] = [];

  constructor(private readonly conn: AppConnection) {
    this.offs.push(conn.onPush((p) => this.apply(p)));
    this.offs.push(conn.onReady(() => void this.resubscribe()));
  }

  onChange(l: () => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  dispose(): void { for (const o of this.offs) o(); }

  /** New filter or order: the list is fetched again from the first page. */
  async setQuery(q: Partial<ListQuery>): Promise<void> {
    this.query = { ...this.query, ...q, filter: { ...(q.filter ?? this.query.filter) } };
    await this.reload();
  }

  async reload(): Promise<void> {
    const gen = ++this.generation;
    this.loading = true;
    this.error = null;
    this.changed();
    try {
      const r = await this.conn.request({ mt: 'ListRecordings', ...this.pageQuery(), limit: PAGE_SIZE });
      if (gen !== this.generation) return;
      this.items = r.items.filter((x) => matchesFilter(x, this.query.filter));
      this.more = r.more;
      this.cursor = r.cursor;
    } catch (e) {
      if (gen === this.generation) this.error = e;
    } finally {
      if (gen === this.generation) { this.loading = false; this.changed(); }
    }
  }

  async loadMore(): Promise<void> {
    if (!this.more || this.loading || !this.cursor) return;
    const gen = this.generation;
    this.loading = true;
    this.changed();
    try {
      const r = await this.conn.request({ mt: 'ListRecordings', ...this.pageQuery(), limit: PAGE_SIZE, cursor: this.cursor });
      if (gen !== this.generation) return;
      const have = new Set(this.items.map((x) => x.id));
      this.items = this.items.concat(r.items.filter((x) => !have.has(x.id)));
      this.more = r.more;
      this.cursor = r.cursor;
    } catch (e) {
      if (gen === this.generation) this.error = e;
    } finally {
      if (gen === this.generation) { this.loading = false; this.changed(); }
    }
  }

  /**
   * Fetches every remaining page of the query ("select all in filter", a playlist of everything).
   * Stops on an error (kept in `error`) or when `signal` aborts.
   */
  async loadAll(onProgress: (loaded: number) => void = () => undefined, signal?: AbortSignal): Promise<void> {
    while (this.more && !signal?.aborted) {
      const before = this.items.length;
      await this.loadMore();
      onProgress(this.items.length);
      if (this.error || this.items.length === before) break;
    }
  }

  get(id: string): RecordingInfo | undefined { return this.items.find((x) => x.id === id); }

  /** Offline: shows the given (cached) recordings under the current filter and order; no paging. */
  showOffline(all: RecordingInfo[]): void {
    this.generation++;
    this.items = all.filter((x) => matchesFilter(x, this.query.filter)).sort(compareRecordings(this.query));
    Object.assign(this, { more: false, cursor: null, loading: false, error: null });
    this.changed();
  }

  /** Replaces one item after a request returned its new state (protect, note). */
  upsert(r: RecordingInfo): void { this.apply({ mt: 'RecordingUpdated', recording: r }); }

  remove(id: string): void { this.apply({ mt: 'RecordingDeleted', id, purged: false }); }

  private pageQuery() {
    const f = this.query.filter;
    const filter = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as RecordingFilterMsg;
    return { filter, sort: this.query.sort, dir: this.query.dir };
  }

  private async resubscribe(): Promise<void> {
    // After a reconnect the server has forgotten us (no session resumption): subscribe, then reload
    // so what was pushed while we were away is not missed.
    try {
      await this.conn.request({ mt: 'SubscribeRecordings' });
    } catch (e) {
      this.error = e;
    }
    await this.reload();
  }

  private apply(p: Push): void {
    const i = this.items.findIndex((x) => x.id === (p.mt === 'RecordingDeleted' ? p.id : p.recording.id));
    if (p.mt === 'RecordingDeleted') {
      if (i < 0) return;
      this.items = this.items.slice(0, i).concat(this.items.slice(i + 1));
      this.changed();
      return;
    }
    const r = p.recording;
    const next = i >= 0 ? this.items.slice(0, i).concat(this.items.slice(i + 1)) : this.items;
    if (!matchesFilter(r, this.query.filter)) {
      if (i >= 0) { this.items = next; this.changed(); }
      return;
    }
    const cmp = compareRecordings(this.query);
    // Beyond the last loaded row of a paged list it belongs to a page not fetched yet.
    const last = next[next.length - 1];
    if (this.more && last && cmp(r, last) > 0) {
      if (i >= 0) { this.items = next; this.changed(); }
      return;
    }
    let lo = 0, hi = next.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cmp(next[mid]!, r) <= 0) lo = mid + 1; else hi = mid; }
    this.items = next.slice(0, lo).concat([r], next.slice(lo));
    this.changed();
  }

  private changed(): void { for (const l of this.listeners) l(); }
}
