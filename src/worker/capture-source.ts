// The shapes a capture may arrive in (bytes, a File/Blob, a sized stream, any async iterable of
// chunks) reduced to one: a known total size plus an async sequence of byte chunks.
import { AppError } from '../shared/errors.js';

export interface BlobLike { readonly size: number; stream(): ReadableStream<Uint8Array>; arrayBuffer?(): Promise<ArrayBuffer> }
export interface SizedChunks { readonly size: number; readonly chunks: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> }
export type CaptureSource = Uint8Array | ArrayBuffer | BlobLike | SizedChunks | AsyncIterable<Uint8Array>;

export interface NormalizedSource { size: number; chunks: AsyncIterable<Uint8Array> }

export async function normalizeSource(src: CaptureSource): Promise<NormalizedSource> {
  if (src instanceof Uint8Array) return { size: src.length, chunks: single(src) };
  if (src instanceof ArrayBuffer) return { size: src.byteLength, chunks: single(new Uint8Array(src)) };
  if (isBlobLike(src)) {
    // Streamed, not arrayBuffer(): the core scans each piece while the next one is read, and no
    // second copy of the file is held. Read through two reused buffers (a BYOB reader) where the
    // stream allows it: the pieces of a default reader, like arrayBuffer()'s result, are fresh
    // memory, and faulting that in makes the read take about 1.6 times as long (82.8 MB, 1-hour call:
    // BYOB 70 ms, arrayBuffer() 110 ms; docs/benchmarks.md "Where the Chromium time goes").
    return { size: src.size, chunks: fromByteStream(src.stream()) };
  }
  if (isSized(src)) {
    const c = src.chunks;
    return { size: src.size, chunks: isReadableStream(c) ? fromByteStream(c) : asBytes(c) };
  }
  if (isAsyncIterable(src)) {
    // Size unknown: the core must know the length before the first byte, so gather first.
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const p of asBytes(src)) { parts.push(p); size += p.length; }
    const all = new Uint8Array(size);
    let off = 0;
    for (const p of parts) { all.set(p, off); off += p.length; }
    return { size, chunks: single(all) };
  }
  throw new AppError('bad-request', 'unsupported capture source');
}

/**
 * The first `n` bytes of a source that can be read twice (bytes, a Blob), for a preview of the
 * start; null for one-shot streams, whose bytes the full read still needs.
 */
export async function sourcePrefix(src: CaptureSource, n: number): Promise<{ size: number; bytes: Uint8Array } | null> {
  if (src instanceof Uint8Array) return { size: src.length, bytes: src.subarray(0, Math.min(n, src.length)) };
  if (src instanceof ArrayBuffer) return { size: src.byteLength, bytes: new Uint8Array(src, 0, Math.min(n, src.byteLength)) };
  if (src instanceof Blob) return { size: src.size, bytes: new Uint8Array(await src.slice(0, Math.min(n, src.size)).arrayBuffer()) };
  return null;
}

async function* single(b: Uint8Array): AsyncGenerator<Uint8Array> { yield b; }

/**
 * Bytes per BYOB read: large enough that the per-read round trip does not count, small enough
 * that the piece is still in the CPU's cache when the core copies and scans it (1-hour G.711 call
 * in Chromium, warm: 1 MiB reads 100 ms median against 134 ms with 4 MiB; docs/decoding.md).
 */
const BYOB_BYTES = 1 << 20;

/**
 * Readers with a read in flight, held from the global scope. Chromium (156) does not keep a Blob
 * stream alive while a read of it is pending: when the code awaiting the read is itself reachable
 * only through that read (a worker with nothing else to do), a garbage collection takes stream,
 * reader and the waiting decode with it, and the decode never finishes. Seen in one worker after
 * 60–130 reads of an 82.8 MB Blob, at once with a collection forced during the read; never with
 * the reader held here (test/browser/blob-read.test.ts).
 */
const reading = new Set<ReadableStreamBYOBReader | ReadableStreamDefaultReader<Uint8Array>>();

/**
 * A byte stream read through two buffers that take turns (each yielded view is valid until the
 * consumer asks for the next one): the next piece is requested before the current one is handed
 * on, so the browser fills one while the core scans the other. Streams without BYOB support are
 * read as usual.
 */
async function* fromByteStream(s: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let r: ReadableStreamBYOBReader;
  try {
    r = s.getReader({ mode: 'byob' });
  } catch {
    yield* fromStream(s);
    return;
  }
  let spare = new ArrayBuffer(BYOB_BYTES);
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = r.read(new Uint8Array(new ArrayBuffer(BYOB_BYTES)));
  reading.add(r);
  try {
    for (;;) {
      const { done, value } = await pending;
      pending = null;
      if (done || !value) return;
      pending = r.read(new Uint8Array(spare));
      yield value;
      // A read transfers its buffer: the view it returned owns it now, ready for the read after next.
      spare = value.buffer as ArrayBuffer;
    }
  } finally {
    // Stopped early (an error, an abort): the read still pending fails once the lock is gone.
    pending?.catch(() => undefined);
    r.releaseLock();
    reading.delete(r);
  }
}

async function* fromStream(s: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  // getReader() rather than for-await: Chromium's ReadableStream was not async-iterable everywhere.
  const r = s.getReader();
  reading.add(r);
  try {
    for (;;) {
      const { done, value } = await r.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    r.releaseLock();
    reading.delete(r);
  }
}

async function* asBytes(it: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const v of it) {
    if (v instanceof Uint8Array) yield v;
    else if (v instanceof ArrayBuffer) yield new Uint8Array(v);
    else if (typeof v === 'string') throw new AppError('bad-request', 'capture stream yields text; open it without an encoding');
    else throw new AppError('bad-request', 'capture stream yields something other than bytes');
  }
}

function isBlobLike(x: object): x is BlobLike {
  return typeof (x as BlobLike).size === 'number' && typeof (x as BlobLike).stream === 'function';
}
function isSized(x: object): x is SizedChunks {
  return typeof (x as SizedChunks).size === 'number' && (x as SizedChunks).chunks != null;
}
function isReadableStream(x: unknown): x is ReadableStream<Uint8Array> {
  return typeof (x as ReadableStream).getReader === 'function';
}
function isAsyncIterable(x: object): x is AsyncIterable<Uint8Array> {
  return typeof (x as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function';
}
