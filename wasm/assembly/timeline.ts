// plan(): places every accepted packet on the output timeline (frames at the output rate).
// Within a stream audio goes where its RTP timestamp says, relative to an anchor (the capture
// time of the stream's first packet); anchors move when the timestamps stop agreeing with
// capture time (jumps, resets, clock drift). Rules and limits: docs/decoding.md.
import {
  EVT_DURATION, PKT_SIZE, PKT_TIME_NS, PKT_RTP_TS, PKT_PT, PKT_FLAGS, PKT_SPARE, PKT_PAYLOAD_PTR, PKT_PAYLOAD_LEN,
  PKT_FLAG_MARKER, STREAM_SIZE, S_PT_MASK_LO, S_PT_MASK_HI, S_CODEC, S_CLOCK, S_PT_CHANGES,
  S_START_FRAME, S_END_FRAME, S_CN_PACKETS, S_DRIFT_PPM, S_EVENTS, S_FIRST_TIME_NS,
  CODEC_UNKNOWN, CODEC_PCMU, CODEC_PCMA, CODEC_G722, CODEC_OPUS, CODEC_CN, CODEC_TELEPHONE_EVENT,
  ERR_NO_AUDIO, ERR_OUT_OF_MEMORY, ERR_TOO_LARGE, W_CODEC_UNSUPPORTED, W_UNKNOWN_PT, W_PT_CHANGE,
  W_TIMESTAMP_JUMP, W_DRIFT_CORRECTED, W_GAP_CAPPED, WARN_SIZE, WARN_TIME_MS, EVT_SIZE, EVT_FRAME,
} from "./layout";
import {
  pktBase, pktCount, streamBase, streamCount, arenaAlloc, warn, warnBase, warnCount, setWarnCount, eventBase, eventCount,
} from "./arena";
import { sequenceAll, sequencerReset, seqList, grpOff, grpLen, t0Ns, SPARE_SEGMENT } from "./sequencer";
import { assignChannels, channelsReset, streamHasAudio, streamSide } from "./channels";
import { payloadMapReset, ptCodec, ptClock, isAudioCodec, isDecodable, audioRate } from "./payload-map";
import { dtmfReset, dtmfPacket, dtmfSort } from "./dtmf";
import { computeStats } from "./stats";
import { opusPacketSamples48k } from "./opus-toc";
import { g729PayloadFrames } from "./g729/decoder";
import { CODEC_G729 } from "./layout";
import { exactRatio, mulLimit, mulDiv } from "./muldiv";

export const NO_POS: u32 = 0xffffffff;
/** Timestamps that disagree with capture time by more than this are a jump, not jitter. */
const JUMP_NS: i64 = 200_000_000;
/**
 * Capture time looked ahead to tell a late burst (a stall and its catch-up) from a capture gap
 * the timestamps lack: a burst returns to the stream's usual offset within it, a gap does not.
 */
const CATCHUP_WINDOW_NS: i64 = 1_000_000_000;
/** Most packets looked ahead of an anchor or a suspected gap (1 s of 2.5 ms Opus frames). */
const ANCHOR_WINDOW_PACKETS: i32 = 400;
/** Clock offset is measured as the smallest (least delayed) offset per block of this length. */
const DRIFT_BLOCK_NS: i64 = 1_000_000_000;
/** Offsets beyond SOFT are corrected at the next pause; beyond HARD at once. */
const DRIFT_SOFT_NS: i64 = 12_000_000;
const DRIFT_HARD_NS: i64 = 20_000_000;
/** Dead air (no audio on either side) longer than this is cut down to it. */
export const GAP_CAP_SECONDS: i64 = 600;
const MAX_GAPS: i32 = 4096;
const WARN_LIMIT_PER_STREAM: i32 = 16;

