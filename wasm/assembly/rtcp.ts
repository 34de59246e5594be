// RTCP compound packets (RFC 3550 §6.1): walked packet by packet with each length checked
// against what is left. Sender reports and the report blocks of SR and RR go into the
// RTCP table (loss and jitter as the peers saw them); SDES, BYE, APP, feedback are skipped.
import { rtcpBase, rtcpCount, setRtcpCount } from "./arena";
import { MAX_RTCP, RTCP_SIZE, RTCP_TIME_NS, RTCP_SSRC, RTCP_JITTER, RTCP_LOST, RTCP_KIND } from "./layout";
import { warnTableFull, TABLE_RTCP } from "./scan";

const RTCP_SR: u32 = 200;
const RTCP_RR: u32 = 201;
const BLOCK_SIZE: u32 = 24;

// @ts-ignore: decorator
@inline function be32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }

/** A fully captured RTCP datagram of `len` bytes at p. */
export function rtcpCompound(p: usize, len: u32, t: i64): void {
  let o: u32 = 0;
  while (len - o >= 4) {
    const q = p + o;
    const b0 = <u32>load<u8>(q);
    if ((b0 >> 6) != 2) return;
    const plen = (<u32>bswap<u16>(load<u16>(q + 2)) + 1) << 2;
    if (plen > len - o) return;
    const type = <u32>load<u8>(q + 1);
    const count = b0 & 31;
    if (type == RTCP_SR) {
      if (plen < 28) return;
      if (!add(t, be32(q + 4), 0, 0, RTCP_SR)) return;
      if (!blocks(q + 28, plen - 28, count, t)) return;
    } else if (type == RTCP_RR) {
      if (plen < 8) return;
      if (!blocks(q + 8, plen - 8, count, t)) return;
    }
    o += plen;
  }
}

function blocks(q: usize, room: u32, count: u32, t: i64): bool {
  const fit = room / BLOCK_SIZE;
  const n = count < fit ? count : fit;
  for (let i: u32 = 0; i < n; i++) {
    const b = q + <usize>i * BLOCK_SIZE;
    // Cumulative loss is a 24-bit two's-complement number (may go negative with duplicates).
    const lost = (<i32>(be32(b + 4) << 8)) >> 8;
    if (!add(t, be32(b), be32(b + 12), lost, RTCP_RR)) return false;
  }
  return true;
}

function add(t: i64, ssrc: u32, jitter: u32, lost: i32, kind: u32): bool {
  const n = rtcpCount;
  if (n >= MAX_RTCP) { warnTableFull(TABLE_RTCP, t); return false; }
  const r = rtcpBase + <usize>n * RTCP_SIZE;
  store<i64>(r + RTCP_TIME_NS, t);
  store<u32>(r + RTCP_SSRC, ssrc);
  store<u32>(r + RTCP_JITTER, jitter);
  store<i32>(r + RTCP_LOST, lost);
  store<u8>(r + RTCP_KIND, <u8>kind);
  setRtcpCount(n + 1);
  return true;
}
