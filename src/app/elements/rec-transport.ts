import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../i18n/i18n.js';
import { emit } from './events.js';
import { formatTime } from './rec-waveform.js';

/**
 * Play/pause, skip buttons and the time readout.
 * @fires rec-toggle
 * @fires rec-seek
 */
export class RecTransport extends LitElement {
  static override properties = {
    playing: { type: Boolean }, position: { type: Number }, frames: { type: Number }, rate: { type: Number },
    disabled: { type: Boolean },
  };
  declare playing: boolean;
  /** play position in frames */
  declare position: number;
  /** length of the call in frames */
  declare frames: number;
  declare rate: number;
  declare disabled: boolean;

  constructor() {
    super();
    new LocaleController(this);
    this.playing = false;
    this.position = 0;
    this.frames = 0;
    this.rate = 8000;
    this.disabled = true;
  }

  static override styles = css`
    :host { display: flex; align-items: center; gap: .5rem; }
    button { font: inherit; min-width: 2.5rem; padding: .35rem .7rem; border-radius: 6px;
      border: 1px solid var(--rec-border, #8a8f98); background: transparent; color: inherit; cursor: pointer; }
    button.main { min-width: 5.5rem; font-weight: 600; }
    button:disabled { opacity: .5; cursor: default; }
    output { font-variant-numeric: tabular-nums; margin-left: .5rem; }
  `;

  override render() {
    const skip = (sec: number) => emit(this, 'rec-seek', { frame: this.position + sec * this.rate });
    return html`
      <button aria-label=${t('back5')} ?disabled=${this.disabled} @click=${() => skip(-5)}>−5 s</button>
      <button class="main" aria-label=${this.playing ? t('pause') : t('play')} aria-pressed=${this.playing ? 'true' : 'false'}
        ?disabled=${this.disabled} @click=${() => emit(this, 'rec-toggle', undefined)}>${this.playing ? t('pause') : t('play')}</button>
      <button aria-label=${t('forward5')} ?disabled=${this.disabled} @click=${() => skip(5)}>+5 s</button>
      <output aria-live="off" aria-label=${t('timeLabel')}>${formatTime(this.position / this.rate)} / ${formatTime(this.frames / this.rate)}</output>`;
  }
}
customElements.define('rec-transport', RecTransport);

declare global {
  interface HTMLElementTagNameMap { 'rec-transport': RecTransport }
}
