// Plays a PcmStore through Web Audio while it is still being filled: short segments converted to
// float just before they play (never the whole call), scheduled a little ahead on the audio clock.
// Stereo as stored: channel 0 (left) = remote party, channel 1 (right) = local user.
import type { PcmStore } from './pcm-store.js';

const SEGMENT_SEC = 0.5;
const LOOKAHEAD_SEC = 1.5;
const START_DELAY_SEC = 0.05;
const TICK_MS = 100;

export type PlayerListener = () => void;

export class AudioPlayer {
  private ctx: AudioContext | null = null;
  /** call rate the context was made for (its own rate may differ if the browser refused that one) */
  private ctxFor = 0;
  private out: GainNode | null = null;
  /** tap for level meters (and tests): sees exactly what goes to the speakers */
  analyser: AnalyserNode | null = null;
  /** one tap per output channel (0 = left/remote, 1 = right/local): the mixed tap cannot tell sides apart */
  channelAnalysers: [AnalyserNode, AnalyserNode] | null = null;
  private store: PcmStore | null = null;
  private sources = new Set<AudioBufferSourceNode>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private playing = false;
  private pausedFrame = 0;
  private anchorTime = 0;
  private anchorFrame = 0;
  private nextFrame = 0;
  private nextTime = 0;
  private listeners = new Set<PlayerListener>();

  get isPlaying(): boolean { return this.playing; }
  get context(): AudioContext | null { return this.ctx; }

  /** Called on play/pause/seek/end; position changes are polled by the UI (positionFrame). */
  onChange(l: PlayerListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  load(store: PcmStore | null): void {
    this.stopSources();
    this.playing = false;
    clearInterval(this.timer);
    this.store = store;
    this.pausedFrame = 0;
    this.emit();
  }

  /** Current position in frames of the store. */
  get positionFrame(): number {
    const s = this.store;
    if (!s) return 0;
    if (!this.playing || !this.ctx) return this.pausedFrame;
    const t = this.ctx.currentTime - this.anchorTime;
    const f = this.anchorFrame + Math.max(0, t) * s.rate;
    return Math.min(f, this.nextFrame, s.frames);
  }

  async play(): Promise<void> {
    const s = this.store;
    if (!s || this.playing) return;
    const ctx = this.ensureContext(s.rate);
    if (ctx.state !== 'running') await ctx.resume();
    if (this.pausedFrame >= s.frames) this.pausedFrame = 0;
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

  dispose(): void {
    this.load(null);
    void this.ctx?.close();
    this.ctx = null;
  }

  /**
   * The context runs at the call's own rate where the browser allows it: the output stage then
   * resamples with a proper filter, instead of each 8 kHz buffer being stretched to 48 kHz by
   * interpolation (audible images above 4 kHz).
   */
  private ensureContext(rate: number): AudioContext {
    if (this.ctx && this.ctxFor !== rate) {
      void this.ctx.close();
      this.ctx = null;
    }
    if (!this.ctx) {
      this.ctxFor = rate;
      try {
        this.ctx = new AudioContext({ latencyHint: 'playback', sampleRate: rate });
      } catch {
        this.ctx = new AudioContext({ latencyHint: 'playback' });
      }
      this.out = this.ctx.createGain();
      this.analyser = this.ctx.createAnalyser();
      this.analyser.fftSize = 2048;
      this.out.connect(this.ctx.destination);
      this.out.connect(this.analyser);
      const split = this.ctx.createChannelSplitter(2);
      this.channelAnalysers = [this.ctx.createAnalyser(), this.ctx.createAnalyser()];
      this.out.connect(split);
      split.connect(this.channelAnalysers[0], 0);
      split.connect(this.channelAnalysers[1], 1);
    }
    return this.ctx;
  }

  private restartAt(frame: number): void {
    this.stopSources();
    const now = this.ctx!.currentTime + START_DELAY_SEC;
    this.anchorTime = now;
    this.anchorFrame = frame;
    this.nextFrame = frame;
    this.nextTime = now;
    this.tick();
  }

  private tick(): void {
    const s = this.store, ctx = this.ctx;
    if (!this.playing || !s || !ctx) return;
    if (this.nextFrame >= s.frames) {
      if (ctx.currentTime >= this.nextTime) {
        this.playing = false;
        this.pausedFrame = s.frames;
        clearInterval(this.timer);
        this.emit();
      }
      return;
    }
    // Ran dry (decoding behind playback): continue from where the audio stopped, a moment from now.
    if (this.nextTime < ctx.currentTime + 0.01) {
      this.nextTime = ctx.currentTime + START_DELAY_SEC;
      this.anchorTime = this.nextTime;
      this.anchorFrame = this.nextFrame;
    }
    const segFrames = Math.max(1, Math.round(SEGMENT_SEC * s.rate));
    while (this.nextTime < ctx.currentTime + LOOKAHEAD_SEC && this.nextFrame < s.filled) {
      const n = Math.min(segFrames, s.filled - this.nextFrame);
      this.schedule(s, this.nextFrame, n, this.nextTime);
      this.nextFrame += n;
      this.nextTime += n / s.rate;
    }
  }

  private schedule(s: PcmStore, from: number, n: number, when: number): void {
    const ctx = this.ctx!;
    const buf = ctx.createBuffer(2, n, s.rate);
    for (let ch = 0; ch < 2; ch++) {
      const src = (ch === 0 ? s.left : s.right).subarray(from, from + n);
      const dst = buf.getChannelData(ch);
      for (let i = 0; i < n; i++) dst[i] = src[i] / 32768;
    }
    const node = ctx.createBufferSource();
    node.buffer = buf;
    node.connect(this.out!);
    node.onended = () => this.sources.delete(node);
    node.start(when);
    this.sources.add(node);
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
