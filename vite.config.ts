// Web build: every page is an HTML entry (multi-page), the decoder worker is an ES module worker,
// the decoder core and opus-decoder's WASM ship as same-origin assets (never a CDN).
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './src/app/sw/sw-build.ts';

/**
 * Every .html file at the repo root is a page: adding one needs no edit here. index.html is the
 * local capture player.
 */
const pages: Record<string, string> = Object.fromEntries(
  readdirSync(import.meta.dirname)
    .filter((f) => f.endsWith('.html'))
    .map((f) => [f.replace(/\.html$/, ''), resolve(import.meta.dirname, f)]),
);

/**
 * myApps loads apps from fixed `.htm` URLs (innovaphone-recordings.htm …), but vite only takes
 * `.html` entries: a page written as `name.htm.html` is emitted as `name.htm`.
 */
function htmPages(): Plugin {
  return {
    name: 'rec-htm-pages',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [key, out] of Object.entries(bundle)) {
        if (out.type !== 'asset' || !out.fileName.endsWith('.htm.html')) continue;
        delete bundle[key];
        this.emitFile({ type: 'asset', fileName: out.fileName.slice(0, -'.html'.length), source: out.source });
      }
    },
  };
}

export default defineConfig({
  base: './',
  publicDir: 'public',
  assetsInclude: ['**/*.wasm'],
  worker: { format: 'es' },
  // The service worker (sw.js, offline app shell) is built with every web build.
  plugins: [htmPages(), serviceWorker({ entry: resolve(import.meta.dirname, 'src/app/sw/sw.ts'), publicFiles: readdirSync(resolve(import.meta.dirname, 'public')) })],
  build: {
    outDir: 'dist/web',
    target: 'es2022',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: { input: pages },
  },
  server: { fs: { strict: true } },
  // ffmpeg.wasm starts its own module worker; pre-bundling it for the dev server breaks that worker's URL.
  optimizeDeps: { exclude: ['@ffmpeg/ffmpeg', '@ffmpeg/util'] },
});
