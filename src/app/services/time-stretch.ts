// Playback speed without a pitch change: WSOLA (waveform-similarity overlap-add), written for
// this player. Output is built from Hann-windowed frames of the input placed every `hop` output
// samples; the input advances `hop × speed` per frame, and each frame's start is moved within a
// small tolerance to where it best continues the previous frame (highest normalised correlation
// with the audio that naturally followed it). Speech keeps its pitch because every frame is played
// at its original rate — only how much of it is repeated or skipped changes.
//
// It reads straight from the decoded call (random access), so an A-B loop is only a jump of the
// nominal input position: the similarity search makes the splice at B → A seamless as well.

/** Planar 16-bit stereo input, readable in [0, available). */
export interface StereoInput {
  readonly left: Int16Array;
  readonly right: Int16Array;
  /** frames that may be read (the decoded part while decoding continues) */
  readonly available: number;
}

export interface LoopFrames { a: number; b: number }

export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2;
/** Frame length: ~30 ms holds two or more pitch periods of any voice. */
const FRAME_SEC = 0.03;
/** How far a frame may move to find its best continuation (longer than the lowest pitch period). */
const TOLERANCE_SEC = 0.012;
/** The search runs on every n-th sample above 8 kHz: voice similarity needs no more resolution. */
const SEARCH_RATE = 8000;

export class WsolaStretcher {
  readonly frameLen: number;
  /** output samples per frame (half a frame: Hann windows at 50 % overlap sum to one) */
  readonly hop: number;
  private readonly tolerance: number;
  private readonly stride: number;
  private readonly window: Float32Array;
  private readonly accL: Float32Array;
  private readonly accR: Float32Array;
  /** scratch: mono mix of the searched input and of the target continuation */
  private mix = new Float32Array(0);
  private readonly tgt: Float32Array;
  private speedValue = 1;
  /** where the next frame should start in the input, before the similarity search */
  private nominal = 0;
  /** where the previous frame started (its natural continuation is at prev + hop) */
  private prev = 0;

  constructor(readonly rate: number) {
    this.hop = Math.max(16, Math.round((rate * FRAME_SEC) / 2));
    this.frameLen = 2 * this.hop;
    this.tolerance = Math.max(8, Math.round(rate * TOLERANCE_SEC));
    this.stride = Math.max(1, Math.round(rate / SEARCH_RATE));
    this.window = new Float32Array(this.frameLen);
    for (let i = 0; i < this.frameLen; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / this.frameLen);
    this.accL = new Float32Array(this.frameLen);
    this.accR = new Float32Array(this.frameLen);
    this.tgt = new Float32Array(this.hop);
  }

  get speed(): number { return this.speedValue; }

  set speed(s: number) {
    if (!Number.isFinite(s)) throw new RangeError(`speed must be a number, got ${s}`);
    this.speedValue = Math.min(MAX_SPEED, Math.max(MIN_SPEED, s));
  }

  /** Input position (frames) the next output sample comes from. */
  get position(): number { return this.nominal; }

  /**
   * Starts output at input frame `at`. The overlap buffer is primed with the second half of a
   * virtual frame one hop earlier, so the first output hop is the input itself, not a fade-in.
   */
  reset(input: StereoInput, at: number): void {
    const start = Math.max(0, Math.round(at));
    this.nominal = start;
    this.prev = start - this.hop;
    this.accL.fill(0);
    this.accR.fill(0);
    const H = this.hop, w = this.window;
    for (let i = 0; i < H; i++) {
      this.accL[i] = w[i + H]! * sample(input.left, input.available, start + i);
      this.accR[i] = w[i + H]! * sample(input.right, input.available, start + i);
    }
  }

  /** Frames of input the next hop needs decoded beyond `position` (the caller waits until they are). */
  get lookahead(): number { return this.frameLen + this.tolerance + this.hop; }

  /**
   * Writes `hops` hops (hops × hop frames, −1 … 1) into out at `offset`; `positions[k]` receives
   * the input position of hop k (for the play-position display). Reads past `available` as silence.
   */
  render(input: StereoInput, outL: Float32Array, outR: Float32Array, offset: number, hops: number,
    positions: Float64Array | null = null, loop: LoopFrames | null = null): void {
    const H = this.hop, N = this.frameLen, w = this.window;
    for (let k = 0; k < hops; k++) {
      if (positions) positions[k] = this.nominal;
      const p = this.bestStart(input);
      const { left, right, available } = input;
      for (let i = 0; i < N; i++) {
        this.accL[i]! += w[i]! * sample(left, available, p + i);
        this.accR[i]! += w[i]! * sample(right, available, p + i);
      }
      const o = offset + k * H;
      outL.set(this.accL.subarray(0, H), o);
      outR.set(this.accR.subarray(0, H), o);
      this.accL.copyWithin(0, H);
      this.accR.copyWithin(0, H);
      this.accL.fill(0, N - H);
      this.accR.fill(0, N - H);
      this.prev = p;
      this.nominal += H * this.speedValue;
      // Past B (by the time this frame's second half plays): continue at A plus the overshoot.
      if (loop && loop.b - loop.a > N && this.nominal + H >= loop.b) this.nominal = loop.a + (this.nominal + H - loop.b);
    }
  }

  /** The frame start near `nominal` whose first half best matches what followed the previous frame. */
  private bestStart(input: StereoInput): number {
    const nominal = Math.round(this.nominal);
    const target = this.prev + this.hop;
    // Playing straight on (1× with no jump) the natural continuation is the nominal start itself.
    if (target === nominal) return nominal;
    const H = this.hop, s = this.stride;
    const lo = Math.max(0, nominal - this.tolerance);
    const hi = Math.max(lo, nominal + this.tolerance);
    // The mono mix of the searched stretch and of the target, once per frame: the search itself is then plain arithmetic.
    const span = hi - lo + H;
    if (this.mix.length < span) this.mix = new Float32Array(span);
    const mix = this.mix, tgt = this.tgt;
    const { left, right, available } = input;
    for (let i = 0; i < span; i++) mix[i] = sample(left, available, lo + i) + sample(right, available, lo + i);
    for (let i = 0; i < H; i++) tgt[i] = sample(left, available, target + i) + sample(right, available, target + i);
    const score = (p: number): number => {
      const o = p - lo;
      let dot = 0, energy = 0;
      for (let i = 0; i < H; i += s) {
        const x = mix[o + i]!;
        dot += x * tgt[i]!;
        energy += x * x;
      }
      return energy > 0 ? dot / Math.sqrt(energy) : 0;
    };
    let best = Math.min(hi, Math.max(lo, nominal)), bestScore = score(best);
    for (let p = lo; p <= hi; p += s) {
      const sc = score(p);
      if (sc > bestScore) { bestScore = sc; best = p; }
    }
    if (s > 1) {
      const c = best;
      for (let p = Math.max(lo, c - s + 1); p < Math.min(hi + 1, c + s); p++) {
        const sc = score(p);
        if (sc > bestScore) { bestScore = sc; best = p; }
      }
    }
    return best;
  }
}

function sample(a: Int16Array, available: number, i: number): number {
  return i >= 0 && i < available && i < a.length ? a[i]! / 32768 : 0;
}
