// The player's WSOLA time stretch (src/app/services/time-stretch.ts) on the CPU: seconds of output
// per second of work at 0.5×/1×/2× for 8/16/48 kHz calls, against a baseline measured in the same
// run — converting the same number of frames Int16 → float without stretching (what playback at 1×
// used to do). Runs on the page's thread in the browser, so this is the budget it takes from the UI.
//   node bench/time-stretch.mjs            → a markdown section on stdout
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, '.tmp', `bench-stretch-${process.pid}`);
mkdirSync(dir, { recursive: true });
try {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', module: 'es2022', outDir: 'out', types: [], skipLibCheck: true },
    files: [join(root, 'src', 'app', 'services', 'time-stretch.ts')],
  }));
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(dir, 'tsconfig.json')], { stdio: 'inherit' });
  writeFileSync(join(dir, 'out', 'package.json'), '{"type":"module"}');
  const { WsolaStretcher } = await import(pathToFileURL(join(dir, 'out', 'time-stretch.js')).href);

  const SECONDS = 60, RUNS = 5;
  /** the baseline: what each output frame costs without stretching */
  const copy = (l, r, left, right, frames) => { for (let i = 0; i < frames; i++) { l[i] = left[i] / 32768; r[i] = right[i] / 32768; } };
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const rows = [];
  for (const rate of [8000, 16000, 48000]) {
    const n = rate * SECONDS;
    // speech-like: two partials and a slow envelope, different per side
    const left = new Int16Array(n), right = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      const env = 0.5 + 0.5 * Math.sin((2 * Math.PI * i) / (rate * 0.4));
      left[i] = Math.round(env * (8000 * Math.sin((2 * Math.PI * 180 * i) / rate) + 3000 * Math.sin((2 * Math.PI * 1100 * i) / rate)));
      right[i] = Math.round(env * 7000 * Math.sin((2 * Math.PI * 240 * i) / rate));
    }
    const input = { left, right, available: n };
    for (const speed of [0.5, 1, 2]) {
      const probe = new WsolaStretcher(rate);
      const hops = Math.floor((n - rate) / (probe.hop * speed));
      const frames = hops * probe.hop;
      const l = new Float32Array(frames), r = new Float32Array(frames);
      const work = [], base = [];
      const src = frames <= n ? { left, right } : { left: new Int16Array(frames), right: new Int16Array(frames) };
      copy(l, r, src.left, src.right, frames); // warm-up (JIT) before timing
      for (let k = 0; k < RUNS; k++) {
        const st = new WsolaStretcher(rate);
        st.speed = speed;
        st.reset(input, 0);
        let t0 = performance.now();
        st.render(input, l, r, 0, hops);
        work.push(performance.now() - t0);
        t0 = performance.now();
        copy(l, r, src.left, src.right, frames);
        base.push(performance.now() - t0);
      }
      const outSec = frames / rate, w = median(work), b = median(base);
      rows.push(`| ${rate / 1000} kHz | ${speed}× | ${outSec.toFixed(0)} s | ${w.toFixed(0)} ms | ${Math.round((outSec * 1000) / w)}× | ${b.toFixed(1)} ms | ${(w / b).toFixed(1)}× |`);
    }
  }
  console.log(`## Player time stretch (WSOLA)

\`node bench/time-stretch.mjs\` — ${SECONDS} s of stereo input per rate, median of ${RUNS}. Baseline: the plain Int16 → float
copy of the same output frames, measured in the same run.

| call rate | speed | output | stretch | × real time | baseline copy | stretch / copy |
|---|---|---|---|---|---|---|
${rows.join('\n')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
