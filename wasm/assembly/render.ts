// render(): the planned timeline as planar Int16, chunk after chunk from frame 0. Each
// channel walks its packets in frame order; decoder and resampler states live per channel
// and carry across packets and chunks; audio that runs past a chunk's end waits in a
// per-channel carry buffer for the next chunk.
import {
  PKT_SIZE, PKT_PAYLOAD_PTR, PKT_PAYLOAD_LEN, PKT_PT, PKT_STREAM, CODEC_PCMU, CODEC_PCMA, CODEC_G722,
  CODEC_G729, CODEC_OPUS, ERR_STATE, ERR_OUT_OF_MEMORY, MAX_EXT, EXT_SIZE, EXT_FRAME_OFFSET, EXT_CHANNEL, EXT_CODEC,
  EXT_FLAGS, EXT_STREAM, EXT_PAYLOAD_PTR, EXT_PAYLOAD_LEN, EXT_FRAMES, W_TABLE_FULL,
} from "./layout";
import { pktBase, outBase, scratchBase, arenaAlloc, warn, OUT_CAP_FRAMES } from "./arena";
import {
  planned, inputGeneration, outRate, totalFrames, posArr, spanArr, chList0, chList1, chCount0, chCount1,
} from "./timeline";
import { CODEC_GSM, CODEC_AMR, CODEC_SPEEX } from "./layout";
import { ptCodec, audioRate } from "./payload-map";
import { decodeUlaw, decodeAlaw } from "./g711";
import { G722_STATE_BYTES, g722Init, g722Decode } from "./g722";
import { G729_STATE_BYTES, g729Init, g729DecodePayload, g729Erasure } from "./g729/decoder";
import {
  RESAMPLE_STATE_BYTES, resampleInit, resampleRun, resampleFlush, resampleDelay,
} from "./resample";

/** Largest packet output: 64 KiB of 8 kHz payload upsampled six times, plus the filter delay. */
const CARRY_FRAMES: u32 = 6 * 65536 + 1024;
/** Packets this far past the chunk end are decoded early: the resampler delay moves them back. */
const LOOKAHEAD_FRAMES: u32 = 144;
/** Native-rate samples go here, resampled ones after them (both inside the codec scratch). */
const NATIVE_BYTES: usize = 2 * 65536 * 2;

const EXT_TABLE: usize = memory.data(MAX_EXT * EXT_SIZE, 16);
let extN: i32 = 0;
let extFullWarned = false;

// Per channel (index 0/1) state, allocated once per input in the arena.
let carry: usize = 0; // 2 × CARRY_FRAMES Int16
let g722State: usize = 0; // 2 × G722_STATE_BYTES
let g729State: usize = 0; // 2 × G729_STATE_BYTES
let rsState: usize = 0; // 2 channels × 3 factors (2, 3, 6) × RESAMPLE_STATE_BYTES
let buffersReady = false;
let buffersGen: u32 = 0xffffffff;
let framePos: u32 = 0;
// per channel: cursor, carryLen, lastStream, lastEnd, lastFactor, G.729 flags
const CUR: usize = memory.data(2 * 4 * 8, 16);


@inline function cur(ch: i32, field: i32): u32 { return load<u32>(CUR + <usize>(ch * 32 + field * 4)); }
@inline function setCur(ch: i32, field: i32, v: u32): void { store<u32>(CUR + <usize>(ch * 32 + field * 4), v); }
const F_CURSOR = 0, F_CARRY = 1, F_STREAM = 2, F_END = 3, F_FACTOR = 4;
/** F_G729: the channel's last output was G.729 (bit 0) and its resampler holds a tail (bit 1). */
const F_G729 = 5;

function factorSlot(f: i32): i32 { return f == 2 ? 0 : f == 3 ? 1 : 2; }
@inline function rs(ch: i32, f: i32): usize {
  return rsState + <usize>((ch * 3 + factorSlot(f)) * RESAMPLE_STATE_BYTES);
}

