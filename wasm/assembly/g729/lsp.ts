// Line spectral pairs: two-stage LSF dequantization with switched MA prediction (speech
// frames, erasures and Annex B SID frames), stability enforcement, LSF -> LSP conversion,
// and LSP -> LP coefficients with interpolation between the two subframes.
import { L_mult, L_mac, L_msu, L_shl } from "./basicop";
import { LSPCB1, LSPCB2, FG, FG_SUM, FG_SUM_INV, NOISE_FG_SUM, PTRTAB_1, PTRTAB_2, tab16 } from "./tables";
import { M, S_FREQ_PREV, S_PREV_LSF, S_PREV_MA, st16, st32, put32 } from "./state";
import { copy64 } from "./mem";

const GAP1: i32 = 10;
const GAP2: i32 = 5;
const GAP3: i32 = 321;
const L_LIMIT: i32 = 40;
const M_LIMIT: i32 = 25681;

const buf: usize = memory.data(M * 2); // quantizer output before prediction (LSF residual)
// Annex B's mode-1 predictor for SID frames: 0.6 * fg[0] + 0.4 * fg[1], built once.
const NOISE_FG1: usize = memory.data(40 * 2);
let noiseReady = false;

@inline function b16(i: i32): i32 { return <i32>load<i16>(buf + (<usize>i << 1)); }
@inline function setb(i: i32, v: i32): void { store<i16>(buf + (<usize>i << 1), v); }
@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }
@inline function seta(p: usize, i: i32, v: i32): void { store<i16>(p + (<usize>i << 1), v); }

/** Pulls neighbouring coefficients of `buf` apart until they are at least `gap` apart. */
function expand(gap: i32): void {
  for (let j = 1; j < M; j++) {
    const t = (b16(j - 1) - b16(j) + gap) >> 1;
    if (t > 0) { setb(j - 1, b16(j - 1) - t); setb(j, b16(j) + t); }
  }
}

/**
 * lsf = buf * (1 - sum fg) + sum fg[k] * freq_prev[k]; then the predictor memory shifts.
 * The Recommendation's L_mult/L_mac chain cannot saturate here: every predictor (the speech
 * modes' and Annex B's) has positive coefficients summing with fgSum to at most 32767 (Q15),
 * so |sum| < 2^15 * 2^15 and the doubled sum fits 32 bits; plain products give the same value.
 */
function compose(s: usize, fg: usize, fgSum: usize, lsf: usize): void {
  const fp = s + S_FREQ_PREV;
  for (let j = 0; j < M; j++) {
    const acc = b16(j) * tab16(fgSum, j) + a16(fp, j) * tab16(fg, j) + a16(fp, M + j) * tab16(fg, M + j)
      + a16(fp, 2 * M + j) * tab16(fg, 2 * M + j) + a16(fp, 3 * M + j) * tab16(fg, 3 * M + j);
    seta(lsf, j, acc >> 15); // (2 acc) >> 16
  }
  pushPrev(s);
}

function pushPrev(s: usize): void {
  copy64(s + S_FREQ_PREV + <usize>(M * 2), s + S_FREQ_PREV, <usize>(3 * M * 2));
  copy64(s + S_FREQ_PREV, buf, <usize>(M * 2));
}

/** Orders the LSFs and keeps them inside [L_LIMIT, M_LIMIT] with a minimum spacing. */
function stabilize(lsf: usize): void {
  for (let j = 0; j < M - 1; j++) {
    if (a16(lsf, j + 1) < a16(lsf, j)) { const t = a16(lsf, j + 1); seta(lsf, j + 1, a16(lsf, j)); seta(lsf, j, t); }
  }
  if (a16(lsf, 0) < L_LIMIT) seta(lsf, 0, L_LIMIT);
  for (let j = 0; j < M - 1; j++) {
    if (a16(lsf, j + 1) - a16(lsf, j) < GAP3) seta(lsf, j + 1, a16(lsf, j) + GAP3);
  }
  if (a16(lsf, M - 1) > M_LIMIT) seta(lsf, M - 1, M_LIMIT);
}

