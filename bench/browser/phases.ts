// Where the worker's time goes: the steps of a decode run one by one on this page's thread with
// the same core and session code, each timed (ms). Total minus these = worker messaging.
import { createWorkerCore } from '../../src/worker/worker-core.js';
import { DecodeSession } from '../../src/worker/decode-session.js';

export interface Phases { read: number; load: number; open: number; render: number; copy: number; chunks: number }

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
    const session = new DecodeSession(core);
    await session.open(bytes);
    const t3 = performance.now();
    // render only (views, no copies), then render + copies as the session does
    core.renderReset();
    for (;;) { const { frames } = core.render(96000); if (frames === 0) break; }
    const t4 = performance.now();
    core.renderReset();
    for (;;) { const { frames } = core.render(96000); if (frames === 0) break; core.outputCopy(frames); }
    const t5 = performance.now();
    for await (const c of session.chunks()) void c;
    const t6 = performance.now();
    out.push({ read: t1 - t0, load: t2 - t1, open: t3 - t2, render: t4 - t3, copy: t5 - t4 - (t4 - t3), chunks: t6 - t5 });
  }
  return out;
}