/** Starts again at frame 0 with fresh decoder states. 0 or ERR_*. */
export function renderRestart(): i32 {
  if (!buffersReady || buffersGen != inputGeneration) {
    carry = arenaAlloc(<usize>CARRY_FRAMES * 2 * 2);
    g722State = arenaAlloc(<usize>G722_STATE_BYTES * 2);
    g729State = arenaAlloc(<usize>G729_STATE_BYTES * 2);
    rsState = arenaAlloc(<usize>RESAMPLE_STATE_BYTES * 6);
    if (carry == 0 || g722State == 0 || g729State == 0 || rsState == 0) return ERR_OUT_OF_MEMORY;
    buffersReady = true;
    buffersGen = inputGeneration;
  }
  framePos = 0;
  extN = 0;
  extFullWarned = false;
  for (let ch = 0; ch < 2; ch++) {
    setCur(ch, F_CURSOR, 0); setCur(ch, F_CARRY, 0); setCur(ch, F_STREAM, 0xffffffff);
    setCur(ch, F_END, 0xffffffff); setCur(ch, F_FACTOR, 0); setCur(ch, F_G729, 0);
    g722Init(g722State + <usize>(ch * G722_STATE_BYTES));
    g729Init(g729State + <usize>(ch * G729_STATE_BYTES));
  }
  return 0;
}

export function extCountNow(): i32 { return extN; }
export function extTablePtr(): usize { return EXT_TABLE; }
export function outChannelPtr(ch: i32): usize { return outBase + (ch == 1 ? <usize>OUT_CAP_FRAMES * 2 : 0); }

/**
 * Channels render() decodes: bit 0 left, bit 1 right. A channel left out comes out silent and
 * costs nothing, so two decoders (two workers) can each take one side of an expensive call.
 */
let renderMask: i32 = 3;
export function setRenderMask(mask: i32): void { renderMask = mask & 3; }

/** Produces the next ≤ maxFrames frames. Returns frames produced (0 at the end) or ERR_*. */
export function renderChunk(maxFrames: i32): i32 {
  if (!planned || !buffersReady || buffersGen != inputGeneration) return ERR_STATE;
  if (maxFrames <= 0 || framePos >= totalFrames) { extN = 0; return 0; }
  const n = min<u32>(min<u32>(<u32>maxFrames, OUT_CAP_FRAMES), totalFrames - framePos);
  extN = 0;
  if (renderMask & 1) renderChannel(0, chList0, chCount0, n);
  else memory.fill(outChannelPtr(0), 0, <usize>n << 1);
  if (renderMask & 2) renderChannel(1, chList1, chCount1, n);
  else memory.fill(outChannelPtr(1), 0, <usize>n << 1);
  framePos += n;
  return <i32>n;
}

// Output frames of the current chunk already written or zeroed: the rest is zeroed only where
// no packet lands, so each output sample is written once in the common case.
let filled: u32 = 0;

@inline function zeroUpTo(out: usize, start: u32, a: u32): void {
  if (a > filled) {
    memory.fill(out + (<usize>(filled - start) << 1), 0, <usize>(a - filled) << 1);
    filled = a;
  }
}

