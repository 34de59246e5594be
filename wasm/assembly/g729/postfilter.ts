// Annex A post-filter (long-term pitch filter on the residual, short-term A(z/0.55)/A(z/0.7)
// filter with tilt compensation, adaptive gain control) and the output high-pass filter
// with its x2 scaling.
import { add, sub, mult, round16, satAcc, setOverflow } from "./basicop";
import { synFilt, residu, weightAz, sumSquares } from "./filters";
import { A100, B100, tab16 } from "./tables";
import {
  M, L_FRAME, L_SUBFR, PIT_MAX, S_SYN, S_RES2, S_SCAL_RES2, S_MEM_SYN_PST, S_MEM_PRE, S_PAST_GAIN,
  S_PP_Y1, S_PP_Y2, S_PP_X0, S_PP_X1, st32, put32,
} from "./state";
import { copy64, copyDown, zero } from "./mem";

@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }
@inline function seta(p: usize, i: i32, v: i32): void { store<i16>(p + (<usize>i << 1), v); }

const AP3: usize = memory.data(11 * 2); // numerator A(z/0.55)
const AP4: usize = memory.data(11 * 2); // denominator A(z/0.7)
// Truncated impulse response of the short-term filter (22 words), then zeros that the
// autocorrelation reads past its end (synFilt writes only the 22).
const H: usize = memory.data(32 * 2, 16);
// Pitch post-filter output, with one word before it for the tilt filter's memory.
const RES2_PST: usize = memory.data((L_SUBFR + 8) * 2, 16) + 16;
const SYN_PST: usize = memory.data(L_FRAME * 2);
const L_H: i32 = 22;

/**
 * Lane sums of the 40 products of words at `p` and `q`. The residual is scaled by 1/4, so
 * |word| <= 2^13: a lane (10 products) stays below 2^30 and no lane can wrap.
 */
@inline function dot40v(p: usize, q: usize): v128 {
  let v = i32x4.dot_i16x8_s(v128.load(p), v128.load(q));
  v = i32x4.add(v, i32x4.dot_i16x8_s(v128.load(p, 16), v128.load(q, 16)));
  v = i32x4.add(v, i32x4.dot_i16x8_s(v128.load(p, 32), v128.load(q, 32)));
  v = i32x4.add(v, i32x4.dot_i16x8_s(v128.load(p, 48), v128.load(q, 48)));
  return i32x4.add(v, i32x4.dot_i16x8_s(v128.load(p, 64), v128.load(q, 64)));
}
/** [sum of v0's lanes, sum of v1's] as i64x2: pairs of lanes first (below 2^31), then 64 bits. */
@inline function sum2(v0: v128, v1: v128): v128 {
  const s = i32x4.add(i32x4.shuffle(v0, v1, 0, 1, 4, 5), i32x4.shuffle(v0, v1, 2, 3, 6, 7)); // v0 0+2, 1+3, v1 0+2, 1+3
  const lo = i64x2.extend_low_i32x4_s(s), hi = i64x2.extend_high_i32x4_s(s);
  return i64x2.add(i64x2.shuffle(lo, hi, 0, 2), i64x2.shuffle(lo, hi, 1, 3));
}

