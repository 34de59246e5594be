// Browser tests: build the web app with vite (programmatic build into .tmp, once per test file),
// serve it with vite preview on port 0, and drive Debian's chromium through playwright-core.
import { mkdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

const root = resolve(import.meta.dirname, '..', '..');

export interface WebApp {
  /** base URL ending in "/" */
  url: string;
  browser: Browser;
  /** a fresh page; console errors and page errors are collected in `errors` */
  newPage(): Promise<Page & { errors: string[] }>;
  close(): Promise<void>;
}

/**
 * Builds index.html plus extra HTML entries (paths relative to the repo root, e.g. test harness
 * pages) into a private folder, serves it and launches chromium. One per test file, reused.
 * `chromiumArgs` are added to the usual flags (e.g. `--js-flags=--expose-gc` for a test that forces
 * garbage collections).
 */
export async function startWebApp(extraPages: Record<string, string> = {}, o: { chromiumArgs?: string[] } = {}): Promise<WebApp> {
  const outDir = join(root, '.tmp', `web-${process.pid}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const input: Record<string, string> = { index: join(root, 'index.html') };
  for (const [k, v] of Object.entries(extraPages)) input[k] = join(root, v);
  await build({
    root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production',
    build: { outDir, emptyOutDir: true, sourcemap: false, rolldownOptions: { input } },
  });
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await preview({
      root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn',
      build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
    });
    const port = (server.httpServer.address() as AddressInfo).port;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...(o.chromiumArgs ?? [])], headless: true });
    const b = browser, s = server;
    return {
      url: `http://127.0.0.1:${port}/`,
      browser: b,
      async newPage() {
        const page = (await b.newPage()) as Page & { errors: string[] };
        page.errors = [];
        page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
        page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`console: ${m.text()}`); });
        page.on('response', (r) => { if (r.status() >= 400) page.errors.push(`http ${r.status()}: ${r.url()}`); });
        return page;
      },
      async close() {
        await b.close().catch(() => undefined);
        await s.close().catch(() => undefined);
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}
