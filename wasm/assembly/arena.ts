// The one arena: every table lives in linear memory after __heap_base, laid out by
// reset() for one input file. Nothing is ever freed individually; reset() starts over.
// Regions are sized for the worst case the input could need; pages that are never
// touched are never backed by physical memory, so the worst case costs address space only.
import {
  PKT_SIZE, STREAM_SIZE, MAX_STREAMS, EVT_SIZE, MAX_EVENTS, WARN_SIZE, MAX_WARNINGS,
  SIP_SIZE, MAX_SIP, RTCP_SIZE, MAX_RTCP, WARN_CODE, WARN_STREAM, WARN_TIME_MS, WARN_DETAIL,
} from "./layout";

/** Smallest RTP packet record a capture can hold: pcap record header + raw IPv4 + UDP + RTP. */
const MIN_RTP_RECORD: u32 = 16 + 20 + 8 + 12;
/** Reassembled IP datagrams are copied here; more than this is reported, not stored. */
const MAX_FRAG_STORE: u32 = 64 << 20;
/** Frames per channel one render() call may produce (2 s at 48 kHz). */
export const OUT_CAP_FRAMES: u32 = 96000;
/** Scratch for codecs (one decoded packet and carry-over between render calls). */
export const SCRATCH_BYTES: u32 = 4 << 20;

let bump: usize = 0;

export let inputBase: usize = 0;
export let inputCap: u32 = 0;

export let pktBase: usize = 0;
export let pktCap: u32 = 0;
export let pktCount: u32 = 0;

export let streamBase: usize = 0;
export let streamCount: i32 = 0;

export let eventBase: usize = 0;
export let eventCount: i32 = 0;

export let warnBase: usize = 0;
export let warnCount: i32 = 0;
export let warnDropped: i32 = 0;

export let sipBase: usize = 0;
export let sipCount: i32 = 0;

export let rtcpBase: usize = 0;
export let rtcpCount: i32 = 0;

export let fragBase: usize = 0;
export let fragCap: u32 = 0;
export let fragUsed: u32 = 0;

export let scratchBase: usize = 0;
export let outBase: usize = 0; // planar Int16: left at outBase, right at outBase + OUT_CAP_FRAMES*2
export let wavBase: usize = 0; // interleaved output + room for a header

/** Grows linear memory so that [0, end) is addressable. Returns false when it cannot. */
function ensure(end: usize): bool {
  const have = <usize>memory.size() << 16;
  if (end <= have) return true;
  const pages = <i32>(((end - have) + 0xffff) >> 16);
  return memory.grow(pages) >= 0;
}

/** Bump-allocates `bytes` (16-byte aligned). Returns 0 when memory cannot grow. */
export function arenaAlloc(bytes: usize): usize {
  const p = (bump + 15) & ~(<usize>15);
  const end = p + bytes;
  if (end < p || !ensure(end)) return 0;
  bump = end;
  return p;
}

/** Lays the arena out for an input of `len` bytes. Returns the input address or 0. */
export function arenaReset(len: u32): usize {
  bump = __heap_base;
  pktCount = 0; streamCount = 0; eventCount = 0; warnCount = 0; warnDropped = 0;
  sipCount = 0; rtcpCount = 0; fragUsed = 0;
  inputCap = len;
  inputBase = arenaAlloc(<usize>len + 16);
  pktCap = len / MIN_RTP_RECORD + 16;
  pktBase = arenaAlloc(<usize>pktCap * PKT_SIZE);
  streamBase = arenaAlloc(<usize>(MAX_STREAMS * STREAM_SIZE));
  eventBase = arenaAlloc(<usize>(MAX_EVENTS * EVT_SIZE));
  warnBase = arenaAlloc(<usize>(MAX_WARNINGS * WARN_SIZE));
  sipBase = arenaAlloc(<usize>(MAX_SIP * SIP_SIZE));
  rtcpBase = arenaAlloc(<usize>(MAX_RTCP * RTCP_SIZE));
  fragCap = min(len, MAX_FRAG_STORE) + 65536;
  fragBase = arenaAlloc(<usize>fragCap);
  scratchBase = arenaAlloc(<usize>SCRATCH_BYTES);
  outBase = arenaAlloc(<usize>OUT_CAP_FRAMES * 2 * 2);
  wavBase = arenaAlloc(<usize>OUT_CAP_FRAMES * 2 * 2 + 128);
  if (inputBase == 0 || pktBase == 0 || streamBase == 0 || eventBase == 0 || warnBase == 0 ||
      sipBase == 0 || rtcpBase == 0 || fragBase == 0 || scratchBase == 0 || outBase == 0 || wavBase == 0) {
    return 0;
  }
  memory.fill(streamBase, 0, <usize>(MAX_STREAMS * STREAM_SIZE));
  return inputBase;
}

export function setPktCount(n: u32): void { pktCount = n; }
export function setStreamCount(n: i32): void { streamCount = n; }
export function setEventCount(n: i32): void { eventCount = n; }
export function setSipCount(n: i32): void { sipCount = n; }
export function setRtcpCount(n: i32): void { rtcpCount = n; }
export function setFragUsed(n: u32): void { fragUsed = n; }
/** Drops warnings after the first `n` (a re-plan replaces its own warnings). */
export function setWarnCount(n: i32): void { warnCount = n; }

/** Appends a warning; beyond MAX_WARNINGS they are only counted. */
export function warn(code: i32, stream: i32, timeMs: i32, detail: i32): void {
  if (warnCount >= MAX_WARNINGS) { warnDropped++; return; }
  const p = warnBase + <usize>warnCount * WARN_SIZE;
  store<i32>(p, code, WARN_CODE);
  store<i32>(p, stream, WARN_STREAM);
  store<i32>(p, timeMs, WARN_TIME_MS);
  store<i32>(p, detail, WARN_DETAIL);
  warnCount++;
}
