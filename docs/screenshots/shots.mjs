// What every make-*-screenshots.mjs script starts from: the built server (dist/, so run
// `npm run build:node` first), its data in a temporary folder, the myApps pages built with the
// project's vite config, and Debian's Chromium. SCREENSHOTS_OUT writes the pictures elsewhere
// (a trial run that leaves the committed ones alone).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const out = resolve(process.env.SCREENSHOTS_OUT ?? join(root, 'docs', 'screenshots'));

/** A temporary folder and its removal. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The server's loadConfig and startServer from dist/. */
export async function serverModules() {
  const { loadConfig } = await import(join(root, 'dist', 'server', 'config.js'));
  const { startServer } = await import(join(root, 'dist', 'server', 'main.js'));
  return { loadConfig, startServer };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * The pages `names` (e.g. 'innovaphone-recordings.htm', built from `<name>.html`) served by the
 * real service with its demo recordings, and a browser. `close()` stops and removes everything.
 */
export async function startDemo(names) {
  const { build } = await import('vite');
  const { loadConfig, startServer } = await serverModules();
  const web = tempDir('rec-shots-web-');
  const data = tempDir('rec-shots-data-');
  const input = Object.fromEntries(names.map((n) => [n, join(root, `${n}.html`)]));
  await build({
    root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production',
    build: { outDir: web.dir, emptyOutDir: true, sourcemap: false, rolldownOptions: { input } },
  });
  const srv = await startServer(loadConfig({ PORT: '0', RECORDINGS_DEMO: '1', RECORDINGS_DATA_DIR: data.dir, RECORDINGS_PASSWORD: 'screenshots' },
    { host: '127.0.0.1', quiet: true, webDir: web.dir, retentionIntervalMs: 0 }));
  const browser = await launchBrowser();
  return {
    srv, browser,
    async close() {
      await browser.close();
      await srv.close();
      web.remove();
      data.remove();
    },
  };
}

/**
 * Opens an app in the standalone host page as `user` (the host's default when absent) in
 * `scheme` and returns the frame whose URL contains `file` once it exists (10 s at most).
 */
export async function openInHost(page, srv, { scheme, user, file = 'innovaphone-recordings.htm' }) {
  await page.goto(`${srv.url}/host.htm`);
  if (user) await page.selectOption('#user', user);
  await page.selectOption('#scheme', scheme);
  await page.click('#open');
  return waitForFrame(page, file, scheme);
}

/** The frame showing `file` in `scheme`, polled for up to 10 s (undefined when it never came). */
export async function waitForFrame(page, file, scheme) {
  const find = () => page.frames().find((f) => f.url().includes(file) && f.url().includes(`scheme=${scheme}`));
  for (let i = 0; i < 100 && !find(); i++) await page.waitForTimeout(100);
  return find();
}

/** Waits until the call player inside `host` (rec-app or rec-latest) has finished its download. */
export function playerSettled(f, host) {
  return f.waitForFunction((h) => !document.querySelector(h)?.shadowRoot?.querySelector('rec-call-player')?.shadowRoot?.querySelector('progress'), host);
}
