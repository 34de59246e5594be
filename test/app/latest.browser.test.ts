// The softphone panel <rec-latest> in a 320 px viewport with the service mocked by msw: only the
// signed-in user's recordings, newest first; live pushes appear at the top; the compact player
// plays (both channel taps hear their tone) without overflowing the panel; next walks the list.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEFT_HZ, RIGHT_HZ, toneCall } from './player-capture.js';
import { startHarness, type Harness } from './serve.js';

const CALL = Buffer.from(toneCall({ seconds: 3 })).toString('base64');
let h: Harness;
let page: Page;
const errors: string[] = [];

const items = () => page.locator('rec-latest li');
const ids = () => items().evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
const player = (sel: string) => page.locator(`rec-latest rec-call-player ${sel}`);

beforeAll(async () => {
  h = await startHarness('test/app/player-harness.html');
  page = await h.browser.newPage({ viewport: { width: 320, height: 640 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(h.url);
  await page.evaluate(() => (window as any).mswReady);
  await page.evaluate((b64) => {
    const m = (window as any).mock;
    m.setRecordings([
      m.recording('a1', { remoteName: 'Bob Brown', remoteNumber: '202', startTime: Date.UTC(2026, 0, 10, 9), direction: 'in' }),
      m.recording('a2', { remoteNumber: '0897654321', startTime: Date.UTC(2026, 0, 10, 11) }),
      m.recording('b1', { ownerSip: 'bob', ownerNumber: '202', ownerName: 'Bob Brown', startTime: Date.UTC(2026, 0, 10, 12) }),
    ]);
    for (const id of ['a1', 'a2', 'a3']) m.setPcap(id, b64);
  }, CALL);
  await page.evaluate(() => (window as any).ph.mountLatest({ width: 320 }));
});
afterAll(async () => { await h?.close(); });

describe('rec-latest (softphone panel)', () => {
  it('lists only the signed-in user\'s recordings, newest first', async () => {
    await expect.poll(ids).toEqual(['a2', 'a1']);
    const list = await page.evaluate(() => (window as any).mock.requestsOf('ListRecordings'));
    expect(list[list.length - 1].filter).toEqual({ owner: 'alice' });
    expect(await page.evaluate(() => (window as any).mock.requestsOf('SubscribeRecordings').length)).toBe(1);
    expect(await page.locator('rec-latest .conn').getAttribute('data-phase')).toBe('connected');
    expect(await items().nth(1).locator('button').getAttribute('aria-label')).toMatch(/^Bob Brown, Incoming, .+, 0:04$/);
  });

  it('shows a pushed recording of the user at the top, marked new; another user\'s push stays out', async () => {
    await page.evaluate(() => {
      const m = (window as any).mock;
      m.add(m.recording('b2', { ownerSip: 'bob', ownerNumber: '202', startTime: Date.UTC(2026, 0, 11, 8) }));
      m.add(m.recording('a3', { remoteName: 'Carol', startTime: Date.UTC(2026, 0, 11, 9) }));
    });
    await expect.poll(ids).toEqual(['a3', 'a2', 'a1']);
    expect(await items().first().getAttribute('data-fresh')).not.toBeNull();
    expect(await items().nth(1).getAttribute('data-fresh')).toBeNull();
    expect(await page.evaluate(() => (window as any).mock.requestsOf('ListRecordings').length)).toBe(1);
  });

  it('plays the chosen recording in the compact player within 320 px', async () => {
    await items().first().locator('button').click();
    expect(await items().first().getAttribute('aria-current')).toBe('true');
    expect(await items().first().getAttribute('data-fresh')).toBeNull();
    const play = player('rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    expect(await player('textarea').count()).toBe(0); // compact: no note editor
    await play.click();
    await page.waitForFunction(() => (window as any).ph.latestPlayer()?.player.isPlaying, undefined, { timeout: 10_000 });
    const left = await page.evaluate(() => (window as any).ph.listen(0, 4));
    const right = await page.evaluate(() => (window as any).ph.listen(1, 4));
    expect(left.rms).toBeGreaterThan(0.05);
    expect(right.rms).toBeGreaterThan(0.05);
    expect(Math.abs(left.hz - LEFT_HZ) / LEFT_HZ).toBeLessThan(0.03);
    expect(Math.abs(right.hz - RIGHT_HZ) / RIGHT_HZ).toBeLessThan(0.03);
    // nothing sticks out of the narrow panel
    const widths = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth,
      panel: (window as any).latest.getBoundingClientRect().width,
      player: (window as any).ph.latestPlayer().getBoundingClientRect().right,
    }));
    expect(widths.doc).toBeLessThanOrEqual(320);
    expect(widths.panel).toBeLessThanOrEqual(320);
    expect(widths.player).toBeLessThanOrEqual(320);
  });

  it('next in the player moves to the next entry of the panel list', async () => {
    await player('button[data-action=next]').click();
    await expect.poll(async () => items().nth(1).getAttribute('aria-current')).toBe('true');
    await expect.poll(() => page.evaluate(() => (window as any).ph.latestPlayer()?.recordingId)).toBe('a2');
    const play = player('rec-transport button.main');
    await expect.poll(async () => (await play.count()) > 0 && (await play.isEnabled()), { timeout: 20_000 }).toBe(true);
    expect(await player('h2').first().innerText()).toContain('0897654321');
  });

  it('German texts', async () => {
    await page.evaluate(() => (window as any).ph.setLang('de'));
    expect(await page.locator('rec-latest h1').innerText()).toBe('Neueste Aufnahmen');
    expect(await page.locator('rec-latest .conn').innerText()).toBe('Verbunden');
    await page.evaluate(() => (window as any).ph.setLang('en'));
    expect(errors).toEqual([]);
  });
});
