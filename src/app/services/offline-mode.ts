// Online/offline state of the myApps view and what changes with it:
// - offline = the connection is down after a failed attempt (it keeps reconnecting on its own) or
//   the browser says it has no network; the first successful login makes the view online again;
// - while offline the list shows the recordings cached on this device (idb metadata), under the
//   list's current filter and order; back online the list reloads itself from the service;
// - cached metadata follows the service's pushes, and a recording deleted there leaves the cache.
import type { Push } from '../../shared/messages.js';
import type { AppConnection, ConnectionStatus } from './connection.js';
import { offlineCache, rememberScope, type OfflineCache } from './offline-cache.js';
import type { RecordingList } from './recording-list.js';

export interface NetworkSignal {
  readonly onLine: boolean;
  listen(l: () => void): () => void;
}

const browserNetwork: NetworkSignal = {
  get onLine() { return navigator.onLine; },
  listen(l) {
    window.addEventListener('online', l);
    window.addEventListener('offline', l);
    return () => { window.removeEventListener('online', l); window.removeEventListener('offline', l); };
  },
};

/** Offline by the connection's state alone (the browser's network flag is added by OfflineMode). */
export function connectionOffline(s: ConnectionStatus): boolean {
  if (s.phase === 'connected') return false;
  // Opened outside myApps: no login can ever come, that is not "offline".
  if (s.problem === 'no-parent') return false;
  return s.problem !== null;
}

export class OfflineMode {
  offline = false;
  private list: RecordingList | null = null;
  private appliedQuery = '';
  private readonly offs: (() => void)[] = [];
  private readonly listeners = new Set<(offline: boolean) => void>();

  constructor(readonly connection: AppConnection, readonly cache: OfflineCache = offlineCache(), private readonly net: NetworkSignal = browserNetwork) {
    this.offs.push(connection.onChange(() => this.evaluate()));
    this.offs.push(net.listen(() => this.evaluate()));
    this.offs.push(connection.onReady(() => {
      const u = connection.status.user;
      if (u) rememberScope(cache, `${u.app}|${u.sip}`);
    }));
    this.offs.push(connection.onPush((p) => void this.follow(p)));
    this.offs.push(cache.onChange(() => { if (this.offline) void this.feed(); }));
    this.evaluate();
  }

  onChange(l: (offline: boolean) => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  /** The list to fill from the cache while offline. */
  attachList(list: RecordingList): void {
    this.list = list;
    this.offs.push(list.onChange(() => {
      if (!this.offline || list.loading) return;
      // A new filter (its request failed while offline) or a failed reload: show the cache again.
      if (list.error || JSON.stringify(list.query) !== this.appliedQuery) void this.feed();
    }));
    if (this.offline) void this.feed();
  }

  dispose(): void { for (const o of this.offs) o(); this.offs.length = 0; }

  private evaluate(): void {
    const offline = !this.net.onLine && !this.connection.connected ? true : connectionOffline(this.connection.status);
    if (offline === this.offline) return;
    this.offline = offline;
    for (const l of this.listeners) l(offline);
    if (offline) void this.feed();
  }

  private async feed(): Promise<void> {
    const list = this.list;
    if (!list) return;
    const entries = await this.cache.entries().catch(() => []);
    if (!this.offline) return;
    this.appliedQuery = JSON.stringify(list.query);
    list.showOffline(entries.map((e) => e.recording));
  }

  private async follow(p: Push): Promise<void> {
    try {
      if (p.mt === 'RecordingDeleted') await this.cache.remove(p.id);
      else if (p.recording.state === 'deleted') await this.cache.remove(p.recording.id);
      else await this.cache.update(p.recording);
    } catch {
      // The cache is a convenience: a failed bookkeeping write must not disturb the live view.
    }
  }
}

const modes = new WeakMap<AppConnection, OfflineMode>();

/** The one OfflineMode of a connection (indicator, toggle, player and list share it). */
export function offlineModeFor(connection: AppConnection): OfflineMode {
  let m = modes.get(connection);
  if (!m) { m = new OfflineMode(connection); modes.set(connection, m); }
  return m;
}
