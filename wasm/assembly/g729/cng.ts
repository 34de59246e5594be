// Annex B comfort noise: the excitation generator driven by the smoothed SID gain (random
// adaptive-codebook lag/gain, Gaussian noise, 4 random pulses whose gain makes the
// subframe energy match the target), and the SID gain/LSF handling around it.
import {
  L_mult, L_mac, L_shl, L_shr, L_sub, L_add, add, sub, mult_r, shl, shr, shr_r, abs_s, negate,
  norm_s, norm_l, round16, invSqrt, mpy32x16, dpfHi, dpfLo,
} from "./basicop";
import { predLt3, random16 } from "./excitation";
import { sumSquares } from "./filters";
import { TAB_SIDGAIN, tab16 } from "./tables";
import {
  L_FRAME, L_SUBFR, S_SEED, S_CUR_GAIN, S_SID_GAIN, S_PAST_FTYP, S_SID_SAV, S_SH_SID_SAV, st32,
  put32,
} from "./state";
import { copyDown } from "./mem";

@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }
@inline function seta(p: usize, i: i32, v: i32): void { store<i16>(p + (<usize>i << 1), v); }

const FRAC1: i32 = 19043; // sqrt(40) * 0.5 / 2 - 1, Q15
const K0: i32 = 24576; // 1 - alpha^2 with alpha = 0.5, Q15
const G_MAX: i32 = 5000;
const EXCG: usize = memory.data(L_SUBFR * 2);
const EXCS: usize = memory.data(L_SUBFR * 2);
const POS: usize = memory.data(4 * 4);
const SIGN: usize = memory.data(4 * 4);

@inline function pos(i: i32): i32 { return load<i32>(POS + (<usize>i << 2)); }
@inline function sgn(i: i32): i32 { return load<i32>(SIGN + (<usize>i << 2)); }

/** Sum of 12 uniform draws: an approximately Gaussian sample. */
function gauss(seed: usize): i32 {
  let acc = 0;
  for (let i = 0; i < 12; i++) acc = L_add(acc, random16(seed));
  return (L_shr(acc, 7) << 16) >> 16;
}

/** Integer square root of a 32-bit value (bit by bit, 14 bits). */
function sqrt32(num: i32): i32 {
  let r = 0, e = 0x4000;
  for (let i = 0; i < 14; i++) {
    const t = add(r, e);
    if (L_sub(num, L_mult(t, t)) >= 0) r = t;
    e >>= 1;
  }
  return r;
}

