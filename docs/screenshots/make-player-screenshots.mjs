// Screenshots of the player (A-B loop set, 1.25×, channel mix) and of the softphone panel
// (<rec-latest> at 320 px with its compact player), light and dark, taken from the real service
// with its demo recordings through the standalone host page (the myApps stand-in):
//   npm run build:node && node docs/screenshots/make-player-screenshots.mjs
// Writes docs/screenshots/player-{light,dark}.png and softphone-{light,dark}.png.
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
    'innovaphone-recordings-latest.htm': join(root, 'innovaphone-recordings-latest.htm.html'),
  } } },
});
const srv = await startServer(loadConfig({ PORT: '0', RECORDINGS_DEMO: '1', RECORDINGS_DATA_DIR: data, RECORDINGS_PASSWORD: 'screenshots' },
  { host: '127.0.0.1', quiet: true, webDir: web, retentionIntervalMs: 0 }));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Opens the user app for `scheme` in the host page and returns its frame. */
async function openApp(page, scheme, file) {
  await page.goto(`${srv.url}/host.htm`);
  await page.selectOption('#scheme', scheme);
  await page.click('#open');
  if (file) {
    // Same login (the user app's App object), other page: the softphone hosts the panel page.
    await page.evaluate((f) => {
      const frame = document.getElementById('frame');
      frame.style.flex = 'none';
      frame.style.width = '320px';
      frame.style.height = '700px';
      frame.src = frame.src.replace('innovaphone-recordings.htm', f);
    }, file);
  }
  const want = file ?? 'innovaphone-recordings.htm';
  const find = () => page.frames().find((f) => f.url().includes(want) && f.url().includes(`scheme=${scheme}`));
  for (let i = 0; i < 100 && !find(); i++) await page.waitForTimeout(100);
  return find();
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const scheme of ['light', 'dark']) {
    const f = await openApp(page, scheme);
    await f.locator('rec-recording-list [role=option]').first().click({ timeout: 20_000 });
    await f.locator('rec-call-player rec-transport button.main:not([disabled])').waitFor({ timeout: 20_000 });
    await f.waitForFunction(() => !document.querySelector('rec-app')?.shadowRoot?.querySelector('rec-call-player')?.shadowRoot?.querySelector('progress'));
    await f.evaluate(() => {
      const p = document.querySelector('rec-app').shadowRoot.querySelector('rec-call-player');
      const frames = p.info.frames;
      p.playback.seek(frames * 0.2);
      p.playback.loopA();
      p.playback.seek(frames * 0.45);
      p.playback.loopB();
      p.playback.seek(frames * 0.3);
      p.playback.setSpeed(1.25);
      p.playback.setMix({ volume: [1, 0.7], muted: [false, false], solo: null });
    });
    await page.waitForTimeout(300);
    await page.locator('#frame').screenshot({ path: join(out, `player-${scheme}.png`) });

    const s = await openApp(page, scheme, 'innovaphone-recordings-latest.htm');
    await s.locator('rec-latest li button').first().click({ timeout: 20_000 });
    await s.locator('rec-call-player rec-transport button.main:not([disabled])').waitFor({ timeout: 20_000 });
    await s.waitForFunction(() => !document.querySelector('rec-latest')?.shadowRoot?.querySelector('rec-call-player')?.shadowRoot?.querySelector('progress'));
    await page.waitForTimeout(300);
    await page.locator('#frame').screenshot({ path: join(out, `softphone-${scheme}.png`) });
    console.log(`docs/screenshots/player-${scheme}.png, softphone-${scheme}.png`);
  }
} finally {
  await browser.close();
  await srv.close();
  rmSync(web, { recursive: true, force: true });
  rmSync(data, { recursive: true, force: true });
}
