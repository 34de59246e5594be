import { LitElement, css, html, type PropertyValues } from 'lit';
import { LocaleController, t } from '../i18n/i18n.js';
import type { ChannelMix } from '../services/channel-mix.js';
import type { Playback } from '../services/playback.js';
import './rec-channel-mix.js';
import './rec-transport.js';
import './rec-waveform.js';

/**
 * The playing part of every player: transport, waveform with marks, channel mix, driven by one
 * Playback. Turns the parts' intents into Playback calls; previous/next and auto-advance go up
 * to the host (it knows the playlist).
 * @fires rec-navigate
 * @fires rec-auto-advance
 */
export class RecPlayerDeck extends LitElement {
  static override properties = {
    playback: { attribute: false }, navigation: { type: Boolean }, hasPrevious: { type: Boolean }, hasNext: { type: Boolean },
    autoAdvance: { type: Boolean }, compact: { type: Boolean, reflect: true },
  };
  declare playback: Playback | null;
  declare navigation: boolean;
  declare hasPrevious: boolean;
  declare hasNext: boolean;
  declare autoAdvance: boolean;
  /** narrow panel: a lower waveform */
  declare compact: boolean;
  private off: (() => void) | null = null;

  constructor() {
    super();
    new LocaleController(this);
    Object.assign(this, { playback: null, navigation: false, hasPrevious: false, hasNext: false, autoAdvance: false, compact: false });
  }

  static override styles = css`
    :host { display: block; }
    rec-waveform { margin: .5rem 0; }
    :host([compact]) rec-waveform { --rec-wave-height: 96px; }
    .notice { color: var(--rec-error, #b3261e); font-size: .9em; margin: .25rem 0; }
  `;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('playback')) {
      this.off?.();
      this.off = this.playback?.onChange(() => this.requestUpdate()) ?? null;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.off?.();
    this.off = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.playback && !this.off) this.off = this.playback.onChange(() => this.requestUpdate());
  }

  override render() {
    const pb = this.playback;
    const info = pb?.info;
    if (!pb) return html``;
    // No audio (still loading, or it failed): previous/next stay usable so a playlist never gets stuck.
    if (!info || !pb.store) {
      return this.navigation ? html`<rec-transport .disabled=${true} .navigation=${true} .hasPrevious=${this.hasPrevious}
        .hasNext=${this.hasNext} .autoAdvance=${this.autoAdvance}></rec-transport>` : html``;
    }
    const player = pb.player;
    return html`
      <rec-transport .playing=${pb.playing} .position=${pb.position} .frames=${info.frames} .lengthKnown=${!pb.store.provisional} .rate=${info.sampleRate}
        .disabled=${!pb.ready} .speed=${player.speed} .loop=${player.loop} .pendingA=${pb.pendingA}
        .navigation=${this.navigation} .hasPrevious=${this.hasPrevious} .hasNext=${this.hasNext} .autoAdvance=${this.autoAdvance}
        @rec-toggle=${(e: Event) => { e.stopPropagation(); void pb.toggle(); }}
        @rec-seek=${(e: CustomEvent<{ frame: number }>) => { e.stopPropagation(); pb.seek(e.detail.frame); }}
        @rec-speed=${(e: CustomEvent<{ speed: number }>) => { e.stopPropagation(); pb.setSpeed(e.detail.speed); }}
        @rec-loop=${(e: CustomEvent<{ action: 'a' | 'b' | 'clear' }>) => {
          e.stopPropagation();
          if (e.detail.action === 'a') pb.loopA(); else if (e.detail.action === 'b') pb.loopB(); else pb.clearLoop();
        }}></rec-transport>
      ${pb.notice ? html`<p class="notice" role="alert">${pb.notice}</p>` : ''}
      <rec-waveform .store=${pb.store} .position=${pb.position} .dtmf=${info.dtmf} .warnings=${info.warnings} .streams=${info.streams}
        .loop=${player.loop} .revision=${pb.revision}
        @rec-seek=${(e: CustomEvent<{ frame: number }>) => { e.stopPropagation(); pb.seek(e.detail.frame); }}></rec-waveform>
      <rec-channel-mix .mix=${player.mix} aria-label=${t('channelMix')} role="group"
        @rec-mix=${(e: CustomEvent<{ mix: ChannelMix }>) => { e.stopPropagation(); pb.setMix(e.detail.mix); }}></rec-channel-mix>`;
  }
}
customElements.define('rec-player-deck', RecPlayerDeck);

declare global {
  interface HTMLElementTagNameMap { 'rec-player-deck': RecPlayerDeck }
}
