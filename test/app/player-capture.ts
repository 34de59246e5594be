// A call whose every sound is known, for the player tests: A-law both ways, the remote side
// (left, UDP 16388) a steady 600 Hz tone, the local side (right, 16386) 1000 Hz, a DTMF "7" from
// the local side at 1 s, and optionally a stretch of remote packets missing (loss) with a capture
// gap the timeline must shorten.
import { udpPcap, type UdpPacket } from '../helpers/pcap-writer.js';
import { buildRtp, buildTelephoneEvent } from '../helpers/rtp-builder.js';

export const LEFT_HZ = 600;
export const RIGHT_HZ = 1000;
const START_NS = 1_764_000_000_000_000_000n;
const MS20 = 20_000_000n;

/** ITU-T G.711 A-law of one 16-bit sample (segment + 4-bit mantissa, even bits inverted). */
export function alaw(sample: number): number {
  let s = Math.max(-32768, Math.min(32767, Math.round(sample)));
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = Math.min(32767, -s - 1);
  let code: number;
  if (s < 256) code = s >> 4;
  else {
    let e = 1;
    while (e < 7 && s >= 1 << (e + 8)) e++;
    code = (e << 4) | ((s >> (e + 3)) & 0x0f);
  }
  return (sign | code) ^ 0x55;
}

function tonePayload(freq: number, amp: number, packet: number): Uint8Array {
  const out = new Uint8Array(160);
  for (let k = 0; k < 160; k++) out[k] = alaw(amp * Math.sin((2 * Math.PI * freq * (packet * 160 + k)) / 8000));
  return out;
}

export interface ToneCallOptions {
  seconds?: number;
  /** remote packets [from, to) never sent (lost), and the capture pauses this long after them (ms) */
  loss?: { from: number; to: number; captureGapMs?: number };
  /** from remote packet `at` on, its RTP timestamps run `ms` ahead of capture time (a sender clock jump) */
  jump?: { at: number; ms: number };
}

export function toneCall(o: ToneCallOptions = {}): Uint8Array {
  const count = Math.round((o.seconds ?? 4) * 50);
  const packets: UdpPacket[] = [];
  const loss = o.loss;
  const shift = (i: number) => (loss?.captureGapMs && i >= loss.to ? BigInt(loss.captureGapMs) * 1_000_000n : 0n);
  for (let i = 0; i < count; i++) {
    if (loss && i >= loss.from && i < loss.to) continue;
    const extra = (loss?.captureGapMs && i >= loss.to ? Math.round(loss.captureGapMs / 20) : 0)
      + (o.jump && i >= o.jump.at ? Math.round(o.jump.ms / 20) : 0);
    packets.push({ timeNs: START_NS + BigInt(i) * MS20 + shift(i) + 3_000_000n, src: '10.0.0.2', dst: '10.0.0.1', sport: 16388, dport: 16386,
      payload: buildRtp({ pt: 8, seq: 500 + i, ts: 8000 + (i + extra) * 160, ssrc: 0x2222, marker: i === 0, payload: tonePayload(LEFT_HZ, 10000, i + extra) }) });
  }
  let seq = 1000;
  for (let i = 0; i < count; i++) {
    const at = START_NS + BigInt(i) * MS20 + shift(i);
    if (i >= 50 && i < 54) {
      if (i === 50) {
        for (let k = 0; k < 6; k++) {
          const end = k >= 3;
          packets.push({ timeNs: at + BigInt(Math.min(k, 3)) * MS20 + BigInt(k) * 1000n, src: '10.0.0.1', dst: '10.0.0.2', sport: 16386, dport: 16388,
            payload: buildRtp({ pt: 101, seq: seq++, ts: 16000 + 50 * 160, ssrc: 0x1111, marker: k === 0,
              payload: buildTelephoneEvent({ event: 7, end, duration: end ? 640 : 160 * (k + 1) }) }) });
        }
      }
      continue;
    }
    const extra = loss?.captureGapMs && i >= loss.to ? Math.round(loss.captureGapMs / 20) : 0;
    packets.push({ timeNs: at, src: '10.0.0.1', dst: '10.0.0.2', sport: 16386, dport: 16388,
      payload: buildRtp({ pt: 8, seq: seq++, ts: 16000 + (i + extra) * 160, ssrc: 0x1111, marker: i === 0, payload: tonePayload(RIGHT_HZ, 8000, i + extra) }) });
  }
  packets.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
  return udpPcap(packets);
}
