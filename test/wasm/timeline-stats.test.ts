// Per-stream statistics that come from outside the stream itself (RTCP) and robustness of
// plan()/render() on damaged captures.
import { describe, expect, it } from 'vitest';
import { udpPcap } from '../helpers/pcap-writer.js';
import { buildRtcpRr, buildRtp } from '../helpers/rtp-builder.js';
import { back, byTime, capture, decode, fastCapture, leg, T0, MS } from './timeline-kit.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { AppError } from '../../src/shared/errors.js';

describe('timeline: statistics and robustness', () => {
  it('takes the last RTCP receiver report about each SSRC (jitter in µs, cumulative loss)', async () => {
    const a = leg({ count: 100 });
    const b = back({ count: 100, startMs: 3 });
    const rtp = byTime([...a, ...b]).map((p) => ({
      timeNs: p.timeNs, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport,
      payload: buildRtp({ pt: p.pt, seq: p.seq, ts: p.ts, ssrc: p.ssrc, marker: p.marker, payload: p.payload }),
    }));
    const rr = (atMs: number, jitter: number, lost: number) => ({
      timeNs: T0 + BigInt(atMs) * MS, src: '10.0.0.2', dst: '10.0.0.1', sport: 50001, dport: 40001,
      payload: buildRtcpRr({ ssrc: 0x22222222, reports: [{ ssrc: 0x11111111, cumulativeLost: lost, jitter }] }),
    });
    const all = [...rtp, rr(1000, 40, 1), rr(1990, 80, 3)].sort((x, y) => (x.timeNs < y.timeNs ? -1 : 1));
    const d = await decode(udpPcap(all));
    const s = d.streams.find((x) => x.ssrc === 0x11111111)!;
    expect(s.rtcpPackets).toBe(2);
    expect(s.rtcpJitterUs).toBe(10000);
    expect(s.rtcpLost).toBe(3);
    const o = d.streams.find((x) => x.ssrc === 0x22222222)!;
    expect(o.rtcpJitterUs).toBe(0xffffffff);
    expect(o.rtcpLost).toBe(-1);
  });

  it('no RTP at all is the typed no-audio error', async () => {
    const core = await createNodeCore();
    core.load(udpPcap([{ timeNs: T0, src: '10.0.0.1', dst: '10.0.0.2', sport: 5060, dport: 5060, payload: new Uint8Array(20) }]));
    expect(() => core.plan()).toThrow(AppError);
    expect(() => core.render(100)).toThrow(AppError);
  });

  it('stays linear when capture times never advance (every packet a timestamp jump)', async () => {
    const bytes = fastCapture([{ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 50000, ssrc: 1, count: 200000, startNs: 1_700_000_000e9, intervalNs: 0, beaconEvery: 50 }]);
    const core = await createNodeCore();
    core.load(bytes);
    core.plan(); // the first call also pays for compiling the module
    const t = performance.now();
    core.plan();
    // Linear: tens of ms; a look-ahead without a bound would scan the rest of the stream for every
    // packet (2·10^10 steps here, minutes), so this bound only catches the quadratic case.
    expect(performance.now() - t).toBeLessThan(5000);
    expect(core.streams()[0].lost).toBe(0);
  });

  it('plans and renders mutated captures without crashing or hanging', async () => {
    const base = capture(byTime([
      ...leg({ count: 60, pt: 9 }), ...back({ count: 60, startMs: 3 }),
      ...leg({ count: 30, startMs: 2000, pt: 101, ssrc: 9, payload: (i) => Uint8Array.of(i & 15, i % 5 ? 0 : 0x80, 0, 160) }),
    ]));
    const core = await createNodeCore();
    let seed = 0x1234567;
    const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
    let planned = 0;
    for (let n = 0; n < 300; n++) {
      const bytes = base.slice();
      // Flip bytes in RTP headers and payloads only (past the pcap header), keeping the capture parseable.
      for (let k = 0; k < 40; k++) bytes[24 + (rnd() % (bytes.length - 24))] = rnd() & 0xff;
      try {
        core.load(bytes);
        core.plan();
        planned++;
        let total = 0;
        for (;;) { const r = core.render(1 + (rnd() % 20000)); if (!r.frames) break; total += r.frames; }
        expect(total).toBe(core.totalFrames());
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).not.toBe('decoder-crashed');
      }
    }
    expect(planned).toBeGreaterThan(100);
  });
});
