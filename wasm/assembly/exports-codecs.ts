// Exports of the codecs part of the core (see wasm/README.md for the ABI): entry points for
// tests, CLI tools and ffmpeg comparisons, plus WAV output. Module-level decoder states
// live in static data so they work before and across reset().
import { decodeUlaw, decodeAlaw } from "./g711";
import { G722_STATE_BYTES, g722Init, g722Decode } from "./g722";
import { RESAMPLE_STATE_BYTES, resampleInit, resampleRun, resampleFlush, resampleDelay } from "./resample";
import { opusPacketSamples48k } from "./opus-toc";
import { outBase, OUT_CAP_FRAMES } from "./arena";

export { interleave, wavHeader, wavHeaderLen } from "./wav";

/**
 * Planar Int16 buffer of channel `ch` that interleave() reads (the same place render()
 * writes): lets tests and tools feed interleave() without a capture.
 */
export function interleaveSource(ch: i32): usize {
  return outBase == 0 ? 0 : outBase + (ch == 0 ? 0 : <usize>OUT_CAP_FRAMES << 1);
}

const g722State: usize = memory.data(G722_STATE_BYTES, 16);
let g722Ready = false;
const resampleState: usize = memory.data(RESAMPLE_STATE_BYTES, 16);

/** Decodes `n` G.711 bytes at `src` to Int16 LE at `dst`: law 0 µ-law, 1 A-law (others: nothing written). */
export function g711Decode(law: i32, src: usize, n: u32, dst: usize): void {
  if (law == 0) decodeUlaw(src, n, dst);
  else if (law == 1) decodeAlaw(src, n, dst);
}

/** Starts the module-level G.722 decoder from its initial state. */
export function g722Reset(): void {
  g722Init(g722State);
  g722Ready = true;
}

/** Decodes `n` G.722 bytes at `src` into 2n Int16 LE samples at `dst` with the module-level state. */
export function g722DecodeBuffer(src: usize, n: u32, dst: usize): u32 {
  if (!g722Ready) g722Reset();
  return g722Decode(g722State, src, n, dst);
}

/** Samples at 48 kHz of the Opus packet at `ptr`, or -1 when it is malformed. */
export function opusSamples(ptr: usize, len: u32): i32 {
  return opusPacketSamples48k(ptr, len);
}

/** Starts the module-level resampler for `factor` (1, 2, 3, 6); returns its delay in output frames, -1 if unsupported. */
export function resamplerReset(factor: i32): i32 {
  resampleInit(resampleState, factor);
  return factor == 1 ? 0 : resampleDelay(factor) > 0 ? resampleDelay(factor) : -1;
}

/** Upsamples `n` Int16 samples at `src` into `dst` with the module-level resampler; returns samples written. */
export function resamplerRun(src: usize, n: u32, dst: usize): u32 {
  return resampleRun(resampleState, src, n, dst);
}

/** Writes the module-level resampler's delayed tail to `dst`; returns samples written. */
export function resamplerFlush(dst: usize): u32 {
  return resampleFlush(resampleState, dst);
}

/** Waveform peaks: min/max of `n` Int16 at `src`, from 0, packed (min & 0xFFFF) | (max << 16). */
export { minMax16 } from "./peaks";
