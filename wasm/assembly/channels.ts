// Which side each stream plays on: left = remote party, right = local user (SPEC §7).
// Rule 0: innovaphone recordings send local audio from UDP 16386 and remote audio from 16388.
// Rule 1 (other captures): the first RTP sender in the file is the local side; later streams
// join the channel of the stream they share endpoints with (docs/decoding.md).
// Rule 2: JS overrode the automatic choice (setChannel / setSwap).
import {
  STREAM_SIZE, S_SRC_ADDR, S_DST_ADDR, S_SRC_PORT, S_DST_PORT, S_PT_MASK_LO, S_PT_MASK_HI,
  S_CHANNEL, S_SSRC, S_SSRC_CHANGES, S_FIRST_TIME_NS, S_LAST_TIME_NS, S_FLAGS, MAX_STREAMS,
  CH_LEFT, CH_RIGHT, CH_AUTO, W_SSRC_CHANGE, W_ONE_WAY,
} from "./layout";
import { streamBase, streamCount, warn } from "./arena";
import { ptCodec, isAudioCodec } from "./payload-map";

const INNO_LOCAL_PORT: u32 = 16386;
const INNO_REMOTE_PORT: u32 = 16388;
export const FLAG_INNO_PORTS: u32 = 1;
export const FLAG_OVERRIDDEN: u32 = 2;

// Per stream: JS override (i8, CH_AUTO = none), audio flag, side for events of non-audio streams.
const OVERRIDE: usize = memory.data(MAX_STREAMS, 16);
const AUDIO: usize = memory.data(MAX_STREAMS, 16);
const SIDE: usize = memory.data(MAX_STREAMS, 16);
let swap: bool = false;
let anyOverride: bool = false;
export let channelRule: i32 = 1;

export function channelsReset(): void {
  memory.fill(OVERRIDE, <u8>0xff, MAX_STREAMS);
  swap = false;
  anyOverride = false;
  channelRule = 1;
}

export function setChannelOverride(stream: i32, ch: i32): void {
  if (stream < 0 || stream >= MAX_STREAMS) return;
  const v: i32 = ch == CH_LEFT || ch == CH_RIGHT ? ch : CH_AUTO;
  store<i8>(OVERRIDE + <usize>stream, <i8>v);
  anyOverride = false;
  for (let s = 0; s < MAX_STREAMS; s++) if (load<i8>(OVERRIDE + <usize>s) >= 0) { anyOverride = true; break; }
}

export function setSwapFlag(flag: i32): void { swap = flag != 0; }

/** True when stream `s` has at least one payload type that carries sound. */
export function streamHasAudio(s: i32): bool { return load<u8>(AUDIO + <usize>s) != 0; }
/** Side of stream `s` for audio and for its telephone-events (also when not an audio channel). */
export function streamSide(s: i32): i32 { return <i32>load<u8>(SIDE + <usize>s); }

@inline function sp(s: i32): usize { return streamBase + <usize>s * STREAM_SIZE; }

function hasAudioPt(s: i32): bool {
  const lo = load<u64>(sp(s), S_PT_MASK_LO);
  const hi = load<u64>(sp(s), S_PT_MASK_HI);
  for (let pt = 0; pt < 128; pt++) {
    const m = pt < 64 ? lo : hi;
    if (((m >> <u64>(pt & 63)) & 1) != 0 && isAudioCodec(ptCodec(pt))) return true;
  }
  return false;
}

/** Compares endpoint (address at `ao` + port at `po`) of stream a with endpoint of stream b. */
function sameEndpoint(a: i32, ao: i32, apo: i32, b: i32, bo: i32, bpo: i32): bool {
  return sameAddr(a, ao, b, bo) && load<u16>(sp(a) + <usize>apo) == load<u16>(sp(b) + <usize>bpo);
}
function sameAddr(a: i32, ao: i32, b: i32, bo: i32): bool {
  const pa = sp(a) + <usize>ao, pb = sp(b) + <usize>bo;
  return load<u64>(pa) == load<u64>(pb) && load<u64>(pa, 8) == load<u64>(pb, 8);
}

/** Side for stream s from streams already decided (index < s with SIDE set), or -1. */
function matchSide(s: i32, decided: usize): i32 {
  // Strongest first: same 5-tuple (new SSRC), one shared endpoint, then addresses only.
  for (let pass = 0; pass < 3; pass++) {
    for (let r = 0; r < streamCount; r++) {
      if (r == s || load<u8>(decided + <usize>r) == 0) continue;
      const c = <i32>load<u8>(SIDE + <usize>r);
      if (pass == 0) {
        if (sameEndpoint(s, S_SRC_ADDR, S_SRC_PORT, r, S_SRC_ADDR, S_SRC_PORT) &&
            sameEndpoint(s, S_DST_ADDR, S_DST_PORT, r, S_DST_ADDR, S_DST_PORT)) return c;
      } else if (pass == 1) {
        if (sameEndpoint(s, S_SRC_ADDR, S_SRC_PORT, r, S_SRC_ADDR, S_SRC_PORT) ||
            sameEndpoint(s, S_DST_ADDR, S_DST_PORT, r, S_DST_ADDR, S_DST_PORT)) return c;
        if (sameEndpoint(s, S_SRC_ADDR, S_SRC_PORT, r, S_DST_ADDR, S_DST_PORT) ||
            sameEndpoint(s, S_DST_ADDR, S_DST_PORT, r, S_SRC_ADDR, S_SRC_PORT)) return 1 - c;
      } else {
        if (sameAddr(s, S_SRC_ADDR, r, S_SRC_ADDR) && sameAddr(s, S_DST_ADDR, r, S_DST_ADDR)) return c;
        if (sameAddr(s, S_SRC_ADDR, r, S_DST_ADDR) && sameAddr(s, S_DST_ADDR, r, S_SRC_ADDR)) return 1 - c;
      }
    }
  }
  return -1;
}

