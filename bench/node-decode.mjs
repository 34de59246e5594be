// Times our decoder in Node on one capture: open (read + plan) and all audio chunks,
// cold (first run of a fresh process) and warm (later runs, same core).
//   node bench/node-decode.mjs <file> [runs]  → prints one JSON line
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DecodeSession } from '../dist/worker/decode-session.js';
import { createNodeCore } from '../dist/worker/core-node.js';

const [file, runsArg = '5'] = process.argv.slice(2);
const bytes = new Uint8Array(readFileSync(file));
const session = new DecodeSession(await createNodeCore());
const runs = [];
let info;
for (let i = 0; i < Number(runsArg); i++) {
  const t0 = performance.now();
  info = await session.open(bytes);
  const t1 = performance.now();
  let firstChunkMs = -1, frames = 0;
  for await (const c of session.chunks()) {
    if (firstChunkMs < 0) firstChunkMs = performance.now() - t0;
    frames += c.left.length;
  }
  const t2 = performance.now();
  runs.push({ openMs: t1 - t0, totalMs: t2 - t0, firstChunkMs, frames });
}
const warm = runs.slice(1).map((r) => r.totalMs).sort((a, b) => a - b);
console.log(JSON.stringify({
  file, bytes: bytes.length, sampleRate: info.sampleRate, frames: info.frames, durationMs: info.durationMs,
  coldMs: runs[0].totalMs, warmMedianMs: warm[Math.floor(warm.length / 2)] ?? runs[0].totalMs,
  warmMinMs: warm[0] ?? runs[0].totalMs, firstChunkMs: runs[runs.length - 1].firstChunkMs, runs,
}));
