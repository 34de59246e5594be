// Layout of one G.729 decoder state in caller memory (byte offsets from the state address)
// and its reset values. Everything a stream needs across frames lives here, so any number
// of streams decode side by side; per-frame scratch lives in module data (scratch.ts).
import { FREQ_PREV_RESET, TAB_SIDGAIN, tab16 } from "./tables";

export const M: i32 = 10; // LP order
export const L_FRAME: i32 = 80;
export const L_SUBFR: i32 = 40;
export const PIT_MIN: i32 = 20;
export const PIT_MAX: i32 = 143;
export const L_INTERPOL: i32 = 11; // interpolation filter half-length + 1
export const EXC_HIST: i32 = PIT_MAX + L_INTERPOL; // past excitation kept before the frame
export const SHARPMIN: i32 = 3277;
export const SHARPMAX: i32 = 13017;

// i16 arrays
export const S_OLD_EXC: usize = 0; // EXC_HIST + L_FRAME words: past excitation, then this frame
export const S_LSP_OLD: usize = S_OLD_EXC + <usize>(EXC_HIST + L_FRAME) * 2; // LSP of the last frame, Q15
export const S_FREQ_PREV: usize = S_LSP_OLD + 20; // 4 past quantizer outputs (LSF, Q13) of the MA predictor
export const S_PREV_LSF: usize = S_FREQ_PREV + 80; // last good LSF, for erasures
export const S_MEM_SYN: usize = S_PREV_LSF + 20; // synthesis filter memory
export const S_PAST_QUA_EN: usize = S_MEM_SYN + 20; // 4 past quantized code-gain energies, Q10
export const S_LSP_SID: usize = S_PAST_QUA_EN + 8; // LSP of the last SID frame
export const S_SYN: usize = S_LSP_SID + 20; // M words of past synthesis, then the frame (input of the post-filter)
export const S_RES2: usize = S_SYN + <usize>(M + L_FRAME) * 2; // PIT_MAX + L_SUBFR words: post-filter residual
export const S_SCAL_RES2: usize = S_RES2 + <usize>(PIT_MAX + L_SUBFR) * 2; // same, scaled by 1/4
export const S_MEM_SYN_PST: usize = S_SCAL_RES2 + <usize>(PIT_MAX + L_SUBFR) * 2; // post-filter synthesis memory
// i32 scalars
const SC: usize = (S_MEM_SYN_PST + 20 + 3) & ~3;
export const S_PREV_MA: usize = SC; // MA predictor mode of the last good frame
export const S_SHARP: usize = SC + 4; // pitch sharpening gain, Q14
export const S_OLD_T0: usize = SC + 8; // last integer pitch lag
export const S_GAIN_PIT: usize = SC + 12; // last pitch gain, Q14
export const S_GAIN_CODE: usize = SC + 16; // last code gain, Q1
export const S_SEED_FER: usize = SC + 20; // random generator for erased frames
export const S_SEED: usize = SC + 24; // random generator of comfort noise
export const S_PAST_FTYP: usize = SC + 28; // type of the last frame: 1 speech, 2 SID, 0 untransmitted
export const S_SID_SAV: usize = SC + 32; // energy of the last speech frame's excitation (mantissa)
export const S_SH_SID_SAV: usize = SC + 36; // ... and its exponent
export const S_SID_GAIN: usize = SC + 40; // target comfort-noise gain of the last SID
export const S_CUR_GAIN: usize = SC + 44; // smoothed comfort-noise gain
export const S_MEM_PRE: usize = SC + 48; // tilt compensation memory
export const S_PAST_GAIN: usize = SC + 52; // adaptive gain control, Q24
export const S_PP_Y2: usize = SC + 56; // post-processing high-pass: y[n-2], y[n-1] (32 bits), x[n-1], x[n-2]
export const S_PP_Y1: usize = SC + 60;
export const S_PP_X0: usize = SC + 64;
export const S_PP_X1: usize = SC + 68;
export const S_SID_PENDING: usize = SC + 72; // 1 when a SID arrived for the next comfort-noise frame
export const S_SID_PRM: usize = SC + 76; // its 15 parameter bits (MA mode, L1, L2, gain)
export const S_END: usize = SC + 80;

/** Bytes of caller memory one G.729 decoder state needs. */
export const G729_STATE_BYTES: i32 = <i32>((S_END + 15) & ~15);

@inline export function st16(s: usize, off: usize, i: i32): i32 { return <i32>load<i16>(s + off + (<usize>i << 1)); }
@inline export function put16(s: usize, off: usize, i: i32, v: i32): void { store<i16>(s + off + (<usize>i << 1), v); }
@inline export function st32(s: usize, off: usize): i32 { return load<i32>(s + off); }
@inline export function put32(s: usize, off: usize, v: i32): void { store<i32>(s + off, v); }

// Initial LSPs of the speech decoder and of the comfort-noise generator (Q15).
const LSP_RESET: usize = memory.data<i16>([30000, 26000, 21000, 15000, 8000, 0, -8000, -15000, -21000, -26000]);
const LSP_SID_RESET: usize = memory.data<i16>([31441, 27566, 21458, 13612, 4663, -4663, -13612, -21458, -27566, -31441]);

/** Puts a decoder state into the Recommendation's initial condition. */
export function g729Init(s: usize): void {
  memory.fill(s, 0, <usize>G729_STATE_BYTES);
  for (let i = 0; i < M; i++) {
    put16(s, S_LSP_OLD, i, tab16(LSP_RESET, i));
    put16(s, S_LSP_SID, i, tab16(LSP_SID_RESET, i));
    put16(s, S_PREV_LSF, i, tab16(FREQ_PREV_RESET, i));
    for (let k = 0; k < 4; k++) put16(s, S_FREQ_PREV, k * M + i, tab16(FREQ_PREV_RESET, i));
  }
  for (let k = 0; k < 4; k++) put16(s, S_PAST_QUA_EN, k, -14336);
  put32(s, S_SHARP, SHARPMIN);
  put32(s, S_OLD_T0, 60);
  put32(s, S_SEED_FER, 21845);
  put32(s, S_SEED, 11111);
  put32(s, S_PAST_FTYP, 1);
  put32(s, S_SH_SID_SAV, 1);
  put32(s, S_SID_GAIN, tab16(TAB_SIDGAIN, 0));
  put32(s, S_PAST_GAIN, 1 << 24);
}
