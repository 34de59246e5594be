// Per-stream packet order: extended sequence numbers, duplicates, bounded reordering, late
// packets and sequence resets. Produces, per stream, the accepted packets in playout order.
import {
  PKT_SIZE, PKT_TIME_NS, PKT_SEQ, PKT_STREAM, PKT_SPARE, PKT_RTP_TS, PKT_PT,
  STREAM_SIZE, S_PACKETS, S_FIRST_TIME_NS, S_EXPECTED, S_LOST, S_DUPLICATES, S_REORDERED, S_LATE, S_CLOCK, W_LATE_PACKET,
} from "./layout";
import { pktBase, pktCount, streamBase, streamCount, arenaAlloc, warn } from "./arena";
import { ptClock } from "./payload-map";

/** Reordered packets are put back in place if at most this many sequence numbers behind... */
export const REORDER_PACKETS: i32 = 64;
/** ...and captured at most this long after the newest packet. */
export const REORDER_NS: i64 = 500_000_000;
/** A sequence jump beyond this, with RTP timestamps that disagree with capture time, is a reset. */
const RESET_SEQ: i32 = 1000;
const RESET_MISMATCH_NS: i64 = 1_000_000_000;
const LATE_WARNINGS_PER_STREAM: i32 = 8;

/** PKT_SPARE bit: first packet of a new segment (sequence reset) — placement re-anchors there. */
export const SPARE_SEGMENT: u16 = 1;

/** Capture time of the earliest RTP packet (t = 0 of the output). */
export let t0Ns: i64 = 0;
/** Accepted packets in playout order, grouped by stream: packet indices. */
export let seqList: usize = 0;
/** Start and length of each stream's group in seqList (u32 × MAX_STREAMS each). */
export let grpOff: usize = 0;
export let grpLen: usize = 0;
let keys: usize = 0; // u64 sort key per seqList slot
/** All packets grouped by stream, in capture order (grpOff offsets; counts in capLen). */
export let capOrder: usize = 0;
export let capLen: usize = 0;
let allocatedFor: u32 = 0xffffffff;
/** Segment bits (PKT_SPARE) were set by a plan of this input: the next plan clears them first. */
let sparesMarked = false;

/** Forgets buffers of a previous input (called from reset()). */
export function sequencerReset(): void { allocatedFor = 0xffffffff; sparesMarked = false; }

@inline function pkt(i: u32): usize { return pktBase + <usize>i * PKT_SIZE; }
@inline function streamAt(s: i32): usize { return streamBase + <usize>s * STREAM_SIZE; }

/** Allocates the per-packet arrays once per input. Returns false on out of memory. */
function ensureBuffers(): bool {
  if (allocatedFor == pktCount) return true;
  const n = <usize>pktCount + 1;
  seqList = arenaAlloc(n * 4);
  capOrder = arenaAlloc(n * 4);
  keys = arenaAlloc(n * 8);
  grpOff = arenaAlloc(256 * 4);
  grpLen = arenaAlloc(256 * 4);
  capLen = arenaAlloc(256 * 4);
  if (capLen == 0 || seqList == 0 || capOrder == 0 || keys == 0 || grpOff == 0 || grpLen == 0) return false;
  allocatedFor = pktCount;
  return true;
}

/**
 * Groups packets by stream (stable) and finds t0. Scan counted each stream's packets and kept
 * its earliest capture time, so one pass over the packet table remains.
 */
function group(): void {
  const ns = streamCount;
  let t0: i64 = i64.MAX_VALUE;
  let off: u32 = 0;
  for (let s = 0; s < 256; s++) {
    store<u32>(grpOff + (<usize>s << 2), off);
    store<u32>(grpLen + (<usize>s << 2), 0);
    if (s >= ns) continue;
    const sp = streamAt(s);
    const count = load<u32>(sp, S_PACKETS);
    if (count > 0 && load<i64>(sp, S_FIRST_TIME_NS) < t0) t0 = load<i64>(sp, S_FIRST_TIME_NS);
    off += count;
  }
  t0Ns = pktCount > 0 ? t0 : 0;
  // A plan before this one marked segment starts; scan left the bits clear.
  const clearSpare = sparesMarked;
  sparesMarked = true;
  for (let i: u32 = 0; i < pktCount; i++) {
    const p = pkt(i);
    if (clearSpare) store<u16>(p, 0, PKT_SPARE);
    const s = <i32>load<u16>(p, PKT_STREAM);
    if (s >= ns) continue;
    const l = grpLen + (<usize>s << 2);
    const k = load<u32>(l);
    store<u32>(capOrder + ((<usize>load<u32>(grpOff + (<usize>s << 2)) + k) << 2), i);
    store<u32>(l, k + 1);
  }
  memory.copy(capLen, grpLen, 256 * 4);
}

/**
 * Orders every stream. Returns false on out of memory. Afterwards seqList[grpOff[s] ..
 * grpOff[s] + grpLen[s]) holds stream s's accepted packets in extended-sequence order.
 */
export function sequenceAll(): bool {
  if (!ensureBuffers()) return false;
  group();
  for (let s = 0; s < streamCount; s++) sequenceStream(s);
  return true;
}

