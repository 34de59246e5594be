import { LitElement, css, html } from 'lit';
import { LocaleController, t } from '../i18n/i18n.js';
import { MAX_VOLUME, defaultMix, isAudible, withMute, withSolo, withVolume, type ChannelMix, type Side } from '../services/channel-mix.js';
import { emitPlayer } from './player-events.js';

/**
 * Volume, mute and solo per side (left = remote party, right = local user).
 * @fires rec-mix
 */
export class RecChannelMix extends LitElement {
  static override properties = { mix: { attribute: false }, disabled: { type: Boolean } };
  declare mix: ChannelMix;
  declare disabled: boolean;

  constructor() {
    super();
    new LocaleController(this);
    this.mix = defaultMix();
    this.disabled = false;
  }

  static override styles = css`
    :host { display: flex; flex-wrap: wrap; gap: .4rem 1.25rem; align-items: center; font-size: .9em; }
    fieldset { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem; border: 0; margin: 0; padding: 0; }
    fieldset[data-silent] legend { text-decoration: line-through; opacity: .7; }
    legend { float: left; margin-right: .35rem; font-weight: 600; padding: 0; }
    input[type=range] { width: 6.5rem; }
    button { font: inherit; padding: .2rem .5rem; border-radius: 6px; border: 1px solid var(--rec-border, #8a8f98);
      background: transparent; color: inherit; cursor: pointer; }
    button[aria-pressed=true] { background: var(--rec-row-sel, #d6e7fb); }
    button:disabled, input:disabled { opacity: .5; cursor: default; }
    button:focus-visible, input:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
    output { font-variant-numeric: tabular-nums; min-width: 3.2em; }
  `;

  override render() {
    return html`${([0, 1] as Side[]).map((side) => this.renderSide(side))}`;
  }

  private renderSide(side: Side) {
    const m = this.mix;
    const name = side === 0 ? t('remoteLeft') : t('localRight');
    const pct = Math.round(m.volume[side] * 100);
    const change = (next: ChannelMix) => emitPlayer(this, 'rec-mix', { mix: next });
    return html`<fieldset data-side=${side === 0 ? 'left' : 'right'} ?data-silent=${!isAudible(m, side)}>
      <legend>${name}</legend>
      <input type="range" min="0" max=${MAX_VOLUME * 100} step="5" .value=${String(pct)} ?disabled=${this.disabled}
        aria-label=${t('volumeOf', name)} aria-valuetext=${`${pct} %`}
        @input=${(e: Event) => change(withVolume(m, side, Number((e.target as HTMLInputElement).value) / 100))}>
      <output aria-hidden="true">${pct} %</output>
      <button data-action="mute" aria-pressed=${m.muted[side] ? 'true' : 'false'} aria-label=${t('muteOf', name)} ?disabled=${this.disabled}
        @click=${() => change(withMute(m, side, !m.muted[side]))}>${t('mute')}</button>
      <button data-action="solo" aria-pressed=${m.solo === side ? 'true' : 'false'} aria-label=${t('soloOf', name)} ?disabled=${this.disabled}
        @click=${() => change(withSolo(m, side))}>${t('solo')}</button>
    </fieldset>`;
  }
}
customElements.define('rec-channel-mix', RecChannelMix);

declare global {
  interface HTMLElementTagNameMap { 'rec-channel-mix': RecChannelMix }
}
