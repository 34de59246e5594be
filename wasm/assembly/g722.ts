// ITU-T G.722 decoder, 64 kbit/s (mode 1): two ADPCM sub-band decoders and the receive QMF.
// Arithmetic follows the fixed-point description of the Recommendation block by block
// (INVQAL/INVQBL, LOGSCL/SCALEL, UPPOL1/UPPOL2, UPZERO, FILTEP/FILTEZ, receive QMF) with the
// scaling ffmpeg uses for its 16-bit output (QMF sum >> 11), so results are bit-exact with
// ffmpeg's g722 decoder. State lives in caller memory so one decoder per stream costs
// G722_STATE_BYTES and nothing else.

// ---- state layout (byte offsets; every field an i32) ---------------------------------
// Per sub-band: the adaptive predictor and quantizer-scale memory.
const B_SP: usize = 0; // predictor output s_p + s_z (signal estimate), 16-bit saturated
const B_SZ: usize = 4; // zero-section output s_z of the last step
const B_P1: usize = 8; // sign (1 = negative) of the last partial reconstruction p
const B_P2: usize = 12; // ... and of the one before
const B_R1: usize = 16; // last reconstructed signal r (x2, saturated), input of the pole section
const B_A1: usize = 20; // pole coefficient a1
const B_A2: usize = 24; // pole coefficient a2
const B_D: usize = 28; // six past quantized differences (x2, saturated)
const B_B: usize = 52; // six zero-section coefficients b1..b6
const B_NABLA: usize = 76; // log-domain quantizer scale factor
const B_DET: usize = 80; // linear quantizer scale factor
const BAND_BYTES: usize = 96;
const LOW: usize = 0;
const HIGH: usize = BAND_BYTES;
// Receive QMF delay line: 22 past sub-band sums/differences followed by room for a block
// of new ones; when full, the last 22 move to the front (one copy per QMF_BLOCK bytes).
const Q_POS: usize = 2 * BAND_BYTES; // index of the next free slot in the delay line
const Q_BUF: usize = Q_POS + 16;
const QMF_HISTORY: u32 = 22;
const QMF_BLOCK: u32 = 1024;

/** Bytes of caller memory one decoder state needs (16-byte aligned is best). */
export const G722_STATE_BYTES: i32 = <i32>((Q_BUF + <usize>(QMF_HISTORY + QMF_BLOCK) * 4 + 15) & ~15);

// ---- tables (ITU-T G.722 values, in the scaling used with a scale factor >> 10) ----------
// 6-bit lower sub-band reconstruction levels, indexed by the received code word (INVQBL).
const QQ6: usize = memory.data<i32>([
  -17, -17, -17, -17, -3101, -2738, -2376, -2088, -1873, -1689, -1535, -1399, -1279, -1170, -1072, -982,
  -899, -822, -750, -682, -618, -558, -501, -447, -396, -347, -300, -254, -211, -170, -130, -91,
  3101, 2738, 2376, 2088, 1873, 1689, 1535, 1399, 1279, 1170, 1072, 982, 899, 822, 750, 682,
  618, 558, 501, 447, 396, 347, 300, 254, 211, 170, 130, 91, 54, 17, -54, -17,
]);
// 4-bit levels driving the lower-band predictor (INVQAL), indexed by code >> 2.
const QQ4: usize = memory.data<i32>([
  0, -2557, -1612, -1121, -786, -530, -323, -150, 2557, 1612, 1121, 786, 530, 323, 150, 0,
]);
// Lower-band log scale factor increments W_L, indexed by code >> 2 (via RIL -> IL4 mapping).
const WL: usize = memory.data<i32>([
  -60, 3042, 1198, 538, 334, 172, 58, -30, 3042, 1198, 538, 334, 172, 58, -30, -60,
]);
// 2-bit higher sub-band levels (INVQAH) and log scale factor increments W_H.
const QQ2: usize = memory.data<i32>([-926, -202, 926, 202]);
const WH: usize = memory.data<i32>([798, -214, 798, -214]);
// 2^(i/32) * 2048: the antilog table of SCALEL/SCALEH.
const ILB: usize = memory.data<i32>([
  2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
  2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008,
]);
// Receive QMF coefficients h0..h11 (the 24-tap filter is symmetric): 3, -11, 12, 32, -210,
// 951, 3876, -805, 362, -156, 53, -11, written out in g722Decode.

