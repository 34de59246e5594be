// Downloads a recording with byte progress (the body is read as a stream so the bar moves).
import { DownloadError } from './explain.js';

export async function fetchWithProgress(url: string, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { signal, credentials: 'same-origin' });
  if (!res.ok || !res.body) throw new DownloadError(res.status);
  const total = Number(res.headers.get('content-length') ?? 0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let done = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    parts.push(r.value);
    done += r.value.byteLength;
    onProgress(done, total);
  }
  return new Blob(parts as BlobPart[], { type: 'application/vnd.tcpdump.pcap' });
}
