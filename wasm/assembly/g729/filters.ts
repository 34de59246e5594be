// LP filters shared by synthesis and post-filter: 1/A(z) synthesis, A(z) residual and
// bandwidth expansion A(z/gamma), exact sums of squares. Coefficients a[0..10] in Q12.
import { L_mult, round16, setOverflow } from "./basicop";
import { copy64 } from "./mem";

@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }

const YY: usize = memory.data(90 * 2); // outputs (y may alias x or mem)

/**
 * y = x / A(z) over n <= 90 samples with 10 words of memory at `mem` (updated when `update`).
 * Saturation inside sets the overflow flag, which the decoder uses to rescale and redo.
 * y may be x (in place) or overlap mem (mem is read first).
 */
export function synFilt(a: usize, x: usize, y: usize, n: i32, mem: usize, update: bool): void {
  // With sum |a[k]| < 2^16 every sum below is smaller than 2^15 * 2^16 = 2^31 in magnitude, so
  // wrapping 32-bit arithmetic gives exactly the 64-bit value (order and intermediate wraps do
  // not matter) and the saturation test sees the true sum. LP filters of real streams stay far
  // below (largest seen: 48654); anything else takes the 64-bit loop.
  const lo = v128.load(a), hi = coefHigh(a);
  if (absSum(lo, hi) >= 65536) { synFilt64(a, x, y, n, mem, update); return; }
  const a1 = a16(a, 1), a2 = a16(a, 2), a3 = a16(a, 3), a4 = a16(a, 4), a5 = a16(a, 5);
  // Four outputs per step. The part of each output that depends on outputs at least 3 samples
  // back (y[n-3] .. y[n-10]) is formed as 4 lanes by pairwise 16-bit dot products: lane j of
  // cq holds (a[j+4+2q], a[j+3+2q]) against the word pair (y[n-4-2q], y[n-3-2q]) splatted
  // to all lanes; a[0] x[n+j] comes in the same way. The two newest outputs and the ones made
  // inside the step are applied one by one, so the recursion only waits on scalar
  // multiply-adds, not on vector work. Shuffle lane 15 is a zero (a[k] for k > 10).
  const c0 = i16x8.shuffle(lo, hi, 4, 3, 5, 4, 6, 5, 7, 6);
  const c1 = i16x8.shuffle(lo, hi, 6, 5, 7, 6, 8, 7, 9, 8);
  const c2 = i16x8.shuffle(lo, hi, 8, 7, 9, 8, 10, 9, 15, 10);
  const c3 = i16x8.shuffle(lo, hi, 10, 9, 15, 10, 15, 15, 15, 15);
  const ca = i32x4.splat(a16(a, 0) & 0xffff); // (a[0], 0) against (x, sign of x)
  const half = i32x4.splat(0x800); // the rounding term, added off the recursion's critical path
  let s3 = v128.load32_splat(mem), s2 = v128.load32_splat(mem, 4), s1 = v128.load32_splat(mem, 8), s0 = v128.load32_splat(mem, 12);
  let h2 = a16(mem, 8), h1 = a16(mem, 9);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const xe = i32x4.extend_low_i16x8_s(v128.load64_zero(x + (<usize>i << 1)));
    const d = i32x4.sub(i32x4.sub(i32x4.sub(i32x4.sub(i32x4.add(i32x4.dot_i16x8_s(xe, ca), half),
      i32x4.dot_i16x8_s(s3, c3)), i32x4.dot_i16x8_s(s2, c2)), i32x4.dot_i16x8_s(s1, c1)), i32x4.dot_i16x8_s(s0, c0));
    const y0 = r12(i32x4.extract_lane(d, 0) - a2 * h2 - a1 * h1);
    const y1 = r12(i32x4.extract_lane(d, 1) - a3 * h2 - a2 * h1 - a1 * y0);
    const y2 = r12(i32x4.extract_lane(d, 2) - a4 * h2 - a3 * h1 - a2 * y0 - a1 * y1);
    const y3 = r12(i32x4.extract_lane(d, 3) - a5 * h2 - a4 * h1 - a3 * y0 - a2 * y1 - a1 * y2);
    const yp = y + (<usize>i << 1);
    store<i16>(yp, y0); store<i16>(yp, y1, 2); store<i16>(yp, y2, 4); store<i16>(yp, y3, 6);
    s3 = s1; s2 = s0;
    s1 = i32x4.splat((h2 & 0xffff) | (h1 << 16));
    s0 = i32x4.splat((y0 & 0xffff) | (y1 << 16));
    h2 = y2; h1 = y3;
  }
  if (i < n) {
    // 1-3 more outputs: the same step (it reads up to 3 words past x's end), cut short.
    const xe = i32x4.extend_low_i16x8_s(v128.load64_zero(x + (<usize>i << 1)));
    const d = i32x4.sub(i32x4.sub(i32x4.sub(i32x4.sub(i32x4.add(i32x4.dot_i16x8_s(xe, ca), half),
      i32x4.dot_i16x8_s(s3, c3)), i32x4.dot_i16x8_s(s2, c2)), i32x4.dot_i16x8_s(s1, c1)), i32x4.dot_i16x8_s(s0, c0));
    const yp = y + (<usize>i << 1);
    const y0 = r12(i32x4.extract_lane(d, 0) - a2 * h2 - a1 * h1);
    store<i16>(yp, y0);
    if (i + 1 < n) {
      const y1 = r12(i32x4.extract_lane(d, 1) - a3 * h2 - a2 * h1 - a1 * y0);
      store<i16>(yp, y1, 2);
      if (i + 2 < n) store<i16>(yp, r12(i32x4.extract_lane(d, 2) - a4 * h2 - a3 * h1 - a2 * y0 - a1 * y1), 4);
    }
  }
  if (update) copy64(mem, y + (<usize>(n - 10) << 1), 20);
}

