// Initial JavaScript of the myApps pages: builds them with the project's vite config, walks each
// page's module graph from its entry chunk along static imports only (what the browser fetches
// before the app can run) and reports raw and gzip sizes. Dynamic imports (export, ffmpeg, the
// decoder worker) are listed separately; the run fails if any @ffmpeg module is reachable from
// an entry by static imports.
//   node bench/app-bundle.mjs            → JSON on the last line ({ pages, section })
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const outDir = join(root, '.tmp', 'bench', `app-bundle-${process.pid}`);
mkdirSync(outDir, { recursive: true });
const PAGES = {
  'innovaphone-recordings.htm': join(root, 'innovaphone-recordings.htm.html'),
  'innovaphone-recordingsadmin.htm': join(root, 'innovaphone-recordingsadmin.htm.html'),
};
const TARGET_KB = 80;

const kb = (b) => b / 1024;
const gz = (code) => gzipSync(Buffer.from(code), { level: 9 }).length;

try {
  const result = await build({
    root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production',
    build: { outDir, emptyOutDir: true, sourcemap: false, rolldownOptions: { input: PAGES } },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const chunks = new Map(outputs.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
  const assets = outputs.filter((o) => o.type === 'asset');
  const pages = {};
  for (const [page, html] of Object.entries(PAGES)) {
    const entry = [...chunks.values()].find((c) => c.isEntry && c.facadeModuleId === html);
    if (!entry) throw new Error(`no entry chunk for ${page}`);
    // Static closure: what the page loads before it runs (vite also preloads exactly these).
    const initial = new Set();
    const walk = (name) => {
      if (initial.has(name)) return;
      initial.add(name);
      for (const i of chunks.get(name)?.imports ?? []) walk(i);
    };
    walk(entry.fileName);
    const lazy = new Set();
    for (const name of initial) for (const d of chunks.get(name)?.dynamicImports ?? []) if (!initial.has(d)) lazy.add(d);
    const modulesOf = (name) => chunks.get(name)?.moduleIds ?? Object.keys(chunks.get(name)?.modules ?? {});
    const ffmpegInitial = [...initial].flatMap((n) => modulesOf(n)).filter((m) => m.includes('@ffmpeg'));
    if (ffmpegInitial.length > 0) throw new Error(`${page}: ffmpeg in the initial load: ${ffmpegInitial.join(', ')}`);
    const raw = [...initial].reduce((s, n) => s + chunks.get(n).code.length, 0);
    const gzip = [...initial].reduce((s, n) => s + gz(chunks.get(n).code), 0);
    const css = assets.filter((a) => a.fileName.endsWith('.css') && (entry.viteMetadata?.importedCss ?? new Set()).has(a.fileName));
    // Where the lazy pieces come from (by their heaviest package), so a regression is easy to place.
    const lazyInfo = [...lazy].map((n) => {
      const mods = modulesOf(n);
      const pkgs = [...new Set(mods.map((m) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m)?.[1] ?? 'app'))];
      return { file: n, gzipKB: +kb(gz(chunks.get(n).code)).toFixed(1), from: pkgs.slice(0, 4).join(', ') };
    }).sort((a, b) => b.gzipKB - a.gzipKB);
    const ffmpegLazy = [...lazy].some((n) => modulesOf(n).some((m) => m.includes('@ffmpeg')))
      || [...chunks.values()].some((c) => !initial.has(c.fileName) && modulesOf(c.fileName).some((m) => m.includes('@ffmpeg')));
    pages[page] = {
      initialChunks: [...initial], initialRawKB: +kb(raw).toFixed(1), initialGzipKB: +kb(gzip).toFixed(1),
      cssGzipKB: +kb(css.reduce((s, a) => s + gz(a.source), 0)).toFixed(1), lazy: lazyInfo, ffmpegInInitial: false, ffmpegLazy,
    };
  }
  const u = pages['innovaphone-recordings.htm'];
  const a = pages['innovaphone-recordingsadmin.htm'];
  const lazyRows = u.lazy.slice(0, 8).map((l) => `| \`${l.file}\` | ${l.gzipKB} KB | ${l.from} |`).join('\n');
  const section = `## Initial JavaScript of the myApps pages

\`node bench/app-bundle.mjs\`: a production vite build of both pages; from each page's entry chunk the static
imports are followed (the scripts the page loads, and vite preloads, before the app runs); sizes are the chunks'
bytes and their gzip (level 9). Dynamic imports are loaded on first use and not counted. Target: user page ≤ ${TARGET_KB} KB
gzip, ffmpeg never in the initial load (the script stops with an error if any \`@ffmpeg\` module is statically reachable).

| page | initial chunks | raw | gzip | ÷ target | ffmpeg |
|---|---|---|---|---|---|
| user (\`innovaphone-recordings.htm\`) | ${u.initialChunks.length} | ${u.initialRawKB} KB | ${u.initialGzipKB} KB | ${(u.initialGzipKB / TARGET_KB).toFixed(2)} | ${u.ffmpegLazy ? 'lazy chunk only' : 'not bundled'} |
| admin (\`innovaphone-recordingsadmin.htm\`) | ${a.initialChunks.length} | ${a.initialRawKB} KB | ${a.initialGzipKB} KB | ${(a.initialGzipKB / TARGET_KB).toFixed(2)} | ${a.ffmpegLazy ? 'lazy chunk only' : 'not bundled'} |

Largest pieces loaded later by the user page (gzip):

| chunk | gzip | from |
|---|---|---|
${lazyRows}

User page: ${u.initialGzipKB <= TARGET_KB ? 'within' : 'OVER'} the ${TARGET_KB} KB target.`;
  console.log(JSON.stringify({ pages, section }));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
