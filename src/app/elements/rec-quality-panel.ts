import { LitElement, css, html } from 'lit';
import type { StreamInfo } from '../../shared/decoder-types.js';
import { LocaleController, t } from '../i18n/i18n.js';

/** Per-stream quality of a recording: codec, packets, loss %, jitter, max gap, SSRC/PT changes. */
export class RecQualityPanel extends LitElement {
  static override properties = { streams: { attribute: false } };
  declare streams: StreamInfo[];

  constructor() {
    super();
    new LocaleController(this);
    this.streams = [];
  }

  static override styles = css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: .88em; }
    caption { text-align: left; font-weight: 600; padding: .3rem 0; }
    th, td { padding: .25rem .5rem; text-align: left; border-bottom: 1px solid var(--rec-border, #ddd); white-space: nowrap; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .addr { font-size: .9em; color: var(--rec-muted, #666); }
    .bad { color: var(--rec-error, #b3261e); font-weight: 600; }
  `;

  override render() {
    if (this.streams.length === 0) return html``;
    return html`<table>
      <caption>${t('quality')}</caption>
      <thead><tr><th scope="col">${t('side')}</th><th scope="col">${t('codec')}</th><th scope="col">${t('addresses')}</th><th scope="col" class="num">${t('packets')}</th>
        <th scope="col" class="num">${t('loss')}</th><th scope="col" class="num">${t('jitter')}</th>
        <th scope="col" class="num">${t('maxGap')}</th><th scope="col" class="num">${t('changes')}</th></tr></thead>
      <tbody>${this.streams.map((s) => {
        const loss = s.expected > 0 ? (100 * Math.max(0, s.lost)) / s.expected : 0;
        return html`<tr>
          <td>${s.channel === 'left' ? t('remoteLeft') : s.channel === 'right' ? t('localRight') : '—'}</td>
          <td>${s.codec}</td>
          <td class="addr">${s.src} → ${s.dst}</td>
          <td class="num">${s.packets}</td>
          <td class="num ${loss >= 3 ? 'bad' : ''}">${loss.toFixed(1)} %</td>
          <td class="num ${s.jitterMs >= 30 ? 'bad' : ''}">${s.jitterMs.toFixed(1)} ms</td>
          <td class="num">${Math.round(s.maxGapMs)} ms</td>
          <td class="num">${s.ssrcChanges} / ${s.ptChanges}</td>
        </tr>`;
      })}</tbody></table>`;
  }
}
customElements.define('rec-quality-panel', RecQualityPanel);

declare global {
  interface HTMLElementTagNameMap { 'rec-quality-panel': RecQualityPanel }
}
