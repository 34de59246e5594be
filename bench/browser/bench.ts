// Benchmark harness page: decodes a capture through the real DecoderClient (worker + WASM)
// and reports timings. `keep` holds every chunk, as the player does, for memory measurements.
import { DecoderClient } from '../../src/app/services/decoder-client.js';
import type { AudioChunk } from '../../src/shared/decoder-types.js';
import { runPhases } from './phases.js';

interface Run { openMs: number; firstChunkMs: number; totalMs: number; frames: number }

const client = new DecoderClient();
let kept: AudioChunk[] = [];

async function runBench(url: string, runs: number, keep: boolean): Promise<{ runs: Run[]; sampleRate: number; frames: number; bytes: number }> {
  const blob = await (await fetch(url)).blob();
  const out: Run[] = [];
  let sampleRate = 0, total = 0;
  for (let i = 0; i < runs; i++) {
    kept = [];
    let frames = 0, openMs = -1, firstChunkMs = -1;
    const t0 = performance.now();
    const info = await client.decode(blob, {
      onInfo: () => { openMs = performance.now() - t0; },
      onChunk: (c) => {
        if (firstChunkMs < 0) firstChunkMs = performance.now() - t0;
        frames += c.left.length;
        if (keep) kept.push(c);
      },
    });
    out.push({ openMs, firstChunkMs, totalMs: performance.now() - t0, frames });
    sampleRate = info.sampleRate; total = info.frames;
  }
  return { runs: out, sampleRate, frames: total, bytes: blob.size };
}

Object.assign(window, { runBench, runPhases });
document.body.dataset.ready = '1';
