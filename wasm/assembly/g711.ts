// ITU-T G.711 µ-law / A-law expansion to 16-bit linear PCM: SIMD from the segment formulas,
// 256-entry tables for the last < 16 codes of a buffer.
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

@inline function expandTail(table: usize, src: usize, from: usize, n: usize, dst: usize): void {
  if (!tablesReady) buildTables();
  for (let i = from; i < n; i++) {
    store<i16>(dst + (i << 1), load<i16>(table + (<usize>load<u8>(src + i) << 1)));
  }
}

// SIMD: 16 codes per step computed from the segment formulas instead of 16 table loads
// (the table lookups were most of the time of a G.711 render). Lane tables, indexed by the
// 3-bit segment: the power of two a segment shifts by, and the A-law segment base / 8.
const ALAW_MUL = v128(1, 1, 2, 4, 8, 16, 32, 64, 0, 0, 0, 0, 0, 0, 0, 0);
const ALAW_BASE = v128(1, 33, 33, 33, 33, 33, 33, 33, 0, 0, 0, 0, 0, 0, 0, 0);
const ULAW_MUL = v128(1, 2, 4, 8, 16, 32, 64, <i8>128, 0, 0, 0, 0, 0, 0, 0, 0);

/** Decodes `n` µ-law bytes at `src` into `n` Int16 LE samples at `dst`. */
export function decodeUlaw(src: usize, n: u32, dst: usize): void {
  const end = <usize>n & ~15;
  const seven = i8x16.splat(7);
  const bias = i16x8.splat(0x84);
  const zero = i8x16.splat(0);
  for (let i: usize = 0; i < end; i += 16) {
    // t = ((mant << 3) + 0x84) << seg = 4 · (2·mant + 33) · 2^seg; sample = ±(t − 0x84).
    // Byte shifts do not exist on x86 (V8 emulates them): 16-bit shifts, then masks that drop
    // the bits crossing between the two bytes of a lane; a compare gives the sign mask.
    const u = v128.not(v128.load(src + i));
    const seg = v128.and(i16x8.shr_u(u, 4), seven);
    const v = i8x16.add(v128.and(i16x8.shl(u, 1), i8x16.splat(0x1E)), i8x16.splat(33));
    const mul = i8x16.swizzle(ULAW_MUL, seg);
    const neg = i8x16.lt_s(u, zero); // all ones where the sign bit says negative
    const nLo = i16x8.extend_low_i8x16_s(neg);
    const nHi = i16x8.extend_high_i8x16_s(neg);
    const lo = i16x8.sub(i16x8.shl(i16x8.extmul_low_i8x16_u(v, mul), 2), bias);
    const hi = i16x8.sub(i16x8.shl(i16x8.extmul_high_i8x16_u(v, mul), 2), bias);
    v128.store(dst + (i << 1), i16x8.sub(v128.xor(lo, nLo), nLo));
    v128.store(dst + (i << 1) + 16, i16x8.sub(v128.xor(hi, nHi), nHi));
  }
  expandTail(ulawTable, src, end, <usize>n, dst);
}

/** Decodes `n` A-law bytes at `src` into `n` Int16 LE samples at `dst`. */
export function decodeAlaw(src: usize, n: u32, dst: usize): void {
  const end = <usize>n & ~15;
  const seven = i8x16.splat(7);
  const minusOne = i8x16.splat(-1);
  for (let i: usize = 0; i < end; i += 16) {
    // seg 0: t = (mant << 4) + 8; else ((mant << 4) + 0x108) << (seg − 1);
    // both are 8 · (2·mant + base) · mul with base 1 / 33 and mul 1 / 2^(seg−1).
    // 16-bit shifts plus masks stand in for byte shifts (emulated on x86), as in decodeUlaw.
    const a = v128.xor(v128.load(src + i), i8x16.splat(0x55));
    const seg = v128.and(i16x8.shr_u(a, 4), seven);
    const v = i8x16.add(v128.and(i16x8.shl(a, 1), i8x16.splat(0x1E)), i8x16.swizzle(ALAW_BASE, seg));
    // The sign goes into the multiplier (|mul| ≤ 64 fits a signed byte), so one signed
    // multiply gives the sample. A-law: sign bit set means positive.
    const neg = i8x16.gt_s(a, minusOne);
    const mul = i8x16.sub(v128.xor(i8x16.swizzle(ALAW_MUL, seg), neg), neg);
    v128.store(dst + (i << 1), i16x8.shl(i16x8.extmul_low_i8x16_s(v, mul), 3));
    v128.store(dst + (i << 1) + 16, i16x8.shl(i16x8.extmul_high_i8x16_s(v, mul), 3));
  }
  expandTail(alawTable, src, end, <usize>n, dst);
}
