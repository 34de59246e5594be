// UDP payload → RTP (packet + stream tables), RTCP (rtcp.ts), SIP (for SDP, parsed in JS),
// or one of the protocols multiplexed on media ports that carry no audio (RFC 7983:
// STUN 0–3, DTLS 20–63, TURN channels 64–79 by first byte). This is the hot path: one
// RTP packet costs a few loads, a cached stream match and one 32-byte record.
import {
  pktBase, pktCap, pktCount, setPktCount, streamBase, streamCount, setStreamCount, sipBase, sipCount, setSipCount,
} from "./arena";
import {
  PKT_SIZE, PKT_TIME_NS, PKT_PAYLOAD_PTR, PKT_PAYLOAD_LEN, PKT_SSRC, PKT_RTP_TS, PKT_SEQ, PKT_PT, PKT_FLAGS,
  PKT_STREAM, PKT_SPARE, MAX_STREAMS, STREAM_SIZE, S_FAMILY, S_SRC_ADDR, S_DST_ADDR, S_SRC_PORT, S_DST_PORT,
  S_SSRC, S_FIRST_PT, S_PT_MASK_LO, S_PACKETS, S_FIRST_TIME_NS, S_LAST_TIME_NS, S_BYTES, MAX_SIP, SIP_SIZE,
  SIP_PTR, SIP_LEN, W_TRUNCATED_PACKET, W_MALFORMED_RTP, W_TOO_MANY_STREAMS,
} from "./layout";
import { warnCounted, warnOnce, warnTableFull, noteRtpTime, TABLE_SIP, TABLE_PACKETS } from "./scan";
import { rtcpCompound } from "./rtcp";
import { vxlanPacket } from "./link";

/** IANA VXLAN port: mirrored traffic tunnelled to the capturing host. */
const VXLAN_PORT: u32 = 4789;

/**
 * Well-known ports (DNS, NTP, syslog…) carry payloads whose first byte can look like RTP
 * version 2; RTP and RTCP always use ports from 1024 up.
 */
const MIN_MEDIA_PORT: u32 = 1024;

/** Open-addressing index of the stream table: 1 + stream index, 0 = empty. */
const HASH_SLOTS: u32 = 1024;
const HASH = memory.data(<i32>(HASH_SLOTS * 2), 16);

/**
 * The two streams matched last: a two-way call alternates between its directions, so
 * nearly every packet hits one of them without hashing.
 */
let lastStream: i32 = -1;
let prevStream: i32 = -1;

export function classifyReset(): void {
  memory.fill(HASH, 0, <usize>(HASH_SLOTS * 2));
  lastStream = -1;
  prevStream = -1;
}

// @ts-ignore: decorator
@inline function be16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }

/** A UDP payload of `len` bytes on the wire, `cap` of them captured, at p. */
export function classifyUdp(family: u32, src: usize, dst: usize, sport: u32, dport: u32, p: usize, cap: u32, len: u32, t: i64): void {
  if (cap == 0) return;
  if (dport == VXLAN_PORT) { vxlanPacket(p, cap, t); return; }
  const b0 = <u32>load<u8>(p);
  if (b0 >= 128 && b0 < 192) {
    if (sport < MIN_MEDIA_PORT || dport < MIN_MEDIA_PORT) return;
    // RTCP packet types 192–223 occupy the second byte where RTP has marker + PT 64–95,
    // which RTP never uses next to RTCP (RFC 5761 §4); SR/RR (200/201) lead a normal
    // compound, feedback (205/206) leads a reduced-size one (RFC 5506).
    const b1: u32 = cap >= 2 ? load<u8>(p + 1) : 0;
    const isRtcp = b1 >= 192 && b1 <= 223;
    if (cap < len) {
      // Never decode part of a payload: the packet is reported and skipped.
      if (!isRtcp) warnCounted(W_TRUNCATED_PACKET, t);
      return;
    }
    if (isRtcp) rtcpCompound(p, len, t);
    else rtpPacket(family, src, dst, sport, dport, p, len, t);
    return;
  }
  if (b0 >= 65 && b0 <= 85 && cap == len) sipMessage(p, len, t);
}

/** A TCP segment's payload (fully captured): only SIP is of interest. */
export function classifyTcpPayload(p: usize, len: u32, t: i64): void {
  const b0 = <u32>load<u8>(p);
  if (b0 >= 65 && b0 <= 85) sipMessage(p, len, t);
}