export let outRate: u32 = 0;
export let totalFrames: u32 = 0;
export let planned: bool = false;
/** Output frame of each packet (NO_POS when not placed) and frames it covers. */
export let posArr: usize = 0;
export let spanArr: usize = 0;
/** Placed audio packets of each channel sorted by frame. */
export let chList0: usize = 0;
export let chList1: usize = 0;
export let chCount0: u32 = 0;
export let chCount1: u32 = 0;
let tmpList: usize = 0;
let radixCounts: usize = 0;
let allocatedFor: u32 = 0xffffffff;

// Gaps cut: original start frame, original length, frames removed (u32 × 3).
const GAPS: usize = memory.data(MAX_GAPS * 12, 16);
let gapCount: i32 = 0;
/** Warnings scan() raised; plan()'s own come after. -1 until the first plan() of an input. */
let scanWarnMark: i32 = -1;


/** Counts inputs, so buffers allocated for an earlier one are never reused. */
export let inputGeneration: u32 = 0;

/** Forgets everything about the previous input; installs the default payload-type map. */
export function timelineReset(): void {
  inputGeneration++;
  payloadMapReset();
  channelsReset();
  sequencerReset();
  dtmfReset();
  planned = false;
  allocatedFor = 0xffffffff;
  outRate = 0;
  totalFrames = 0;
  gapCount = 0;
  scanWarnMark = -1;
}

@inline function pkt(i: u32): usize { return pktBase + <usize>i * PKT_SIZE; }
@inline function sp(s: i32): usize { return streamBase + <usize>s * STREAM_SIZE; }

function ensureBuffers(): bool {
  if (allocatedFor == pktCount) return true;
  const n = <usize>pktCount + 1;
  posArr = arenaAlloc(n * 4);
  spanArr = arenaAlloc(n * 4);
  chList0 = arenaAlloc(n * 4);
  chList1 = arenaAlloc(n * 4);
  tmpList = arenaAlloc(n * 4);
  radixCounts = arenaAlloc(65536 * 4);
  if (posArr == 0 || spanArr == 0 || chList0 == 0 || chList1 == 0 || tmpList == 0 || radixCounts == 0) return false;
  allocatedFor = pktCount;
  return true;
}

/** Lays out the whole output. 0 or ERR_*. */
export function planTimeline(): i32 {
  planned = false;
  gapCount = 0;
  if (pktCount == 0 || streamCount == 0) return ERR_NO_AUDIO;
  // plan() may run again (other overrides): its warnings replace those of the last run.
  if (scanWarnMark < 0) scanWarnMark = warnCount;
  else setWarnCount(scanWarnMark);
  const warnMark = warnCount;
  if (!sequenceAll() || !ensureBuffers()) return ERR_OUT_OF_MEMORY;
  dtmfReset();
  assignChannels(t0Ns);
  outRate = chooseRate();
  for (let s = 0; s < streamCount; s++) {
    store<u32>(sp(s), 0, S_EVENTS);
    placeStream(s);
  }
  computeStats();
  buildChannelLists();
  const rc = capGaps(warnMark);
  if (rc < 0) return rc;
  dtmfSort();
  planned = true;
  return 0;
}

/** The highest decoded rate among codecs that end up on a channel. */
function chooseRate(): u32 {
  let rate: u32 = 8000;
  for (let s = 0; s < streamCount; s++) {
    if (!streamHasAudio(s)) continue;
    const lo = load<u64>(sp(s), S_PT_MASK_LO), hi = load<u64>(sp(s), S_PT_MASK_HI);
    for (let pt = 0; pt < 128; pt++) {
      if ((((pt < 64 ? lo : hi) >> <u64>(pt & 63)) & 1) == 0) continue;
      const c = ptCodec(pt);
      if (isDecodable(c)) rate = max<u32>(rate, audioRate(c));
    }
  }
  return rate;
}

@inline function msSinceT0(t: i64): i32 { return <i32>((t - t0Ns) / 1_000_000); }

/** Frames from t0 to capture time `ns` (µs steps keep the product far from overflow). */
@inline function framesAt(ns: i64, rate: i64): i64 { return (ns - t0Ns) / 1000 * rate / 1_000_000; }

