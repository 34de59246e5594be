import { LitElement, css, html } from 'lit';
import type { Cdr } from '../../shared/call-info.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';

/** The call flow from the PBX's CDRs (one block per PBX object), or "No call information". */
export class RecCallInfo extends LitElement {
  static override properties = { cdrs: { attribute: false } };
  /** null: the service has no call information for this recording */
  declare cdrs: Cdr[] | null;

  constructor() {
    super();
    new LocaleController(this);
    this.cdrs = null;
  }

  static override styles = css`
    :host { display: block; }
    h3 { font-size: 1em; margin: .5rem 0 .25rem; }
    .none { color: var(--rec-muted, #666); }
    table { border-collapse: collapse; font-size: .88em; margin-bottom: .5rem; }
    caption { text-align: left; font-weight: 600; padding: .2rem 0; }
    th, td { padding: .2rem .5rem; text-align: left; border-bottom: 1px solid var(--rec-border, #ddd); }
  `;

  override render() {
    if (!this.cdrs || this.cdrs.length === 0) return html`<h3>${t('callInfo')}</h3><p class="none">${t('noCallInfo')}</p>`;
    return html`<h3>${t('callInfo')}</h3>${this.cdrs.map((c) => html`<table>
      <caption>${c.cn || c.h323 || c.e164} ${c.e164 ? `(${c.e164})` : ''} · ${c.dir}${c.utc ? ` · ${formatDateTime(c.utc * 1000)}` : ''}</caption>
      <thead><tr><th scope="col">${t('event')}</th><th scope="col">${t('party')}</th><th scope="col">${t('time')}</th></tr></thead>
      <tbody>${c.events.map((e) => html`<tr><td>${e.msg}</td>
        <td>${[e.dn, e.e164, e.h323].filter(Boolean).join(' · ')}${e.to ? ` → ${[e.to.dn, e.to.e164, e.to.h323].filter(Boolean).join(' · ')}` : ''}</td>
        <td>${e.time ?? ''}</td></tr>`)}</tbody></table>`)}`;
  }
}
customElements.define('rec-call-info', RecCallInfo);

declare global {
  interface HTMLElementTagNameMap { 'rec-call-info': RecCallInfo }
}
