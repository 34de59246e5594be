// Screenshots of the user view with the player open and of the admin view, light and dark, taken from the real service
// with its demo recordings, through the standalone host page (the myApps stand-in):
//   npm run build:node && node docs/screenshots/make-screenshots.mjs
// Writes docs/screenshots/user-{light,dark}.png, player-{light,dark}.png, admin-{light,dark}.png (list with
// a multi-selection) and admin-status-{light,dark}.png (licence and link status tab).
import { join } from 'node:path';
import { openInHost, out, playerSettled, startDemo } from './shots.mjs';

const { srv, browser, close } = await startDemo(['innovaphone-recordings.htm', 'innovaphone-recordingsadmin.htm']);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  for (const scheme of ['light', 'dark']) {
    // The app alone at its myApps URL, logged in by the host page's answer to getLogin.
    const f = await openInHost(page, srv, { scheme });
    await f.locator('rec-app .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    await f.locator('rec-recording-list [role=option]').first().waitFor({ timeout: 15_000 });
    await page.locator('#frame').screenshot({ path: join(out, `user-${scheme}.png`) });
    await f.locator('rec-recording-list [role=option]').first().click();
    await f.locator('rec-call-player rec-transport button.main:not([disabled])').waitFor({ timeout: 20_000 });
    await playerSettled(f, 'rec-app');
    await page.waitForTimeout(300);
    await page.locator('#frame').screenshot({ path: join(out, `player-${scheme}.png`) });
    console.log(`${out}/user-${scheme}.png, player-${scheme}.png`);
  }
  for (const scheme of ['light', 'dark']) {
    // The admin app: tabs, every owner's recordings with the owner column, two picked for a bulk action.
    const f = await openInHost(page, srv, { scheme, user: 'admin', file: 'innovaphone-recordingsadmin.htm' });
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
    console.log(`${out}/admin-${scheme}.png, admin-status-${scheme}.png`);
  }
} finally {
  await close();
}
