// Frame-level G.729A / Annex B decoder: speech frames, frame erasures and comfort-noise
// frames (SID or untransmitted) share the excitation history, LSP memory and post-filter,
// so every call produces exactly 80 samples that continue the previous ones.
import { add, mult, shl, overflow, clearOverflow } from "./basicop";
import { unpackSpeech, parityError, prm, unpackSid, sidMode, sidL1, sidL2, sidGain } from "./bits";
import { decodeLsf, concealLsf, decodeSidLsf, lsfToLsp, interpolateAz } from "./lsp";
import {
  decodeLag, lagT0, lagFrac, predLt3, decodeAcelp, decodeGains, concealGains, random16,
} from "./excitation";
import { synFilt } from "./filters";
import { postFilter, postProcess } from "./postfilter";
import { randomExcitation, updateNoiseGain, saveSpeechEnergy } from "./cng";
import {
  M, L_FRAME, L_SUBFR, PIT_MAX, EXC_HIST, SHARPMIN, SHARPMAX, S_OLD_EXC, S_LSP_OLD, S_LSP_SID,
  S_MEM_SYN, S_SYN, S_SHARP, S_OLD_T0, S_GAIN_PIT, S_GAIN_CODE, S_SEED_FER, S_SEED, S_PAST_FTYP,
  S_SID_PENDING, S_SID_PRM, st32, put32,
} from "./state";
import { copy64, copyDown, zero } from "./mem";

export { G729_STATE_BYTES, g729Init } from "./state";

@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }
@inline function seta(p: usize, i: i32, v: i32): void { store<i16>(p + (<usize>i << 1), v); }

const AZ: usize = memory.data(22 * 2); // LP coefficients of both subframes
const LSF: usize = memory.data(M * 2);
const LSP_NEW: usize = memory.data(M * 2);
const CODE: usize = memory.data(L_SUBFR * 2);
const EXC_WORDS: i32 = EXC_HIST + L_FRAME;

let t2a: i32 = 0;
let t2b: i32 = 0;

/** Synthesis of one subframe; on saturation the whole excitation buffer is scaled by 1/4 and it is redone. */
function synthesize(s: usize, sub: i32): void {
  const a = AZ + <usize>(sub * 22);
  const exc = s + S_OLD_EXC + <usize>((EXC_HIST + sub * L_SUBFR) * 2);
  const syn = s + S_SYN + <usize>((M + sub * L_SUBFR) * 2);
  clearOverflow();
  synFilt(a, exc, syn, L_SUBFR, s + S_MEM_SYN, false);
  if (overflow != 0) {
    const base = s + S_OLD_EXC;
    for (let i = 0; i < EXC_WORDS; i++) seta(base, i, a16(base, i) >> 2);
    synFilt(a, exc, syn, L_SUBFR, s + S_MEM_SYN, true);
  } else {
    copy64(s + S_MEM_SYN, syn + <usize>((L_SUBFR - M) * 2), <usize>(M * 2));
  }
}

/** Speech frame from PRM (bfi = 1: conceal it from the previous frame's parameters). */
function speech(s: usize, bfi: i32, badParity: i32): void {
  put32(s, S_SEED, 11111);
  if (bfi == 0) decodeLsf(s, prm(0), prm(1), LSF);
  else concealLsf(s, LSF);
  lsfToLsp(LSF, LSP_NEW);
  interpolateAz(s + S_LSP_OLD, LSP_NEW, AZ);
  copy64(s + S_LSP_OLD, LSP_NEW, <usize>(M * 2));

  let t0 = 0, frac = 0;
  for (let sub = 0; sub < 2; sub++) {
    const bad = sub == 0 ? (bfi | badParity) : bfi;
    if (bad == 0) {
      decodeLag(sub == 0 ? prm(2) : prm(7), sub == 0, t0);
      t0 = lagT0; frac = lagFrac;
      put32(s, S_OLD_T0, t0);
    } else {
      t0 = st32(s, S_OLD_T0); frac = 0;
      put32(s, S_OLD_T0, t0 + 1 > PIT_MAX ? PIT_MAX : t0 + 1);
    }
    if (sub == 0) t2a = t0; else t2b = t0;
    const exc = s + S_OLD_EXC + <usize>((EXC_HIST + sub * L_SUBFR) * 2);
    predLt3(exc, t0, frac, L_SUBFR);

    let index: i32, sign: i32;
    if (bfi != 0) {
      index = random16(s + S_SEED_FER) & 0x1fff;
      sign = random16(s + S_SEED_FER) & 15;
    } else {
      index = sub == 0 ? prm(4) : prm(8);
      sign = sub == 0 ? prm(5) : prm(9);
    }
    decodeAcelp(sign, index, CODE);
    // Pitch sharpening of the code vector for lags shorter than the subframe.
    const j = shl(st32(s, S_SHARP), 1);
    for (let i = t0; i < L_SUBFR; i++) seta(CODE, i, add(a16(CODE, i), mult(a16(CODE, i - t0), j)));

    if (bfi != 0) concealGains(s);
    else decodeGains(s, sub == 0 ? prm(6) : prm(10), CODE);
    const gp = st32(s, S_GAIN_PIT), gc = st32(s, S_GAIN_CODE);
    put32(s, S_SHARP, gp > SHARPMAX ? SHARPMAX : gp < SHARPMIN ? SHARPMIN : gp);
    // u = gp v + gc c, rounded and saturated once (Q14 x Q0 + Q1 x Q13). Exact in 32 bits:
    // gp <= 22215 (largest codebook sum), so |v gp| + |c gc| + 2^13 < 2^15 * 22215 + 2^30 + 2^13 < 2^31.
    // Eight at a time: (v, c) word pairs against (gp, gc) in one dot product (0 <= gc <= 32767
    // and gp fit in 16 bits), the saturation is the signed narrowing.
    const g = i32x4.splat((gp & 0xffff) | (gc << 16)), r = i32x4.splat(0x2000);
    for (let i = 0; i < L_SUBFR; i += 8) {
      const v = v128.load(exc + (<usize>i << 1)), c = v128.load(CODE + (<usize>i << 1));
      const lo = i32x4.shr_s(i32x4.add(i32x4.dot_i16x8_s(i16x8.shuffle(v, c, 0, 8, 1, 9, 2, 10, 3, 11), g), r), 14);
      const hi = i32x4.shr_s(i32x4.add(i32x4.dot_i16x8_s(i16x8.shuffle(v, c, 4, 12, 5, 13, 6, 14, 7, 15), g), r), 14);
      v128.store(exc + (<usize>i << 1), i16x8.narrow_i32x4_s(lo, hi));
    }
    synthesize(s, sub);
  }
  if (bfi == 0) saveSpeechEnergy(s, s + S_OLD_EXC + <usize>(EXC_HIST * 2));
}

