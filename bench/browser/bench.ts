// Benchmark harness page: decodes a capture through the real DecoderClient (worker + WASM)
// and reports timings. The clock stops when every sample is in page-owned memory: each chunk is
// added to a PcmStore of the whole call, as the player does (copy + waveform peaks), and its
// buffers go back to the worker (copiesChunks). Between runs the store is retired to the page's
// PcmRecycler, as the player retires a call it closes, so a warm run reuses that memory.
// `keep` holds on to the arrays of the run for memory measurements (nothing is recycled then).
// `preview`: as the player, ask for the first chunk from the file's start before the whole file
// is read (firstChunkMs is then the preview's arrival).
import { DecoderClient } from '../../src/app/services/decoder-client.js';
import { PcmStore, pcmRecycler } from '../../src/app/services/pcm-store.js';
import { runPhases } from './phases.js';

interface Run {
  openMs: number; firstChunkMs: number; totalMs: number; frames: number;
  /** after the info: time the page spent storing chunks, and the last chunk's arrival */
  storeMs: number; lastChunkMs: number; chunks: number;
}

const client = new DecoderClient();
/** The same decoder kept to one worker (a call the player would split between two, decoded by one). */
const single = new DecoderClient({ split: false });
let kept: Int16Array[] = [];

/**
 * `source`: 'blob' = the capture as a Blob (a dropped file, IndexedDB, a download kept as Blob);
 * 'bytes' = an ArrayBuffer the page holds, moved to the worker (transfersSource). Each run gets
 * its own copy, made before the clock starts.
 */
async function runBench(url: string, runs: number, keep: boolean, preview = false, source: 'blob' | 'bytes' = 'blob', split = true): Promise<{ runs: Run[]; sampleRate: number; frames: number; bytes: number; split: boolean }> {
  const decoder = split ? client : single;
  const blob = await (await fetch(url)).blob();
  const bytes = source === 'bytes' ? await blob.arrayBuffer() : null;
  const out: Run[] = [];
  let sampleRate = 0, total = 0;
  let prev: PcmStore | null = null;
  for (let i = 0; i < runs; i++) {
    kept = [];
    if (!keep) prev?.retire(pcmRecycler);
    prev = null;
    let openMs = -1, firstChunkMs = -1, storeMs = 0, lastChunkMs = -1, chunks = 0;
    let store: PcmStore | null = null;
    let shown: PcmStore | null = null;
    const input = bytes ? bytes.slice(0) : blob;
    const t0 = performance.now();
    const info = await decoder.decode(input, {
      copiesChunks: true,
      transfersSource: true,
      onPreview: preview ? (p) => {
        firstChunkMs = performance.now() - t0;
        shown = new PcmStore(p.info, true);
        shown.add(p.chunk);
      } : undefined,
      onInfo: (inf) => {
        openMs = performance.now() - t0;
        store = new PcmStore(inf, false, keep ? null : pcmRecycler);
        if (shown) store.seed(shown);
      },
      onChunk: (c) => {
        const t = performance.now();
        if (firstChunkMs < 0) firstChunkMs = t - t0;
        store?.add(c);
        lastChunkMs = t - t0;
        storeMs += performance.now() - t;
        chunks++;
      },
    });
    const done = store as PcmStore | null;
    out.push({ openMs, firstChunkMs, totalMs: performance.now() - t0, frames: done?.filled ?? 0, storeMs, lastChunkMs, chunks });
    if (done && done.filled !== info.frames) throw new Error(`store filled ${done.filled} of ${info.frames} frames`);
    if (keep && done) kept = [done.left, done.right];
    prev = done;
    sampleRate = info.sampleRate; total = info.frames;
  }
  return { runs: out, sampleRate, frames: total, bytes: blob.size, split: decoder.lastSplit };
}

Object.assign(window, { runBench, runPhases });
document.body.dataset.ready = '1';
