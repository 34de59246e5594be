// The local player page in Chromium: pick a file, see the streams, play (Web Audio running, a tap
// on the output hears sound), seek by click and keys, and a readable typed error for a bad file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../helpers/browser.js';
import { syntheticCall } from '../worker/synthetic-call.js';

let app: WebApp;
let page: Page & { errors: string[] };
const dir = join('.tmp', `page-${process.pid}`);
const callFile = join(dir, 'call.pcap');
const badFile = join(dir, 'notes.pcap');

/** The page element's player state, read in the page. */
function playerState() {
  return page.evaluate(() => {
    const el = document.querySelector('rec-local-player') as unknown as {
      player: { context: AudioContext | null; positionFrame: number; isPlaying: boolean };
      info: { sampleRate: number; frames: number } | null;
    };
    const ctx = el.player.context;
    return { state: ctx?.state ?? 'none', time: ctx?.currentTime ?? 0, ctxRate: ctx?.sampleRate ?? 0, position: el.player.positionFrame,
      playing: el.player.isPlaying, rate: el.info?.sampleRate ?? 0, frames: el.info?.frames ?? 0 };
  });
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(callFile, syntheticCall(20));
  writeFileSync(badFile, 'meeting notes, not a capture\n');
  app = await startWebApp();
  page = await app.newPage();
  await page.goto(app.url);
});
afterAll(async () => { await app?.close(); });

describe('local player page', () => {
  it('opens a capture from the file picker and shows its streams, DTMF and length', async () => {
    await page.locator('input[type=file]').setInputFiles(callFile);
    const rows = page.locator('rec-stream-table tbody tr');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(await rows.count()).toBe(2);
    const text = await page.locator('rec-stream-table table').innerText();
    expect(text).toMatch(/Remote \(left\)\s+PCMA/);
    expect(text).toMatch(/Local \(right\)\s+PCMA/);
    expect(await page.getByLabel('DTMF digits').innerText()).toContain('5');
    await page.waitForFunction(() => !document.querySelector('rec-local-player')?.shadowRoot?.querySelector('progress'));
    expect(await page.locator('rec-transport output').innerText()).toMatch(/0:00 \/ 0:20/);
    expect(page.errors).toEqual([]);
  });

  it('plays: the audio clock runs, the position advances and the output is not silent', async () => {
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => {
      const el = document.querySelector('rec-local-player') as unknown as { player: { context: AudioContext | null } };
      return el.player.context?.state === 'running';
    });
    const a = await playerState();
    const peak = await page.evaluate(async () => {
      const el = document.querySelector('rec-local-player') as unknown as { player: { analyser: AnalyserNode } };
      const buf = new Float32Array(el.player.analyser.fftSize);
      let max = 0;
      for (let i = 0; i < 40 && max < 0.01; i++) {
        await new Promise((r) => setTimeout(r, 50));
        el.player.analyser.getFloatTimeDomainData(buf);
        for (const v of buf) max = Math.max(max, Math.abs(v));
      }
      return max;
    });
    expect(peak).toBeGreaterThan(0.01);
    const b = await playerState();
    expect(b.playing).toBe(true);
    expect(b.ctxRate).toBe(8000); // the context runs at the call's rate; the output stage resamples
    expect(b.time).toBeGreaterThan(a.time);
    expect(b.position).toBeGreaterThan(a.position);
    expect(await page.getByRole('button', { name: 'Pause' }).isVisible()).toBe(true);
  });

  it('seeks by clicking the waveform and with the arrow keys; space pauses', async () => {
    const box = (await page.locator('rec-waveform canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    let s = await playerState();
    expect(s.position / s.frames).toBeGreaterThan(0.45);
    expect(s.position / s.frames).toBeLessThan(0.6);
    const before = s.position;
    await page.locator('h1').click(); // focus outside the waveform: the page's own keys apply
    await page.keyboard.press('ArrowLeft');
    s = await playerState();
    expect(before - s.position).toBeGreaterThan(s.rate * 4);
    expect(before - s.position).toBeLessThan(s.rate * 6);
    await page.keyboard.press(' ');
    s = await playerState();
    expect(s.playing).toBe(false);
    const paused = s.position;
    await page.keyboard.press('ArrowRight');
    s = await playerState();
    expect(s.position - paused).toBeCloseTo(s.rate * 5, -1);
  });

  it('explains a file that is not a capture', async () => {
    await page.locator('input[type=file]').setInputFiles(badFile);
    const err = page.locator('.error');
    await err.waitFor({ timeout: 20_000 });
    expect(await err.getAttribute('data-code')).toBe('not-a-capture');
    expect(await err.innerText()).toMatch(/notes\.pcap.*not a network capture/s);
    expect(await page.locator('rec-stream-table').count()).toBe(0);
  });

  it('takes a dropped file, and "Swap sides" exchanges the channels', async () => {
    const dt = await page.evaluateHandle((b64) => {
      const bin = atob(b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const d = new DataTransfer();
      d.items.add(new File([bytes], 'dropped.pcap'));
      return d;
    }, readFileSync(callFile).toString('base64'));
    await page.locator('rec-file-drop label').dispatchEvent('drop', { dataTransfer: dt });
    const sideOf = async (src: string) => {
      const row = page.locator('rec-stream-table tbody tr', { has: page.locator('td:nth-child(3)', { hasText: src }) });
      await row.waitFor({ timeout: 20_000 });
      return (await row.locator('td').first().innerText()).trim();
    };
    expect(await sideOf('10.0.0.1:16386')).toBe('Local (right)');
    expect(await page.locator('.meta').innerText()).toContain('dropped.pcap');
    await page.getByRole('button', { name: 'Swap sides' }).click();
    await page.waitForFunction(() => {
      const el = document.querySelector('rec-local-player') as unknown as { info: { streams: Array<{ src: string; channel: string }> } | null };
      return el.info?.streams.find((s) => s.src === '10.0.0.1:16386')?.channel === 'left';
    }, undefined, { timeout: 20_000 });
    expect(await sideOf('10.0.0.1:16386')).toBe('Remote (left)');
    expect(page.errors).toEqual([]);
  });

  it('speaks German in a German browser', async () => {
    const ctx = await app.browser.newContext({ locale: 'de-DE' });
    const de = await ctx.newPage();
    try {
      await de.goto(app.url);
      expect(await de.locator('rec-local-player h1').innerText()).toBe('Mitschnitt eines Anrufs abspielen');
      expect(await de.locator('rec-file-drop .hint').innerText()).toContain('nichts wird hochgeladen');
      await de.locator('input[type=file]').setInputFiles(callFile);
      await de.locator('rec-stream-table tbody tr').first().waitFor({ timeout: 20_000 });
      expect(await de.locator('rec-stream-table caption').innerText()).toBe('Streams (Seiten nach innovaphone-Ports)');
      expect(await de.getByRole('button', { name: 'Seiten tauschen' }).count()).toBe(1);
      expect(await de.locator('rec-transport label').first().innerText()).toContain('Tempo');
    } finally {
      await ctx.close();
    }
  });
});
