// Benchmark harness page: decodes a capture through the real DecoderClient (worker + WASM)
// and reports timings. The clock stops when every sample is in page-owned memory: each chunk is
// copied into two Int16Arrays of the whole call (as the player's PcmStore does, without its
// waveform peaks) and its buffers go back to the worker (copiesChunks). `keep` holds on to the
// arrays of the run for memory measurements. `preview`: as the player, ask for the first chunk from the
// file's start before the whole file is read (firstChunkMs is then the preview's arrival).
import { DecoderClient } from '../../src/app/services/decoder-client.js';
import { runPhases } from './phases.js';

interface Run { openMs: number; firstChunkMs: number; totalMs: number; frames: number }

const client = new DecoderClient();
let kept: Int16Array[] = [];

async function runBench(url: string, runs: number, keep: boolean, preview = false): Promise<{ runs: Run[]; sampleRate: number; frames: number; bytes: number }> {
  const blob = await (await fetch(url)).blob();
  const out: Run[] = [];
  let sampleRate = 0, total = 0;
  for (let i = 0; i < runs; i++) {
    kept = [];
    let frames = 0, openMs = -1, firstChunkMs = -1;
    let left = new Int16Array(0), right = left;
    type Shown = { rate: number; left: Int16Array; right: Int16Array };
    let shown = null as Shown | null;
    const t0 = performance.now();
    const info = await client.decode(blob, {
      copiesChunks: true,
      onPreview: preview ? (p) => {
        firstChunkMs = performance.now() - t0;
        shown = { rate: p.info.sampleRate, left: p.chunk.left, right: p.chunk.right };
      } : undefined,
      onInfo: (inf) => {
        openMs = performance.now() - t0;
        left = new Int16Array(inf.frames);
        right = new Int16Array(inf.frames);
        if (shown && shown.rate === inf.sampleRate) {
          left.set(shown.left);
          right.set(shown.right);
          frames = shown.left.length;
        }
      },
      onChunk: (c) => {
        if (firstChunkMs < 0) firstChunkMs = performance.now() - t0;
        left.set(c.left, c.startFrame);
        right.set(c.right, c.startFrame);
        frames = Math.max(frames, c.startFrame + c.left.length);
      },
    });
    out.push({ openMs, firstChunkMs, totalMs: performance.now() - t0, frames });
    if (keep) kept = [left, right];
    sampleRate = info.sampleRate; total = info.frames;
  }
  return { runs: out, sampleRate, frames: total, bytes: blob.size };
}

Object.assign(window, { runBench, runPhases });
document.body.dataset.ready = '1';
