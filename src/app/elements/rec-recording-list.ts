import { LitElement, css, html, type PropertyValues } from 'lit';
import type { RecordingInfo } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { RecordingSelection } from '../services/recording-selection.js';
import { emitView } from './events.js';
import { formatTime } from './rec-waveform.js';

export const ROW_HEIGHT = 44;
const OVERSCAN = 6;

/**
 * Virtualized recording list: only the rows in view (plus a few) exist in the DOM, so 100,000
 * items scroll as smoothly as 100. Arrow keys / Home / End move the selection, Enter opens.
 * With a `selection`: Ctrl/Cmd+click or Ctrl+Space toggles a row, Shift+click / Shift+arrows
 * select a range, Ctrl+A selects every loaded row, Escape clears; the row checkboxes do the same
 * for mouse and touch.
 * @fires rec-select
 * @fires rec-more  the last loaded row came into view and the server has more
 */
export class RecRecordingList extends LitElement {
  static override properties = {
    items: { attribute: false }, selectedId: { attribute: false }, more: { type: Boolean }, admin: { type: Boolean, reflect: true },
    selection: { attribute: false }, picks: { state: true },
    scrollTop: { state: true }, viewHeight: { state: true }, activeIndex: { state: true },
  };
  declare items: RecordingInfo[];
  declare selectedId: string | null;
  declare more: boolean;
  /** adds the owner column */
  declare admin: boolean;
  declare scrollTop: number;
  declare viewHeight: number;
  declare activeIndex: number;
  /** multi-select model shared with the view; null = single selection only */
  declare selection: RecordingSelection | null;
  /** bumped when the selection changed */
  declare picks: number;
  private offSelection: (() => void) | null = null;
  /** the open row already joined the multi-selection once since it was opened */
  private openJoined = false;
  private resize: ResizeObserver | null = null;

  constructor() {
    super();
    new LocaleController(this);
    this.items = [];
    this.selectedId = null;
    this.more = false;
    this.admin = false;
    this.scrollTop = 0;
    this.viewHeight = 600;
    this.activeIndex = 0;
    this.selection = null;
    this.picks = 0;
  }

