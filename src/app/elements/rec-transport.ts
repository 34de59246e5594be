import { LitElement, css, html, svg } from 'lit';
import { LocaleController, getLang, t } from '../i18n/i18n.js';
import { PLAYER_KEYS, SPEEDS } from '../services/player-keys.js';
import type { LoopFrames } from '../services/time-stretch.js';
import { emit } from './events.js';
import { emitPlayer } from './player-events.js';
import { formatTime } from './rec-waveform.js';

/**
 * Play/pause, skip, previous/next, speed, A-B loop, auto-advance, the time readout and the key help.
 * @fires rec-toggle
 * @fires rec-seek
 * @fires rec-speed
 * @fires rec-loop
 * @fires rec-navigate
 * @fires rec-auto-advance
 */
export class RecTransport extends LitElement {
  static override properties = {
    playing: { type: Boolean }, position: { type: Number }, frames: { type: Number }, lengthKnown: { type: Boolean }, rate: { type: Number },
    disabled: { type: Boolean }, speed: { type: Number }, loop: { attribute: false }, pendingA: { attribute: false },
    navigation: { type: Boolean }, hasPrevious: { type: Boolean }, hasNext: { type: Boolean }, autoAdvance: { type: Boolean },
  };
  declare playing: boolean;
  /** play position in frames */
  declare position: number;
  /** length of the call in frames */
  declare frames: number;
  /** false while only a preview of the call's start is decoded: `frames` is not the call's length yet */
  declare lengthKnown: boolean;
  declare rate: number;
  declare disabled: boolean;
  declare speed: number;
  declare loop: LoopFrames | null;
  /** loop start chosen, end not yet */
  declare pendingA: number | null;
  /** show previous/next and auto-advance (a playlist exists) */
  declare navigation: boolean;
  declare hasPrevious: boolean;
  declare hasNext: boolean;
  declare autoAdvance: boolean;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, {
      playing: false, position: 0, frames: 0, lengthKnown: true, rate: 8000, disabled: true, speed: 1, loop: null, pendingA: null,
      navigation: false, hasPrevious: false, hasNext: false, autoAdvance: false,
    });
  }

  static override styles = css`
    :host { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .5rem; }
    .group { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem; }
    button, select { font: inherit; min-width: 2.5rem; padding: .35rem .6rem; border-radius: 6px;
      border: 1px solid var(--rec-border, #8a8f98); background: transparent; color: inherit; cursor: pointer; }
    select { min-width: 0; padding: .3rem .3rem; background: var(--rec-bg, transparent); }
    button.main { min-width: 5.5rem; font-weight: 600; }
    button svg { display: block; margin: auto; }
    button[aria-pressed=true] { background: var(--rec-row-sel, #d6e7fb); }
    button:disabled, select:disabled { opacity: .5; cursor: default; }
    button:focus-visible, select:focus-visible, input:focus-visible, summary:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
    output { font-variant-numeric: tabular-nums; margin: 0 .25rem; }
    label { display: inline-flex; align-items: center; gap: .25rem; font-size: .9em; }
    .loopinfo { font-size: .85em; font-variant-numeric: tabular-nums; color: var(--rec-muted, #666); }
    details { position: relative; font-size: .9em; }
    summary { cursor: pointer; padding: .3rem .5rem; border: 1px solid var(--rec-border, #8a8f98); border-radius: 6px; list-style: none; }
    summary::-webkit-details-marker { display: none; }
    .help { position: absolute; z-index: 5; right: 0; top: 2.2rem; min-width: 15rem; max-width: min(22rem, 90vw);
      background: var(--rec-panel, #fff); color: var(--rec-fg, inherit); border: 1px solid var(--rec-border, #ccc);
      border-radius: 6px; padding: .4rem .6rem; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
    .help dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .75rem; margin: 0; }
    .help dt { font-family: ui-monospace, monospace; white-space: nowrap; }
    .help dd { margin: 0; }
  `;

  override render() {
    const skip = (sec: number) => emit(this, 'rec-seek', { frame: this.position + sec * this.rate });
    const sec = (f: number) => formatTime(f / this.rate);
    const loopText = this.loop ? t('loopRange', sec(this.loop.a), sec(this.loop.b))
      : this.pendingA !== null ? t('loopFrom', sec(this.pendingA)) : '';
    return html`
      <div class="group" role="group" aria-label=${t('transport')}>
        ${this.navigation ? html`<button data-action="previous" aria-label=${t('previousRecording')} title=${t('previousRecording')}
          ?disabled=${!this.hasPrevious} @click=${() => emitPlayer(this, 'rec-navigate', { step: -1 })}>${PREVIOUS_ICON}</button>` : ''}
        <button data-action="back" aria-label=${t('back5')} ?disabled=${this.disabled} @click=${() => skip(-5)}>−5 s</button>
        <button class="main" aria-label=${this.playing ? t('pause') : t('play')} aria-pressed=${this.playing ? 'true' : 'false'}
          ?disabled=${this.disabled} @click=${() => emit(this, 'rec-toggle', undefined)}>${this.playing ? t('pause') : t('play')}</button>
        <button data-action="forward" aria-label=${t('forward5')} ?disabled=${this.disabled} @click=${() => skip(5)}>+5 s</button>
        ${this.navigation ? html`<button data-action="next" aria-label=${t('nextRecording')} title=${t('nextRecording')}
          ?disabled=${!this.hasNext} @click=${() => emitPlayer(this, 'rec-navigate', { step: 1 })}>${NEXT_ICON}</button>` : ''}
        <output aria-live="off" aria-label=${t('timeLabel')}>${sec(this.position)} / ${this.lengthKnown ? sec(this.frames) : '…'}</output>
      </div>
      <div class="group">
        <label>${t('speed')}
          <select aria-label=${t('speed')} ?disabled=${this.disabled} @change=${(e: Event) =>
            emitPlayer(this, 'rec-speed', { speed: Number((e.target as HTMLSelectElement).value) })}>
            ${SPEEDS.map((s) => html`<option value=${s} ?selected=${Math.abs(s - this.speed) < 1e-9}>${formatSpeed(s)}</option>`)}
          </select></label>
      </div>
      <div class="group" role="group" aria-label=${t('loop')}>
        <button data-action="loop-a" aria-pressed=${this.loop || this.pendingA !== null ? 'true' : 'false'} title=${t('loopSetA')}
          aria-label=${t('loopSetA')} ?disabled=${this.disabled} @click=${() => emitPlayer(this, 'rec-loop', { action: 'a' })}>A</button>
        <button data-action="loop-b" aria-pressed=${this.loop ? 'true' : 'false'} title=${t('loopSetB')}
          aria-label=${t('loopSetB')} ?disabled=${this.disabled} @click=${() => emitPlayer(this, 'rec-loop', { action: 'b' })}>B</button>
        <button data-action="loop-clear" title=${t('loopClear')} aria-label=${t('loopClear')}
          ?disabled=${this.disabled || (!this.loop && this.pendingA === null)} @click=${() => emitPlayer(this, 'rec-loop', { action: 'clear' })}>A–B ✕</button>
        <span class="loopinfo" aria-live="polite">${loopText}</span>
      </div>
      ${this.navigation ? html`<label class="auto"><input type="checkbox" .checked=${this.autoAdvance}
        @change=${(e: Event) => emitPlayer(this, 'rec-auto-advance', { on: (e.target as HTMLInputElement).checked })}>${t('autoAdvance')}</label>` : ''}
      <details>
        <summary aria-label=${t('keysHelp')} title=${t('keysHelp')}>⌨ ${t('keys')}</summary>
        <div class="help" role="note" aria-label=${t('keysHelp')}>
          <dl>${PLAYER_KEYS.filter((k) => this.navigation || (k.action.kind !== 'next' && k.action.kind !== 'previous'))
            .map((k) => html`<dt>${k.label}</dt><dd>${t(k.help)}</dd>`)}</dl>
        </div>
      </details>`;
  }
}
customElements.define('rec-transport', RecTransport);

// Drawn, not font glyphs: the skip symbols are missing from many system fonts.
const PREVIOUS_ICON = svg`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path fill="currentColor" d="M3 2h2v12H3zM14 2v12L6 8z"/></svg>`;
const NEXT_ICON = svg`<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path fill="currentColor" d="M11 2h2v12h-2zM2 2v12l8-6z"/></svg>`;

function formatSpeed(s: number): string {
  return `${s.toLocaleString(getLang() === 'de' ? 'de-DE' : 'en-GB')}×`;
}

declare global {
  interface HTMLElementTagNameMap { 'rec-transport': RecTransport }
}
