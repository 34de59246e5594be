import { LitElement, html } from 'lit';
import type { RecordingInfo } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import { RecycleBin } from '../services/admin-recycle-bin.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { offlineNote } from './rec-admin-offline-note.js';
import { PanelModel } from './panel-model.js';
import { adminStyles } from './rec-admin-styles.js';
import { formatTime } from './rec-waveform.js';

/**
 * Admin: the recycle bin — deleted recordings with who deleted them and when; restore, or delete
 * for good after a confirmation. Follows other admins' and users' deletions live.
 * @fires rec-changed  a restored recording (the list shows it again)
 */
export class RecAdminRecycleBin extends LitElement {
  static override properties = {
    connection: { attribute: false },
    message: { state: true }, error: { state: true }, pending: { state: true }, busyId: { state: true },
  };
  declare connection: AppConnection | null;
  declare message: string;
  declare error: { code: string; text: string } | null;
  /** the recording the purge dialog asks about */
  declare pending: RecordingInfo | null;
  declare busyId: string | null;
  private readonly panel = new PanelModel(this, { create: (c) => new RecycleBin(c), dispose: (m) => m.dispose() });
  get bin(): RecycleBin | null { return this.panel.model; }

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, message: '', error: null, pending: null, busyId: null });
  }

  static override styles = adminStyles;

  override render() {
    const bin = this.bin;
    if (!bin) return '';
    const n = bin.items.length;
    return html`
      <h2>${t('adm.bin.title')}</h2>
      <p class="intro">${t('adm.bin.intro')}</p>
      ${offlineNote(this.connection)}
      <div class="row">
        <span role="status">${bin.loading ? t('adm.loading') : bin.more ? t('adm.bin.countMore', n) : t('adm.bin.count', n)}</span>
        <button @click=${() => void bin.load()} ?disabled=${bin.loading}>${t('adm.reload')}</button>
      </div>
      ${this.message ? html`<p class="msg ok" role="status">${this.message}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert" data-code=${this.error.code}>${this.error.text}</p>` : ''}
      ${bin.error ? html`<p class="error" role="alert" data-code=${explain(bin.error).code}>${explain(bin.error).text}</p>` : ''}
      ${n === 0 && !bin.loading && !bin.error && this.connection?.connected ? html`<p class="empty">${t('adm.bin.empty')}</p>` : ''}
      ${n > 0 ? html`<table>
        <thead><tr><th scope="col">${t('adm.bin.recording')}</th><th scope="col">${t('owner')}</th>
          <th scope="col">${t('adm.bin.deletedAt')}</th><th scope="col">${t('adm.bin.actions')}</th></tr></thead>
        <tbody>${bin.items.map((r) => this.row(r))}</tbody>
      </table>` : ''}
      ${bin.more ? html`<button @click=${() => void bin.loadMore()} ?disabled=${bin.loading}>${t('adm.loadMore')}</button>` : ''}
      <dialog aria-labelledby="purge-text">
        <p id="purge-text">${this.pending ? t('adm.bin.purgeConfirm', this.label(this.pending)) : ''}</p>
        <div class="buttons">
          <button @click=${this.closeDialog}>${t('cancel')}</button>
          <button data-action="confirm-purge" @click=${this.confirmPurge}>${t('adm.bin.purge')}</button>
        </div>
      </dialog>`;
  }

  private label(r: RecordingInfo): string {
    return `${r.remoteName ?? r.remoteNumber ?? t('unknownParty')} · ${formatDateTime(r.startTime)}`;
  }

  private row(r: RecordingInfo) {
    const busy = this.busyId === r.id;
    return html`<tr data-id=${r.id}>
      <td>${r.remoteName ?? r.remoteNumber ?? t('unknownParty')}<span class="sub">${formatDateTime(r.startTime)} · ${formatTime(r.durationMs / 1000)} · ${r.fileName}</span></td>
      <td>${r.ownerName ?? r.ownerSip ?? '—'}${r.ownerNumber ? html`<span class="sub">${r.ownerNumber}</span>` : ''}</td>
      <td>${r.deletedAt !== null ? formatDateTime(r.deletedAt) : '—'}${r.deletedBy ? html`<span class="sub">${t('adm.bin.deletedBy')} ${r.deletedBy}</span>` : ''}</td>
      <td class="actions">
        <button data-action="restore" ?disabled=${busy} aria-label=${`${t('adm.bin.restore')}: ${this.label(r)}`} @click=${() => void this.restore(r)}>${t('adm.bin.restore')}</button>
        <button data-action="purge" ?disabled=${busy} aria-label=${`${t('adm.bin.purge')}: ${this.label(r)}`} @click=${() => this.askPurge(r)}>${t('adm.bin.purge')}</button>
      </td>
    </tr>`;
  }

  /**
   * The row whose button had focus is gone: keep keyboard users in the table (the row that took
   * its place, else the one above, else the Reload button).
   */
  private async refocus(index: number): Promise<void> {
    await this.updateComplete;
    const rows = this.renderRoot.querySelectorAll('tbody tr');
    const row = rows[Math.min(index, rows.length - 1)];
    const target = (row?.querySelector('button') ?? this.renderRoot.querySelector('.row button')) as HTMLElement | null;
    target?.focus();
  }

  private async restore(r: RecordingInfo): Promise<void> {
    if (!this.bin) return;
    const index = this.bin.items.indexOf(r);
    this.message = '';
    this.error = null;
    this.busyId = r.id;
    try {
      const back = await this.bin.restore(r.id);
      this.message = t('adm.bin.restored', this.label(back));
      this.dispatchEvent(new CustomEvent('rec-changed', { detail: { recording: back }, bubbles: true, composed: true }));
      void this.refocus(index);
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.busyId = null;
    }
  }

  private get dialog(): HTMLDialogElement | null { return this.renderRoot.querySelector('dialog'); }

  private askPurge(r: RecordingInfo): void {
    this.message = '';
    this.error = null;
    this.pending = r;
    this.dialog?.showModal();
  }

  private closeDialog = (): void => { this.dialog?.close(); this.pending = null; };

  private confirmPurge = async (): Promise<void> => {
    const r = this.pending;
    this.closeDialog();
    if (!r || !this.bin) return;
    const index = this.bin.items.indexOf(r);
    this.busyId = r.id;
    try {
      await this.bin.purge(r.id);
      this.message = t('adm.bin.purged', this.label(r));
      void this.refocus(index);
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.busyId = null;
    }
  };
}
customElements.define('rec-admin-recycle-bin', RecAdminRecycleBin);

declare global {
  interface HTMLElementTagNameMap { 'rec-admin-recycle-bin': RecAdminRecycleBin }
}