  static override styles = css`
    :host { display: flex; flex-direction: column; min-height: 0; }
    .head, .row { display: grid; grid-template-columns: 1.2rem 8.5rem 2.2rem minmax(8rem, 1fr) var(--owner-col, 0) 4rem 6rem;
      align-items: center; gap: .5rem; padding: 0 .6rem; }
    :host([admin]) .head, :host([admin]) .row { --owner-col: minmax(6rem, .7fr); }
    .head { font-size: .75em; color: var(--rec-muted, #666); height: 1.8rem; border-bottom: 1px solid var(--rec-border, #ccc); }
    .scroller { flex: 1; overflow-y: auto; position: relative; outline: none; min-height: 8rem; }
    .scroller:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); outline-offset: -2px; }
    .spacer { position: relative; }
    .row { position: absolute; left: 0; right: 0; height: ${ROW_HEIGHT}px; box-sizing: border-box; cursor: pointer;
      border-bottom: 1px solid var(--rec-border, #eee); }
    .row:hover { background: var(--rec-row-hover, #f3f3f3); }
    .row[aria-selected=true] { background: var(--rec-row-sel, #d6e7fb); }
    .row.active { box-shadow: inset 3px 0 0 var(--rec-accent, #1a73e8); }
    .cell { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .sub { display: block; font-size: .78em; color: var(--rec-muted, #666); }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .flags { font-size: .72em; display: flex; gap: .2rem; flex-wrap: wrap; }
    .flag { border: 1px solid currentColor; border-radius: 3px; padding: 0 .2rem; color: var(--rec-muted, #666); }
    .flag.protected { color: var(--rec-accent, #1a73e8); }
    .flag.incomplete, .flag.unlicensed { color: var(--rec-error, #b3261e); }
    .empty { padding: 1rem; color: var(--rec-muted, #666); }
    .pick { margin: 0; width: 1rem; height: 1rem; accent-color: var(--rec-accent, #1a73e8); }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize = new ResizeObserver(() => {
      const s = this.scroller;
      if (s) this.viewHeight = s.clientHeight;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.offSelection?.();
    this.offSelection = null;
  }

  protected override firstUpdated(): void {
    if (this.scroller) { this.resize?.observe(this.scroller); this.viewHeight = this.scroller.clientHeight || 600; }
  }

  private get scroller(): HTMLElement | null { return this.renderRoot.querySelector('.scroller'); }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('selection')) {
      this.offSelection?.();
      this.offSelection = this.selection?.onChange(() => { this.picks++; }) ?? null;
    }
    if (changed.has('items') || changed.has('selectedId')) {
      const i = this.selectedId ? this.items.findIndex((x) => x.id === this.selectedId) : -1;
      if (i >= 0) this.activeIndex = i;
      this.activeIndex = Math.max(0, Math.min(this.activeIndex, this.items.length - 1));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Opened from elsewhere (the player's next/previous): bring the row into view.
    if (changed.has('selectedId') && this.selectedId !== null && changed.get('selectedId') !== undefined) this.revealRow(this.activeIndex);
    if (changed.has('selectedId')) this.openJoined = false;
    const last = Math.floor((this.scrollTop + this.viewHeight) / ROW_HEIGHT);
    if (this.more && this.items.length > 0 && last >= this.items.length - OVERSCAN) {
      this.dispatchEvent(new CustomEvent('rec-more', { bubbles: true, composed: true }));
    }
  }

  override render() {
    const n = this.items.length;
    const first = Math.max(0, Math.floor(this.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(n, Math.ceil((this.scrollTop + this.viewHeight) / ROW_HEIGHT) + OVERSCAN);
    const rows = [];
    for (let i = first; i < last; i++) rows.push(this.row(this.items[i]!, i));
    const active = this.items[this.activeIndex];
    return html`
      <div class="head" aria-hidden="true"><span></span><span>${t('colDate')}</span><span>${t('colDir')}</span><span>${t('colRemote')}</span>
        <span>${this.admin ? t('colOwner') : ''}</span><span class="num">${t('colLength')}</span><span>${t('colFlags')}</span></div>
      <div class="scroller" tabindex="0" role="listbox" aria-label=${t('recordings')} aria-rowcount=${n}
        aria-multiselectable=${this.selection ? 'true' : 'false'} aria-description=${this.selection ? t('sel.hint') : ''}
        aria-activedescendant=${active ? `row-${active.id}` : ''}
        @scroll=${this.onScroll} @keydown=${this.onKey}>
        ${n === 0 ? html`<div class="empty">${t('empty')}</div>` : ''}
        <div class="spacer" style="height:${n * ROW_HEIGHT}px">${rows}</div>
      </div>`;
  }

  private row(r: RecordingInfo, i: number) {
    const remote = r.remoteName ?? r.remoteNumber ?? t('unknownParty');
    const sub = r.remoteName && r.remoteNumber ? r.remoteNumber : '';
    const arrow = r.direction === 'in' ? '↙' : r.direction === 'out' ? '↗' : '·';
    const dirText = t(r.direction === 'in' ? 'dirIn' : r.direction === 'out' ? 'dirOut' : 'dirUnknown');
    const sel = this.selection;
    const picked = sel !== null && sel.has(r.id);
    const selected = sel !== null && sel.size > 0 ? picked : r.id === this.selectedId;
    return html`<div class="row ${i === this.activeIndex ? 'active' : ''}" id=${`row-${r.id}`} role="option"
        aria-selected=${selected ? 'true' : 'false'} aria-posinset=${i + 1} aria-setsize=${this.items.length}
        data-id=${r.id} data-picked=${picked ? 'true' : 'false'} style="top:${i * ROW_HEIGHT}px" @click=${(e: MouseEvent) => this.onRowClick(i, e)}>
      <span>${sel ? html`<input class="pick" type="checkbox" tabindex="-1" .checked=${picked} aria-label=${t('sel.checkbox', remote)}
        @click=${(e: MouseEvent) => { e.stopPropagation(); this.togglePick(i); }}>` : ''}</span>
      <span class="cell">${formatDateTime(r.startTime)}</span>
      <span class="cell" title=${dirText} aria-label=${dirText}>${arrow}</span>
      <span class="cell">${remote}${sub ? html`<span class="sub">${sub}</span>` : ''}</span>
      <span class="cell">${this.admin ? (r.ownerName ?? r.ownerSip ?? '—') : ''}</span>
      <span class="cell num">${formatTime(r.durationMs / 1000)}</span>
      <span class="flags">${r.protected ? html`<span class="flag protected">${t('protectedMark')}</span>` : ''}${
        !r.complete ? html`<span class="flag incomplete">${t('incompleteMark')}</span>` : ''}${
        !r.licensed ? html`<span class="flag unlicensed">${t('unlicensedMark')}</span>` : ''}${
        r.note ? html`<span class="flag">${t('noteMark')}</span>` : ''}</span>
    </div>`;
  }

  private onRowClick(i: number, e: MouseEvent): void {
    const sel = this.selection;
    const ctrl = e.ctrlKey || e.metaKey;
    if (sel && (ctrl || e.shiftKey)) {
      this.activeIndex = i;
      this.includeOpen();
      sel.pick(this.items, i, { ctrl, shift: e.shiftKey });
      return;
    }
    sel?.clear();
    if (sel) sel.anchor = this.items[i]?.id ?? null;
    this.openJoined = false;
    this.select(i);
  }

  private togglePick(i: number): void {
    const r = this.items[i];
    if (!r || !this.selection) return;
    this.activeIndex = i;
    // Its checkbox is unchecked even when the row is open: ticking it selects it, nothing else.
    this.includeOpen(r.id);
    this.selection.toggle(r.id);
  }

  /**
   * The first Ctrl pick after opening a row adds to what the user sees as selected: the open
   * recording (once; after that the selection is only what was picked).
   */
  private includeOpen(except?: string): void {
    const sel = this.selection;
    if (!sel || this.openJoined || sel.size > 0 || this.selectedId === null) return;
    this.openJoined = true;
    if (this.selectedId === except) return;
    const open = this.items.findIndex((x) => x.id === this.selectedId);
    if (open >= 0) sel.pick(this.items, open, { ctrl: true });
  }

  private select(i: number): void {
    const r = this.items[i];
    if (!r) return;
    this.activeIndex = i;
    emitView(this, 'rec-select', { id: r.id });
  }

  private onScroll = (e: Event): void => {
    this.scrollTop = (e.target as HTMLElement).scrollTop;
  };

  private onKey = (e: KeyboardEvent): void => {
    const n = this.items.length;
    if (n === 0) return;
    const page = Math.max(1, Math.floor(this.viewHeight / ROW_HEIGHT) - 1);
    const sel = this.selection;
    const ctrl = e.ctrlKey || e.metaKey;
    if (sel && ctrl && (e.key === 'a' || e.key === 'A')) { e.preventDefault(); sel.selectAll(this.items); return; }
    if (sel && ctrl && e.key === ' ') { e.preventDefault(); this.togglePick(this.activeIndex); return; }
    if (sel && e.key === 'Escape' && sel.size > 0) { e.preventDefault(); sel.clear(); return; }
    let i = this.activeIndex;
    if (e.key === 'ArrowDown') i++;
    else if (e.key === 'ArrowUp') i--;
    else if (e.key === 'PageDown') i += page;
    else if (e.key === 'PageUp') i -= page;
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = n - 1;
    else if (e.key === 'Enter' || e.key === ' ') { this.select(i); e.preventDefault(); return; }
    else return;
    e.preventDefault();
    const from = this.activeIndex;
    this.activeIndex = Math.max(0, Math.min(n - 1, i));
    if (sel && e.shiftKey) {
      // A keyboard range starts where the cursor was when Shift was first used.
      if (sel.anchor === null || !this.items.some((x) => x.id === sel.anchor)) sel.anchor = this.items[from]?.id ?? null;
      sel.pick(this.items, this.activeIndex, { shift: true, ctrl });
    }
    this.revealRow(this.activeIndex);
  };

  /** Scrolls so row i is visible (virtual rows may not exist yet, so by arithmetic). */
  revealRow(i: number): void {
    const s = this.scroller;
    if (!s) return;
    const top = i * ROW_HEIGHT;
    if (top < s.scrollTop) s.scrollTop = top;
    else if (top + ROW_HEIGHT > s.scrollTop + s.clientHeight) s.scrollTop = top + ROW_HEIGHT - s.clientHeight;
    this.scrollTop = s.scrollTop;
  }
}
customElements.define('rec-recording-list', RecRecordingList);

declare global {
  interface HTMLElementTagNameMap { 'rec-recording-list': RecRecordingList }
  interface HTMLElementEventMap { 'rec-more': CustomEvent<void> }
}
