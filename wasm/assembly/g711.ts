// ITU-T G.711 µ-law / A-law expansion to 16-bit linear PCM through 256-entry tables.
// The tables are filled on first use from the G.711 segment formulas (values match the
// standard's decoder output scaled to 16 bits, as ffmpeg's pcm_mulaw/pcm_alaw produce).

/** µ-law code of digital silence (positive zero). */
export const ULAW_SILENCE: u8 = 0xFF;
/** A-law code of digital silence (positive smallest step, even bits inverted). */
export const ALAW_SILENCE: u8 = 0xD5;

const ulawTable: usize = memory.data(512, 16);
const alawTable: usize = memory.data(512, 16);
let tablesReady = false;

function expandUlaw(code: i32): i32 {
  const u = ~code & 0xFF;
  // Segment base 0x84 (bias 33 << 2) is added before shifting and removed after.
  const t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
  return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
}

function expandAlaw(code: i32): i32 {
  const a = code ^ 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0F) << 4;
  if (seg == 0) t += 8;
  else t = (t + 0x108) << (seg - 1);
  // A-law sign bit set means positive.
  return (a & 0x80) != 0 ? t : -t;
}

function buildTables(): void {
  for (let c = 0; c < 256; c++) {
    store<i16>(ulawTable + (<usize>c << 1), <i16>expandUlaw(c));
    store<i16>(alawTable + (<usize>c << 1), <i16>expandAlaw(c));
  }
  tablesReady = true;
}

@inline function expand(table: usize, src: usize, n: u32, dst: usize): void {
  if (!tablesReady) buildTables();
  for (let i: usize = 0; i < <usize>n; i++) {
    store<i16>(dst + (i << 1), load<i16>(table + (<usize>load<u8>(src + i) << 1)));
  }
}

/** Decodes `n` µ-law bytes at `src` into `n` Int16 LE samples at `dst`. */
export function decodeUlaw(src: usize, n: u32, dst: usize): void {
  expand(ulawTable, src, n, dst);
}

/** Decodes `n` A-law bytes at `src` into `n` Int16 LE samples at `dst`. */
export function decodeAlaw(src: usize, n: u32, dst: usize): void {
  expand(alawTable, src, n, dst);
}
