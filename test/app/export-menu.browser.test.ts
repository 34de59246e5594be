// The export menu in the player, Chromium, service mocked by msw: each WAV layout downloads with
// the recording's file name and the right header/length, ZIP holds WAV + call sheet, MP3 and OGG
// come from ffmpeg.wasm loaded from this build's own files only after the first click (network
// log) and are checked with the system ffprobe; cancel stops an encode; German labels.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './serve.js';
import { pdfTextRuns } from './export-pdf-text.js';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'captures', 'pcma-eth-ipv4.pcap');
let h: Harness;
let page: Page;
let tmp: string;
const errors: string[] = [];
const requests: string[] = [];

/** A page with the harness mounted and the recording opened; `route` runs before the page loads. */
async function openPage(route?: (p: Page) => Promise<void>): Promise<Page> {
  const page = await h.browser.newPage({ acceptDownloads: true });
  await route?.(page);
  await page.goto(h.url);
  await page.evaluate(() => (window as any).mswReady);
  await page.evaluate((b64) => {
    const m = (window as any).mock;
    m.setRecordings([m.recording('b', { remoteName: 'Bob Brown', remoteNumber: '202', direction: 'in', note: 'Offer accepted', hasCallInfo: true,
      startTime: Date.UTC(2026, 0, 10, 12, 30, 15) })]);
    m.setPcap('b', b64);
  }, readFileSync(FIXTURE).toString('base64'));
  await page.evaluate(() => (window as any).harness.mount({}));
  await page.locator('rec-recording-list [role=option]').first().click();
  return page;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rec-export-'));
  h = await startHarness();
  page = await openPage(async (p) => {
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('request', (r) => requests.push(r.url()));
  });
});
afterAll(async () => {
  await h?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const menu = () => page.locator('rec-call-player rec-export-menu');
const button = (action: string) => menu().locator(`button[data-action="${action}"]`);

async function download(action: string): Promise<{ d: Download; bytes: Buffer; path: string }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button(action).click()]);
  const path = join(tmp, d.suggestedFilename());
  await d.saveAs(path);
  return { d, bytes: readFileSync(path), path };
}

function probe(path: string): { codec: string; duration: number; channels: number } {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', path]).toString());
  return { codec: out.streams[0].codec_name, duration: Number(out.format.duration), channels: out.streams[0].channels };
}

