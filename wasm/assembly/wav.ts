// WAV output: interleaving of the planar render output into 16-bit LE PCM, and the file
// header (RIFF/WAVE, or RF64 with a ds64 chunk when the data outgrows 32-bit sizes,
// EBU Tech 3306).
import { outBase, wavBase, OUT_CAP_FRAMES } from "./arena";

/** Plain RIFF header: RIFF + WAVE + fmt (16) + data chunk header. */
const RIFF_HEADER_BYTES: i32 = 44;
/** RF64 header: RIFF header plus the ds64 chunk (8 + 28 bytes). */
const RF64_HEADER_BYTES: i32 = 80;
/** Largest data chunk a RIFF file can describe: the RIFF size field (data + 36) must fit 32 bits. */
const RIFF_MAX_DATA: u64 = 0xFFFFFFFF - 36;

const header: usize = memory.data(RF64_HEADER_BYTES, 16);
let headerLen: i32 = 0;

export const WAV_STEREO: i32 = 0;
export const WAV_MONO: i32 = 1;
export const WAV_LEFT: i32 = 2;
export const WAV_RIGHT: i32 = 3;

/**
 * Interleaves the first `frames` frames of the last render output into 16-bit LE PCM at
 * wavBase: mode 0 stereo (L,R), 1 mono (floor of the average), 2 left only, 3 right only.
 * Returns wavBase, or 0 when there is no arena yet or the mode is unknown.
 */
export function interleave(frames: u32, mode: i32): usize {
  if (wavBase == 0 || outBase == 0) return 0;
  if (frames > OUT_CAP_FRAMES) frames = OUT_CAP_FRAMES;
  const left = outBase;
  const right = outBase + (<usize>OUT_CAP_FRAMES << 1);
  const dst = wavBase;
  const n = <usize>frames;
  switch (mode) {
    case WAV_STEREO:
      for (let i: usize = 0; i < n; i++) {
        const l = <u32>load<u16>(left + (i << 1));
        const r = <u32>load<u16>(right + (i << 1));
        store<u32>(dst + (i << 2), l | (r << 16));
      }
      break;
    case WAV_MONO:
      for (let i: usize = 0; i < n; i++) {
        const sum = <i32>load<i16>(left + (i << 1)) + <i32>load<i16>(right + (i << 1));
        store<i16>(dst + (i << 1), <i16>(sum >> 1));
      }
      break;
    case WAV_LEFT:
      memory.copy(dst, left, n << 1);
      break;
    case WAV_RIGHT:
      memory.copy(dst, right, n << 1);
      break;
    default:
      return 0;
  }
  return dst;
}

@inline function tag(p: usize, a: i32, b: i32, c: i32, d: i32): void {
  store<u32>(p, <u32>(a | (b << 8) | (c << 16) | (d << 24)));
}

/**
 * Writes a WAV header for `frames` frames of 16-bit PCM with `channels` channels at `rate`
 * Hz and returns its address (length: wavHeaderLen()). `frames` is an f64 so lengths beyond
 * 2^32 frames can be described. RF64 is used when the data exceeds what RIFF can state.
 * Returns 0 (and wavHeaderLen() 0) for impossible arguments.
 */
export function wavHeader(rate: u32, channels: u32, frames: f64): usize {
  headerLen = 0;
  // Frames must be a whole, non-negative count whose byte size fits 64 bits comfortably.
  if (rate == 0 || channels == 0 || channels > 8 || !(frames >= 0) || frames > 9.0e15 ||
      Math.floor(frames) != frames) {
    return 0;
  }
  const blockAlign = channels * 2;
  const byteRate = <u64>rate * blockAlign;
  if (byteRate > 0xFFFFFFFF) return 0;
  const nFrames = <u64>frames;
  const dataBytes = nFrames * <u64>blockAlign;
  const rf64 = dataBytes > RIFF_MAX_DATA;
  const h = header;
  let p = h;
  if (rf64) {
    tag(p, 0x52, 0x46, 0x36, 0x34); // "RF64"
    store<u32>(p, 0xFFFFFFFF, 4); // real size in ds64
    tag(p + 8, 0x57, 0x41, 0x56, 0x45); // "WAVE"
    tag(p + 12, 0x64, 0x73, 0x36, 0x34); // "ds64"
    store<u32>(p, 28, 16);
    store<u64>(p, <u64>(RF64_HEADER_BYTES - 8) + dataBytes, 20); // RIFF size
    store<u64>(p, dataBytes, 28); // data size
    store<u64>(p, nFrames, 36); // sample count (frames, as the fact chunk would state)
    store<u32>(p, 0, 44); // no table entries
    p += 48;
  } else {
    tag(p, 0x52, 0x49, 0x46, 0x46); // "RIFF"
    store<u32>(p, <u32>(<u64>(RIFF_HEADER_BYTES - 8) + dataBytes), 4);
    tag(p + 8, 0x57, 0x41, 0x56, 0x45); // "WAVE"
    p += 12;
  }
  tag(p, 0x66, 0x6D, 0x74, 0x20); // "fmt "
  store<u32>(p, 16, 4);
  store<u16>(p, 1, 8); // WAVE_FORMAT_PCM
  store<u16>(p, <u16>channels, 10);
  store<u32>(p, rate, 12);
  store<u32>(p, <u32>byteRate, 16);
  store<u16>(p, <u16>blockAlign, 20);
  store<u16>(p, 16, 22); // bits per sample
  tag(p + 24, 0x64, 0x61, 0x74, 0x61); // "data"
  store<u32>(p, rf64 ? 0xFFFFFFFF : <u32>dataBytes, 28);
  headerLen = rf64 ? RF64_HEADER_BYTES : RIFF_HEADER_BYTES;
  return h;
}

/** Length in bytes of the header the last wavHeader() call wrote (44 or 80; 0 after an error). */
export function wavHeaderLen(): i32 {
  return headerLen;
}