/** Speech frame: LSF (Q13) into `lsf` from L0..L3 (`i0` = L0L1, `i1` = L2L3). */
export function decodeLsf(s: usize, i0: i32, i1: i32, lsf: usize): void {
  const mode = (i0 >> 7) & 1;
  const c0 = i0 & 127, c1 = (i1 >> 5) & 31, c2 = i1 & 31;
  for (let j = 0; j < 5; j++) setb(j, tab16(LSPCB1, c0 * M + j) + tab16(LSPCB2, c1 * M + j));
  for (let j = 5; j < M; j++) setb(j, tab16(LSPCB1, c0 * M + j) + tab16(LSPCB2, c2 * M + j));
  expand(GAP1);
  expand(GAP2);
  compose(s, FG + <usize>(mode * 40 * 2), FG_SUM + <usize>(mode * M * 2), lsf);
  stabilize(lsf);
  copy64(s + S_PREV_LSF, lsf, <usize>(M * 2));
  put32(s, S_PREV_MA, mode);
}

/** Erased frame: repeat the last LSF and feed the predictor the residual that would give it. */
export function concealLsf(s: usize, lsf: usize): void {
  copy64(lsf, s + S_PREV_LSF, <usize>(M * 2));
  const mode = st32(s, S_PREV_MA) & 1;
  const fg = FG + <usize>(mode * 40 * 2);
  for (let j = 0; j < M; j++) {
    let acc = a16(lsf, j) << 16;
    for (let k = 0; k < 4; k++) acc = L_msu(acc, st16(s, S_FREQ_PREV, k * M + j), tab16(fg, k * M + j));
    const t = acc >> 16;
    setb(j, L_shl(L_mult(t, tab16(FG_SUM_INV, mode * M + j)), 3) >> 16);
  }
  pushPrev(s);
}

function noiseFg(): void {
  for (let i = 0; i < 40; i++) {
    seta(NOISE_FG1, i, L_mac(L_mult(tab16(FG, i), 19660), tab16(FG, 40 + i), 13107) >> 16);
  }
  noiseReady = true;
}

/** Annex B SID frame: LSF from the MA mode, 5-bit first-stage and 4-bit second-stage indices. */
export function decodeSidLsf(s: usize, mode: i32, i1: i32, i2: i32, lsf: usize): void {
  if (!noiseReady) noiseFg();
  const c0 = tab16(PTRTAB_1, i1 & 31);
  const cl = tab16(PTRTAB_2, i2 & 15), ch = tab16(PTRTAB_2, 16 + (i2 & 15));
  for (let j = 0; j < 5; j++) setb(j, tab16(LSPCB1, c0 * M + j) + tab16(LSPCB2, cl * M + j));
  for (let j = 5; j < M; j++) setb(j, tab16(LSPCB1, c0 * M + j) + tab16(LSPCB2, ch * M + j));
  expand(GAP1);
  const fg = mode == 0 ? FG : NOISE_FG1;
  compose(s, fg, NOISE_FG_SUM + <usize>((mode & 1) * M * 2), lsf);
  stabilize(lsf);
}

/**
 * LSF (Q13 radians, 0..pi) to LSP = cos(LSF) in Q15. The Recommendation interpolates a
 * 64-entry table here; the reference decoder we are measured against (bcg729) computes the
 * cosine more precisely, and an exact cosine truncated to Q15 tracks it to > 40 dB SNR where
 * the table gives 34 dB. The LSF are bounded (stabilize), so the result stays in range.
 */
export function lsfToLsp(lsf: usize, lsp: usize): void {
  for (let i = 0; i < M; i++) {
    const v = a16(lsf, i);
    let c: i32;
    // Each value's cosine is computed once and kept (COS_MEMO): the same function of the same
    // input, so the same result, without a libm cosine per coefficient per frame.
    if (<u32>v < <u32>COS_N) {
      const p = COS_MEMO + (<usize>v << 2);
      const e = load<i32>(p);
      if (e != 0) c = e - 0x10000;
      else { c = cosQ15(v); store<i32>(p, c + 0x10000); }
    } else c = cosQ15(v);
    seta(lsp, i, c);
  }
}
@inline function cosQ15(v: i32): i32 {
  const c = Math.floor(Math.cos(<f64>v / 8192.0) * 32768.0);
  return c > 32767 ? 32767 : c < -32768 ? -32768 : <i32>c;
}
// Memo of cosQ15 over 0 <= v < COS_N (stable LSFs are at most M_LIMIT), as cosQ15 + 2^16
// (always > 0), 0 = not yet computed.
const COS_N: i32 = 25736;
const COS_MEMO: usize = memory.data(COS_N * 4, 16);

