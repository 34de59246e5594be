// The player's pure parts in Node: WSOLA keeps the pitch and scales the duration, plays 1× unchanged,
// loops without a seam; channel gains under volume/mute/solo; playlist neighbours; key table and speed steps.
import { describe, expect, it } from 'vitest';
import { channelGains, defaultMix, withMute, withSolo, withVolume } from '../../src/app/services/channel-mix.js';
import { neighbour } from '../../src/app/services/playlist.js';
import { PLAYER_KEYS, SPEEDS, playerActionFor, stepSpeed } from '../../src/app/services/player-keys.js';
import { WsolaStretcher, type StereoInput } from '../../src/app/services/time-stretch.js';

function tone(rate: number, seconds: number, fl: number, fr: number): StereoInput {
  const n = Math.round(rate * seconds);
  const left = new Int16Array(n), right = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = Math.round(12000 * Math.sin((2 * Math.PI * fl * i) / rate));
    right[i] = Math.round(9000 * Math.sin((2 * Math.PI * fr * i) / rate));
  }
  return { left, right, available: n };
}

/** Dominant frequency by a fine DFT scan over 100 … 2000 Hz (the test tones and their doubles; no window needed for long pure tones). */
function dominant(x: Float32Array, rate: number): number {
  let best = 0, bestF = 0;
  for (let f = 100; f < Math.min(2000, rate / 2); f += 2) {
    let re = 0, im = 0;
    const w = (2 * Math.PI * f) / rate;
    for (let i = 0; i < x.length; i++) { re += x[i]! * Math.cos(w * i); im -= x[i]! * Math.sin(w * i); }
    const m = re * re + im * im;
    if (m > best) { best = m; bestF = f; }
  }
  return bestF;
}

function stretchAll(input: StereoInput, rate: number, speed: number) {
  const st = new WsolaStretcher(rate);
  st.speed = speed;
  st.reset(input, 0);
  const hops = Math.ceil(input.available / (st.hop * speed));
  const l = new Float32Array(hops * st.hop), r = new Float32Array(hops * st.hop);
  st.render(input, l, r, 0, hops);
  return { l, r, st };
}

describe('WSOLA time stretch', () => {
  for (const rate of [8000, 16000]) {
    it(`keeps the pitch at 0.5×, 1×, 2× and scales the duration (${rate} Hz)`, () => {
      const input = tone(rate, 2, 440, 1000);
      for (const speed of [0.5, 1, 2]) {
        const { l, r } = stretchAll(input, rate, speed);
        expect(l.length / input.available).toBeCloseTo(1 / speed, 1);
        // measure on a middle second of output (away from the ends)
        const mid = (a: Float32Array) => a.subarray(Math.floor(a.length / 4), Math.floor(a.length / 4) + Math.floor(rate / 2));
        expect(Math.abs(dominant(mid(l), rate) - 440) / 440).toBeLessThan(0.02);
        expect(Math.abs(dominant(mid(r), rate) - 1000) / 1000).toBeLessThan(0.02);
      }
    });
  }

  it('plays 1× sample for sample from any start position', () => {
    const input = tone(8000, 1, 440, 700);
    const st = new WsolaStretcher(8000);
    st.reset(input, 1234);
    const n = 20 * st.hop;
    const l = new Float32Array(n), r = new Float32Array(n);
    st.render(input, l, r, 0, 20);
    for (let i = 0; i < n; i++) {
      expect(l[i]).toBeCloseTo(input.left[1234 + i]! / 32768, 4);
      expect(r[i]).toBeCloseTo(input.right[1234 + i]! / 32768, 4);
    }
  });

  it('a 2× result differs from simply dropping every other sample (that would double the pitch)', () => {
    const input = tone(8000, 2, 440, 440);
    const { l } = stretchAll(input, 8000, 2);
    const naive = new Float32Array(l.length);
    for (let i = 0; i < naive.length; i++) naive[i] = (input.left[2 * i] ?? 0) / 32768;
    expect(dominant(naive.subarray(2000, 6000), 8000)).toBeGreaterThan(850);
    expect(dominant(l.subarray(2000, 6000), 8000)).toBeLessThan(460);
  });

  it('wraps at B back to A with no seam: positions stay inside the loop, no sample jumps', () => {
    const rate = 8000;
    const input = tone(rate, 3, 300, 300);
    const st = new WsolaStretcher(rate);
    const loop = { a: 4000, b: 12000 };
    st.reset(input, 4000);
    const hops = Math.ceil((3 * (loop.b - loop.a)) / st.hop); // three rounds
    const l = new Float32Array(hops * st.hop), r = new Float32Array(hops * st.hop);
    const pos = new Float64Array(hops);
    st.render(input, l, r, 0, hops, pos, loop);
    expect(Math.min(...pos)).toBeGreaterThanOrEqual(loop.a);
    expect(Math.max(...pos)).toBeLessThan(loop.b);
    let wraps = 0;
    for (let k = 1; k < hops; k++) if (pos[k]! < pos[k - 1]!) wraps++;
    expect(wraps).toBeGreaterThanOrEqual(2);
    // largest step between neighbouring samples stays that of the tone itself (max slope × 1 sample)
    const maxStep = (2 * Math.PI * 300 * 12000) / rate / 32768;
    let worst = 0;
    for (let i = 1; i < l.length; i++) worst = Math.max(worst, Math.abs(l[i]! - l[i - 1]!));
    expect(worst).toBeLessThan(maxStep * 1.3);
  });

  it('reads undecoded frames as silence and clamps the speed to 0.5 … 2', () => {
    const input = { ...tone(8000, 1, 440, 440), available: 1000 };
    const st = new WsolaStretcher(8000);
    st.reset(input, 900);
    const l = new Float32Array(10 * st.hop), r = new Float32Array(10 * st.hop);
    st.render(input, l, r, 0, 10);
    expect(l.subarray(400).every((v) => v === 0)).toBe(true);
    st.speed = 5;
    expect(st.speed).toBe(2);
    st.speed = 0.1;
    expect(st.speed).toBe(0.5);
    expect(() => { st.speed = Number.NaN; }).toThrow(RangeError);
  });
});

