import { LitElement, css, html, nothing } from 'lit';
import type { LogEntry } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';
import { AUDIT_ACTIONS, AuditLog, describeDetails, parseAuditFilter } from '../services/admin-audit.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { offlineNote } from './rec-admin-offline-note.js';
import { PanelModel } from './panel-model.js';
import { adminStyles } from './rec-admin-styles.js';

const ACTIONS: Record<string, TextKey> = {
  play: 'adm.act.play', download: 'adm.act.download', delete: 'adm.act.delete', restore: 'adm.act.restore', purge: 'adm.act.purge',
  protect: 'adm.act.protect', unprotect: 'adm.act.unprotect', note: 'adm.act.note', settings: 'adm.act.settings',
  'pbx-link': 'adm.act.pbx-link',
};

/** Admin: the audit log, newest first, paged, filtered by user, recording and/or action. */
export class RecAdminAudit extends LitElement {
  static override properties = {
    connection: { attribute: false },
    actor: { state: true }, recordingId: { state: true }, action: { state: true }, fieldError: { state: true },
  };
  declare connection: AppConnection | null;
  declare actor: string;
  declare recordingId: string;
  declare action: string;
  declare fieldError: { field: 'actor' | 'recordingId' | 'action'; key: TextKey } | null;
  private readonly panel = new PanelModel(this, { create: (c) => new AuditLog(c), ready: (m) => void m.load() });
  get log(): AuditLog | null { return this.panel.model; }

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, actor: '', recordingId: '', action: '', fieldError: null });
  }

  static override styles = [adminStyles, css`
    button.link { border: 0; background: none; padding: 0; color: var(--rec-accent, #1a73e8); text-decoration: underline; font: inherit; }
  `];

  override render() {
    const log = this.log;
    if (!log) return '';
    const n = log.items.length;
    const fe = this.fieldError;
    return html`
      <h2>${t('adm.audit.title')}</h2>
      ${offlineNote(this.connection)}
      <form class="row" @submit=${this.apply}>
        <label>${t('adm.audit.actor')}<input name="actor" .value=${this.actor} aria-invalid=${fe?.field === 'actor' ? 'true' : 'false'}
          aria-describedby=${fe?.field === 'actor' ? 'actor-err' : nothing} @input=${(e: Event) => { this.actor = (e.target as HTMLInputElement).value; }}></label>
        <label>${t('adm.audit.recording')}<input name="recordingId" .value=${this.recordingId} aria-invalid=${fe?.field === 'recordingId' ? 'true' : 'false'}
          aria-describedby=${fe?.field === 'recordingId' ? 'rec-err' : nothing} @input=${(e: Event) => { this.recordingId = (e.target as HTMLInputElement).value; }}></label>
        <label>${t('adm.audit.action')}<select name="action" aria-invalid=${fe?.field === 'action' ? 'true' : 'false'}
          @change=${(e: Event) => { this.action = (e.target as HTMLSelectElement).value; }}>
          <option value="" ?selected=${this.action === ''}>${t('adm.audit.actionAll')}</option>
          ${AUDIT_ACTIONS.map((a) => html`<option value=${a} ?selected=${this.action === a}>${t(ACTIONS[a]!)}</option>`)}</select></label>
        <button type="submit">${t('adm.audit.apply')}</button>
        <button type="button" @click=${this.clear}>${t('adm.audit.clear')}</button>
      </form>
      ${fe ? html`<p class="field-error" id=${fe.field === 'actor' ? 'actor-err' : fe.field === 'recordingId' ? 'rec-err' : 'action-err'} role="alert">${t(fe.key)}</p>` : ''}
      <div class="row"><span role="status">${log.loading ? t('adm.loading') : log.more ? t('adm.audit.countMore', n) : t('adm.audit.count', n)}</span>
        <button @click=${() => void log.load()} ?disabled=${log.loading}>${t('adm.reload')}</button></div>
      ${log.error ? html`<p class="error" role="alert" data-code=${explain(log.error).code}>${explain(log.error).text}</p>` : ''}
      ${n === 0 && !log.loading && !log.error && this.connection?.connected ? html`<p class="empty">${t('adm.audit.empty')}</p>` : ''}
      ${n > 0 ? html`<table>
        <thead><tr><th scope="col">${t('adm.audit.when')}</th><th scope="col">${t('adm.audit.who')}</th><th scope="col">${t('adm.audit.what')}</th>
          <th scope="col">${t('adm.audit.which')}</th><th scope="col">${t('adm.audit.details')}</th></tr></thead>
        <tbody>${log.items.map((e) => this.row(e))}</tbody>
      </table>` : ''}
      ${log.more ? html`<button @click=${() => void log.loadMore()} ?disabled=${log.loading}>${t('adm.loadMore')}</button>` : ''}`;
  }

  private row(e: LogEntry) {
    const key = ACTIONS[e.action];
    return html`<tr data-id=${e.id} data-action=${e.action}>
      <td>${formatDateTime(e.at)}</td>
      <td><button class="link" data-filter="actor" title=${t('adm.audit.byActor', e.actor)} @click=${() => this.filterBy({ actor: e.actor })}>${e.actor}</button></td>
      <td>${key ? t(key) : e.action}</td>
      <td>${e.recordingId ? html`<button class="link" data-filter="recording" title=${t('adm.audit.byRecording', e.recordingId)}
        @click=${() => this.filterBy({ recordingId: e.recordingId! })}>${e.recordingId}</button>` : '—'}</td>
      <td>${describeDetails(e.details)}</td></tr>`;
  }

  /** A click on a user or recording in the table narrows the log to it. */
  private filterBy(f: { actor?: string; recordingId?: string }): void {
    this.actor = f.actor ?? this.actor;
    this.recordingId = f.recordingId ?? this.recordingId;
    this.fieldError = null;
    const r = parseAuditFilter({ actor: this.actor, recordingId: this.recordingId, action: this.action });
    if (r.ok) void this.log?.load(r.filter);
  }

  private apply = (ev: Event): void => {
    ev.preventDefault();
    const r = parseAuditFilter({ actor: this.actor, recordingId: this.recordingId, action: this.action });
    if (!r.ok) { this.fieldError = { field: r.field, key: r.message }; return; }
    this.fieldError = null;
    void this.log?.load(r.filter);
  };

  private clear = (): void => {
    this.actor = '';
    this.recordingId = '';
    this.action = '';
    this.fieldError = null;
    void this.log?.load({});
  };
}
customElements.define('rec-admin-audit', RecAdminAudit);

declare global {
  interface HTMLElementTagNameMap { 'rec-admin-audit': RecAdminAudit }
}
