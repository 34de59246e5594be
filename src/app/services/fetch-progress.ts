// Reads an HTTP body as a stream so a progress bar can move while it arrives; recordings and the
// encoder's core files are both fetched this way.
import { DownloadError } from './explain.js';

/** `total` is the Content-Length, 0 when the server sent none. */
export type ByteProgress = (done: number, total: number) => void;

/** The whole of `body` as a Blob of `type`, reporting the bytes read after every chunk. */
export async function readWithProgress(body: ReadableStream<Uint8Array>, total: number, type: string, onProgress: ByteProgress): Promise<Blob> {
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let done = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    parts.push(r.value);
    done += r.value.byteLength;
    onProgress(done, total);
  }
  return new Blob(parts as BlobPart[], { type });
}

/** The Content-Length of `res`, 0 when absent. */
export function contentLength(res: Response): number {
  return Number(res.headers.get('content-length') ?? 0);
}

/** Downloads a recording with byte progress. */
export async function fetchWithProgress(url: string, onProgress: ByteProgress, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (!res.ok || !res.body) throw new DownloadError(res.status);
  return readWithProgress(res.body, contentLength(res), 'application/vnd.tcpdump.pcap', onProgress);
}
