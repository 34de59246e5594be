// Synthetic calls for the timeline tests: RTP streams described in a few fields, turned into
// a pcap with Helper A's writers and decoded through WasmCore (load → plan → render).
import { createNodeCore } from '../../src/worker/core-node.js';
import type { WasmCore, RawExt } from '../../src/worker/wasm-module.js';
import { udpPcap, type UdpPacket } from '../helpers/pcap-writer.js';
import { buildRtp, buildTelephoneEvent } from '../helpers/rtp-builder.js';

export const MS = 1_000_000n;
export const T0 = 1_700_000_000_000_000_000n;

export interface Leg {
  src?: string; dst?: string; sport?: number; dport?: number;
  ssrc?: number; pt?: number;
  /** packets */
  count: number;
  /** capture time of packet 0 in ms after T0 */
  startMs?: number;
  intervalMs?: number;
  seq0?: number; ts0?: number; tsStep?: number;
  payload?: (i: number) => Uint8Array;
  marker?: (i: number) => boolean;
}

/** One RTP packet as the tests manipulate it before writing the capture. */
export interface Pkt {
  timeNs: bigint; src: string; dst: string; sport: number; dport: number;
  ssrc: number; pt: number; seq: number; ts: number; marker: boolean; payload: Uint8Array;
}

/** µ-law payload of `n` bytes of `code` (0xff is silence, 0x80 full scale). */
export const ulaw = (code: number, n = 160): Uint8Array => new Uint8Array(n).fill(code);

/** The packets of a regular stream; defaults: A→B, PCMU, 20 ms, 160 ticks per packet. */
export function leg(o: Leg): Pkt[] {
  const out: Pkt[] = [];
  const interval = o.intervalMs ?? 20;
  for (let i = 0; i < o.count; i++) {
    out.push({
      timeNs: T0 + BigInt(Math.round(((o.startMs ?? 0) + i * interval) * 1e6)),
      src: o.src ?? '10.0.0.1', dst: o.dst ?? '10.0.0.2', sport: o.sport ?? 40000, dport: o.dport ?? 50000,
      ssrc: o.ssrc ?? 0x11111111, pt: o.pt ?? 0,
      seq: ((o.seq0 ?? 1000) + i) & 0xffff, ts: ((o.ts0 ?? 16000) + i * (o.tsStep ?? 160)) >>> 0,
      marker: o.marker ? o.marker(i) : i === 0,
      payload: o.payload ? o.payload(i) : ulaw(0x80),
    });
  }
  return out;
}

/** The reverse direction of `leg` defaults (B→A). */
export function back(o: Leg): Pkt[] {
  return leg({ src: '10.0.0.2', dst: '10.0.0.1', sport: 50000, dport: 40000, ssrc: 0x22222222, ...o });
}

/** Telephone-event packets for one digit: growing durations, then three end packets. */
export function dtmf(o: { code: number; atMs: number; ts: number; seq0: number; steps: number; ssrc?: number; pt?: number } & Partial<Pkt>): Pkt[] {
  const out: Pkt[] = [];
  for (let k = 0; k < o.steps + 3; k++) {
    const end = k >= o.steps;
    const duration = 160 * Math.min(k + 1, o.steps);
    out.push({
      timeNs: T0 + BigInt(Math.round((o.atMs + k * 20) * 1e6)),
      src: o.src ?? '10.0.0.1', dst: o.dst ?? '10.0.0.2', sport: o.sport ?? 40000, dport: o.dport ?? 50000,
      ssrc: o.ssrc ?? 0x11111111, pt: o.pt ?? 101, seq: (o.seq0 + k) & 0xffff, ts: o.ts >>> 0, marker: k === 0,
      payload: buildTelephoneEvent({ event: o.code, end, volume: 10, duration }),
    });
  }
  return out;
}

/** A pcap of the packets in the order given (capture order = array order). */
export function capture(pkts: Pkt[]): Uint8Array {
  const udp: UdpPacket[] = pkts.map((p) => ({
    timeNs: p.timeNs, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport,
    payload: buildRtp({ pt: p.pt, seq: p.seq, ts: p.ts, ssrc: p.ssrc, marker: p.marker, payload: p.payload }),
  }));
  return udpPcap(udp);
}

/** Capture order sorted by time (stable). */
export const byTime = (pkts: Pkt[]): Pkt[] => [...pkts].sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));

export interface Decoded {
  core: WasmCore;
  rate: number; frames: number; rule: number;
  left: Int16Array; right: Int16Array;
  streams: ReturnType<WasmCore['streams']>;
  warnings: ReturnType<WasmCore['warnings']>;
  events: ReturnType<WasmCore['events']>;
  exts: Array<RawExt & { chunkStart: number }>;
}

