// Builds the component harness with the project's vite config, adds msw's service worker at the
// root (it must control "/"), serves it with vite preview on port 0 and launches chromium.
import { copyFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { buildMyAppsPages } from '../e2e/build-web.js';
import { launchChromium } from '../e2e/chromium.js';

const root = resolve(import.meta.dirname, '..', '..');

export interface Harness { url: string; browser: Browser; close(): Promise<void> }

/**
 * `page`: the harness page to build and open (repo-relative), by default the rec-app harness;
 * player-harness.html and offline-harness.html are served the same way.
 */
export async function startHarness(page = 'test/app/harness.html'): Promise<Harness> {
  const web = await buildMyAppsPages({ harness: page });
  copyFileSync(join(root, 'node_modules', 'msw', 'lib', 'mockServiceWorker.js'), join(web.dir, 'mockServiceWorker.js'));
  let server: PreviewServer | undefined;
  try {
    server = await preview({
      root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn',
      build: { outDir: web.dir }, preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
    });
    const port = (server.httpServer.address() as AddressInfo).port;
    const browser = await launchChromium();
    const s = server;
    return {
      url: `http://127.0.0.1:${port}/${page}`,
      browser,
      async close() { await browser.close().catch(() => undefined); await s.close().catch(() => undefined); web.remove(); },
    };
  } catch (e) {
    await server?.close().catch(() => undefined);
    web.remove();
    throw e;
  }
}
