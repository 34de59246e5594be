// List filter latency at 100,000 recordings, in Chromium against the real server (SQLite):
// the admin app (it sees every recording) in the standalone host page; for each filter text the
// time from the keystroke's input event to the list showing the new first page — the model has
// the answer for exactly that text and the virtual list has rendered it (and, second figure, the
// next animation frame after that). Baseline in the same run: the bare ListRecordings round trip
// for the same filter over the same WebSocket, without rendering.
//   npm run build:node && node bench/app-list.mjs [rows]      → JSON on the last line ({ …, section })
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const N = Number(process.argv[2] ?? 100_000);
const RUNS = 15;
const TARGET_MS = 50;
const { loadConfig } = await import(join(root, 'dist', 'server', 'config.js'));
const { startServer } = await import(join(root, 'dist', 'server', 'main.js'));
const { openSqliteStore } = await import(join(root, 'dist', 'server', 'storage', 'sqlite-store.js'));
const { metaColumns } = await import(join(root, 'dist', 'server', 'storage', 'recording-row.js'));

const NAMES = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann'];
const USERS = 500;

function rng(seed) {
  let s = seed;
  return () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x80000000; };
}

/** N index rows straight into SQLite (no PCAP bytes: the list never reads them), as the scale test does. */
async function seed(dataDir) {
  await (await openSqliteStore({ dataDir })).close();
  const db = new Database(join(dataDir, 'recordings.db'));
  db.pragma('synchronous = OFF');
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'recordings'`).all();
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  const base = { confGuid: null, deviceMac: '009033000000', serial: 0, regName: 'u0', ownerSip: 'u0', ownerNumber: '1000', ownerName: 'x',
    direction: 'out', remoteNumber: '0', remoteName: null, startTime: 0, durationMs: 0, codecs: ['PCMA'], streams: [], warnings: [], complete: true, licensed: true };
  const cols = Object.keys(metaColumns('sqlite', 'x', base));
  const ins = db.prepare(`INSERT INTO recordings (id, file_name, ${cols.join(', ')}, size, state, created_at, updated_at)
    VALUES (?, ?, ${cols.map(() => '?').join(', ')}, 0, 'active', 0, 0)`);
  const r = rng(4242);
  const T0 = Date.UTC(2024, 0, 1);
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const u = Math.floor(r() * USERS);
      const id = randomUUID().replace(/-/g, '');
      const fileName = `${id}-009033000000-${i}--u${u}.pcap`;
      const m = { ...base, confGuid: id, serial: i, regName: `u${u}`, ownerSip: `u${u}`, ownerNumber: String(1000 + u),
        ownerName: `${NAMES[u % 10]} ${u}`, direction: ['in', 'out', 'unknown'][i % 3], remoteNumber: `0${Math.floor(r() * 1e9)}`,
        remoteName: r() < 0.5 ? `${NAMES[Math.floor(r() * 10)]} Kunde` : null, startTime: T0 + Math.floor(r() * 3 * 365 * 86_400_000),
        durationMs: Math.floor(r() * 600_000) };
      const c = metaColumns('sqlite', fileName, m);
      ins.run(id, fileName, ...cols.map((k) => c[k]));
    }
  });
  for (let i = 0; i < N; i += 50_000) batch(i, Math.min(N, i + 50_000));
  db.exec(`INSERT INTO recordings_fts (recordings_fts) VALUES ('rebuild')`);
  for (const t of triggers) db.exec(t.sql);
  db.close();
}

const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const median = (a) => pct(a, 0.5);

const web = mkdtempSync(join(tmpdir(), 'rec-bench-web-'));
const data = mkdtempSync(join(tmpdir(), 'rec-bench-data-'));
let srv, browser;
try {
  await build({
    root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production',
    build: { outDir: web, emptyOutDir: true, sourcemap: false, rolldownOptions: { input: {
      'innovaphone-recordings.htm': join(root, 'innovaphone-recordings.htm.html'),
      'innovaphone-recordingsadmin.htm': join(root, 'innovaphone-recordingsadmin.htm.html'),
    } } },
  });
  const t0 = performance.now();
  await seed(data);
  const seedMs = performance.now() - t0;
  srv = await startServer(loadConfig({ PORT: '0', RECORDINGS_DEMO: '0', RECORDINGS_DATA_DIR: data, RECORDINGS_PASSWORD: 'bench' },
    { host: '127.0.0.1', quiet: true, webDir: web, retentionIntervalMs: 0 }));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${srv.url}/host.htm`);
  await page.locator('#user option').first().waitFor({ state: 'attached' });
  await page.selectOption('#user', 'admin');
  await page.click('#open');
  let f;
  for (let i = 0; i < 150 && !f; i++) { f = page.frames().find((x) => x.url().includes('innovaphone-recordingsadmin.htm')); if (!f) await page.waitForTimeout(100); }
  await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 30_000 });
  await f.locator('rec-recording-list [role=option]').first().waitFor({ timeout: 60_000 });

  // Typing: one input event per keystroke, as the browser fires them. Each case types its text
  // from empty; a case's time is that of its last keystroke (the one whose result the user waits for).
  const CASES = [['surname (trigram search)', 'Wagner'], ['number digits', '0301'], ['owner name', 'Meyer 1'], ['no match', 'zzqx'], ['clear the filter', '']];
  const measure = (text) => f.evaluate(async (text) => {
    const app = document.querySelector('rec-app');
    const list = app.list;
    const input = app.shadowRoot.querySelector('rec-filter-bar').shadowRoot.querySelector('input[name=text]');
    const listEl = app.shadowRoot.querySelector('rec-recording-list');
    const want = text || undefined;
    const t0 = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await new Promise((resolve) => {
      const check = () => { if (!list.loading && list.query.filter.text === want) { off(); resolve(); } };
      const off = list.onChange(check);
      check();
    });
    await app.updateComplete;
    await listEl.updateComplete;
    const first = listEl.shadowRoot.querySelector('[role=option]');
    const ok = list.items.length === 0 ? first === null : first?.getAttribute('data-id') === list.items[0].id;
    const rendered = performance.now() - t0;
    await new Promise((r) => requestAnimationFrame(() => r()));
    const frame = performance.now() - t0;
    // Baseline: the same query's round trip alone.
    const b0 = performance.now();
    const res = await app.connection.request({ mt: 'ListRecordings', filter: want ? { text: want } : {}, sort: 'startTime', dir: 'desc', limit: 200 });
    const roundTrip = performance.now() - b0;
    return { ok, rendered, frame, roundTrip, rows: list.items.length, more: list.more, same: res.items.length === list.items.length };
  }, text);

  const results = [];
  for (const [name, text] of CASES) {
    const rendered = [], frame = [], roundTrip = [];
    let rows = 0, more = false;
    for (let i = 0; i < RUNS + 2; i++) {
      if (text !== '') await measure(''); // start from the full list
      const r = await measure(text);
      if (!r.ok || !r.same) throw new Error(`${name}: the rendered list does not match the answer`);
      if (i < 2) continue; // warm-up
      rendered.push(r.rendered); frame.push(r.frame); roundTrip.push(r.roundTrip);
      rows = r.rows; more = r.more;
    }
    results.push({ name, text, rows: more ? `${rows}+` : String(rows), renderedMedian: median(rendered), renderedP95: pct(rendered, 0.95),
      frameMedian: median(frame), frameP95: pct(frame, 0.95), roundTripMedian: median(roundTrip) });
  }
  const worstP95 = Math.max(...results.map((r) => r.frameP95));
  const worstMedian = Math.max(...results.map((r) => r.frameMedian));
  const load = loadavg()[0].toFixed(1);
  const f1 = (x) => x.toFixed(1);
  const section = `## List filter latency at ${N.toLocaleString('en')} recordings

\`npm run build:node && node bench/app-list.mjs\`: the real server (SQLite, ${N.toLocaleString('en')} recordings of ${USERS} owners seeded
into the index in ${(seedMs / 1000).toFixed(1)} s) and the built admin app in Chromium through the host page (the admin sees every
recording). Per case: the text is typed into the search field (one input event; the filter bar sends every keystroke,
no debounce), and the clock runs until the list model holds the answer for exactly that text and the virtual list has
rendered its first page (200 rows per page; "+ frame" = until the next animation frame). Baseline = the bare
ListRecordings round trip for the same filter over the same WebSocket. ${RUNS} runs per case after 2 warm-ups, each from the
unfiltered list. Target: ≤ ${TARGET_MS} ms.

| case | text | rows | rendered, median / p95 | + frame, median / p95 | round trip alone (median) | rendered ÷ round trip |
|---|---|---|---|---|---|---|
${results.map((r) => `| ${r.name} | \`${r.text}\` | ${r.rows} | ${f1(r.renderedMedian)} / ${f1(r.renderedP95)} ms | ${f1(r.frameMedian)} / ${f1(r.frameP95)} ms | ${f1(r.roundTripMedian)} ms | ${(r.renderedMedian / r.roundTripMedian).toFixed(2)}× |`).join('\n')}

Worst median including the frame: ${f1(worstMedian)} ms — ${worstMedian <= TARGET_MS ? 'within' : 'OVER'} the ${TARGET_MS} ms target; worst p95:
${f1(worstP95)} ms — ${worstP95 <= TARGET_MS ? 'within' : 'OVER'} the target (1-minute load average during the run: ${load} on ${cpus().length} cores).`;
  console.log(JSON.stringify({ rows: N, results, worstMedian, worstP95, load: Number(load), section }));
} finally {
  await browser?.close();
  await srv?.close();
  rmSync(web, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
}
