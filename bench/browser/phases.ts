// Where the worker's time goes: the steps of a decode run one by one on this page's thread with
// the same core and session code, each timed (ms). The worker's total minus these is messaging.
import { createWorkerCore } from '../../src/worker/worker-core.js';
import { normalizeSource } from '../../src/worker/capture-source.js';
import { DecodeSession, READ_SLICE } from '../../src/worker/decode-session.js';

export interface Phases {
  /** Blob → ArrayBuffer in one arrayBuffer() call (reference only: the session streams) */
  read: number;
  /** the Blob's bytes through the session's reader (BYOB, two reused buffers), nothing else: Chromium's share of load */
  readByob: number;
  /** Blob → core memory through the same reader, each slice copied and scanned as it arrives (what open() does) */
  load: number;
  plan: number;
  /** every render() call, output left in core memory */
  render: number;
  /** copying every render's output into fresh buffers, minus the render */
  copy: number;
  /** the same copies into reused buffers (what the worker does when the page hands buffers back) */
  copyReused: number;
  /** DecodeSession.open + all chunks from the Blob, as the worker runs them */
  session: number;
  /** the machine's pace: copying the file's size between two buffers already in memory */
  memcpy: number;
  /** the same for the decode's PCM (both channels, 16-bit): what any decoder must move out of its core */
  memcpyOut: number;
}

const CHUNK = 8 * 96000;

export async function runPhases(url: string, runs: number): Promise<Phases[]> {
  const blob = await (await fetch(url)).blob();
  const core = await createWorkerCore();
  const out: Phases[] = [];
  const from = new Uint8Array(blob.size).fill(1), to = new Uint8Array(blob.size).fill(2);
  let pcm: { from: Uint8Array; to: Uint8Array } | null = null;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await blob.arrayBuffer();
    const t1 = performance.now();
    // The Blob through the session's own reader (two BYOB buffers taking turns), bytes untouched.
    for await (const piece of (await normalizeSource(blob)).chunks) void piece;
    const t1b = performance.now();
    core.reset(blob.size);
    // As open() reads a Blob: the same reader, each piece copied into the core and scanned in slices.
    for await (const piece of (await normalizeSource(blob)).chunks) {
      for (let off = 0; off < piece.length; off += READ_SLICE) core.append(piece.subarray(off, off + READ_SLICE), false);
    }
    core.append(new Uint8Array(0), true);
    const t2 = performance.now();
    core.plan();
    const t3 = performance.now();
    core.renderReset();
    for (;;) { const { frames } = core.render(96000); if (frames === 0) break; }
    const t4 = performance.now();
    core.renderReset();
    for (let filled = CHUNK, l = new Int16Array(0), r = l; ;) {
      const { frames, left, right } = core.render(96000);
      if (frames === 0) break;
      if (filled + frames > l.length) { l = new Int16Array(CHUNK); r = new Int16Array(CHUNK); filled = 0; }
      l.set(left, filled); r.set(right, filled); filled += frames;
    }
    const t5 = performance.now();
    core.renderReset();
    const l = new Int16Array(CHUNK), r = new Int16Array(CHUNK);
    for (let filled = 0; ;) {
      const { frames, left, right } = core.render(96000);
      if (frames === 0) break;
      if (filled + frames > l.length) filled = 0;
      l.set(left, filled); r.set(right, filled); filled += frames;
    }
    const t6 = performance.now();
    const session = new DecodeSession(core);
    await session.open(blob);
    for await (const c of session.chunks(CHUNK)) void c;
    const t7 = performance.now();
    to.set(from);
    const t8 = performance.now();
    // Sized from the decode's frame count, allocated and touched once (outside every timing).
    const pcmBytes = 4 * (session.info?.frames ?? 0);
    pcm ??= { from: new Uint8Array(pcmBytes).fill(1), to: new Uint8Array(pcmBytes).fill(2) };
    const t9 = performance.now();
    pcm.to.set(pcm.from);
    const t10 = performance.now();
    out.push({
      read: t1 - t0, readByob: t1b - t1, load: t2 - t1b, plan: t3 - t2, render: t4 - t3, copy: t5 - t4 - (t4 - t3),
      copyReused: t6 - t5 - (t4 - t3), session: t7 - t6, memcpy: t8 - t7, memcpyOut: t10 - t9,
    });
  }
  return out;
}
