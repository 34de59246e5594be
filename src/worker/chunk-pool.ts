// Output buffers the page handed back after copying a chunk (ChunkSink in api.ts), kept for the
// next full-size chunks: a call's PCM then passes through two or three buffer pairs instead of
// fresh memory for every chunk (faulting in fresh memory costs more than the copy itself).
import type { AudioChunk } from '../shared/decoder-types.js';
import type { ChunkBuffers } from './decode-session.js';

export class ChunkPool {
  private readonly free: ChunkBuffers[] = [];

  /** `frames`: the only chunk size worth keeping (shorter first and last chunks are not). */
  constructor(private readonly frames: number, private readonly max = 4) {}

  /** Keeps what came back if it is a pair of distinct, attached Int16 buffers of the chunk size. */
  offer(back: void | AudioChunk | undefined): void {
    if (!back || !(back.left instanceof Int16Array) || !(back.right instanceof Int16Array)) return;
    if (back.left.length !== this.frames || back.right.length !== this.frames || back.left.buffer === back.right.buffer) return;
    if (this.free.length < this.max) this.free.push({ left: back.left, right: back.right });
  }

  take(): ChunkBuffers | undefined { return this.free.pop(); }

  get size(): number { return this.free.length; }
}
