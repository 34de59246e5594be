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
