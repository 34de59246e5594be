// Holds a decoded call as it arrives: planar Int16 at the codec rate (no float copies of the
// whole call), how far it is filled, and min/max peaks per bucket for the waveform.
import { peakBucketFrames, type AudioChunk, type ChunkPeaks, type DecodeInfo } from '../../shared/decoder-types.js';

/**
 * The sample arrays of the call the player closed, kept for the next call's store: a 1-hour call
 * is 115 MB of PCM, and faulting in that much fresh memory costs about ten times as much as
 * filling memory already in use (docs/benchmarks.md "Where the Chromium time goes": copying the
 * output into fresh buffers 116 ms, into reused ones 10 ms; the whole decode 173 ms). Holds at most one pair — the
 * memory the player already had — and lets it go when the next call would waste most of it.
 */
export class PcmRecycler {
  private spare: { left: Int16Array; right: Int16Array } | null = null;

  /** Arrays of exactly `frames` frames from the spare pair, or null (the caller allocates). */
  take(frames: number): { left: Int16Array; right: Int16Array } | null {
    const s = this.spare;
    if (!s) return null;
    this.spare = null;
    // Too small, or a short call would pin a long call's memory: let the spare go.
    if (s.left.length < frames || s.left.length > 4 * frames + (1 << 20)) return null;
    return { left: s.left.subarray(0, frames), right: s.right.subarray(0, frames) };
  }

  /** Keeps a closed store's arrays (whole buffers), the larger pair if one is already kept. */
  give(left: Int16Array, right: Int16Array): void {
    const l = new Int16Array(left.buffer, 0, left.buffer.byteLength >> 1);
    const r = new Int16Array(right.buffer, 0, right.buffer.byteLength >> 1);
    if (l.buffer === r.buffer || (this.spare && this.spare.left.length >= l.length)) return;
    this.spare = { left: l, right: r };
  }

  /** Frames the kept pair holds (0 = none). */
  get capacity(): number { return this.spare?.left.length ?? 0; }
}

/** One recycler per page: the players of a page take turns with the same memory. */
export const pcmRecycler = new PcmRecycler();

export class PcmStore {
  readonly rate: number;
  readonly frames: number;
  readonly left: Int16Array;
  readonly right: Int16Array;
  /** frames [0, filled) are decoded */
  filled = 0;
  readonly bucketFrames: number;
  /** per channel: [min0, max0, min1, max1, …] per bucket, -32768..32767 */
  readonly peaks: [Int16Array, Int16Array];

  /**
   * `provisional`: only a preview of the call's start (the decoder's first chunk before the whole
   * file was read); more audio follows past `frames` in the store that replaces this one.
   */
  private holds = 0;
  private retired = false;
  private retiredTo: PcmRecycler | null = null;

  /**
   * `recycler`: take the arrays from it when it keeps a fitting pair (they hold an earlier call's
   * samples; nothing below `filled` is ever left unwritten, see add()).
   */
  constructor(info: Pick<DecodeInfo, 'sampleRate' | 'frames'>, readonly provisional = false, private readonly recycler: PcmRecycler | null = null) {
    this.rate = info.sampleRate;
    this.frames = info.frames;
    const reused = recycler?.take(info.frames);
    this.left = reused?.left ?? new Int16Array(info.frames);
    this.right = reused?.right ?? new Int16Array(info.frames);
    this.bucketFrames = peakBucketFrames(info.frames);
    const buckets = Math.ceil(info.frames / this.bucketFrames);
    this.peaks = [new Int16Array(buckets * 2), new Int16Array(buckets * 2)];
  }

  get buckets(): number { return this.peaks[0].length / 2; }
  get durationSec(): number { return this.frames / this.rate; }

  /**
   * Takes over a provisional preview's samples when they are at this store's rate (a chunk at
   * frame 0 arriving later overwrites them: the decoder's correction); false when they are void.
   */
  seed(preview: PcmStore): boolean {
    if (!preview.provisional || preview.rate !== this.rate || preview.filled === 0) return false;
    this.add({ startFrame: 0, left: preview.left.subarray(0, preview.filled), right: preview.right.subarray(0, preview.filled) });
    return true;
  }

  /** Adds a chunk; chunks arrive in order, but a chunk past the end is clipped, never written out of bounds. */
  add(c: AudioChunk): void {
    const start = c.startFrame;
    if (start < 0 || start >= this.frames) return;
    const n = Math.min(c.left.length, c.right.length, this.frames - start);
    // Frames skipped over must read as silence, not as whatever recycled memory held before.
    if (start > this.filled) {
      this.left.fill(0, this.filled, start);
      this.right.fill(0, this.filled, start);
    }
    this.left.set(c.left.subarray(0, n), start);
    this.right.set(c.right.subarray(0, n), start);
    const appended = start >= this.filled;
    this.filled = Math.max(this.filled, start + n);
    const first = Math.floor(start / this.bucketFrames);
    const last = Math.floor((start + n - 1) / this.bucketFrames);
    // The decoder's peaks of an appended chunk merge into what the buckets hold (everything
    // before `start`); an overwrite or a clipped chunk is measured here.
    if (appended && n === c.left.length && this.mergePeaks(c.peaks, first, last)) return;
    for (let b = first; b <= last; b++) this.updatePeak(b);
  }

  private mergePeaks(p: ChunkPeaks | undefined, first: number, last: number): boolean {
    if (!p || p.bucketFrames !== this.bucketFrames || p.firstBucket !== first || p.left.length !== 2 * (last - first + 1) || p.right.length !== p.left.length) return false;
    for (let ch = 0; ch < 2; ch++) {
      const dst = this.peaks[ch], src = ch === 0 ? p.left : p.right;
      for (let k = 0, b = 2 * first; k < src.length; k += 2, b += 2) {
        if (src[k] < dst[b]) dst[b] = src[k];
        if (src[k + 1] > dst[b + 1]) dst[b + 1] = src[k + 1];
      }
    }
    return true;
  }

  /**
   * Keeps the samples from being recycled while a reader works through them (an export);
   * call the returned function when done.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0 && this.retiredTo) {
        const to = this.retiredTo;
        this.retiredTo = null;
        to.give(this.left, this.right);
      }
    };
  }

  /**
   * The player is done with this call: its arrays go to `to` (default: the recycler it was
   * made with) once no hold is left. The store must not be read afterwards.
   */
  retire(to: PcmRecycler | null = this.recycler): void {
    // Once only: a second retire would hand out memory another store may already be using.
    if (!to || this.provisional || this.retired) return;
    this.retired = true;
    if (this.holds > 0) this.retiredTo = to;
    else to.give(this.left, this.right);
  }

  private updatePeak(b: number): void {
    const from = b * this.bucketFrames;
    const to = Math.min(this.filled, from + this.bucketFrames);
    for (let ch = 0; ch < 2; ch++) {
      const s = ch === 0 ? this.left : this.right;
      let lo = 0, hi = 0;
      for (let i = from; i < to; i++) {
        const v = s[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      this.peaks[ch][2 * b] = lo;
      this.peaks[ch][2 * b + 1] = hi;
    }
  }
}
