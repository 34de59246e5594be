// ffmpeg.wasm (the same @ffmpeg/core build the browser loads) as an FFmpegRunner in Node. The
// core is built for web/worker only: it reads `self.location`, so the test gives it one, and
// the .wasm bytes directly instead of a fetch.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { coreRunner, type FFmpegCore } from '../../src/worker/ffmpeg-core-runner.js';

const DIR = resolve(import.meta.dirname, '..', '..', 'node_modules', '@ffmpeg', 'core', 'dist', 'esm');

async function load(): Promise<FFmpegCore> {
  const g = globalThis as Record<string, unknown>;
  g.self ??= globalThis;
  g.location ??= { href: `file://${DIR}/` };
  const mod = await import(join(DIR, 'ffmpeg-core.js')) as { default: (o: object) => Promise<FFmpegCore> };
  return mod.default({ wasmBinary: readFileSync(join(DIR, 'ffmpeg-core.wasm')), mainScriptUrlOrBlob: `x#${btoa(JSON.stringify({ wasmURL: 'x', workerURL: '' }))}` });
}

export const nodeFFmpeg = coreRunner(load);