/** a[8], a[9], a[10] and five zero words (the 16-bit load reads a[11]; that lane is cleared). */
@inline function coefHigh(a: usize): v128 { return i16x8.replace_lane(v128.load64_zero(a, 16), 3, 0); }

/** sum |a[k]| over the 11 coefficients in `lo` (a[0..7]) and `hi` (coefHigh). */
@inline function absSum(lo: v128, hi: v128): i32 {
  const v = i32x4.add(i32x4.add(i32x4.abs(i32x4.extend_low_i16x8_s(lo)), i32x4.abs(i32x4.extend_high_i16x8_s(lo))),
    i32x4.abs(i32x4.extend_low_i16x8_s(hi)));
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 1) + i32x4.extract_lane(v, 2) + i32x4.extract_lane(v, 3);
}

/**
 * roundQ12 of an exact 32-bit sum s, given t = s + 2^11: t >> 12, saturated (with the
 * overflow flag) where roundQ12 saturates, s >= 0x7fff800 or s < -2^27, i.e. t >= 2^27 or
 * t < -0x7fff800 (one unsigned compare covers both).
 */
@inline function r12(t: i32): i32 {
  if (<u32>(t + 0x7fff800) >= <u32>0xffff800) { setOverflow(); return t < 0 ? -32768 : 32767; }
  return t >> 12;
}

