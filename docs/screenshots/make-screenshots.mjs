// Screenshots of the user view with the player open and of the admin view, light and dark, taken from the real service
// with its demo recordings, through the standalone host page (the myApps stand-in):
//   npm run build:node && node docs/screenshots/make-screenshots.mjs
// Writes docs/screenshots/user-{light,dark}.png, player-{light,dark}.png, admin-{light,dark}.png (list with
// a multi-selection) and admin-status-{light,dark}.png (licence and link status tab).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..', '..');
const out = resolve(root, 'docs', 'screenshots');
const { loadConfig } = await import(join(root, 'dist', 'server', 'config.js'));
const { startServer } = await import(join(root, 'dist', 'server', 'main.js'));

const web = mkdtempSync(join(tmpdir(), 'rec-shots-web-'));
const data = mkdtempSync(join(tmpdir(), 'rec-shots-data-'));
await build({
  root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production',
  build: { outDir: web, emptyOutDir: true, sourcemap: false, rolldownOptions: { input: {
    'innovaphone-recordings.htm': join(root, 'innovaphone-recordings.htm.html'),
    'innovaphone-recordingsadmin.htm': join(root, 'innovaphone-recordingsadmin.htm.html'),
  } } },
});
const srv = await startServer(loadConfig({ PORT: '0', RECORDINGS_DEMO: '1', RECORDINGS_DATA_DIR: data, RECORDINGS_PASSWORD: 'screenshots' },
  { host: '127.0.0.1', quiet: true, webDir: web, retentionIntervalMs: 0 }));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const scheme of ['light', 'dark']) {
    // The app alone at its myApps URL, logged in by the host page's answer to getLogin.
    await page.goto(`${srv.url}/host.htm`);
    await page.selectOption('#scheme', scheme);
    await page.click('#open');
    await page.waitForFunction(() => [...document.querySelectorAll('iframe')].some((f) => f.src.includes(`scheme=`)));
    const frame = () => page.frames().find((f) => f.url().includes('innovaphone-recordings.htm') && f.url().includes(`scheme=${scheme}`));
    for (let i = 0; i < 100 && !frame(); i++) await page.waitForTimeout(100);
    const f = frame();
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    await f.locator('rec-recording-list [role=option]').first().waitFor({ timeout: 15_000 });
    await page.locator('#frame').screenshot({ path: join(out, `user-${scheme}.png`) });
    await f.locator('rec-recording-list [role=option]').first().click();
    await f.locator('rec-call-player rec-transport button.main:not([disabled])').waitFor({ timeout: 20_000 });
    await f.waitForFunction(() => !document.querySelector('rec-app')?.shadowRoot?.querySelector('rec-call-player')?.shadowRoot?.querySelector('progress'));
    await page.waitForTimeout(300);
    await page.locator('#frame').screenshot({ path: join(out, `player-${scheme}.png`) });
    console.log(`docs/screenshots/user-${scheme}.png, player-${scheme}.png`);
  }
  for (const scheme of ['light', 'dark']) {
    // The admin app: tabs, every owner's recordings with the owner column, two picked for a bulk action.
    await page.goto(`${srv.url}/host.htm`);
    await page.selectOption('#user', 'admin');
    await page.selectOption('#scheme', scheme);
    await page.click('#open');
    const frame = () => page.frames().find((f) => f.url().includes('innovaphone-recordingsadmin.htm') && f.url().includes(`scheme=${scheme}`));
    for (let i = 0; i < 100 && !frame(); i++) await page.waitForTimeout(100);
    const f = frame();
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    const rows = f.locator('rec-recording-list [role=option]');
    await rows.nth(1).waitFor({ timeout: 15_000 });
    await rows.nth(0).click({ modifiers: ['Control'] });
    await rows.nth(1).click({ modifiers: ['Control'] });
    await f.locator('rec-selection-bar .sel-count').waitFor();
    await page.waitForTimeout(300);
    await page.locator('#frame').screenshot({ path: join(out, `admin-${scheme}.png`) });
    await f.getByRole('tab', { name: 'License & links' }).click();
    await f.locator('rec-admin-status [data-link=pbx]').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(200);
    await page.locator('#frame').screenshot({ path: join(out, `admin-status-${scheme}.png`) });
    console.log(`docs/screenshots/admin-${scheme}.png, admin-status-${scheme}.png`);
  }
} finally {
  await browser.close();
  await srv.close();
  rmSync(web, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
}