/** Long-term filter: best lag near t0 on the scaled residual, gain from the prediction gain. */
function pitchFilter(sig: usize, scal: usize, t0min: i32, out: usize): void {
  // The 7 lags' correlations (t0min .. t0min + 6) and the energy of the subframe, two at a time.
  const p = scal - (<usize>t0min << 1);
  const c01 = sum2(dot40v(scal, p), dot40v(scal, p - 2));
  const c23 = sum2(dot40v(scal, p - 4), dot40v(scal, p - 6));
  const c45 = sum2(dot40v(scal, p - 8), dot40v(scal, p - 10));
  const c6e = sum2(dot40v(scal, p - 12), dot40v(scal, scal));
  // Arg-max in lag order, a later lag winning ties (>=); as selects, not branches (the
  // winner is data-dependent, so branches would mispredict).
  let corMax: i32 = satAcc(i64x2.extract_lane(c01, 0));
  let t0 = t0min;
  let c = satAcc(i64x2.extract_lane(c01, 1)); t0 = c >= corMax ? t0min + 1 : t0; corMax = c >= corMax ? c : corMax;
  c = satAcc(i64x2.extract_lane(c23, 0)); t0 = c >= corMax ? t0min + 2 : t0; corMax = c >= corMax ? c : corMax;
  c = satAcc(i64x2.extract_lane(c23, 1)); t0 = c >= corMax ? t0min + 3 : t0; corMax = c >= corMax ? c : corMax;
  c = satAcc(i64x2.extract_lane(c45, 0)); t0 = c >= corMax ? t0min + 4 : t0; corMax = c >= corMax ? c : corMax;
  c = satAcc(i64x2.extract_lane(c45, 1)); t0 = c >= corMax ? t0min + 5 : t0; corMax = c >= corMax ? c : corMax;
  c = satAcc(i64x2.extract_lane(c6e, 0)); t0 = c >= corMax ? t0min + 6 : t0; corMax = c >= corMax ? c : corMax;
  const pd = scal - (<usize>t0 << 1);
  const v1 = dot40v(pd, pd);
  const e1 = <i64>i32x4.extract_lane(v1, 0) + <i64>i32x4.extract_lane(v1, 1) + <i64>i32x4.extract_lane(v1, 2) + <i64>i32x4.extract_lane(v1, 3);
  const e0 = i64x2.extract_lane(c6e, 1);
  const ener = satAcc(e1) == 0x7fffffff ? 0x7fffffff : satAcc(e1) + 1;
  const ener0 = satAcc(e0) == 0x7fffffff ? 0x7fffffff : satAcc(e0) + 1;
  // Prediction gain below 3 dB (cor^2 < 0.5 ener ener0): no pitch filtering. Otherwise
  // out = (sig + g sig[-t0]) / (1 + g), g = 0.5 min(cor / ener, 1). Evaluated in floating
  // point: closer to the reference decoder (bcg729) than the 16-bit normalised form.
  const cf = corMax < 0 ? 0.0 : <f64>corMax;
  if (cf * cf < 0.5 * <f64>ener * <f64>ener0) {
    copyDown(out, sig, <usize>(L_SUBFR * 2));
    return;
  }
  let gl = cf / <f64>ener;
  if (gl > 1) gl = 1;
  const g = 0.5 * gl;
  const ps = sig - (<usize>t0 << 1);
  // floor((s + g s[-t0]) / (1 + g)) saturated, two lanes at a time (the same IEEE operations).
  const gv = f64x2.splat(g), dv = f64x2.splat(1 + g);
  for (let j = 0; j < L_SUBFR; j += 4) {
    const a = i32x4.extend_low_i16x8_s(v128.load64_zero(sig + (<usize>j << 1)));
    const b = i32x4.extend_low_i16x8_s(v128.load64_zero(ps + (<usize>j << 1)));
    const r0 = f64x2.floor(f64x2.div(f64x2.add(f64Lo(a), f64x2.mul(gv, f64Lo(b))), dv));
    const r1 = f64x2.floor(f64x2.div(f64x2.add(f64Hi(a), f64x2.mul(gv, f64Hi(b))), dv));
    store4(out + (<usize>j << 1), r0, r1);
  }
}

/** Lanes 0, 1 (f64Lo) and 2, 3 (f64Hi) of an i32x4 as f64x2. */
@inline function f64Lo(w: v128): v128 { return f64x2.convert_low_i32x4_s(w); }
@inline function f64Hi(w: v128): v128 { return f64x2.convert_low_i32x4_s(i32x4.shuffle(w, w, 2, 3, 0, 1)); }
/**
 * Stores four integral f64 (lanes of r0, then r1) as Int16 saturated to [-32768, 32767]:
 * truncation saturates to 32 bits, the narrowing to 16 (no NaN reaches here).
 */
