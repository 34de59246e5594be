// Vite plugin: builds src/app/sw/sw.ts as `sw.js` next to the pages and writes the manifest of
// this build's files into it (what to precache, what to cache on first use, the version that
// names the cache). No Node or vite imports: this file is also type-checked with the app.

/** The parts of vite's plugin context this plugin uses. */
interface EmitContext { emitFile(f: { type: 'chunk'; id: string; fileName: string }): string }
interface OutputFile { type: 'chunk' | 'asset'; fileName: string; code?: string; source?: string | Uint8Array }
export interface SwBuildPlugin {
  name: string;
  apply: 'build';
  enforce: 'post';
  buildStart(this: EmitContext): void;
  generateBundle(this: unknown, options: unknown, bundle: Record<string, OutputFile>): void;
}

export interface SwBuildOptions {
  /** absolute path of sw.ts */
  entry: string;
  /** files copied from public/ (not part of the bundle vite hands to plugins) */
  publicFiles: string[];
}

export const SW_FILE = 'sw.js';
/** Loaded only for MP3/OGG export: cached on first use, never at install. */
const LAZY = /ffmpeg/i;
/** The standalone host page's user list: lets the host page itself start offline. */
const NETWORK_FIRST = ['host/users'];

/** FNV-1a, 32 bit: a version that changes whenever any file name or page changes. */
function fnv(text: string, h = 0x811c9dc5): number {
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h;
}

export function swManifest(files: OutputFile[], publicFiles: string[]): { version: string; precache: string[]; lazy: string[]; networkFirst: string[] } {
  const precache: string[] = [];
  const lazy: string[] = [];
  let h = 0x811c9dc5;
  for (const f of [...files].sort((a, b) => (a.fileName < b.fileName ? -1 : 1))) {
    if (f.fileName === SW_FILE || f.fileName.endsWith('.map')) continue;
    const name = f.fileName.endsWith('.htm.html') ? f.fileName.slice(0, -'.html'.length) : f.fileName;
    (LAZY.test(name) ? lazy : precache).push(name);
    h = fnv(name, h);
    // Pages keep their names across builds: their content decides the version too.
    if (/\.html?$/.test(name)) h = fnv(typeof f.source === 'string' ? f.source : f.code ?? String(f.source?.length ?? 0), h);
  }
  for (const p of publicFiles) { precache.push(p); h = fnv(p, h); }
  return { version: h.toString(36), precache, lazy, networkFirst: NETWORK_FIRST };
}

export function serviceWorker(o: SwBuildOptions): SwBuildPlugin {
  return {
    name: 'rec-service-worker',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      this.emitFile({ type: 'chunk', id: o.entry, fileName: SW_FILE });
    },
    generateBundle(_options, bundle) {
      const sw = bundle[SW_FILE];
      if (!sw || sw.type !== 'chunk' || sw.code === undefined) throw new Error(`service worker chunk ${SW_FILE} missing from the bundle`);
      if (/^\s*import[\s{(]/m.test(sw.code)) throw new Error(`${SW_FILE} must not import other chunks (a service worker script stands alone)`);
      const manifest = swManifest(Object.values(bundle), o.publicFiles);
      const placeholder = /(["'`])__REC_SW_MANIFEST__\1/;
      if (!placeholder.test(sw.code)) throw new Error(`${SW_FILE}: manifest placeholder not found`);
      sw.code = sw.code.replace(placeholder, () => JSON.stringify(JSON.stringify(manifest)));
    },
  };
}
