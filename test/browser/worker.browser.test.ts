// The decoder worker in Chromium: same PCM (hash) and same DecodeInfo as the Node decode, audio
// arriving progressively in transferred buffers, typed errors, abort.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeInfo } from '../../src/shared/decoder-types.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession } from '../../src/worker/decode-session.js';
import { startWebApp, type WebApp } from '../helpers/browser.js';
import { callWithEarlyStray, g729Call, syntheticCall, twoWayCall } from '../worker/synthetic-call.js';
import { makeOpusPackets } from '../worker/opus-packets.js';
import type { HarnessResult } from './worker-harness.js';

const CAPTURES = 'test/fixtures/captures';
let app: WebApp;
let page: Page;

async function nodeDecode(bytes: Uint8Array): Promise<{ info: DecodeInfo; hash: string }> {
  const s = new DecodeSession(await createNodeCore());
  const info = await s.open(bytes);
  const h = createHash('sha256');
  for await (const p of s.pcm('stereo')) h.update(p);
  return { info, hash: h.digest('hex') };
}

function workerDecode(bytes: Uint8Array, abortAfterChunks = -1, o: { blob?: boolean; copies?: boolean; preview?: boolean; noSplit?: boolean } = {}): Promise<HarnessResult> {
  return page.evaluate(async ([b64, n, opts]) => {
    const bin = atob(b64 as string);
    const buf = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
    type Decode = (b: ArrayBuffer, n: number, o: object) => Promise<HarnessResult>;
    const h = (globalThis as unknown as { harness: { decode: Decode } }).harness;
    return h.decode(buf.buffer, n as number, opts as object);
  }, [Buffer.from(bytes).toString('base64'), abortAfterChunks, o] as const);
}

beforeAll(async () => {
  app = await startWebApp({ harness: 'test/browser/worker-harness.html' });
  page = await app.newPage();
  await page.goto(`${app.url}test/browser/worker-harness.html`);
  await page.waitForFunction(() => 'harness' in globalThis);
});
afterAll(async () => { await app?.close(); });

