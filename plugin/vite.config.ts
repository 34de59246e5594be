// The PBX Manager plugin: one IIFE script (Lit bundled in), plus the files PBX Manager expects next
// to it (reference §3.1): the texts file, the CSS, the icon and plugins.json. Output: dist/plugin/,
// served by the backend under the instance path.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { de, en } from './src/texts.ts';

export const PLUGIN_JS = 'innovaphone.recordingsmanager';
export const PLUGIN_TEXTS = 'innovaphone.recordingsmanagertexts';

const CSS = `/* PBX Manager plugin: the item node fills the plugin area; the page itself is a Lit element. */
.item-node { position: relative; min-height: 100%; }
.item-node rec-plugin-root { display: block; }
`;

function companionFiles(): Plugin {
  return {
    name: 'rec-plugin-companions',
    generateBundle() {
      const texts = `// Texts of the Recordings PBX Manager plugin (generated from plugin/src/texts.ts).\n` +
        `(function () { var i = window.innovaphone = window.innovaphone || {}; i.recordingsmanagertexts = ${JSON.stringify({ en, de })}; })();\n`;
      this.emitFile({ type: 'asset', fileName: `${PLUGIN_TEXTS}.js`, source: texts });
      this.emitFile({ type: 'asset', fileName: `${PLUGIN_JS}.css`, source: CSS });
      this.emitFile({ type: 'asset', fileName: `${PLUGIN_JS}.png`, source: readFileSync(resolve(import.meta.dirname, 'assets', `${PLUGIN_JS}.png`)) });
      this.emitFile({
        type: 'asset', fileName: 'plugins.json',
        source: JSON.stringify({ plugins: [{ js: PLUGIN_JS, icon: `${PLUGIN_JS}.png`, lang: PLUGIN_TEXTS, domains: false }] }, null, 1) + '\n',
      });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  plugins: [companionFiles()],
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist', 'plugin'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src', 'index.ts'),
      formats: ['iife'],
      name: 'recordingsManagerPlugin',
      fileName: () => `${PLUGIN_JS}.js`,
    },
  },
});