/** synFilt for coefficients whose sums could exceed 32 bits: exact 64-bit sums. */
function synFilt64(a: usize, x: usize, y: usize, n: i32, mem: usize, update: bool): void {
  const a0 = <i64>a16(a, 0), a1 = <i64>a16(a, 1), a2 = <i64>a16(a, 2), a3 = <i64>a16(a, 3), a4 = <i64>a16(a, 4);
  const a5 = <i64>a16(a, 5), a6 = <i64>a16(a, 6), a7 = <i64>a16(a, 7), a8 = <i64>a16(a, 8), a9 = <i64>a16(a, 9), a10 = <i64>a16(a, 10);
  // The last ten outputs stay in locals (y1 newest): the recursion never waits on memory.
  let y10 = <i64>a16(mem, 0), y9 = <i64>a16(mem, 1), y8 = <i64>a16(mem, 2), y7 = <i64>a16(mem, 3), y6 = <i64>a16(mem, 4);
  let y5 = <i64>a16(mem, 5), y4 = <i64>a16(mem, 6), y3 = <i64>a16(mem, 7), y2 = <i64>a16(mem, 8), y1 = <i64>a16(mem, 9);
  for (let i = 0; i < n; i++) {
    // Exact 64-bit sum; saturation (and the overflow flag) applies to the final value.
    const s = <i64>a16(x, i) * a0 - a10 * y10 - a9 * y9 - a8 * y8 - a7 * y7 - a6 * y6
      - a5 * y5 - a4 * y4 - a3 * y3 - a2 * y2 - a1 * y1;
    const v = <i64>roundQ12(s);
    store<i16>(YY + (<usize>i << 1), <i32>v);
    y10 = y9; y9 = y8; y8 = y7; y7 = y6; y6 = y5; y5 = y4; y4 = y3; y3 = y2; y2 = y1; y1 = v;
  }
  memory.copy(y, YY, <usize>n << 1);
  if (update) memory.copy(mem, YY + (<usize>(n - 10) << 1), 20);
}

/** A Q12-weighted sum to a 16-bit sample: (16 s + 0x8000) >> 16 with saturation. */
@inline function roundQ12(s: i64): i32 {
  const v = (s << 4) + 0x8000;
  if (v > 0x7fffffff || s > 0x7ffffff) { setOverflow(); return 32767; }
  if ((s << 4) < -2147483648) { setOverflow(); return -32768; }
  return <i32>(v >> 16);
}

/**
 * The four lane sums of v0..v3 as one vector [sum v0, sum v1, sum v2, sum v3] (wrapping
 * 32-bit adds: exact when each total fits in 32 bits).
 */
@inline export function hsum4(v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  // Shuffle patterns that are single x64 instructions (64-bit interleaves, then shufps).
  const s01 = i32x4.add(i32x4.shuffle(v0, v1, 0, 1, 4, 5), i32x4.shuffle(v0, v1, 2, 3, 6, 7)); // v0 0+2, 1+3, v1 0+2, 1+3
  const s23 = i32x4.add(i32x4.shuffle(v2, v3, 0, 1, 4, 5), i32x4.shuffle(v2, v3, 2, 3, 6, 7));
  return i32x4.add(i32x4.shuffle(s01, s23, 0, 2, 4, 6), i32x4.shuffle(s01, s23, 1, 3, 5, 7));
}

