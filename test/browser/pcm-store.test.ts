// PcmStore is plain data (no DOM): checked in Node.
import { describe, expect, it } from 'vitest';
import { PEAK_BUCKETS, PcmStore } from '../../src/app/services/pcm-store.js';

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
});
