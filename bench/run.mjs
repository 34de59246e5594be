// `npm run bench`: decoder benchmarks against references measured in the same run on the
// same files, written to docs/benchmarks.md with the machine and the command. Not a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { statSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { makeCall } from './make-call.mjs';

const DIR = '.tmp/bench';
const LOAD_AT_START = loadavg()[0].toFixed(1);
const only = process.argv.slice(2);
const want = (k) => only.length === 0 || only.includes(k);

function timeCmd(cmd, args, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;

function nodeDecode(file, runs = 5) {
  const out = execFileSync('node', ['bench/node-decode.mjs', file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop());
}

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const chromium = spawnSync('chromium', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'chromium not installed';
  const ff = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
  const ts = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0] ?? '';
  // Other work on the machine slows every timing (ours and the references alike): say how busy it was.
  return `${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, load average ${LOAD_AT_START} at the start of the run and ${loadavg()[0].toFixed(1)} at its end; Node ${process.version}; ${chromium}; ${ff}; ${ts}`;
}

/** The G.711 decode's steps timed one by one in Chromium (bench/browser/phases.ts), medians. */
function phaseTable(ph, phMin) {
  if (!ph) return '';
  return `

Where the Chromium time goes (1-hour G.711, the same steps run one by one on the page thread, medians of 5, fastest
in brackets): the Blob's bytes alone through the session's reader (BYOB, two 1 MiB buffers) ${fmt(ph.readByob)} (${fmt(phMin.readByob)}) — Chromium's
share, the same for any reader; \`blob.arrayBuffer()\` instead ${fmt(ph.read)} (${fmt(phMin.read)}), as it faults in
fresh memory for the whole file; read + scan as the session does it ${fmt(ph.load)} (${fmt(phMin.load)}); plan
${fmt(ph.plan)} (${fmt(phMin.plan)}); render ${fmt(ph.render)} (${fmt(phMin.render)}); copying the output into fresh
buffers ${fmt(ph.copy)} (${fmt(phMin.copy)}), into reused ones ${fmt(ph.copyReused)} (${fmt(phMin.copyReused)}); open +
all chunks, Blob to fresh buffers, ${fmt(ph.session)} (${fmt(phMin.session)}). For the machine's pace: copying the file's
${mb(results.pcma?.size ?? 0)} once between two buffers already in memory takes ${fmt(ph.memcpy)} (${fmt(phMin.memcpy)}) here, the
call's ${mb((results.pcma?.browser?.frames ?? 0) * 4)} of PCM ${fmt(ph.memcpyOut)} (${fmt(phMin.memcpyOut)}); a decode moves the file into
the core and the PCM out of it, one thread doing all of it. Against the 60 ms target, before any packet is parsed or
sample expanded: the Blob read above, and the two copies together ${fmt(ph.memcpy + ph.memcpyOut)} (${fmt(phMin.memcpy + phMin.memcpyOut)}).

What makes a warm decode fast: nothing on its path touches fresh memory. The worker keeps its core's memory, reads
the Blob through two reused buffers and renders into chunk buffers it keeps across decodes; the page adds each chunk
to a PcmStore whose arrays are those of the call it closed before (PcmRecycler); waveform peaks are measured in the
core (SIMD) instead of by the page. Fresh memory is what a cold run pays for (see "fresh buffers" above).`;
}

/** Decodes per batch in Chromium (the first of each is cold): this machine's timings swing by a third from run to run. */
const BROWSER_RUNS = 11;

const sections = [];
const results = {};

if (want('g711') || want('g722')) {
  const rows = [];
  const oneWorkerNotes = [];
  for (const codec of ['pcma', 'g722']) {
    if (!want(codec === 'pcma' ? 'g711' : 'g722')) continue;
    const call = makeCall(codec, 60, DIR);
    const size = statSync(call.pcap).size;
    const tshark = timeCmd('tshark', ['-r', call.pcap, '-d', 'udp.port==16386,rtp', '-d', 'udp.port==16388,rtp', '-q', '-z', 'rtp,streams']);
    const fmtArgs = codec === 'pcma' ? ['-f', 'alaw', '-ar', '8000'] : ['-f', 'g722'];
    const ffmpeg = timeCmd('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...fmtArgs, '-i', call.local, '-f', 'null', '-'])
      + timeCmd('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...fmtArgs, '-i', call.remote, '-f', 'null', '-']);
    const node = nodeDecode(call.pcap);
    let browser = null;
    if (existsSync('bench/browser-decode.mjs')) {
      const args = ['bench/browser-decode.mjs', call.pcap, '--runs', String(BROWSER_RUNS), ...(codec === 'pcma' ? ['--phases'] : [])];
      const out = execFileSync('node', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
      browser = JSON.parse(out.trim().split('\n').pop());
    }
    results[codec] = { size, tshark, ffmpeg, node, browser };
    const warm = browser?.warmMedianMs ?? node.warmMedianMs;
    const bytesWarm = browser?.bytesWarmMedianMs ?? null;
    rows.push(`| 1-hour two-way ${codec === 'pcma' ? 'G.711 A-law' : 'G.722'} (${mb(size)}) | ${fmt(node.coldMs)} / ${fmt(node.warmMedianMs)} | ${browser ? `${fmt(browser.coldMs)} / ${fmt(browser.warmMedianMs)} [${fmt(browser.warmMinMs)}]${browser.split ? ' (2 workers)' : ''}` : 'n/a'} | ${bytesWarm != null ? `${fmt(bytesWarm)} [${fmt(browser.bytesWarmMinMs)}]` : 'n/a'} | ${browser ? `${fmt(browser.firstChunkMs)}${browser.plainFirstChunkMs != null ? ` (${fmt(browser.plainFirstChunkMs)})` : ''}` : fmt(node.firstChunkMs) + ' (Node)'} | ${fmt(tshark)} | ${(tshark / warm).toFixed(1)}× / ${bytesWarm != null ? `${(tshark / bytesWarm).toFixed(1)}×` : 'n/a'} | ${fmt(ffmpeg)} | ${(warm / ffmpeg).toFixed(2)}× |`);
    if (browser?.oneWorkerWarmMedianMs != null) oneWorkerNotes.push(`${codec === 'pcma' ? 'G.711' : 'G.722'}: the player splits this call between two workers (one side each); kept to one worker it takes ${fmt(browser.oneWorkerColdMs)} cold / ${fmt(browser.oneWorkerWarmMedianMs)} warm (${(browser.oneWorkerWarmMedianMs / ffmpeg).toFixed(2)}× native ffmpeg).`);
  }
  sections.push(`## Decoding a 1-hour call

Generated by \`bench/make-call.mjs\` (ffmpeg-encoded synthetic voices, 20 ms RTP, innovaphone ports,
sequence and timestamp wrap early in the local stream). "ours" = from handing the capture to the decoder until every
sample of both channels is in memory the page owns: read + scan + plan, then every chunk rendered, transferred and
added by the page to a PcmStore of the whole call (as the player does, waveform peaks included; buffers handed back
to the worker). "From a Blob": the file as the app gets it from a drop, IndexedDB or a download. "From bytes in
memory": the same decode when the page holds the file as an ArrayBuffer and moves it to the worker (no Blob read).
Warm = the same page and worker after an earlier decode (as when the user opens the next call). Node: open + every
chunk from bytes in memory. tshark = \`tshark -q -z rtp,streams\` on the same file (stream analysis only, no audio);
ffmpeg = native \`ffmpeg -f alaw|g722 -i <payload> -f null -\` on exactly the payload bytes of both directions (sum).
Times are medians (Chromium: of ${BROWSER_RUNS - 1} warm runs per batch, the fastest in square brackets); cold = first run in a
fresh process/page. First audio chunk: fastest of ${BROWSER_RUNS} runs with the preview the player uses (in brackets: the same
page and run without a preview, first chunk after the whole read).

| capture | ours, Node cold / warm | ours, Chromium worker from a Blob, cold / warm | from bytes in memory, warm | first audio chunk (no preview) | tshark | tshark ÷ ours, warm (Blob / bytes) | native ffmpeg (both directions) | ours (warm, Blob) ÷ ffmpeg |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
${oneWorkerNotes.length ? `\n${oneWorkerNotes.join('\n')}\n` : ''}
Targets: G.711 ≤ 60 ms warm in the worker and ≥ 20× faster than tshark; G.722 within 1.5× of native ffmpeg;
first playable audio within 100 ms of opening.${phaseTable(results.pcma?.browser?.phases, results.pcma?.browser?.phaseMins)}`);
}

if (want('g729')) { const g = await (await import('./g729-decode.mjs')).benchG729(DIR); results.g729 = g.results; sections.push(g.section); }

if (want('memory') && existsSync('bench/browser-decode.mjs')) {
  const call = makeCall('pcma', 240, DIR);
  const out = execFileSync('node', ['bench/browser-decode.mjs', call.pcap, '--memory'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop());
  results.memory = r;
  const pcm = r.frames * 2 * 2;
  sections.push(`## A 4-hour call in Chromium

\`bench/make-call.mjs pcma 240\` (${mb(r.bytes)}), decoded in the worker, every sample copied into whole-call arrays on the page (as the player does).
Peak resident memory of the renderer process (VmHWM, includes the browser's own baseline of ${mb(r.baselineBytes)}):
${mb(r.peakBytes)}; above baseline ${mb(r.peakBytes - r.baselineBytes)}. Input ${mb(r.bytes)} + 1.5 × output PCM
${mb(pcm)} = ${mb(r.bytes + 1.5 * pcm)} allowed → ${(r.peakBytes - r.baselineBytes) <= r.bytes + 1.5 * pcm ? 'within' : 'OVER'} the bound.
Decode time ${fmt(r.coldMs)}.`);
}

if (want('ingest')) {
  // N simulated phones, each streaming a chunked PUT at 2 × 50 packets/s, against a real `recordings serve`.
  const rows = [];
  // PostgreSQL gets a fresh database per run: leftover uploads of the same names would be replaced (204), not created.
  const pgDb = () => {
    const name = `rec_bench_${Date.now()}`;
    execFileSync('psql', ['-h', '127.0.0.1', '-U', 'root', '-d', 'test', '-c', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
    return name;
  };
  const runs = [['SQLite', null, [500, 1000, 1500]], ['PostgreSQL', 'pg', [1000]]];
  for (const [store, kind, phones] of runs) {
    for (const n of phones) {
      const db = kind === 'pg' ? pgDb() : null;
      const extra = db ? ['--database-url', `postgres://root@127.0.0.1:5432/${db}`] : [];
      const out = execFileSync('node', ['dist/server/tools/ingest-load.js', '--phones', String(n), '--seconds', '60', ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const r = JSON.parse(out.trim().split('\n').pop());
      (results.ingest ??= []).push({ store, ...r });
      if (db) execFileSync('psql', ['-h', '127.0.0.1', '-U', 'root', '-d', 'test', '-c', `DROP DATABASE ${db}`], { stdio: 'ignore' });
      rows.push(`| ${store} | ${n} | ${r.created} × 201, ${r.failed} failed | ${r.listed} | ${r.sizeMismatches} | ${r.peakRssMb} MB | ${r.failed === 0 && r.sizeMismatches === 0 && r.listed === n && r.peakRssMb < 400 ? 'yes' : 'no'} |`);
    }
  }
  sections.push(`## Ingest: concurrent streaming uploads

\`node dist/server/tools/ingest-load.js --phones N --seconds 60 [--database-url …]\`: N simulated phones each stream a
chunked PUT of G.711 RTP at 2 × 50 packets/s for 60 s to a real \`recordings serve\` child process on loopback; then
every upload is checked (status, listed, byte count) and the server's peak RSS (VmHWM) is read. Target: ≥ 1,000
concurrent streaming uploads with zero loss and RSS < 400 MB.

| store | phones | uploads | listed | size mismatches | server peak RSS | held (no loss, < 400 MB) |
|---|---|---|---|---|---|---|
${rows.join('\n')}`);
}

if (want('list')) {
  const file = `${DIR}/list-scale.jsonl`;
  writeFileSync(file, '');
  execFileSync('npx', ['vitest', 'run', 'test/server/storage-scale.test.ts', '--testTimeout=1800000'], {
    stdio: 'inherit', env: { ...process.env, RECORDINGS_SCALE_ROWS: '1000000', RECORDINGS_SCALE_OUT: file },
  });
  const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const by = Object.fromEntries(lines.map((l) => [l.store, l.p95]));
  results.list = by;
  const names = Object.keys(by.sqlite ?? by.pg ?? {});
  sections.push(`## ListRecordings over 1,000,000 recordings

\`RECORDINGS_SCALE_ROWS=1000000 npx vitest run test/server/storage-scale.test.ts\`: 1M index rows (2,000 owners,
three years), each query 40 times with varying parameters, 50 rows per page; p95 in ms. Target: p95 < 30 ms on SQLite.

| query | SQLite | PostgreSQL |
|---|---|---|
${names.map((n) => `| ${n} | ${by.sqlite?.[n] ?? '–'} | ${by.pg?.[n] ?? '–'} |`).join('\n')}`);
}

if (want('app-bundle')) sections.push(JSON.parse(execFileSync('node', ['bench/app-bundle.mjs'], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()).section);
if (want('app-list')) sections.push(JSON.parse(execFileSync('node', ['bench/app-list.mjs'], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()).section);
if (want('app-first-audio')) sections.push(JSON.parse(execFileSync('node', ['bench/app-first-audio.mjs'], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()).section);
if (want('time-stretch')) sections.push(execFileSync('node', ['bench/time-stretch.mjs'], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim());

// Each section says when and on what it was measured: a partial run keeps older sections, which
// may come from another machine or a busier moment.
const stamp = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine().replace(/\.+$/, '')}.`;
for (let i = 0; i < sections.length; i++) sections[i] = `${sections[i].trim()}\n\n${stamp}`;

// Sections measured now replace their namesakes in docs/benchmarks.md; the others stay as they were.
const previous = existsSync('docs/benchmarks.md') ? readFileSync('docs/benchmarks.md', 'utf8') : '';
const kept = previous.split(/\n(?=## )/).slice(1)
  .filter((old) => !sections.some((s) => s.split('\n')[0] === old.split('\n')[0]))
  .map((x) => x.trim());
const doc = `# Benchmarks

Command: \`npm run bench\` (all sections) or \`npm run bench -- g711 g722 g729 memory ingest list app-bundle app-list app-first-audio time-stretch\`
(some). Sections not re-run keep their earlier figures; each ends with when and on which machine it was measured.

${[...sections, ...kept].join('\n\n')}
`;
writeFileSync('docs/benchmarks.md', doc);
writeFileSync(`${DIR}/results.json`, JSON.stringify(results, null, 2));
console.log(doc);
