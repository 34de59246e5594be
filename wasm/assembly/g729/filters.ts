// LP filters shared by synthesis and post-filter: 1/A(z) synthesis, A(z) residual and
// bandwidth expansion A(z/gamma), exact sums of squares. Coefficients a[0..10] in Q12.
import { L_mult, round16, setOverflow } from "./basicop";

@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }

const YY: usize = memory.data(90 * 2); // outputs (y may alias x or mem)

/**
 * y = x / A(z) over n <= 90 samples with 10 words of memory at `mem` (updated when `update`).
 * Saturation inside sets the overflow flag, which the decoder uses to rescale and redo.
 */
export function synFilt(a: usize, x: usize, y: usize, n: i32, mem: usize, update: bool): void {
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

/** y = A(z) x over n samples; x must have 10 samples of history before it. */
export function residu(a: usize, x: usize, y: usize, n: i32): void {
  // Reversed coefficients aligned with x[i-15 .. i]: two 8-lane dot products per output.
  // The five leading lanes are zero (they read state memory before x, harmlessly). Every
  // |a[j]| < 2^15 with a[0] = 4096, so pairwise 32-bit sums cannot wrap.
  for (let j = 0; j <= 10; j++) store<i16>(REV + (<usize>(15 - j) << 1), load<i16>(a + (<usize>j << 1)));
  const r0 = v128.load(REV), r1 = v128.load(REV, 16);
  for (let i = 0; i < n; i++) {
    const xp = x + (<usize>i << 1) - 30;
    const v = i32x4.add(i32x4.dot_i16x8_s(v128.load(xp), r0), i32x4.dot_i16x8_s(v128.load(xp, 16), r1));
    const s = <i64>i32x4.extract_lane(v, 0) + <i64>i32x4.extract_lane(v, 1) + <i64>i32x4.extract_lane(v, 2) + <i64>i32x4.extract_lane(v, 3);
    store<i16>(y + (<usize>i << 1), roundQ12(s));
  }
}
const REV: usize = memory.data(32, 16);

/** ap[i] = a[i] * gamma^i, the powers of gamma from the Recommendation's rounded recursion. */
export function weightAz(a: usize, gamma: i32, ap: usize): void {
  const pw = gammaPowers(gamma);
  store<i16>(ap, a16(a, 0));
  for (let i = 1; i <= 10; i++) store<i16>(ap + (<usize>i << 1), round16(L_mult(a16(a, i), a16(pw, i - 1))));
}

// The post-filter's two gammas: their 10 powers are the same every call, so they are made once.
const POW_A: usize = memory.data(20, 16);
const POW_B: usize = memory.data(20, 16);
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
 * Sum of squares of `n` (a multiple of 4) words, exact: the squares and their sums are
 * integers below 2^53 in f64, so two-lane partial sums give the same value as one chain.
 */
export function sumSquares(p: usize, n: i32): f64 {
  let e0 = f64x2.splat(0), e1 = f64x2.splat(0);
  for (let i = 0; i < n; i += 4) {
    const w = i32x4.extend_low_i16x8_s(v128.load64_zero(p + (<usize>i << 1)));
    const lo = f64x2.convert_low_i32x4_s(w), hi = f64x2.convert_low_i32x4_s(i32x4.shuffle(w, w, 2, 3, 0, 1));
    e0 = f64x2.add(e0, f64x2.mul(lo, lo));
    e1 = f64x2.add(e1, f64x2.mul(hi, hi));
  }
  const e = f64x2.add(e0, e1);
  return f64x2.extract_lane(e, 0) + f64x2.extract_lane(e, 1);
}
