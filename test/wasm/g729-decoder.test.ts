// G.729A / Annex B decoder against bcg729 (an independent implementation): committed
// bitstreams and bcg729's decoding of them (made by g729-fixtures/make-refs.sh), plus fuzzing.
// Stream framing (*.g729t): records [tag][payload], tag 10 speech (10 bytes), 2 SID (2 bytes),
// 0 untransmitted, 0xFF erased; every record is 80 samples.
import { describe, expect, it } from 'vitest';
import { readFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawCore, int16 } from './codec-fixtures/load-core.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'g729-fixtures');
const ROOT = join(DIR, '..', '..', '..');

/** The bcg729 harness compiled into .tmp, or null without a C compiler or libbcg729-dev. */
const harness = (() => {
  try {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const exe = join(ROOT, '.tmp', 'bcg729-ref-test');
    execFileSync('cc', ['-O2', '-o', exe, join(ROOT, 'test/tools/bcg729-ref.c'), '-lbcg729'], { stdio: 'ignore' });
    return exe;
  } catch {
    return null;
  }
})();
const file = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

interface G729Exports {
  memory: WebAssembly.Memory;
  scratchPtr(): number;
  g729Reset(): void;
  g729DecodeBuffer(src: number, n: number, dst: number): number;
  g729StateBytes(): number;
  g729Init(state: number): void;
  g729DecodeFrame(state: number, src: number, dst: number): void;
  g729DecodeSid(state: number, src: number, len: number): number;
  g729Comfort(state: number, dst: number): void;
  g729Erasure(state: number, dst: number): void;
  g729PayloadFrames(len: number): number;
  g729PayloadValid(len: number): number;
  g729DecodePayload(state: number, src: number, len: number, dst: number): number;
}

async function core(): Promise<G729Exports> {
  return (await rawCore()) as unknown as G729Exports;
}

/** Decodes a tagged stream with the module-level decoder (in pieces of at most 64 KiB). */
function decode(x: G729Exports, bits: Uint8Array): Int16Array {
  const src = x.scratchPtr();
  const dst = src + (1 << 20);
  x.g729Reset();
  new Uint8Array(x.memory.buffer).set(bits, src);
  const n = x.g729DecodeBuffer(src, bits.length, dst);
  return new Int16Array(x.memory.buffer.slice(dst, dst + n * 2));
}

/** Record kinds of a tagged stream: 'S' speech, 'D' SID, 'N' untransmitted, 'E' erased. */
function kinds(bits: Uint8Array): string[] {
  const out: string[] = [];
  for (let p = 0; p < bits.length;) {
    const t = bits[p];
    out.push(t === 10 ? 'S' : t === 2 ? 'D' : t === 0 ? 'N' : 'E');
    p += 1 + (t === 10 || t === 2 ? t : 0);
  }
  return out;
}

function snr(a: Int16Array, b: Int16Array, from: number, to: number): number {
  let s = 0, d = 0;
  for (let i = from; i < to; i++) { s += b[i] * b[i]; d += (a[i] - b[i]) ** 2; }
  return d === 0 ? Infinity : 10 * Math.log10(s / d);
}
function levelDb(a: Int16Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] * a[i];
  return 10 * Math.log10(s / (to - from) + 1e-9);
}
/**
 * SNR per 40-sample subframe over the active (above -50 dBFS) subframes of speech frames.
 * bcg729 is not bit-exact with the ITU fixed-point arithmetic (its own cosine, log and
 * square-root approximations), so most subframes agree to > 40 dB and a few, where a sharp
 * LP resonance amplifies the difference, drop lower for a subframe or two.
 */
function subframeSnrs(out: Int16Array, ref: Int16Array, k: string[]): number[] {
  const v: number[] = [];
  for (let f = 0; f < k.length; f++) {
    if (k[f] !== 'S') continue;
    for (let s = f * 80; s < f * 80 + 80; s += 40) {
      if (levelDb(ref, s, s + 40) < 40) continue;
      v.push(snr(out, ref, s, s + 40));
    }
  }
  return v.sort((a, b) => a - b);
}
const median = (v: number[]) => v[v.length >> 1];
const share = (v: number[], min: number) => v.filter((x) => x >= min).length / v.length;

