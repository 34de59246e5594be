// The admin's recycle bin: pages of ListRecycleBin, restore and purge, kept live by the
// subscription's pushes (admins get RecordingUpdated with state "deleted" when anyone recycles a
// recording, "active" after a restore, RecordingDeleted{purged} when it is gone for good).
import type { Push, RecordingInfo } from '../../shared/messages.js';
import { PagedLog } from './admin-model.js';
import type { AppConnection } from './connection.js';

export const BIN_PAGE = 100;

/** Newest deletion first, the order an admin looks for "what was just deleted". */
function byDeletedDesc(a: RecordingInfo, b: RecordingInfo): number {
  return (b.deletedAt ?? 0) - (a.deletedAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class RecycleBin extends PagedLog<null> {
  items: RecordingInfo[] = [];
  more = false;
  private cursor: string | null = null;
  private readonly offs: (() => void)[] = [];

  constructor(private readonly conn: Pick<AppConnection, 'request' | 'onPush' | 'onReady'>) {
    super(null);
    this.offs.push(conn.onPush((p) => this.apply(p)));
    // After a reconnect what was recycled meanwhile was not pushed to us.
    this.offs.push(conn.onReady(() => void this.load()));
  }

  dispose(): void { for (const o of this.offs) o(); this.offs.length = 0; }

  /** The newest page; a failure keeps what is shown (the bin is still what it was). */
  load(): Promise<void> {
    return this.loadFirst(null, () => this.conn.request({ mt: 'ListRecycleBin', limit: BIN_PAGE }), (r) => {
      this.items = [...r.items].sort(byDeletedDesc);
      this.more = r.more;
      this.cursor = r.cursor;
    }, () => {});
  }

  async loadMore(): Promise<void> {
    const cursor = this.cursor;
    if (!this.more || this.loading || !cursor) return;
    await this.loadNext(() => this.conn.request({ mt: 'ListRecycleBin', limit: BIN_PAGE, cursor }), (r) => {
      const have = new Set(this.items.map((x) => x.id));
      this.items = this.items.concat(r.items.filter((x) => !have.has(x.id)));
      this.more = r.more;
      this.cursor = r.cursor;
    });
  }

  /** Throws the service's refusal; on success the recording is back in the users' lists. */
  async restore(id: string): Promise<RecordingInfo> {
    const r = await this.conn.request({ mt: 'RestoreRecording', id });
    this.drop(id);
    return r.recording;
  }

  async purge(id: string): Promise<void> {
    await this.conn.request({ mt: 'PurgeRecording', id });
    this.drop(id);
  }

  private drop(id: string): void {
    const next = this.items.filter((x) => x.id !== id);
    if (next.length !== this.items.length) { this.items = next; this.changed(); }
  }

  private apply(p: Push): void {
    if (p.mt === 'RecordingDeleted') { this.drop(p.id); return; }
    const r = p.recording;
    if (r.state !== 'deleted') { this.drop(r.id); return; }
    const rest = this.items.filter((x) => x.id !== r.id);
    // A paged bin shows the newest deletions; a push is the newest there is.
    this.items = [...rest, r].sort(byDeletedDesc);
    this.changed();
  }
}
