// ffmpeg.wasm for the page (MP3/OGG export): loaded only when first asked for, always from this
// service's own build (the core's .js/.wasm are vite assets next to the app, never a CDN), with
// download progress; one instance reused; a cancel terminates its worker.
import type { FFmpeg } from '@ffmpeg/ffmpeg';
import { AppError } from '../../shared/errors.js';
import { contentLength, readWithProgress, type ByteProgress } from './fetch-progress.js';

/** URLs of the core files in this build; a function so tests and other pages can point elsewhere. */
export interface FFmpegAssets { coreURL: string; wasmURL: string }

async function builtAssets(): Promise<FFmpegAssets> {
  const [core, wasm] = await Promise.all([import('@ffmpeg/core?url'), import('@ffmpeg/core/wasm?url')]);
  return { coreURL: new URL(core.default, location.href).href, wasmURL: new URL(wasm.default, location.href).href };
}

/** An encoder file could not be fetched from this service. */
export class EncoderLoadError extends Error {
  constructor(readonly status: number, url: string) { super(`HTTP ${status} for ${url}`); this.name = 'encoder-load'; }
}

export type LoadProgress = (fraction: number) => void;

let instance: Promise<FFmpeg> | null = null;
let blobUrls: FFmpegAssets | null = null;

/**
 * The shared ffmpeg instance, loading it on first use: the core files are fetched with
 * progress (the .wasm is 32 MB) and handed to ffmpeg's worker as blob URLs, so a second export
 * reuses them without another request.
 */
export function loadFFmpeg(onProgress?: LoadProgress, signal?: AbortSignal, assets: () => Promise<FFmpegAssets> = builtAssets): Promise<FFmpeg> {
  if (!instance) {
    const p = create(onProgress, signal, assets);
    instance = p;
    p.catch(() => { if (instance === p) instance = null; });
  } else {
    onProgress?.(1);
  }
  return instance;
}

/** Stops the running ffmpeg (its worker is terminated); the next loadFFmpeg starts afresh. */
export function stopFFmpeg(): void {
  const p = instance;
  instance = null;
  void p?.then((f) => f.terminate(), () => undefined);
}

async function create(onProgress: LoadProgress | undefined, signal: AbortSignal | undefined, assets: () => Promise<FFmpegAssets>): Promise<FFmpeg> {
  if (!blobUrls) {
    const a = await assets();
    let coreDone = 0, wasmDone = 0, coreTotal = 0, wasmTotal = 0;
    const report = () => onProgress?.(coreTotal + wasmTotal > 0 ? (coreDone + wasmDone) / (coreTotal + wasmTotal) : 0);
    const [core, wasm] = await Promise.all([
      fetchBlobUrl(a.coreURL, 'text/javascript', (d, t) => { coreDone = d; coreTotal = t; report(); }, signal),
      fetchBlobUrl(a.wasmURL, 'application/wasm', (d, t) => { wasmDone = d; wasmTotal = t; report(); }, signal),
    ]);
    blobUrls = { coreURL: core, wasmURL: wasm };
  }
  const { FFmpeg } = await import('@ffmpeg/ffmpeg');
  const ffmpeg = new FFmpeg();
  const onAbort = () => ffmpeg.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await ffmpeg.load({ coreURL: blobUrls.coreURL, wasmURL: blobUrls.wasmURL });
  } catch (e) {
    ffmpeg.terminate();
    if (signal?.aborted) throw new AppError('aborted', 'loading the encoder was cancelled');
    throw new AppError('internal', `the encoder did not start: ${(e as Error).message ?? String(e)}`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  onProgress?.(1);
  return ffmpeg;
}

async function fetchBlobUrl(url: string, type: string, onProgress: ByteProgress, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (e) {
    if (signal?.aborted) throw new AppError('aborted', 'loading the encoder was cancelled');
    throw e;
  }
  if (!res.ok || !res.body) throw new EncoderLoadError(res.status, url);
  // A compressed response can run past its Content-Length: the fraction must never pass 1.
  const blob = await readWithProgress(res.body, contentLength(res), type, (done, total) => onProgress(done, Math.max(total, done)));
  return URL.createObjectURL(blob);
}
