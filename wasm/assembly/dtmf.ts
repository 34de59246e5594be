// RFC 4733 telephone-events → event markers. One event per (stream, event timestamp): the
// sender repeats the event with growing duration and sends the end packet three times, all
// with the same timestamp, so those collapse into one record with the largest duration.
import {
  EVT_SIZE, MAX_EVENTS, EVT_FRAME, EVT_DURATION, EVT_CHANNEL, EVT_CODE, EVT_VOLUME, EVT_STREAM,
  PKT_SIZE, PKT_PAYLOAD_PTR, PKT_PAYLOAD_LEN, STREAM_SIZE, S_EVENTS, W_TABLE_FULL,
} from "./layout";
import { eventBase, eventCount, setEventCount, pktBase, streamBase, warn } from "./arena";

/** How many recent events of the same stream a packet may belong to (reordered packets). */
const LOOKBACK: i32 = 8;
/** Highest RFC 4733 code kept: 0–9, * (10), # (11), A–D (12–15). */
const MAX_DTMF_CODE: u32 = 15;

// Extended RTP timestamp of each event's start, to recognise its repeated packets.
const KEYS: usize = memory.data(MAX_EVENTS * 8, 16);
let fullWarned = false;

export function dtmfReset(): void {
  setEventCount(0);
  fullWarned = false;
}

@inline function evt(i: i32): usize { return eventBase + <usize>i * EVT_SIZE; }

/**
 * Records the telephone-event packet `i` of stream `s`: `frame` is where its timestamp `extTs`
 * lands on the output, `framesPerTick` converts RTP duration units (Q16 fixed point).
 */
export function dtmfPacket(i: u32, s: i32, side: i32, extTs: i64, frame: i64, framesPerTickQ16: i64): void {
  const p = pktBase + <usize>i * PKT_SIZE;
  if (load<u32>(p, PKT_PAYLOAD_LEN) < 4) return;
  const a = <usize>load<u32>(p, PKT_PAYLOAD_PTR);
  const code = <u32>load<u8>(a);
  if (code > MAX_DTMF_CODE) return;
  const volume = <u32>load<u8>(a, 1) & 0x3f;
  const dur = (<u32>load<u8>(a, 2) << 8) | <u32>load<u8>(a, 3);
  const frames = <u32>min<i64>((<i64>dur * framesPerTickQ16) >> 16, 0xffffffff);
  const n = eventCount;
  let seen = 0;
  for (let k = n - 1; k >= 0 && seen < LOOKBACK; k--) {
    const e = evt(k);
    if (<i32>load<u16>(e, EVT_STREAM) != s) continue;
    seen++;
    if (load<i64>(KEYS + (<usize>k << 3)) == extTs && <u32>load<u8>(e, EVT_CODE) == code) {
      if (frames > load<u32>(e, EVT_DURATION)) store<u32>(e, frames, EVT_DURATION);
      return;
    }
  }
  if (frame < 0) return;
  if (n >= MAX_EVENTS) {
    if (!fullWarned) { warn(W_TABLE_FULL, s, -1, MAX_EVENTS); fullWarned = true; }
    return;
  }
  const e = evt(n);
  store<u32>(e, <u32>min<i64>(frame, 0xffffffff), EVT_FRAME);
  store<u32>(e, frames, EVT_DURATION);
  store<u8>(e, <u8>side, EVT_CHANNEL);
  store<u8>(e, <u8>code, EVT_CODE);
  store<u8>(e, <u8>volume, EVT_VOLUME);
  store<u16>(e, <u16>s, EVT_STREAM);
  store<i64>(KEYS + (<usize>n << 3), extTs);
  setEventCount(n + 1);
  const sp = streamBase + <usize>s * STREAM_SIZE;
  store<u32>(sp, load<u32>(sp, S_EVENTS) + 1, S_EVENTS);
}

/** Orders events by output frame (streams were processed one after the other). */
export function dtmfSort(): void {
  const n = eventCount;
  for (let i = 1; i < n; i++) {
    const f = load<u32>(evt(i), EVT_FRAME);
    if (load<u32>(evt(i - 1), EVT_FRAME) <= f) continue;
    const a = load<u64>(evt(i)), b = load<u64>(evt(i), 8);
    let j = i;
    while (j > 0 && load<u32>(evt(j - 1), EVT_FRAME) > f) {
      store<u64>(evt(j), load<u64>(evt(j - 1)));
      store<u64>(evt(j), load<u64>(evt(j - 1), 8), 8);
      j--;
    }
    store<u64>(evt(j), a);
    store<u64>(evt(j), b, 8);
  }
}