function placeStream(s: i32): void {
  const off = <usize>load<u32>(grpOff + (<usize>s << 2));
  const n = <i32>load<u32>(grpLen + (<usize>s << 2));
  const side = streamSide(s);
  const rate = <i64>outRate;
  // The stream's clock: that of its first audio payload type (else of its first packet).
  let codec0 = CODEC_UNKNOWN, pt0 = -1;
  for (let k = 0; k < n; k++) {
    const pt = <i32>load<u8>(pkt(load<u32>(seqList + ((off + <usize>k) << 2))), PKT_PT);
    if (pt0 < 0) pt0 = pt;
    if (isAudioCodec(ptCodec(pt))) { pt0 = pt; break; }
  }
  if (pt0 < 0) pt0 = 0;
  codec0 = ptCodec(pt0);
  let clock = <i64>max<u32>(1, ptClock(pt0));
  // Some G.722 senders stamp at the audio rate (16000) instead of RFC 3551's 8000.
  if (codec0 == CODEC_G722 && clock == 8000) {
    const ratio = measuredClockRatioX100(off, n);
    if (ratio >= 190 && ratio <= 210) clock = 16000;
  }
  store<i32>(sp(s), codec0, S_CODEC);
  store<u32>(sp(s), <u32>clock, S_CLOCK);
  if (streamHasAudio(s)) codecWarning(s);
  const knownAudio = hasKnownAudio(s);
  const evtQ16 = (rate << 16) / clock;

  let ext: i64 = 0, prevRaw: u32 = 0;
  let haveAnchor = false;
  let anchorTs: i64 = 0, anchorNs: i64 = 0, anchorFrame: i64 = 0;
  let prevExt: i64 = 0, prevT: i64 = 0, prevPt = -1, lastDTs: i64 = -1;
  let stepTicks: i64 = clock / 50; // 20 ms until the stream shows its own packet time
  // How far the anchor sits after the stream's least-delayed start because t = 0 (the first
  // packet's capture) is later than that start; paid back only inside silence (pauses).
  let lag: i64 = 0;
  let env: i64 = 0, blockMin: i64 = i64.MAX_VALUE, blockStart: i64 = 0, pending = false;
  let cumShift: i64 = 0, firstCum: i64 = 0, firstCumT: i64 = 0, lastCum: i64 = 0, lastCumT: i64 = 0, blocks = 0;
  let startF: i64 = i64.MAX_VALUE, endF: i64 = 0;
  let ptChanges: u32 = 0, cn: u32 = 0, jumpsWarned = 0, driftWarned = 0, ptWarned = 0;
  let pendingUnsup: u32 = NO_POS;
  let pendingFrame: i64 = 0;
  const maxStepFrames = rate * 120 / 1000;
  const nsRatio = exactRatio(1_000_000_000, clock), nsLimit = mulLimit(1_000_000_000);
  const frRatio = exactRatio(rate, clock), frLimit = mulLimit(rate);

  for (let k = 0; k < n; k++) {
    const i = load<u32>(seqList + ((off + <usize>k) << 2));
    const p = pkt(i);
    store<u32>(posArr + (<usize>i << 2), NO_POS);
    store<u32>(spanArr + (<usize>i << 2), 0);
    const raw = load<u32>(p, PKT_RTP_TS);
    ext = k == 0 ? <i64>raw + 0x100000000 : ext + <i64><i32>(raw - prevRaw);
    prevRaw = raw;
    const t = load<i64>(p, PKT_TIME_NS);
    const pt = <i32>load<u8>(p, PKT_PT);
    const codec = ptCodec(pt);
    if (codec == CODEC_TELEPHONE_EVENT) {
      if (!haveAnchor) {
        anchorTs = ext; anchorNs = t; anchorFrame = framesAt(t, rate); haveAnchor = true;
      }
      dtmfPacket(i, s, side, ext, anchorFrame + (ext - anchorTs) * rate / clock, evtQ16);
      continue;
    }
    // Keep-alives in an unmapped payload type (sent during hold) are not the stream's audio.
    if (codec == CODEC_UNKNOWN && knownAudio) continue;
    const segment = (load<u16>(p, PKT_SPARE) & SPARE_SEGMENT) != 0;
    let reanchor = !haveAnchor || segment;
    if (!reanchor) {
      const dTs = ext - prevExt;
      // Offset against where the stream would be without the start lag.
      const offNs = t - (anchorNs + mulDiv(ext - anchorTs, 1_000_000_000, clock, nsRatio, nsLimit)) + lag;
      let jump = false;
      if (dTs < 0 || offNs < -JUMP_NS) jump = true; // timestamps ran backwards, or ahead of the clock
      else if (offNs - env > JUMP_NS && confirmGap(off, k, n, ext, raw, t, anchorTs, anchorNs - lag, clock, env)) jump = true;
      if (jump) {
        if (jumpsWarned < WARN_LIMIT_PER_STREAM) {
          const dTsNs = dTs * 1_000_000_000 / clock;
          warn(W_TIMESTAMP_JUMP, s, msSinceT0(t), <i32>((dTsNs - (t - prevT)) / 1_000_000));
          jumpsWarned++;
        }
        reanchor = true;
      } else {
        // Two equal steps in a row are the sender's packet time.
        if (dTs > 0 && dTs == lastDTs && dTs <= clock / 8) stepTicks = dTs;
        lastDTs = dTs;
        // A pause (loss, DTX, marker) is where a correction is least audible.
        const pause = dTs > stepTicks + stepTicks / 2 || (load<u8>(p, PKT_FLAGS) & PKT_FLAG_MARKER) != 0;
        if (lag > 0 && pause && dTs > stepTicks) {
          // Pay the start lag back out of this silence only, so no audio is overwritten.
          const pay = min<i64>(lag, (dTs - stepTicks) * 1_000_000_000 / clock);
          anchorNs -= pay;
          anchorFrame = framesAt(anchorNs, rate);
          lag -= pay;
        }
        if ((pending && pause) || env > DRIFT_HARD_NS || env < -DRIFT_HARD_NS) {
          anchorNs += env;
          anchorFrame = framesAt(anchorNs, rate);
          cumShift += env;
          if (driftWarned < WARN_LIMIT_PER_STREAM) {
            warn(W_DRIFT_CORRECTED, s, msSinceT0(t), <i32>(env / 1_000_000));
            driftWarned++;
          }
          env = 0; pending = false; blockMin = i64.MAX_VALUE; blockStart = t;
        } else {
          if (offNs < blockMin) blockMin = offNs;
          if (t - blockStart >= DRIFT_BLOCK_NS) {
            env = blockMin;
            pending = env > DRIFT_SOFT_NS || env < -DRIFT_SOFT_NS;
            if (blocks == 0) { firstCum = cumShift + env; firstCumT = t; }
            lastCum = cumShift + env; lastCumT = t;
            blocks++;
            blockMin = i64.MAX_VALUE; blockStart = t;
          }
        }
      }
    }
    if (reanchor) {
      anchorTs = ext;
      // Never before t = 0: audio cannot start before the recording does. A stream whose
      // least-delayed start lies before t = 0 (its first packet came late) starts at 0 and
      // carries the difference as lag, measured against and paid back in pauses.
      const want = t + earliestOffset(off, k, n, ext, raw, t, clock);
      anchorNs = max<i64>(t0Ns, want);
      lag = anchorNs - want;
      anchorFrame = framesAt(anchorNs, rate);
      haveAnchor = true;
      env = 0; pending = false; blockMin = i64.MAX_VALUE; blockStart = t;
    }
    const frame = anchorFrame + mulDiv(ext - anchorTs, rate, clock, frRatio, frLimit);
    // The previous packet of an undecodable codec lasts until this one (bounded).
    if (pendingUnsup != NO_POS) {
      let d = frame - pendingFrame;
      if (d <= 0 || d > maxStepFrames) d = stepTicks * rate / clock;
      closeSpan(pendingUnsup, pendingFrame, d);
      const e = pendingFrame + d;
      if (e > endF) endF = e;
      pendingUnsup = NO_POS;
    }
    prevExt = ext; prevT = t;
    if (codec == CODEC_CN) { cn++; continue; }
    if (prevPt >= 0 && pt != prevPt) {
      ptChanges++;
      if (ptWarned < WARN_LIMIT_PER_STREAM) { warn(W_PT_CHANGE, s, msSinceT0(t), pt); ptWarned++; }
    }
    prevPt = pt;
    if (frame < 0 || frame >= 0xffffffff) continue;
    if (!isDecodable(codec)) {
      pendingUnsup = i; pendingFrame = frame;
      if (frame < startF) startF = frame;
      continue;
    }
    const span = decodedFrames(codec, p, rate);
    if (span <= 0) continue;
    closeSpan(i, frame, span);
    if (frame < startF) startF = frame;
    if (frame + span > endF) endF = frame + span;
  }
  if (pendingUnsup != NO_POS) {
    const d = stepTicks * rate / clock;
    closeSpan(pendingUnsup, pendingFrame, d);
    if (pendingFrame + d > endF) endF = pendingFrame + d;
  }
  if (startF == i64.MAX_VALUE) { startF = 0; endF = 0; }
  store<u32>(sp(s), <u32>min<i64>(startF, 0xffffffff), S_START_FRAME);
  store<u32>(sp(s), <u32>min<i64>(endF, 0xffffffff), S_END_FRAME);
  store<u32>(sp(s), ptChanges, S_PT_CHANGES);
  store<u32>(sp(s), cn, S_CN_PACKETS);
  // Capture clock minus RTP clock, in parts per million of elapsed time.
  let ppm: i64 = 0;
  if (blocks >= 2 && lastCumT - firstCumT >= 10_000_000_000) ppm = (lastCum - firstCum) * 1_000_000 / (lastCumT - firstCumT);
  store<i32>(sp(s), <i32>ppm, S_DRIFT_PPM);
}

