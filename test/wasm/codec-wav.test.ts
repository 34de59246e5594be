// WAV output: interleaving modes, and headers checked by what ffprobe and sox read back from
// files written with them (RF64 on a sparse file of more than 4 GiB).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeCore } from '../../src/worker/core-node.js';
import { rawCore, type CodecExports } from './codec-fixtures/load-core.js';

const has = (cmd: string, arg: string) => { try { execFileSync(cmd, [arg], { stdio: 'ignore' }); return true; } catch { return false; } };
const hasFfprobe = has('ffprobe', '-version');
const hasSox = has('sox', '--version');
const OUT_CAP_FRAMES = 96000;

const dir = join('.tmp', `codec-wav-${process.pid}`);
let x: CodecExports;
beforeAll(async () => { x = await rawCore(); mkdirSync(dir, { recursive: true }); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fill(left: ArrayLike<number>, right: ArrayLike<number>): void {
  new Int16Array(x.memory.buffer, x.interleaveSource(0), left.length).set(left);
  new Int16Array(x.memory.buffer, x.interleaveSource(1), right.length).set(right);
}
function interleaved(frames: number, mode: number): Int16Array {
  const p = x.interleave(frames, mode);
  expect(p).toBeGreaterThan(0);
  const n = frames * (mode === 0 ? 2 : 1);
  return new Int16Array(x.memory.buffer.slice(p, p + 2 * n));
}
function header(rate: number, channels: number, frames: number): Uint8Array {
  const p = x.wavHeader(rate, channels, frames);
  expect(p).toBeGreaterThan(0);
  return new Uint8Array(x.memory.buffer.slice(p, p + x.wavHeaderLen()));
}
function ffprobe(file: string): { stream: Record<string, string | number>; format: Record<string, string | number> } {
  const j = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file], { encoding: 'utf8' }));
  return { stream: j.streams[0], format: j.format };
}
const soxInfo = (file: string, opt: string) => execFileSync('sox', ['--i', opt, file], { encoding: 'utf8' }).trim();

describe('interleave', () => {
  const L = [0, 1, -1, 32767, -32768, 100, -101, 7];
  const R = [5, -1, -2, 32767, -32768, -100, 100, -8];

  it('mode 0 interleaves L,R little-endian', () => {
    fill(L, R);
    const p = x.interleave(L.length, 0);
    const bytes = new Uint8Array(x.memory.buffer.slice(p, p + 4 * L.length));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 0, 5, 0, 1, 0, 0xff, 0xff]);
    expect(Array.from(interleaved(L.length, 0))).toEqual(L.flatMap((l, i) => [l, R[i]]));
  });

  it('mode 1 averages (rounding down), 2 and 3 pick one side', () => {
    fill(L, R);
    expect(Array.from(interleaved(L.length, 1))).toEqual(L.map((l, i) => Math.floor((l + R[i]) / 2)));
    expect(Array.from(interleaved(L.length, 2))).toEqual(L);
    expect(Array.from(interleaved(L.length, 3))).toEqual(R);
  });

  it('clamps the frame count to one render buffer and rejects unknown modes', () => {
    const big = Int16Array.from({ length: OUT_CAP_FRAMES }, (_, i) => i & 0x7fff);
    fill(big, big.map((v) => -v));
    const all = interleaved(OUT_CAP_FRAMES, 0);
    expect(all[2 * (OUT_CAP_FRAMES - 1)]).toBe((OUT_CAP_FRAMES - 1) & 0x7fff);
    expect(all[2 * (OUT_CAP_FRAMES - 1) + 1]).toBe(-((OUT_CAP_FRAMES - 1) & 0x7fff));
    const p = x.interleave(OUT_CAP_FRAMES + 5000, 0); // writes no further than the cap
    expect(p).toBeGreaterThan(0);
    for (const mode of [4, -1, 99]) expect(x.interleave(10, mode)).toBe(0);
  });
});

