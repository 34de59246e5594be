import { LitElement, html } from 'lit';
import type { CdrLinkStatus, LicenseCount } from '../../shared/messages.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';
import { ServiceSettings } from '../services/admin-settings.js';
import type { AppConnection } from '../services/connection.js';
import { explain } from '../services/explain.js';
import { offlineNote } from './rec-admin-offline-note.js';
import { PanelModel } from './panel-model.js';
import { adminStyles } from './rec-admin-styles.js';
import './rec-admin-trace.js';

const REFUSAL: Record<NonNullable<CdrLinkStatus['lastError']>['reason'], TextKey> = {
  malformed: 'adm.st.cdr.malformed', unauthorized: 'adm.st.cdr.unauthorized', 'too-large': 'adm.st.cdr.tooLarge',
};
const LIC_UNKNOWN: Record<NonNullable<LicenseCount['unknownReason']>, TextKey> = {
  'no-pbx': 'adm.st.licUnknown.no-pbx', 'no-admin-api': 'adm.st.licUnknown.no-admin-api',
  'no-answer': 'adm.st.licUnknown.no-answer', 'not-on-pbx': 'adm.st.licUnknown.not-on-pbx',
};

/**
 * Admin: licence state (where answers come from, count on the PBX, unlicensed owners and their
 * recordings), the PBX link (connected PBX, "PBX Name missing", broken-link time) and the
 * Reports/CDR link (last records received, last refusal and why) from GetSettings' status, and
 * the service trace below.
 */
export class RecAdminStatus extends LitElement {
  static override properties = { connection: { attribute: false }, cdrUrl: { type: String } };
  declare connection: AppConnection | null;
  /** where Reports/the PBX posts CDRs; default: `cdr` next to this page */
  declare cdrUrl: string;
  private readonly panel = new PanelModel(this, { create: (c) => new ServiceSettings(c), ready: (m) => void m.load() });
  get model(): ServiceSettings | null { return this.panel.model; }

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { connection: null, cdrUrl: new URL('cdr', location.href.split('?')[0]).href });
  }

  static override styles = adminStyles;

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
          <p class="hint">${t('adm.st.reportsHow', this.cdrUrl, formatDateTime(s.cdr.since))}</p>
          ${this.cdrLink(s.cdr)}
        </section>
        <section aria-labelledby="st-lic">
          <h3 id="st-lic">${t('adm.st.license')}</h3>
          <p data-license-source=${s.licenseSource}>${s.licenseSource === 'pbx' ? t('adm.st.sourcePbx')
            : t('adm.st.sourceList', set.licenses.includes('*') ? t('adm.st.everyone') : set.licenses.join(', ') || '—')}</p>
          ${s.unlicensedRecordings > 0 ? html`
            <p class="error" data-unlicensed=${s.unlicensedRecordings}>${t('adm.st.unlicensed', s.unlicensedRecordings)}</p>
            <p>${t('adm.st.unlicensedOwners', s.unlicensedOwners.join(', '))}</p>`
            : html`<p class="ok" data-unlicensed="0">${t('adm.st.allLicensed')}</p>`}
          ${this.licenseCount(s.licenseCount)}
        </section>` : ''}
      <rec-admin-trace .connection=${this.connection}></rec-admin-trace>`;
  }

  /** Last records received and the last refusal; a refusal newer than the last success is a broken link. */
  private cdrLink(c: CdrLinkStatus) {
    const host = (a: string | null) => a ?? t('adm.st.unknownHost');
    const e = c.lastError;
    const broken = e !== null && (c.lastAt === null || e.at >= c.lastAt);
    const state = broken ? 'broken' : c.lastAt !== null ? 'up' : 'none';
    const why = e ? t(REFUSAL[e.reason], e.detail) : '';
    return html`
      <p data-link="cdr" data-state=${state}><span class="dot ${state === 'up' ? 'up' : state === 'broken' ? 'down' : ''}" aria-hidden="true"></span>${c.lastAt !== null
        ? t('adm.st.cdrLast', formatDateTime(c.lastAt), host(c.lastFrom), c.lastPbx ? t('adm.st.cdrPbx', c.lastPbx) : '', c.received)
        : t('adm.st.cdrNone')}</p>
      ${e ? html`<p class=${broken ? 'error' : 'hint'} data-cdr-refused=${e.reason}>${t(broken ? 'adm.st.cdrRefused' : 'adm.st.cdrOldRefusal', formatDateTime(e.at), host(e.from), why)}</p>` : ''}`;
  }

  private licenseCount(l: LicenseCount) {
    return html`
      ${l.granted !== null
        ? html`<p data-license-count=${l.granted} data-license-used=${l.used ?? ''}>${t('adm.st.licCount', l.granted, l.used ?? '?')}</p>
          ${l.used !== null && l.used >= l.granted ? html`<p class="error" data-warning="licenses-exhausted">${t('adm.st.licExhausted')}</p>` : ''}`
        : html`<p data-license-count="unknown" data-reason=${l.unknownReason ?? ''}>${t(LIC_UNKNOWN[l.unknownReason ?? 'no-pbx'])}</p>`}
      <p data-licensed-owners=${l.licensedOwners}>${t('adm.st.licOwners', l.licensedOwners)}</p>`;
  }
}
customElements.define('rec-admin-status', RecAdminStatus);

declare global {
  interface HTMLElementTagNameMap { 'rec-admin-status': RecAdminStatus }
}