/**
 * RTP ticks per second of capture time over the first ≥ 2 s of a stream's audio, as a
 * percentage of the declared clock (0 when the stream is too short or resets first).
 */
function measuredClockRatioX100(off: usize, n: i32): i64 {
  let ext: i64 = 0, prevRaw: u32 = 0, firstExt: i64 = 0, firstT: i64 = 0, have = false;
  let clock: i64 = 0;
  for (let k = 0; k < n; k++) {
    const p = pkt(load<u32>(seqList + ((off + <usize>k) << 2)));
    const raw = load<u32>(p, PKT_RTP_TS);
    ext = k == 0 ? <i64>raw : ext + <i64><i32>(raw - prevRaw);
    prevRaw = raw;
    const c = ptCodec(<i32>load<u8>(p, PKT_PT));
    if (!isAudioCodec(c)) continue;
    const t = load<i64>(p, PKT_TIME_NS);
    if (!have) { firstExt = ext; firstT = t; have = true; clock = <i64>ptClock(<i32>load<u8>(p, PKT_PT)); continue; }
    if ((load<u16>(p, PKT_SPARE) & SPARE_SEGMENT) != 0) return 0;
    if (t - firstT >= 2_000_000_000) {
      return (ext - firstExt) * 100_000_000_000 / ((t - firstT) * max<i64>(1, clock));
    }
  }
  return 0;
}

