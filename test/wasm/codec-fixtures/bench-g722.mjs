// Not a test: times the core's G.722 decoder on one hour of a two-way call (2 x 3600 s at
// 8000 bytes/s) against native ffmpeg on the same bitstream. CPU time, as the machine is shared.
// Usage (after npm run build:wasm): node test/wasm/codec-fixtures/bench-g722.mjs [seconds]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const seconds = Number(process.argv[2] ?? 3600) * 2;
const bits = new Uint8Array(seconds * 8000);
let s = 0x9e3779b9;
for (let i = 0; i < bits.length; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; bits[i] = s & 0xff; }

const wasm = readFileSync(new URL('../../../wasm/build/decoder.wasm', import.meta.url));
const { instance } = await WebAssembly.instantiate(wasm, { env: { abort() { throw new Error('abort'); } } });
const x = instance.exports;
x.reset(0);
const scratch = x.scratchPtr();
const step = 1 << 19; // input per call; output (4 bytes per input byte) follows it in the 4 MiB scratch
let best = Infinity;
for (let rep = 0; rep < 3; rep++) {
  const c0 = process.cpuUsage();
  x.g722Reset();
  for (let off = 0; off < bits.length; off += step) {
    const part = bits.subarray(off, Math.min(bits.length, off + step));
    new Uint8Array(x.memory.buffer, scratch, part.length).set(part);
    x.g722DecodeBuffer(scratch, part.length, scratch + step);
  }
  best = Math.min(best, process.cpuUsage(c0).user / 1000);
}
console.log(`wasm g722: ${bits.length} bytes in ${best.toFixed(0)} ms CPU (best of 3)`);

const dir = mkdtempSync(join(tmpdir(), 'g722-bench-'));
try {
  const file = join(dir, 'call.g722');
  writeFileSync(file, bits);
  let ff = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const r = execFileSync('sh', ['-c', `ffmpeg -hide_banner -benchmark -f g722 -i '${file}' -f null - 2>&1`], { encoding: 'utf8' });
    const m = /utime=([\d.]+)s/.exec(r);
    if (m) ff = Math.min(ff, Number(m[1]) * 1000);
  }
  console.log(`ffmpeg g722: ${ff.toFixed(0)} ms CPU (best of 3); ratio wasm/ffmpeg ${(best / ff).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
