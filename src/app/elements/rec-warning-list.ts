import { LitElement, css, html } from 'lit';
import type { DecodeWarning } from '../../shared/decoder-types.js';
import { LocaleController, t } from '../i18n/i18n.js';
import { warningText } from '../i18n/warning-text.js';
import { formatTime } from './rec-waveform.js';

/** Recoverable problems found while decoding, each with its position when known. */
export class RecWarningList extends LitElement {
  static override properties = { warnings: { attribute: false } };
  declare warnings: DecodeWarning[];

  constructor() {
    super();
    new LocaleController(this);
    this.warnings = [];
  }

  static override styles = css`
    :host { display: block; }
    ul { margin: .25rem 0; padding-left: 1.25rem; }
    li { margin: .15rem 0; }
    .at { font-variant-numeric: tabular-nums; opacity: .75; margin-right: .4rem; }
    h2 { font-size: 1em; margin: .5rem 0 0; }
  `;

  override render() {
    if (this.warnings.length === 0) return html``;
    return html`<h2>${t('warningsTitle')}</h2>
      <ul aria-label=${t('warningsTitle')}>${this.warnings.map((w) => html`<li data-code=${w.code}>${w.timeMs >= 0
        ? html`<span class="at">${formatTime(w.timeMs / 1000)}</span>` : ''}${warningText(w)}</li>`)}</ul>`;
  }
}
customElements.define('rec-warning-list', RecWarningList);

declare global {
  interface HTMLElementTagNameMap { 'rec-warning-list': RecWarningList }
}