// @ts-ignore: decorator
@inline function prefix(p: usize, n: u32, word: u64, k: u32): bool {
  if (n < k) return false;
  const mask: u64 = k >= 8 ? <u64>-1 : ((<u64>1 << (<u64>k << 3)) - 1);
  return (load<u64>(p) & mask) == word;
}

/** Request line starting with a SIP method, or a status line: "SIP/2.0 ". */
function isSip(p: usize, n: u32): bool {
  if (n < 12) return false;
  switch (load<u8>(p)) {
    case 0x53: return prefix(p, n, 0x20302e322f504953, 8) || // "SIP/2.0 "
      (prefix(p, n, 0x4249524353425553, 8) && load<u8>(p + 8) == 0x45 && load<u8>(p + 9) == 0x20); // "SUBSCRIBE "
    case 0x49: return prefix(p, n, 0x20455449564e49, 7) || prefix(p, n, 0x204f464e49, 5); // INVITE, INFO
    case 0x41: return prefix(p, n, 0x204b4341, 4); // ACK
    case 0x42: return prefix(p, n, 0x20455942, 4); // BYE
    case 0x43: return prefix(p, n, 0x204c45434e4143, 7); // CANCEL
    case 0x4f: return prefix(p, n, 0x20534e4f4954504f, 8); // OPTIONS
    case 0x52: return (prefix(p, n, 0x5245545349474552, 8) && load<u8>(p + 8) == 0x20) || // REGISTER
      prefix(p, n, 0x205245464552, 6); // REFER
    case 0x50: return prefix(p, n, 0x204b43415250, 6) || prefix(p, n, 0x204853494c425550, 8); // PRACK, PUBLISH
    case 0x4e: return prefix(p, n, 0x20594649544f4e, 7); // NOTIFY
    case 0x4d: return prefix(p, n, 0x204547415353454d, 8); // MESSAGE
    case 0x55: return prefix(p, n, 0x20455441445055, 7); // UPDATE
  }
  return false;
}

function sipMessage(p: usize, len: u32, t: i64): void {
  if (!isSip(p, len)) return;
  const n = sipCount;
  if (n >= MAX_SIP) { warnTableFull(TABLE_SIP, t); return; }
  const r = sipBase + <usize>n * SIP_SIZE;
  store<u32>(r + SIP_PTR, <u32>p);
  store<u32>(r + SIP_LEN, len);
  setSipCount(n + 1);
}

function rtpPacket(family: u32, src: usize, dst: usize, sport: u32, dport: u32, p: usize, len: u32, t: i64): void {
  if (len < 12) { warnCounted(W_MALFORMED_RTP, t); return; }
  const b0 = <u32>load<u8>(p);
  let hdr: u32 = 12 + ((b0 & 15) << 2);
  if ((b0 & 0x10) != 0) {
    if (hdr + 4 > len) { warnCounted(W_MALFORMED_RTP, t); return; }
    hdr += 4 + (be16(p + hdr + 2) << 2);
  }
  if (hdr > len) { warnCounted(W_MALFORMED_RTP, t); return; }
  let plen = len - hdr;
  if ((b0 & 0x20) != 0) {
    const pad = <u32>load<u8>(p + len - 1);
    if (pad == 0 || pad > plen) { warnCounted(W_MALFORMED_RTP, t); return; }
    plen -= pad;
  }
  const b1 = <u32>load<u8>(p + 1);
  const ssrc = bswap<u32>(load<u32>(p + 8));
  const pt = b1 & 0x7f;
  const s = findStream(family, src, dst, sport, dport, ssrc, pt, t);
  if (s < 0) return;
  const n = pktCount;
  if (n >= pktCap) { warnTableFull(TABLE_PACKETS, t); return; }
  noteRtpTime(t);
  const q = pktBase + <usize>n * PKT_SIZE;
  store<i64>(q + PKT_TIME_NS, t);
  store<u32>(q + PKT_PAYLOAD_PTR, <u32>(p + hdr));
  store<u32>(q + PKT_PAYLOAD_LEN, plen);
  store<u32>(q + PKT_SSRC, ssrc);
  store<u32>(q + PKT_RTP_TS, bswap<u32>(load<u32>(p + 4)));
  store<u16>(q + PKT_SEQ, bswap<u16>(load<u16>(p + 2)));
  store<u8>(q + PKT_PT, <u8>pt);
  store<u8>(q + PKT_FLAGS, <u8>(b1 >> 7));
  store<u16>(q + PKT_STREAM, <u16>s);
  store<u16>(q + PKT_SPARE, 0);
  setPktCount(n + 1);

  const e = streamBase + <usize>s * STREAM_SIZE;
  store<u32>(e + S_PACKETS, load<u32>(e + S_PACKETS) + 1);
  store<u64>(e + S_BYTES, load<u64>(e + S_BYTES) + plen);
  const maskAt = e + S_PT_MASK_LO + (<usize>(pt >> 6) << 3);
  store<u64>(maskAt, load<u64>(maskAt) | (<u64>1 << <u64>(pt & 63)));
  if (t < load<i64>(e + S_FIRST_TIME_NS)) store<i64>(e + S_FIRST_TIME_NS, t);
  if (t > load<i64>(e + S_LAST_TIME_NS)) store<i64>(e + S_LAST_TIME_NS, t);
}

