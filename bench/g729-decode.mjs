// `npm run bench -- g729`: one hour of two-way G.729 (2 × 360,000 frames, 20 ms packets,
// innovaphone ports) decoded by us in the Chromium worker (the real DecoderClient path) and in
// Node, the bare G.729 decoder in a Chromium worker, and the same payloads through bcg729
// native (our C harness, cc -O2) and native ffmpeg (`-f g729`), all in the same run.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { writeTwoWayPcap } from './rtp-pcap.mjs';

const root = resolve(import.meta.dirname, '..');
const FRAMES = 360_000; // one hour of 10 ms frames per direction
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** The speech fixture's 10-byte frames (bcg729-encoded espeak speech, no DTX). */
function speechFrames() {
  const b = readFileSync(join(root, 'test/wasm/g729-fixtures/g729-speech.g729t'));
  const out = [];
  for (let p = 0; p + 11 <= b.length; p += 11) out.push(b.subarray(p + 1, p + 11));
  return out;
}

/** Frame i of a direction: the fixture looped, the remote side starting half way through. */
const frameAt = (frames, dir, i) => frames[(i + dir * 150) % frames.length];

/** Writes the capture (classic pcap, Ethernet/IPv4/UDP/RTP PT 18, 2 frames per packet) and each direction's raw bitstream. */
function makeCapture(dir) {
  mkdirSync(dir, { recursive: true });
  const pcap = join(dir, 'g729-60min.pcap');
  const raw = [join(dir, 'g729-60min.local.bit'), join(dir, 'g729-60min.remote.bit')];
  const frames = speechFrames();
  for (let d = 0; d < 2; d++) {
    if (existsSync(raw[d]) && statSync(raw[d]).size === FRAMES * 10) continue;
    const b = Buffer.alloc(FRAMES * 10);
    for (let i = 0; i < FRAMES; i++) b.set(frameAt(frames, d, i), i * 10);
    writeFileSync(raw[d], b);
  }
  const packets = FRAMES / 2;
  const rec = 16 + 14 + 20 + 8 + 12 + 20;
  if (existsSync(pcap) && statSync(pcap).size === 24 + 2 * packets * rec) return { pcap, raw };
  writeTwoWayPcap(pcap, {
    packets, pt: 18, payloadBytes: 20, tsStep: 160, startSec: 1_700_000_000, remoteOffsetUs: 3000,
    ssrc: { local: 0x729a, remote: 0x729b }, seq0: { local: 0, remote: 0 }, ts0: { local: 0, remote: 0 },
    payload: (side, k, b, at) => {
      const d = side === 'local' ? 0 : 1;
      b.set(frameAt(frames, d, 2 * k), at);
      b.set(frameAt(frames, d, 2 * k + 1), at + 10);
    },
  });
  return { pcap, raw };
}

function timeCmd(cmd, args, input, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { input, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** bcg729 native: the C harness built with cc -O2; run() decodes both directions once (decode loop only), ms. */
function bcg729Native(raw) {
  const exe = join(root, '.tmp', 'bcg729-ref-bench');
  execFileSync('cc', ['-O2', '-o', exe, join(root, 'test/tools/bcg729-ref.c'), '-lbcg729']);
  const tagged = raw.map((f) => {
    const b = readFileSync(f);
    const t = Buffer.alloc(b.length / 10 * 11);
    for (let i = 0; i < b.length / 10; i++) { t[i * 11] = 10; b.copy(t, i * 11 + 1, i * 10, i * 10 + 10); }
    return t;
  });
  return () => tagged.reduce((acc, t) => {
    const [, wall, cpu] = execFileSync(exe, ['bench', '1'], { input: t }).toString().trim().split(' ').map(Number);
    return { wall: acc.wall + wall * 1000, cpu: acc.cpu + cpu * 1000 };
  }, { wall: 0, cpu: 0 });
}

/** CPU time (user + system, ms) of the descendants of `pid` whose command line contains `tag`. */
function cpuMsOf(pid, tag) {
  const parent = (p) => { try { return Number(readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]); } catch { return 0; } };
  const under = (p) => { for (let q = p, i = 0; q > 1 && i < 16; q = parent(q), i++) if (q === pid) return true; return false; };
  let ticks = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(tag) || !under(Number(d))) continue;
      const f = readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
    } catch { /* gone */ }
  }
  return ticks * 10; // USER_HZ = 100
}