describe('channel mix', () => {
  it('volume, mute and solo give the gains per side', () => {
    let m = defaultMix();
    expect(channelGains(m)).toEqual([1, 1]);
    m = withVolume(m, 0, 0.5);
    expect(channelGains(m)).toEqual([0.5, 1]);
    m = withMute(m, 1, true);
    expect(channelGains(m)).toEqual([0.5, 0]);
    m = withSolo(m, 1); // solo beats mute: the soloed side is heard
    expect(channelGains(m)).toEqual([0, 1]);
    m = withSolo(m, 1); // again: solo off, mute applies again
    expect(channelGains(m)).toEqual([0.5, 0]);
    expect(channelGains(withVolume(m, 0, 9))[0]).toBe(1.5);
    expect(channelGains(withVolume(m, 0, -1))[0]).toBe(0);
  });
});

describe('playlist and keys', () => {
  it('finds neighbours in the list order and stops at the ends', () => {
    const list = ['a', 'b', 'c'];
    expect(neighbour(list, 'b', 1)).toBe('c');
    expect(neighbour(list, 'b', -1)).toBe('a');
    expect(neighbour(list, 'c', 1)).toBeNull();
    expect(neighbour(list, 'a', -1)).toBeNull();
    expect(neighbour(list, 'zz', 1)).toBeNull();
    expect(neighbour(list, null, 1)).toBeNull();
  });

  it('maps keys to actions, leaves modified keys alone, steps speeds through the menu values', () => {
    const k = (key: string, mod = false) => playerActionFor({ key, altKey: false, ctrlKey: mod, metaKey: false });
    expect(k(' ')).toEqual({ kind: 'toggle' });
    expect(k('ArrowLeft')).toEqual({ kind: 'seekBy', seconds: -5 });
    expect(k('l')).toEqual({ kind: 'seekBy', seconds: 10 });
    expect(k('End')).toEqual({ kind: 'seekTo', where: 'end' });
    expect(k('n')).toEqual({ kind: 'next' });
    expect(k('l', true)).toBeNull();
    expect(k('q')).toBeNull();
    expect(new Set(PLAYER_KEYS.flatMap((b) => b.keys)).size).toBe(PLAYER_KEYS.flatMap((b) => b.keys).length);
    expect(stepSpeed(1, 1)).toBe(1.25);
    expect(stepSpeed(1, -1)).toBe(0.75);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.5, -1)).toBe(0.5);
    expect(stepSpeed(1.1, 1)).toBe(1.25);
    expect(stepSpeed(1.1, -1)).toBe(1);
    expect(SPEEDS[0]).toBe(0.5);
  });
});