/** Runs of equal kinds as [kind, firstFrame, frames]. */
function runs(k: string[], same: (a: string, b: string) => boolean): [string, number, number][] {
  const out: [string, number, number][] = [];
  let start = 0;
  for (let f = 1; f <= k.length; f++) {
    if (f < k.length && same(k[f], k[start])) continue;
    out.push([k[start], start, f - start]);
    start = f;
  }
  return out;
}

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; out[i] = s & 0xff; }
  return out;
}

/** Up to 600 records of every kind (speech frames and SIDs with random bits, DTX, erasures) from noise(seed). */
function randomRecords(seed: number): { bits: Uint8Array; count: number } {
  const rnd = noise(8000, seed);
  const recs: number[] = [];
  let count = 0;
  for (let p = 0; p < rnd.length - 11 && count < 600; count++) {
    const r = rnd[p++] % 16;
    if (r < 11) { recs.push(10, ...rnd.subarray(p, p + 10)); p += 10; }
    else if (r < 13) { recs.push(2, rnd[p], rnd[p + 1]); p += 2; }
    else if (r < 15) recs.push(0);
    else recs.push(0xff);
  }
  return { bits: Uint8Array.from(recs), count };
}

/** 500 speech frames of alternating 0x7f / 0xff bytes (saturating parameters). */
function saturatingRecords(): Uint8Array {
  const recs: number[] = [];
  for (let i = 0; i < 500; i++) recs.push(10, ...new Array(10).fill(i % 2 ? 0xff : 0x7f));
  return Uint8Array.from(recs);
}

const PINNED: Record<string, string> = {
  'g729-speech': '76222acb0dced44c9b263d0dc0ee3367045589a26ac00e6b23571b8176ec7af7',
  'g729-dtx': '957bd7352933ef9cccaf323a0b75c97608a0495b31088066cefa54d5bcf8185b',
  'g729-loss': '69b608fe4edb15c822604567ab14321349722abb24d78bad040004b0ed8d480e',
  'g729-dtx-loss': '72a89601b298a34b649b81f78917376179e11ebb715119cb0df6468f7fce6507',
  'random-0': '4d8147c3721d91b63d5aea60e4753adabd385a2e725e7f1d2b9f43cc14982125',
  'random-1': '3784bc0c9f593333969c449fd4e54308209790c33ed9ce57ad505af7db79474f',
  'random-2': '2788697986ffef2c81a97a73cd3841adcd2f1f8e59254ee924d32a2489581b52',
  'random-3': '2db90570706164d2f55fb7fcf9bf6da0678bdff8a2e91e1b3937fb7fb11a6a23',
  'random-4': 'b6a42d382172c7d390e9d8389192215188e56e1db01cb0443dedc27859138f45',
  'random-5': '9ad61c8802e94911ae6c6cca39a3868afa40c72709d32240ba3242a9a617cea8',
  'saturating': '57c2b2279badc3e7f8f235861c7d3d73bb6f02613e962007297daa48397d7873',
};

