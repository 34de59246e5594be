// Test page: reads Blobs through the decoder's capture-source (as the worker does) while garbage
// collections run back to back, to show a pending read survives them. Needs --js-flags=--expose-gc.
import { normalizeSource } from '../../src/worker/capture-source.js';

export interface BlobReadResult {
  /** 'ok' when every pass finished, 'stalled' when one did not within the time limit */
  outcome: 'ok' | 'stalled';
  passes: number;
  /** bytes and their sum over the last finished pass (the content must arrive unchanged) */
  bytes: number;
  sum: number;
  pieces: number;
}

/**
 * `passes` reads of a `size`-byte Blob (byte i = i mod 251) through normalizeSource; `wrapped`
 * hands it over as a sized stream that is not a byte stream (the default-reader path).
 */
async function readBlob(size: number, passes: number, wrapped: boolean, limitMs: number): Promise<BlobReadResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start Chromium with --js-flags=--expose-gc');
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = i % 251;
  const blob = new Blob([data]);
  const r: BlobReadResult = { outcome: 'ok', passes: 0, bytes: 0, sum: 0, pieces: 0 };
  // Nothing here refers to the read in flight: a collection may take whatever only it keeps alive.
  const collector = setInterval(() => gc(), 0);
  const run = async () => {
    for (let p = 0; p < passes; p++) {
      const source = wrapped ? { size, chunks: wrap(blob.stream()) } : blob;
      const { chunks } = await normalizeSource(source);
      let bytes = 0, sum = 0, pieces = 0;
      for await (const c of chunks) {
        for (let i = 0; i < c.length; i++) sum = (sum + c[i]) % 1_000_000_007;
        bytes += c.length;
        pieces++;
      }
      Object.assign(r, { bytes, sum, pieces, passes: p + 1 });
    }
  };
  let timer = 0;
  const limit = new Promise<'stalled'>((done) => { timer = setTimeout(() => done('stalled'), limitMs); });
  try {
    if (await Promise.race([run().then(() => 'ok' as const), limit]) === 'stalled') r.outcome = 'stalled';
  } finally {
    clearTimeout(timer);
    clearInterval(collector);
  }
  return r;
}

/** The same bytes as an ordinary (non-byte) ReadableStream. */
function wrap(inner: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = inner.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

Object.assign(globalThis, { blobRead: { readBlob } });