@inline function closeSpan(i: u32, frame: i64, span: i64): void {
  if (frame + span >= 0xffffffff) return;
  store<u32>(posArr + (<usize>i << 2), <u32>frame);
  store<u32>(spanArr + (<usize>i << 2), <u32>span);
}

/** Output frames a decodable packet produces. */
function decodedFrames(codec: i32, p: usize, rate: i64): i64 {
  const len = <i64>load<u32>(p, PKT_PAYLOAD_LEN);
  if (codec == CODEC_PCMU || codec == CODEC_PCMA) return len * (rate / 8000);
  if (codec == CODEC_G722) return len * 2 * (rate / 16000);
  if (codec == CODEC_G729) return <i64>g729PayloadFrames(<i32>len) * 80 * (rate / 8000);
  if (codec == CODEC_OPUS) {
    const n = opusPacketSamples48k(<usize>load<u32>(p, PKT_PAYLOAD_PTR), <u32>len);
    return n <= 0 ? 0 : <i64>n * rate / 48000;
  }
  return 0;
}

/**
 * How much earlier than packet k (relative to its timestamp) the least-delayed packet of the
 * next second arrived: ≤ 0. Anchoring on that packet instead of on k keeps network delay of
 * the first packet out of the placement.
 */
function earliestOffset(off: usize, k: i32, n: i32, ext: i64, raw: u32, t: i64, clock: i64): i64 {
  let e = ext, r = raw, best: i64 = 0;
  // Bounded by count too: capture times that never advance must not make this quadratic.
  const last = min<i32>(n, k + 1 + ANCHOR_WINDOW_PACKETS);
  for (let j = k + 1; j < last; j++) {
    const p = pkt(load<u32>(seqList + ((off + <usize>j) << 2)));
    const tj = load<i64>(p, PKT_TIME_NS);
    if (tj - t > DRIFT_BLOCK_NS) break;
    const rr = load<u32>(p, PKT_RTP_TS);
    e += <i64><i32>(rr - r);
    r = rr;
    if ((load<u16>(p, PKT_SPARE) & SPARE_SEGMENT) != 0) break;
    if (ptCodec(<i32>load<u8>(p, PKT_PT)) == CODEC_TELEPHONE_EVENT) continue;
    const o = tj - (t + (e - ext) * 1_000_000_000 / clock);
    if (o < -JUMP_NS || o > JUMP_NS) break; // a jump: not this anchor's business
    if (o < best) best = o;
  }
  return best;
}

