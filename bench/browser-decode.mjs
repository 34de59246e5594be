// Times the decoder in Debian's chromium: the real DecoderClient → worker → WASM path, on a
// capture served over HTTP. `--memory` keeps every chunk and reports the renderer's peak RSS.
//   node bench/browser-decode.mjs <file> [--memory] [--phases]  → prints one JSON line
import { createServer } from 'node:http';
import { createReadStream, statSync, readFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve, extname } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';

const [file, ...flags] = process.argv.slice(2);
const memory = flags.includes('--memory');
// --runs N: timed decodes per batch (the first is cold); more runs steady the medians on a noisy machine
const runsAt = flags.indexOf('--runs');
const RUNS = runsAt >= 0 ? Math.max(2, Number(flags[runsAt + 1])) : 5;
// --phases: afterwards, the steps of a decode timed one by one on the page (bench/browser/phases.ts)
const phases = flags.includes('--phases') || flags.includes('--phases-only');
const root = resolve(import.meta.dirname, '..');
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const outDir = join(root, '.tmp', `bench-web-${process.pid}`);
await build({
  root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production',
  build: { outDir, emptyOutDir: true, sourcemap: false, rolldownOptions: { input: { bench: join(root, 'bench/browser/bench.html') } } },
});
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const target = path === '/capture.pcap' ? resolve(file) : join(outDir, path);
  if (!target.startsWith(outDir) && target !== resolve(file)) { res.writeHead(403).end(); return; }
  if (!existsSync(target) || statSync(target).isDirectory()) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', 'content-length': statSync(target).size });
  createReadStream(target).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
// Only this run's renderers: other Chromium instances on the machine must not count.
const parentOf = (pid) => { try { return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]); } catch { return 0; } };
const ours = (pid) => { for (let p = pid, i = 0; p > 1 && i < 16; p = parentOf(p), i++) if (p === process.pid) return true; return false; };
const rendererPids = () => {
  const pids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try { if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=renderer') && ours(Number(d))) pids.push(Number(d)); } catch { /* gone */ }
  }
  return pids;
};
const status = (pid, key) => {
  let text = '';
  try { text = readFileSync(`/proc/${pid}/status`, 'utf8'); } catch { return 0; } // renderer gone (e.g. a closed page)
  return Number(/(\d+) kB/.exec(text.split('\n').find((l) => l.startsWith(key)) ?? '0 kB')[1]) * 1024;
};
try {
  const page = await browser.newPage();
  const page_errors = [];
  page.on('pageerror', (e) => page_errors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/bench/browser/bench.html`);
  await page.waitForSelector('body[data-ready="1"]');
  const pids = rendererPids();
  const baselineBytes = Math.max(...pids.map((p) => status(p, 'VmRSS:')));
  // --phases-only: skip the timed decodes (a quicker look at the steps while working on them)
  const r = flags.includes('--phases-only') ? { runs: [{ totalMs: NaN, firstChunkMs: NaN, openMs: NaN }], bytes: 0 }
    : await page.evaluate(([u, n, k]) => window.runBench(u, n, k, true), ['/capture.pcap', memory ? 1 : RUNS, memory]);
  // Baseline for the first audio, same page and run: the decode without a preview (first chunk after the whole read + plan).
  const plain = memory || flags.includes('--phases-only') ? null
    : await page.evaluate(([u, n]) => window.runBench(u, n, false, false), ['/capture.pcap', RUNS]);
  // The same decode from bytes the page holds (an ArrayBuffer moved to the worker): no Blob read.
  const inMemory = memory || flags.includes('--phases-only') ? null
    : await page.evaluate(([u, n]) => window.runBench(u, n, false, true, 'bytes'), ['/capture.pcap', RUNS + 1]);
  // A call the client split between two workers: the same decode kept to one worker, for comparison.
  const oneWorker = r.split && !memory
    ? await page.evaluate(([u, n]) => window.runBench(u, n, false, true, 'blob', false), ['/capture.pcap', RUNS]) : null;
  if (page_errors.length) throw new Error(page_errors.join('; '));
  const peakBytes = Math.max(...pids.map((p) => status(p, 'VmHWM:')));
  const warm = r.runs.slice(1).map((x) => x.totalMs).sort((a, b) => a - b);
  let phaseMedians, phaseMins;
  if (phases) {
    const ph = (await page.evaluate(([u]) => window.runPhases(u, 6), ['/capture.pcap'])).slice(1);
    phaseMedians = Object.fromEntries(Object.keys(ph[0]).map((k) => [k, ph.map((x) => x[k]).sort((a, b) => a - b)[ph.length >> 1]]));
    phaseMins = Object.fromEntries(Object.keys(ph[0]).map((k) => [k, Math.min(...ph.map((x) => x[k]))]));
  }
  console.log(JSON.stringify({
    file, bytes: r.bytes, sampleRate: r.sampleRate, frames: r.frames, coldMs: r.runs[0].totalMs,
    warmMedianMs: warm[Math.floor(warm.length / 2)] ?? r.runs[0].totalMs, warmMinMs: warm[0] ?? r.runs[0].totalMs,
    firstChunkMs: Math.min(...r.runs.map((x) => x.firstChunkMs)), openMs: Math.min(...r.runs.map((x) => x.openMs)),
    firstChunkMedianMs: median(r.runs.map((x) => x.firstChunkMs)),
    plainFirstChunkMs: plain ? Math.min(...plain.runs.map((x) => x.firstChunkMs)) : null,
    plainFirstChunkMedianMs: plain ? median(plain.runs.map((x) => x.firstChunkMs)) : null,
    split: !!r.split,
    oneWorkerColdMs: oneWorker ? oneWorker.runs[0].totalMs : null,
    oneWorkerWarmMedianMs: oneWorker ? median(oneWorker.runs.slice(1).map((x) => x.totalMs)) : null,
    bytesColdMs: inMemory ? inMemory.runs[0].totalMs : null,
    bytesWarmMedianMs: inMemory ? median(inMemory.runs.slice(1).map((x) => x.totalMs)) : null,
    bytesWarmMinMs: inMemory ? Math.min(...inMemory.runs.slice(1).map((x) => x.totalMs)) : null,
    baselineBytes, peakBytes, phases: phaseMedians, phaseMins, runs: r.runs, bytesRuns: inMemory?.runs ?? null,
  }));
} finally {
  await browser.close();
  server.close();
  rmSync(outDir, { recursive: true, force: true });
}