function renderChannel(ch: i32, list: usize, count: u32, n: u32): void {
  const out = outChannelPtr(ch);
  const start = framePos;
  const end = start + n;
  filled = start;
  const cb = carry + <usize>ch * <usize>CARRY_FRAMES * 2;
  let carryLen = cur(ch, F_CARRY);
  if (carryLen > 0) {
    const c = min<u32>(carryLen, n);
    memory.copy(out, cb, <usize>c << 1);
    filled = start + c;
    if (carryLen > c) memory.copy(cb, cb + (<usize>c << 1), <usize>(carryLen - c) << 1);
    carryLen -= c;
    setCur(ch, F_CARRY, carryLen);
  }
  let k = cur(ch, F_CURSOR);
  const native = scratchBase;
  const up = scratchBase + NATIVE_BYTES;
  while (k < count) {
    const i = load<u32>(list + (<usize>k << 2));
    const pos = load<u32>(posArr + (<usize>i << 2));
    if (pos >= end + LOOKAHEAD_FRAMES) break;
    const p = pktBase + <usize>i * PKT_SIZE;
    const codec = ptCodec(<i32>load<u8>(p, PKT_PT));
    const stream = <u32>load<u16>(p, PKT_STREAM);
    const span = load<u32>(spanArr + (<usize>i << 2));
    if (codec != CODEC_G729) setCur(ch, F_G729, 0);
    if (toJs(codec)) {
      // JS must see Opus packets in the chunk where they start.
      if (pos >= end) break;
      addExt(ch, codec, pos - start, stream, p, span, pos != cur(ch, F_END) || stream != cur(ch, F_STREAM));
      setCur(ch, F_STREAM, stream); setCur(ch, F_END, pos + span);
      k++;
      continue;
    }
    k++;
    if (codec == CODEC_G729) {
      renderG729(ch, p, pos, stream, list, count, k, start, end);
      continue;
    }
    if (codec != CODEC_PCMU && codec != CODEC_PCMA && codec != CODEC_G722) continue;
    if (stream != cur(ch, F_STREAM)) {
      if (codec == CODEC_G722) g722Init(g722State + <usize>(ch * G722_STATE_BYTES));
    }
    const src = <usize>load<u32>(p, PKT_PAYLOAD_PTR);
    const len = min<u32>(load<u32>(p, PKT_PAYLOAD_LEN), 65535);
    const factor = <i32>(outRate / audioRate(codec));
    // Fast path: decode in place when no resampling is needed and the packet fits the chunk.
    if (factor == 1 && pos >= start && pos + (codec == CODEC_G722 ? len << 1 : len) <= end) {
      const dst = out + (<usize>(pos - start) << 1);
      zeroUpTo(out, start, pos);
      const w = pos + (codec == CODEC_G722 ? len << 1 : len);
      if (w > filled) filled = w;
      if (codec == CODEC_PCMU) decodeUlaw(src, len, dst);
      else if (codec == CODEC_PCMA) decodeAlaw(src, len, dst);
      else g722Decode(g722State + <usize>(ch * G722_STATE_BYTES), src, len, dst);
      setCur(ch, F_STREAM, stream); setCur(ch, F_END, pos + span);
      continue;
    }
    let samples: u32;
    if (codec == CODEC_PCMU) { decodeUlaw(src, len, native); samples = len; }
    else if (codec == CODEC_PCMA) { decodeAlaw(src, len, native); samples = len; }
    else samples = g722Decode(g722State + <usize>(ch * G722_STATE_BYTES), src, len, native);
    if (factor == 1) {
      place(ch, native, samples, pos, start, end);
    } else {
      const st = rs(ch, factor);
      const contiguous = stream == cur(ch, F_STREAM) && pos == cur(ch, F_END) && <u32>factor == cur(ch, F_FACTOR);
      if (!contiguous) resampleInit(st, factor);
      const delay = <u32>resampleDelay(factor);
      const produced = resampleRun(st, native, samples, up);
      const at = pos >= delay ? pos - delay : 0;
      const skip: u32 = pos >= delay ? 0 : delay - pos;
      if (produced > skip) place(ch, up + (<usize>skip << 1), produced - skip, at, start, end);
      // Release the filter tail now unless the next packet continues this one.
      if (!nextContinues(list, count, k, stream, pos + span)) {
        const tail = resampleFlush(st, up);
        place(ch, up, tail, pos + span - min<u32>(delay, pos + span), start, end);
      }
    }
    setCur(ch, F_STREAM, stream); setCur(ch, F_END, pos + span); setCur(ch, F_FACTOR, <u32>factor);
  }
  // A G.729 stream in a DTX pause or a loss produces its comfort noise or concealment chunk
  // by chunk, up to where the lookahead would have decoded a packet.
  if (g729Continues(ch, list, count, k)) {
    const next = load<u32>(posArr + (<usize>load<u32>(list + (<usize>k << 2)) << 2));
    g729Fill(ch, next, min<u32>(next, end + LOOKAHEAD_FRAMES + G729_FRAME * 6), start, end);
  }
  setCur(ch, F_CURSOR, k);
  zeroUpTo(out, start, end);
}

function nextContinues(list: usize, count: u32, k: u32, stream: u32, endPos: u32): bool {
  if (k >= count) return false;
  const i = load<u32>(list + (<usize>k << 2));
  if (load<u32>(posArr + (<usize>i << 2)) != endPos) return false;
  return <u32>load<u16>(pktBase + <usize>i * PKT_SIZE, PKT_STREAM) == stream;
}

