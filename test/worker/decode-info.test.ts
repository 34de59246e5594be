import { describe, expect, it } from 'vitest';
import { buildDecodeInfo, formatIpv6, describeWarning } from '../../src/worker/decode-info.js';
import type { RawStream } from '../../src/worker/wasm-module.js';

function rawStream(over: Partial<RawStream> = {}): RawStream {
  return {
    index: 0, family: 4, srcAddr: new Uint8Array([10, 0, 0, 1]), dstAddr: new Uint8Array([10, 0, 0, 2]),
    srcPort: 16386, dstPort: 16388, ssrc: 0xdeadbeef, firstPt: 8, payloadTypes: [8, 101], packets: 500,
    firstTimeNs: 1_700_000_000_123_456_789n, lastTimeNs: 1_700_000_010_123_456_789n, bytes: 80000n,
    channel: 1, codec: 2, clock: 8000, expected: 502, lost: 2, duplicates: 1, reordered: 3, jitterUs: 1500,
    maxGapUs: 60000, ssrcChanges: 0, ptChanges: 0, startFrame: 800, endFrame: 80800, events: 2, cnPackets: 0,
    late: 0, maxJitterUs: 4000, driftPpm: -12, rtcpJitterUs: 0xffffffff, rtcpLost: -1, rtcpPackets: 0, flags: 1,
    ...over,
  };
}

describe('DecodeInfo from raw core tables', () => {
  it('formats addresses, units, names, DTMF digits and the channel rule', () => {
    const info = buildDecodeInfo({
      sampleRate: 8000, frames: 80800, startTimeNs: 1_700_000_000_023_456_789n, channelRule: 0,
      streams: [rawStream(), rawStream({ index: 1, family: 6, srcAddr: new Uint8Array([0x20, 1, 0xd, 0xb8, ...new Array(11).fill(0), 1]), codec: 5, channel: 0, rtcpJitterUs: 2500, rtcpLost: 4, rtcpPackets: 3 })],
      events: [
        { frame: 16000, duration: 800, channel: 1, code: 10, volume: 10, stream: 0 },
        { frame: 8000, duration: 800, channel: 1, code: 15, volume: 10, stream: 0 },
        { frame: 9000, duration: 800, channel: 0, code: 16, volume: 10, stream: 1 },
      ],
      warnings: [{ code: 5, stream: 1, timeMs: 0, detail: (4 << 8) | 18 }],
    });
    expect(info.durationMs).toBe(10100);
    expect(info.startTime).toBeCloseTo(1_700_000_000_023.456, 3);
    expect(info.channelRule).toBe('innovaphone');
    const [a, b] = info.streams;
    expect(a.src).toBe('10.0.0.1:16386');
    expect(a.codec).toBe('PCMA');
    expect(a.channel).toBe('right');
    expect(a.jitterMs).toBe(1.5);
    expect(a.startMs).toBe(100);
    expect(a.rtcp).toEqual({ packets: 0, jitterMs: null, lost: null });
    expect(b.src).toBe('[2001:db8::1]:16386');
    expect(b.codec).toBe('opus');
    expect(b.rtcp).toEqual({ packets: 3, jitterMs: 2.5, lost: 4 });
    // Sorted by time; event 16 (flash) is not a DTMF digit.
    expect(info.dtmf.map((d) => d.digit)).toEqual(['D', '*']);
    expect(info.dtmf[0]).toMatchObject({ timeMs: 1000, durationMs: 100, channel: 'right' });
    expect(info.warnings[0].code).toBe('codec-unsupported');
    expect(info.warnings[0].message).toMatch(/G729 \(payload type 18\)/);
  });

  it('writes IPv6 per RFC 5952', () => {
    const a = (...w: number[]) => new Uint8Array(w.flatMap((x) => [x >> 8, x & 255]));
    expect(formatIpv6(a(0, 0, 0, 0, 0, 0, 0, 1))).toBe('::1');
    expect(formatIpv6(a(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(a(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6(a(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201))).toBe('::ffff:192.0.2.1');
    expect(formatIpv6(a(0xfe80, 0, 0, 0, 0, 0, 0, 0))).toBe('fe80::');
  });

  it('gives every warning code a message, unknown codes included', () => {
    for (let code = 0; code < 20; code++) {
      const w = describeWarning({ code, stream: -1, timeMs: -1, detail: 3 }, []);
      expect(w.message.length, `code ${code}`).toBeGreaterThan(10);
    }
  });
});