@inline function store4(p: usize, r0: v128, r1: v128): void {
  const r = i32x4.shuffle(i32x4.trunc_sat_f64x2_s_zero(r0), i32x4.trunc_sat_f64x2_s_zero(r1), 0, 1, 4, 5);
  v128.store64_lane(p, i16x8.narrow_i32x4_s(r, r), 0);
}

/**
 * First-order tilt compensation 1 - g z^-1 in place on RES2_PST: x[i] = sub(x[i], mult(g, x[i-1]))
 * eight at a time (signed narrowing and saturating subtraction are sat16 of each step), from the
 * top down so every x[i-1] is read before it is replaced; x[-1] is the memory word.
 */
function preemphasis(s: usize, x: usize, g: i32): void {
  const last = a16(x, L_SUBFR - 1);
  store<i16>(x - 2, st32(s, S_MEM_PRE));
  const gv = i16x8.splat(<i16>g);
  for (let i = L_SUBFR - 8; i >= 0; i -= 8) {
    const p = x + (<usize>i << 1);
    const v = v128.load(p), w = v128.load(p - 2);
    const m = i16x8.narrow_i32x4_s(i32x4.shr_s(i32x4.extmul_low_i16x8_s(w, gv), 15), i32x4.shr_s(i32x4.extmul_high_i16x8_s(w, gv), 15));
    v128.store(p, i16x8.sub_sat_s(v, m));
  }
  put32(s, S_MEM_PRE, last);
}

/**
 * Scales `out` so its energy follows `inp`'s, smoothed sample by sample:
 * g(n) = 0.9 g(n-1) + 0.1 sqrt(E_in / E_out). Computed in floating point (the gain kept in
 * Q24) rather than with the Recommendation's 16-bit steps: it tracks the reference decoder
 * (bcg729) about 1 dB closer. The per-subframe gain is capped so a near-silent post-filter
 * output cannot be blown up.
 */
function agc(s: usize, inp: usize, out: usize): void {
  const eo = sumSquares(out, L_SUBFR), ei = sumSquares(inp, L_SUBFR);
  if (eo == 0) { put32(s, S_PAST_GAIN, 0); return; }
  let G = Math.sqrt(ei / eo);
  if (G > 64) G = 64;
  // The recursion in closed form, g(n) = G + (g(0) - G) 0.9^n: no sample waits on the last.
  if (!decayReady) {
    let d = 1.0;
    for (let i = 0; i < L_SUBFR; i++) { d *= 0.9; store<f64>(DECAY + (<usize>i << 3), d); }
    decayReady = true;
  }
  const d0 = <f64>st32(s, S_PAST_GAIN) / 16777216.0 - G;
  // floor(out * (G + d0 0.9^(n+1))) saturated, two lanes at a time (the same IEEE operations).
  const gv = f64x2.splat(G), dv = f64x2.splat(d0);
  for (let i = 0; i < L_SUBFR; i += 4) {
    const w = i32x4.extend_low_i16x8_s(v128.load64_zero(out + (<usize>i << 1)));
    const dp = DECAY + (<usize>i << 3);
    const r0 = f64x2.floor(f64x2.mul(f64Lo(w), f64x2.add(gv, f64x2.mul(dv, v128.load(dp)))));
    const r1 = f64x2.floor(f64x2.mul(f64Hi(w), f64x2.add(gv, f64x2.mul(dv, v128.load(dp, 16)))));
    store4(out + (<usize>i << 1), r0, r1);
  }
  put32(s, S_PAST_GAIN, <i32>Math.round((G + d0 * load<f64>(DECAY + (<usize>(L_SUBFR - 1) << 3))) * 16777216.0));
}
/** 0.9^(n+1) for n < L_SUBFR. */
const DECAY: usize = memory.data(L_SUBFR * 8, 16);
let decayReady = false;

/**
 * Post-filters the frame in S_SYN (after its M words of history) in place, with the two
 * subframes' LP coefficients `az` (22 words) and pitch lags t[0], t[1].
 */
