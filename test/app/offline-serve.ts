// Builds and serves the offline component harness (offline-harness.html) like serve.ts does the main one.
import { copyFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js';
import { buildMyAppsPages } from '../e2e/build-web.js';
import type { Harness } from './serve.js';

const root = resolve(import.meta.dirname, '..', '..');

export async function startOfflineHarness(): Promise<Harness> {
  const web = await buildMyAppsPages({ offline: 'test/app/offline-harness.html' });
  copyFileSync(join(root, 'node_modules', 'msw', 'lib', 'mockServiceWorker.js'), join(web.dir, 'mockServiceWorker.js'));
  let server: PreviewServer | undefined;
  try {
    server = await preview({
      root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn',
      build: { outDir: web.dir }, preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
    });
    const port = (server.httpServer.address() as AddressInfo).port;
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'], headless: true });
    const s = server;
    return {
      url: `http://127.0.0.1:${port}/test/app/offline-harness.html`,
      browser,
      async close() { await browser.close().catch(() => undefined); await s.close().catch(() => undefined); web.remove(); },
    };
  } catch (e) {
    await server?.close().catch(() => undefined);
    web.remove();
    throw e;
  }
}
