// Runs fuzz cases in a worker thread so the parent can kill it if a case hangs.
// Each case: mutate → full decode through the compiled pipeline (dist/) → classify.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { mutate } from './mutate.mjs';

const { seeds, first, count, root } = workerData;
const { WasmCore } = await import(`${root}/dist/worker/wasm-module.js`);
const { isErrorCode } = await import(`${root}/dist/shared/errors.js`);
const wasm = readFileSync(`${root}/wasm/build/decoder.wasm`);
const module = new WebAssembly.Module(wasm);

/** Fatal codes a damaged capture may legitimately produce. */
const EXPECTED = new Set(['not-a-capture', 'bad-header', 'no-audio', 'too-large']);
const MAX_MEMORY = 1 << 30;

let core = await WasmCore.create(module);
for (let i = first; i < first + count; i++) {
  const { name, bytes } = mutate(seeds, i);
  let outcome = 'ok';
  let detail = '';
  try {
    core.load(bytes);
    core.plan();
    const total = core.totalFrames();
    let frames = 0;
    for (let guard = 0; ; guard++) {
      const r = core.render(48000);
      if (r.frames === 0) break;
      frames += r.frames;
      if (frames > total || guard > total / 48000 + 4) throw new Error(`render produced ${frames} frames for a ${total}-frame plan`);
    }
    if (frames !== total) throw new Error(`render produced ${frames} of ${total} frames`);
  } catch (e) {
    if (e && isErrorCode(e.name) && EXPECTED.has(e.name)) outcome = 'typed-error';
    else { outcome = 'failure'; detail = `${e?.name}: ${e?.message}`; }
  }
  const memory = core.memoryBytes();
  if (outcome !== 'failure' && memory > MAX_MEMORY) { outcome = 'failure'; detail = `memory grew to ${memory} bytes`; }
  if (outcome === 'failure') core = await WasmCore.create(module); // a trapped instance is not reused
  parentPort.postMessage({ i, name, outcome, detail, size: bytes.length, bytes: outcome === 'failure' ? bytes : undefined });
}
parentPort.postMessage({ done: true });
