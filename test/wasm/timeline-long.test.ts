// Long calls: clock drift correction, dead-air capping, chunked rendering equals one pass.
import { describe, expect, it } from 'vitest';
import { back, byTime, capture, decode, fastCapture, leg, nonZeroRuns, ulaw, W, codesOf, type Pkt } from './timeline-kit.js';

/** Loud every `every`-th packet, silence otherwise: sharp landmarks to measure placement. */
const beacon = (every: number) => (i: number) => ulaw(i % every === 0 ? 0x80 : 0xff);

describe('timeline: long calls', () => {
  it('corrects RTP clock drift so both channels stay within ±20 ms of capture time', async () => {
    const minutes = 10;
    const count = minutes * 60 * 50;
    // Remote sender's RTP clock runs 150 ppm slow: 160 ticks take 20.003 ms of capture time.
    const slow = leg({ count, intervalMs: 20.003, payload: beacon(500), marker: (i) => i % 500 === 0 });
    const ok = back({ count, startMs: 7, payload: beacon(500), marker: (i) => i % 500 === 0 });
    const d = await decode(capture(byTime([...slow, ...ok])));
    const s0 = d.streams.find((s) => s.ssrc === 0x11111111)!;
    const s1 = d.streams.find((s) => s.ssrc === 0x22222222)!;
    expect(s0.driftPpm).toBeGreaterThan(120);
    expect(s0.driftPpm).toBeLessThan(180);
    expect(Math.abs(s1.driftPpm)).toBeLessThan(10);
    expect(codesOf(d).filter((c) => c === W.DRIFT_CORRECTED).length).toBeGreaterThan(1);
    const check = (side: Int16Array, pkts: Pkt[]) => {
      const runs = nonZeroRuns(side);
      expect(runs.length).toBe(count / 500);
      runs.forEach(([start], k) => {
        const captured = Number(pkts[k * 500].timeNs - pkts[0].timeNs + (pkts[0].timeNs - slow[0].timeNs)) / 1e9 * 8000;
        expect(Math.abs(start - captured)).toBeLessThanOrEqual(160); // 20 ms at 8 kHz
      });
    };
    check(s0.channel === 1 ? d.right : d.left, slow);
    check(s1.channel === 1 ? d.right : d.left, ok);
  });

  it('keeps both channels within ±20 ms of capture time over an hour of opposite drifts', async () => {
    const count = 60 * 60 * 50;
    const legs = [
      { src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 50000, ssrc: 1, count, startNs: 0, intervalNs: 20e6 * (1 + 120e-6), beaconEvery: 500 },
      { src: '10.0.0.2', dst: '10.0.0.1', sport: 50000, dport: 40000, ssrc: 2, count, startNs: 5e6, intervalNs: 20e6 * (1 - 90e-6), beaconEvery: 500 },
    ];
    const d = await decode(fastCapture(legs));
    expect(d.streams.map((s) => s.driftPpm)).toEqual([expect.closeTo(120, -1.3), expect.closeTo(-90, -1.3)]);
    for (const [k, l] of legs.entries()) {
      const s = d.streams.find((x) => x.ssrc === l.ssrc)!;
      const runs = nonZeroRuns(s.channel === 1 ? d.right : d.left);
      expect(runs.length).toBe(count / 500);
      let worst = 0;
      runs.forEach(([start], b) => {
        const captured = (l.startNs + b * 500 * l.intervalNs) / 1e9 * 8000;
        worst = Math.max(worst, Math.abs(start - captured));
      });
      expect(worst, `leg ${k}: worst offset ${worst / 8} ms`).toBeLessThanOrEqual(160);
    }
  });

  it('caps dead air on both channels at 10 minutes, keeping them aligned', async () => {
    const gapMs = 15 * 60 * 1000;
    const a1 = leg({ count: 50 });
    const a2 = leg({ count: 50, startMs: 1000 + gapMs, seq0: 1050, ts0: 16000 + 50 * 160 + gapMs * 8 });
    const b1 = back({ count: 50, startMs: 10 });
    const b2 = back({ count: 50, startMs: 1010 + gapMs, seq0: 1050, ts0: 16000 + 50 * 160 + gapMs * 8 });
    const d = await decode(capture(byTime([...a1, ...a2, ...b1, ...b2])));
    const w = d.warnings.find((x) => x.code === W.GAP_CAPPED)!;
    expect(w.detail).toBe(gapMs - 10);
    expect(w.timeMs).toBe(1010);
    const cut = (gapMs - 10 - 600_000) * 8;
    expect(d.frames).toBe(16080 + gapMs * 8 - cut);
    const right = nonZeroRuns(d.right), left = nonZeroRuns(d.left);
    expect(right).toEqual([[0, 8000], [8000 + gapMs * 8 - cut, 16000 + gapMs * 8 - cut]]);
    expect(left).toEqual([[80, 8080], [8080 + gapMs * 8 - cut, 16080 + gapMs * 8 - cut]]);
    expect(d.streams[0].endFrame).toBe(16000 + gapMs * 8 - cut);
  });

  it('renders the same audio whatever the chunk size (carry across chunks, resampler state)', async () => {
    const g722 = leg({ count: 300, pt: 9, payload: (i) => Uint8Array.from({ length: 160 }, (_, k) => (i * 7 + k * 13) & 0xff) });
    const pcmu = back({ count: 300, startMs: 3, payload: (i) => Uint8Array.from({ length: 160 }, (_, k) => (i + k * 5) & 0xff) });
    const lossy = pcmu.filter((_, i) => i % 37 !== 5);
    const bytes = capture(byTime([...g722, ...lossy]));
    const one = await decode(bytes);
    const ref = { left: one.left.slice(), right: one.right.slice() };
    for (const chunk of [1, 77, 1000, 4801]) {
      const d = await decode(bytes, { chunk });
      expect(d.frames).toBe(one.frames);
      expect(Buffer.from(d.left.buffer).equals(Buffer.from(ref.left.buffer))).toBe(true);
      expect(Buffer.from(d.right.buffer).equals(Buffer.from(ref.right.buffer))).toBe(true);
    }
  });

  it('renderReset starts again from frame 0 with the same output', async () => {
    const bytes = capture(byTime([...leg({ count: 100, pt: 9 }), ...back({ count: 100, startMs: 3, payload: (i) => ulaw(i & 0xff) })]));
    const d = await decode(bytes, { chunk: 999 });
    d.core.renderReset();
    const r = d.core.render(5000);
    expect(Array.from(r.left)).toEqual(Array.from(d.left.subarray(0, 5000)));
    expect(Array.from(r.right)).toEqual(Array.from(d.right.subarray(0, 5000)));
  });
});
