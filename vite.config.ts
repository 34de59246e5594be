// Web build: every page is an HTML entry (multi-page), the decoder worker is an ES module worker,
// the decoder core and opus-decoder's WASM ship as same-origin assets (never a CDN).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** HTML entries; later pages (innovaphone-recordings.htm, admin, plugin host) are added here. */
const pages: Record<string, string> = {
  index: resolve(import.meta.dirname, 'index.html'),
};

export default defineConfig({
  base: './',
  publicDir: 'public',
  assetsInclude: ['**/*.wasm'],
  worker: { format: 'es' },
  build: {
    outDir: 'dist/web',
    target: 'es2022',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: { input: pages },
  },
  server: { fs: { strict: true } },
});
