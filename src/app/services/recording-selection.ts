// Multi-select over the list's current rows, with the desktop conventions users expect from file
// managers: click = only this one, Ctrl/Cmd+click = toggle, Shift+click = range from the anchor
// (Ctrl+Shift adds the range). Ids, not indexes, are kept so live pushes that move rows do not
// change what the user picked; ids no longer in the list are dropped by `retain`.
import type { RecordingInfo } from '../../shared/messages.js';

export interface PickModifiers { ctrl?: boolean; shift?: boolean }

export class RecordingSelection {
  private ids = new Set<string>();
  /** where a Shift range starts: the last row picked without Shift */
  anchor: string | null = null;
  private readonly listeners = new Set<() => void>();

  onChange(l: () => void): () => void { this.listeners.add(l); return () => this.listeners.delete(l); }

  get size(): number { return this.ids.size; }

  has(id: string): boolean { return this.ids.has(id); }

  /** The selected ids in list order (what bulk actions and playlists use). */
  ordered(items: readonly RecordingInfo[]): string[] {
    const out: string[] = [];
    for (const r of items) if (this.ids.has(r.id)) out.push(r.id);
    return out;
  }

  /** A pick by mouse or keyboard on row `index` of `items`. */
  pick(items: readonly RecordingInfo[], index: number, mod: PickModifiers = {}): void {
    const r = items[index];
    if (!r) return;
    if (mod.shift) {
      const from = this.anchor === null ? -1 : items.findIndex((x) => x.id === this.anchor);
      const start = from < 0 ? index : from;
      const [lo, hi] = start <= index ? [start, index] : [index, start];
      if (!mod.ctrl) this.ids.clear();
      for (let i = lo; i <= hi; i++) this.ids.add(items[i]!.id);
      if (from < 0) this.anchor = r.id;
    } else if (mod.ctrl) {
      if (this.ids.has(r.id)) this.ids.delete(r.id);
      else this.ids.add(r.id);
      this.anchor = r.id;
    } else {
      this.ids.clear();
      this.ids.add(r.id);
      this.anchor = r.id;
    }
    this.changed();
  }

  /** Toggles one row without touching the others (its checkbox). */
  toggle(id: string): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.anchor = id;
    this.changed();
  }

  selectAll(items: readonly RecordingInfo[]): void {
    this.ids = new Set(items.map((r) => r.id));
    this.changed();
  }

  clear(): void {
    if (this.ids.size === 0 && this.anchor === null) return;
    this.ids.clear();
    this.anchor = null;
    this.changed();
  }

  /** Drops ids that left the list (filter changed, deleted elsewhere). */
  retain(items: readonly RecordingInfo[]): void {
    if (this.ids.size === 0) return;
    const present = new Set(items.map((r) => r.id));
    let dropped = false;
    for (const id of this.ids) if (!present.has(id)) { this.ids.delete(id); dropped = true; }
    if (this.anchor !== null && !present.has(this.anchor)) this.anchor = null;
    if (dropped) this.changed();
  }

  remove(ids: Iterable<string>): void {
    let dropped = false;
    for (const id of ids) dropped = this.ids.delete(id) || dropped;
    if (dropped) this.changed();
  }

  private changed(): void { for (const l of this.listeners) l(); }
}