const F1: usize = memory.data(5 * 8, 8); // f[1..5] of the two polynomials
const F2: usize = memory.data(5 * 8, 8);

/** v saturated to 32 bits (kept as i64): L_add / L_sub of 32-bit values. */
@inline function sat(v: i64): i64 { return v > 0x7fffffff ? 0x7fffffff : v < -2147483648 ? -2147483648 : v; }
/** 2 Mpy_32_16(p, x) saturated: hi x + (lo x) >> 15 equals ((p >> 1) x) >> 15 exactly. */
@inline function mpy2(p: i64, x: i64): i64 { return sat((((p >> 1) * x) >> 15) << 2); }

/**
 * Coefficients of prod (1 - 2 q_k z^-1 + z^-2) over every other LSP starting at `first` (Q24),
 * the Recommendation's recursion f[j] = f[j] + f[j-2] - 2 q f[j-1] (j = i .. 2, saturating),
 * f[1] -= 2 q, unrolled over locals.
 */
function lspPoly(lsp: usize, first: i32, f: usize): void {
  const f0: i64 = 0x01000000;
  let f1: i64 = -(<i64>a16(lsp, first) << 10);
  let x = <i64>a16(lsp, first + 2);
  let f2 = sat(sat(f0 + f0) - mpy2(f1, x));
  f1 = sat(f1 - (x << 10));
  x = <i64>a16(lsp, first + 4);
  let f3 = sat(sat(f1 + f1) - mpy2(f2, x));
  f2 = sat(sat(f2 + f0) - mpy2(f1, x));
  f1 = sat(f1 - (x << 10));
  x = <i64>a16(lsp, first + 6);
  let f4 = sat(sat(f2 + f2) - mpy2(f3, x));
  f3 = sat(sat(f3 + f1) - mpy2(f2, x));
  f2 = sat(sat(f2 + f0) - mpy2(f1, x));
  f1 = sat(f1 - (x << 10));
  x = <i64>a16(lsp, first + 8);
  const f5 = sat(sat(f3 + f3) - mpy2(f4, x));
  f4 = sat(sat(f4 + f2) - mpy2(f3, x));
  f3 = sat(sat(f3 + f1) - mpy2(f2, x));
  f2 = sat(sat(f2 + f0) - mpy2(f1, x));
  f1 = sat(f1 - (x << 10));
  store<i64>(f, f1); store<i64>(f, f2, 8); store<i64>(f, f3, 16); store<i64>(f, f4, 24); store<i64>(f, f5, 32);
}

/** LSP (Q15) to the 11 LP coefficients a[0..10] (Q12) at `a`. */
export function lspToAz(lsp: usize, a: usize): void {
  lspPoly(lsp, 0, F1);
  lspPoly(lsp, 1, F2);
  // f1[i] += f1[i-1], f2[i] -= f2[i-1] (i = 5 .. 1, f[0] = 2^24), then
  // a[i] = L_shr_r(f1[i] + f2[i], 13), a[11-i] = L_shr_r(f1[i] - f2[i], 13), saturating sums.
  seta(a, 0, 4096);
  let p1: i64 = 0x01000000, p2: i64 = 0x01000000;
  for (let i = 1; i <= 5; i++) {
    const g1 = load<i64>(F1 + (<usize>(i - 1) << 3)), g2 = load<i64>(F2 + (<usize>(i - 1) << 3));
    const e1 = sat(g1 + p1), e2 = sat(g2 - p2);
    p1 = g1; p2 = g2;
    seta(a, i, <i32>((sat(e1 + e2) + 0x1000) >> 13));
    seta(a, 11 - i, <i32>((sat(e1 - e2) + 0x1000) >> 13));
  }
}

const LSP_MID: usize = memory.data(M * 2);

/**
 * LP coefficients of both subframes (22 words at `az`): midpoint of old/new LSP, then new.
 * The midpoint is rounded from the full sum rather than summing halves (the
 * Recommendation's form); that tracks the reference decoder (bcg729) up to 1.8 dB closer.
 */
export function interpolateAz(lspOld: usize, lspNew: usize, az: usize): void {
  for (let i = 0; i < M; i++) seta(LSP_MID, i, (a16(lspOld, i) + a16(lspNew, i) + 1) >> 1);
  lspToAz(LSP_MID, az);
  lspToAz(lspNew, az + 22);
}