/** 80 samples of comfort-noise excitation with gain `g` at `exc` (past excitation before it). */
export function randomExcitation(s: usize, g: i32, exc: usize): void {
  const seed = s + S_SEED;
  for (let sf = 0; sf < L_FRAME; sf += L_SUBFR) {
    const cur = exc + (<usize>sf << 1);
    let r = random16(seed);
    let frac = (r & 3) - 1;
    if (frac == 2) frac = 0;
    r = shr(r, 2);
    const t0 = (r & 63) + 40;
    r = shr(r, 6);
    store<i32>(POS, (r & 7) * 5);
    r = shr(r, 3);
    store<i32>(SIGN, r & 1);
    r = shr(r, 1);
    store<i32>(POS + 4, (r & 7) * 5 + 1);
    r = shr(r, 3);
    store<i32>(SIGN + 4, r & 1);
    r = random16(seed);
    store<i32>(POS + 8, (r & 7) * 5 + 2);
    r = shr(r, 3);
    store<i32>(SIGN + 8, r & 1);
    r = shr(r, 1);
    const t2 = r & 15;
    store<i32>(POS + 12, (t2 & 1) + 3 + ((t2 >> 1) & 7) * 5);
    r = shr(r, 4);
    store<i32>(SIGN + 12, r & 1);
    const gp = random16(seed) & 0x1fff; // pitch gain < 0.5, Q14
    const gp2 = shl(gp, 1);

    // Gaussian part scaled to alpha * g * sqrt(40 / energy).
    let acc = 0;
    for (let i = 0; i < L_SUBFR; i++) { const v = gauss(seed); acc = L_mac(acc, v, v); seta(EXCG, i, v); }
    acc = invSqrt(L_shr(acc, 1));
    let t = add(g, mult_r(g, FRAC1));
    acc = mpy32x16(dpfHi(acc), dpfLo(acc), t);
    let sh = norm_l(acc);
    t = L_shl(acc, sh) >> 16;
    sh = sh - 14;
    for (let i = 0; i < L_SUBFR; i++) seta(EXCG, i, shr_r(mult_r(a16(EXCG, i), t), sh));

    // Random adaptive part plus Gaussian part.
    predLt3(cur, t0, frac, L_SUBFR);
    let max = 0;
    for (let i = 0; i < L_SUBFR; i++) {
      const v = add(mult_r(a16(cur, i), gp2), a16(EXCG, i));
      seta(cur, i, v);
      const av = abs_s(v);
      if (av > max) max = av;
    }
    sh = max == 0 ? 0 : 3 - norm_s(max);
    if (sh < 0) sh = 0;
    for (let i = 0; i < L_SUBFR; i++) seta(EXCS, i, shr(a16(cur, i), sh));

    // Pulse gain x solving 4x^2 + 2bx + c = 0 so the subframe reaches the target energy.
    let ener = 0;
    for (let i = 0; i < L_SUBFR; i++) ener = L_mac(ener, a16(EXCS, i), a16(EXCS, i));
    let inter = 0;
    for (let i = 0; i < 4; i++) {
      const v = a16(EXCS, pos(i));
      inter = sgn(i) == 0 ? add(inter, v) : sub(inter, v);
    }
    acc = L_shr(L_mult(g, L_SUBFR), 6);
    const lk = L_mult(g, (acc << 16) >> 16);
    acc = L_shr(lk, 1 + (sh << 1));
    acc = L_sub(acc, ener);
    inter = shr(inter, 1);
    acc = L_mac(acc, inter, inter);
    sh = sh + 1;
    if (acc < 0) {
      // No real root: drop the adaptive part and solve for the Gaussian part alone.
      copyDown(cur, EXCG, <usize>(L_SUBFR * 2));
      const m = abs_s(a16(EXCG, pos(0))) | abs_s(a16(EXCG, pos(1))) | abs_s(a16(EXCG, pos(2))) | abs_s(a16(EXCG, pos(3)));
      sh = (m & 0x4000) == 0 ? 1 : 2;
      inter = 0;
      for (let i = 0; i < 4; i++) {
        const v = shr(a16(EXCG, pos(i)), sh);
        inter = sgn(i) == 0 ? add(inter, v) : sub(inter, v);
      }
      acc = mpy32x16(dpfHi(lk), dpfLo(lk), K0);
      acc = L_shr(acc, (sh << 1) - 1);
      acc = L_mac(acc, inter, inter);
    }
    const root = sqrt32(acc);
    let x1 = sub(root, inter);
    const x2 = negate(add(inter, root));
    if (abs_s(x2) < abs_s(x1)) x1 = x2;
    let gx = shr_r(x1, 2 - sh);
    if (gx >= 0) { if (gx > G_MAX) gx = G_MAX; } else if (gx < -G_MAX) gx = -G_MAX;
    for (let i = 0; i < 4; i++) {
      const j = pos(i);
      seta(cur, j, sgn(i) != 0 ? sub(a16(cur, j), gx) : add(a16(cur, j), gx));
    }
  }
}

/**
 * SID gain index for noise that starts without a SID (the SID was lost): the table entry
 * nearest in dB to the rms of the last speech frame's excitation. The saved energy is
 * sum(exc^2) * 2 = mantissa * 2^exponent; the table holds rms in Q3.
 */
function gainFromSaved(s: usize): i32 {
  const mant = <f64>st32(s, S_SID_SAV);
  if (mant <= 0) return 0;
  const rms = Math.sqrt(mant * Math.pow(2, <f64>st32(s, S_SH_SID_SAV)) / 2 / <f64>L_FRAME);
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < 32; i++) {
    const d = Math.abs(Math.log(<f64>tab16(TAB_SIDGAIN, i) / 8) - Math.log(rms + 1e-9));
    if (d < bestD) { bestD = d; best = i; }
  }
  return best;
}

/** Comfort-noise gain for this frame: the SID's on the first noise frame, else smoothed toward it. */
export function updateNoiseGain(s: usize, sidIndex: i32): i32 {
  if (sidIndex >= 0) put32(s, S_SID_GAIN, tab16(TAB_SIDGAIN, sidIndex & 31));
  else if (st32(s, S_PAST_FTYP) == 1) put32(s, S_SID_GAIN, tab16(TAB_SIDGAIN, gainFromSaved(s)));
  let cur: i32;
  if (st32(s, S_PAST_FTYP) == 1) cur = st32(s, S_SID_GAIN);
  else cur = add(mult_r(st32(s, S_CUR_GAIN), 28672), mult_r(st32(s, S_SID_GAIN), 4096));
  put32(s, S_CUR_GAIN, cur);
  return cur;
}

/** Saves the energy of a good speech frame's excitation (used if noise starts without a SID). */
export function saveSpeechEnergy(s: usize, exc: usize): void {
  // The Recommendation's L_mac chain of squares: every term is >= 0, so it saturates exactly
  // when 2 sum x^2 exceeds 2^31 - 1 (L_mult's own saturation, at x = -32768, only happens
  // when the sum does too); the exact sum gives the same value.
  const sq = sumSquares(exc, L_FRAME) * 2;
  const e = sq > 2147483647.0 ? 0x7fffffff : <i32>sq;
  const n = norm_l(e);
  put32(s, S_SID_SAV, round16(L_shl(e, n)));
  put32(s, S_SH_SID_SAV, 16 - n);
}
