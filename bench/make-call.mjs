// Generates a long two-way innovaphone-style call capture for benchmarks:
// ffmpeg encodes two different synthetic voices (noise + tones), this script packetizes
// them into RTP (20 ms, local 16386 → 16388, remote 16388 → 16386) inside a classic pcap.
// The encoded payload files are kept next to the capture so native ffmpeg can decode
// exactly the same bytes for comparison.
//   node bench/make-call.mjs <pcma|g722> <minutes> <out-dir>
import { execFileSync } from 'node:child_process';
import { openSync, writeSync, closeSync, readFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

  const fd = openSync(pcap, 'w');
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6);
  hdr.writeUInt32LE(65535, 16); hdr.writeUInt32LE(1, 20);
  writeSync(fd, hdr);
  const recLen = 16 + 14 + 20 + 8 + 12 + codec.bytesPer20ms;
  const batch = Buffer.alloc(recLen * 2 * 2000);
  let used = 0;
  let rnd = 12345;
  const jitterUs = () => { rnd = (rnd * 1103515245 + 12345) >>> 0; return rnd % 2000; };
  const t0 = 1_764_000_000; // seconds since epoch
  const ssrc = { local: 0x1a2b3c4d, remote: 0x5e6f7081 };
  const seq0 = { local: 65000, remote: 12 }; // the local side wraps its sequence number early
  const ts0 = { local: 0xffff0000, remote: 1000 }; // and its timestamp too
  const writePacket = (side, i, offsetUs) => {
    const b = batch; let o = used;
    const us = i * 20000 + offsetUs + jitterUs();
    b.writeUInt32LE(t0 + Math.floor(us / 1e6), o); b.writeUInt32LE(us % 1e6, o + 4);
    b.writeUInt32LE(recLen - 16, o + 8); b.writeUInt32LE(recLen - 16, o + 12); o += 16;
    b.fill(0, o, o + 12); b.writeUInt16BE(0x0800, o + 12); o += 14;
    const ipLen = 20 + 8 + 12 + codec.bytesPer20ms;
    b.writeUInt8(0x45, o); b.writeUInt8(0, o + 1); b.writeUInt16BE(ipLen, o + 2); b.writeUInt32BE(0, o + 4);
    b.writeUInt8(64, o + 8); b.writeUInt8(17, o + 9); b.writeUInt16BE(0, o + 10);
    b.writeUInt32BE(side === 'local' ? 0x0a000001 : 0x0a000002, o + 12); b.writeUInt32BE(side === 'local' ? 0x0a000002 : 0x0a000001, o + 16); o += 20;
    b.writeUInt16BE(side === 'local' ? 16386 : 16388, o); b.writeUInt16BE(side === 'local' ? 16388 : 16386, o + 2);
    b.writeUInt16BE(ipLen - 20, o + 4); b.writeUInt16BE(0, o + 6); o += 8;
    b.writeUInt8(0x80, o); b.writeUInt8(codec.pt | (i === 0 ? 0x80 : 0), o + 1);
    b.writeUInt16BE((seq0[side] + i) & 0xffff, o + 2); b.writeUInt32BE((ts0[side] + i * codec.tsPer20ms) >>> 0, o + 4);
    b.writeUInt32BE(ssrc[side], o + 8); o += 12;
    payload[side].copy(b, o, i * codec.bytesPer20ms, (i + 1) * codec.bytesPer20ms); o += codec.bytesPer20ms;
    used = o;
  };
  for (let i = 0; i < packets; i++) {
    writePacket('local', i, 0);
    writePacket('remote', i, 7000);
    if (used + recLen * 2 > batch.length) { writeSync(fd, batch, 0, used); used = 0; }
  }
  writeSync(fd, batch, 0, used);
  closeSync(fd);
  return { pcap, ...sides };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [codec = 'pcma', minutes = '60', dir = '.tmp/bench'] = process.argv.slice(2);
  const r = makeCall(codec, Number(minutes), dir);
  console.log(r.pcap, `${(statSync(r.pcap).size / 1e6).toFixed(1)} MB`);
}
