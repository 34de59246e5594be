import { LitElement, css, html, type PropertyValues } from 'lit';
import type { DecodeWarning, DtmfEvent, StreamInfo, WarningCode } from '../../shared/decoder-types.js';
import type { PcmStore } from '../services/pcm-store.js';
import type { LoopFrames } from '../services/time-stretch.js';
import { LocaleController, t } from '../i18n/i18n.js';
import { warningText } from '../i18n/warning-text.js';
import { emit } from './events.js';

/** Warnings that mean audio is missing, replaced or cut around their position (drawn as loss marks). */
const LOSS_CODES: ReadonlySet<WarningCode> = new Set<WarningCode>([
  'gap-capped', 'timestamp-jump', 'late-packet', 'fragment-incomplete', 'malformed-rtp', 'truncated-packet',
]);
/** More marks than this are not useful on one row; the warning list below holds them all. */
const MAX_MARKS = 300;

/**
 * Two-channel waveform (left = remote on top, right = local below) with the decoded part drawn
 * as chunks arrive, DTMF marks and the play position. Click or arrow keys to seek.
 * @fires rec-seek
 */
export class RecWaveform extends LitElement {
  static override properties = {
    store: { attribute: false }, position: { type: Number }, dtmf: { attribute: false }, revision: { type: Number },
    warnings: { attribute: false }, streams: { attribute: false }, loop: { attribute: false },
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
  /** to place a warning on its side */
  declare streams: StreamInfo[];
  /** the A-B loop, shaded */
  declare loop: LoopFrames | null;

  constructor() {
    super();
    new LocaleController(this);
    this.store = null;
    this.position = 0;
    this.dtmf = [];
    this.warnings = [];
    this.revision = 0;
    this.streams = [];
    this.loop = null;
  }

  static override styles = css`
    :host { display: block; position: relative; }
    .box { position: relative; height: var(--rec-wave-height, 160px); border: 1px solid var(--rec-border, #ccc);
      border-radius: 6px; overflow: hidden; }
    .wrap { position: absolute; inset: 0; outline: none; cursor: pointer; }
    .wrap:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
    canvas { width: 100%; height: 100%; display: block; }
    .marks { position: absolute; inset: 0; pointer-events: none; }
    .mark { position: absolute; transform: translateX(-50%); pointer-events: auto; font: inherit; font-size: .7em;
      line-height: 1; padding: 1px 3px; border: 0; border-radius: 3px; cursor: pointer; color: #fff; }
    .mark[data-kind=dtmf] { background: var(--rec-mark, #e37400); font-weight: 700; }
    .mark[data-kind=loss] { background: var(--rec-warn, #b3261e); }
    .mark[data-kind=warning] { background: var(--rec-muted, #6b7075); }
    .loop { position: absolute; top: 0; bottom: 0; background: var(--rec-accent, #1a73e8); opacity: .15; pointer-events: none;
      border-left: 2px solid var(--rec-accent, #1a73e8); border-right: 2px solid var(--rec-accent, #1a73e8); }
    .lossnote { margin: .2rem 0 0; font-size: .8em; color: var(--rec-warn, #b3261e); }
    .labels { position: absolute; left: 4px; top: 2px; bottom: 2px; display: flex; flex-direction: column;
      justify-content: space-between; font-size: .7em; opacity: .7; pointer-events: none; }
  `;

  override render() {
    const s = this.store;
    const dur = s ? s.durationSec : 0;
    const pos = s ? this.position / s.rate : 0;
    const marks = s ? this.marks(dur) : [];
    const dtmfCount = marks.filter((m) => m.kind === 'dtmf').length, lossCount = marks.filter((m) => m.kind === 'loss').length;
    // The marks are siblings of the slider, not its children: a slider's content is hidden from
    // assistive technology, the marks' labels are not.
    return html`<div class="box"><div class="wrap" tabindex="0" role="slider" aria-label=${t('position')}
        aria-valuemin="0" aria-valuemax=${dur.toFixed(1)} aria-valuenow=${pos.toFixed(1)}
        aria-valuetext=${t('positionOf', formatTime(pos), formatTime(dur))} aria-describedby="marks-summary"
        @click=${this.onClick} @keydown=${this.onKey}>
        <canvas></canvas>
        <div class="labels"><span>${t('waveLeft')}</span><span>${t('waveRight')}</span></div>
        <span id="marks-summary" hidden>${t('marksSummary', dtmfCount, lossCount)}</span>
        </div>
        ${s && this.loop ? html`<div class="loop" data-loop-a=${this.loop.a} data-loop-b=${this.loop.b}
          style=${`left:${(100 * this.loop.a) / s.frames}%;width:${(100 * (this.loop.b - this.loop.a)) / s.frames}%`}></div>` : ''}
        <div class="marks" role="group" aria-label=${t('marksLabel')}>${marks.map((m) => html`<button class="mark" tabindex="-1" data-kind=${m.kind} data-time-ms=${m.timeMs}
          data-channel=${m.channel ?? ''} data-digit=${m.digit ?? ''} data-code=${m.code ?? ''}
          style=${`left:${Math.min(100, (100 * m.timeMs) / 1000 / dur)}%;${m.channel === 'right' ? 'top:52%' : 'top:2px'}`}
          aria-label=${m.label} title=${m.label}
          @click=${(e: Event) => { e.stopPropagation(); emit(this, 'rec-seek', { frame: (m.timeMs / 1000) * s!.rate }); }}>${m.text}</button>`)}</div>
      </div>
      ${this.unplacedLoss(marks).map((n) => html`<p class="lossnote" data-channel=${n.channel}>${n.text}</p>`)}`;
  }

  /**
   * Streams that lost packets where no mark shows it: the decoder counts losses per stream but
   * does not say where they were, so the count is stated instead of a guessed position.
   */
  private unplacedLoss(marks: Mark[]): { channel: string; text: string }[] {
    const out: { channel: string; text: string }[] = [];
    for (const st of this.streams) {
      if (st.lost <= 0 || !st.channel || marks.some((m) => m.kind === 'loss' && m.channel === st.channel)) continue;
      const pct = st.expected > 0 ? ((100 * st.lost) / st.expected).toFixed(1) : '0';
      out.push({ channel: st.channel, text: t('lossUnplaced', st.channel === 'left' ? t('remoteLeft') : t('localRight'), st.lost, pct) });
    }
    return out;
  }

  /** DTMF digits and positioned warnings as focusable-by-click marks (DOM, so they can be read and tested). */
  private marks(durSec: number): Mark[] {
    if (durSec <= 0) return [];
    const side = (c: 'left' | 'right' | null | undefined) => (c === 'left' ? t('remoteLeft') : c === 'right' ? t('localRight') : '');
    const out: Mark[] = this.dtmf.map((d) => ({
      kind: 'dtmf' as const, timeMs: d.timeMs, channel: d.channel, digit: d.digit, text: d.digit,
      label: t('dtmfMark', d.digit, formatTime(d.timeMs / 1000), side(d.channel)),
    }));
    for (const w of this.warnings) {
      if (w.timeMs < 0 || out.length >= MAX_MARKS) continue;
      const channel = this.streams[w.stream]?.channel ?? null;
      const kind = LOSS_CODES.has(w.code) ? 'loss' as const : 'warning' as const;
      out.push({ kind, timeMs: w.timeMs, channel, code: w.code, text: kind === 'loss' ? '▲' : '•',
        label: `${formatTime(w.timeMs / 1000)} ${side(channel)}: ${warningText(w)}` });
    }
    return out;
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
    for (const d of this.dtmf) {
      const x = ((d.timeMs / 1000) / s.durationSec) * w;
      const y = d.channel === 'left' ? 0 : half;
      // A translucent band over the key press (the digit is a DOM mark above it): the audio stays visible.
      g.fillStyle = mark;
      g.globalAlpha = 0.3;
      g.fillRect(x, y, Math.max(2 * dpr, ((d.durationMs / 1000) / s.durationSec) * w), half);
      g.globalAlpha = 1;
      g.fillRect(x, y, Math.max(1, dpr), half);
    }
    // Where audio is missing or replaced: a thin band over the affected side (the mark sits on top of it).
    g.fillStyle = style.getPropertyValue('--rec-warn').trim() || '#b3261e';
    for (const wn of this.warnings) {
      if (wn.timeMs < 0 || !LOSS_CODES.has(wn.code)) continue;
      const x = ((wn.timeMs / 1000) / s.durationSec) * w;
      const ch = this.streams[wn.stream]?.channel;
      const lenMs = wn.code === 'gap-capped' ? Math.max(0, wn.detail) : 0;
      g.globalAlpha = 0.25;
      g.fillRect(x, ch === 'right' ? half : 0, Math.max(2 * dpr, ((lenMs / 1000) / s.durationSec) * w), ch ? half : h);
      g.globalAlpha = 1;
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

interface Mark {
  kind: 'dtmf' | 'loss' | 'warning';
  timeMs: number;
  channel: 'left' | 'right' | null;
  digit?: string;
  code?: string;
  text: string;
  label: string;
}

export function formatTime(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

declare global {
  interface HTMLElementTagNameMap { 'rec-waveform': RecWaveform }
}
