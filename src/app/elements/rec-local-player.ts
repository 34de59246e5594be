import { LitElement, css, html } from 'lit';
import type { DecodeInfo } from '../../shared/decoder-types.js';
import { fromError } from '../../shared/errors.js';
import { LocaleController, formatDateTime, getLang, t } from '../i18n/i18n.js';
import { explainError } from '../services/error-text.js';
import { explain } from '../services/explain.js';
import { Playback } from '../services/playback.js';
import './rec-file-drop.js';
import './rec-player-deck.js';
import './rec-stream-table.js';
import './rec-warning-list.js';
import { formatTime } from './rec-waveform.js';

type Phase = 'idle' | 'decoding' | 'ready' | 'error';

/**
 * Page: open a local capture, decode it in the worker, play it with the same deck as the myApps
 * player (speed, A-B loop, channel mix; keys listed in its help).
 */
export class RecLocalPlayer extends LitElement {
  static override properties = {
    phase: { state: true }, fileName: { state: true }, errorText: { state: true }, errorCode: { state: true },
  };
  declare phase: Phase;
  declare fileName: string;
  declare errorText: string;
  declare errorCode: string;

  /** decode + playback of the opened file */
  readonly playback = new Playback(this);
  private file: File | null = null;
  private swapped = false;
  private generation = 0;

  constructor() {
    super();
    new LocaleController(this);
    this.phase = 'idle';
    this.fileName = '';
    this.errorText = '';
    this.errorCode = '';
  }

  /** the page's audio output (its `analyser` taps what is played) */
  get player() { return this.playback.player; }
  get info(): DecodeInfo | null { return this.playback.info; }

  static override styles = css`
    :host { display: block; max-width: 1100px; margin: 0 auto; padding: 1rem; font-family: system-ui, sans-serif; }
    h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
    .status { min-height: 1.5rem; margin: .75rem 0; }
    progress { width: 100%; }
    .error { color: var(--rec-error, #b3261e); border-left: 4px solid currentColor; padding: .4rem .75rem; }
    .meta { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: .5rem 0; }
    .meta dt { font-size: .8em; opacity: .7; }
    .meta dd { margin: 0; }
    rec-player-deck { margin: .5rem 0 1rem; }
    section { margin-top: 1rem; }
    .cancel { font: inherit; font-size: .85em; margin-top: .25rem; padding: .1rem .6rem; border-radius: 4px;
      border: 1px solid var(--rec-border, #8a8f98); background: transparent; color: inherit; cursor: pointer; }
    .swap { font: inherit; font-size: .85em; margin-left: .5rem; padding: .1rem .5rem; border-radius: 4px;
      border: 1px solid var(--rec-border, #8a8f98); background: transparent; color: inherit; cursor: pointer; }
  `;

  override render() {
    const info = this.info;
    return html`
      <h1>${t('localTitle')}</h1>
      <rec-file-drop @rec-file=${(e: CustomEvent<{ file: File }>) => this.open(e.detail.file)}></rec-file-drop>
      <div class="status" role="status" aria-live="polite">${this.renderStatus()}</div>
      ${info ? html`
        <dl class="meta">
          <div><dt>${t('fileName')}</dt><dd>${this.fileName}</dd></div>
          <div><dt>${t('length')}</dt><dd>${formatTime(info.durationMs / 1000)}</dd></div>
          <div><dt>${t('started')}</dt><dd>${info.startTime > 0 ? formatDateTime(info.startTime) : '—'}</dd></div>
          <div><dt>${t('localAudio')}</dt><dd>${t('localAudioDesc', info.sampleRate / 1000)}
            <button class="swap" @click=${() => this.swapSides()} title=${t('swapSidesHint')}>${t('swapSides')}</button></dd></div>
          ${info.dtmf.length ? html`<div><dt>DTMF</dt><dd aria-label=${t('dtmfDigits')}>${info.dtmf.map((d) =>
            html`<span title=${t('dtmfAt', d.channel === 'left' ? t('remoteLeft') : t('localRight'), formatTime(d.timeMs / 1000))}>${d.digit}</span> `)}</dd></div>` : ''}
        </dl>
        <rec-player-deck .playback=${this.playback}></rec-player-deck>
        <section><rec-stream-table .info=${info}></rec-stream-table></section>
        <section><rec-warning-list .warnings=${info.warnings}></rec-warning-list></section>
      ` : ''}`;
  }

  private renderStatus() {
    if (this.phase === 'error') return html`<p class="error" data-code=${this.errorCode}><strong>${this.fileName}:</strong> ${this.errorText}</p>`;
    if (this.phase === 'decoding' && this.playback.progress) {
      const p = this.playback.progress;
      const frac = p.total > 0 ? p.done / p.total : 0;
      const label = p.stage === 'reading' ? t('localReading') : t('localDecoding');
      return html`<label>${label}… ${Math.floor(frac * 100)} %
        <progress max="1" .value=${frac} aria-label=${label}></progress></label>
        <button class="cancel" @click=${() => this.cancel()}>${t('cancel')}</button>`;
    }
    if (this.phase === 'decoding') return html`${t('localOpening', this.fileName)} <button class="cancel" @click=${() => this.cancel()}>${t('cancel')}</button>`;
    return '';
  }

  /** Decodes a file in the worker; any earlier decode is stopped. */
  async open(file: File, swapChannels = false): Promise<void> {
    const gen = ++this.generation;
    this.file = file;
    this.swapped = swapChannels;
    Object.assign(this, { phase: 'decoding', fileName: file.name, errorText: '', errorCode: '' });
    try {
      const done = await this.playback.decode(file, { swapChannels });
      if (done && gen === this.generation) this.phase = 'ready';
    } catch (e) {
      if (gen !== this.generation) return; // superseded by a newer file
      const err = fromError(e);
      Object.assign(this, { phase: 'error', errorCode: err.code, errorText: getLang() === 'de' ? explain(err).text : explainError(err) });
    }
  }

  /** Stops decoding and drops the partial result (a half-decoded call would play into silence). */
  private cancel(): void {
    this.generation++;
    this.playback.clear();
    this.phase = 'idle';
  }

  /** Decodes the same file again with the sides exchanged (the channel heuristic can guess wrong). */
  private swapSides(): void {
    if (this.file) void this.open(this.file, !this.swapped);
  }
}
customElements.define('rec-local-player', RecLocalPlayer);

declare global {
  interface HTMLElementTagNameMap { 'rec-local-player': RecLocalPlayer }
}
