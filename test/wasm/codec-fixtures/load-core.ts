// Raw access to the built decoder core for the codec tests: the exports WasmCore does not
// wrap (resampler, Opus TOC) and direct memory access.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreWasmPath } from '../../../src/worker/core-node.js';

export interface CodecExports {
  memory: WebAssembly.Memory;
  reset(len: number): number;
  scratchPtr(): number;
  g711Decode(law: number, src: number, n: number, dst: number): void;
  g722Reset(): void;
  g722DecodeBuffer(src: number, n: number, dst: number): number;
  opusSamples(ptr: number, len: number): number;
  resamplerReset(factor: number): number;
  resamplerRun(src: number, n: number, dst: number): number;
  resamplerFlush(dst: number): number;
  interleaveSource(ch: number): number;
  interleave(frames: number, mode: number): number;
  wavHeader(rate: number, channels: number, frames: number): number;
  wavHeaderLen(): number;
}

/** A fresh instance with its arena laid out for an empty input (scratch area usable). */
export async function rawCore(): Promise<CodecExports> {
  const { instance } = await WebAssembly.instantiate(readFileSync(coreWasmPath()), {
    env: { abort: () => { throw new Error('decoder core aborted'); } },
  });
  const x = instance.exports as unknown as CodecExports;
  if (x.reset(0) === 0) throw new Error('reset failed');
  return x;
}

export const FIXTURES = dirname(fileURLToPath(import.meta.url));
export const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
export const int16 = (b: Uint8Array): Int16Array => new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
