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
// 951, 3876, -805, 362, -156, 53, -11. The delay line alternates sum, difference; each
// vector covers two such pairs: h_j and h_(11-j) for pair j, then for pair j + 1.
const QMF_H0 = i32x4(3, -11, -11, 53);
const QMF_H1 = i32x4(12, -156, 32, 362);
const QMF_H2 = i32x4(-210, -805, 951, 3876);
const QMF_H3 = i32x4(3876, 951, -805, -210);
const QMF_H4 = i32x4(362, 32, -156, 12);
const QMF_H5 = i32x4(53, -11, -11, 3);

@inline function tab(t: usize, i: i32): i32 { return load<i32>(t + (<usize>i << 2)); }
@inline function clamp(x: i32, lo: i32, hi: i32): i32 { return x < lo ? lo : x > hi ? hi : x; }
@inline function sat16(x: i32): i32 { return x < -32768 ? -32768 : x > 32767 ? 32767 : x; }

/** SCALEL/SCALEH: log-domain factor (already offset by the band's bias) to linear. */
@inline function antilog(nabla: i32): i32 {
  const m = tab(ILB, (nabla >> 6) & 31);
  const e = nabla >> 11;
  return e < 0 ? m >> -e : m << e;
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
 * The state is held in locals for the whole buffer (loaded once, stored once): kept in
 * memory it cost a load and a store per field and byte.
 */
export function g722Decode(state: usize, src: usize, n: u32, dst: usize): u32 {
  const lo = state + LOW;
  const hi = state + HIGH;
  const q = state + Q_BUF;
  let lsp = load<i32>(lo, B_SP);
  let lsz = load<i32>(lo, B_SZ);
  let lp1 = load<i32>(lo, B_P1);
  let lp2 = load<i32>(lo, B_P2);
  let lr1 = load<i32>(lo, B_R1);
  let la1 = load<i32>(lo, B_A1);
  let la2 = load<i32>(lo, B_A2);
  let ld0 = load<i32>(lo, B_D + 0);
  let ld1 = load<i32>(lo, B_D + 4);
  let ld2 = load<i32>(lo, B_D + 8);
  let ld3 = load<i32>(lo, B_D + 12);
  let ld4 = load<i32>(lo, B_D + 16);
  let ld5 = load<i32>(lo, B_D + 20);
  let lb0 = load<i32>(lo, B_B + 0);
  let lb1 = load<i32>(lo, B_B + 4);
  let lb2 = load<i32>(lo, B_B + 8);
  let lb3 = load<i32>(lo, B_B + 12);
  let lb4 = load<i32>(lo, B_B + 16);
  let lb5 = load<i32>(lo, B_B + 20);
  let lnabla = load<i32>(lo, B_NABLA);
  let ldet = load<i32>(lo, B_DET);
  let hsp = load<i32>(hi, B_SP);
  let hsz = load<i32>(hi, B_SZ);
  let hp1 = load<i32>(hi, B_P1);
  let hp2 = load<i32>(hi, B_P2);
  let hr1 = load<i32>(hi, B_R1);
  let ha1 = load<i32>(hi, B_A1);
  let ha2 = load<i32>(hi, B_A2);
  let hd0 = load<i32>(hi, B_D + 0);
  let hd1 = load<i32>(hi, B_D + 4);
  let hd2 = load<i32>(hi, B_D + 8);
  let hd3 = load<i32>(hi, B_D + 12);
  let hd4 = load<i32>(hi, B_D + 16);
  let hd5 = load<i32>(hi, B_D + 20);
  let hb0 = load<i32>(hi, B_B + 0);
  let hb1 = load<i32>(hi, B_B + 4);
  let hb2 = load<i32>(hi, B_B + 8);
  let hb3 = load<i32>(hi, B_B + 12);
  let hb4 = load<i32>(hi, B_B + 16);
  let hb5 = load<i32>(hi, B_B + 20);
  let hnabla = load<i32>(hi, B_NABLA);
  let hdet = load<i32>(hi, B_DET);
  let pos = load<u32>(state, Q_POS);
  let out = dst;
  for (let k: usize = 0; k < <usize>n; k++) {
    const code = <i32>load<u8>(src + k);
    const il = code & 63;
    const ih = code >> 6;

    // Lower sub-band: 6-bit reconstruction for output, 4-bit (code >> 2) for adaptation.
    const rl = clamp(((ldet * tab(QQ6, il)) >> 10) + lsp, -16384, 16383);
    const il4 = il >> 2;
    const dl = (ldet * tab(QQ4, il4)) >> 10;
    { // UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEZ, RECONS, FILTEP, PREDIC
      const p = (lsz + dl) < 0 ? 1 : 0;
      const sg1 = p != lp1 ? 1 : -1;
      const sg2 = p == lp2 ? 1 : -1;
      lp2 = lp1; lp1 = p;
      const a2 = clamp(((sg1 * clamp(la1, -8191, 8191)) >> 5) + (sg2 << 7) + ((la2 * 127) >> 7), -12288, 12288);
      const lim = 15360 - a2;
      const a1 = clamp(-192 * sg1 + ((la1 * 255) >> 8), -lim, lim);
      la2 = a2; la1 = a1;
      if (dl != 0) {
        lb0 = ((lb0 * 255) >> 8) + ((ld0 ^ dl) < 0 ? -128 : 128);
        lb1 = ((lb1 * 255) >> 8) + ((ld1 ^ dl) < 0 ? -128 : 128);
        lb2 = ((lb2 * 255) >> 8) + ((ld2 ^ dl) < 0 ? -128 : 128);
        lb3 = ((lb3 * 255) >> 8) + ((ld3 ^ dl) < 0 ? -128 : 128);
        lb4 = ((lb4 * 255) >> 8) + ((ld4 ^ dl) < 0 ? -128 : 128);
        lb5 = ((lb5 * 255) >> 8) + ((ld5 ^ dl) < 0 ? -128 : 128);
      } else {
        lb0 = (lb0 * 255) >> 8;
        lb1 = (lb1 * 255) >> 8;
        lb2 = (lb2 * 255) >> 8;
        lb3 = (lb3 * 255) >> 8;
        lb4 = (lb4 * 255) >> 8;
        lb5 = (lb5 * 255) >> 8;
      }
      ld5 = ld4; ld4 = ld3; ld3 = ld2; ld2 = ld1; ld1 = ld0; ld0 = sat16(dl << 1);
      lsz = ((lb0 * ld0) >> 15) + ((lb1 * ld1) >> 15) + ((lb2 * ld2) >> 15) + ((lb3 * ld3) >> 15) + ((lb4 * ld4) >> 15) + ((lb5 * ld5) >> 15);
      const r = sat16((lsp + dl) << 1);
      lsp = sat16(lsz + ((a1 * r) >> 15) + ((a2 * lr1) >> 15));
      lr1 = r;
    }
    lnabla = clamp(((lnabla * 127) >> 7) + tab(WL, il4), 0, 18432);
    ldet = antilog(lnabla - (8 << 11));

    // Higher sub-band: 2-bit code, same predictor structure.
    const dh = (hdet * tab(QQ2, ih)) >> 10;
    const rh = clamp(dh + hsp, -16384, 16383);
    { // UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEZ, RECONS, FILTEP, PREDIC
      const p = (hsz + dh) < 0 ? 1 : 0;
      const sg1 = p != hp1 ? 1 : -1;
      const sg2 = p == hp2 ? 1 : -1;
      hp2 = hp1; hp1 = p;
      const a2 = clamp(((sg1 * clamp(ha1, -8191, 8191)) >> 5) + (sg2 << 7) + ((ha2 * 127) >> 7), -12288, 12288);
      const lim = 15360 - a2;
      const a1 = clamp(-192 * sg1 + ((ha1 * 255) >> 8), -lim, lim);
      ha2 = a2; ha1 = a1;
      if (dh != 0) {
        hb0 = ((hb0 * 255) >> 8) + ((hd0 ^ dh) < 0 ? -128 : 128);
        hb1 = ((hb1 * 255) >> 8) + ((hd1 ^ dh) < 0 ? -128 : 128);
        hb2 = ((hb2 * 255) >> 8) + ((hd2 ^ dh) < 0 ? -128 : 128);
        hb3 = ((hb3 * 255) >> 8) + ((hd3 ^ dh) < 0 ? -128 : 128);
        hb4 = ((hb4 * 255) >> 8) + ((hd4 ^ dh) < 0 ? -128 : 128);
        hb5 = ((hb5 * 255) >> 8) + ((hd5 ^ dh) < 0 ? -128 : 128);
      } else {
        hb0 = (hb0 * 255) >> 8;
        hb1 = (hb1 * 255) >> 8;
        hb2 = (hb2 * 255) >> 8;
        hb3 = (hb3 * 255) >> 8;
        hb4 = (hb4 * 255) >> 8;
        hb5 = (hb5 * 255) >> 8;
      }
      hd5 = hd4; hd4 = hd3; hd3 = hd2; hd2 = hd1; hd1 = hd0; hd0 = sat16(dh << 1);
      hsz = ((hb0 * hd0) >> 15) + ((hb1 * hd1) >> 15) + ((hb2 * hd2) >> 15) + ((hb3 * hd3) >> 15) + ((hb4 * hd4) >> 15) + ((hb5 * hd5) >> 15);
      const r = sat16((hsp + dh) << 1);
      hsp = sat16(hsz + ((a1 * r) >> 15) + ((a2 * hr1) >> 15));
      hr1 = r;
    }
    hnabla = clamp(((hnabla * 127) >> 7) + tab(WH, ih), 0, 22528);
    hdet = antilog(hnabla - (10 << 11));

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
    // Sums (even lanes) take h0..h11, differences (odd lanes) h11..h0: six 4-lane products,
    // then the even and the odd lanes added up (i32 wrap-around as in the scalar sum).
    let acc = i32x4.mul(v128.load(x), QMF_H0);
    acc = i32x4.add(acc, i32x4.mul(v128.load(x, 16), QMF_H1));
    acc = i32x4.add(acc, i32x4.mul(v128.load(x, 32), QMF_H2));
    acc = i32x4.add(acc, i32x4.mul(v128.load(x, 48), QMF_H3));
    acc = i32x4.add(acc, i32x4.mul(v128.load(x, 64), QMF_H4));
    acc = i32x4.add(acc, i32x4.mul(v128.load(x, 80), QMF_H5));
    const even = i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 2);
    const odd = i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 3);
    store<i16>(out, <i16>sat16(odd >> 11));
    store<i16>(out, <i16>sat16(even >> 11), 2);
    out += 4;
  }
  store<i32>(lo, lsp, B_SP);
  store<i32>(lo, lsz, B_SZ);
  store<i32>(lo, lp1, B_P1);
  store<i32>(lo, lp2, B_P2);
  store<i32>(lo, lr1, B_R1);
  store<i32>(lo, la1, B_A1);
  store<i32>(lo, la2, B_A2);
  store<i32>(lo, ld0, B_D + 0);
  store<i32>(lo, ld1, B_D + 4);
  store<i32>(lo, ld2, B_D + 8);
  store<i32>(lo, ld3, B_D + 12);
  store<i32>(lo, ld4, B_D + 16);
  store<i32>(lo, ld5, B_D + 20);
  store<i32>(lo, lb0, B_B + 0);
  store<i32>(lo, lb1, B_B + 4);
  store<i32>(lo, lb2, B_B + 8);
  store<i32>(lo, lb3, B_B + 12);
  store<i32>(lo, lb4, B_B + 16);
  store<i32>(lo, lb5, B_B + 20);
  store<i32>(lo, lnabla, B_NABLA);
  store<i32>(lo, ldet, B_DET);
  store<i32>(hi, hsp, B_SP);
  store<i32>(hi, hsz, B_SZ);
  store<i32>(hi, hp1, B_P1);
  store<i32>(hi, hp2, B_P2);
  store<i32>(hi, hr1, B_R1);
  store<i32>(hi, ha1, B_A1);
  store<i32>(hi, ha2, B_A2);
  store<i32>(hi, hd0, B_D + 0);
  store<i32>(hi, hd1, B_D + 4);
  store<i32>(hi, hd2, B_D + 8);
  store<i32>(hi, hd3, B_D + 12);
  store<i32>(hi, hd4, B_D + 16);
  store<i32>(hi, hd5, B_D + 20);
  store<i32>(hi, hb0, B_B + 0);
  store<i32>(hi, hb1, B_B + 4);
  store<i32>(hi, hb2, B_B + 8);
  store<i32>(hi, hb3, B_B + 12);
  store<i32>(hi, hb4, B_B + 16);
  store<i32>(hi, hb5, B_B + 20);
  store<i32>(hi, hnabla, B_NABLA);
  store<i32>(hi, hdet, B_DET);
  store<u32>(state, pos, Q_POS);
  return n << 1;
}
