import { LitElement, html } from 'lit';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import { ServiceSettings } from '../services/admin-settings.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { offlineNote } from './rec-admin-offline-note.js';
import { adminStyles } from './rec-admin-styles.js';

/**
 * Admin: licence state (where answers come from, unlicensed owners and their recordings) and the
 * PBX link (connected PBX, "PBX Name missing", broken-link time), plus where Reports sends call
 * information. From GetSettings' status.
 */
export class RecAdminStatus extends LitElement {
  static override properties = { connection: { attribute: false }, cdrUrl: { type: String }, revision: { state: true } };
  declare connection: AppConnection | null;
  /** where Reports/the PBX posts CDRs; default: `cdr` next to this page */
  declare cdrUrl: string;
  declare revision: number;
  model: ServiceSettings | null = null;
  private offs: (() => void)[] = [];

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, cdrUrl: new URL('cdr', location.href.split('?')[0]).href, revision: 0 });
  }

  static override styles = adminStyles;

  override connectedCallback(): void {
    super.connectedCallback();
    const conn = this.connection;
    if (!conn) return;
    const m = new ServiceSettings(conn);
    this.model = m;
    this.offs.push(m.onChange(() => { this.revision++; }), conn.onReady(() => void m.load()), conn.onChange(() => { this.revision++; }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const o of this.offs) o();
    this.offs = [];
    this.model = null;
  }

  override render() {
    const m = this.model;
    if (!m) return '';
    const s = m.status, set = m.settings;
    return html`
      <h2>${t('adm.st.title')}</h2>
      ${offlineNote(this.connection)}
      <div class="row"><button @click=${() => void m.load()} ?disabled=${m.loading}>${t('adm.reload')}</button>
        ${m.loading ? html`<span role="status">${t('adm.loading')}</span>` : ''}</div>
      ${m.error ? html`<p class="error" role="alert" data-code=${explain(m.error).code}>${explain(m.error).text}</p>` : ''}
      ${s && set ? html`
        <section aria-labelledby="st-pbx">
          <h3 id="st-pbx">${t('adm.st.pbx')}</h3>
          <p data-link="pbx" data-state=${s.pbxConnected ? 'up' : s.pbxLostAt !== null ? 'lost' : 'down'}>
            <span class="dot ${s.pbxConnected ? 'up' : 'down'}" aria-hidden="true"></span>${s.pbxConnected ? t('adm.st.pbxUp', s.pbx ?? '')
              : s.pbxLostAt !== null ? t('adm.st.pbxLost', formatDateTime(s.pbxLostAt)) : t('adm.st.pbxDown')}</p>
          ${s.pbxNameMissing ? html`<p class="error" data-warning="pbx-name-missing">${t('adm.st.pbxNameMissing')}</p>` : ''}
        </section>
        <section aria-labelledby="st-reports">
          <h3 id="st-reports">${t('adm.st.reports')}</h3>
          <p class="hint">${t('adm.st.reportsHow', this.cdrUrl)}</p>
        </section>
        <section aria-labelledby="st-lic">
          <h3 id="st-lic">${t('adm.st.license')}</h3>
          <p data-license-source=${s.licenseSource}>${s.licenseSource === 'pbx' ? t('adm.st.sourcePbx')
            : t('adm.st.sourceList', set.licenses.includes('*') ? t('adm.st.everyone') : set.licenses.join(', ') || '—')}</p>
          ${s.unlicensedRecordings > 0 ? html`
            <p class="error" data-unlicensed=${s.unlicensedRecordings}>${t('adm.st.unlicensed', s.unlicensedRecordings)}</p>
            <p>${t('adm.st.unlicensedOwners', s.unlicensedOwners.join(', '))}</p>`
            : html`<p class="ok" data-unlicensed="0">${t('adm.st.allLicensed')}</p>`}
        </section>` : ''}`;
  }
}
customElements.define('rec-admin-status', RecAdminStatus);

declare global {
  interface HTMLElementTagNameMap { 'rec-admin-status': RecAdminStatus }
}
