// Output rate and per-codec placement: G.722, mixed rates, PT changes, CN, unsupported codecs, Opus.
import { describe, expect, it } from 'vitest';
import { back, byTime, capture, decode, leg, nonZeroRuns, ulaw, W, codesOf } from './timeline-kit.js';

const G722_LOUD = (n = 160) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

describe('timeline: codecs and rates', () => {
  it('G.722 doubles the output rate (8 kHz RTP clock, 16 kHz audio)', async () => {
    const d = await decode(capture(leg({ count: 50, pt: 9, payload: () => G722_LOUD() })));
    expect(d.rate).toBe(16000);
    expect(d.frames).toBe(50 * 320);
    const s = d.streams[0];
    expect(s.codec).toBe(3);
    expect(s.clock).toBe(8000);
    expect(s.endFrame).toBe(16000);
    // The core's G.722 decoder continues its state across packets: same as decoding the bitstream at once.
    const whole = d.core.g722(new Uint8Array(50 * 160).map((_, i) => G722_LOUD()[i % 160]));
    const side = s.channel === 1 ? d.right : d.left;
    expect(Array.from(side)).toEqual(Array.from(whole));
  });

  it('G.722 stamped with a 16 kHz clock is recognised and placed without jumps', async () => {
    const d = await decode(capture(leg({ count: 200, pt: 9, tsStep: 320, payload: () => G722_LOUD() })));
    expect(d.streams[0].clock).toBe(16000);
    expect(codesOf(d)).not.toContain(W.TIMESTAMP_JUMP);
    expect(d.frames).toBe(200 * 320);
    const side = d.streams[0].channel === 1 ? d.right : d.left;
    expect(d.streams[0].endFrame).toBe(200 * 320);
    expect(side.subarray(0, 64000).some((v) => v !== 0)).toBe(true);
  });

  it('mixed 8 kHz and 16 kHz: the 8 kHz side is upsampled and stays in place', async () => {
    const a = leg({ count: 100, pt: 9, payload: () => G722_LOUD() });
    const b = back({ count: 50, startMs: 1000, payload: () => ulaw(0x80) });
    const d = await decode(capture(byTime([...a, ...b])));
    expect(d.rate).toBe(16000);
    const pcmu = d.streams.find((s) => s.codec === 1)!;
    const side = pcmu.channel === 1 ? d.right : d.left;
    expect(pcmu.startFrame).toBe(16000);
    expect(pcmu.endFrame).toBe(32000);
    // DC through the resampler keeps its level, and the audio starts where it was captured.
    expect(Math.abs(side[24000] - 32124)).toBeLessThan(400);
    const runs = nonZeroRuns(side);
    expect(runs.length).toBeGreaterThan(0);
    expect(Math.abs(runs[0][0] - 16000)).toBeLessThan(60);
    expect(Math.abs(runs[runs.length - 1][1] - 32000)).toBeLessThan(60);
  });

  it('8 kHz audio in a 48 kHz (Opus) file is upsampled by six', async () => {
    const opus = leg({ count: 50, pt: 109, tsStep: 960, payload: () => Uint8Array.of(0x08, 1, 2, 3, 4, 5) });
    const b = back({ count: 50, payload: () => ulaw(0x80) });
    const d = await decode(capture(byTime([...opus, ...b])));
    expect(d.rate).toBe(48000);
    const pcmu = d.streams.find((s) => s.codec === 1)!;
    const side = pcmu.channel === 1 ? d.right : d.left;
    expect(Math.abs(side[24000] - 32124)).toBeLessThan(400);
    expect(d.frames).toBe(48000);
  });

  it('Opus packets become ext records at their frames, their span left silent', async () => {
    const d = await decode(capture(leg({ count: 200, pt: 109, tsStep: 960, payload: () => Uint8Array.of(0x08, 1, 2, 3, 4, 5) })), { chunk: 10000 });
    expect(d.rate).toBe(48000);
    expect(d.frames).toBe(200 * 960);
    expect(d.exts.length).toBe(200);
    d.exts.forEach((x, i) => {
      expect(x.chunkStart + x.frameOffset).toBe(i * 960);
      expect(x.frameOffset).toBeLessThan(10000);
      expect(x.frames).toBe(960);
      expect(x.codec).toBe(5);
      expect(x.payload).toEqual(Uint8Array.of(0x08, 1, 2, 3, 4, 5));
      expect(x.discontinuity).toBe(i === 0);
    });
    expect(nonZeroRuns(d.left).length + nonZeroRuns(d.right).length).toBe(0);
  });

  it('a payload type change mid-stream is counted, warned and decoded with the new codec', async () => {
    const pkts = leg({ count: 100, pt: 0, payload: () => ulaw(0x80) });
    for (let i = 50; i < 100; i++) { pkts[i].pt = 8; pkts[i].payload = new Uint8Array(160).fill(0xaa); }
    const d = await decode(capture(pkts));
    const s = d.streams[0];
    expect(s.ptChanges).toBe(1);
    expect(d.warnings.find((w) => w.code === W.PT_CHANGE)!.detail).toBe(8);
    const side = s.channel === 1 ? d.right : d.left;
    expect(side[100]).toBe(32124);
    expect(side[60 * 160]).toBe(d.core.g711(1, Uint8Array.of(0xaa))[0]);
  });

  it('ignores keep-alives in an unmapped payload type during hold', async () => {
    const pkts = leg({ count: 150 });
    for (let i = 50; i < 100; i++) { pkts[i].pt = 120; pkts[i].payload = new Uint8Array(4); }
    const d = await decode(capture(pkts));
    const s = d.streams[0];
    expect(s.ptChanges).toBe(0);
    expect(codesOf(d)).not.toContain(W.PT_CHANGE);
    expect(d.warnings.filter((w) => w.code === W.UNKNOWN_PT).map((w) => w.detail)).toEqual([120]);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 50 * 160], [100 * 160, 150 * 160]]);
  });

  it('comfort noise is silence and counted', async () => {
    const pkts = leg({ count: 100 });
    for (let i = 30; i < 40; i++) { pkts[i].pt = 13; pkts[i].payload = Uint8Array.of(40); }
    const d = await decode(capture(pkts));
    const s = d.streams[0];
    expect(s.cnPackets).toBe(10);
    expect(s.lost).toBe(0);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 30 * 160], [40 * 160, 100 * 160]]);
  });

  it('G.729 (PT 18) is decoded, not reported as unsupported, and keeps its time', async () => {
    const g729 = leg({ count: 100, pt: 18, payload: () => new Uint8Array(20).fill(0x55) });
    const other = back({ count: 10, startMs: 500 });
    const d = await decode(capture(byTime([...g729, ...other])));
    expect(d.warnings.filter((w) => w.code === W.CODEC_UNSUPPORTED)).toEqual([]);
    const s = d.streams.find((x) => x.firstPt === 18)!;
    expect(s.codec).toBe(4);
    expect(s.startFrame).toBe(0);
    expect(s.endFrame).toBe(16000);
    expect(d.frames).toBe(16000);
    expect(d.rate).toBe(8000);
    const side = s.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side).length).toBeGreaterThan(0);
    const o = d.streams.find((x) => x.firstPt === 0)!;
    expect(nonZeroRuns(o.channel === 1 ? d.right : d.left)).toEqual([[4000, 5600]]);
  });

  it.each([[2, 10], [3, 9], [4, 11], [110, 13], [5, 0]])('default map: PT %i is codec %i, reported as unsupported', async (pt, codec) => {
    const d = await decode(capture(leg({ count: 10, pt, payload: () => new Uint8Array(33) })));
    expect(d.warnings.filter((w) => w.code === W.CODEC_UNSUPPORTED).map((w) => w.detail)).toEqual([(codec << 8) | pt]);
    expect(d.streams[0].codec).toBe(codec);
    expect(d.frames).toBe(1600);
  });

  it('an unmapped dynamic payload type is reported; a mapping from SDP makes it decodable', async () => {
    const bytes = capture(leg({ count: 20, pt: 96 }));
    const d = await decode(bytes);
    expect(d.warnings.find((w) => w.code === W.UNKNOWN_PT)!.detail).toBe(96);
    expect(d.frames).toBe(20 * 160);
    const mapped = await decode(bytes, { setup: (c) => c.setPayloadType(96, 1, 8000) });
    expect(codesOf(mapped)).not.toContain(W.UNKNOWN_PT);
    expect(nonZeroRuns(mapped.right)).toEqual([[0, 3200]]);
  });
});
