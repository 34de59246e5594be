// An FFmpegRunner over an instance of the @ffmpeg/core build, however that instance is loaded
// (the worker fetches it from this service's assets; Node tests read it from node_modules):
// loaded on first use and kept, a failed load retried on the next run, inputs and output written
// to and removed from the core's in-memory file system around one exec.
import type { FFmpegRunner } from './ext-codecs.js';

export interface FFmpegCore {
  FS: { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void };
  exec(...args: string[]): number;
  reset(): void;
  setLogger(l: (m: { type: string; message: string }) => void): void;
}

export function coreRunner(load: () => Promise<FFmpegCore>): FFmpegRunner {
  let core: Promise<FFmpegCore> | null = null;
  return {
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
}
