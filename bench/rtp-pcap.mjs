// Writes the benchmarks' long captures: a two-way innovaphone-style call as a classic pcap
// (Ethernet / IPv4 / UDP / RTP; local 10.0.0.1:16386 → 10.0.0.2:16388, remote the other way),
// one packet per side every 20 ms, written to disk in batches so hours of call need little memory.
import { closeSync, openSync, writeSync } from 'node:fs';

const SIDES = ['local', 'remote'];

/**
 * `o.payload(side, i, buf, at)` writes packet i's `o.payloadBytes` bytes of `side` at `buf[at]`.
 * Packet i of a side is captured at i × 20 ms (+ `remoteOffsetUs` for the remote side, + `jitterUs()`
 * if given, called local before remote), carries seq0 + i, ts0 + i × tsStep, and the marker on i = 0.
 */
export function writeTwoWayPcap(path, o) {
  const fd = openSync(path, 'w');
  try {
    const hdr = Buffer.alloc(24);
    hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6);
    hdr.writeUInt32LE(65535, 16); hdr.writeUInt32LE(1, 20);
    writeSync(fd, hdr);
    const recLen = 16 + 14 + 20 + 8 + 12 + o.payloadBytes;
    const ipLen = recLen - 16 - 14;
    const batch = Buffer.alloc(recLen * 2 * 2000);
    let used = 0;
    for (let i = 0; i < o.packets; i++) {
      for (const side of SIDES) {
        const local = side === 'local';
        const us = i * 20_000 + (local ? 0 : o.remoteOffsetUs) + (o.jitterUs ? o.jitterUs() : 0);
        const b = batch.fill(0, used, used + recLen);
        let p = used;
        b.writeUInt32LE(o.startSec + Math.floor(us / 1e6), p); b.writeUInt32LE(us % 1e6, p + 4);
        b.writeUInt32LE(recLen - 16, p + 8); b.writeUInt32LE(recLen - 16, p + 12); p += 16;
        b.writeUInt16BE(0x0800, p + 12); p += 14;
        b.writeUInt8(0x45, p); b.writeUInt16BE(ipLen, p + 2); b.writeUInt8(64, p + 8); b.writeUInt8(17, p + 9);
        b.writeUInt32BE(local ? 0x0a000001 : 0x0a000002, p + 12); b.writeUInt32BE(local ? 0x0a000002 : 0x0a000001, p + 16); p += 20;
        b.writeUInt16BE(local ? 16386 : 16388, p); b.writeUInt16BE(local ? 16388 : 16386, p + 2); b.writeUInt16BE(ipLen - 20, p + 4); p += 8;
        b.writeUInt8(0x80, p); b.writeUInt8(o.pt | (i === 0 ? 0x80 : 0), p + 1);
        b.writeUInt16BE((o.seq0[side] + i) & 0xffff, p + 2); b.writeUInt32BE((o.ts0[side] + i * o.tsStep) >>> 0, p + 4);
        b.writeUInt32BE(o.ssrc[side], p + 8); p += 12;
        o.payload(side, i, b, p);
        used = p + o.payloadBytes;
      }
      if (used + recLen * 2 > batch.length) { writeSync(fd, batch, 0, used); used = 0; }
    }
    writeSync(fd, batch, 0, used);
  } finally {
    closeSync(fd);
  }
  return path;
}
