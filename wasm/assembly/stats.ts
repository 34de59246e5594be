// Per-stream quality figures that do not depend on placement: RFC 3550 interarrival jitter,
// largest capture gap, and what RTCP receivers reported about the stream's SSRC.
import {
  PKT_SIZE, PKT_TIME_NS, PKT_RTP_TS, PKT_PT, PKT_SPARE, STREAM_SIZE, S_SSRC, S_CLOCK,
  S_JITTER_US, S_MAX_JITTER_US, S_MAX_GAP_US, S_RTCP_JITTER_US, S_RTCP_LOST, S_RTCP_PACKETS,
  RTCP_SIZE, RTCP_SSRC, RTCP_JITTER, RTCP_LOST, RTCP_KIND, CODEC_TELEPHONE_EVENT,
} from "./layout";
import { pktBase, streamBase, streamCount, rtcpBase, rtcpCount } from "./arena";
import { capOrder, capLen, grpOff, SPARE_SEGMENT } from "./sequencer";
import { ptCodec } from "./payload-map";
import { exactRatio, mulLimit, mulDiv } from "./muldiv";

/** A transit difference beyond this is a discontinuity (timestamp jump, reset), not jitter. */
const MAX_TRANSIT_STEP_NS: i64 = 1_000_000_000;
const RTCP_KIND_RR: u8 = 201;

export function computeStats(): void {
  for (let s = 0; s < streamCount; s++) streamStats(s);
  rtcpStats();
}

function streamStats(s: i32): void {
  const sp = streamBase + <usize>s * STREAM_SIZE;
  const clock = <i64>max<u32>(1, load<u32>(sp, S_CLOCK));
  const off = <usize>load<u32>(grpOff + (<usize>s << 2));
  const n = <usize>load<u32>(capLen + (<usize>s << 2));
  // Jitter in RTP units scaled by 16 (RFC 3550 A.8 keeps it that way to avoid rounding drift).
  let j16: i64 = 0, maxJ16: i64 = 0;
  let prevT: i64 = 0, prevTs: u32 = 0, have = false;
  let lastT: i64 = 0, maxGap: i64 = 0;
  const nsRatio = exactRatio(1_000_000_000, clock), nsLimit = mulLimit(1_000_000_000);
  for (let k: usize = 0; k < n; k++) {
    const p = pktBase + <usize>load<u32>(capOrder + ((off + k) << 2)) * PKT_SIZE;
    const t = load<i64>(p, PKT_TIME_NS);
    if (k > 0 && t - lastT > maxGap) maxGap = t - lastT;
    lastT = t;
    // Event packets carry the event's start timestamp for their whole duration.
    if (ptCodec(<i32>load<u8>(p, PKT_PT)) == CODEC_TELEPHONE_EVENT) continue;
    const ts = load<u32>(p, PKT_RTP_TS);
    if (have && (load<u16>(p, PKT_SPARE) & SPARE_SEGMENT) == 0) {
      const dNs = (t - prevT) - mulDiv(<i64><i32>(ts - prevTs), 1_000_000_000, clock, nsRatio, nsLimit);
      if (dNs < MAX_TRANSIT_STEP_NS && dNs > -MAX_TRANSIT_STEP_NS) {
        let d = dNs * clock / 1_000_000_000;
        if (d < 0) d = -d;
        j16 += d - ((j16 + 8) >> 4);
        if (j16 > maxJ16) maxJ16 = j16;
      }
    }
    prevT = t; prevTs = ts; have = true;
  }
  store<u32>(sp, toMicros(j16, clock), S_JITTER_US);
  store<u32>(sp, toMicros(maxJ16, clock), S_MAX_JITTER_US);
  store<u32>(sp, <u32>min<i64>(maxGap / 1000, 0xffffffff), S_MAX_GAP_US);
}

@inline function toMicros(j16: i64, clock: i64): u32 {
  return <u32>min<i64>((j16 >> 4) * 1_000_000 / clock, 0xffffffff);
}

/** Last RR jitter and cumulative loss about each stream's SSRC; reports counted per SSRC. */
function rtcpStats(): void {
  for (let s = 0; s < streamCount; s++) {
    const sp = streamBase + <usize>s * STREAM_SIZE;
    store<u32>(sp, 0xffffffff, S_RTCP_JITTER_US);
    store<i32>(sp, -1, S_RTCP_LOST);
    store<u32>(sp, 0, S_RTCP_PACKETS);
  }
  for (let r = 0; r < rtcpCount; r++) {
    const rp = rtcpBase + <usize>r * RTCP_SIZE;
    const ssrc = load<u32>(rp, RTCP_SSRC);
    for (let s = 0; s < streamCount; s++) {
      const sp = streamBase + <usize>s * STREAM_SIZE;
      if (load<u32>(sp, S_SSRC) != ssrc) continue;
      store<u32>(sp, load<u32>(sp, S_RTCP_PACKETS) + 1, S_RTCP_PACKETS);
      if (load<u8>(rp, RTCP_KIND) != RTCP_KIND_RR) continue;
      const clock = <u64>max<u32>(1, load<u32>(sp, S_CLOCK));
      store<u32>(sp, <u32>min<u64>(<u64>load<u32>(rp, RTCP_JITTER) * 1_000_000 / clock, 0xfffffffe), S_RTCP_JITTER_US);
      store<i32>(sp, load<i32>(rp, RTCP_LOST), S_RTCP_LOST);
    }
  }
}
