import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WriteBuffer } from '../../src/server/storage/write-buffer.js';

describe('WriteBuffer', () => {
  it('splits any sequence of pieces into full chunks of exactly `max` bytes plus a tail, in order', () => {
    const src = randomBytes(300_000);
    const b = new WriteBuffer(65_536, 1024);
    const out: Buffer[] = [];
    let pos = 0;
    for (const size of [1, 17, 1000, 70_000, 3, 65_536, 100_000, 12_345]) {
      const piece = src.subarray(pos, pos + size);
      pos += size;
      for (let off = 0; off < piece.byteLength;) {
        off += b.take(piece, off);
        if (b.full) out.push(Buffer.from(b.drain()));
      }
    }
    const tailPeek = b.peek();
    expect(b.length).toBe(tailPeek.length);
    out.push(Buffer.from(b.drain()));
    expect(out.slice(0, -1).every((c) => c.length === 65_536)).toBe(true);
    expect(Buffer.concat(out).equals(src.subarray(0, pos))).toBe(true);
    expect(tailPeek.equals(out[out.length - 1])).toBe(true);
    expect(b.length).toBe(0);
    expect(b.drain().length).toBe(0);
  });

  it('a drained view is not overwritten by later takes', () => {
    const b = new WriteBuffer(8);
    b.take(Buffer.from('abcdefgh'), 0);
    const first = b.drain();
    b.take(Buffer.from('12345678'), 0);
    expect(first.toString()).toBe('abcdefgh');
  });
});