/** The bare decoder (g729DecodeBuffer over 720,000 frames) in a dedicated Chromium worker; run() → ms. */
async function chromiumCodecOnly() {
  const wasm = readFileSync(join(root, 'wasm/build/decoder.wasm')).toString('base64');
  const frames = speechFrames();
  const tagged = Buffer.alloc(frames.length * 11);
  frames.forEach((f, i) => { tagged[i * 11] = 10; tagged.set(f, i * 11 + 1); });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  await page.evaluate(([wasmB64, bitsB64]) => {
    const worker = `const dec = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
      const ready = WebAssembly.instantiate(dec(${JSON.stringify(wasmB64)}), { env: { abort() { throw new Error('abort'); } } });
      const bits = dec(${JSON.stringify(bitsB64)});
      onmessage = async () => {
        const x = (await ready).instance.exports; x.reset(0);
        const src = x.scratchPtr(), dst = src + (1 << 20);
        new Uint8Array(x.memory.buffer).set(bits, src);
        x.g729Reset();
        const t0 = performance.now(); let done = 0;
        while (done < 720000) { x.g729DecodeBuffer(src, bits.length, dst); done += bits.length / 11; }
        postMessage(performance.now() - t0);
      };`;
    const w = new Worker(URL.createObjectURL(new Blob([worker], { type: 'text/javascript' })));
    window.runOnce = () => new Promise((res) => { w.onmessage = (e) => res(e.data); w.postMessage(0); });
  }, [wasm, tagged.toString('base64')]);
  const pid = process.pid; // this run's Chromium is our child
  return {
    // Wall time inside the worker, and the renderer process's CPU time over the same call.
    run: async () => {
      const c0 = cpuMsOf(pid, '--type=renderer');
      const wall = await page.evaluate(() => window.runOnce());
      return { wall, cpu: cpuMsOf(pid, '--type=renderer') - c0 };
    },
    close: () => browser.close(),
  };
}

