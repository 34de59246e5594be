// Rare codecs in Chromium: the real decoder worker loads ffmpeg.wasm from this build (same
// origin, only when a capture needs it) and every rare-codec fixture decodes to the system
// ffmpeg's native decode of the sent frames, as in Node.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeInfo } from '../../src/shared/decoder-types.js';
import { startWebApp, type WebApp } from '../helpers/browser.js';
import { DIR, RARE_FIXTURES, match, ref } from './ext-codecs-fixtures.js';

let app: WebApp;
let page: Page & { errors: string[] };
const requests: string[] = [];
const failed: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp({ 'ext-codecs-harness': 'test/worker/ext-codecs-harness.html' });
  page = await app.newPage();
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} ${m.location().url}`); });
  page.context().on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${app.url}test/worker/ext-codecs-harness.html`);
  await page.waitForFunction(() => (window as any).harnessReady);
});
afterAll(async () => { await app?.close(); });

async function decode(name: string): Promise<{ info: DecodeInfo; left: Int16Array; right: Int16Array }> {
  const r = await page.evaluate((b64) => (window as any).decodeCapture(b64), readFileSync(join(DIR, `${name}.pcap`)).toString('base64'));
  return { info: r.info, left: Int16Array.from(r.left), right: Int16Array.from(r.right) };
}

describe('rare codecs in the browser decoder worker', () => {
  it('a G.711 capture does not load ffmpeg', async () => {
    const { info } = await decode('../captures/pcma-eth-ipv4');
    expect(info.streams[0].codec).toBe('PCMA');
    expect(requests.filter((u) => u.includes('ffmpeg'))).toEqual([]);
  });

  for (const f of RARE_FIXTURES) {
    it(`${f.name} matches ffmpeg's native decode on both channels`, async () => {
      const { info, left, right } = await decode(f.name);
      expect(info.warnings.filter((w) => w.code === 'codec-unsupported')).toEqual([]);
      for (const [side, ch, channel] of [['local', 'right', right], ['remote', 'left', left]] as const) {
        const stream = info.streams.find((s) => s.channel === ch)!;
        const r = ref(f.name, side);
        const m = match(channel, r, Math.round((stream.startMs * info.sampleRate) / 1000));
        if (f.codec === 'AMR' || f.codec === 'speex') expect(m.snr, `${side} SNR`).toBeGreaterThan(40);
        else expect(m.exact, `${side} exact samples`).toBe(r.length);
      }
    });
  }

  it('ffmpeg came from this build, once', () => {
    const ff = requests.filter((u) => u.includes('ffmpeg-core'));
    expect(ff.filter((u) => u.endsWith('.wasm'))).toHaveLength(1);
    for (const u of ff) expect(u.startsWith(app.url)).toBe(true);
    expect(failed).toEqual([]);
    // the browser's own /favicon.ico probe of the bare harness page is not ours
    expect(consoleErrors.filter((e) => !e.includes('/favicon.ico'))).toEqual([]);
    expect(page.errors.filter((e) => !e.startsWith('console: Failed to load resource'))).toEqual([]);
  });
});
