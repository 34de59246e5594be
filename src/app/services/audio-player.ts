// Plays a PcmStore through Web Audio while it is still being filled: short segments rendered just
// before they play (never the whole call) by the time stretcher — which keeps the pitch at any
// speed and makes the A-B loop one continuous signal — and scheduled back to back on the audio clock.
// Stereo as stored: channel 0 (left) = remote party, channel 1 (right) = local user; each side
// has its own gain (volume, mute, solo) before the output.
import { channelGains, defaultMix, type ChannelMix } from './channel-mix.js';
import type { PcmStore } from './pcm-store.js';
import { MAX_SPEED, MIN_SPEED, WsolaStretcher, type LoopFrames } from './time-stretch.js';

const SEGMENT_SEC = 0.5;
const LOOKAHEAD_SEC = 1.5;
/** A segment starts this long after it was rendered: time for the start to reach the audio thread. */
const START_DELAY_SEC = 0.02;
const TICK_MS = 100;
/** Gain changes glide over this time constant: no click when muting mid-word. */
const GAIN_GLIDE_SEC = 0.01;

export type PlayerListener = () => void;

/** One scheduled segment: when it plays and which input position each of its hops came from. */
interface Piece { when: number; hop: number; positions: Float64Array; speed: number }

export class AudioPlayer {
  private ctx: AudioContext | null = null;
  /** call rate the context was made for (its own rate may differ if the browser refused that one) */
  private ctxFor = 0;
  private input: GainNode | null = null;
  private sideGains: [GainNode, GainNode] | null = null;
  private out: GainNode | null = null;
  /** tap for level meters (and tests): sees exactly what goes to the speakers */
  analyser: AnalyserNode | null = null;
  /** one tap per output channel (0 = left/remote, 1 = right/local), after volume/mute/solo */
  channelAnalysers: [AnalyserNode, AnalyserNode] | null = null;
  private store: PcmStore | null = null;
  private stretcher: WsolaStretcher | null = null;
  private sources = new Set<AudioBufferSourceNode>();
  private pieces: Piece[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private playing = false;
  private pausedFrame = 0;
  private nextTime = 0;
  private finished = false;
  private speedValue = 1;
  private loopValue: LoopFrames | null = null;
  private mixValue: ChannelMix = defaultMix();
  private listeners = new Set<PlayerListener>();
  private endListeners = new Set<PlayerListener>();

  get isPlaying(): boolean { return this.playing; }
  get context(): AudioContext | null { return this.ctx; }
  get speed(): number { return this.speedValue; }
  get loop(): LoopFrames | null { return this.loopValue; }
  get mix(): ChannelMix { return this.mixValue; }

  /** Called on play/pause/seek/end and setting changes; position changes are polled by the UI (positionFrame). */
  onChange(l: PlayerListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Called once when playback reaches the end of the call by itself (not on pause or seek). */
  onEnded(l: PlayerListener): () => void {
    this.endListeners.add(l);
    return () => this.endListeners.delete(l);
  }

  load(store: PcmStore | null): void {
    this.stopSources();
    this.playing = false;
    clearInterval(this.timer);
    this.store = store;
    this.stretcher = store ? new WsolaStretcher(store.rate) : null;
    if (this.stretcher) this.stretcher.speed = this.speedValue;
    this.pausedFrame = 0;
    this.loopValue = null;
    this.emit();
  }

  /**
   * Swaps in the store that supersedes the current one (the whole call after a provisional
   * preview) without a gap: at the same rate the stretcher reads on from the new store; at another
   * rate playback restarts at the same time position.
   */
  replaceStore(store: PcmStore): void {
    const old = this.store;
    if (!old || old.rate !== store.rate) {
      const wasPlaying = this.playing;
      const seconds = old ? this.positionFrame / old.rate : 0;
      this.load(store);
      if (wasPlaying) {
        this.pausedFrame = Math.min(store.frames, Math.round(seconds * store.rate));
        void this.play().catch(() => undefined);
      }
      return;
    }
    this.store = store;
    this.emit();
  }

  /**
   * Creates and starts the audio output for a call of this rate ahead of Play, so pressing Play
   * does not wait for the output device (Chromium: most of the click → sound time). Where the
   * browser does not allow audio yet, the context stays suspended and play() resumes it.
   */
  prepare(rate: number): void {
    const ctx = this.ensureContext(rate);
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  }

  /** Current position in frames of the store. */
  get positionFrame(): number {
    const s = this.store;
    if (!s) return 0;
    if (!this.playing || !this.ctx) return this.pausedFrame;
    return Math.min(s.frames, this.positionAt(this.ctx.currentTime));
  }

  async play(): Promise<void> {
    const s = this.store;
    if (!s || this.playing) return;
    const ctx = this.ensureContext(s.rate);
    if (ctx.state !== 'running') await ctx.resume();
    if (this.pausedFrame >= s.frames) this.pausedFrame = this.loopValue?.a ?? 0;
    this.playing = true;
    this.restartAt(this.pausedFrame);
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.emit();
  }

  pause(): void {
    if (!this.playing) return;
    this.pausedFrame = this.positionFrame;
    this.playing = false;
    clearInterval(this.timer);
    this.stopSources();
    this.emit();
  }

  toggle(): Promise<void> {
    if (this.playing) { this.pause(); return Promise.resolve(); }
    return this.play();
  }

  seekFrame(frame: number): void {
    const s = this.store;
    if (!s) return;
    const f = Math.max(0, Math.min(s.frames, Math.round(frame)));
    if (this.playing) this.restartAt(f);
    else this.pausedFrame = f;
    this.emit();
  }

  seekBy(seconds: number): void {
    if (this.store) this.seekFrame(this.positionFrame + seconds * this.store.rate);
  }

  /** 0.5 … 2; the pitch stays. Audio already scheduled is replaced from the current position. */
  setSpeed(speed: number): void {
    const s = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
    if (!Number.isFinite(s) || s === this.speedValue) return;
    const at = this.positionFrame;
    this.speedValue = s;
    if (this.stretcher) this.stretcher.speed = s;
    if (this.playing) this.restartAt(at);
    this.emit();
  }

  /**
   * Loops [a, b) frames, or stops looping (null). A range shorter than 50 ms is refused with a
   * RangeError (nothing audible to loop). Playing outside the new range jumps to A.
   */
  setLoop(loop: LoopFrames | null): void {
    const s = this.store;
    if (loop && s) {
      const a = Math.max(0, Math.round(Math.min(loop.a, loop.b))), b = Math.min(s.frames, Math.round(Math.max(loop.a, loop.b)));
      if (b - a < s.rate * 0.05) throw new RangeError('the loop must be at least 50 ms long');
      loop = { a, b };
    }
    this.loopValue = loop;
    const at = this.positionFrame;
    const inside = !loop || (at >= loop.a && at < loop.b);
    if (this.playing) this.restartAt(inside ? at : loop!.a);
    else if (!inside) this.pausedFrame = loop!.a;
    this.emit();
  }

  setMix(mix: ChannelMix): void {
    this.mixValue = mix;
    this.applyGains();
    this.emit();
  }

  dispose(): void {
    this.load(null);
    void this.ctx?.close();
    this.ctx = null;
  }

  /**
   * The context runs at the call's own rate where the browser allows it: the output stage then
   * resamples with a proper filter, instead of each 8 kHz buffer being stretched to 48 kHz by
   * interpolation (audible images above 4 kHz). 'interactive' latency: audio is scheduled 1.5 s
   * ahead anyway, so a small output buffer costs no safety and halves the time to the first
   * audible sample (Chromium: 16 + 48 ms instead of 32 + 96 ms).
   */
  private ensureContext(rate: number): AudioContext {
    if (this.ctx && this.ctxFor !== rate) {
      void this.ctx.close();
      this.ctx = null;
    }
    if (!this.ctx) {
      this.ctxFor = rate;
      try {
        this.ctx = new AudioContext({ latencyHint: 'interactive', sampleRate: rate });
      } catch {
        this.ctx = new AudioContext({ latencyHint: 'interactive' });
      }
      const ctx = this.ctx;
      // sources → input → split → gain per side → merge → out → speakers (+ taps)
      this.input = ctx.createGain();
      this.input.channelCount = 2;
      this.input.channelCountMode = 'explicit';
      const split = ctx.createChannelSplitter(2);
      const merge = ctx.createChannelMerger(2);
      this.sideGains = [ctx.createGain(), ctx.createGain()];
      this.input.connect(split);
      for (const side of [0, 1] as const) {
        split.connect(this.sideGains[side], side);
        this.sideGains[side].connect(merge, 0, side);
      }
      this.out = ctx.createGain();
      merge.connect(this.out);
      this.out.connect(ctx.destination);
      this.analyser = ctx.createAnalyser();
      this.analyser.fftSize = 2048;
      this.out.connect(this.analyser);
      const tapSplit = ctx.createChannelSplitter(2);
      this.channelAnalysers = [ctx.createAnalyser(), ctx.createAnalyser()];
      for (const a of this.channelAnalysers) a.fftSize = 2048;
      this.out.connect(tapSplit);
      tapSplit.connect(this.channelAnalysers[0], 0);
      tapSplit.connect(this.channelAnalysers[1], 1);
      this.applyGains(true);
    }
    return this.ctx;
  }

  private applyGains(now = false): void {
    if (!this.ctx || !this.sideGains) return;
    const g = channelGains(this.mixValue);
    for (const side of [0, 1] as const) {
      const p = this.sideGains[side].gain;
      p.cancelScheduledValues(0);
      if (now) p.value = g[side];
      else p.setTargetAtTime(g[side], this.ctx.currentTime, GAIN_GLIDE_SEC);
    }
  }

  private restartAt(frame: number): void {
    this.stopSources();
    this.pieces = [];
    this.finished = false;
    this.stretcher!.reset(this.inputView(), frame);
    this.nextTime = 0; // the first segment starts once rendered (schedule)
    this.pausedFrame = frame;
    this.tick();
  }

  private inputView() {
    const s = this.store!;
    return { left: s.left, right: s.right, available: s.filled };
  }

  private positionAt(time: number): number {
    const ps = this.pieces;
    // the last piece that has started; before the first one, where playback (re)started
    let i = ps.length - 1;
    while (i >= 0 && ps[i]!.when > time) i--;
    if (i < 0) return this.pausedFrame;
    const p = ps[i]!;
    const rate = this.store!.rate;
    const hopSec = p.hop / rate;
    const k = Math.floor((time - p.when) / hopSec);
    if (k >= p.positions.length) return p.positions[p.positions.length - 1]! + p.hop * p.speed;
    return p.positions[k]! + ((time - p.when) - k * hopSec) * rate * p.speed;
  }

  private tick(): void {
    const s = this.store, ctx = this.ctx, st = this.stretcher;
    if (!this.playing || !s || !ctx || !st) return;
    // Drop pieces that finished playing long ago (keep the current one for positionAt).
    while (this.pieces.length > 1 && this.pieces[1]!.when <= ctx.currentTime) this.pieces.shift();
    const loop = this.loopValue;
    // A provisional store (preview) has no end yet: its frames are only what has arrived.
    const end = s.provisional ? Infinity : s.frames;
    if (this.finished || (!loop && st.position >= end)) {
      this.finished = true;
      if (ctx.currentTime >= this.nextTime) {
        this.playing = false;
        this.pausedFrame = s.frames;
        clearInterval(this.timer);
        this.emit();
        for (const l of this.endListeners) l();
      }
      return;
    }
    const hopsPerSegment = Math.max(1, Math.round((SEGMENT_SEC * s.rate) / st.hop));
    while (this.nextTime < ctx.currentTime + LOOKAHEAD_SEC) {
      if (!loop && st.position >= end) break;
      // Decoding behind playback: wait until the frames this segment reads are there.
      const need = loop ? loop.b : Math.min(end, st.position + hopsPerSegment * st.hop * st.speed + st.lookahead);
      if (s.filled < end && s.filled < need) break;
      const hops = loop ? hopsPerSegment : Math.min(hopsPerSegment, Math.ceil((end - st.position) / (st.hop * st.speed)));
      this.schedule(s, st, Math.max(1, hops), loop);
    }
  }

  private schedule(s: PcmStore, st: WsolaStretcher, hops: number, loop: LoopFrames | null): void {
    const ctx = this.ctx!;
    const n = hops * st.hop;
    const buf = ctx.createBuffer(2, n, s.rate);
    const positions = new Float64Array(hops);
    st.render(this.inputView(), buf.getChannelData(0), buf.getChannelData(1), 0, hops, positions, loop);
    // Just (re)started, or ran dry (the clock passed the end of what was scheduled): start a moment
    // after rendering, never in the past (a late start would overlap the next segment).
    if (this.nextTime < ctx.currentTime + START_DELAY_SEC / 2) this.nextTime = ctx.currentTime + START_DELAY_SEC;
    const node = ctx.createBufferSource();
    node.buffer = buf;
    node.connect(this.input!);
    node.onended = () => this.sources.delete(node);
    node.start(this.nextTime);
    this.sources.add(node);
    this.pieces.push({ when: this.nextTime, hop: st.hop, positions, speed: st.speed });
    this.nextTime += n / s.rate;
  }

  private stopSources(): void {
    for (const n of this.sources) {
      try { n.stop(); } catch { /* never started */ }
      n.disconnect();
    }
    this.sources.clear();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
