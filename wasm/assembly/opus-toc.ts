// Duration of an Opus packet from its TOC byte and framing (RFC 6716 §3.1–§3.4), without
// decoding it: the timeline needs how much output an Opus payload covers before JS decodes it.

/** Longest frame whose size is implied rather than coded (RFC 6716 R2). */
const MAX_FRAME_BYTES: i32 = 1275;
/** A packet lasts at most 120 ms (R5). */
const MAX_PACKET_SAMPLES: i32 = 5760;

/** Samples at 48 kHz of one frame of the given TOC configuration (0..31). */
function frameSamples48k(config: i32): i32 {
  if (config < 12) { // SILK-only: 10/20/40/60 ms
    const k = config & 3;
    return k == 3 ? 2880 : 480 << k;
  }
  if (config < 16) return (config & 1) != 0 ? 960 : 480; // hybrid: 10/20 ms
  return 120 << (config & 3); // CELT-only: 2.5/5/10/20 ms
}

/**
 * Reads a frame length (1 or 2 bytes) at `p`; returns (bytesUsed << 16) | length,
 * or -1 when it runs past `end`.
 */
function frameLength(p: usize, end: usize): i32 {
  if (p >= end) return -1;
  const b0 = <i32>load<u8>(p);
  if (b0 < 252) return (1 << 16) | b0;
  if (p + 1 >= end) return -1;
  return (2 << 16) | (<i32>load<u8>(p + 1) * 4 + b0);
}

/**
 * Samples at 48 kHz the Opus packet at `ptr` (`len` bytes) decodes to, or -1 when the
 * packet violates the framing rules R1–R7 of RFC 6716 §3.4.
 */
export function opusPacketSamples48k(ptr: usize, len: u32): i32 {
  if (len < 1) return -1; // R1
  const toc = <i32>load<u8>(ptr);
  const per = frameSamples48k(toc >> 3);
  const end = ptr + <usize>len;
  const body = <i32>len - 1;
  switch (toc & 3) {
    case 0: // one frame
      return body <= MAX_FRAME_BYTES ? per : -1;
    case 1: // two frames of equal size
      return (body & 1) == 0 && (body >> 1) <= MAX_FRAME_BYTES ? 2 * per : -1;
    case 2: { // two frames, first size coded
      const f = frameLength(ptr + 1, end);
      if (f < 0) return -1;
      const first = f & 0xFFFF;
      const rest = body - (f >> 16) - first;
      return rest >= 0 && rest <= MAX_FRAME_BYTES ? 2 * per : -1;
    }
    default: { // code 3: frame count byte, optional padding, CBR or VBR
      if (len < 2) return -1;
      const fc = <i32>load<u8>(ptr + 1);
      const m = fc & 63;
      if (m == 0 || m * per > MAX_PACKET_SAMPLES) return -1;
      let p = ptr + 2;
      let avail = body - 1; // bytes after the frame count byte, minus padding and lengths
      if ((fc & 0x40) != 0) { // padding length: bytes of 255 add 254 and continue
        let pad = 0;
        while (true) {
          if (p >= end) return -1;
          const b = <i32>load<u8>(p++);
          avail--;
          pad += b == 255 ? 254 : b;
          if (b != 255) break;
        }
        avail -= pad;
        if (avail < 0) return -1;
      }
      if ((fc & 0x80) != 0) { // VBR: M-1 coded lengths, last frame takes the rest
        for (let i = 0; i < m - 1; i++) {
          const f = frameLength(p, end);
          if (f < 0) return -1;
          p += <usize>(f >> 16);
          avail -= (f >> 16) + (f & 0xFFFF);
          if (avail < 0) return -1;
        }
        return avail <= MAX_FRAME_BYTES ? m * per : -1;
      }
      // CBR: the rest divides evenly into M frames
      return avail % m == 0 && avail / m <= MAX_FRAME_BYTES ? m * per : -1;
    }
  }
}