describe('WAV header', () => {
  it('RIFF fields for 16-bit PCM', () => {
    const h = header(16000, 2, 1000);
    expect(h.length).toBe(44);
    const v = new DataView(h.buffer);
    const s = (o: number) => String.fromCharCode(...h.subarray(o, o + 4));
    expect([s(0), s(8), s(12), s(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
    expect(v.getUint32(4, true)).toBe(36 + 4000);
    expect(v.getUint32(16, true)).toBe(16);
    expect(v.getUint16(20, true)).toBe(1);
    expect(v.getUint16(22, true)).toBe(2);
    expect(v.getUint32(24, true)).toBe(16000);
    expect(v.getUint32(28, true)).toBe(64000);
    expect(v.getUint16(32, true)).toBe(4);
    expect(v.getUint16(34, true)).toBe(16);
    expect(v.getUint32(40, true)).toBe(4000);
  });

  it('switches to RF64 exactly when the data no longer fits a RIFF size', () => {
    const lastRiff = Math.floor((0xffffffff - 36) / 2); // mono frames
    expect(header(8000, 1, lastRiff).length).toBe(44);
    const riff = new DataView(header(8000, 1, lastRiff).buffer);
    expect(riff.getUint32(4, true)).toBe(36 + 2 * lastRiff);
    const h = header(8000, 1, lastRiff + 1);
    expect(h.length).toBe(80);
    const v = new DataView(h.buffer);
    const s = (o: number) => String.fromCharCode(...h.subarray(o, o + 4));
    expect([s(0), s(8), s(12), s(48), s(72)]).toEqual(['RF64', 'WAVE', 'ds64', 'fmt ', 'data']);
    expect(v.getUint32(4, true)).toBe(0xffffffff);
    expect(v.getUint32(16, true)).toBe(28);
    const data = BigInt(2 * (lastRiff + 1));
    expect(v.getBigUint64(20, true)).toBe(72n + data);
    expect(v.getBigUint64(28, true)).toBe(data);
    expect(v.getBigUint64(36, true)).toBe(BigInt(lastRiff + 1));
    expect(v.getUint32(76, true)).toBe(0xffffffff);
  });

  it('describes more than 2^32 frames (frames passed as f64)', () => {
    const frames = 5_000_000_000;
    const v = new DataView(header(48000, 2, frames).buffer);
    expect(v.getBigUint64(28, true)).toBe(BigInt(frames) * 4n);
    expect(v.getBigUint64(36, true)).toBe(BigInt(frames));
  });

  it('rejects impossible arguments', () => {
    for (const [rate, ch, frames] of [[0, 1, 10], [8000, 0, 10], [8000, 9, 10], [8000, 1, -1], [8000, 1, NaN], [8000, 1, 1.5], [8000, 1, Infinity]]) {
      expect(x.wavHeader(rate, ch, frames), `${rate} ${ch} ${frames}`).toBe(0);
      expect(x.wavHeaderLen()).toBe(0);
    }
  });

  it('the WasmCore binding returns the same header', async () => {
    const core = await createNodeCore();
    core.reset(0);
    expect(Array.from(core.wavHeader(16000, 2, 1000))).toEqual(Array.from(header(16000, 2, 1000)));
  });
});

describe.skipIf(!hasFfprobe || !hasSox)('WAV files read back by ffprobe and sox', () => {
  it.each([[0, 2, 16000], [1, 1, 8000], [3, 1, 48000]] as const)('mode %i, %i channel(s) at %i Hz', (mode, channels, rate) => {
    const frames = 4321;
    const left = Int16Array.from({ length: frames }, (_, i) => Math.round(20000 * Math.sin(i / 10)));
    const right = Int16Array.from({ length: frames }, (_, i) => Math.round(-15000 * Math.sin(i / 7)));
    fill(left, right);
    const data = new Uint8Array(interleaved(frames, mode).buffer);
    const file = join(dir, `m${mode}.wav`);
    writeFileSync(file, Buffer.concat([header(rate, channels, frames), data]));

    const { stream, format } = ffprobe(file);
    expect(format.format_name).toBe('wav');
    expect(stream.codec_name).toBe('pcm_s16le');
    expect(Number(stream.sample_rate)).toBe(rate);
    expect(stream.channels).toBe(channels);
    expect(stream.bits_per_sample).toBe(16);
    expect(Number(stream.duration_ts)).toBe(frames);
    const pcm = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-f', 's16le', '-']);
    expect(Buffer.compare(pcm, Buffer.from(data))).toBe(0);

    expect(soxInfo(file, '-r')).toBe(String(rate));
    expect(soxInfo(file, '-c')).toBe(String(channels));
    expect(soxInfo(file, '-b')).toBe('16');
    expect(soxInfo(file, '-s')).toBe(String(frames));
    expect(soxInfo(file, '-e')).toBe('Signed Integer PCM');
  });

  it('RF64 for a > 4 GiB sparse file: ffmpeg finds the last frames past 4 GiB', () => {
    const rate = 48000;
    const frames = 1_200_000_000; // stereo: 4.8e9 bytes of data
    const h = header(rate, 2, frames);
    expect(h.length).toBe(80);
    const file = join(dir, 'big.wav');
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, h);
      // Sparse: only the header and the last two frames are real blocks.
      writeSync(fd, Uint8Array.of(1, 0, 2, 0, 3, 0, 4, 0), 0, 8, 80 + frames * 4 - 8);
    } finally { closeSync(fd); }
    const { stream, format } = ffprobe(file);
    expect(format.format_name).toBe('wav');
    expect(stream.codec_name).toBe('pcm_s16le');
    expect(Number(stream.sample_rate)).toBe(rate);
    expect(stream.channels).toBe(2);
    expect(Number(stream.duration_ts)).toBe(frames);
    expect(Number(format.duration)).toBeCloseTo(frames / rate, 3);
    // Decoding from 1 ms before the end returns 48 frames ending with the two written ones.
    const tail = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-ss', String(frames / rate - 0.001), '-i', file, '-f', 's16le', '-']);
    const pcm = new Int16Array(tail.buffer, tail.byteOffset, tail.length / 2);
    expect(pcm.length).toBe(2 * 48);
    expect(Array.from(pcm.subarray(-4))).toEqual([1, 2, 3, 4]);
    // (sox reads RF64 too, but scans the whole file: too slow for a unit test.)
    rmSync(file);
  });
});