export async function benchG729(dir) {
  const { pcap, raw } = makeCapture(dir);
  const size = statSync(pcap).size;
  const bcgRun = bcg729Native(raw);
  // ffmpeg's -benchmark reports its user + system time besides the wall clock.
  const ffRun = () => raw.map((f) => {
    const t0 = performance.now();
    const r = spawnSync('ffmpeg', ['-hide_banner', '-nostats', '-benchmark', '-f', 'g729', '-i', f, '-f', 'null', '-'], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    const m = /utime=([\d.]+)s stime=([\d.]+)s/.exec(r.stderr ?? '');
    if (r.status !== 0 || !m) throw new Error(`ffmpeg -f g729 failed: ${r.stderr}`);
    return { wall, cpu: (Number(m[1]) + Number(m[2])) * 1000 };
  }).reduce((a, b) => ({ wall: a.wall + b.wall, cpu: a.cpu + b.cpu }), { wall: 0, cpu: 0 });
  // The machine may be shared: every measurement of ours is bracketed by the references,
  // and the ratios are medians of those taken side by side.
  const bcgTimes = [bcgRun()], ffTimes = [ffRun()];
  const browser = JSON.parse(execFileSync('node', [join(root, 'bench/browser-decode.mjs'), pcap], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop());
  bcgTimes.push(bcgRun()); ffTimes.push(ffRun());
  const node = JSON.parse(execFileSync('node', [join(root, 'bench/node-decode.mjs'), pcap, '3'], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop());
  bcgTimes.push(bcgRun());
  const codecOnly = await chromiumCodecOnly();
  const codec = [], codecRatio = [];
  try {
    for (let r = 0; r < 5; r++) {
      const ours = await codecOnly.run();
      const ref = bcgRun();
      codec.push(ours); bcgTimes.push(ref);
      if (r > 0) codecRatio.push(ours.cpu / ref.cpu);
    }
  } finally {
    await codecOnly.close();
  }
  ffTimes.push(ffRun());
  const bcg = median(bcgTimes.map((t) => t.wall)), bcgCpu = median(bcgTimes.map((t) => t.cpu));
  const ffmpeg = median(ffTimes.map((t) => t.wall)), ffCpu = median(ffTimes.map((t) => t.cpu));
  const codecWarm = median(codec.slice(1).map((t) => t.wall)), codecCpu = median(codec.slice(1).map((t) => t.cpu));
  const ours = browser.warmMedianMs;
  const results = { size, browser, node, codecOnlyMs: codec, codecOnlyRatios: codecRatio, bcg729Ms: bcgTimes, ffmpegMs: ffTimes };
  const section = `## G.729: decoding a 1-hour call

\`npm run bench -- g729\` (\`bench/g729-decode.mjs\`): a generated capture (${(size / 1e6).toFixed(1)} MB) of a 1-hour two-way G.729
call, 2 frames per RTP packet, 2 × 360,000 frames of bcg729-encoded speech (no DTX). "ours" = open + every
audio chunk through the real DecoderClient → worker path (\`bench/browser-decode.mjs\`) and in Node
(\`bench/node-decode.mjs\`); "decoder only" = \`g729DecodeBuffer\` over the 720,000 frames in a dedicated Chromium
worker; bcg729 native = Debian's libbcg729 through our harness \`test/tools/bcg729-ref.c\` built with \`cc -O2\`
(decode loop only, both directions); ffmpeg = native \`ffmpeg -f g729 -i <payload> -f null -\` on exactly the
payload bytes of both directions (sum, process included; CPU time from its \`-benchmark\`). Medians; cold = first run in a fresh page/process.
The machine is shared (other jobs run): bcg729 runs before, between and after ours (wall ${bcgTimes.map((t) => fmt(t.wall)).join(', ')}),
and the decoder-only rows also give CPU time (the renderer process's, from /proc; bcg729's from CLOCK_PROCESS_CPUTIME_ID),
which other load inflates far less; "paired" = median of our CPU time ÷ that of the bcg729 run right after it.

| | time | ÷ bcg729 native | ÷ native ffmpeg |
|---|---|---|---|
| ours, Chromium worker${browser.split ? 's (two, one side each, as the player splits it)' : ''} cold / warm | ${fmt(browser.coldMs)} / ${fmt(ours)} | ${(ours / bcg).toFixed(2)}× | ${(ours / ffmpeg).toFixed(2)}× |
${browser.oneWorkerWarmMedianMs != null ? `| ours, one Chromium worker cold / warm | ${fmt(browser.oneWorkerColdMs)} / ${fmt(browser.oneWorkerWarmMedianMs)} | ${(browser.oneWorkerWarmMedianMs / bcg).toFixed(2)}× | ${(browser.oneWorkerWarmMedianMs / ffmpeg).toFixed(2)}× |\n` : ''}| ours, Node cold / warm | ${fmt(node.coldMs)} / ${fmt(node.warmMedianMs)} | ${(node.warmMedianMs / bcg).toFixed(2)}× | ${(node.warmMedianMs / ffmpeg).toFixed(2)}× |
| decoder only, Chromium worker cold / warm (wall) | ${fmt(codec[0].wall)} / ${fmt(codecWarm)} | ${(codecWarm / bcg).toFixed(2)}× | ${(codecWarm / ffmpeg).toFixed(2)}× |
| decoder only, Chromium worker warm, CPU time | ${fmt(codecCpu)} | ${median(codecRatio).toFixed(2)}× (paired CPU) | ${(codecCpu / ffCpu).toFixed(2)}× (CPU) |
| bcg729 native (cc -O2), wall / CPU | ${fmt(bcg)} / ${fmt(bcgCpu)} | 1× | ${(bcg / ffmpeg).toFixed(2)}× |
| native ffmpeg, wall / CPU | ${fmt(ffmpeg)} / ${fmt(ffCpu)} | ${(ffmpeg / bcg).toFixed(2)}× | 1× |

Target: the hour in ≤ 1.5 s in the Chromium worker → ${ours <= 1500 ? 'met' : 'NOT met'} (${fmt(ours)} warm wall time${browser.oneWorkerWarmMedianMs != null ? `; kept to one worker ${fmt(browser.oneWorkerWarmMedianMs)}, ${browser.oneWorkerWarmMedianMs <= 1500 ? 'also within it' : 'over it'}` : ''}; the decoder alone\nneeds ${fmt(codecCpu)} of CPU time). This machine is slower than the issue's: its figures (1.5 s where native ffmpeg takes 5.6 s)
ask for ≤ ${(1.5 / 5.6).toFixed(2)}× native ffmpeg; ours, warm in the worker: ${(ours / ffmpeg).toFixed(2)}× (wall), the decoder ${(codecCpu / ffCpu).toFixed(2)}× (CPU).`;
  return { section, results };
}
