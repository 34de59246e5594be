/**
 * Coalesces the many small pieces of a streaming upload (a phone sends RTP-packet-sized bodies) into
 * larger writes. Starts small and doubles up to `max`, so a thousand idle uploads do not each hold `max`.
 */
export class WriteBuffer {
  private buf: Buffer | null = null;
  private fill = 0;
  /** size of the last buffer, so a steady stream does not regrow from `initial` for every chunk */
  private hint = 0;

  constructor(private readonly max: number, private readonly initial = 16 * 1024) {}

  get length(): number { return this.fill; }

  /** Copies as much of `src` (from `offset`) as fits; returns how many bytes were taken. */
  take(src: Uint8Array, offset: number): number {
    const want = this.fill + (src.byteLength - offset);
    if (!this.buf || (this.buf.length < want && this.buf.length < this.max)) {
      let size = Math.max(this.buf?.length ?? 0, this.hint, Math.min(this.initial, this.max));
      while (size < want && size < this.max) size *= 2;
      const next = Buffer.allocUnsafe(Math.min(size, this.max));
      if (this.buf && this.fill) this.buf.copy(next, 0, 0, this.fill);
      this.buf = next;
    }
    const n = Math.min(this.buf.length - this.fill, src.byteLength - offset);
    this.buf.set(src.subarray(offset, offset + n), this.fill);
    this.fill += n;
    return n;
  }

  get full(): boolean { return this.fill >= this.max; }

  /** The buffered bytes (a view, valid until the next `take`), and empties the buffer. */
  drain(): Buffer {
    const out = this.buf ? this.buf.subarray(0, this.fill) : Buffer.alloc(0);
    this.hint = this.buf?.length ?? this.hint;
    // A fresh buffer next time: the drained view may still be in flight to the database or disk.
    this.buf = null;
    this.fill = 0;
    return out;
  }

  /** A copy of the buffered bytes, leaving them buffered. */
  peek(): Buffer {
    return this.buf ? Buffer.from(this.buf.subarray(0, this.fill)) : Buffer.alloc(0);
  }
}
