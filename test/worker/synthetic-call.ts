// A small two-way innovaphone-style call built with the shared capture writers: A-law both ways
// (local from UDP 16386 → right, remote from 16388 → left), audible payloads, and a DTMF "5"
// sent by the local side. Used where a test needs a capture whose every property is known.
import { udpPcap, type UdpPacket } from '../helpers/pcap-writer.js';
import { buildRtp, buildTelephoneEvent, rtpSeries } from '../helpers/rtp-builder.js';

export const CALL_START_NS = 1_764_000_000_000_000_000n;

export function syntheticCall(seconds = 3): Uint8Array {
  const count = Math.round(seconds * 50);
  // Varying A-law bytes (audible noise), different per side so the channels can be told apart.
  const payload = (seed: number) => (i: number) => Uint8Array.from({ length: 160 }, (_, k) => ((k * 7 + i * 13 + seed) & 0x7f) | 0x80);
  const remote = rtpSeries({ ssrc: 0x2222, pt: 8, count, startNs: CALL_START_NS + 5_000_000n, payload: payload(50) });
  const toRemote = (timeNs: bigint, rtp: Uint8Array): UdpPacket => ({ timeNs, src: '10.0.0.1', dst: '10.0.0.2', sport: 16386, dport: 16388, payload: rtp });
  const packets: UdpPacket[] = remote.map((p) => ({ timeNs: p.timeNs, src: '10.0.0.2', dst: '10.0.0.1', sport: 16388, dport: 16386, payload: p.rtp }));
  // Local side: audio, then a DTMF "5" at 1 s in the same SSRC and sequence space (as phones send
  // it: events replace audio for the key press; three updates, three end packets per RFC 4733
  // §2.5.1.4), then audio again.
  const local = payload(3);
  let seq = 1000;
  const ms20 = 20_000_000n;
  for (let i = 0; i < count; i++) {
    if (i >= 50 && i < 54) continue;
    if (i === 54) {
      for (let k = 0; k < 6; k++) {
        const end = k >= 3;
        const ev = buildTelephoneEvent({ event: 5, end, duration: end ? 640 : 160 * (k + 1) });
        packets.push(toRemote(CALL_START_NS + 50n * ms20 + BigInt(Math.min(k, 3)) * ms20 + BigInt(k) * 1000n,
          buildRtp({ pt: 101, seq: seq++, ts: 16000 + 50 * 160, ssrc: 0x1111, marker: k === 0, payload: ev })));
      }
    }
    packets.push(toRemote(CALL_START_NS + BigInt(i) * ms20, buildRtp({ pt: 8, seq: seq++, ts: 16000 + i * 160, ssrc: 0x1111, marker: i === 0, payload: local(i) })));
  }
  packets.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  return udpPcap(packets);
}

const loud = (seed: number) => (i: number) => Uint8Array.from({ length: 160 }, (_, k) => ((k * 7 + i * 13 + seed) & 0x7f) | 0x80);
const fromLocal = (timeNs: bigint, rtp: Uint8Array): UdpPacket => ({ timeNs, src: '10.0.0.1', dst: '10.0.0.2', sport: 16386, dport: 16388, payload: rtp });
const fromRemote = (timeNs: bigint, rtp: Uint8Array): UdpPacket => ({ timeNs, src: '10.0.0.2', dst: '10.0.0.1', sport: 16388, dport: 16386, payload: rtp });

/** A two-way A-law call of `seconds` in capture order, plus `extra` packets appended at the end of the file. */
export function callWith(seconds: number, extra: UdpPacket[]): Uint8Array {
  const n = seconds * 50;
  const packets = [
    ...rtpSeries({ ssrc: 0x1111, pt: 8, count: n, startNs: CALL_START_NS, payload: loud(3) }).map((p) => fromLocal(p.timeNs, p.rtp)),
    ...rtpSeries({ ssrc: 0x2222, pt: 8, count: n, startNs: CALL_START_NS + 5_000_000n, payload: loud(50) }).map((p) => fromRemote(p.timeNs, p.rtp)),
  ].sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  return udpPcap([...packets, ...extra]);
}

/**
 * A call whose file ends with a stray packet of another SSRC captured 500 ms before the call
 * (records out of capture order): t = 0 moves, so a preview of the file's start is wrong.
 */
export function callWithEarlyStray(seconds: number): Uint8Array {
  const stray = rtpSeries({ ssrc: 0x3333, pt: 8, count: 1, startNs: CALL_START_NS - 500_000_000n, payload: loud(9) })[0]!;
  return callWith(seconds, [fromRemote(stray.timeNs, stray.rtp)]);
}

/**
 * A two-way innovaphone-style call of `seconds` with one payload type both ways, 20 ms packets:
 * `payload(side, i)` gives packet i of the local (0) or remote (1) side, `tsStep` its RTP
 * timestamp increment.
 */
export function twoWayCall(seconds: number, pt: number, tsStep: number, payload: (side: 0 | 1, i: number) => Uint8Array): Uint8Array {
  const count = Math.round(seconds * 50);
  const local = rtpSeries({ ssrc: 0x7291, pt, count, startNs: CALL_START_NS, tsStep, payload: (i) => payload(0, i) });
  const remote = rtpSeries({ ssrc: 0x7292, pt, count, startNs: CALL_START_NS + 3_000_000n, tsStep, payload: (i) => payload(1, i) });
  const packets = [...local.map((p) => fromLocal(p.timeNs, p.rtp)), ...remote.map((p) => fromRemote(p.timeNs, p.rtp))];
  packets.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  return udpPcap(packets);
}

/**
 * A two-way G.729 call (PT 18, two 10-byte frames per packet) of bcg729-encoded speech (the
 * committed g729-speech bitstream, looped; the remote side starts elsewhere in it), long enough
 * for the player to split it between two decoder workers.
 */
export function g729Call(seconds: number, speech: Uint8Array): Uint8Array {
  const frames: Uint8Array[] = [];
  for (let p = 0; p + 11 <= speech.length; p += 11) if (speech[p] === 10) frames.push(speech.subarray(p + 1, p + 11));
  if (frames.length < 2) throw new Error('no speech frames in the G.729 bitstream');
  return twoWayCall(seconds, 18, 160, (side, i) => {
    const out = new Uint8Array(20);
    const at = 2 * i + side * 301;
    out.set(frames[at % frames.length], 0);
    out.set(frames[(at + 1) % frames.length], 10);
    return out;
  });
}
