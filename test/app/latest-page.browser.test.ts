// The softphone panel's own page (innovaphone-recordings-latest.htm) against the real server, in
// the standalone host page's frame narrowed to 320 px: it boots like a myApps app (start
// parameters, getLogin through the parent, AppLogin), shows a phone's PUT upload live, and plays it
// with sound on both output channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectSoundOnBothChannels } from '../e2e/audio-tap.js';
import { startE2e, type E2eEnv } from '../e2e/e2e-env.js';

const NAME = '5a2c2a9e7b3d4c5e8a6f0b1c2d3e4f52-009033a1b2c3-7--alice.pcap';
const PANEL = 'innovaphone-recordings-latest.htm';

let env: E2eEnv;

beforeAll(async () => { env = await startE2e({ extraPages: { [PANEL]: `${PANEL}.html` }, consoleErrors: true }); });
afterAll(async () => { await env?.close(); });

describe('softphone panel page against the real server', () => {
  it('signs in through the host, shows an upload live at 320 px and plays it on both channels', async () => {
    await env.openHost();
    // The same App object and login as the user app, the panel page instead of the full view.
    await env.page.evaluate(() => {
      const frame = document.getElementById('frame') as HTMLIFrameElement;
      frame.style.flex = 'none';
      frame.style.width = '320px';
      frame.src = frame.src.replace('innovaphone-recordings.htm', 'innovaphone-recordings-latest.htm');
    });
    const f = await env.waitForFrame(PANEL);
    await f.locator('rec-latest .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    expect(await f.locator('rec-latest li').count()).toBe(0);

    expect((await env.uploadFixture(NAME)).status).toBe(201);
    const item = f.locator('rec-latest li');
    await item.first().waitFor({ timeout: 15_000 }); // pushed, no reload
    await item.first().locator('button').click();
    const play = f.locator('rec-latest rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    await play.click();
    await expectSoundOnBothChannels(f, 'rec-latest');
    expect(await f.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(env.errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
  });
});
