// ffmpeg.wasm (the same @ffmpeg/core build the browser loads) as an FFmpegRunner in Node. The
// core is built for web/worker only: it reads `self.location`, so the test gives it one, and
// the .wasm bytes directly instead of a fetch.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FFmpegRunner } from '../../src/worker/ext-codecs.js';

const DIR = resolve(import.meta.dirname, '..', '..', 'node_modules', '@ffmpeg', 'core', 'dist', 'esm');

interface Core {
  FS: { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void };
  exec(...args: string[]): number;
  reset(): void;
  setLogger(l: (m: { type: string; message: string }) => void): void;
}

let core: Promise<Core> | undefined;

async function load(): Promise<Core> {
  const g = globalThis as Record<string, unknown>;
  g.self ??= globalThis;
  g.location ??= { href: `file://${DIR}/` };
  const mod = await import(join(DIR, 'ffmpeg-core.js')) as { default: (o: object) => Promise<Core> };
  return mod.default({ wasmBinary: readFileSync(join(DIR, 'ffmpeg-core.wasm')), mainScriptUrlOrBlob: `x#${btoa(JSON.stringify({ wasmURL: 'x', workerURL: '' }))}` });
}

export const nodeFFmpeg: FFmpegRunner = {
  async run(args, inputs, output) {
    core ??= load();
    const c = await core;
    const log: string[] = [];
    c.setLogger((m) => log.push(m.message));
    for (const [name, data] of Object.entries(inputs)) c.FS.writeFile(name, data);
    try {
      const rc = c.exec(...args);
      c.reset();
      if (rc !== 0) throw new Error(`ffmpeg exited with ${rc}: ${log.slice(-3).join(' | ')}`);
      return c.FS.readFile(output);
    } finally {
      for (const name of [...Object.keys(inputs), output]) { try { c.FS.unlink(name); } catch { /* not written */ } }
    }
  },
};
