// G.729 through the whole core (scan → plan → render): RTP packets of several frames, Annex B
// SID frames, DTX pauses and lost packets in RTP time, stream hand-over on a channel, upsampling
// when the other side is wideband, chunking, a 10-minute call, and random payloads.
// The expected audio is the same frames decoded by the codec entry point with one record per
// 10 ms: what the packets carry, and an erasure for every 10 ms no packet covers.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawCore } from './codec-fixtures/load-core.js';
import { T0, capture, byTime, decode, codesOf, W, type Pkt } from './timeline-kit.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'g729-fixtures');
const PT_G729 = 18;
const FRAME = 80;

/** One 10 ms slot of a sender: a speech frame, a SID, or nothing sent (DTX). */
type Slot = { kind: 'S' | 'D'; bytes: Uint8Array } | { kind: 'N' };

/** The slots of a committed bcg729 bitstream (tag 10 speech, 2 SID, 0 untransmitted, 0xff erased). */
function slots(name: string): Slot[] {
  const b = new Uint8Array(readFileSync(join(DIR, name)));
  const out: Slot[] = [];
  for (let p = 0; p < b.length;) {
    const t = b[p];
    if (t === 10 || t === 2) out.push({ kind: t === 10 ? 'S' : 'D', bytes: b.subarray(p + 1, p + 1 + t) });
    else out.push({ kind: 'N' });
    p += 1 + (t === 10 || t === 2 ? t : 0);
  }
  return out;
}

interface Side {
  src: string; dst: string; sport: number; dport: number; ssrc: number;
  startMs: number; ts0: number; seq0: number;
}
const LOCAL: Side = { src: '10.0.0.1', dst: '10.0.0.2', sport: 16386, dport: 16388, ssrc: 0x1729, startMs: 0, ts0: 5000, seq0: 100 };
const REMOTE: Side = { src: '10.0.0.2', dst: '10.0.0.1', sport: 16388, dport: 16386, ssrc: 0x2729, startMs: 0, ts0: 9000, seq0: 7000 };

/**
 * RTP packets of `perPacket` frames as an Annex B sender makes them: speech frames grouped,
 * a SID ends its packet, untransmitted slots send nothing (the next packet's timestamp jumps).
 * Packets whose index is in `lose` are dropped. Capture time = RTP time (no jitter).
 */
function packetize(s: Slot[], side: Side, perPacket: number, lose: Set<number> = new Set()): { pkts: Pkt[]; received: boolean[]; sent: number } {
  const pkts: Pkt[] = [];
  const received = new Array<boolean>(s.length).fill(false);
  let seq = side.seq0, n = 0;
  for (let i = 0; i < s.length;) {
    if (s[i].kind === 'N') { i++; continue; }
    const first = i;
    const parts: Uint8Array[] = [];
    while (i < s.length && parts.length < perPacket) {
      const x = s[i];
      if (x.kind === 'N') break;
      parts.push(x.bytes);
      i++;
      if (x.kind === 'D') break;
    }
    const payload = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) { payload.set(p, o); o += p.length; }
    if (!lose.has(n)) {
      for (let k = first; k < i; k++) received[k] = true;
      pkts.push({
        timeNs: T0 + BigInt(Math.round((side.startMs + first * 10) * 1e6)), src: side.src, dst: side.dst,
        sport: side.sport, dport: side.dport, ssrc: side.ssrc, pt: PT_G729, seq: seq & 0xffff,
        ts: (side.ts0 + first * FRAME) >>> 0, marker: n === 0, payload,
      });
    }
    seq++; n++;
  }
  return { pkts, received, sent: n };
}

/** What a receiver plays from the first to the last received slot: the frame, or an erasure. */
async function reference(s: Slot[], received: boolean[]): Promise<Int16Array> {
  const first = received.indexOf(true), last = received.lastIndexOf(true);
  const recs: number[] = [];
  for (let i = first; i <= last; i++) {
    const x = s[i];
    if (received[i] && x.kind !== 'N') recs.push(x.bytes.length, ...x.bytes);
    else recs.push(0xff);
  }
  const x = (await rawCore()) as unknown as {
    memory: WebAssembly.Memory; scratchPtr(): number; g729Reset(): void; g729DecodeBuffer(src: number, n: number, dst: number): number;
  };
  // In blocks that fit the scratch area; the module-level state carries across calls.
  const src = x.scratchPtr(), dst = src + (1 << 20);
  const parts: Int16Array[] = [];
  x.g729Reset();
  for (let p = 0; p < recs.length;) {
    let q = p, k = 0;
    while (q < recs.length && k < 10_000) { q += recs[q] === 0xff ? 1 : 1 + recs[q]; k++; }
    const bits = Uint8Array.from(recs.slice(p, q));
    new Uint8Array(x.memory.buffer).set(bits, src);
    const n = x.g729DecodeBuffer(src, bits.length, dst);
    expect(n).toBe(k * FRAME);
    parts.push(new Int16Array(x.memory.buffer.slice(dst, dst + n * 2)));
    p = q;
  }
  const all = new Int16Array(parts.reduce((a, b) => a + b.length, 0));
  let o = 0;
  for (const part of parts) { all.set(part, o); o += part.length; }
  return all;
}

