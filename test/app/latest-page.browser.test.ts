// The softphone panel's own page (innovaphone-recordings-latest.htm) against the real server, in
// the standalone host page's frame narrowed to 320 px: it boots like a myApps app (start
// parameters, getLogin through the parent, AppLogin), shows a phone's PUT upload live, and plays it
// with sound on both output channels.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js';
import { startTestServer, upload, type TestServer } from '../server/helpers.js';
import { buildMyAppsPages } from '../e2e/build-web.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'captures', 'pcma-eth-ipv4.pcap');
const NAME = '5a2c2a9e7b3d4c5e8a6f0b1c2d3e4f52-009033a1b2c3-7--alice.pcap';

let web: { dir: string; remove(): void };
let srv: TestServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  web = await buildMyAppsPages({ 'innovaphone-recordings-latest.htm': 'innovaphone-recordings-latest.htm.html' });
  srv = await startTestServer({}, { webDir: web.dir });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'], headless: true });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url}`); });
});
afterAll(async () => {
  await browser?.close();
  await srv?.stop();
  web?.remove();
});

function panel(): Frame {
  const f = page.frames().find((x) => x.url().includes('innovaphone-recordings-latest.htm'));
  if (!f) throw new Error('panel frame not loaded');
  return f;
}

describe('softphone panel page against the real server', () => {
  it('signs in through the host, shows an upload live at 320 px and plays it on both channels', async () => {
    await page.goto(`${srv.url}/host.htm`);
    await expect.poll(() => page.frames().some((x) => x.url().includes('innovaphone-recordings.htm')), { timeout: 15_000 }).toBe(true);
    // The same App object and login as the user app, the panel page instead of the full view.
    await page.evaluate(() => {
      const frame = document.getElementById('frame') as HTMLIFrameElement;
      frame.style.flex = 'none';
      frame.style.width = '320px';
      frame.src = frame.src.replace('innovaphone-recordings.htm', 'innovaphone-recordings-latest.htm');
    });
    await expect.poll(() => page.frames().some((x) => x.url().includes('innovaphone-recordings-latest.htm')), { timeout: 15_000 }).toBe(true);
    const f = panel();
    await f.locator('rec-latest .conn[data-phase=connected]').waitFor({ timeout: 15_000 });
    expect(await f.locator('rec-latest li').count()).toBe(0);

    expect((await upload(srv.url, NAME, readFileSync(FIXTURE))).status).toBe(201);
    const item = f.locator('rec-latest li');
    await item.first().waitFor({ timeout: 15_000 }); // pushed, no reload
    await item.first().locator('button').click();
    const play = f.locator('rec-latest rec-call-player rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    await play.click();
    const peaks = await f.evaluate(async () => {
      const p = document.querySelector('rec-latest')!.shadowRoot!.querySelector('rec-call-player') as unknown as {
        player: { channelAnalysers: [AnalyserNode, AnalyserNode] | null } };
      const out = [0, 0];
      const buf = new Float32Array(2048);
      for (let i = 0; i < 80 && (out[0]! < 0.01 || out[1]! < 0.01); i++) {
        await new Promise((r) => setTimeout(r, 50));
        p.player.channelAnalysers?.forEach((a, ch) => {
          a.getFloatTimeDomainData(buf);
          for (const v of buf) out[ch] = Math.max(out[ch]!, Math.abs(v));
        });
      }
      return out;
    });
    expect(peaks[0]).toBeGreaterThan(0.01);
    expect(peaks[1]).toBeGreaterThan(0.01);
    expect(await f.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(errors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
  });
});
