// The streamed body reader shared by recording downloads and the encoder loader: every chunk is
// reported, the bytes come out whole and in order, a missing Content-Length reads as 0, and a
// failed download is a DownloadError carrying the status.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contentLength, fetchWithProgress, readWithProgress } from '../../src/app/services/fetch-progress.js';
import { DownloadError } from '../../src/app/services/explain.js';

function streamOf(chunks: number[][]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) { for (const ch of chunks) c.enqueue(new Uint8Array(ch)); c.close(); },
  });
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('readWithProgress', () => {
  it('reports the running byte count after each chunk and returns the bytes in order with the type', async () => {
    const calls: [number, number][] = [];
    const blob = await readWithProgress(streamOf([[1, 2, 3], [4], [5, 6]]), 6, 'application/wasm', (d, t) => calls.push([d, t]));
    expect(calls).toEqual([[3, 6], [4, 6], [6, 6]]);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(blob.type).toBe('application/wasm');
  });

  it('an empty body is an empty blob and no progress call', async () => {
    const onProgress = vi.fn();
    const blob = await readWithProgress(streamOf([]), 0, 'text/javascript', onProgress);
    expect(blob.size).toBe(0);
    expect(onProgress).not.toHaveBeenCalled();
  });
});

describe('contentLength', () => {
  it('is the header value, 0 without one', () => {
    expect(contentLength(new Response('abc', { headers: { 'Content-Length': '3' } }))).toBe(3);
    expect(contentLength(new Response(streamOf([[1]])))).toBe(0);
  });
});

describe('fetchWithProgress', () => {
  it('downloads a recording as a pcap blob with progress against the Content-Length', async () => {
    const fetch = vi.fn(async () => new Response(streamOf([[9, 9], [9]]), { headers: { 'Content-Length': '3' } }));
    vi.stubGlobal('fetch', fetch);
    const calls: [number, number][] = [];
    const blob = await fetchWithProgress('/download/r1?token=t', (d, t) => calls.push([d, t]));
    expect(fetch).toHaveBeenCalledWith('/download/r1?token=t', expect.objectContaining({ credentials: 'same-origin' }));
    expect(calls).toEqual([[2, 3], [3, 3]]);
    expect(blob.type).toBe('application/vnd.tcpdump.pcap');
    expect(blob.size).toBe(3);
  });

  it('a refused download is a DownloadError with the HTTP status; nothing is reported', async () => {
    vi.stubGlobal('fetch', async () => new Response('token expired', { status: 403 }));
    const onProgress = vi.fn();
    const err = await fetchWithProgress('/download/r1?token=old', onProgress).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).status).toBe(403);
    expect(onProgress).not.toHaveBeenCalled();
  });
});