/** Writes `n` samples for frames [at, at+n): the part inside the chunk to out, the rest to carry. */
function place(ch: i32, src: usize, n: u32, at: u32, start: u32, end: u32): void {
  const out = outChannelPtr(ch);
  let s = src;
  let a = at;
  let left = n;
  if (a < start) { // only reachable through the resampler delay at the very start
    const d = min<u32>(start - a, left);
    s += <usize>d << 1; a += d; left -= d;
  }
  if (left == 0) return;
  if (a < end) {
    const c = min<u32>(left, end - a);
    zeroUpTo(out, start, a);
    memory.copy(out + (<usize>(a - start) << 1), s, <usize>c << 1);
    if (a + c > filled) filled = a + c;
    s += <usize>c << 1; a += c; left -= c;
  }
  if (left == 0) return;
  const cb = carry + <usize>ch * <usize>CARRY_FRAMES * 2;
  const o = a - end;
  if (o >= CARRY_FRAMES) return;
  const c = min<u32>(left, CARRY_FRAMES - o);
  const have = cur(ch, F_CARRY);
  if (o > have) memory.fill(cb + (<usize>have << 1), 0, <usize>(o - have) << 1);
  memory.copy(cb + (<usize>o << 1), s, <usize>c << 1);
  if (o + c > have) setCur(ch, F_CARRY, o + c);
}

/** Codecs JS decodes from ext records: Opus, and GSM … AMR-NB and Speex through ffmpeg (src/worker/ext-codecs.ts). */
@inline function toJs(codec: i32): bool { return codec == CODEC_OPUS || (codec >= CODEC_GSM && codec <= CODEC_AMR) || codec == CODEC_SPEEX; }

function addExt(ch: i32, codec: i32, offset: u32, stream: u32, p: usize, frames: u32, discontinuity: bool): void {
  if (extN >= MAX_EXT) {
    if (!extFullWarned) { warn(W_TABLE_FULL, <i32>stream, <i32>(<u64>(framePos + offset) * 1000 / <u64>outRate), MAX_EXT); extFullWarned = true; }
    return;
  }
  const e = EXT_TABLE + <usize>extN * EXT_SIZE;
  store<u32>(e, offset, EXT_FRAME_OFFSET);
  store<u8>(e, <u8>ch, EXT_CHANNEL);
  store<u8>(e, <u8>codec, EXT_CODEC);
  store<u8>(e, discontinuity ? 1 : 0, EXT_FLAGS);
  store<u16>(e, <u16>stream, EXT_STREAM);
  store<u32>(e, load<u32>(p, PKT_PAYLOAD_PTR), EXT_PAYLOAD_PTR);
  store<u32>(e, load<u32>(p, PKT_PAYLOAD_LEN), EXT_PAYLOAD_LEN);
  store<u32>(e, frames, EXT_FRAMES);
  extN++;
}

// ---- G.729 ------------------------------------------------------------------------------
// A G.729 stream is decoded as one continuous signal: every 10 ms of RTP time between its
// packets (DTX pauses, lost packets) becomes a g729Erasure frame, i.e. continued comfort
// noise after a SID or concealment after speech, exactly as a receiver plays it. The state
// of each channel starts afresh when another stream takes the channel over.

/** Samples of one G.729 frame (10 ms at 8 kHz). */
const G729_FRAME: u32 = 80;
/** Frames decoded per batch: their samples and the upsampled copy fit the codec scratch. */
const G729_BATCH: u32 = 1024;

@inline function g729St(ch: i32): usize { return g729State + <usize>(ch * G729_STATE_BYTES); }

/** True when packet k of the list continues the G.729 stream this channel is playing. */
function g729Continues(ch: i32, list: usize, count: u32, k: u32): bool {
  if (k >= count || (cur(ch, F_G729) & 1) == 0) return false;
  const p = pktBase + <usize>load<u32>(list + (<usize>k << 2)) * PKT_SIZE;
  return <u32>load<u16>(p, PKT_STREAM) == cur(ch, F_STREAM) && ptCodec(<i32>load<u8>(p, PKT_PT)) == CODEC_G729;
}