describe('G.729 decoder against bcg729', () => {
  it('speech without DTX: subframes agree to a median >= 40 dB, 80 samples per frame', async () => {
    const bits = file('g729-speech.g729t');
    const ref = int16(file('g729-speech.s16'));
    const k = kinds(bits);
    const out = decode(await core(), bits);
    expect(k.every((x) => x === 'S')).toBe(true);
    expect(out.length).toBe(k.length * 80);
    expect(out.length).toBe(ref.length);
    const v = subframeSnrs(out, ref, k);
    expect(v.length).toBeGreaterThan(300);
    expect(median(v)).toBeGreaterThanOrEqual(40);
    expect(share(v, 30)).toBeGreaterThanOrEqual(0.9);
    expect(snr(out, ref, 0, out.length)).toBeGreaterThanOrEqual(36);
  });

  it('speech with DTX: speech runs >= 40 dB, comfort noise within 3 dB and exact in length', async () => {
    const bits = file('g729-dtx.g729t');
    const ref = int16(file('g729-dtx.s16'));
    const k = kinds(bits);
    expect(k).toContain('D');
    expect(k).toContain('N');
    const out = decode(await core(), bits);
    expect(out.length).toBe(k.length * 80);
    expect(out.length).toBe(ref.length);
    const r = runs(k, (a, b) => (a === 'S') === (b === 'S'));
    let speechRuns = 0, noiseRuns = 0;
    for (const [kind, first, frames] of r) {
      const a = first * 80, b = (first + frames) * 80;
      if (kind === 'S' && frames >= 50) {
        speechRuns++;
        expect(snr(out, ref, a, b), `speech frames ${first}..${first + frames}`).toBeGreaterThanOrEqual(40);
      } else if (kind !== 'S' && frames >= 20) {
        noiseRuns++;
        expect(Math.abs(levelDb(out, a, b) - levelDb(ref, a, b)), `noise frames ${first}..${first + frames}`).toBeLessThanOrEqual(3);
        expect(levelDb(ref, a, b)).toBeGreaterThan(20); // real background noise, not digital silence
      }
    }
    expect(speechRuns).toBeGreaterThanOrEqual(2);
    const v = subframeSnrs(out, ref, k);
    expect(median(v)).toBeGreaterThanOrEqual(40);
    expect(share(v, 30)).toBeGreaterThanOrEqual(0.9);
    expect(noiseRuns).toBeGreaterThanOrEqual(2);
  });

  it('frame erasures: concealment decays over a burst and follows bcg729 (>= 30 dB)', async () => {
    const bits = file('g729-loss.g729t');
    const ref = int16(file('g729-loss.s16'));
    const k = kinds(bits);
    const out = decode(await core(), bits);
    expect(out.length).toBe(k.length * 80);
    expect(out.length).toBe(ref.length);
    const burst = runs(k, (a, b) => a === b).find(([kind, , frames]) => kind === 'E' && frames === 6);
    expect(burst).toBeDefined();
    const [, first] = burst!;
    const frameDb = (f: number) => levelDb(out, f * 80, f * 80 + 80);
    expect(frameDb(first + 5)).toBeLessThan(frameDb(first) - 3);
    // Level of the whole stream and of the burst within 3 dB of bcg729's concealment.
    expect(Math.abs(levelDb(out, 0, out.length) - levelDb(ref, 0, ref.length))).toBeLessThan(3);
    expect(Math.abs(levelDb(out, first * 80, (first + 6) * 80) - levelDb(ref, first * 80, (first + 6) * 80))).toBeLessThan(3);
    // The concealed frames themselves follow bcg729's concealment sample by sample.
    expect(snr(out, ref, first * 80, (first + 6) * 80)).toBeGreaterThanOrEqual(30);
    expect(snr(out, ref, 0, out.length)).toBeGreaterThanOrEqual(36);
    // After the losses the decoder resynchronises: the last long speech run is close again.
    const last = runs(k, (a, b) => a === b).filter(([kind, , frames]) => kind === 'S' && frames >= 20)[0];
    expect(snr(out, ref, (last[1] + 10) * 80, (last[1] + last[2]) * 80)).toBeGreaterThan(25);
  });

  it('erasures inside comfort noise continue the noise at its level', async () => {
    const bits = file('g729-dtx-loss.g729t');
    const ref = int16(file('g729-dtx-loss.s16'));
    const k = kinds(bits);
    const out = decode(await core(), bits);
    expect(out.length).toBe(ref.length);
    const burst = runs(k, (a, b) => a === b).find(([kind, , frames]) => kind === 'E' && frames === 6)!;
    const a = burst[1] * 80, b = a + 6 * 80;
    expect(levelDb(ref, a, b)).toBeGreaterThan(20);
    expect(Math.abs(levelDb(out, a, b) - levelDb(ref, a, b))).toBeLessThan(3);
  });
});

