// Excitation of a subframe: pitch lag decoding, the adaptive codebook (fractional delay by
// the 1/3-resolution interpolation filter), the 4-pulse algebraic codebook, and the
// pitch/code gains with their MA-predicted code-gain energy (plus erasure attenuation).
import { L_add, add, mult, round16, satAcc } from "./basicop";
import { sumSquares, hsum4 } from "./filters";
import { INTER_3L, PRED, GBK1, GBK2, IMAP1, IMAP2, tab16 } from "./tables";
import { PIT_MIN, PIT_MAX, L_SUBFR, S_PAST_QUA_EN, S_GAIN_PIT, S_GAIN_CODE, st16, put16, st32, put32 } from "./state";
import { zero } from "./mem";

@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }
@inline function seta(p: usize, i: i32, v: i32): void { store<i16>(p + (<usize>i << 1), v); }

export let lagT0: i32 = 0;
export let lagFrac: i32 = 0;

/** Pitch lag from its index: absolute (8 bits, first subframe) or relative to `t0Prev` (5 bits). */
export function decodeLag(index: i32, first: bool, t0Prev: i32): void {
  if (first) {
    if (index < 197) {
      lagT0 = mult(index + 2, 10923) + 19;
      lagFrac = index - 3 * lagT0 + 58;
    } else {
      lagT0 = index - 112;
      lagFrac = 0;
    }
  } else {
    let tMin = t0Prev - 5;
    if (tMin < PIT_MIN) tMin = PIT_MIN;
    if (tMin + 9 > PIT_MAX) tMin = PIT_MAX - 9;
    const i = mult(index + 2, 10923) - 1;
    lagT0 = i + tMin;
    lagFrac = index - 2 - 3 * i;
  }
}

/** Adaptive codebook vector at `exc` (history before it) for lag t0 + frac/3 (frac in -1..1). */
export function predLt3(exc: usize, t0: i32, frac: i32, n: i32): void {
  let x0 = exc - (<usize>t0 << 1);
  frac = -frac;
  if (frac < 0) { frac += 3; x0 -= 2; }
  // Both 10-tap phases as one 20-tap kernel over x0[j-9 .. j+10] (zero-padded to 24), so
  // each output is three 8-lane dot products. Products stay below 2^30 (|c| < 2^15 - 3000),
  // so the pairwise 32-bit sums cannot wrap.
  if (!kernelsReady) makeKernels();
  const ker = KER + <usize>(frac * 48);
  const k0 = v128.load(ker), k1 = v128.load(ker, 16), k2 = v128.load(ker, 32);
  // Four outputs per step (n is a multiple of 4). The kernels' absolute sums are at most
  // 59398 < 2^16, so every sum is below 2^31 in magnitude and the 32-bit lanes are exact;
  // round16(satAcc(s)) = (2 s + 2^15) >> 16 saturated = the signed narrowing of
  // (s + 2^14) >> 15. The lag is at least 19 (19 + 1/3 reads from 20 back), so an output reads
  // only samples 9 or more before it: the four outputs of a step never read each other.
  for (let j = 0; j < n; j += 4) {
    const x = x0 + (<usize>j << 1) - 18;
    const v0 = dot3(x, k0, k1, k2), v1 = dot3(x + 2, k0, k1, k2), v2 = dot3(x + 4, k0, k1, k2), v3 = dot3(x + 6, k0, k1, k2);
    const r = i32x4.shr_s(i32x4.add(hsum4(v0, v1, v2, v3), i32x4.splat(0x4000)), 15);
    v128.store64_lane(exc + (<usize>j << 1), i16x8.narrow_i32x4_s(r, r), 0);
  }
}
@inline function dot3(x: usize, k0: v128, k1: v128, k2: v128): v128 {
  return i32x4.add(i32x4.add(i32x4.dot_i16x8_s(v128.load(x), k0), i32x4.dot_i16x8_s(v128.load(x, 16), k1)),
    i32x4.dot_i16x8_s(v128.load(x, 32), k2));
}
// The 20-tap interpolation kernel of each fraction 0..2 (4 zero taps of padding), made once.
const KER: usize = memory.data(3 * 48, 16);
let kernelsReady = false;
function makeKernels(): void {
  for (let frac = 0; frac < 3; frac++) {
    const ker = KER + <usize>(frac * 48);
    const c1 = INTER_3L + (<usize>frac << 1), c2 = INTER_3L + (<usize>(3 - frac) << 1);
    for (let i = 0; i < 10; i++) {
      store<i16>(ker + (<usize>(9 - i) << 1), load<i16>(c1 + (<usize>(3 * i) << 1)));
      store<i16>(ker + (<usize>(10 + i) << 1), load<i16>(c2 + (<usize>(3 * i) << 1)));
    }
  }
  kernelsReady = true;
}

