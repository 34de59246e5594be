import { LitElement, html, nothing } from 'lit';
import type { AppObjectConfigInfo, DeleteMode } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';
import { AccessConfigs, parseAccessEdit, type AccessEdit } from '../services/admin-access.js';
import { formatNameList } from '../services/admin-name-list.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { offlineNote } from './rec-admin-offline-note.js';
import { PanelModel } from './panel-model.js';
import { adminStyles } from './rec-admin-styles.js';

const EMPTY: AccessEdit = { appObject: '', accessList: '', deleteMode: 'recoverable' };

/**
 * Admin: per App object, the extensions whose recordings its users see and how their deletes work
 * (the settings the PBX Manager plugin edits, reachable here too).
 */
export class RecAdminAccess extends LitElement {
  static override properties = {
    connection: { attribute: false },
    edit: { state: true }, fieldError: { state: true }, saving: { state: true },
    message: { state: true }, error: { state: true },
  };
  declare connection: AppConnection | null;
  declare edit: AccessEdit;
  declare fieldError: { field: 'appObject' | 'accessList'; key: TextKey; arg?: string } | null;
  declare saving: boolean;
  declare message: string;
  declare error: { code: string; text: string } | null;
  private readonly panel = new PanelModel(this, { create: (c) => new AccessConfigs(c), ready: (m) => void m.load() });
  get model(): AccessConfigs | null { return this.panel.model; }

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, edit: { ...EMPTY }, fieldError: null, saving: false, message: '', error: null });
  }

  static override styles = adminStyles;

  override render() {
    const m = this.model;
    if (!m) return '';
    const fe = this.fieldError;
    const e = this.edit;
    return html`
      <h2>${t('adm.acc.title')}</h2>
      <p class="intro">${t('adm.acc.intro')}</p>
      ${offlineNote(this.connection)}
      ${m.error ? html`<p class="error" role="alert" data-code=${explain(m.error).code}>${explain(m.error).text}</p>` : ''}
      ${m.loading ? html`<p role="status">${t('adm.loading')}</p>` : ''}
      ${m.configs.length === 0 && !m.loading && !m.error && this.connection?.connected ? html`<p class="empty">${t('adm.acc.none')}</p>` : ''}
      ${m.configs.length > 0 ? html`<table>
        <thead><tr><th scope="col">${t('adm.acc.appObject')}</th><th scope="col">${t('adm.acc.list')}</th>
          <th scope="col">${t('adm.acc.deleteMode')}</th><th scope="col"></th></tr></thead>
        <tbody>${m.configs.map((c) => this.row(c))}</tbody></table>` : ''}
      <form @submit=${this.save} novalidate>
        <fieldset>
          <legend>${e.appObject && m.configs.some((c) => c.appObject === e.appObject) ? `${t('adm.acc.edit')}: ${e.appObject}` : t('adm.acc.add')}</legend>
          <div class="field"><label for="appObject">${t('adm.acc.appObject')}</label>
            <input id="appObject" name="appObject" .value=${e.appObject} aria-invalid=${fe?.field === 'appObject' ? 'true' : 'false'}
              aria-describedby=${fe?.field === 'appObject' ? 'appObject-err' : nothing}
              @input=${(ev: Event) => this.change({ appObject: (ev.target as HTMLInputElement).value })}>
            ${fe?.field === 'appObject' ? html`<span class="field-error" id="appObject-err" role="alert">${t(fe.key)}</span>` : ''}</div>
          <div class="field"><label for="accessList">${t('adm.acc.list')}</label>
            <textarea id="accessList" name="accessList" .value=${e.accessList} aria-invalid=${fe?.field === 'accessList' ? 'true' : 'false'}
              aria-describedby=${`accessList-hint${fe?.field === 'accessList' ? ' accessList-err' : ''}`}
              @input=${(ev: Event) => this.change({ accessList: (ev.target as HTMLTextAreaElement).value })}></textarea>
            <span class="hint" id="accessList-hint">${t('adm.acc.listHint')}</span>
            ${fe?.field === 'accessList' ? html`<span class="field-error" id="accessList-err" role="alert">${t(fe.key, fe.arg ?? '')}</span>` : ''}</div>
          <div class="field"><label for="deleteMode">${t('adm.acc.deleteMode')}</label>
            <select id="deleteMode" name="deleteMode" @change=${(ev: Event) => this.change({ deleteMode: (ev.target as HTMLSelectElement).value as DeleteMode })}>
              <option value="recoverable" ?selected=${e.deleteMode === 'recoverable'}>${t('adm.acc.recoverable')}</option>
              <option value="permanent" ?selected=${e.deleteMode === 'permanent'}>${t('adm.acc.permanent')}</option>
            </select></div>
          <div class="row"><button type="submit" ?disabled=${this.saving}>${this.saving ? t('adm.saving') : t('adm.save')}</button></div>
          ${this.message ? html`<p class="msg ok" role="status">${this.message}</p>` : ''}
          ${this.error ? html`<p class="error" role="alert" data-code=${this.error.code}>${this.error.text}</p>` : ''}
        </fieldset>
      </form>`;
  }

  private row(c: AppObjectConfigInfo) {
    return html`<tr data-app-object=${c.appObject}>
      <td>${c.appObject}<span class="sub">${c.updatedAt !== null ? t('adm.acc.changed', formatDateTime(c.updatedAt)) : t('adm.acc.never')}</span></td>
      <td>${c.accessList.length > 0 ? c.accessList.join(', ') : '—'}</td>
      <td>${t(c.deleteMode === 'permanent' ? 'adm.acc.permanent' : 'adm.acc.recoverable')}</td>
      <td class="actions"><button aria-label=${`${t('adm.acc.edit')}: ${c.appObject}`} @click=${() => this.pick(c)}>${t('adm.acc.edit')}</button></td>
    </tr>`;
  }

  private pick(c: AppObjectConfigInfo): void {
    this.edit = { appObject: c.appObject, accessList: formatNameList(c.accessList), deleteMode: c.deleteMode };
    this.fieldError = null;
    this.message = '';
    this.error = null;
    void this.updateComplete.then(() => (this.renderRoot.querySelector('#accessList') as HTMLElement | null)?.focus());
  }

  private change(p: Partial<AccessEdit>): void {
    this.edit = { ...this.edit, ...p };
    this.message = '';
  }

  private save = async (ev: Event): Promise<void> => {
    ev.preventDefault();
    const m = this.model;
    if (!m) return;
    this.message = '';
    this.error = null;
    const r = parseAccessEdit(this.edit);
    if (!r.ok) { this.fieldError = { field: r.field, key: r.key, arg: r.arg }; return; }
    this.fieldError = null;
    this.saving = true;
    try {
      const c = await m.save(r.appObject, r.accessList, r.deleteMode);
      this.edit = { appObject: c.appObject, accessList: formatNameList(c.accessList), deleteMode: c.deleteMode };
      this.message = t('adm.saved');
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.saving = false;
    }
  };
}
customElements.define('rec-admin-access', RecAdminAccess);

declare global {
  interface HTMLElementTagNameMap { 'rec-admin-access': RecAdminAccess }
}
