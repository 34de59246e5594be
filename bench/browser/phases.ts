// Where the worker's time goes: the steps of a decode run one by one on this page's thread with
// the same core and session code, each timed (ms). The worker's total minus these is messaging.
import { createWorkerCore } from '../../src/worker/worker-core.js';
import { DecodeSession } from '../../src/worker/decode-session.js';

export interface Phases {
  /** Blob → ArrayBuffer */
  read: number;
  /** copy into core memory + scan() */
  load: number;
  plan: number;
  /** every render() call, output left in core memory */
  render: number;
  /** copying every render's output into fresh buffers (what the worker transfers) */
  copy: number;
  /** DecodeSession.open + all chunks from the bytes in memory, as the worker runs them */
  session: number;
}

export async function runPhases(url: string, runs: number): Promise<Phases[]> {
  const blob = await (await fetch(url)).blob();
  const core = await createWorkerCore();
  const out: Phases[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const t1 = performance.now();
    core.reset(bytes.length);
    core.append(bytes, true);
    const t2 = performance.now();
    core.plan();
    const t3 = performance.now();
    core.renderReset();
    for (;;) { const { frames } = core.render(96000); if (frames === 0) break; }
    const t4 = performance.now();
    core.renderReset();
    for (;;) { const { frames } = core.render(96000); if (frames === 0) break; core.outputCopy(frames); }
    const t5 = performance.now();
    const session = new DecodeSession(core);
    await session.open(bytes);
    for await (const c of session.chunks(8 * 96000)) void c;
    const t6 = performance.now();
    out.push({ read: t1 - t0, load: t2 - t1, plan: t3 - t2, render: t4 - t3, copy: t5 - t4 - (t4 - t3), session: t6 - t5 });
  }
  return out;
}