/** Algebraic codebook: 4 signed unit pulses (Q13) on interleaved tracks from the 13-bit index. */
export function decodeAcelp(sign: i32, index: i32, code: usize): void {
  zero(code, <usize>(L_SUBFR * 2));
  const p0 = (index & 7) * 5;
  const p1 = ((index >> 3) & 7) * 5 + 1;
  const p2 = ((index >> 6) & 7) * 5 + 2;
  const p3 = ((index >> 10) & 7) * 5 + 3 + ((index >> 9) & 1);
  seta(code, p0, (sign & 1) != 0 ? 8191 : -8192);
  seta(code, p1, (sign & 2) != 0 ? 8191 : -8192);
  seta(code, p2, (sign & 4) != 0 ? 8191 : -8192);
  seta(code, p3, (sign & 8) != 0 ? 8191 : -8192);
}

function shiftEnergies(s: usize, e0: i32): void {
  for (let i = 3; i > 0; i--) put16(s, S_PAST_QUA_EN, i, st16(s, S_PAST_QUA_EN, i - 1));
  put16(s, S_PAST_QUA_EN, 0, e0);
}

/**
 * Decodes the 7-bit gain index into S_GAIN_PIT (Q14) and S_GAIN_CODE (Q1).
 * The code gain is gamma * g', with g' = 10^((E~ + 30 dB - E_c) / 20) predicted from the
 * code vector's energy E_c = 10 log10(sum c^2 / 40) and the MA prediction E~ of the past
 * quantized energies; each subframe then stores 20 log10(gamma) (Q10) for the prediction.
 * These are evaluated in floating point rather than through the Recommendation's 16-bit
 * Log2/Pow2 tables: it tracks the reference decoder (bcg729) 1-3 dB closer on speech.
 */
export function decodeGains(s: usize, index: i32, code: usize): void {
  const i1 = tab16(IMAP1, (index >> 4) & 7), i2 = tab16(IMAP2, index & 15);
  put32(s, S_GAIN_PIT, add(tab16(GBK1, i1 * 2), tab16(GBK2, i2 * 2)));
  const e = sumSquares(code, L_SUBFR) / (8192.0 * 8192.0) / <f64>L_SUBFR; // the code vector is Q13 and has 4 pulses: e > 0
  let predicted: f64 = 0;
  for (let i = 0; i < 4; i++) predicted += <f64>tab16(PRED, i) * <f64>st16(s, S_PAST_QUA_EN, i);
  predicted /= 8192.0 * 1024.0; // Q13 coefficients times Q10 energies
  // 10^((E~ + 30 - 10 log10 e) / 20) = 10^((E~ + 30) / 20) / sqrt(e): one exp, no log.
  const g0 = Math.exp((predicted + 30.0) * (Math.LN10 / 20.0)) / Math.sqrt(e);
  const gamma = <f64>(tab16(GBK1, i1 * 2 + 1) + tab16(GBK2, i2 * 2 + 1)) / 8192.0;
  const gc = Math.floor(gamma * g0 * 2.0 + 0.5);
  put32(s, S_GAIN_CODE, gc > 32767 ? 32767 : <i32>gc);
  shiftEnergies(s, gammaDb(i1, i2, gamma));
}

/** 20 log10(gamma) in Q10 for each of the 8 x 16 codebook pairs, computed once. */
const GAMMA_DB: usize = memory.data(8 * 16 * 4, 16);
let gammaDbReady = false;
function gammaDb(i1: i32, i2: i32, gamma: f64): i32 {
  if (!gammaDbReady) {
    for (let a = 0; a < 8; a++) {
      for (let b = 0; b < 16; b++) {
        const g = <f64>(tab16(GBK1, a * 2 + 1) + tab16(GBK2, b * 2 + 1)) / 8192.0;
        store<i32>(GAMMA_DB + <usize>((a * 16 + b) << 2), <i32>Math.round(20.0 * Math.log10(g) * 1024.0));
      }
    }
    gammaDbReady = true;
  }
  return load<i32>(GAMMA_DB + <usize>((i1 * 16 + i2) << 2));
}

/** Erased subframe: attenuated previous gains and a decaying predicted energy. */
export function concealGains(s: usize): void {
  // 0.9 times the last pitch gain, bounded by 0.9 (Q14), as the concealment prescribes.
  let g = mult(st32(s, S_GAIN_PIT), 29491);
  if (g > 14746) g = 14746;
  put32(s, S_GAIN_PIT, g);
  put32(s, S_GAIN_CODE, mult(st32(s, S_GAIN_CODE), 32111));
  let av = 0;
  for (let i = 0; i < 4; i++) av = L_add(av, st16(s, S_PAST_QUA_EN, i));
  let e = (av >> 2) - 4096;
  if (e < -14336) e = -14336;
  shiftEnergies(s, e);
}

/** The Recommendation's 16-bit linear congruential generator; state at `p` (i32). */
export function random16(p: usize): i32 {
  const v = (((load<i32>(p) * 31821 + 13849) << 16) >> 16);
  store<i32>(p, v);
  return v;
}
