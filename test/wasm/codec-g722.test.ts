// G.722 (64 kbit/s) against ffmpeg's decoder, sample by sample: committed references made
// by make-refs.sh, and a fresh random bitstream whenever ffmpeg is installed.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createNodeCore } from '../../src/worker/core-node.js';
import { fixture, int16, rawCore } from './codec-fixtures/load-core.js';

const hasFfmpeg = (() => { try { execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' }); return true; } catch { return false; } })();

function maxDiff(a: Int16Array, b: Int16Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; out[i] = s & 0xff; }
  return out;
}

describe('G.722 decoder', () => {
  it.each(['g722-speech', 'g722-tone', 'g722-edge'])('%s is bit-exact with ffmpeg', async (name) => {
    const core = await createNodeCore();
    core.reset(0);
    const out = core.g722(fixture(`${name}.g722`));
    expect(maxDiff(out, int16(fixture(`${name}.s16`)))).toBe(0);
  });

  it('the tone reference really drives the decoder to full scale', () => {
    const ref = int16(fixture('g722-tone.s16'));
    let peak = 0;
    for (const v of ref) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(30000);
  });

  it('the edge reference reaches the saturation limits', () => {
    const ref = int16(fixture('g722-edge.s16'));
    expect(ref.filter((v) => v === 32767).length).toBeGreaterThan(10);
    expect(ref.filter((v) => v === -32768).length).toBeGreaterThan(10);
  });

  it.skipIf(!hasFfmpeg)('a fresh random bitstream is bit-exact with ffmpeg', async () => {
    const bits = noise(48000, Date.now());
    const ref = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'g722', '-i', '-', '-f', 's16le', '-'], { input: bits, maxBuffer: 16 << 20 });
    const core = await createNodeCore();
    core.reset(0);
    const out = core.g722(bits);
    expect(maxDiff(out, int16(new Uint8Array(ref)))).toBe(0);
  });

  it('decoding in pieces continues the state exactly', async () => {
    const x = await rawCore();
    const bits = noise(3001, 7);
    const s = x.scratchPtr();
    const mem = () => new Uint8Array(x.memory.buffer);
    mem().set(bits, s);
    const whole = s + 4096;
    x.g722Reset();
    expect(x.g722DecodeBuffer(s, bits.length, whole)).toBe(2 * bits.length);
    const a = new Int16Array(x.memory.buffer.slice(whole, whole + 4 * bits.length));
    x.g722Reset();
    const parts = s + 32768;
    let done = 0;
    for (const n of [1, 2, 997, 0, 1000, 1001]) {
      expect(x.g722DecodeBuffer(s + done, n, parts + 4 * done)).toBe(2 * n);
      done += n;
    }
    expect(done).toBe(bits.length);
    const b = new Int16Array(x.memory.buffer.slice(parts, parts + 4 * bits.length));
    expect(maxDiff(a, b)).toBe(0);
  });

  it('g722Reset starts over from the initial state', async () => {
    const core = await createNodeCore();
    core.reset(0);
    const bits = noise(500, 99);
    const first = core.g722(bits);
    const again = core.g722(bits);
    expect(maxDiff(first, again)).toBe(0);
  });
});