function sequenceStream(s: i32): void {
  const off = <usize>load<u32>(grpOff + (<usize>s << 2));
  const n = load<u32>(grpLen + (<usize>s << 2));
  const sp = streamAt(s);
  let accepted: u32 = 0;
  let dups: u32 = 0, reordered: u32 = 0, late: u32 = 0;
  let expected: i64 = 0, received: i64 = 0;
  // Received bitmap for the 128 sequence numbers ending at maxExt (bit = ext & 127).
  let ring0: u64 = 0, ring1: u64 = 0;
  let maxExt: i64 = 0, minExt: i64 = 0, maxTime: i64 = 0, maxTs: u32 = 0;
  // Extended numbers start at 65536 + first seq, so keys stay positive for packets that
  // arrive before the first one; segBase keeps segments in capture order.
  let segBase: i64 = 0;
  let lateWarned: i32 = 0;
  const clock = <i64>max<u32>(1, ptClock(<i32>load<u8>(pkt(n > 0 ? load<u32>(capOrder + (off << 2)) : 0), PKT_PT)));
  for (let k: u32 = 0; k < n; k++) {
    const i = load<u32>(capOrder + ((off + <usize>k) << 2));
    const p = pkt(i);
    const seq = <i32>load<u16>(p, PKT_SEQ);
    const t = load<i64>(p, PKT_TIME_NS);
    const ts = load<u32>(p, PKT_RTP_TS);
    let ext: i64;
    let newSegment = false;
    if (k == 0) {
      ext = <i64>seq + 65536;
      maxExt = ext; minExt = ext; maxTime = t; maxTs = ts;
      ring0 = 0; ring1 = 0;
      newSegment = true;
    } else {
      const d = <i32><i16>(seq - <i32>(maxExt & 0xffff));
      if (d > RESET_SEQ || d < -RESET_SEQ) {
        // Real loss moves RTP time with capture time; a reset of the sender's counters does not.
        const tsNs = <i64><i32>(ts - maxTs) * 1_000_000_000 / clock;
        const mismatch = tsNs - (t - maxTime);
        if (mismatch > RESET_MISMATCH_NS || mismatch < -RESET_MISMATCH_NS || d < 0) {
          expected += maxExt - minExt + 1;
          // Keys of the new segment sort after every key of the old one.
          segBase += maxExt + <i64>REORDER_PACKETS * 2;
          ext = <i64>seq + 65536;
          maxExt = ext; minExt = ext; maxTime = t; maxTs = ts;
          ring0 = 0; ring1 = 0;
          newSegment = true;
        } else {
          ext = maxExt + d;
        }
      } else {
        ext = maxExt + d;
      }
      if (!newSegment && d <= 0) {
        if (maxExt - ext >= <i64>REORDER_PACKETS || t - maxTime > REORDER_NS) {
          // RFC 3550 counts it as received: late, not lost.
          late++;
          received++;
          if (ext < minExt) minExt = ext;
          if (lateWarned < LATE_WARNINGS_PER_STREAM) {
            warn(W_LATE_PACKET, s, <i32>((t - t0Ns) / 1_000_000), <i32>(maxExt - ext));
            lateWarned++;
          }
          continue;
        }
        const bit = <u64>1 << <u64>(ext & 63);
        if ((((ext & 64) != 0 ? ring1 : ring0) & bit) != 0) { dups++; continue; }
        if (d < 0) reordered++;
        if (ext < minExt) minExt = ext;
      } else if (!newSegment) {
        // Advance the window: forget the slots the new numbers take over.
        if (d >= 128) { ring0 = 0; ring1 = 0; }
        else {
          for (let e = maxExt + 1; e <= ext; e++) {
            const b = <u64>1 << <u64>(e & 63);
            if ((e & 64) != 0) ring1 &= ~b; else ring0 &= ~b;
          }
        }
        maxExt = ext; maxTime = t; maxTs = ts;
      }
    }
    const b = <u64>1 << <u64>(ext & 63);
    if ((ext & 64) != 0) ring1 |= b; else ring0 |= b;
    if (newSegment) store<u16>(p, SPARE_SEGMENT, PKT_SPARE);
    received++;
    const key = <u64>(segBase + ext);
    insertSorted(off, accepted, i, key);
    accepted++;
  }
  if (n > 0) expected += maxExt - minExt + 1;
  store<u32>(grpLen + (<usize>s << 2), accepted);
  store<u32>(sp, <u32>min<i64>(expected, 0xffffffff), S_EXPECTED);
  store<i32>(sp, <i32>(expected - received), S_LOST);
  store<u32>(sp, dups, S_DUPLICATES);
  store<u32>(sp, reordered, S_REORDERED);
  store<u32>(sp, late, S_LATE);
  store<u32>(sp, <u32>clock, S_CLOCK);
}

/** Inserts into the stream's sorted run; displacement is bounded by the reorder window. */
function insertSorted(off: usize, count: u32, idx: u32, key: u64): void {
  let j = count;
  while (j > 0) {
    const prev = load<u64>(keys + ((off + <usize>j - 1) << 3));
    if (prev <= key) break;
    store<u64>(keys + ((off + <usize>j) << 3), prev);
    store<u32>(seqList + ((off + <usize>j) << 2), load<u32>(seqList + ((off + <usize>j - 1) << 2)));
    j--;
  }
  store<u64>(keys + ((off + <usize>j) << 3), key);
  store<u32>(seqList + ((off + <usize>j) << 2), idx);
}
