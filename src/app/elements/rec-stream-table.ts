import { LitElement, css, html } from 'lit';
import type { DecodeInfo, StreamInfo } from '../../shared/decoder-types.js';
import { LocaleController, t } from '../i18n/i18n.js';
import type { TextKey } from '../i18n/texts.js';

/** The call's RTP streams: side, codec, addresses, packets, loss, jitter. */
export class RecStreamTable extends LitElement {
  static override properties = { info: { attribute: false } };
  declare info: DecodeInfo | null;

  constructor() {
    super();
    new LocaleController(this);
    this.info = null;
  }

  static override styles = css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: .9em; }
    th, td { padding: .3rem .5rem; text-align: left; border-bottom: 1px solid var(--rec-border, #d0d4da); white-space: nowrap; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: .3rem 0; }
  `;

  override render() {
    const info = this.info;
    if (!info) return html``;
    return html`<table>
      <caption>${t('streamsCaption', t(RULE[info.channelRule]))}</caption>
      <thead><tr>
        <th scope="col">${t('side')}</th><th scope="col">${t('codec')}</th><th scope="col">${t('streamFrom')}</th><th scope="col">${t('streamTo')}</th>
        <th scope="col" class="num">${t('packets')}</th><th scope="col" class="num">${t('streamLost')}</th>
        <th scope="col" class="num">${t('jitter')}</th><th scope="col" class="num">${t('maxGap')}</th>
      </tr></thead>
      <tbody>${info.streams.map((s) => this.row(s))}</tbody>
    </table>`;
  }

  private row(s: StreamInfo) {
    const loss = s.expected > 0 ? ` (${((100 * Math.max(0, s.lost)) / s.expected).toFixed(1)} %)` : '';
    return html`<tr>
      <td>${s.channel === 'left' ? t('remoteLeft') : s.channel === 'right' ? t('localRight') : '—'}</td>
      <td>${s.codec}${s.clockRate ? html` <small>${s.clockRate / 1000} kHz</small>` : ''}</td>
      <td>${s.src}</td><td>${s.dst}</td>
      <td class="num">${s.packets}</td><td class="num">${s.lost}${loss}</td>
      <td class="num">${s.jitterMs.toFixed(1)} ms</td><td class="num">${Math.round(s.maxGapMs)} ms</td>
    </tr>`;
  }
}

const RULE: Record<DecodeInfo['channelRule'], TextKey> = { innovaphone: 'ruleInnovaphone', heuristic: 'ruleHeuristic', override: 'ruleOverride' };

customElements.define('rec-stream-table', RecStreamTable);

declare global {
  interface HTMLElementTagNameMap { 'rec-stream-table': RecStreamTable }
}
