import { LitElement, css, html } from 'lit';
import type { Cdr, CdrEvent } from '../../shared/call-info.js';
import { LocaleController, formatDateTime, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';

/** CDR event verbs (`<verb>-from|to`, reference §4.2) in words; unknown ones stay as the PBX wrote them. */
const VERBS: Record<string, TextKey> = {
  setup: 'cdrSetup', alert: 'cdrAlert', conn: 'cdrConn', rel: 'cdrRel', disc: 'cdrDisc', transfer: 'cdrTransfer', cf: 'cdrForward',
};
const WHOLE: Record<string, TextKey> = {
  transferred: 'cdrTransferred', 'transfer-remote': 'cdrTransferRemote', connected: 'cdrConnected',
};
const DIRS: Record<string, TextKey> = { from: 'cdrDirFrom', to: 'cdrDirTo', cf: 'cdrDirCf', ct: 'cdrDirCt' };

/** The event in words, with the PBX's own code next to it (support staff know those). */
function eventText(e: CdrEvent): string {
  const m = /^([a-z]+)-(from|to)$/.exec(e.msg);
  const words = WHOLE[e.msg] ? t(WHOLE[e.msg]!)
    : m && VERBS[m[1]!] ? t(m[2] === 'from' ? 'cdrEventFrom' : 'cdrEventTo', t(VERBS[m[1]!]!)) : '';
  const cause = e.cause !== undefined && e.cause !== null ? ` ${t('cdrCause', e.cause)}` : '';
  return words ? `${words}${cause}` : `${cause}`.trim();
}

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
    code { font-size: .85em; color: var(--rec-muted, #666); }
  `;

  override render() {
    if (!this.cdrs || this.cdrs.length === 0) return html`<h3>${t('callInfo')}</h3><p class="none">${t('noCallInfo')}</p>`;
    return html`<h3>${t('callInfo')}</h3>${this.cdrs.map((c) => html`<table>
      <caption>${c.cn || c.h323 || c.e164} ${c.e164 ? `(${c.e164})` : ''} · ${DIRS[c.dir] ? t(DIRS[c.dir]!) : c.dir}${c.utc ? ` · ${formatDateTime(c.utc * 1000)}` : ''}</caption>
      <thead><tr><th scope="col">${t('event')}</th><th scope="col">${t('party')}</th><th scope="col">${t('time')}</th></tr></thead>
      <tbody>${c.events.map((e) => html`<tr><td data-msg=${e.msg}>${eventText(e)} <code>${e.msg}</code></td>
        <td>${[e.dn, e.e164, e.h323].filter(Boolean).join(' · ')}${e.to ? ` → ${[e.to.dn, e.to.e164, e.to.h323].filter(Boolean).join(' · ')}` : ''}</td>
        <td>${e.time ?? ''}</td></tr>`)}</tbody></table>`)}`;
  }
}
customElements.define('rec-call-info', RecCallInfo);

declare global {
  interface HTMLElementTagNameMap { 'rec-call-info': RecCallInfo }
}
