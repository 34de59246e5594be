// Decode-speed check: one hour of G.729 per direction (2 x 360,000 frames of the speech
// fixture, no DTX) through the built core in this JS engine, and the same bitstream through
// the bcg729 C harness when `cc` and libbcg729 are present.
// Usage: node test/wasm/g729-fixtures/bench-g729.mjs   (after npm run build:wasm)
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const bits = readFileSync(join(here, 'g729-speech.g729t'));
const frames = bits.length / 11;
const total = 720000;
const { instance } = await WebAssembly.instantiate(readFileSync(join(root, 'wasm/build/decoder.wasm')), {
  env: { abort: () => { throw new Error('abort'); } },
});
const x = instance.exports;
x.reset(0);
const src = x.scratchPtr();
const dst = src + (1 << 20);
new Uint8Array(x.memory.buffer).set(bits, src);
x.g729Reset();
x.g729DecodeBuffer(src, bits.length, dst); // warm-up
const t0 = process.hrtime.bigint();
let done = 0;
while (done < total) { x.g729DecodeBuffer(src, bits.length, dst); done += frames; }
const wasmS = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`wasm (V8, Node ${process.version}): ${done} frames in ${wasmS.toFixed(3)} s`);

try {
  const tmp = join(root, '.tmp');
  mkdirSync(tmp, { recursive: true });
  const exe = join(tmp, 'bcg729-ref');
  execFileSync('cc', ['-O2', '-o', exe, join(root, 'test/tools/bcg729-ref.c'), '-lbcg729']);
  const reps = Math.ceil(total / frames);
  const [n, secs] = execFileSync(exe, ['bench', String(reps)], { input: bits }).toString().trim().split(' ');
  console.log(`bcg729 native (cc -O2): ${n} frames in ${Number(secs).toFixed(3)} s`);
} catch (e) {
  console.log(`bcg729 harness not available: ${e.message.split('\n')[0]}`);
}
