// The player with the decoder's preview, in Chromium on the real audio clock: a provisional store
// (the preview's first seconds) does not end playback at its last frame; the whole call swapped in
// goes on without a restart at the same rate, and from the same time position at another rate.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../helpers/browser.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ previewPlayer: 'test/browser/worker-preview-player.html' });
  page = await app.newPage();
  await page.goto(`${app.url}test/browser/worker-preview-player.html`);
  await page.waitForFunction(() => 'previewPlayer' in globalThis);
  await page.click('#activate'); // a user gesture: audio may start
});
afterAll(async () => { await app?.close(); });

describe('player on a decoder preview', () => {
  it('waits at the end of a provisional store, then plays on from the whole call without a restart', async () => {
    const r = await page.evaluate(() => (globalThis as any).previewPlayer.sameRate());
    expect(r.waiting.playing).toBe(true);
    expect(r.waiting.ended).toBe(false);
    expect(r.waiting.position).toBeLessThanOrEqual(8000);
    expect(r.waiting.position).toBeGreaterThan(3000); // at least one 0.5 s segment; the next one needs frames past the preview
    expect(r.seeded).toBe(true);
    expect(r.after.sameContext).toBe(true);
    expect(r.after.playing).toBe(true);
    expect(r.after.position).toBeGreaterThan(8000 + 2000);
  });

  it('shows no call length while only the preview is decoded', async () => {
    const r = await page.evaluate(() => (globalThis as any).previewPlayer.transportTime());
    expect(r.preview).toBe('0:01 / …');
    expect(r.whole).toBe('0:01 / 1:00');
  });

  it('restarts at the same time position when the whole call has another rate', async () => {
    const r = await page.evaluate(() => (globalThis as any).previewPlayer.rateChange());
    expect(r.seeded).toBe(false); // 8 kHz samples cannot stand in a 16 kHz call
    expect(r.before).toBeGreaterThan(0.2);
    expect(Math.abs(r.right - r.before)).toBeLessThan(0.05);
    expect(r.playing).toBe(true);
    expect(r.rate).toBe(16000);
  });
});
