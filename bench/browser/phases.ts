// Where the worker's time goes: the steps of a decode run one by one on this page's thread with
// the same core and session code, each timed (ms). The worker's total minus these is messaging.
import { createWorkerCore } from '../../src/worker/worker-core.js';
import { DecodeSession } from '../../src/worker/decode-session.js';

export interface Phases {
  /** Blob → ArrayBuffer in one arrayBuffer() call (reference only: the session streams) */
  read: number;
  /** the Blob's bytes through a BYOB reader into two reused buffers, nothing else: Chromium's share of load */
  readByob: number;
  /** Blob → core memory piece by piece through a BYOB reader, each piece scanned as it arrives (what open() does) */
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
}

const CHUNK = 8 * 96000;

export async function runPhases(url: string, runs: number): Promise<Phases[]> {
  const blob = await (await fetch(url)).blob();
  const core = await createWorkerCore();
  const out: Phases[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await blob.arrayBuffer();
    const t1 = performance.now();
    {
      const reader = blob.stream().getReader({ mode: 'byob' });
      const bufs = [new ArrayBuffer(4 << 20), new ArrayBuffer(4 << 20)];
      for (let k = 0; ; k ^= 1) {
        const { done, value } = await reader.read(new Uint8Array(bufs[k]));
        if (done || !value) break;
        bufs[k] = value.buffer as ArrayBuffer;
      }
    }
    const t1b = performance.now();
    core.reset(blob.size);
    // As open() reads a Blob: a BYOB reader into one reused 4 MiB buffer (capture-source.ts).
    const reader = blob.stream().getReader({ mode: 'byob' });
    for (let buf = new ArrayBuffer(4 << 20); ;) {
      const { done, value } = await reader.read(new Uint8Array(buf));
      if (done || !value) break;
      core.append(value, false);
      buf = value.buffer as ArrayBuffer;
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
    out.push({
      read: t1 - t0, readByob: t1b - t1, load: t2 - t1b, plan: t3 - t2, render: t4 - t3, copy: t5 - t4 - (t4 - t3),
      copyReused: t6 - t5 - (t4 - t3), session: t7 - t6,
    });
  }
  return out;
}