/**
 * A packet much later than its timestamp: a capture gap the timestamps do not show (the
 * sender froze its clock), or a network stall whose held packets arrive in a catch-up burst?
 * A stall is over once some packet within the next second of capture time is back near the
 * stream's usual offset `env`; a gap keeps every later packet late.
 */
function confirmGap(off: usize, k: i32, n: i32, ext: i64, raw: u32, t: i64, anchorTs: i64, anchorNs: i64, clock: i64, env: i64): bool {
  let e = ext, r = raw;
  const last = min<i32>(n, k + 1 + ANCHOR_WINDOW_PACKETS);
  for (let j = k + 1; j < last; j++) {
    const p = pkt(load<u32>(seqList + ((off + <usize>j) << 2)));
    if (load<i64>(p, PKT_TIME_NS) - t > CATCHUP_WINDOW_NS) break;
    const rr = load<u32>(p, PKT_RTP_TS);
    e += <i64><i32>(rr - r);
    r = rr;
    const c = ptCodec(<i32>load<u8>(p, PKT_PT));
    if (c == CODEC_TELEPHONE_EVENT) continue;
    if ((load<u16>(p, PKT_SPARE) & SPARE_SEGMENT) != 0) break;
    const o = load<i64>(p, PKT_TIME_NS) - (anchorNs + (e - anchorTs) * 1_000_000_000 / clock);
    if (o - env <= JUMP_NS / 2) return false;
  }
  return true;
}

/** True when some payload type of stream s maps to a known audio codec. */
function hasKnownAudio(s: i32): bool {
  const lo = load<u64>(sp(s), S_PT_MASK_LO), hi = load<u64>(sp(s), S_PT_MASK_HI);
  for (let pt = 0; pt < 128; pt++) {
    if ((((pt < 64 ? lo : hi) >> <u64>(pt & 63)) & 1) == 0) continue;
    const c = ptCodec(pt);
    if (c != CODEC_UNKNOWN && isAudioCodec(c)) return true;
  }
  return false;
}