function renderG729(ch: i32, p: usize, pos: u32, stream: u32, list: usize, count: u32, k: u32, start: u32, end: u32): void {
  const factor = <i32>(outRate / 8000);
  if (stream != cur(ch, F_STREAM) || (cur(ch, F_G729) & 1) == 0) {
    g729Init(g729St(ch));
    g729Close(ch, start, end);
    setCur(ch, F_STREAM, stream); setCur(ch, F_END, pos); setCur(ch, F_FACTOR, <u32>factor);
    setCur(ch, F_G729, 1);
  } else if (pos > cur(ch, F_END)) {
    g729Fill(ch, pos, pos, start, end);
  }
  const src = <usize>load<u32>(p, PKT_PAYLOAD_PTR);
  const len = load<u32>(p, PKT_PAYLOAD_LEN);
  const native = scratchBase;
  let at = pos;
  // Whole frames per batch; a trailing SID (2 bytes) ends the last one.
  for (let off: u32 = 0; off < len;) {
    const piece = min<u32>(len - off, G729_BATCH * 10);
    const n = <u32>g729DecodePayload(g729St(ch), src + <usize>off, <i32>piece, native);
    off += piece;
    if (n == 0) continue;
    g729Emit(ch, native, n, at, start, end);
    at += n * <u32>factor;
  }
  if (!g729Continues(ch, list, count, k)) g729Close(ch, start, end);
}

/**
 * Erasure frames from the channel's end towards the packet at `next`, those that end by
 * `limit`. As many frames as the RTP time of the gap holds (rounded), laid out to end exactly
 * at `next`: where the timeline shortened the pause (start lag paid back, drift corrected),
 * the first frame loses its head; where it lengthened it, silence comes first. So the decoder
 * sees the receiver's count of missing frames and the talk-spurt stays where it was placed.
 */
function g729Fill(ch: i32, next: u32, limit: u32, start: u32, end: u32): void {
  const factor = <u32>(outRate / 8000);
  const step = G729_FRAME * factor;
  const native = scratchBase;
  let at = cur(ch, F_END);
  if (next <= at) return;
  const gap = next - at;
  const over = gap % step; // output frames beyond whole frames
  if (over != 0) {
    if (over >= step >> 1 && at + over <= limit) {
      // One more frame than fits: it starts before the channel's end, so only its tail plays.
      g729Erasure(g729St(ch), native);
      const clip = (step - over + factor - 1) / factor; // native samples dropped
      const from = at + over - step + clip * factor;
      g729Emit(ch, native + (<usize>clip << 1), G729_FRAME - clip, from, start, end);
      at = from + (G729_FRAME - clip) * factor;
    } else if (over < step >> 1) {
      at += over; // silence, then whole frames
    } else return;
  }
  while (at < limit && limit - at >= step) {
    const frames = min<u32>((limit - at) / step, G729_BATCH);
    for (let f: u32 = 0; f < frames; f++) g729Erasure(g729St(ch), native + (<usize>(f * G729_FRAME) << 1));
    g729Emit(ch, native, frames * G729_FRAME, at, start, end);
    at += frames * step;
  }
}

/** Places `n` decoded 8 kHz samples at output frame `at`, upsampled when the output is faster. */
function g729Emit(ch: i32, src: usize, n: u32, at: u32, start: u32, end: u32): void {
  const factor = <i32>(outRate / 8000);
  if (factor == 1) {
    place(ch, src, n, at, start, end);
  } else {
    const st = rs(ch, factor);
    const open = (cur(ch, F_G729) & 2) != 0;
    if (!open || at != cur(ch, F_END)) {
      g729Close(ch, start, end);
      resampleInit(st, factor);
    }
    const delay = <u32>resampleDelay(factor);
    const up = scratchBase + NATIVE_BYTES;
    const produced = resampleRun(st, src, n, up);
    const to = at >= delay ? at - delay : 0;
    const skip: u32 = at >= delay ? 0 : delay - at;
    if (produced > skip) place(ch, up + (<usize>skip << 1), produced - skip, to, start, end);
    setCur(ch, F_G729, cur(ch, F_G729) | 2);
  }
  setCur(ch, F_END, at + n * <u32>factor); setCur(ch, F_FACTOR, <u32>factor);
}

/** Releases the resampler tail of the channel's G.729 output, if it holds one. */
function g729Close(ch: i32, start: u32, end: u32): void {
  const flags = cur(ch, F_G729);
  if ((flags & 2) == 0) return;
  setCur(ch, F_G729, flags & ~2);
  const factor = <i32>cur(ch, F_FACTOR);
  const e = cur(ch, F_END);
  const up = scratchBase + NATIVE_BYTES;
  const tail = resampleFlush(rs(ch, factor), up);
  const delay = <u32>resampleDelay(factor);
  place(ch, up, tail, e - min<u32>(delay, e), start, end);
}
