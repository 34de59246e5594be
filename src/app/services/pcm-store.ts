// Holds a decoded call as it arrives: planar Int16 at the codec rate (no float copies of the
// whole call), how far it is filled, and min/max peaks per bucket for the waveform.
import type { AudioChunk, DecodeInfo } from '../../shared/decoder-types.js';

/** Waveform resolution: buckets over the whole call, independent of its length. */
export const PEAK_BUCKETS = 2048;

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
  constructor(info: Pick<DecodeInfo, 'sampleRate' | 'frames'>, readonly provisional = false) {
    this.rate = info.sampleRate;
    this.frames = info.frames;
    this.left = new Int16Array(info.frames);
    this.right = new Int16Array(info.frames);
    this.bucketFrames = Math.max(1, Math.ceil(info.frames / PEAK_BUCKETS));
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
    this.left.set(c.left.subarray(0, n), start);
    this.right.set(c.right.subarray(0, n), start);
    this.filled = Math.max(this.filled, start + n);
    const first = Math.floor(start / this.bucketFrames);
    const last = Math.floor((start + n - 1) / this.bucketFrames);
    for (let b = first; b <= last; b++) this.updatePeak(b);
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
