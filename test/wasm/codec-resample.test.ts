// Polyphase upsampler: accuracy against the analytic sine, image rejection, exact
// pass-through of the original samples, and continuity across arbitrary call splits.
import { beforeAll, describe, expect, it } from 'vitest';
import { rawCore, type CodecExports } from './codec-fixtures/load-core.js';

let x: CodecExports;
beforeAll(async () => { x = await rawCore(); });

const SRC = () => x.scratchPtr();
const DST = () => x.scratchPtr() + (1 << 20);

/** Runs `input` through a fresh resampler in the given pieces; returns output and delay. */
function upsample(factor: number, input: Int16Array, pieces: number[] = [input.length]): { out: Int16Array; delay: number } {
  const delay = x.resamplerReset(factor);
  new Int16Array(x.memory.buffer, SRC(), input.length).set(input);
  let done = 0;
  let written = 0;
  for (const n of pieces) {
    const w = x.resamplerRun(SRC() + 2 * done, n, DST() + 2 * written);
    expect(w).toBe(n * factor);
    done += n;
    written += w;
  }
  expect(done).toBe(input.length);
  return { out: new Int16Array(x.memory.buffer.slice(DST(), DST() + 2 * written)), delay };
}

function sine(n: number, freq: number, rate: number, amp: number, phase = 0.3): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin(2 * Math.PI * freq * i / rate + phase)));
}

/**
 * Amplitude of `y` at `freq` over [from, to): a Hann-windowed single DFT bin, so leakage
 * from a strong tone elsewhere stays far below the levels measured.
 */
function tone(y: ArrayLike<number>, from: number, to: number, freq: number, rate: number): number {
  const w = 2 * Math.PI * freq / rate;
  let re = 0, im = 0, gain = 0;
  for (let i = from; i < to; i++) {
    const h = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i - from) / (to - from));
    gain += h;
    re += h * y[i] * Math.cos(w * i);
    im -= h * y[i] * Math.sin(w * i);
  }
  return Math.hypot(re, im) * 2 / gain;
}

describe('resampler', () => {
  const rates: [number, number][] = [[2, 8000], [3, 16000], [6, 8000]];

  it.each(rates)('x%i from %i Hz: sines up to 0.45 fs stay within -55 dB of the analytic signal', (factor, rate) => {
    for (const rel of [0.02, 0.125, 0.3, 0.45]) {
      const freq = rel * rate;
      const amp = 20000;
      const { out, delay } = upsample(factor, sine(4000, freq, rate, amp));
      expect(delay).toBeGreaterThan(0);
      const outRate = rate * factor;
      let err = 0, sig = 0;
      // Skip the filter's warm-up; compare against the input sine, shifted by the delay.
      for (let m = 2 * delay; m < out.length; m++) {
        const ideal = amp * Math.sin(2 * Math.PI * freq * (m - delay) / outRate + 0.3);
        err += (out[m] - ideal) ** 2;
        sig += ideal ** 2;
      }
      const db = 10 * Math.log10(err / sig);
      expect(db, `${freq} Hz`).toBeLessThan(-55);
      // Frequency: the strongest of f and its neighbours is f itself.
      const at = tone(out, 2 * delay, out.length, freq, outRate);
      expect(at / amp).toBeGreaterThan(0.99);
      expect(tone(out, 2 * delay, out.length, freq * 1.05, outRate) / amp).toBeLessThan(0.05);
    }
  });

  it.each(rates)('x%i from %i Hz: images of tones at 0.4 and 0.45 fs are more than 70 dB down', (factor, rate) => {
    const outRate = rate * factor;
    for (const rel of [0.4, 0.45]) {
      const freq = rel * rate;
      const amp = 30000;
      const { out, delay } = upsample(factor, sine(6000, freq, rate, amp));
      expect(tone(out, 2 * delay, out.length, freq, outRate) / amp).toBeGreaterThan(0.99);
      const images = [rate - freq, rate + freq, 2 * rate - freq].filter((f) => f < outRate / 2);
      for (const f of images) {
        const level = tone(out, 2 * delay, out.length, f, outRate) / amp;
        expect(20 * Math.log10(level), `${f} Hz`).toBeLessThan(-70);
      }
    }
  });

  it.each([2, 3, 6])('x%i: every factor-th output sample is the input, delayed, bit-exact', (factor) => {
    const input = Int16Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const { out, delay } = upsample(factor, input);
    const k = delay / factor;
    expect(Number.isInteger(k)).toBe(true);
    for (let j = k; j < input.length; j++) expect(out[j * factor]).toBe(input[j - k]);
  });

  it.each([2, 3, 6])('x%i: splitting the input anywhere gives the same output', (factor) => {
    const input = Int16Array.from({ length: 2000 }, (_, i) => Math.round(12000 * Math.sin(i * 0.37) + 9000 * Math.sin(i * 1.91)));
    const whole = upsample(factor, input).out;
    for (const pieces of [[1, 1, 1, 1997], [255, 1, 256, 257, 1231], [0, 1000, 0, 1000], [600, 700, 700]]) {
      expect(upsample(factor, input, pieces).out).toEqual(whole);
    }
  });

  it('flush releases the delayed tail as if silence followed', () => {
    const input = sine(500, 1000, 8000, 10000);
    const padded = new Int16Array(500 + 24);
    padded.set(input);
    const ref = upsample(6, padded).out;
    const { out, delay } = upsample(6, input);
    const tail = x.resamplerFlush(DST() + 2 * out.length);
    expect(tail).toBe(delay);
    const all = new Int16Array(x.memory.buffer.slice(DST(), DST() + 2 * (out.length + tail)));
    expect(all).toEqual(ref);
  });

  it('full-scale input saturates instead of wrapping', () => {
    const square = Int16Array.from({ length: 800 }, (_, i) => (Math.floor(i / 40) % 2 ? 32767 : -32768));
    const { out, delay } = upsample(3, square);
    let min = 0, max = 0;
    for (let m = delay; m < out.length; m++) { min = Math.min(min, out[m]); max = Math.max(max, out[m]); }
    expect(max).toBe(32767);
    expect(min).toBe(-32768);
    // Overshoot clips: right after each rising edge the output stays high, never wraps negative.
    for (let j = 1; j < 20; j++) {
      const m = (80 * j - 40 + 24 + 5) * 3; // 5 input samples after a rising edge, delay accounted
      if (m < out.length) expect(out[m]).toBeGreaterThan(30000);
    }
  });

  it('factor 1 copies, unsupported factors write nothing', () => {
    const input = Int16Array.of(1, -2, 3, -4);
    const r = upsample(1, input);
    expect(r.delay).toBe(0);
    expect(Array.from(r.out)).toEqual([1, -2, 3, -4]);
    expect(x.resamplerFlush(DST())).toBe(0);
    for (const f of [0, 4, 5, -2, 12]) {
      expect(x.resamplerReset(f)).toBe(-1);
      expect(x.resamplerRun(SRC(), 4, DST())).toBe(0);
    }
  });
});