@inline function tab(t: usize, i: i32): i32 { return load<i32>(t + (<usize>i << 2)); }
@inline function clamp(x: i32, lo: i32, hi: i32): i32 { return x < lo ? lo : x > hi ? hi : x; }
@inline function sat16(x: i32): i32 { return x < -32768 ? -32768 : x > 32767 ? 32767 : x; }

/** SCALEL/SCALEH: log-domain factor (already offset by the band's bias) to linear. */
@inline function antilog(nabla: i32): i32 {
  const m = tab(ILB, (nabla >> 6) & 31);
  const e = nabla >> 11;
  return e < 0 ? m >> -e : m << e;
}

/** UPZERO for tap at byte offset `o` when d != 0: leak, then step by sgn(d)*sgn(d_i). */
@inline function upzero(b: usize, o: usize, d: i32): void {
  const step = (load<i32>(b + o, B_D) ^ d) < 0 ? -128 : 128;
  store<i32>(b + o, ((load<i32>(b + o, B_B) * 255) >> 8) + step, B_B);
}
/** UPZERO for tap at byte offset `o` when d == 0: leak only. */
@inline function leak(b: usize, o: usize): void {
  store<i32>(b + o, (load<i32>(b + o, B_B) * 255) >> 8, B_B);
}
/** One FILTEZ term b_i * d_i. */
@inline function zeroTerm(b: usize, o: usize): i32 {
  return (load<i32>(b + o, B_B) * load<i32>(b + o, B_D)) >> 15;
}

/**
 * Predictor update for one sub-band from its quantized difference `d` (UPPOL2, UPPOL1,
 * UPZERO, DELAYA, FILTEZ, RECONS, FILTEP, PREDIC). Leaves the new signal estimate in B_SP.
 */
@inline function adapt(b: usize, d: i32): void {
  // Partial reconstruction p = d + s_z; only its sign drives the pole adaptation.
  const p = (load<i32>(b, B_SZ) + d) < 0 ? 1 : 0;
  const sg1 = p != load<i32>(b, B_P1) ? 1 : -1;
  const sg2 = p == load<i32>(b, B_P2) ? 1 : -1;
  store<i32>(b, load<i32>(b, B_P1), B_P2);
  store<i32>(b, p, B_P1);

  const a1 = load<i32>(b, B_A1);
  let a2 = load<i32>(b, B_A2);
  a2 = clamp(((sg1 * clamp(a1, -8191, 8191)) >> 5) + (sg2 << 7) + ((a2 * 127) >> 7), -12288, 12288);
  const lim = 15360 - a2;
  const na1 = clamp(-192 * sg1 + ((a1 * 255) >> 8), -lim, lim);
  store<i32>(b, a2, B_A2);
  store<i32>(b, na1, B_A1);

  // Zero section: leak every b_i, then step it towards agreement of sgn(d) and sgn(d_i).
  // Unrolled: the six taps are fixed, and this runs twice per input byte.
  if (d != 0) {
    upzero(b, 0, d); upzero(b, 4, d); upzero(b, 8, d); upzero(b, 12, d); upzero(b, 16, d); upzero(b, 20, d);
  } else {
    leak(b, 0); leak(b, 4); leak(b, 8); leak(b, 12); leak(b, 16); leak(b, 20);
  }
  store<i32>(b, load<i32>(b, B_D + 16), B_D + 20);
  store<i32>(b, load<i32>(b, B_D + 12), B_D + 16);
  store<i32>(b, load<i32>(b, B_D + 8), B_D + 12);
  store<i32>(b, load<i32>(b, B_D + 4), B_D + 8);
  store<i32>(b, load<i32>(b, B_D), B_D + 4);
  store<i32>(b, sat16(d << 1), B_D);
  const sz = zeroTerm(b, 0) + zeroTerm(b, 4) + zeroTerm(b, 8) + zeroTerm(b, 12) + zeroTerm(b, 16) + zeroTerm(b, 20);
  store<i32>(b, sz, B_SZ);

  // Reconstructed signal r = s + d feeds the two-pole section.
  const r = sat16((load<i32>(b, B_SP) + d) << 1);
  const sp = sat16(sz + ((na1 * r) >> 15) + ((a2 * load<i32>(b, B_R1)) >> 15));
  store<i32>(b, r, B_R1);
  store<i32>(b, sp, B_SP);
}