describe.skipIf(!harness)('G.729 decoder against a fresh bcg729 run', () => {
  it('bcg729 encodes new material (VAD on) and both decoders agree', async () => {
    // Input: the committed speech and DTX references played back to back, with a quiet
    // stretch between them (digital silence: DTX with near-zero comfort noise).
    const pcm = new Uint8Array([...file('g729-dtx.s16'), ...new Uint8Array(16000), ...file('g729-speech.s16')]);
    const bits = new Uint8Array(execFileSync(harness!, ['encode', '1'], { input: pcm, maxBuffer: 16 << 20 }));
    const ref = int16(new Uint8Array(execFileSync(harness!, ['decode'], { input: bits, maxBuffer: 16 << 20 })));
    const k = kinds(bits);
    expect(k.length).toBe(pcm.length / 160);
    const out = decode(await core(), bits);
    expect(out.length).toBe(ref.length);
    const v = subframeSnrs(out, ref, k);
    expect(median(v)).toBeGreaterThanOrEqual(40);
    expect(share(v, 30)).toBeGreaterThanOrEqual(0.88);
  });
});

describe.skipIf(!harness)('G.729 decoder against a fresh bcg729 run: lost SID', () => {
  it('noise that starts without its SID (lost) still comes out at the reference level', async () => {
    const bits = file('g729-dtx.g729t');
    // Replace every SID that directly follows speech by an erasure.
    const recs: number[] = [];
    let prev = 10;
    for (let p = 0; p < bits.length;) {
      const t = bits[p];
      const n = t === 10 || t === 2 ? t : 0;
      if (t === 2 && prev === 10) recs.push(0xff);
      else recs.push(...bits.subarray(p, p + 1 + n));
      prev = t;
      p += 1 + n;
    }
    const lost = Uint8Array.from(recs);
    const ref = int16(new Uint8Array(execFileSync(harness!, ['decode'], { input: lost, maxBuffer: 16 << 20 })));
    const out = decode(await core(), lost);
    expect(out.length).toBe(ref.length);
    const k = kinds(lost);
    for (const [kind, first, frames] of runs(k, (a, b) => (a === 'S') === (b === 'S'))) {
      if (kind === 'S' || frames < 20) continue;
      const a = first * 80, b = (first + frames) * 80;
      expect(Math.abs(levelDb(out, a, b) - levelDb(ref, a, b)), `noise frames ${first}..`).toBeLessThanOrEqual(3);
    }
  });
});

