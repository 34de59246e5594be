// Integer-factor upsampling (x2, x3, x6: 8->16, 16->48, 8->48 kHz) by a polyphase FIR.
// Prototype: sinc with cutoff at the input Nyquist frequency, Kaiser window (beta 7.5),
// 2*HALF*L+1 taps. Design response (double precision): passband flat to 0.45*fs_in within
// 0.002 dB, everything from 0.55*fs_in down by >= 75 dB; measured through the core, a tone
// at 0.45*fs_in leaves its nearest image about 80 dB down. Each phase has unit DC gain.
// Because the sinc's zeros fall on input samples, phase 0 is the input itself delayed by
// HALF samples: original samples pass through bit-exactly.
// Output lags input by HALF input samples (resampleDelay() output frames); resampleFlush()
// releases the tail. State lives in caller memory so every stream keeps its own history.

/** Half length of the prototype in input samples; each phase has 2*HALF taps. */
const HALF: i32 = 24;
const TAPS: i32 = 2 * HALF;
const BETA: f64 = 7.5;
/** Input samples converted per inner block. */
const BLOCK: i32 = 256;

// ---- state layout --------------------------------------------------------------------
const ST_FACTOR: usize = 0; // i32: 1, 2, 3, 6, or 0 after an unsupported factor
const ST_BUF: usize = 16; // f32[TAPS + BLOCK]: the last TAPS inputs, then the current block

/** Bytes of caller memory one resampler state needs. */
export const RESAMPLE_STATE_BYTES: i32 = <i32>ST_BUF + (TAPS + BLOCK) * 4;

// Coefficient tables per factor: (L-1) phases x TAPS f32, each phase stored oldest-first
// so it lines up with the input window in memory.
const COEF2: usize = memory.data(1 * TAPS * 4, 16);
const COEF3: usize = memory.data(2 * TAPS * 4, 16);
const COEF6: usize = memory.data(5 * TAPS * 4, 16);
/** HALF samples of silence (never written): the input resampleFlush() feeds. */
const ZEROS: usize = memory.data(HALF * 2, 16);
let built: i32 = 0; // bit L set once the table for factor L exists

/** Zeroth-order modified Bessel function of the first kind (power series). */
function besselI0(x: f64): f64 {
  let sum = 1.0;
  let term = 1.0;
  const q = x * x / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (<f64>k * <f64>k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function coefTable(factor: i32): usize {
  return factor == 2 ? COEF2 : factor == 3 ? COEF3 : COEF6;
}

function buildTable(factor: i32): void {
  const t = coefTable(factor);
  const center = <f64>(HALF * factor);
  const norm = 1.0 / besselI0(BETA);
  for (let p = 1; p < factor; p++) {
    const row = t + <usize>((p - 1) * TAPS * 4);
    let sum = 0.0;
    // Tap i multiplies x[j - i]; h[i*L + p] of the prototype.
    for (let i = 0; i < TAPS; i++) {
      const n = <f64>(i * factor + p) - center;
      const x = n / <f64>factor;
      const sinc = Math.sin(Math.PI * x) / (Math.PI * x);
      const r = n / center;
      const w = besselI0(BETA * Math.sqrt(Math.max(0.0, 1.0 - r * r))) * norm;
      const h = sinc * w;
      sum += h;
      store<f32>(row + <usize>((TAPS - 1 - i) * 4), <f32>h);
    }
    const g = <f32>(1.0 / sum);
    for (let i = 0; i < TAPS; i++) {
      const a = row + <usize>(i * 4);
      store<f32>(a, load<f32>(a) * g);
    }
  }
  built |= 1 << factor;
}

/** Output frames by which the output lags the input for `factor` (0 if unsupported). */
export function resampleDelay(factor: i32): i32 {
  return factor == 2 || factor == 3 || factor == 6 ? HALF * factor : 0;
}

/**
 * Prepares `state` for upsampling by `factor` (1 = plain copy, 2, 3 or 6) from silence.
 * Any other factor leaves a state whose resampleRun() writes nothing.
 */
export function resampleInit(state: usize, factor: i32): void {
  memory.fill(state, 0, <usize>RESAMPLE_STATE_BYTES);
  const ok = factor == 1 || factor == 2 || factor == 3 || factor == 6;
  store<i32>(state, ok ? factor : 0, ST_FACTOR);
  if (ok && factor > 1 && (built & (1 << factor)) == 0) buildTable(factor);
}

@inline function toI16(v: f32): i16 {
  const r = nearest<f32>(v);
  return <i16>(<i32>(r < -32768.0 ? -32768.0 : r > 32767.0 ? 32767.0 : r));
}

/**
 * Upsamples `n` Int16 samples at `src` into n*factor Int16 samples at `dst`, continuing
 * the signal of earlier calls (splitting the input anywhere gives the same output).
 * Returns the number of samples written.
 */
export function resampleRun(state: usize, src: usize, n: u32, dst: usize): u32 {
  const factor = load<i32>(state, ST_FACTOR);
  if (factor == 1) {
    memory.copy(dst, src, <usize>n << 1);
    return n;
  }
  if (factor == 0) return 0;
  const buf = state + ST_BUF;
  const coef = coefTable(factor);
  const rowBytes = <usize>(TAPS * 4);
  let out = dst;
  let done: u32 = 0;
  while (done < n) {
    const c = <i32>min<u32>(n - done, <u32>BLOCK);
    const s = src + (<usize>done << 1);
    for (let b = 0; b < c; b++) {
      store<f32>(buf + <usize>((TAPS + b) * 4), <f32>load<i16>(s + (<usize>b << 1)));
    }
    for (let b = 0; b < c; b++) {
      // Window of the TAPS most recent inputs ending with input b of this block.
      const win = buf + <usize>((b + 1) * 4);
      // Phase 0: the input HALF samples back, exactly.
      store<i16>(out, <i16>load<f32>(win + <usize>((TAPS - 1 - HALF) * 4)));
      out += 2;
      let row = coef;
      for (let p = 1; p < factor; p++) {
        let a0: f32 = 0, a1: f32 = 0, a2: f32 = 0, a3: f32 = 0;
        for (let t: usize = 0; t < <usize>(TAPS * 4); t += 16) {
          a0 += load<f32>(win + t) * load<f32>(row + t);
          a1 += load<f32>(win + t, 4) * load<f32>(row + t, 4);
          a2 += load<f32>(win + t, 8) * load<f32>(row + t, 8);
          a3 += load<f32>(win + t, 12) * load<f32>(row + t, 12);
        }
        store<i16>(out, toI16((a0 + a1) + (a2 + a3)));
        out += 2;
        row += rowBytes;
      }
    }
    // Keep the last TAPS inputs as history for the next block.
    memory.copy(buf, buf + <usize>(c * 4), <usize>(TAPS * 4));
    done += <u32>c;
  }
  return n * <u32>factor;
}

/**
 * Releases the delayed tail at the end of a stream (or before a gap): runs HALF samples of
 * silence through the filter, writing resampleDelay(factor) samples to `dst`. Returns the
 * number written (0 for factor 1, which has no delay).
 */
export function resampleFlush(state: usize, dst: usize): u32 {
  const factor = load<i32>(state, ST_FACTOR);
  if (factor <= 1) return 0;
  return resampleRun(state, ZEROS, <u32>HALF, dst);
}
