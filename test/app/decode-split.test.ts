// Splitting a call between two decoder workers: when it pays, and how the halves are joined.
import { describe, expect, it } from 'vitest';
import { ChunkPairer, shouldSplit } from '../../src/app/services/decode-split.js';
import type { AudioChunk, CodecName, DecodeInfo, StreamInfo } from '../../src/shared/decoder-types.js';

const info = (seconds: number, codecs: Array<[CodecName, 'left' | 'right' | null]>, rate = 8000): DecodeInfo => ({
  sampleRate: rate, frames: seconds * rate,
  streams: codecs.map(([codec, channel]) => ({ codec, channel }) as unknown as StreamInfo),
} as unknown as DecodeInfo);

const half = (startFrame: number, n: number, side: 'left' | 'right', v: number): AudioChunk => ({
  startFrame,
  left: new Int16Array(n).fill(side === 'left' ? v : 0),
  right: new Int16Array(n).fill(side === 'right' ? v : 0),
  peaks: { bucketFrames: 10, firstBucket: startFrame / 10, left: Int16Array.of(side === 'left' ? 0 : 0, side === 'left' ? v : 0), right: Int16Array.of(0, side === 'right' ? v : 0) },
});

describe('shouldSplit', () => {
  it('splits long calls with an expensive codec on both sides, and nothing else', () => {
    expect(shouldSplit(info(3600, [['G729', 'right'], ['G729', 'left']]), 32e6)).toBe(true);
    expect(shouldSplit(info(600, [['G722', 'right'], ['opus', 'left']], 16000), 10e6)).toBe(true);
    expect(shouldSplit(info(3600, [['PCMA', 'right'], ['PCMA', 'left']]), 83e6)).toBe(false); // reading dominates
    expect(shouldSplit(info(3600, [['G729', 'right'], ['PCMA', 'left']]), 50e6)).toBe(false); // one side is cheap
    expect(shouldSplit(info(3600, [['G729', 'right'], ['G729', null]]), 50e6)).toBe(false); // one-way
    expect(shouldSplit(info(59, [['G729', 'right'], ['G729', 'left']]), 1e6)).toBe(false); // too short to pay
    expect(shouldSplit(info(36000, [['G729', 'right'], ['G729', 'left']]), 300 * 2 ** 20)).toBe(false); // too big to copy
  });
});

describe('ChunkPairer', () => {
  it('joins the left half of one worker with the right half of the other, in any arrival order', async () => {
    const out: AudioChunk[] = [];
    const p = new ChunkPairer((c) => out.push(c));
    const l0 = half(0, 10, 'left', 5), r0 = half(0, 10, 'right', 7), l1 = half(10, 20, 'left', 9), r1 = half(10, 20, 'right', 3);
    const waitL0 = p.offer('left', l0);
    expect(out).toHaveLength(0);
    expect(p.pending).toBe(1);
    const waitR1 = p.offer('right', r1);
    await expect(p.offer('right', r0)).resolves.toBe(r0);
    await expect(waitL0).resolves.toBe(l0); // each half comes back to its own worker
    await expect(p.offer('left', l1)).resolves.toBe(l1);
    await expect(waitR1).resolves.toBe(r1);
    expect(p.pending).toBe(0);
    expect(out.map((c) => [c.startFrame, c.left[0], c.right[0], c.left.length])).toEqual([[0, 5, 7, 10], [10, 9, 3, 20]]);
    expect(out[0].left).toBe(l0.left);
    expect(out[0].right).toBe(r0.right);
    expect([...out[1].peaks!.left, ...out[1].peaks!.right]).toEqual([0, 9, 0, 3]);
  });

  it('fails both halves when they disagree, when delivering throws, and after fail()', async () => {
    const p = new ChunkPairer(() => undefined);
    const waiting = p.offer('left', half(0, 10, 'left', 1));
    await expect(p.offer('right', half(0, 11, 'right', 1))).rejects.toThrow(/disagree/);
    await expect(waiting).rejects.toThrow(/disagree/);
    await expect(p.offer('left', half(10, 10, 'left', 1))).rejects.toThrow(/disagree/); // stays failed

    const q = new ChunkPairer(() => { throw new Error('page gone'); });
    const w = q.offer('right', half(0, 10, 'right', 1));
    await expect(q.offer('left', half(0, 10, 'left', 1))).rejects.toThrow('page gone');
    await expect(w).rejects.toThrow('page gone');

    const r = new ChunkPairer(() => undefined);
    const w2 = r.offer('left', half(0, 10, 'left', 1));
    r.fail(new Error('side worker crashed'));
    await expect(w2).rejects.toThrow('side worker crashed');
    expect(r.pending).toBe(0);
  });
});
