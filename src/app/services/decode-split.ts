// Splitting an expensive call between two decoder workers: one decodes the left side, the other
// the right, each on its own core (2-core machines finish a 1-hour G.729 call in about half the
// time). This module decides when that pays and pairs the two workers' half-chunks.
import type { AudioChunk, CodecName, DecodeInfo } from '../../shared/decoder-types.js';

/** Codecs whose decoding, not reading, dominates: G.729 ≈ 2.5 s, G.722 ≈ 2.4 s per hour of call. */
const HEAVY: ReadonlySet<CodecName> = new Set(['G729', 'G722', 'opus']);
/** Shorter calls decode faster than a second worker starts and reads the file. */
const MIN_SECONDS = 60;
/** The second worker holds its own copy of the capture: not for very large files. */
const MAX_BYTES = 256 << 20;

/** Worth a second worker: a long call with an expensive codec on both sides, and a file it may copy. */
export function shouldSplit(info: DecodeInfo, fileBytes: number): boolean {
  if (fileBytes > MAX_BYTES || info.frames < MIN_SECONDS * info.sampleRate) return false;
  const heavyOn = (side: 'left' | 'right') => info.streams.some((s) => s.channel === side && HEAVY.has(s.codec));
  return heavyOn('left') && heavyOn('right');
}

type Side = 'left' | 'right';
interface Waiting { chunk: AudioChunk; done: (c: AudioChunk) => void; fail: (e: unknown) => void }

/**
 * Joins the left worker's chunks with the right worker's: both send the same chunks (start and
 * length), each with only its own side decoded. A half waits for its partner; when both are
 * here, `deliver` gets the left samples of one and the right samples of the other, and each
 * half's promise resolves with its own chunk (so its buffers can go back to its worker).
 */
export class ChunkPairer {
  private readonly waiting: Record<Side, Map<number, Waiting>> = { left: new Map(), right: new Map() };
  private failed: unknown = null;

  constructor(private readonly deliver: (c: AudioChunk) => void) {}

  offer(side: Side, chunk: AudioChunk): Promise<AudioChunk> {
    if (this.failed) return Promise.reject(this.failed);
    const other = side === 'left' ? 'right' : 'left';
    const partner = this.waiting[other].get(chunk.startFrame);
    if (!partner) {
      return new Promise<AudioChunk>((done, fail) => { this.waiting[side].set(chunk.startFrame, { chunk, done, fail }); });
    }
    this.waiting[other].delete(chunk.startFrame);
    const l = side === 'left' ? chunk : partner.chunk;
    const r = side === 'left' ? partner.chunk : chunk;
    if (l.left.length !== r.right.length) {
      const e = new Error(`the two decoders disagree on the chunk at frame ${chunk.startFrame} (${l.left.length} vs ${r.right.length} frames)`);
      this.fail(e);
      partner.fail(e);
      return Promise.reject(e);
    }
    const joined: AudioChunk = { startFrame: chunk.startFrame, left: l.left, right: r.right };
    if (l.peaks && r.peaks && l.peaks.firstBucket === r.peaks.firstBucket && l.peaks.bucketFrames === r.peaks.bucketFrames) {
      joined.peaks = { bucketFrames: l.peaks.bucketFrames, firstBucket: l.peaks.firstBucket, left: l.peaks.left, right: r.peaks.right };
    }
    try {
      this.deliver(joined);
    } catch (e) {
      this.fail(e);
      partner.fail(e);
      return Promise.reject(e);
    }
    partner.done(partner.chunk);
    return Promise.resolve(chunk);
  }

  /** Halves still waiting for a partner (a finished decode must have none). */
  get pending(): number { return this.waiting.left.size + this.waiting.right.size; }

  /** Fails every waiting half and any later offer (one side stopped). */
  fail(e: unknown): void {
    this.failed ??= e;
    for (const m of [this.waiting.left, this.waiting.right]) {
      for (const w of m.values()) w.fail(e);
      m.clear();
    }
  }
}