const DECIDED: usize = memory.data(MAX_STREAMS, 16);

/**
 * Assigns S_CHANNEL for every stream, warns about chained SSRCs and one-way calls.
 * Returns the number of audio streams.
 */
export function assignChannels(t0: i64): i32 {
  const n = streamCount;
  let audioStreams = 0;
  let inno = true;
  for (let s = 0; s < n; s++) {
    const a = hasAudioPt(s);
    store<u8>(AUDIO + <usize>s, a ? 1 : 0);
    if (!a) continue;
    audioStreams++;
    const port = <u32>load<u16>(sp(s), S_SRC_PORT);
    if (port != INNO_LOCAL_PORT && port != INNO_REMOTE_PORT) inno = false;
  }
  if (audioStreams == 0) inno = false;
  memory.fill(DECIDED, 0, MAX_STREAMS);
  // Audio streams decide first, so event-only streams follow the audio they belong to.
  for (let pass = 0; pass < 2; pass++) {
    let sideEnd0: i64 = i64.MIN_VALUE, sideEnd1: i64 = i64.MIN_VALUE;
    let anyDecided = false;
    for (let s = 0; s < n; s++) if (load<u8>(DECIDED + <usize>s) != 0) {
      anyDecided = true;
      const e = load<i64>(sp(s), S_LAST_TIME_NS);
      if (load<u8>(SIDE + <usize>s) == 0) { if (e > sideEnd0) sideEnd0 = e; } else if (e > sideEnd1) sideEnd1 = e;
    }
    for (let s = 0; s < n; s++) {
      const audio = load<u8>(AUDIO + <usize>s) != 0;
      if (audio != (pass == 0)) continue;
      let side = -1;
      let flags: u32 = 0;
      const port = <u32>load<u16>(sp(s), S_SRC_PORT);
      if (inno && (port == INNO_LOCAL_PORT || port == INNO_REMOTE_PORT)) {
        side = port == INNO_LOCAL_PORT ? CH_RIGHT : CH_LEFT;
        flags |= FLAG_INNO_PORTS;
      }
      if (side < 0) side = matchSide(s, DECIDED);
      if (side < 0) {
        if (!anyDecided) side = CH_RIGHT; // the first sender is the local user
        else if (sideEnd0 == i64.MIN_VALUE) side = CH_LEFT;
        else if (sideEnd1 == i64.MIN_VALUE) side = CH_RIGHT;
        else side = sideEnd0 <= sideEnd1 ? CH_LEFT : CH_RIGHT; // the side that went quiet first
      }
      store<u8>(SIDE + <usize>s, <u8>side);
      store<u8>(DECIDED + <usize>s, 1);
      anyDecided = true;
      const e = load<i64>(sp(s), S_LAST_TIME_NS);
      if (side == 0) { if (e > sideEnd0) sideEnd0 = e; } else if (e > sideEnd1) sideEnd1 = e;
      store<u32>(sp(s), flags, S_FLAGS);
    }
  }
  channelRule = inno ? 0 : 1;
  for (let s = 0; s < n; s++) {
    let side = <i32>load<u8>(SIDE + <usize>s);
    if (swap) side = 1 - side;
    const o = <i32>load<i8>(OVERRIDE + <usize>s);
    if (o >= 0) {
      side = o;
      store<u32>(sp(s), load<u32>(sp(s), S_FLAGS) | FLAG_OVERRIDDEN, S_FLAGS);
    }
    store<u8>(SIDE + <usize>s, <u8>side);
    store<i32>(sp(s), load<u8>(AUDIO + <usize>s) != 0 ? side : CH_AUTO, S_CHANNEL);
    store<u32>(sp(s), 0, S_SSRC_CHANGES);
  }
  if (swap || anyOverride) channelRule = 2;
  chainWarnings(t0);
  return audioStreams;
}

/** Later streams on a side are SSRC changes of the first one (streams are in order of appearance). */
function chainWarnings(t0: i64): void {
  let first0 = -1, first1 = -1;
  let has0 = false, has1 = false;
  for (let s = 0; s < streamCount; s++) {
    if (load<u8>(AUDIO + <usize>s) == 0) continue;
    const side = <i32>load<u8>(SIDE + <usize>s);
    if (side == 0) has0 = true; else has1 = true;
    const first = side == 0 ? first0 : first1;
    if (first < 0) {
      if (side == 0) first0 = s; else first1 = s;
      continue;
    }
    store<u32>(sp(first), load<u32>(sp(first), S_SSRC_CHANGES) + 1, S_SSRC_CHANGES);
    const at = (load<i64>(sp(s), S_FIRST_TIME_NS) - t0) / 1_000_000;
    warn(W_SSRC_CHANGE, s, <i32>at, <i32>load<u32>(sp(s), S_SSRC));
  }
  if (has0 != has1) warn(W_ONE_WAY, -1, 0, has0 ? CH_LEFT : CH_RIGHT);
}