// @ts-ignore: decorator
@inline function matches(e: usize, family: u32, src: usize, dst: usize, ports: u32, ssrc: u32): bool {
  if (load<u32>(e + S_SSRC) != ssrc || load<u32>(e + S_SRC_PORT) != ports || <u32>load<u8>(e + S_FAMILY) != family) return false;
  if (family == 4) return load<u32>(e + S_SRC_ADDR) == load<u32>(src) && load<u32>(e + S_DST_ADDR) == load<u32>(dst);
  return load<u64>(e + S_SRC_ADDR) == load<u64>(src) && load<u64>(e + S_SRC_ADDR + 8) == load<u64>(src + 8) &&
    load<u64>(e + S_DST_ADDR) == load<u64>(dst) && load<u64>(e + S_DST_ADDR + 8) == load<u64>(dst + 8);
}

/** Stream index for the 5-tuple + SSRC, created on first sight; -1 when the table is full. */
function findStream(family: u32, src: usize, dst: usize, sport: u32, dport: u32, ssrc: u32, pt: u32, t: i64): i32 {
  // S_SRC_PORT and S_DST_PORT are adjacent u16s: one u32 compares both.
  const ports = sport | (dport << 16);
  const last = lastStream;
  if (last >= 0 && matches(streamBase + <usize>last * STREAM_SIZE, family, src, dst, ports, ssrc)) return last;
  const prev = prevStream;
  if (prev >= 0 && matches(streamBase + <usize>prev * STREAM_SIZE, family, src, dst, ports, ssrc)) {
    prevStream = last;
    lastStream = prev;
    return prev;
  }
  let h = ssrc * 0x9e3779b1 ^ ports * 0x85ebca6b ^ load<u32>(src) * 0xc2b2ae35 ^ load<u32>(dst);
  if (family == 6) h ^= load<u32>(src + 12) * 0x27d4eb2f ^ load<u32>(dst + 12) * 0x165667b1;
  h ^= h >> 15;
  let slot = h & (HASH_SLOTS - 1);
  // The index holds at most MAX_STREAMS of its HASH_SLOTS entries, so an empty slot ends
  // every probe; the bound only guards against a future MAX_STREAMS near HASH_SLOTS.
  for (let probe: u32 = 0; probe < HASH_SLOTS; probe++) {
    const v = <i32>load<u16>(HASH + (<usize>slot << 1));
    if (v == 0) break;
    if (matches(streamBase + <usize>(v - 1) * STREAM_SIZE, family, src, dst, ports, ssrc)) {
      prevStream = last;
      lastStream = v - 1;
      return v - 1;
    }
    slot = (slot + 1) & (HASH_SLOTS - 1);
  }
  const n = streamCount;
  if (n >= MAX_STREAMS || load<u16>(HASH + (<usize>slot << 1)) != 0) { warnOnce(W_TOO_MANY_STREAMS, -1, t, MAX_STREAMS); return -1; }
  store<u16>(HASH + (<usize>slot << 1), <u16>(n + 1));
  const e = streamBase + <usize>n * STREAM_SIZE;
  store<u8>(e + S_FAMILY, <u8>family);
  memory.copy(e + S_SRC_ADDR, src, family == 4 ? 4 : 16);
  memory.copy(e + S_DST_ADDR, dst, family == 4 ? 4 : 16);
  store<u16>(e + S_SRC_PORT, <u16>sport);
  store<u16>(e + S_DST_PORT, <u16>dport);
  store<u32>(e + S_SSRC, ssrc);
  store<u8>(e + S_FIRST_PT, <u8>pt);
  store<i64>(e + S_FIRST_TIME_NS, t);
  store<i64>(e + S_LAST_TIME_NS, t);
  setStreamCount(n + 1);
  prevStream = last;
  lastStream = n;
  return n;
}
