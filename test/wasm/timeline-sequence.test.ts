// Ordering within a stream: wraparound, reordering, duplicates, late packets, loss, resets.
import { describe, expect, it } from 'vitest';
import { back, byTime, capture, decode, leg, nonZeroRuns, ulaw, W, codesOf, MS } from './timeline-kit.js';

// Packet i carries µ-law code 0x80 + (i % 100) so output frames show which packet they came from.
const marked = (i: number) => ulaw(0x80 + (i % 100));
const ULAW_0x80 = 32124;

describe('timeline: sequencing', () => {
  it('follows sequence numbers across 65535→0 and timestamps across 2^32', async () => {
    const pkts = leg({ count: 200, seq0: 65500, ts0: 0xffffffff - 800, payload: marked });
    const d = await decode(capture(pkts));
    const s = d.streams[0];
    expect(s.expected).toBe(200);
    expect(s.lost).toBe(0);
    expect(s.late).toBe(0);
    expect(codesOf(d)).not.toContain(W.TIMESTAMP_JUMP);
    expect(d.frames).toBe(200 * 160);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 200 * 160]]);
  });

  it('puts reordered packets back in place', async () => {
    const pkts = leg({ count: 50, payload: marked });
    [pkts[10], pkts[11]] = [pkts[11], pkts[10]]; // 11 arrives before 10 (times swapped too)
    const d = await decode(capture(pkts));
    const s = d.streams[0];
    expect(s.reordered).toBe(1);
    expect(s.lost).toBe(0);
    const side = s.channel === 1 ? d.right : d.left;
    const probe = (i: number) => d.core.g711(0, marked(i))[0];
    expect(side[10 * 160 + 5]).toBe(probe(10));
    expect(side[11 * 160 + 5]).toBe(probe(11));
  });

  it('drops duplicates', async () => {
    const pkts = leg({ count: 50 });
    pkts.splice(6, 0, { ...pkts[5], timeNs: pkts[5].timeNs + 1n * MS });
    const d = await decode(capture(pkts));
    expect(d.streams[0].packets).toBe(51);
    expect(d.streams[0].duplicates).toBe(1);
    expect(d.streams[0].lost).toBe(0);
    expect(d.frames).toBe(50 * 160);
  });

  it('drops packets beyond the reorder window as late, leaving silence', async () => {
    const pkts = leg({ count: 100 });
    const [p10] = pkts.splice(10, 1);
    pkts.splice(90, 0, { ...p10, timeNs: pkts[89].timeNs + 1n * MS });
    const d = await decode(capture(pkts));
    const s = d.streams[0];
    expect(s.late).toBe(1);
    expect(s.lost).toBe(0); // RFC 3550: received, even if too late to play
    expect(codesOf(d).filter((c) => c === W.LATE_PACKET)).toHaveLength(1);
    d.core.plan(); // again: still one warning
    expect(d.core.warnings().filter((w) => w.code === W.LATE_PACKET)).toHaveLength(1);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 1600], [1760, 16000]]);
  });

  it('turns loss into silence at the right place', async () => {
    const pkts = leg({ count: 60 }).filter((_, i) => i < 20 || i >= 25);
    const d = await decode(capture(pkts));
    const s = d.streams[0];
    expect(s.lost).toBe(5);
    expect(s.expected).toBe(60);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 20 * 160], [25 * 160, 60 * 160]]);
    expect(side[25 * 160]).toBe(ULAW_0x80);
  });

  it('treats a timestamp jump with marker and matching capture gap as DTX, not loss', async () => {
    const a = leg({ count: 50 });
    const b = leg({ count: 50, startMs: 1000 + 2000, seq0: 1050, ts0: 16000 + 50 * 160 + 16000, marker: (i) => i === 0 });
    const d = await decode(capture([...a, ...b]));
    const s = d.streams[0];
    expect(s.lost).toBe(0);
    expect(codesOf(d)).not.toContain(W.TIMESTAMP_JUMP);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 8000], [24000, 32000]]);
  });

  it('re-anchors a timestamp jump that capture time does not show', async () => {
    const a = leg({ count: 50 });
    const b = leg({ count: 50, startMs: 1000, seq0: 1050, ts0: 16000 + 50 * 160 + 80000, marker: () => false });
    const d = await decode(capture([...a, ...b]));
    expect(codesOf(d)).toContain(W.TIMESTAMP_JUMP);
    const w = d.warnings.find((x) => x.code === W.TIMESTAMP_JUMP)!;
    expect(w.detail).toBe(10000);
    expect(w.timeMs).toBe(1000);
    expect(d.frames).toBe(100 * 160);
  });

  it('re-anchors when capture time moves on but timestamps stall (frozen sender clock)', async () => {
    const a = leg({ count: 50 });
    const b = leg({ count: 50, startMs: 1000 + 5000, seq0: 1050, ts0: 16000 + 50 * 160, marker: () => false });
    const d = await decode(capture([...a, ...b]));
    expect(codesOf(d)).toContain(W.TIMESTAMP_JUMP);
    const side = d.streams[0].channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 8000], [48000, 56000]]);
  });

  it('does not mistake a jitter spike for a timestamp jump', async () => {
    const pkts = leg({ count: 100 });
    // Packets 40..49 held up 300 ms in the network, then delivered in a burst.
    for (let i = 40; i < 50; i++) pkts[i].timeNs = pkts[49].timeNs + 300n * MS + BigInt(i) * 100_000n;
    const d = await decode(capture(byTime(pkts)));
    expect(codesOf(d)).not.toContain(W.TIMESTAMP_JUMP);
    const side = d.streams[0].channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 16000]]);
  });

  it('anchors a stream on its least-delayed packet, not on a delayed first one', async () => {
    const a = leg({ count: 200 });
    const b = back({ count: 200, startMs: 100 });
    b[0].timeNs += 16n * MS; // the first packet sat in a queue for 16 ms
    const d = await decode(capture(byTime([...a, ...b])));
    expect(codesOf(d)).not.toContain(W.DRIFT_CORRECTED);
    const s = d.streams.find((x) => x.ssrc === 0x22222222)!;
    expect(s.startFrame).toBe(800);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[800, 800 + 200 * 160]]);
  });

  it('keeps a catch-up burst after a network stall in place (longer than 10 packets)', async () => {
    const pkts = leg({ count: 150, payload: marked });
    // Packets 60..77 (360 ms of audio) held by a 350 ms stall, then delivered at once.
    for (let i = 60; i < 78; i++) pkts[i].timeNs = pkts[60].timeNs + 350n * MS + BigInt(i - 60) * 100_000n;
    const d = await decode(capture(byTime(pkts)));
    expect(codesOf(d)).not.toContain(W.TIMESTAMP_JUMP);
    expect(codesOf(d)).not.toContain(W.DRIFT_CORRECTED);
    const side = d.streams[0].channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 150 * 160]]);
    const probe = (i: number) => d.core.g711(0, marked(i))[0];
    for (const i of [59, 60, 77, 78]) expect(side[i * 160 + 5], `packet ${i}`).toBe(probe(i));
  });

  it('starts a stream whose first packets came late at t = 0 and catches up in its next pause', async () => {
    // The t = 0 stream's first five packets sat 100 ms in a queue: its steady start lies before
    // t = 0. Its audio must neither be cut nor overwritten; the 100 ms are taken out of the
    // 200 ms of loss at packets 100..109, after which it plays at its capture time.
    const all = leg({ count: 200, payload: marked });
    for (let i = 0; i < 5; i++) all[i].timeNs = all[5].timeNs + BigInt(i) * 100_000n;
    const pkts = all.filter((_, i) => i < 100 || i >= 110);
    const d = await decode(capture(byTime(pkts)));
    expect(codesOf(d)).not.toContain(W.DRIFT_CORRECTED);
    expect(codesOf(d)).not.toContain(W.TIMESTAMP_JUMP);
    const s = d.streams[0];
    expect(s.startFrame).toBe(0);
    const side = s.channel === 1 ? d.right : d.left;
    // t = 0 is packet 0's capture (100 ms after packet 0's steady time): packet 110 belongs at
    // 2200 − 100 ms.
    expect(nonZeroRuns(side)).toEqual([[0, 100 * 160], [2100 * 8, 2100 * 8 + 90 * 160]]);
    const probe = (i: number) => d.core.g711(0, marked(i))[0];
    expect(side[0 + 5]).toBe(probe(0));
    expect(side[99 * 160 + 5]).toBe(probe(99));
    expect(side[2100 * 8 + 5]).toBe(probe(110));
  });

  it('starts a new segment on a sequence reset instead of counting loss', async () => {
    const a = leg({ count: 50 });
    const b = leg({ count: 50, startMs: 1000, seq0: 40000, ts0: 999999, marker: () => false });
    const d = await decode(capture([...a, ...b]));
    const s = d.streams[0];
    expect(s.expected).toBe(100);
    expect(s.lost).toBe(0);
    expect(s.late).toBe(0);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 16000]]);
  });

  it('reports zero jitter for a perfectly paced stream and more for a jittery one', async () => {
    const even = await decode(capture(leg({ count: 100 })));
    expect(even.streams[0].jitterUs).toBe(0);
    const pkts = leg({ count: 100 });
    pkts.forEach((p, i) => { if (i % 2) p.timeNs += 4n * MS; });
    const d = await decode(capture(pkts));
    expect(d.streams[0].jitterUs).toBeGreaterThan(2000);
    expect(d.streams[0].maxJitterUs).toBeGreaterThanOrEqual(d.streams[0].jitterUs);
    expect(d.streams[0].maxGapUs).toBe(24000);
    void back;
  });
});