/** Comfort-noise frame: with a pending SID (ftyp 2) its parameters are used first. */
function comfort(s: usize): void {
  let sidIndex = -1;
  if (st32(s, S_SID_PENDING) != 0) {
    const p = st32(s, S_SID_PRM);
    sidIndex = sidGain(p);
    decodeSidLsf(s, sidMode(p), sidL1(p), sidL2(p), LSF);
    lsfToLsp(LSF, s + S_LSP_SID);
    put32(s, S_SID_PENDING, 0);
  }
  const g = updateNoiseGain(s, sidIndex);
  const exc = s + S_OLD_EXC + <usize>(EXC_HIST * 2);
  if (g == 0) zero(exc, <usize>(L_FRAME * 2));
  else randomExcitation(s, g, exc);
  interpolateAz(s + S_LSP_OLD, s + S_LSP_SID, AZ);
  copy64(s + S_LSP_OLD, s + S_LSP_SID, <usize>(M * 2));
  synthesize(s, 0);
  synthesize(s, 1);
  t2a = t2b = st32(s, S_OLD_T0);
  put32(s, S_SHARP, SHARPMIN);
}

/** Common tail: history shift, post-filter, high-pass, output. */
function finish(s: usize, ftyp: i32, dst: usize): void {
  put32(s, S_PAST_FTYP, ftyp);
  postFilter(s, AZ, t2a, t2b);
  postProcess(s, s + S_SYN + <usize>(M * 2), dst);
  copyDown(s + S_OLD_EXC, s + S_OLD_EXC + <usize>(L_FRAME * 2), <usize>(EXC_HIST * 2));
}

/** Decodes one 10-byte speech frame at `src` into 80 Int16 samples at `dst`. */
export function g729DecodeFrame(s: usize, src: usize, dst: usize): void {
  unpackSpeech(src);
  speech(s, 0, parityError(prm(2), prm(3)));
  finish(s, 1, dst);
}

/**
 * Takes an Annex B SID frame (`len` >= 2 bytes; only the first 2 carry parameters) for the
 * next g729Comfort call. Returns 0, or -1 when the frame is too short (it is then ignored
 * and comfort noise continues from the previous parameters).
 */
export function g729DecodeSid(s: usize, src: usize, len: i32): i32 {
  if (len < 2) return -1;
  put32(s, S_SID_PRM, unpackSid(src));
  put32(s, S_SID_PENDING, 1);
  return 0;
}

/** 80 samples of comfort noise: the frame of a pending SID, or an untransmitted (DTX) frame. */
export function g729Comfort(s: usize, dst: usize): void {
  const ftyp = st32(s, S_SID_PENDING) != 0 ? 2 : 0;
  comfort(s);
  finish(s, ftyp, dst);
}

/** A lost frame: speech concealment after speech, continued comfort noise after noise. */
export function g729Erasure(s: usize, dst: usize): void {
  if (st32(s, S_PAST_FTYP) == 1) {
    speech(s, 1, 1);
    finish(s, 1, dst);
  } else {
    put32(s, S_SID_PENDING, 0);
    comfort(s);
    finish(s, 0, dst);
  }
}

/**
 * 10 ms frames an RTP G.729 payload of `len` bytes carries (RFC 3551: zero or more 10-byte
 * frames, then at most one 2-byte Annex B SID). Other tails are malformed and carry none.
 */
export function g729PayloadFrames(len: i32): i32 {
  if (len <= 0) return 0;
  return len / 10 + (len % 10 == 2 ? 1 : 0);
}

/** 1 when `len` is a well-formed G.729 payload length (N x 10 bytes, optionally + 2). */
export function g729PayloadValid(len: i32): i32 {
  return len > 0 && (len % 10 == 0 || len % 10 == 2) ? 1 : 0;
}

/**
 * Decodes a whole RTP payload at `src` (`len` bytes) into 80 samples per frame at `dst`;
 * returns the samples written (80 x g729PayloadFrames(len)). A malformed tail is skipped.
 */
export function g729DecodePayload(s: usize, src: usize, len: i32, dst: usize): i32 {
  let n = 0;
  let p = 0;
  while (len - p >= 10) {
    g729DecodeFrame(s, src + <usize>p, dst + (<usize>n << 1));
    p += 10;
    n += 80;
  }
  if (len - p == 2) {
    g729DecodeSid(s, src + <usize>p, 2);
    g729Comfort(s, dst + (<usize>n << 1));
    n += 80;
  }
  return n;
}
