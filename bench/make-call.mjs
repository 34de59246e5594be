// Generates a long two-way innovaphone-style call capture for benchmarks:
// ffmpeg encodes two different synthetic voices (noise + tones), this script packetizes
// them into RTP (20 ms, local 16386 → 16388, remote 16388 → 16386) inside a classic pcap.
// The encoded payload files are kept next to the capture so native ffmpeg can decode
// exactly the same bytes for comparison.
//   node bench/make-call.mjs <pcma|g722> <minutes> <out-dir>
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeTwoWayPcap } from './rtp-pcap.mjs';

const CODECS = {
  pcma: { ffmpeg: ['-ar', '8000', '-c:a', 'pcm_alaw', '-f', 'alaw'], pt: 8, bytesPer20ms: 160, tsPer20ms: 160 },
  g722: { ffmpeg: ['-ar', '16000', '-c:a', 'g722', '-f', 'g722'], pt: 9, bytesPer20ms: 160, tsPer20ms: 160 },
};

export function makeCall(codecName, minutes, dir) {
  const codec = CODECS[codecName];
  if (!codec) throw new Error(`unknown codec ${codecName} (pcma|g722)`);
  mkdirSync(dir, { recursive: true });
  const seconds = Math.round(minutes * 60);
  const base = join(dir, `${codecName}-${minutes}min`);
  const pcap = `${base}.pcap`;
  const sides = { local: `${base}.local.${codecName}`, remote: `${base}.remote.${codecName}` };
  if (existsSync(pcap) && existsSync(sides.local) && existsSync(sides.remote)) return { pcap, ...sides };
  const voices = {
    local: `anoisesrc=color=pink:amplitude=0.15:seed=1:duration=${seconds},volume=1[n];sine=frequency=310:duration=${seconds}[s];[n][s]amix=inputs=2`,
    remote: `anoisesrc=color=brown:amplitude=0.2:seed=2:duration=${seconds}[n];sine=frequency=520:duration=${seconds}[s];[n][s]amix=inputs=2`,
  };
  for (const side of ['local', 'remote']) {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', voices[side], '-ac', '1', ...codec.ffmpeg, sides[side]]);
  }
  const payload = { local: readFileSync(sides.local), remote: readFileSync(sides.remote) };
  const packets = Math.min(payload.local.length, payload.remote.length) / codec.bytesPer20ms | 0;

  let rnd = 12345;
  writeTwoWayPcap(pcap, {
    packets, pt: codec.pt, payloadBytes: codec.bytesPer20ms, tsStep: codec.tsPer20ms,
    startSec: 1_764_000_000, remoteOffsetUs: 7000,
    jitterUs: () => { rnd = (rnd * 1103515245 + 12345) >>> 0; return rnd % 2000; },
    ssrc: { local: 0x1a2b3c4d, remote: 0x5e6f7081 },
    seq0: { local: 65000, remote: 12 }, // the local side wraps its sequence number early
    ts0: { local: 0xffff0000, remote: 1000 }, // and its timestamp too
    payload: (side, i, b, at) => payload[side].copy(b, at, i * codec.bytesPer20ms, (i + 1) * codec.bytesPer20ms),
  });
  return { pcap, ...sides };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [codec = 'pcma', minutes = '60', dir = '.tmp/bench'] = process.argv.slice(2);
  const r = makeCall(codec, Number(minutes), dir);
  console.log(r.pcap, `${(statSync(r.pcap).size / 1e6).toFixed(1)} MB`);
}
