// The service worker's build step (Node): which files the manifest precaches, which it leaves to
// first use, when the version (= cache name) changes, and that a broken sw chunk stops the build.
import { describe, expect, it } from 'vitest';
import { serviceWorker, swManifest } from '../../src/app/sw/sw-build.js';

type File = { type: 'chunk' | 'asset'; fileName: string; code?: string; source?: string };
const files = (page = '<html>v1</html>'): File[] => [
  { type: 'asset', fileName: 'innovaphone-recordings.htm', source: page },
  { type: 'asset', fileName: 'index.html', source: '<html>local</html>' },
  { type: 'chunk', fileName: 'assets/myapps-main-AAAA.js', code: 'x' },
  { type: 'chunk', fileName: 'assets/myapps-main-AAAA.js.map', code: '{}' },
  { type: 'asset', fileName: 'assets/decoder-BBBB.wasm', source: 'w' },
  { type: 'chunk', fileName: 'assets/decoder.worker-CCCC.js', code: 'y' },
  { type: 'asset', fileName: 'assets/ffmpeg-core-DDDD.wasm', source: 'big' },
  { type: 'chunk', fileName: 'sw.js', code: 'z' },
];

describe('service worker manifest', () => {
  it('precaches pages, scripts, the worker, the WASM core and public files; ffmpeg only on first use; no maps, not itself', () => {
    const m = swManifest(files(), ['favicon.svg']);
    expect(m.precache.sort()).toEqual(['assets/decoder-BBBB.wasm', 'assets/decoder.worker-CCCC.js', 'assets/myapps-main-AAAA.js',
      'favicon.svg', 'index.html', 'innovaphone-recordings.htm'].sort());
    expect(m.lazy).toEqual(['assets/ffmpeg-core-DDDD.wasm']);
    expect(m.networkFirst).toEqual(['host/users']);
  });

  it('names a page written as name.htm.html by the name myApps asks for', () => {
    const m = swManifest([{ type: 'asset', fileName: 'innovaphone-recordingsadmin.htm.html', source: 'a' }], []);
    expect(m.precache).toEqual(['innovaphone-recordingsadmin.htm']);
  });

  it('the version changes with a page\'s content or a hashed name, and only then', () => {
    const v1 = swManifest(files(), []).version;
    expect(swManifest(files(), []).version).toBe(v1);
    expect(swManifest(files('<html>v2</html>'), []).version).not.toBe(v1);
    const renamed = files().map((f) => (f.fileName === 'assets/myapps-main-AAAA.js' ? { ...f, fileName: 'assets/myapps-main-EEEE.js' } : f));
    expect(swManifest(renamed, []).version).not.toBe(v1);
    expect(swManifest(files(), ['new-icon.png']).version).not.toBe(v1);
  });

  it('writes the manifest over the placeholder in any quote style; refuses a missing chunk, a missing placeholder or an import', () => {
    const plugin = serviceWorker({ entry: '/x/sw.ts', publicFiles: [] });
    for (const q of ['"', '\'', '`']) {
      const bundle: Record<string, File> = { 'sw.js': { type: 'chunk', fileName: 'sw.js', code: `var t=JSON.parse(${q}__REC_SW_MANIFEST__${q});` } };
      plugin.generateBundle.call(null, {}, bundle as never);
      const json = /JSON\.parse\((".*")\)/.exec(bundle['sw.js']!.code!)![1]!;
      expect(JSON.parse(JSON.parse(json)).precache).toEqual([]);
    }
    expect(() => plugin.generateBundle.call(null, {}, {})).toThrow('service worker chunk sw.js missing from the bundle');
    expect(() => plugin.generateBundle.call(null, {}, { 'sw.js': { type: 'chunk', fileName: 'sw.js', code: 'var t=1;' } } as never))
      .toThrow('sw.js: manifest placeholder not found');
    expect(() => plugin.generateBundle.call(null, {}, { 'sw.js': { type: 'chunk', fileName: 'sw.js', code: 'import{a}from"./x.js";JSON.parse("__REC_SW_MANIFEST__")' } } as never))
      .toThrow('sw.js must not import other chunks');
    const emitted: unknown[] = [];
    plugin.buildStart.call({ emitFile: (f) => { emitted.push(f); return 'id'; } });
    expect(emitted).toEqual([{ type: 'chunk', id: '/x/sw.ts', fileName: 'sw.js' }]);
  });
});
