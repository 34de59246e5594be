import { LitElement, css, html, type PropertyValues } from 'lit';
import type { DecodeWarning, DtmfEvent } from '../../shared/decoder-types.js';
import type { PcmStore } from '../services/pcm-store.js';
import { LocaleController, t } from '../i18n/i18n.js';
import { emit } from './events.js';

/**
 * Two-channel waveform (left = remote on top, right = local below) with the decoded part drawn
 * as chunks arrive, DTMF marks and the play position. Click or arrow keys to seek.
 * @fires rec-seek
 */
export class RecWaveform extends LitElement {
  static override properties = {
    store: { attribute: false }, position: { type: Number }, dtmf: { attribute: false }, revision: { type: Number },
    warnings: { attribute: false },
  };
  /** the decoded call (partly filled while decoding) */
  declare store: PcmStore | null;
  /** play position in frames */
  declare position: number;
  declare dtmf: DtmfEvent[];
  /** problems with a position (gaps, jumps, losses) are marked on the time axis */
  declare warnings: DecodeWarning[];
  /** bump to redraw after the store received audio */
  declare revision: number;

  constructor() {
    super();
    new LocaleController(this);
    this.store = null;
    this.position = 0;
    this.dtmf = [];
    this.warnings = [];
    this.revision = 0;
  }

  static override styles = css`
    :host { display: block; position: relative; }
    .wrap { position: relative; height: 160px; outline: none; cursor: pointer; }
    .wrap:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
    canvas { width: 100%; height: 100%; display: block; }
    .labels { position: absolute; left: 4px; top: 2px; bottom: 2px; display: flex; flex-direction: column;
      justify-content: space-between; font-size: .7em; opacity: .7; pointer-events: none; }
  `;

  override render() {
    const s = this.store;
    const dur = s ? s.durationSec : 0;
    const pos = s ? this.position / s.rate : 0;
    return html`<div class="wrap" tabindex="0" role="slider" aria-label=${t('position')}
        aria-valuemin="0" aria-valuemax=${dur.toFixed(1)} aria-valuenow=${pos.toFixed(1)}
        aria-valuetext=${t('positionOf', formatTime(pos), formatTime(dur))}
        @click=${this.onClick} @keydown=${this.onKey}>
        <canvas></canvas>
        <div class="labels"><span>${t('waveLeft')}</span><span>${t('waveRight')}</span></div>
      </div>`;
  }

  protected override updated(_: PropertyValues): void {
    this.draw();
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const g = canvas.getContext('2d');
    if (!g) return;
    const style = getComputedStyle(this);
    g.clearRect(0, 0, w, h);
    const s = this.store;
    if (!s || s.frames === 0) return;
    const half = h / 2;
    const colors = [style.getPropertyValue('--rec-left').trim() || '#1a73e8', style.getPropertyValue('--rec-right').trim() || '#188038'];
    const filledBuckets = Math.ceil(s.filled / s.bucketFrames);
    // Telephone speech rarely goes near full scale: scale to the loudest decoded sample so quiet
    // calls are still readable (both channels by the same factor, so their levels compare).
    let loudest = 1024;
    for (let ch = 0; ch < 2; ch++) {
      const p = s.peaks[ch];
      for (let i = 0; i < filledBuckets * 2; i++) loudest = Math.max(loudest, Math.abs(p[i]));
    }
    for (let ch = 0; ch < 2; ch++) {
      const peaks = s.peaks[ch];
      const mid = ch * half + half / 2;
      const amp = ((half / 2 - 2) * 32768) / loudest;
      g.fillStyle = colors[ch];
      for (let x = 0; x < w; x++) {
        const b0 = Math.floor((x / w) * s.buckets);
        const b1 = Math.max(b0 + 1, Math.floor(((x + 1) / w) * s.buckets));
        if (b0 >= filledBuckets) break;
        let lo = 0, hi = 0;
        for (let b = b0; b < b1 && b < filledBuckets; b++) {
          lo = Math.min(lo, peaks[2 * b]);
          hi = Math.max(hi, peaks[2 * b + 1]);
        }
        const top = mid - (hi / 32768) * amp;
        const bottom = mid - (lo / 32768) * amp;
        g.fillRect(x, top, 1, Math.max(1, bottom - top));
      }
    }
    const mark = style.getPropertyValue('--rec-mark').trim() || '#e37400';
    g.font = `bold ${12 * dpr}px sans-serif`;
    for (const d of this.dtmf) {
      const x = ((d.timeMs / 1000) / s.durationSec) * w;
      const y = d.channel === 'left' ? 0 : half;
      // A translucent band over the key press, the digit above it: the audio stays visible.
      g.fillStyle = mark;
      g.globalAlpha = 0.3;
      g.fillRect(x, y, Math.max(2 * dpr, ((d.durationMs / 1000) / s.durationSec) * w), half);
      g.globalAlpha = 1;
      g.fillRect(x, y, Math.max(1, dpr), half);
      g.fillText(d.digit, Math.min(x + 3 * dpr, w - 10 * dpr), y + 14 * dpr);
    }
    g.fillStyle = style.getPropertyValue('--rec-warn').trim() || '#b3261e';
    for (const wn of this.warnings) {
      if (wn.timeMs < 0) continue;
      const x = ((wn.timeMs / 1000) / s.durationSec) * w;
      g.beginPath();
      g.moveTo(x - 4 * dpr, h);
      g.lineTo(x + 4 * dpr, h);
      g.lineTo(x, h - 7 * dpr);
      g.fill();
    }
    g.fillStyle = style.getPropertyValue('--rec-cursor').trim() || '#d93025';
    g.fillRect(Math.min(w - 2, (this.position / s.frames) * w), 0, 2 * dpr, h);
  }

  private onClick(e: MouseEvent): void {
    const s = this.store;
    if (!s) return;
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const frac = Math.max(0, Math.min(1, (e.clientX - r.left) / r.width));
    emit(this, 'rec-seek', { frame: frac * s.frames });
  }

  private onKey(e: KeyboardEvent): void {
    const s = this.store;
    if (!s) return;
    const step = { ArrowLeft: -5, ArrowRight: 5, PageDown: -30, PageUp: 30 }[e.key];
    if (e.key === 'Home' || e.key === 'End') {
      emit(this, 'rec-seek', { frame: e.key === 'Home' ? 0 : s.frames });
    } else if (step !== undefined) {
      emit(this, 'rec-seek', { frame: this.position + step * s.rate });
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }
}
customElements.define('rec-waveform', RecWaveform);

export function formatTime(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

declare global {
  interface HTMLElementTagNameMap { 'rec-waveform': RecWaveform }
}