/** Resets a decoder state to the Recommendation's initial values. */
export function g722Init(state: usize): void {
  memory.fill(state, 0, <usize>G722_STATE_BYTES);
  store<i32>(state + LOW, 8, B_DET);
  store<i32>(state + HIGH, 2, B_DET);
  store<i32>(state, QMF_HISTORY, Q_POS);
}

/**
 * Decodes `n` bytes of a 64 kbit/s G.722 bitstream at `src` into 2n Int16 LE samples
 * (16 kHz) at `dst`, continuing from `state`. Returns the number of samples written.
 */
export function g722Decode(state: usize, src: usize, n: u32, dst: usize): u32 {
  const lo = state + LOW;
  const hi = state + HIGH;
  const q = state + Q_BUF;
  let pos = load<u32>(state, Q_POS);
  let out = dst;
  for (let k: usize = 0; k < <usize>n; k++) {
    const code = <i32>load<u8>(src + k);
    const il = code & 63;
    const ih = code >> 6;

    // Lower sub-band: 6-bit reconstruction for output, 4-bit (code >> 2) for adaptation.
    const detL = load<i32>(lo, B_DET);
    const rl = clamp(((detL * tab(QQ6, il)) >> 10) + load<i32>(lo, B_SP), -16384, 16383);
    const il4 = il >> 2;
    adapt(lo, (detL * tab(QQ4, il4)) >> 10);
    const nbl = clamp(((load<i32>(lo, B_NABLA) * 127) >> 7) + tab(WL, il4), 0, 18432);
    store<i32>(lo, nbl, B_NABLA);
    store<i32>(lo, antilog(nbl - (8 << 11)), B_DET);

    // Higher sub-band: 2-bit code, same predictor structure.
    const dh = (load<i32>(hi, B_DET) * tab(QQ2, ih)) >> 10;
    const rh = clamp(dh + load<i32>(hi, B_SP), -16384, 16383);
    adapt(hi, dh);
    const nbh = clamp(((load<i32>(hi, B_NABLA) * 127) >> 7) + tab(WH, ih), 0, 22528);
    store<i32>(hi, nbh, B_NABLA);
    store<i32>(hi, antilog(nbh - (10 << 11)), B_DET);

    // Receive QMF: two output samples from the last 12 sums and 12 differences.
    if (pos >= QMF_HISTORY + QMF_BLOCK) {
      memory.copy(q, q + (<usize>(pos - QMF_HISTORY) << 2), <usize>QMF_HISTORY << 2);
      pos = QMF_HISTORY;
    }
    const w = q + (<usize>pos << 2);
    store<i32>(w, rl + rh);
    store<i32>(w, rl - rh, 4);
    pos += 2;
    const x = w - 88; // oldest of the 24 samples in the window
    // Coefficients h0..h11 on the even (sum) taps, h11..h0 on the odd (difference) taps.
    const even = load<i32>(x) * 3 + load<i32>(x, 8) * -11 + load<i32>(x, 16) * 12 + load<i32>(x, 24) * 32 +
      load<i32>(x, 32) * -210 + load<i32>(x, 40) * 951 + load<i32>(x, 48) * 3876 + load<i32>(x, 56) * -805 +
      load<i32>(x, 64) * 362 + load<i32>(x, 72) * -156 + load<i32>(x, 80) * 53 + load<i32>(x, 88) * -11;
    const odd = load<i32>(x, 4) * -11 + load<i32>(x, 12) * 53 + load<i32>(x, 20) * -156 + load<i32>(x, 28) * 362 +
      load<i32>(x, 36) * -805 + load<i32>(x, 44) * 3876 + load<i32>(x, 52) * 951 + load<i32>(x, 60) * -210 +
      load<i32>(x, 68) * 32 + load<i32>(x, 76) * 12 + load<i32>(x, 84) * -11 + load<i32>(x, 92) * 3;
    store<i16>(out, <i16>sat16(odd >> 11));
    store<i16>(out, <i16>sat16(even >> 11), 2);
    out += 4;
  }
  store<u32>(state, pos, Q_POS);
  return n << 1;
}