/** y = A(z) x over n samples (a multiple of 4); x must have 10 samples of history before it. */
export function residu(a: usize, x: usize, y: usize, n: i32): void {
  // Reversed coefficients aligned with x[i-15 .. i]: two 8-lane dot products per output.
  // The five leading lanes are zero (they read state memory before x, harmlessly).
  const lo = v128.load(a), hi = coefHigh(a);
  const r0 = i16x8.shuffle(lo, hi, 15, 15, 15, 15, 15, 10, 9, 8), r1 = i16x8.shuffle(lo, hi, 7, 6, 5, 4, 3, 2, 1, 0);
  if (absSum(lo, hi) < 65536) {
    // Every sum is below 2^31 in magnitude (as in synFilt), so 32-bit lanes are exact: four
    // outputs share one transposed horizontal sum, and roundQ12's saturation is the signed
    // narrowing of (s + 2^11) >> 12 (residu's callers do not use the overflow flag).
    for (let i = 0; i < n; i += 4) {
      const xp = x + (<usize>i << 1) - 30;
      const v0 = i32x4.add(i32x4.dot_i16x8_s(v128.load(xp), r0), i32x4.dot_i16x8_s(v128.load(xp, 16), r1));
      const v1 = i32x4.add(i32x4.dot_i16x8_s(v128.load(xp, 2), r0), i32x4.dot_i16x8_s(v128.load(xp, 18), r1));
      const v2 = i32x4.add(i32x4.dot_i16x8_s(v128.load(xp, 4), r0), i32x4.dot_i16x8_s(v128.load(xp, 20), r1));
      const v3 = i32x4.add(i32x4.dot_i16x8_s(v128.load(xp, 6), r0), i32x4.dot_i16x8_s(v128.load(xp, 22), r1));
      const r = i32x4.shr_s(i32x4.add(hsum4(v0, v1, v2, v3), i32x4.splat(0x800)), 12);
      v128.store64_lane(y + (<usize>i << 1), i16x8.narrow_i32x4_s(r, r), 0);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const xp = x + (<usize>i << 1) - 30;
    const v = i32x4.add(i32x4.dot_i16x8_s(v128.load(xp), r0), i32x4.dot_i16x8_s(v128.load(xp, 16), r1));
    const s = <i64>i32x4.extract_lane(v, 0) + <i64>i32x4.extract_lane(v, 1) + <i64>i32x4.extract_lane(v, 2) + <i64>i32x4.extract_lane(v, 3);
    store<i16>(y + (<usize>i << 1), roundQ12(s));
  }
}

/** ap[i] = a[i] * gamma^i, the powers of gamma from the Recommendation's rounded recursion. */
export function weightAz(a: usize, gamma: i32, ap: usize): void {
  const pw = gammaPowers(gamma);
  store<i16>(ap, a16(a, 0));
  // round16(L_mult(a, p)) = (a p + 2^14) >> 15, which is q15mulr; neither saturates: the
  // powers are 0 < p <= 22938, so |a p| < 2^30 - 2^14. a[1..8], then a[9], a[10] (the second
  // load reads past a[10]; only two lanes are stored).
  v128.store(ap + 2, i16x8.q15mulr_sat_s(v128.load(a + 2), v128.load(pw)));
  v128.store32_lane(ap + 18, i16x8.q15mulr_sat_s(v128.load(a + 18), v128.load(pw + 16)), 0);
}

// The post-filter's two gammas: their 10 powers are the same every call, so they are made once.
const POW_A: usize = memory.data(32, 16); // 10 words, read as two vectors
const POW_B: usize = memory.data(32, 16);
let powGammaA = 0, powGammaB = 0;
function gammaPowers(gamma: i32): usize {
  if (gamma == powGammaA) return POW_A;
  if (gamma == powGammaB) return POW_B;
  const t = powGammaA == 0 ? POW_A : POW_B;
  let fac = gamma;
  for (let i = 0; i < 10; i++) {
    store<i16>(t + (<usize>i << 1), fac);
    fac = round16(L_mult(fac, gamma));
  }
  if (powGammaA == 0) powGammaA = gamma; else powGammaB = gamma;
  return t;
}

/**
 * Sum of squares of `n` (a multiple of 8) words, exact: each lane of the 16-bit dot product
 * is a sum of two squares, in [0, 2^31], so exact as unsigned 32 bits; those go to f64, where
 * the sums stay integers below 2^53 (any order gives the same value).
 */
export function sumSquares(p: usize, n: i32): f64 {
  let e0 = f64x2.splat(0), e1 = f64x2.splat(0);
  for (let i = 0; i < n; i += 8) {
    const w = v128.load(p + (<usize>i << 1));
    const d = i32x4.dot_i16x8_s(w, w);
    e0 = f64x2.add(e0, f64x2.convert_low_i32x4_u(d));
    e1 = f64x2.add(e1, f64x2.convert_low_i32x4_u(i32x4.shuffle(d, d, 2, 3, 0, 1)));
  }
  const e = f64x2.add(e0, e1);
  return f64x2.extract_lane(e, 0) + f64x2.extract_lane(e, 1);
}