/** One warning per audio stream whose payload the core cannot decode. */
function codecWarning(s: i32): void {
  const lo = load<u64>(sp(s), S_PT_MASK_LO), hi = load<u64>(sp(s), S_PT_MASK_HI);
  const at = msSinceT0(load<i64>(sp(s), S_FIRST_TIME_NS));
  for (let pt = 0; pt < 128; pt++) {
    if ((((pt < 64 ? lo : hi) >> <u64>(pt & 63)) & 1) == 0) continue;
    const c = ptCodec(pt);
    if (!isAudioCodec(c) || isDecodable(c)) continue;
    if (c == CODEC_UNKNOWN && pt >= 96) warn(W_UNKNOWN_PT, s, at, pt);
    else warn(W_CODEC_UNSUPPORTED, s, at, (c << 8) | pt);
    return;
  }
}

/** Collects placed audio packets per channel and sorts them by frame. */
function buildChannelLists(): void {
  chCount0 = 0; chCount1 = 0;
  for (let s = 0; s < streamCount; s++) {
    if (!streamHasAudio(s)) continue;
    const side = streamSide(s);
    const off = <usize>load<u32>(grpOff + (<usize>s << 2));
    const n = <usize>load<u32>(grpLen + (<usize>s << 2));
    for (let k: usize = 0; k < n; k++) {
      const i = load<u32>(seqList + ((off + k) << 2));
      if (load<u32>(posArr + (<usize>i << 2)) == NO_POS) continue;
      if (side == 0) { store<u32>(chList0 + (<usize>chCount0 << 2), i); chCount0++; }
      else { store<u32>(chList1 + (<usize>chCount1 << 2), i); chCount1++; }
    }
  }
  sortByPos(chList0, chCount0);
  sortByPos(chList1, chCount1);
}

@inline function posOf(i: u32): u32 { return load<u32>(posArr + (<usize>i << 2)); }

/** Stable LSD radix sort of packet indices by frame (two 16-bit passes); skipped when sorted. */
function sortByPos(list: usize, n: u32): void {
  let sorted = true;
  for (let k: u32 = 1; k < n; k++) {
    if (posOf(load<u32>(list + (<usize>k << 2))) < posOf(load<u32>(list + (<usize>(k - 1) << 2)))) { sorted = false; break; }
  }
  if (sorted) return;
  radixPass(list, tmpList, n, 0);
  radixPass(tmpList, list, n, 16);
}

function radixPass(src: usize, dst: usize, n: u32, shift: u32): void {
  memory.fill(radixCounts, 0, 65536 * 4);
  for (let k: u32 = 0; k < n; k++) {
    const d = <usize>((posOf(load<u32>(src + (<usize>k << 2))) >> shift) & 0xffff) << 2;
    store<u32>(radixCounts + d, load<u32>(radixCounts + d) + 1);
  }
  let sum: u32 = 0;
  for (let d: usize = 0; d < 65536; d++) {
    const c = load<u32>(radixCounts + (d << 2));
    store<u32>(radixCounts + (d << 2), sum);
    sum += c;
  }
  for (let k: u32 = 0; k < n; k++) {
    const i = load<u32>(src + (<usize>k << 2));
    const d = <usize>((posOf(i) >> shift) & 0xffff) << 2;
    const at = load<u32>(radixCounts + d);
    store<u32>(dst + (<usize>at << 2), i);
    store<u32>(radixCounts + d, at + 1);
  }
}

/** Maps an original frame onto the output after gap cutting. */
export function mapFrame(f: u32): u32 {
  let removed: u32 = 0;
  for (let g = 0; g < gapCount; g++) {
    const a = GAPS + <usize>g * 12;
    const start = load<u32>(a), len = load<u32>(a, 4), cut = load<u32>(a, 8);
    const keep = len - cut;
    if (f >= start + len) { removed += cut; continue; }
    if (f > start + keep) return start + keep - removed;
    break;
  }
  return f - removed;
}