let shared: WasmCore | null = null;

/** Loads, optionally configures, plans and renders everything in chunks of `chunk` frames. */
export async function decode(bytes: Uint8Array, o: { chunk?: number; setup?: (c: WasmCore) => void } = {}): Promise<Decoded> {
  shared ??= await createNodeCore();
  const core = shared;
  core.load(bytes);
  o.setup?.(core);
  core.plan();
  const frames = core.totalFrames();
  const left = new Int16Array(frames), right = new Int16Array(frames);
  const exts: Decoded['exts'] = [];
  let at = 0;
  for (;;) {
    const r = core.render(o.chunk ?? 96000);
    if (r.frames === 0) break;
    left.set(r.left, at); right.set(r.right, at);
    for (const x of core.exts()) exts.push({ ...x, chunkStart: at });
    at += r.frames;
  }
  if (at !== frames) throw new Error(`rendered ${at} of ${frames} frames`);
  return {
    core, rate: core.sampleRate(), frames, rule: core.channelRule(), left, right,
    streams: core.streams(), warnings: core.warnings(), events: core.events(), exts,
  };
}

/** Frame ranges [start, end) where `ch` is not zero. */
export function nonZeroRuns(ch: Int16Array): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let s = -1;
  for (let i = 0; i <= ch.length; i++) {
    const nz = i < ch.length && ch[i] !== 0;
    if (nz && s < 0) s = i;
    if (!nz && s >= 0) { runs.push([s, i]); s = -1; }
  }
  return runs;
}

export const W = {
  CODEC_UNSUPPORTED: 5, UNKNOWN_PT: 6, SSRC_CHANGE: 8, PT_CHANGE: 9, TIMESTAMP_JUMP: 10, GAP_CAPPED: 11,
  DRIFT_CORRECTED: 12, LATE_PACKET: 14, ONE_WAY: 16,
} as const;
export const codesOf = (d: Decoded): number[] => d.warnings.map((w) => w.code);

/** A long regular PCMU stream for fastCapture(): loud every `beaconEvery`-th packet. */
export interface FastLeg {
  src: string; dst: string; sport: number; dport: number; ssrc: number;
  count: number; startNs: number; intervalNs: number; beaconEvery: number;
}

/**
 * Writes hour-long captures in a fraction of a second (Ethernet/IPv4/UDP/RTP in classic pcap,
 * no checksums): the object-per-packet writers are too slow for millions of packets.
 */
export function fastCapture(legs: FastLeg[]): Uint8Array {
  const order: Array<[number, number, number]> = [];
  legs.forEach((l, li) => { for (let i = 0; i < l.count; i++) order.push([l.startNs + i * l.intervalNs, li, i]); });
  order.sort((a, b) => a[0] - b[0]);
  const rec = 16 + 14 + 20 + 8 + 12 + 160;
  const out = Buffer.alloc(24 + order.length * rec);
  out.writeUInt32LE(0xa1b23c4d, 0); out.writeUInt16LE(2, 4); out.writeUInt16LE(4, 6);
  out.writeUInt32LE(65535, 16); out.writeUInt32LE(1, 20);
  const ip = (s: string) => s.split('.').reduce((a, b) => a * 256 + Number(b), 0);
  let o = 24;
  const base = Number(T0 / 1_000_000_000n);
  for (const [t, li, i] of order) {
    const l = legs[li];
    const ns = Math.round(t);
    out.writeUInt32LE(base + Math.floor(ns / 1e9), o); out.writeUInt32LE(ns % 1e9, o + 4);
    out.writeUInt32LE(rec - 16, o + 8); out.writeUInt32LE(rec - 16, o + 12);
    const e = o + 16;
    out.writeUInt16BE(0x0800, e + 12);
    const h = e + 14;
    out.writeUInt8(0x45, h); out.writeUInt16BE(20 + 8 + 12 + 160, h + 2); out.writeUInt8(64, h + 8); out.writeUInt8(17, h + 9);
    out.writeUInt32BE(ip(l.src), h + 12); out.writeUInt32BE(ip(l.dst), h + 16);
    const u = h + 20;
    out.writeUInt16BE(l.sport, u); out.writeUInt16BE(l.dport, u + 2); out.writeUInt16BE(8 + 12 + 160, u + 4);
    const r = u + 8;
    const beacon = i % l.beaconEvery === 0;
    out.writeUInt8(0x80, r); out.writeUInt8(beacon ? 0x80 : 0, r + 1);
    out.writeUInt16BE(i & 0xffff, r + 2); out.writeUInt32BE((i * 160) >>> 0, r + 4); out.writeUInt32BE(l.ssrc, r + 8);
    out.fill(beacon ? 0x80 : 0xff, r + 12, r + 12 + 160);
    o += rec;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}
