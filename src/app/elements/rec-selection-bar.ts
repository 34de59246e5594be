import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../i18n/i18n.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { deleteMany, type BulkFailure } from '../services/recording-bulk.js';
import type { RecordingList } from '../services/recording-list.js';
import type { RecordingSelection } from '../services/recording-selection.js';

type Busy = { kind: 'all'; loaded: number } | { kind: 'delete' | 'zip'; done: number; total: number };

/**
 * The bulk actions over the list's multi-selection: select everything the filter matches (loading
 * the remaining pages first), download the selection as one ZIP, delete it after a confirmation
 * (each refusal listed with its reason), clear. Shown above the list.
 */
export class RecSelectionBar extends LitElement {
  static override properties = {
    connection: { attribute: false }, list: { attribute: false }, selection: { attribute: false },
    revision: { state: true }, busy: { state: true }, message: { state: true }, failures: { state: true }, error: { state: true },
  };
  declare connection: AppConnection | null;
  declare list: RecordingList | null;
  declare selection: RecordingSelection | null;
  declare revision: number;
  declare busy: Busy | null;
  /** outcome of the last bulk action */
  declare message: string;
  declare failures: BulkFailure[];
  declare error: { code: string; text: string } | null;
  private off: (() => void) | null = null;
  private offList: (() => void) | null = null;
  private abort: AbortController | null = null;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, list: null, selection: null, revision: 0, busy: null, message: '', failures: [], error: null });
  }

  static override styles = css`
    :host { display: block; font-size: .85em; }
    .bar { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; padding: .25rem .6rem; }
    .bar.active { background: var(--rec-row-sel, #d6e7fb); }
    button { font: inherit; padding: .1rem .55rem; border-radius: 4px; border: 1px solid var(--rec-border, #888);
      background: var(--rec-button, transparent); color: inherit; cursor: pointer; }
    button:disabled { opacity: .5; cursor: default; }
    button:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
    .sel-count { font-weight: 600; }
    .msg { padding: .2rem .6rem; }
    .err, .fail { color: var(--rec-error, #b3261e); }
    ul { margin: .1rem 0 .3rem 1.6rem; padding: 0; }
    dialog { background: var(--rec-panel, #fff); color: var(--rec-fg, inherit); border: 1px solid var(--rec-border, #ccc); border-radius: 8px; }
    dialog .buttons { display: flex; gap: .5rem; justify-content: flex-end; margin-top: .8rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this.follow();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('selection') || changed.has('list')) this.follow();
  }

  /** The list and selection objects stay the same while their contents change: listen to both. */
  private follow(): void {
    this.off?.();
    this.offList?.();
    this.off = this.selection?.onChange(() => { this.revision++; }) ?? null;
    this.offList = this.list?.onChange(() => { this.revision++; }) ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.offList?.();
    this.off = null;
    this.offList = null;
    this.abort?.abort();
  }

  override render() {
    const sel = this.selection;
    const list = this.list;
    if (!sel || !list) return '';
    const n = sel.size;
    const b = this.busy;
    return html`
      <div class="bar ${n > 0 ? 'active' : ''}" role="toolbar" aria-label=${t('sel.count', n)}>
        ${n > 0 ? html`<span class="sel-count" role="status">${t('sel.count', n)}</span>` : ''}
        <button data-action="select-all" ?disabled=${b !== null || list.items.length === 0} @click=${this.selectAll}>${t('sel.all')}</button>
        ${n > 0 ? html`
          <button data-action="zip" ?disabled=${b !== null} @click=${this.downloadZip}>${t('sel.download')}</button>
          <button data-action="delete" ?disabled=${b !== null} @click=${this.askDelete}>${t('sel.delete')}</button>
          <button data-action="clear" ?disabled=${b !== null} @click=${() => sel.clear()}>${t('sel.clear')}</button>` : ''}
        ${b ? html`<span role="status">${b.kind === 'all' ? t('sel.allLoading', b.loaded)
          : b.kind === 'delete' ? t('sel.deleting', b.done, b.total) : t('sel.downloading', Math.floor(b.done), b.total)}</span>
          <progress max=${b.kind === 'all' ? 1 : b.total} value=${b.kind === 'all' ? 0 : b.done} aria-hidden="true"></progress>
          <button @click=${() => this.abort?.abort()}>${t('cancel')}</button>` : ''}
      </div>
      ${this.message ? html`<div class="msg" role="status">${this.message}</div>` : ''}
      ${this.error ? html`<div class="msg err" role="alert" data-code=${this.error.code}>${this.error.text}</div>` : ''}
      ${this.failures.length > 0 ? html`<ul class="fail" role="alert">${this.failures.map((f) =>
        html`<li data-id=${f.id} data-code=${f.code}>${t('sel.itemError', this.label(f.id), f.text)}</li>`)}</ul>` : ''}
      <dialog aria-labelledby="bulk-confirm">
        <p id="bulk-confirm">${t('sel.deleteConfirm', n)}</p>
        <p>${t('deleteRecoverable')}</p>
        <div class="buttons">
          <button @click=${() => this.dialog?.close()}>${t('cancel')}</button>
          <button data-action="confirm-delete" @click=${this.confirmDelete}>${t('confirm')}</button>
        </div>
      </dialog>`;
  }

  private get dialog(): HTMLDialogElement | null { return this.renderRoot.querySelector('dialog'); }

  private label(id: string): string {
    const r = this.list?.get(id);
    return r ? (r.remoteName ?? r.remoteNumber ?? r.fileName) : id;
  }

  private reset(): void { this.message = ''; this.failures = []; this.error = null; }

  private selectAll = async (): Promise<void> => {
    const list = this.list, sel = this.selection;
    if (!list || !sel) return;
    this.reset();
    this.abort = new AbortController();
    this.busy = { kind: 'all', loaded: list.items.length };
    try {
      await list.loadAll((loaded) => { this.busy = { kind: 'all', loaded }; }, this.abort.signal);
      if (list.error) this.error = explain(list.error);
      sel.selectAll(list.items);
    } finally {
      this.busy = null;
    }
  };

  private askDelete = (): void => { this.reset(); this.dialog?.showModal(); };

  private confirmDelete = async (): Promise<void> => {
    this.dialog?.close();
    const list = this.list, sel = this.selection, conn = this.connection;
    if (!list || !sel || !conn) return;
    const ids = sel.ordered(list.items);
    this.abort = new AbortController();
    this.busy = { kind: 'delete', done: 0, total: ids.length };
    try {
      const r = await deleteMany(conn, ids, (done, total) => { this.busy = { kind: 'delete', done, total }; }, this.abort.signal);
      const gone = r.deleted.map((d) => d.id);
      // Labels of the failed ones are read before anything leaves the list.
      this.failures = r.failed;
      for (const id of gone) list.remove(id);
      sel.remove(gone);
      this.message = r.failed.length === 0 ? t('sel.deleteDone', gone.length) : t('sel.deleteSome', gone.length, r.failed.length);
      this.dispatchEvent(new CustomEvent('rec-bulk-deleted', { detail: { ids: gone }, bubbles: true, composed: true }));
    } finally {
      this.busy = null;
    }
  };

  private downloadZip = async (): Promise<void> => {
    const list = this.list, sel = this.selection, conn = this.connection;
    if (!list || !sel || !conn) return;
    this.reset();
    const recs = sel.ordered(list.items).map((id) => list.get(id)!).filter(Boolean);
    this.abort = new AbortController();
    this.busy = { kind: 'zip', done: 0, total: recs.length };
    try {
      const { downloadZipOfMany } = await import('../services/selection-download.js');
      const r = await downloadZipOfMany(conn, recs, (done, total) => { this.busy = { kind: 'zip', done, total }; }, this.abort.signal);
      this.failures = r.failed;
      this.message = r.saved > 0 ? t('sel.downloadDone', r.saved) : t('sel.downloadNone');
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.busy = null;
    }
  };
}
customElements.define('rec-selection-bar', RecSelectionBar);

declare global {
  interface HTMLElementTagNameMap { 'rec-selection-bar': RecSelectionBar }
  interface HTMLElementEventMap { 'rec-bulk-deleted': CustomEvent<{ ids: string[] }> }
}
