// Channel assignment: innovaphone port rule, heuristic, overrides, SSRC chains, one-way calls.
import { describe, expect, it } from 'vitest';
import { back, capture, decode, leg, nonZeroRuns, ulaw, W, codesOf, byTime } from './timeline-kit.js';

const LOCAL = 0x80; // loud on the local side
const REMOTE = 0x90;

describe('timeline: channels', () => {
  it('innovaphone rule: 16386 is the local user (right), 16388 the remote party (left)', async () => {
    // The remote stream comes first in the file, so the heuristic would choose the other way.
    const remote = leg({ count: 50, sport: 16388, dport: 16390, ssrc: 2, payload: () => ulaw(REMOTE) });
    const local = leg({ count: 50, startMs: 5, src: '10.0.0.2', dst: '10.0.0.1', sport: 16386, dport: 16392, ssrc: 1, payload: () => ulaw(LOCAL) });
    const d = await decode(capture(byTime([...remote, ...local])));
    expect(d.rule).toBe(0);
    const ch = Object.fromEntries(d.streams.map((s) => [s.srcPort, s.channel]));
    expect(ch[16386]).toBe(1);
    expect(ch[16388]).toBe(0);
    expect(d.streams.every((s) => (s.flags & 1) === 1)).toBe(true);
    expect(d.right[100]).toBe(d.core.g711(0, ulaw(LOCAL))[0]);
    expect(d.left[100]).toBe(d.core.g711(0, ulaw(REMOTE))[0]);
  });

  it('heuristic: the first sender is local (right), the reverse direction remote (left)', async () => {
    const a = leg({ count: 50, payload: () => ulaw(LOCAL) });
    const b = back({ count: 50, startMs: 7, payload: () => ulaw(REMOTE) });
    const d = await decode(capture(byTime([...a, ...b])));
    expect(d.rule).toBe(1);
    expect(d.streams[0].channel).toBe(1);
    expect(d.streams[1].channel).toBe(0);
    expect(d.right[10]).toBe(d.core.g711(0, ulaw(LOCAL))[0]);
    expect(d.left[200]).toBe(d.core.g711(0, ulaw(REMOTE))[0]);
    expect(codesOf(d)).not.toContain(W.ONE_WAY);
  });

  it('setSwap and setChannel override the heuristic (rule 2)', async () => {
    const bytes = capture(byTime([...leg({ count: 20 }), ...back({ count: 20, startMs: 3 })]));
    const swapped = await decode(bytes, { setup: (c) => c.setSwap(true) });
    expect(swapped.rule).toBe(2);
    expect(swapped.streams.map((s) => s.channel)).toEqual([0, 1]);
    expect(swapped.streams.every((s) => (s.flags & 2) === 0)).toBe(true);
    const forced = await decode(bytes, { setup: (c) => { c.setChannel(1, 1); c.setChannel(0, 1); } });
    expect(forced.rule).toBe(2);
    expect(forced.streams.map((s) => s.channel)).toEqual([1, 1]);
    expect(forced.streams.every((s) => (s.flags & 2) === 2)).toBe(true);
    expect(codesOf(forced)).toContain(W.ONE_WAY);
    // A fresh load forgets the overrides.
    const again = await decode(bytes);
    expect(again.rule).toBe(1);
    expect(again.streams.map((s) => s.channel)).toEqual([1, 0]);
  });

  it('plan() may run again with other overrides; its warnings and events replace the earlier ones', async () => {
    const bytes = capture(byTime([...leg({ count: 20, ssrc: 1 }), ...leg({ count: 20, startMs: 400, ssrc: 2 })]));
    const d = await decode(bytes);
    const before = d.core.warnings();
    expect(before.map((w) => w.code).sort()).toEqual([W.SSRC_CHANGE, W.ONE_WAY].sort());
    d.core.setChannel(1, 0);
    d.core.plan();
    expect(d.core.streams().map((s) => s.channel)).toEqual([1, 0]);
    expect(d.core.warnings().map((w) => w.code)).toEqual([]);
    expect(d.core.channelRule()).toBe(2);
  });

  it('chains a new SSRC in the same direction onto the same channel', async () => {
    const first = leg({ count: 50, ssrc: 0xaaaa });
    const second = leg({ count: 50, startMs: 1000, ssrc: 0xbbbb, seq0: 7, ts0: 123456 });
    const other = back({ count: 100, startMs: 5 });
    const d = await decode(capture(byTime([...first, ...second, ...other])));
    const s1 = d.streams.find((s) => s.ssrc === 0xaaaa)!;
    const s2 = d.streams.find((s) => s.ssrc === 0xbbbb)!;
    expect(s2.channel).toBe(s1.channel);
    expect(s1.ssrcChanges).toBe(1);
    const w = d.warnings.find((x) => x.code === W.SSRC_CHANGE)!;
    expect(w.detail).toBe(0xbbbb);
    expect(w.stream).toBe(s2.index);
    const side = s1.channel === 1 ? d.right : d.left;
    expect(nonZeroRuns(side)).toEqual([[0, 16000]]);
    expect(s2.startFrame).toBe(8000);
  });

  it('chains a re-INVITE to new ports by address', async () => {
    const first = leg({ count: 50 });
    const moved = leg({ count: 50, startMs: 1000, sport: 40100, dport: 50100, ssrc: 0x3333 });
    const other = back({ count: 50, startMs: 5 });
    const otherMoved = back({ count: 50, startMs: 1005, sport: 50100, dport: 40100, ssrc: 0x4444 });
    const d = await decode(capture(byTime([...first, ...moved, ...other, ...otherMoved])));
    const bySsrc = Object.fromEntries(d.streams.map((s) => [s.ssrc, s.channel]));
    expect(bySsrc[0x11111111]).toBe(1);
    expect(bySsrc[0x3333]).toBe(1);
    expect(bySsrc[0x22222222]).toBe(0);
    expect(bySsrc[0x4444]).toBe(0);
  });

  it('a one-way call still gives two channels and says which one has audio', async () => {
    const d = await decode(capture(leg({ count: 50 })));
    const w = d.warnings.find((x) => x.code === W.ONE_WAY)!;
    expect(w.detail).toBe(1);
    expect(d.left.length).toBe(d.right.length);
    expect(nonZeroRuns(d.left)).toEqual([]);
    expect(nonZeroRuns(d.right)).toEqual([[0, 8000]]);
  });
});
