// The FFmpegRunner of the decoder worker: the @ffmpeg/core build (the same files the page's MP3/OGG
// export uses, shipped as assets of this build, never a CDN) instantiated inside this worker on
// the first rare-codec stream, then kept for the worker's life.
import type { FFmpegRunner } from './ext-codecs.js';

interface FFmpegCore {
  FS: { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void };
  exec(...args: string[]): number;
  reset(): void;
  setLogger(l: (m: { type: string; message: string }) => void): void;
}

let core: Promise<FFmpegCore> | null = null;

async function load(): Promise<FFmpegCore> {
  const [js, wasm] = await Promise.all([import('@ffmpeg/core?url'), import('@ffmpeg/core/wasm?url')]);
  const coreURL = new URL(js.default, self.location.href).href;
  const wasmURL = new URL(wasm.default, self.location.href).href;
  const mod = await import(/* @vite-ignore */ coreURL) as { default: (o: object) => Promise<FFmpegCore> };
  // The core finds its .wasm through the URL fragment (how @ffmpeg/ffmpeg's own worker passes it).
  return mod.default({ mainScriptUrlOrBlob: `${coreURL}#${btoa(JSON.stringify({ wasmURL, workerURL: '' }))}` });
}

export const ffmpegWasm: FFmpegRunner = {
  async run(args, inputs, output) {
    if (!core) {
      const p = load();
      core = p;
      p.catch(() => { if (core === p) core = null; });
    }
    let c: FFmpegCore;
    try {
      c = await core;
    } catch (e) {
      throw new Error(`ffmpeg.wasm could not be loaded from this service (${(e as Error).message ?? String(e)})`);
    }
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
