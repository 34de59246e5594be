import { LitElement, css, html } from 'lit';
import type { DecodeInfo } from '../../shared/decoder-types.js';
import { fromError } from '../../shared/errors.js';
import { AudioPlayer } from '../services/audio-player.js';
import { DecoderClient, type DecodeProgress } from '../services/decoder-client.js';
import { explainError } from '../services/error-text.js';
import { PcmStore } from '../services/pcm-store.js';
import './rec-file-drop.js';
import './rec-stream-table.js';
import './rec-transport.js';
import './rec-warning-list.js';
import { formatTime } from './rec-waveform.js';
import './rec-waveform.js';

type Phase = 'idle' | 'decoding' | 'ready' | 'error';

/**
 * Page: open a local capture, decode it in the worker, play it. Keys: space play/pause,
 * ←/→ five seconds back/forward.
 */
export class RecLocalPlayer extends LitElement {
  static override properties = {
    phase: { state: true }, fileName: { state: true }, info: { state: true }, progress: { state: true },
    errorText: { state: true }, errorCode: { state: true }, playing: { state: true }, position: { state: true },
    revision: { state: true },
  };
  declare phase: Phase;
  declare fileName: string;
  declare info: DecodeInfo | null;
  declare progress: DecodeProgress | null;
  declare errorText: string;
  declare errorCode: string;
  declare playing: boolean;
  declare position: number;
  declare revision: number;

  /** the page's audio output (its `analyser` taps what is played) */
  readonly player = new AudioPlayer();
  private readonly decoder = new DecoderClient();
  private store: PcmStore | null = null;
  private file: File | null = null;
  private swapped = false;
  private frame = 0;
  private generation = 0;
  private unlisten: (() => void) | null = null;

  constructor() {
    super();
    this.phase = 'idle';
    this.fileName = '';
    this.info = null;
    this.progress = null;
    this.errorText = '';
    this.errorCode = '';
    this.playing = false;
    this.position = 0;
    this.revision = 0;
  }

