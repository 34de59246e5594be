// PcmStore is plain data (no DOM): checked in Node.
import { describe, expect, it } from 'vitest';
import { PcmRecycler, PcmStore } from '../../src/app/services/pcm-store.js';
import { PEAK_BUCKETS } from '../../src/shared/decoder-types.js';

const chunk = (startFrame: number, n: number, f: (i: number) => number) => ({
  startFrame, left: Int16Array.from({ length: n }, (_, i) => f(startFrame + i)), right: Int16Array.from({ length: n }, (_, i) => -f(startFrame + i)),
});

describe('PcmStore', () => {
  it('fills in order and keeps min/max per bucket for the waveform', () => {
    const s = new PcmStore({ sampleRate: 8000, frames: 100_000 });
    expect(s.buckets).toBeLessThanOrEqual(PEAK_BUCKETS);
    const f = (i: number) => (i === 70_001 ? 30_000 : (i % 100) - 50);
    s.add(chunk(0, 60_000, f));
    expect(s.filled).toBe(60_000);
    s.add(chunk(60_000, 40_000, f));
    expect(s.filled).toBe(100_000);
    expect(s.left[70_001]).toBe(30_000);
    expect(s.right[70_001]).toBe(-30_000);
    const b = Math.floor(70_001 / s.bucketFrames);
    expect(s.peaks[0][2 * b + 1]).toBe(30_000);
    expect(s.peaks[1][2 * b]).toBe(-30_000);
    // Bucket 2 spans frames 98..146 (49 per bucket): values 48, 49, then -50 … 46.
    expect(s.bucketFrames).toBe(49);
    expect([s.peaks[0][4], s.peaks[0][5]]).toEqual([-50, 49]);
    // Peaks always include the zero line (bucket 0 holds only negative values).
    expect([s.peaks[0][0], s.peaks[0][1]]).toEqual([-50, 0]);
  });

  it('recomputes a bucket split across two chunks and ignores audio beyond the end', () => {
    const s = new PcmStore({ sampleRate: 8000, frames: 10_000 });
    const bf = s.bucketFrames;
    s.add(chunk(0, bf + 1, () => 5));
    s.add(chunk(bf + 1, 10_000, (i) => (i === bf + 2 ? -700 : 5)));
    expect(s.filled).toBe(10_000);
    expect(s.peaks[0][2]).toBe(-700);
    s.add(chunk(20_000, 10, () => 1));
    expect(s.filled).toBe(10_000);
  });

  it('reuses a retired call\'s arrays for the next call, never showing its samples', () => {
    const r = new PcmRecycler();
    const a = new PcmStore({ sampleRate: 8000, frames: 50_000 }, false, r);
    a.add(chunk(0, 50_000, () => 1234));
    a.retire();
    expect(r.capacity).toBe(50_000);
    const b = new PcmStore({ sampleRate: 8000, frames: 40_000 }, false, r);
    expect(b.left.buffer).toBe(a.left.buffer); // same memory, no fresh pages
    expect(b.left.length).toBe(40_000);
    expect(r.capacity).toBe(0); // taken, not shared
    // A chunk that skips ahead: the frames skipped read as silence, not as the old call's 1234.
    b.add(chunk(0, 100, () => 7));
    b.add(chunk(30_000, 10_000, () => 9));
    expect(b.filled).toBe(40_000);
    expect(b.left[100]).toBe(0);
    expect(b.right[29_999]).toBe(0);
    expect(b.left[30_000]).toBe(9);
    const bucket = Math.floor(15_000 / b.bucketFrames);
    expect([b.peaks[0][2 * bucket], b.peaks[0][2 * bucket + 1]]).toEqual([0, 0]);
  });

  it('keeps held samples until the last hold ends; retires once; lets a spare go that does not fit', () => {
    const r = new PcmRecycler();
    const a = new PcmStore({ sampleRate: 8000, frames: 10_000 }, false, r);
    const release = a.hold();
    a.retire();
    expect(r.capacity).toBe(0); // an export still reads it
    expect(new PcmStore({ sampleRate: 8000, frames: 10_000 }, false, r).left.buffer).not.toBe(a.left.buffer);
    release();
    release(); // twice is once
    expect(r.capacity).toBe(10_000);
    const b = new PcmStore({ sampleRate: 8000, frames: 10_000 }, false, r);
    expect(b.left.buffer).toBe(a.left.buffer);
    a.retire(); // a second retire must not hand b's memory out again
    expect(r.capacity).toBe(0);
    // Too small for the next call, or far too big for it: dropped, fresh arrays instead.
    b.retire();
    const big = new PcmStore({ sampleRate: 8000, frames: 3_000_000 }, false, r);
    expect(big.left.buffer).not.toBe(b.left.buffer);
    expect(r.capacity).toBe(0);
    big.retire();
    const tiny = new PcmStore({ sampleRate: 8000, frames: 100 }, false, r);
    expect(tiny.left.buffer).not.toBe(big.left.buffer);
    // Previews are never recycled (a later store seeds from them).
    const p = new PcmStore({ sampleRate: 8000, frames: 16_000 }, true, r);
    p.retire();
    expect(r.capacity).toBe(0);
  });
});