export function postFilter(s: usize, az: usize, t0a: i32, t0b: i32): void {
  const syn = s + S_SYN + <usize>(M * 2);
  const res2 = s + S_RES2 + <usize>(PIT_MAX * 2);
  const scal = s + S_SCAL_RES2 + <usize>(PIT_MAX * 2);
  for (let sub = 0; sub < 2; sub++) {
    const a = az + <usize>(sub * 22);
    const T = sub == 0 ? t0a : t0b;
    let tmin = T - 3; // lags tmin .. tmin + 6, at most PIT_MAX
    if (tmin + 6 > PIT_MAX) tmin = PIT_MAX - 6;
    weightAz(a, 18022, AP3);
    weightAz(a, 22938, AP4);
    const x = syn + <usize>(sub * L_SUBFR * 2);
    residu(AP3, x, res2, L_SUBFR);
    for (let j = 0; j < L_SUBFR * 2; j += 16) v128.store(scal + <usize>j, i16x8.shr_s(v128.load(res2 + <usize>j), 2));
    pitchFilter(res2, scal, tmin, RES2_PST);

    // Tilt 0.8 * r1 / r0 from the first two autocorrelations of the short-term filter's
    // impulse response (only a positive r1, i.e. a low-pass tilt, is compensated).
    copy64(H, AP3, 22);
    zero(H + 22, (L_H - 11) * 2);
    synFilt(AP4, H, H, L_H, H + 22, false);
    // Integer products summed in f64: exact in any order (the sums stay far below 2^53), so
    // two lanes of partial sums; H is zero from word 22 on.
    let e0 = f64x2.splat(0), e1 = f64x2.splat(0);
    for (let i = 0; i < 24; i += 4) {
      const w = i32x4.extend_low_i16x8_s(v128.load64_zero(H + (<usize>i << 1)));
      const u = i32x4.extend_low_i16x8_s(v128.load64_zero(H + (<usize>i << 1), 2));
      const wl = f64Lo(w), wh = f64Hi(w);
      e0 = f64x2.add(e0, f64x2.add(f64x2.mul(wl, wl), f64x2.mul(wh, wh)));
      e1 = f64x2.add(e1, f64x2.add(f64x2.mul(wl, f64Lo(u)), f64x2.mul(wh, f64Hi(u))));
    }
    const q0 = f64x2.extract_lane(e0, 0) + f64x2.extract_lane(e0, 1);
    const q1 = f64x2.extract_lane(e1, 0) + f64x2.extract_lane(e1, 1);
    const r1 = q1 <= 0 || q0 <= 0 ? 0 : <i32>Math.round(0.8 * q1 / q0 * 32768.0);
    preemphasis(s, RES2_PST, r1);

    const y = SYN_PST + <usize>(sub * L_SUBFR * 2);
    synFilt(AP4, RES2_PST, y, L_SUBFR, s + S_MEM_SYN_PST, true);
    agc(s, x, y);
    copyDown(s + S_RES2, s + S_RES2 + <usize>(L_SUBFR * 2), <usize>(PIT_MAX * 2));
    copyDown(s + S_SCAL_RES2, s + S_SCAL_RES2 + <usize>(L_SUBFR * 2), <usize>(PIT_MAX * 2));
  }
  copy64(s + S_SYN, syn + <usize>((L_FRAME - M) * 2), <usize>(M * 2));
  copyDown(syn, SYN_PST, <usize>(L_FRAME * 2));
}

@inline function clamp32(v: i64): i32 { return v > 0x7fffffff ? 0x7fffffff : v < -2147483648 ? 0x80000000 : <i32>v; }