describe('decoder worker in Chromium', () => {
  const fixtures = existsSync(CAPTURES) ? readdirSync(CAPTURES).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];
  const cases: Array<[string, () => Uint8Array]> = [
    ['synthetic two-way A-law call', () => syntheticCall(6)],
    ...fixtures.map((f): [string, () => Uint8Array] => [f, () => new Uint8Array(readFileSync(join(CAPTURES, f)))]),
  ];

  it.each(cases)('%s: same PCM and info as the Node decode', async (_name, make) => {
    const bytes = make();
    const node = await nodeDecode(bytes);
    const w = await workerDecode(bytes);
    expect(w.error).toBeUndefined();
    expect(w.hash).toBe(node.hash);
    expect(JSON.parse(JSON.stringify(w.info))).toEqual(JSON.parse(JSON.stringify(node.info)));
    expect(w.chunkFrames.reduce((a, b) => a + b, 0)).toBe(node.info.frames);
    expect(w.chunkFrames[0]).toBeLessThanOrEqual(node.info.sampleRate * 2);
    expect(w.ownBuffers).toBe(true);
    expect(w.msToInfo).toBeLessThanOrEqual(w.msToFirstChunk);
  });

  it('reads a Blob and renders into buffers the page hands back, with the same PCM', async () => {
    // 10 minutes: eight chunks, so handed-back buffers come round several times.
    const bytes = syntheticCall(600);
    const node = await nodeDecode(bytes);
    const w = await workerDecode(bytes, -1, { blob: true, copies: true });
    expect(w.error).toBeUndefined();
    expect(w.chunkFrames.length).toBeGreaterThan(6);
    expect(w.hash).toBe(node.hash);
    expect(JSON.parse(JSON.stringify(w.info))).toEqual(JSON.parse(JSON.stringify(node.info)));
  });

  it('with a preview: the first chunk before the info, the rest after it, the same PCM', async () => {
    const bytes = syntheticCall(60);
    const node = await nodeDecode(bytes);
    const w = await workerDecode(bytes, -1, { blob: true, copies: true, preview: true });
    expect(w.error).toBeUndefined();
    expect(w.previewFrames).toBe(node.info.sampleRate * 2);
    expect(w.previewBeforeInfo).toBe(true);
    expect(w.firstChunkStart).toBe(w.previewFrames); // confirmed: not sent again
    expect(w.hash).toBe(node.hash);
  });

  it('with a preview the full decode contradicts: a correction at frame 0, the same PCM', async () => {
    const bytes = callWithEarlyStray(30);
    const node = await nodeDecode(bytes);
    const w = await workerDecode(bytes, -1, { blob: true, copies: true, preview: true });
    expect(w.error).toBeUndefined();
    expect(w.previewFrames).toBeGreaterThan(0);
    expect(w.firstChunkStart).toBe(0);
    expect(w.hash).toBe(node.hash);
  });

  it('splits a long two-way G.729 call between two workers (one side each): the same PCM and waveform peaks as one worker and as Node', async () => {
    const bytes = g729Call(75, new Uint8Array(readFileSync('test/wasm/g729-fixtures/g729-speech.g729t')));
    const node = await nodeDecode(bytes);
    const one = await workerDecode(bytes, -1, { blob: true, copies: true, preview: true, noSplit: true });
    expect(one.error).toBeUndefined();
    expect(one.split).toBe(false);
    expect(one.hash).toBe(node.hash);
    // One worker without a preview sends every chunk (a confirmed preview skips the first).
    const ref = await workerDecode(bytes, -1, { blob: true, noSplit: true });
    expect(ref.hash).toBe(node.hash);
    for (const o of [{ copies: true, preview: true }, { copies: false, preview: false }]) {
      const two = await workerDecode(bytes, -1, { blob: true, ...o });
      expect(two.error).toBeUndefined();
      expect(two.split).toBe(true);
      expect(two.hash).toBe(node.hash);
      expect(JSON.parse(JSON.stringify(two.info))).toEqual(JSON.parse(JSON.stringify(node.info)));
      expect(two.chunkFrames).toEqual(ref.chunkFrames);
      expect(two.chunkFrames.reduce((a, b) => a + b, 0)).toBe(node.info.frames);
      expect(two.peaks[0].length).toBeGreaterThan(0);
      expect(two.peaks).toEqual(ref.peaks);
      expect(two.peaks[0].some((v) => v !== 0) && two.peaks[1].some((v) => v !== 0)).toBe(true);
    }
    // Bytes the page holds (not a Blob both workers could read) and short calls stay in one worker.
    expect((await workerDecode(bytes, -1, {})).split).toBe(false);
    const short = await workerDecode(g729Call(20, new Uint8Array(readFileSync('test/wasm/g729-fixtures/g729-speech.g729t'))), -1, { blob: true });
    expect(short.error).toBeUndefined();
    expect(short.split).toBe(false);
  });

  it.each([
    // G.722 (PT 9, 8 kHz RTP clock, 16 kHz audio): arbitrary codes are valid ADPCM, different per side.
    ['G.722', () => twoWayCall(70, 9, 160, (side, i) => Uint8Array.from({ length: 160 }, (_, k) => (k * 31 + i * 7 + side * 101) & 255))],
    // Opus (innovaphone's PT 109, 48 kHz clock): real libopus packets, the remote side 100 packets later.
    ['Opus', () => { const p = makeOpusPackets(72); return twoWayCall(70, 109, 960, (side, i) => p[(i + side * 100) % p.length]); }],
  ] as const)('splits a long two-way %s call too: the same PCM as one worker and as Node', async (_name, make) => {
    const bytes = make();
    const node = await nodeDecode(bytes);
    const ref = await workerDecode(bytes, -1, { blob: true, noSplit: true });
    const two = await workerDecode(bytes, -1, { blob: true, copies: true, preview: true });
    expect(ref.error).toBeUndefined();
    expect(two.error).toBeUndefined();
    expect(two.split).toBe(true);
    expect(ref.hash).toBe(node.hash);
    expect(two.hash).toBe(node.hash);
    expect(two.peaks).toEqual(ref.peaks);
  });

  it('rejects a file that is not a capture with a typed error, then keeps working', async () => {
    const bad = await workerDecode(new TextEncoder().encode('definitely not a pcap file, just text'));
    expect(bad.error?.code).toBe('not-a-capture');
    const ok = await workerDecode(syntheticCall(1));
    expect(ok.error).toBeUndefined();
  });

  it('aborts between chunks and starts afresh afterwards; an idle worker is stopped and restarted on demand', async () => {
    const started = () => page.evaluate(() => (globalThis as unknown as { harness: { workersStarted(): number } }).harness.workersStarted());
    await workerDecode(syntheticCall(1));
    const before = await started();
    const r = await workerDecode(syntheticCall(40), 1);
    expect(r.error?.code).toBe('aborted');
    expect(r.chunkFrames).toHaveLength(1);
    const again = await workerDecode(syntheticCall(2));
    expect(again.error).toBeUndefined();
    expect(again.info?.streams.length).toBeGreaterThanOrEqual(2);
    expect(await started()).toBe(before + 1); // the aborted worker was killed, a new one decoded
    await new Promise((r) => setTimeout(r, 2000)); // past the harness client's 1.5 s idle time
    expect((await workerDecode(syntheticCall(1))).error).toBeUndefined();
    expect(await started()).toBe(before + 2);
  });
});
