// Payload type → (codec, RTP clock). innovaphone captures carry no SIP, so the defaults are
// the PT numbers innovaphone devices use; SDP found by JS overrides them (setPayloadType).
import {
  CODEC_PCMU, CODEC_PCMA, CODEC_G722, CODEC_G729, CODEC_OPUS, CODEC_CN,
  CODEC_TELEPHONE_EVENT, CODEC_L16, CODEC_GSM, CODEC_G723, CODEC_G726, CODEC_AMR, CODEC_COUNT,
} from "./layout";

// 128 entries of (codec u32, clock u32).
const MAP: usize = memory.data(128 * 8, 16);

function put(pt: i32, codec: i32, clock: u32): void {
  const p = MAP + (<usize>(pt & 127) << 3);
  store<u32>(p, <u32>codec);
  store<u32>(p, clock, 4);
}

/** Installs the innovaphone defaults (called from reset()). */
export function payloadMapReset(): void {
  memory.fill(MAP, 0, 128 * 8);
  for (let pt = 0; pt < 128; pt++) store<u32>(MAP + (<usize>pt << 3), 8000, 4);
  put(0, CODEC_PCMU, 8000);
  // innovaphone media.h keeps the old static G.726 number.
  put(2, CODEC_G726, 8000);
  put(3, CODEC_GSM, 8000);
  put(4, CODEC_G723, 8000);
  put(8, CODEC_PCMA, 8000);
  // RFC 3551: G.722's RTP clock is 8000 although it samples at 16 kHz.
  put(9, CODEC_G722, 8000);
  put(10, CODEC_L16, 44100);
  put(11, CODEC_L16, 44100);
  put(13, CODEC_CN, 8000);
  put(18, CODEC_G729, 8000);
  // Legacy comfort-noise PT some older gateways still send.
  put(19, CODEC_CN, 8000);
  put(101, CODEC_TELEPHONE_EVENT, 8000);
  put(109, CODEC_OPUS, 48000);
  put(110, CODEC_AMR, 8000);
}

/** Maps `pt` to `codec` at `clock` Hz; out-of-range values are ignored. */
export function payloadMapSet(pt: i32, codec: i32, clock: i32): void {
  if (pt < 0 || pt > 127 || codec < 0 || codec >= CODEC_COUNT) return;
  // Opus is always 48 kHz on the wire (RFC 7587 §4.1) whatever the SDP says.
  const c: u32 = codec == CODEC_OPUS ? 48000 : (clock >= 1000 && clock <= 192000 ? <u32>clock : 8000);
  put(pt, codec, c);
}

export function ptCodec(pt: i32): i32 { return <i32>load<u32>(MAP + (<usize>(pt & 127) << 3)); }
export function ptClock(pt: i32): u32 { return load<u32>(MAP + (<usize>(pt & 127) << 3), 4); }

/** True for codecs whose packets carry sound (not comfort noise or events). */
export function isAudioCodec(codec: i32): bool {
  return codec != CODEC_CN && codec != CODEC_TELEPHONE_EVENT;
}

/** True for the codecs render() produces itself or hands to JS (Opus). */
export function isDecodable(codec: i32): bool {
  return codec == CODEC_PCMU || codec == CODEC_PCMA || codec == CODEC_G722 || codec == CODEC_G729 || codec == CODEC_OPUS;
}

/** Sample rate of the decoded audio (G.722 16 kHz on an 8 kHz clock; Opus always 48 kHz). */
export function audioRate(codec: i32): u32 {
  if (codec == CODEC_G722) return 16000;
  if (codec == CODEC_OPUS) return 48000;
  return 8000;
}