/** 100 Hz second-order high-pass and x2 gain, in place on 80 samples, into `dst` as Int16 LE. */
export function postProcess(s: usize, x: usize, dst: usize): void {
  const a1 = <i64>tab16(A100, 1), a2 = <i64>tab16(A100, 2), b0 = tab16(B100, 0), b1 = tab16(B100, 1), b2 = tab16(B100, 2);
  // The input part b0 x[n] + b1 x[n-1] + b2 x[n-2] (exact in 32 bits: |b0| + |b1| + |b2| < 2^15)
  // four at a time, over the last two inputs of the previous frame and this frame's 80.
  store<i16>(PP_X, st32(s, S_PP_X1)); store<i16>(PP_X, st32(s, S_PP_X0), 2);
  copyDown(PP_X + 4, x, <usize>(L_FRAME * 2));
  const b21 = i32x4.splat((b2 & 0xffff) | (b1 << 16)), b00 = i32x4.splat(b0 & 0xffff);
  for (let i = 0; i < L_FRAME; i += 4) {
    const w = v128.load(PP_X + (<usize>i << 1)); // x[i-2 .. i+5]
    const v = i32x4.add(i32x4.dot_i16x8_s(i16x8.shuffle(w, w, 0, 1, 1, 2, 2, 3, 3, 4), b21),
      i32x4.dot_i16x8_s(i16x8.shuffle(w, w, 2, 8, 3, 8, 4, 8, 5, 8), b00)); // lane 8 of the second operand: any, times 0
    v128.store(PP_ACC + (<usize>i << 2), v);
  }
  store<i32>(s + S_PP_X0, <i32>load<i16>(PP_X + <usize>(L_FRAME * 2 + 2)));
  store<i32>(s + S_PP_X1, <i32>load<i16>(PP_X + <usize>(L_FRAME * 2)));
  // The Recommendation's double-precision recursion: hi * a + (lo * a) >> 15 over the
  // (hi, lo >> 1) split of y equals ((y >> 1) * a) >> 15 exactly, one product per term; the
  // sum cannot overflow 64 bits, so it is formed exactly. y = acc << 3 saturated to 32 bits,
  // so y >> 1 is acc << 2 saturated to [-2^30, 2^30 - 1]: the recursion runs on that half
  // value (h1 newest). |acc| < 2^31 (input part < 2^30, the two terms < 2^29 and 2^28).
  let h1 = <i64>(st32(s, S_PP_Y1) >> 1), h2 = <i64>(st32(s, S_PP_Y2) >> 1);
  let t1 = (h1 * a1) >> 15; // the newest output's term
  let acc1: i64 = 0, acc2: i64 = 0;
  for (let i = 0; i < L_FRAME; i++) {
    const p = PP_ACC + (<usize>i << 2);
    const acc: i64 = <i64>load<i32>(p) + ((h2 * a2) >> 15) + t1;
    store<i32>(p, <i32>acc);
    // Unsaturated, h = acc << 2 and (h a1) >> 15 = (acc a1) >> 13: the recursion's critical
    // path is one multiply, shift and add. Saturation is rare: a branch (the flag write keeps
    // it one) fixes both up.
    let h = acc << 2;
    let t = (acc * a1) >> 13;
    if (<u64>(h + 0x40000000) > <u64>0x7fffffff) { setOverflow(); h = h < 0 ? -0x40000000 : 0x3fffffff; t = (h * a1) >> 15; }
    h2 = h1; h1 = h; t1 = t;
    acc2 = acc1; acc1 = acc;
  }
  put32(s, S_PP_Y1, clamp32(acc1 << 3)); put32(s, S_PP_Y2, clamp32(acc2 << 3));
  // Output words: (acc << 4) saturated and rounded = (acc + 2^11) >> 12 saturated to 16 bits.
  const r = i32x4.splat(0x800);
  for (let i = 0; i < L_FRAME; i += 8) {
    const p = PP_ACC + (<usize>i << 2);
    const lo = i32x4.shr_s(i32x4.add(v128.load(p), r), 12), hi = i32x4.shr_s(i32x4.add(v128.load(p, 16), r), 12);
    v128.store(dst + (<usize>i << 1), i16x8.narrow_i32x4_s(lo, hi));
  }
}
const PP_X: usize = memory.data((L_FRAME + 8) * 2, 16); // x[-2], x[-1], x[0 .. 79], padding
const PP_ACC: usize = memory.data(L_FRAME * 4, 16); // input part, then acc