describe('rec-export-menu in the player', () => {
  it('is disabled until the call is decoded, then every WAV layout downloads with the recording\'s name', async () => {
    await expect.poll(() => button('wav').isEnabled(), { timeout: 30_000 }).toBe(true);
    // what the player passes while decoding is still running
    const setComplete = (on: boolean) => page.evaluate((v) => {
      const el = (window as any).app.el.shadowRoot.querySelector('rec-call-player').shadowRoot.querySelector('rec-export-menu');
      el.complete = v;
      return el.updateComplete;
    }, on);
    await setComplete(false);
    for (const a of ['wav', 'wav-mono', 'wav-left', 'wav-right', 'zip', 'mp3', 'ogg']) expect(await button(a).isDisabled(), a).toBe(true);
    expect(await menu().locator('.hint').innerText()).toContain('once the audio is fully decoded');
    await setComplete(true);
    const info = await page.evaluate(() => {
      const p = (window as any).app.el.shadowRoot.querySelector('rec-call-player');
      return { frames: p.playback.store.frames, rate: p.playback.store.rate };
    });
    const local = await page.evaluate(() => -new Date(Date.UTC(2026, 0, 10, 12, 30, 15)).getTimezoneOffset());
    const stamp = new Date(Date.UTC(2026, 0, 10, 12, 30, 15) + local * 60_000).toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
    for (const [action, channels, suffix] of [['wav', 2, ''], ['wav-mono', 1, '_mono'], ['wav-left', 1, '_remote'], ['wav-right', 1, '_local']] as const) {
      const { d, bytes } = await download(action);
      expect(d.suggestedFilename()).toBe(`${stamp}_Alice-Adams_from_Bob-Brown${suffix}.wav`);
      expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
      expect(bytes.readUInt16LE(22)).toBe(channels);
      expect(bytes.readUInt32LE(24)).toBe(info.rate);
      expect(bytes.readUInt32LE(40)).toBe(info.frames * channels * 2);
      expect(bytes.length).toBe(44 + info.frames * channels * 2);
    }
    expect(await menu().locator('[role=status]').innerText()).toContain('saved');
    // nothing of ffmpeg was fetched so far: it is not part of the page or of the WAV path
    expect(requests.filter((u) => /ffmpeg|\/assets\/worker-[^/]*\.js/.test(u))).toEqual([]);
    expect(requests.some((u) => /ffmpeg-core.*\.wasm/.test(u))).toBe(false);
  });

  it('ZIP: stereo WAV + a call sheet naming the parties and the note', async () => {
    const { d, bytes } = await download('zip');
    expect(d.suggestedFilename()).toMatch(/_Alice-Adams_from_Bob-Brown\.zip$/);
    const files = unzipSync(new Uint8Array(bytes));
    const names = Object.keys(files);
    expect(names.filter((n) => n.endsWith('.wav'))).toHaveLength(1);
    const pdf = names.find((n) => n.endsWith('_call-sheet.pdf'))!;
    const text = pdfTextRuns(files[pdf]).join('\n');
    for (const s of ['Call sheet: Bob Brown', 'Alice Adams', 'setup-to', 'Offer accepted', 'Stream quality']) expect(text, s).toContain(s);
  });

  it('MP3 and OGG: ffmpeg loads from this build only on the first click and encodes; ffprobe reads the files', async () => {
    const before = requests.length;
    const mp3 = await download('mp3');
    const fetched = requests.slice(before);
    const ff = fetched.filter((u) => /ffmpeg-core/.test(u));
    expect(ff.some((u) => u.endsWith('.wasm'))).toBe(true);
    expect(ff.some((u) => u.endsWith('.js'))).toBe(true);
    const origin = new URL(h.url).origin;
    for (const u of fetched) expect(u.startsWith(origin) || u.startsWith('blob:') || u.startsWith('data:'), u).toBe(true);
    const duration = await page.evaluate(() => { const s = (window as any).app.el.shadowRoot.querySelector('rec-call-player').playback.store; return s.frames / s.rate; });
    const p = probe(mp3.path);
    expect(mp3.d.suggestedFilename()).toMatch(/\.mp3$/);
    expect(p.codec).toBe('mp3');
    expect(p.channels).toBe(2);
    expect(Math.abs(p.duration - duration)).toBeLessThan(0.2);

    const n = requests.length;
    const ogg = await download('ogg');
    expect(requests.slice(n).filter((u) => /ffmpeg-core/.test(u))).toEqual([]); // reused, not fetched again
    const o = probe(ogg.path);
    expect(o.codec).toBe('vorbis');
    expect(Math.abs(o.duration - duration)).toBeLessThan(0.2);
  });

  it('cancel stops an encode and says so; the next export still works', async () => {
    // 40 minutes of 8 kHz noise: long enough that the encode is still running when cancel is clicked
    await page.evaluate(() => {
      const el = (window as any).app.el.shadowRoot.querySelector('rec-call-player').shadowRoot.querySelector('rec-export-menu');
      const frames = 8000 * 2400;
      const left = new Int16Array(frames), right = new Int16Array(frames);
      for (let i = 0; i < frames; i++) { left[i] = (Math.random() - 0.5) * 20000; right[i] = (Math.random() - 0.5) * 20000; }
      (window as any).realPcm = el.pcm;
      // Counts holds as PcmStore does: the player may not reuse the samples while an export reads them.
      el.pcm = { rate: 8000, frames, left, right, holds: 0, hold() { this.holds++; return () => { this.holds--; }; } };
    });
    const holds = () => page.evaluate(() => (window as any).app.el.shadowRoot.querySelector('rec-call-player').shadowRoot.querySelector('rec-export-menu').pcm.holds);
    await button('ogg').click();
    // progress from ffmpeg's time counter while it encodes
    await expect.poll(() => menu().locator('[role=status]').innerText(), { timeout: 20_000 }).toMatch(/Encoding OGG… \d+ %/);
    expect(await holds()).toBe(1);
    expect(await button('mp3').isDisabled()).toBe(true);
    const cancel = menu().locator('button[data-action=cancel]');
    await cancel.click({ timeout: 10_000 });
    await expect.poll(() => menu().locator('[role=status]').innerText()).toContain('Download cancelled');
    expect(await holds()).toBe(0);
    expect(await button('ogg').isEnabled()).toBe(true);
    await page.evaluate(() => {
      (window as any).app.el.shadowRoot.querySelector('rec-call-player').shadowRoot.querySelector('rec-export-menu').pcm = (window as any).realPcm;
    });
    const again = await download('mp3');
    expect(probe(again.path).codec).toBe('mp3');
  });

  it('encoder files missing on the service: the menu says so and the WAV downloads still work', async () => {
    // msw's service worker sees every request before playwright's routing would: the fault goes in at fetch()
    const p = await openPage((x) => x.addInitScript(() => {
      const real = window.fetch.bind(window);
      window.fetch = (input, init) => /ffmpeg-core-[^/]*\.wasm$/.test(String(input instanceof Request ? input.url : input))
        ? Promise.resolve(new Response('gone', { status: 404 })) : real(input, init);
    }));
    const m = p.locator('rec-call-player rec-export-menu');
    await expect.poll(() => m.locator('button[data-action=mp3]').isEnabled(), { timeout: 30_000 }).toBe(true);
    await m.locator('button[data-action=mp3]').click();
    const err = m.locator('.error[data-code=encoder-load]');
    await err.waitFor({ timeout: 20_000 });
    expect(await err.innerText()).toBe('The encoder files could not be loaded from this service (HTTP 404).');
    const [d] = await Promise.all([p.waitForEvent('download'), m.locator('button[data-action=wav-mono]').click()]);
    expect(d.suggestedFilename()).toMatch(/_mono\.wav$/);
    await p.close();
  });

  it('speaks German', async () => {
    await page.evaluate(() => (window as any).harness.setLang('de'));
    await expect.poll(() => menu().locator('.label').innerText()).toBe('Herunterladen');
    expect(await button('wav-left').innerText()).toBe('WAV (nur Gegenseite)');
    await page.evaluate(() => (window as any).harness.setLang('en'));
    expect(errors).toEqual([]);
  });
});
