// Screenshots of the player (A-B loop set, 1.25×, channel mix) and of the softphone panel
// (<rec-latest> at 320 px with its compact player), light and dark, taken from the real service
// with its demo recordings through the standalone host page (the myApps stand-in):
//   npm run build:node && node docs/screenshots/make-player-screenshots.mjs
// Writes docs/screenshots/player-{light,dark}.png and softphone-{light,dark}.png.
import { join } from 'node:path';
import { openInHost, out, playerSettled, startDemo, waitForFrame } from './shots.mjs';

const { srv, browser, close } = await startDemo(['innovaphone-recordings.htm', 'innovaphone-recordings-latest.htm']);

/** Opens the user app for `scheme` in the host page, or with `file` the panel page in its place; returns its frame. */
async function openApp(page, scheme, file) {
  const app = await openInHost(page, srv, { scheme });
  if (!file) return app;
  // Same login (the user app's App object), other page: the softphone hosts the panel page.
  await page.evaluate((f) => {
    const frame = document.getElementById('frame');
    frame.style.flex = 'none';
    frame.style.width = '320px';
    frame.style.height = '700px';
    frame.src = frame.src.replace('innovaphone-recordings.htm', f);
  }, file);
  return waitForFrame(page, file, scheme);
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const scheme of ['light', 'dark']) {
    const f = await openApp(page, scheme);
    await f.locator('rec-recording-list [role=option]').first().click({ timeout: 20_000 });
    await f.locator('rec-call-player rec-transport button.main:not([disabled])').waitFor({ timeout: 20_000 });
    await playerSettled(f, 'rec-app');
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
    await playerSettled(s, 'rec-latest');
    await page.waitForTimeout(300);
    await page.locator('#frame').screenshot({ path: join(out, `softphone-${scheme}.png`) });
    console.log(`${out}/player-${scheme}.png, softphone-${scheme}.png`);
  }
} finally {
  await close();
}