describe('G.729 decoder API and robustness', () => {
  it('states in caller memory are independent: two interleaved streams equal two sequential ones', async () => {
    const x = await core();
    const size = x.g729StateBytes();
    expect(size).toBeGreaterThan(1000);
    const bits = file('g729-speech.g729t');
    const frames: Uint8Array[] = [];
    for (let p = 0; p + 11 <= bits.length; p += 11) frames.push(bits.subarray(p + 1, p + 11));
    const base = x.scratchPtr();
    const s1 = base, s2 = base + size, src = base + 2 * size, out = src + 64;
    x.g729Init(s1);
    x.g729Init(s2);
    const a: number[] = [], b: number[] = [];
    const mem = () => new Uint8Array(x.memory.buffer);
    const pcm = () => Array.from(new Int16Array(x.memory.buffer.slice(out, out + 160)));
    for (let i = 0; i < 100; i++) {
      mem().set(frames[i], src); x.g729DecodeFrame(s1, src, out); a.push(...pcm());
      mem().set(frames[100 + i], src); x.g729DecodeFrame(s2, src, out); b.push(...pcm());
    }
    const whole = decode(x, bits);
    expect(a).toEqual(Array.from(whole.subarray(0, 8000)));
    x.g729Init(s1);
    for (let i = 0; i < 100; i++) { mem().set(frames[i], src); x.g729DecodeFrame(s1, src, out); }
    const seq: number[] = [];
    for (let i = 0; i < 100; i++) { mem().set(frames[100 + i], src); x.g729DecodeFrame(s1, src, out); seq.push(...pcm()); }
    expect(b.length).toBe(seq.length);
    // Stream 2 started from reset, so it differs from the continued stream 1 at first, but
    // it is a valid decoding of the same frames: same as decoding them alone from reset.
    const alone = new Uint8Array(100 * 11);
    for (let i = 0; i < 100; i++) { alone[i * 11] = 10; alone.set(frames[100 + i], i * 11 + 1); }
    expect(b).toEqual(Array.from(decode(x, alone)));
  });

  it('RTP payloads: N speech frames plus an optional SID decode like the same frames one by one', async () => {
    const x = await core();
    expect([0, 2, 10, 12, 20, 22, 30, 7, 15, 1].map((n) => x.g729PayloadFrames(n))).toEqual([0, 1, 1, 2, 2, 3, 3, 0, 1, 0]);
    expect([0, 2, 10, 12, 20, 22, 7, 15, 1].map((n) => x.g729PayloadValid(n))).toEqual([0, 1, 1, 1, 1, 1, 0, 0, 0]);
    // The DTX fixture regrouped into packets of two frames (a SID ends a packet).
    const bits = file('g729-dtx.g729t');
    const whole = decode(x, bits);
    const base = x.scratchPtr(), st = base, src = base + 4096, dst = src + 64;
    x.g729Init(st);
    const out: number[] = [];
    const mem = () => new Uint8Array(x.memory.buffer);
    let pkt: number[] = [];
    const flush = () => {
      if (pkt.length === 0) return;
      mem().set(pkt, src);
      const n = x.g729DecodePayload(st, src, pkt.length, dst);
      expect(n).toBe(x.g729PayloadFrames(pkt.length) * 80);
      out.push(...new Int16Array(x.memory.buffer.slice(dst, dst + n * 2)));
      pkt = [];
    };
    for (let p = 0; p < bits.length;) {
      const t = bits[p];
      if (t === 0) { flush(); x.g729Erasure(st, dst); out.push(...new Int16Array(x.memory.buffer.slice(dst, dst + 160))); p++; continue; }
      pkt.push(...bits.subarray(p + 1, p + 1 + t));
      p += 1 + t;
      if (t === 2 || pkt.length >= 20) flush();
    }
    flush();
    expect(out).toEqual(Array.from(whole));
  });

  it('a short SID is refused and comfort noise continues', async () => {
    const x = await core();
    const s = x.scratchPtr(), src = s + 4096, out = src + 64;
    x.g729Init(s);
    expect(x.g729DecodeSid(s, src, 1)).toBe(-1);
    expect(x.g729DecodeSid(s, src, 2)).toBe(0);
    x.g729Comfort(s, out);
    x.g729Comfort(s, out);
    x.g729Erasure(s, out);
  });

  it('random frames of every kind and truncated streams never trap, every record gives 80 samples', async () => {
    const x = await core();
    for (let round = 0; round < 6; round++) {
      const { bits, count } = randomRecords(1000 + round);
      const out = decode(x, bits);
      expect(out.length).toBe(count * 80);
      // Truncated inside a record: the complete records before it are decoded, nothing more.
      const cut = bits.subarray(0, bits.length - 5);
      expect(decode(x, cut).length).toBeLessThan(count * 80);
      expect(decode(x, cut).length % 80).toBe(0);
    }
    // Unknown tags stop decoding cleanly.
    expect(decode(x, Uint8Array.from([10, ...new Uint8Array(10), 7, 1, 2])).length).toBe(80);
  });

  it('saturating frames (all ones) decode without trapping and stay bounded', async () => {
    const x = await core();
    const out = decode(x, saturatingRecords());
    expect(out.length).toBe(500 * 80);
  });
});

describe('G.729 decoder output is pinned', () => {
  // SHA-256 of the samples (Int16 LE) as decoded before the speed work of 2026-11 (README
  // "Speed"): optimisations must keep every sample. The random streams drive the paths real
  // speech rarely takes (the synthesis filter's 64-bit fallback and the rescale-and-redo on
  // overflow, erasures, SID frames with random parameters).
  it('fixtures, random records of every kind and saturating frames decode to the pinned samples', async () => {
    const x = await core();
    const sha = (a: Int16Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
    const got: Record<string, string> = {};
    for (const f of ['g729-speech', 'g729-dtx', 'g729-loss', 'g729-dtx-loss']) got[f] = sha(decode(x, file(`${f}.g729t`)));
    for (let round = 0; round < 6; round++) got[`random-${round}`] = sha(decode(x, randomRecords(1000 + round).bits));
    got.saturating = sha(decode(x, saturatingRecords()));
    expect(got).toEqual(PINNED);
  });
});