/**
 * Finds dead air on both channels longer than the cap, shortens it to the cap and moves
 * everything after it (packets, events, stream frames, warnings of this plan) earlier.
 */
function capGaps(warnMark: i32): i32 {
  const rate = <i64>outRate;
  const cap = <u64>(GAP_CAP_SECONDS * rate);
  let a: u32 = 0, b: u32 = 0;
  let covered: u64 = 0; // end of audio so far
  let any = false;
  while (a < chCount0 || b < chCount1) {
    let i: u32;
    if (b >= chCount1 || (a < chCount0 && posOf(load<u32>(chList0 + (<usize>a << 2))) <= posOf(load<u32>(chList1 + (<usize>b << 2))))) {
      i = load<u32>(chList0 + (<usize>a << 2)); a++;
    } else { i = load<u32>(chList1 + (<usize>b << 2)); b++; }
    const f = <u64>posOf(i);
    const e = f + <u64>load<u32>(spanArr + (<usize>i << 2));
    if (any && f > covered && f - covered > cap && gapCount < MAX_GAPS) {
      const g = GAPS + <usize>gapCount * 12;
      store<u32>(g, <u32>covered);
      store<u32>(g, <u32>(f - covered), 4);
      store<u32>(g, <u32>(f - covered - cap), 8);
      gapCount++;
    }
    if (!any || e > covered) covered = e;
    any = true;
  }
  // Without a cut every packet keeps its frame and the merge above already found the end.
  let total: u64 = covered;
  if (gapCount > 0) {
    total = 0;
    for (let k: u32 = 0; k < chCount0; k++) total = remapPacket(load<u32>(chList0 + (<usize>k << 2)), total);
    for (let k: u32 = 0; k < chCount1; k++) total = remapPacket(load<u32>(chList1 + (<usize>k << 2)), total);
  }
  for (let e = 0; e < eventCount; e++) {
    const p = eventBase + <usize>e * EVT_SIZE;
    const f = gapCount == 0 ? load<u32>(p, EVT_FRAME) : mapFrame(load<u32>(p, EVT_FRAME));
    store<u32>(p, f, EVT_FRAME);
    // A marker must lie inside the recording for a player to show it.
    const end = <u64>f + <u64>load<u32>(p, EVT_DURATION);
    if (end > total) total = end;
  }
  if (total > 0xffffffff) return ERR_TOO_LARGE;
  totalFrames = <u32>total;
  if (gapCount == 0) return 0;
  for (let s = 0; s < streamCount; s++) {
    store<u32>(sp(s), mapFrame(load<u32>(sp(s), S_START_FRAME)), S_START_FRAME);
    store<u32>(sp(s), mapFrame(load<u32>(sp(s), S_END_FRAME)), S_END_FRAME);
  }
  for (let w = warnMark; w < warnCount; w++) {
    const p = warnBase + <usize>w * WARN_SIZE;
    const ms = load<i32>(p, WARN_TIME_MS);
    if (ms < 0) continue;
    const f = <u32>min<i64>(<i64>ms * rate / 1000, 0xfffffffe);
    store<i32>(p, <i32>(<i64>mapFrame(f) * 1000 / rate), WARN_TIME_MS);
  }
  for (let g = 0; g < gapCount; g++) {
    const q = GAPS + <usize>g * 12;
    const at = mapFrame(load<u32>(q));
    warn(W_GAP_CAPPED, -1, <i32>(<i64>at * 1000 / rate), <i32>(<i64>load<u32>(q, 4) * 1000 / rate));
  }
  return 0;
}

function remapPacket(i: u32, total: u64): u64 {
  const f = mapFrame(posOf(i));
  store<u32>(posArr + (<usize>i << 2), f);
  const e = <u64>f + <u64>load<u32>(spanArr + (<usize>i << 2));
  return e > total ? e : total;
}