/** Index of the first difference, or -1. */
function firstDiff(a: Int16Array, b: Int16Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

const DTX = slots('g729-dtx.g729t');
const SPEECH = slots('g729-speech.g729t');

describe('G.729 in the decoder core', () => {
  it('plays packets of two frames with SID, DTX pauses and lost packets exactly like a receiver, on both channels', async () => {
    expect(DTX.some((x) => x.kind === 'D') && DTX.some((x) => x.kind === 'N')).toBe(true);
    const local = packetize(DTX, LOCAL, 2, new Set([7, 8, 30, 61, 62, 63, 95]));
    const remote = packetize(SPEECH, { ...REMOTE, startMs: 250 }, 3, new Set([4, 40]));
    const d = await decode(capture(byTime([...local.pkts, ...remote.pkts])));
    expect(d.rate).toBe(8000);
    expect(codesOf(d)).not.toContain(W.CODEC_UNSUPPORTED);
    const ls = d.streams.find((s) => s.ssrc === LOCAL.ssrc)!, rs = d.streams.find((s) => s.ssrc === REMOTE.ssrc)!;
    expect([ls.channel, rs.channel]).toEqual([1, 0]); // innovaphone ports: 16386 local = right
    expect(ls.lost).toBe(7);
    expect(rs.lost).toBe(2);
    for (const [s, side, ch, firstSlot] of [[ls, local, d.right, local.received.indexOf(true)], [rs, remote, d.left, 25]] as const) {
      const ref = await reference(side === local ? DTX : SPEECH, side.received);
      const at = s.startFrame;
      expect(at).toBe(firstSlot * FRAME);
      // Time-exact: 80 samples for every 10 ms from the first to the last packet.
      expect(s.endFrame - s.startFrame).toBe(ref.length);
      expect(firstDiff(ch.subarray(at, at + ref.length), ref)).toBe(-1);
      expect(ch.subarray(0, at).every((v) => v === 0)).toBe(true);
      expect(ch.subarray(at + ref.length).every((v) => v === 0)).toBe(true);
    }
    // The DTX pauses are comfort noise, not digital silence.
    const noise = DTX.findIndex((x, i) => x.kind === 'N' && DTX[i + 1]?.kind === 'N' && DTX[i + 20]?.kind === 'N');
    expect(noise).toBeGreaterThan(0);
    const seg = d.right.subarray(noise * FRAME + 160, noise * FRAME + 1600);
    expect(seg.some((v) => v !== 0)).toBe(true);
  });

  it('a late first packet is paid back inside the DTX pause: the pause keeps its frame count and loses only samples', async () => {
    const local = packetize(DTX, LOCAL, 2);
    // The first packet reaches the capture 3 ms late; the rest are on time.
    local.pkts[0] = { ...local.pkts[0], timeNs: local.pkts[0].timeNs + 3_000_000n };
    const d = await decode(capture(byTime(local.pkts)));
    const ref = await reference(DTX, local.received);
    const s = d.streams.find((x) => x.ssrc === LOCAL.ssrc)!;
    expect(s.startFrame).toBe(0);
    // The timeline moved everything after the first pause 24 frames (3 ms) earlier ...
    const pause = DTX.findIndex((x) => x.kind === 'N') * FRAME;
    expect(s.endFrame).toBe(ref.length - 24);
    // ... and the first erasure frame of that pause lost its head; every other sample is the receiver's.
    const want = new Int16Array(ref.length - 24);
    want.set(ref.subarray(0, pause));
    want.set(ref.subarray(pause + 24), pause);
    expect(firstDiff(d.right.subarray(0, want.length), want)).toBe(-1);
  });

  it('renders the same samples whatever the chunk size (DTX and loss crossing chunk ends)', async () => {
    const local = packetize(DTX, LOCAL, 4, new Set([3, 20, 21, 22, 50]));
    const bytes = capture(byTime(local.pkts));
    const whole = await decode(bytes);
    for (const chunk of [80, 333, 1000, 4097]) {
      const d = await decode(bytes, { chunk });
      expect(d.frames).toBe(whole.frames);
      expect(firstDiff(d.right, whole.right), `chunk ${chunk}`).toBe(-1);
    }
  });

  it('upsamples when the other side is wideband: every second sample is the 8 kHz decode, length exact', async () => {
    const local = packetize(DTX, LOCAL, 2, new Set([10, 11, 40]));
    // The remote side sends G.722 (PT 9): the output runs at 16 kHz.
    const g722: Pkt[] = [];
    for (let i = 0; i < 100; i++) {
      g722.push({ timeNs: T0 + BigInt(i * 20) * 1_000_000n, src: REMOTE.src, dst: REMOTE.dst, sport: REMOTE.sport, dport: REMOTE.dport,
        ssrc: REMOTE.ssrc, pt: 9, seq: i, ts: i * 160, marker: i === 0, payload: new Uint8Array(160).fill(0x55) });
    }
    const bytes = capture(byTime([...local.pkts, ...g722]));
    const ref = await reference(DTX, local.received);
    for (const chunk of [96000, 777]) {
      const d = await decode(bytes, { chunk });
      expect(d.rate).toBe(16000);
      const s = d.streams.find((x) => x.ssrc === LOCAL.ssrc)!;
      expect(s.endFrame - s.startFrame).toBe(ref.length * 2);
      const at = s.startFrame;
      let bad = -1;
      for (let i = 0; i < ref.length; i++) if (d.right[at + 2 * i] !== ref[i]) { bad = i; break; }
      expect(bad, `chunk ${chunk}: sample ${bad} of the 8 kHz decode`).toBe(-1);
    }
  });

  it('starts a fresh decoder state when another stream takes the channel over', async () => {
    const a = packetize(SPEECH.slice(0, 100), LOCAL, 2);
    const b = packetize(SPEECH.slice(100, 200), { ...LOCAL, ssrc: 0x3729, startMs: 1000, ts0: 123456, seq0: 5 }, 2);
    const d = await decode(capture(byTime([...a.pkts, ...b.pkts])));
    const sb = d.streams.find((x) => x.ssrc === 0x3729)!;
    expect(sb.channel).toBe(1);
    const refB = await reference(SPEECH.slice(100, 200), b.received);
    expect(firstDiff(d.right.subarray(sb.startFrame, sb.startFrame + refB.length), refB)).toBe(-1);
    // Continuing stream a's state instead would give other samples.
    const continued = await reference(SPEECH.slice(0, 200), new Array(200).fill(true));
    expect(firstDiff(continued.subarray(8000), refB)).not.toBe(-1);
  });

  it('a 10-minute call with DTX on both sides: channels exact to the sample, no drift', async () => {
    // 60,000 slots per side from the DTX material, the remote side shifted by 1.3 s.
    const reps = Math.ceil(60_000 / DTX.length);
    const long = Array.from({ length: reps }, () => DTX).flat().slice(0, 60_000);
    // Keep the ends speech so the stream spans exactly 10 minutes.
    long[0] = SPEECH[0]; long[59_999] = SPEECH[1];
    const loss = new Set(Array.from({ length: 40 }, (_, i) => 37 + i * 311));
    const local = packetize(long, LOCAL, 2, loss);
    const remote = packetize(long, { ...REMOTE, startMs: 1300 }, 2);
    const d = await decode(capture(byTime([...local.pkts, ...remote.pkts])), { chunk: 96000 });
    expect(d.frames).toBe((600_000 + 1300) * 8);
    const ls = d.streams.find((x) => x.ssrc === LOCAL.ssrc)!, rs = d.streams.find((x) => x.ssrc === REMOTE.ssrc)!;
    expect([ls.startFrame, ls.endFrame]).toEqual([0, 4_800_000]);
    expect([rs.startFrame, rs.endFrame]).toEqual([10_400, 4_810_400]);
    const lost = [...loss].filter((i) => i < local.sent).length;
    expect(lost).toBeGreaterThan(20);
    expect(ls.lost).toBe(lost);
    const refL = await reference(long, local.received);
    const refR = await reference(long, remote.received);
    expect(refL.length).toBe(4_800_000);
    expect(firstDiff(d.right.subarray(0, 4_800_000), refL)).toBe(-1);
    expect(d.right.subarray(4_800_000).every((v) => v === 0)).toBe(true);
    expect(firstDiff(d.left.subarray(10_400), refR)).toBe(-1);
    expect(d.left.subarray(0, 10_400).every((v) => v === 0)).toBe(true);
  }, 120_000);

  it('random and truncated payloads, odd lengths and random gaps never trap; output stays plan-exact', async () => {
    let seed = 0x9e3779b9;
    const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };
    for (let round = 0; round < 12; round++) {
      const pkts: Pkt[] = [];
      let ts = rnd(), t = 0;
      for (let i = 0; i < 300; i++) {
        const len = [0, 1, 2, 3, 10, 12, 20, 22, 9, 15, 40, 200, 1500][rnd() % 13];
        const payload = new Uint8Array(len).map(() => rnd() & 255);
        pkts.push({ timeNs: T0 + BigInt(t) * 1_000_000n, src: LOCAL.src, dst: LOCAL.dst, sport: LOCAL.sport, dport: LOCAL.dport,
          ssrc: round % 3 === 0 && i > 150 ? 0x4444 : LOCAL.ssrc, pt: rnd() % 17 === 0 ? 0 : PT_G729, seq: i, ts, marker: false, payload });
        const step = [1, 2, 2, 2, 3, 7, 100, 0][rnd() % 8];
        ts = (ts + step * FRAME) >>> 0;
        t += step * 10;
      }
      for (const chunk of [96000, 500]) {
        const d = await decode(capture(pkts), { chunk });
        expect(d.left.length + d.right.length).toBe(2 * d.frames);
      }
    }
  });
});
