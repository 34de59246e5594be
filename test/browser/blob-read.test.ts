// Reading a Blob in Chromium while garbage collections run: Chromium does not keep a Blob stream
// alive for a pending read, so without capture-source's own reference a collection at the wrong
// moment ends the read (and the decode waiting on it) silently. Collections here run back to back.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../helpers/browser.js';
import type { BlobReadResult } from './blob-read-harness.js';

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp({ harness: 'test/browser/blob-read-harness.html' }, { chromiumArgs: ['--js-flags=--expose-gc'] });
  page = await app.newPage();
  await page.goto(`${app.url}test/browser/blob-read-harness.html`);
  await page.waitForFunction(() => 'blobRead' in globalThis);
});
afterAll(async () => { await app?.close(); });

function readBlob(size: number, passes: number, wrapped: boolean): Promise<BlobReadResult> {
  return page.evaluate(([s, p, w]) => {
    type Read = (size: number, passes: number, wrapped: boolean, limitMs: number) => Promise<BlobReadResult>;
    return (globalThis as unknown as { blobRead: { readBlob: Read } }).blobRead.readBlob(s as number, p as number, w as boolean, 20_000);
  }, [size, passes, wrapped] as const);
}

/** Sum of i mod 251 over i < size, mod 1e9+7, as the harness computes it. */
function expectedSum(size: number): number {
  let sum = 0;
  for (let i = 0; i < size; i++) sum = (sum + (i % 251)) % 1_000_000_007;
  return sum;
}

describe('reading a Blob while garbage collections run', () => {
  const size = (6 << 20) + 12345;

  // [reader, stream handed over as a plain (non-byte) stream, passes, fewest pieces a pass comes in]
  it.each([
    ['the BYOB reader', false, 12, 7], // 1 MiB reads or smaller
    ['the default reader of a stream without BYOB', true, 6, 1],
  ] as const)('through %s: every pass finishes with the bytes unchanged', async (_reader, wrapped, passes, minPieces) => {
    const r = await readBlob(size, passes, wrapped);
    expect(r.outcome).toBe('ok');
    expect(r.passes).toBe(passes);
    expect(r.bytes).toBe(size);
    expect(r.sum).toBe(expectedSum(size));
    expect(r.pieces).toBeGreaterThanOrEqual(minPieces);
  });
});