  static override styles = css`
    :host { display: block; max-width: 1100px; margin: 0 auto; padding: 1rem; font-family: system-ui, sans-serif; }
    h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
    .status { min-height: 1.5rem; margin: .75rem 0; }
    progress { width: 100%; }
    .error { color: var(--rec-error, #b3261e); border-left: 4px solid currentColor; padding: .4rem .75rem; }
    .meta { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: .5rem 0; }
    .meta dt { font-size: .8em; opacity: .7; }
    .meta dd { margin: 0; }
    rec-waveform { margin: .5rem 0 1rem; border: 1px solid var(--rec-border, #d0d4da); border-radius: 6px; }
    section { margin-top: 1rem; }
    .keys { font-size: .8em; opacity: .7; margin: .5rem 0 0; }
    .cancel { font: inherit; font-size: .85em; margin-top: .25rem; padding: .1rem .6rem; border-radius: 4px;
      border: 1px solid var(--rec-border, #8a8f98); background: transparent; color: inherit; cursor: pointer; }
    .swap { font: inherit; font-size: .85em; margin-left: .5rem; padding: .1rem .5rem; border-radius: 4px;
      border: 1px solid var(--rec-border, #8a8f98); background: transparent; color: inherit; cursor: pointer; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
    this.unlisten = this.player.onChange(() => this.syncPlayer());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
    this.unlisten?.();
    cancelAnimationFrame(this.frame);
    this.decoder.dispose();
    this.player.dispose();
  }

  override render() {
    const info = this.info;
    const ready = !!this.store && this.store.filled > 0;
    return html`
      <h1>Play a call capture</h1>
      <rec-file-drop @rec-file=${(e: CustomEvent<{ file: File }>) => this.open(e.detail.file)}></rec-file-drop>
      <div class="status" role="status" aria-live="polite">${this.renderStatus()}</div>
      ${info ? html`
        <dl class="meta">
          <div><dt>File</dt><dd>${this.fileName}</dd></div>
          <div><dt>Length</dt><dd>${formatTime(info.durationMs / 1000)}</dd></div>
          <div><dt>Started</dt><dd>${info.startTime > 0 ? new Date(info.startTime).toLocaleString() : '—'}</dd></div>
          <div><dt>Audio</dt><dd>${info.sampleRate / 1000} kHz stereo · left remote, right local
            <button class="swap" @click=${() => this.swapSides()}
              title="Exchange the channels if the remote party is heard on the right">Swap sides</button></dd></div>
          ${info.dtmf.length ? html`<div><dt>DTMF</dt><dd aria-label="DTMF digits">${info.dtmf.map((d) =>
            html`<span title=${`${d.channel} at ${formatTime(d.timeMs / 1000)}`}>${d.digit}</span> `)}</dd></div>` : ''}
        </dl>
        <rec-transport .playing=${this.playing} .position=${this.position} .frames=${info.frames} .rate=${info.sampleRate}
          .disabled=${!ready} @rec-toggle=${() => void this.toggle()} @rec-seek=${this.onSeek}></rec-transport>
        <p class="keys" id="keys">Keys: space play/pause · ← → 5 seconds · click the waveform to jump</p>
        <rec-waveform .store=${this.store} .position=${this.position} .dtmf=${info.dtmf} .warnings=${info.warnings}
          .revision=${this.revision}
          @rec-seek=${this.onSeek}></rec-waveform>
        <section><rec-stream-table .info=${info}></rec-stream-table></section>
        <section><rec-warning-list .warnings=${info.warnings}></rec-warning-list></section>
      ` : ''}`;
  }

  private renderStatus() {
    if (this.phase === 'error') return html`<p class="error" data-code=${this.errorCode}><strong>${this.fileName}:</strong> ${this.errorText}</p>`;
    if (this.phase === 'decoding' && this.progress) {
      const p = this.progress;
      const frac = p.total > 0 ? p.done / p.total : 0;
      const label = p.stage === 'reading' ? 'Reading capture' : 'Decoding audio';
      return html`<label>${label}… ${Math.floor(frac * 100)} %
        <progress max="1" .value=${frac} aria-label=${label}></progress></label>
        <button class="cancel" @click=${() => this.cancel()}>Cancel</button>`;
    }
    if (this.phase === 'decoding') return html`Opening ${this.fileName}… <button class="cancel" @click=${() => this.cancel()}>Cancel</button>`;
    return '';
  }

  /** Decodes a file in the worker; any earlier decode is stopped. */
  async open(file: File, swapChannels = false): Promise<void> {
    const gen = ++this.generation;
    this.file = file;
    this.swapped = swapChannels;
    this.player.load(null);
    this.store = null;
    Object.assign(this, { info: null, phase: 'decoding', fileName: file.name, progress: null, errorText: '', errorCode: '', position: 0 });
    try {
      await this.decoder.decode(file, {
        options: { swapChannels },
        onProgress: (p) => { if (gen === this.generation) this.progress = p; },
        onInfo: (info) => {
          if (gen !== this.generation) return;
          this.store = new PcmStore(info);
          this.player.load(this.store);
          this.info = info;
        },
        onChunk: (c) => {
          if (gen !== this.generation || !this.store) return;
          this.store.add(c);
          this.revision++;
        },
      });
      if (gen === this.generation) this.phase = 'ready';
    } catch (e) {
      if (gen !== this.generation) return; // superseded by a newer file
      const err = fromError(e);
      this.player.load(null);
      this.store = null;
      Object.assign(this, { info: null, phase: 'error', errorCode: err.code, errorText: explainError(err) });
    }
  }

  /** Stops decoding and drops the partial result (a half-decoded call would play into silence). */
  private cancel(): void {
    this.generation++;
    this.decoder.cancel();
    this.player.load(null);
    this.store = null;
    Object.assign(this, { info: null, progress: null, phase: 'idle' });
  }

  /** Decodes the same file again with the sides exchanged (the channel heuristic can guess wrong). */
  private swapSides(): void {
    if (this.file) void this.open(this.file, !this.swapped);
  }

  private async toggle(): Promise<void> {
    if (!this.store || this.store.filled === 0) return;
    try {
      await this.player.toggle();
    } catch (e) {
      Object.assign(this, { phase: 'error', errorCode: 'internal', errorText: `Audio output failed: ${(e as Error).message}` });
    }
  }

  private onSeek = (e: CustomEvent<{ frame: number }>): void => {
    this.player.seekFrame(e.detail.frame);
  };

  private onKey = (e: KeyboardEvent): void => {
    if (!this.store || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    // Inside shadow roots the real target is the first entry of the composed path.
    const t = e.composedPath()[0] as HTMLElement | undefined;
    if (t && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName)) return;
    if (e.key === ' ') void this.toggle();
    else if (e.key === 'ArrowLeft') this.player.seekBy(-5);
    else if (e.key === 'ArrowRight') this.player.seekBy(5);
    else return;
    e.preventDefault();
  };

  private syncPlayer(): void {
    this.playing = this.player.isPlaying;
    this.position = this.player.positionFrame;
    cancelAnimationFrame(this.frame);
    if (this.playing) {
      const loop = () => {
        this.position = this.player.positionFrame;
        this.frame = requestAnimationFrame(loop);
      };
      this.frame = requestAnimationFrame(loop);
    }
  }
}
customElements.define('rec-local-player', RecLocalPlayer);

declare global {
  interface HTMLElementTagNameMap { 'rec-local-player': RecLocalPlayer }
}
