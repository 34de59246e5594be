// Owns the decoder worker: created on first use, killed on abort (a stuck decode cannot block
// the next file) and after a while idle, recreated lazily. Components never see Comlink.
import * as Comlink from 'comlink';
import type { AudioChunk, DecodeInfo, DecodeOptions } from '../../shared/decoder-types.js';
import { AppError, fromError } from '../../shared/errors.js';
import type { DecodeProgress, DecodeSink, DecoderApi, PreviewAudio } from '../../worker/api.js';

export type { DecodeProgress, PreviewAudio } from '../../worker/api.js';

export interface DecodeCallbacks {
  options?: DecodeOptions;
  signal?: AbortSignal;
  /**
   * Asks for a preview: the first chunk decoded from the start of the file, before `onInfo`
   * (DecodeSink.preview). Whoever passes this must void the preview when `onInfo` brings another
   * sample rate and let a later chunk at frame 0 overwrite it.
   */
  onPreview?: (p: PreviewAudio) => void;
  /** streams, duration, DTMF and warnings: before the first audio (after a preview's) */
  onInfo?: (info: DecodeInfo) => void;
  /** audio in order from frame 0; buffers are owned by the receiver (unless `copiesChunks`) */
  onChunk?: (chunk: AudioChunk) => void;
  /**
   * onChunk copies the samples it keeps and does not hold on to the chunk after it returns: its
   * buffers then go back to the worker, which renders later chunks into them (a 1-hour G.711 call
   * otherwise faults in 115 MB of fresh memory in the worker on top of the page's own copy).
   */
  copiesChunks?: boolean;
  onProgress?: (p: DecodeProgress) => void;
}

export interface DecoderClientOptions {
  /** ms without a call before the worker is stopped to free its memory */
  idleMs?: number;
  createWorker?: () => Worker;
}

const defaultWorker = () => new Worker(new URL('../../worker/decoder.worker.ts', import.meta.url), { type: 'module', name: 'decoder' });

export class DecoderClient {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<DecoderApi> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private current: { reject: (e: AppError) => void } | null = null;
  private readonly idleMs: number;
  private readonly createWorker: () => Worker;

  constructor(o: DecoderClientOptions = {}) {
    this.idleMs = o.idleMs ?? 60_000;
    this.createWorker = o.createWorker ?? defaultWorker;
  }

  /**
   * Decodes a capture: `onInfo` fires once the capture is read and planned, `onChunk` for each
   * piece of audio; resolves with the info after the last chunk. Starting another decode or
   * aborting `signal` stops this one (it rejects with code "aborted").
   */
  decode(source: Blob | ArrayBuffer, cb: DecodeCallbacks = {}): Promise<DecodeInfo> {
    this.cancel();
    if (cb.signal?.aborted) return Promise.reject(new AppError('aborted', 'decoding was cancelled'));
    clearTimeout(this.idleTimer);
    const remote = this.ensure();
    return new Promise<DecodeInfo>((resolve, reject) => {
      const job = { reject };
      this.current = job;
      const onAbort = () => { if (this.current === job) this.cancel(); };
      cb.signal?.addEventListener('abort', onAbort, { once: true });
      const progress = cb.onProgress ? Comlink.proxy(cb.onProgress) : undefined;
      const sink: DecodeSink = {
        preview: (p: PreviewAudio) => { if (this.current === job) cb.onPreview?.(p); },
        info: (info: DecodeInfo) => { if (this.current === job) cb.onInfo?.(info); },
        chunk: (c: AudioChunk) => {
          if (this.current !== job) return undefined;
          cb.onChunk?.(c);
          return cb.copiesChunks ? Comlink.transfer(c, [c.left.buffer as ArrayBuffer, c.right.buffer as ArrayBuffer]) : undefined;
        },
      };
      // One round trip: the worker goes from the info straight on to the audio.
      const run = () => remote.decode(source, cb.options ?? {}, Comlink.proxy(sink), progress, { preview: !!cb.onPreview });
      run().then(
        (info) => { if (this.current === job) { this.current = null; this.armIdle(); resolve(info); } },
        (e: unknown) => { if (this.current === job) { this.current = null; this.armIdle(); reject(fromError(e)); } },
      ).finally(() => cb.signal?.removeEventListener('abort', onAbort));
    });
  }

  /** Stops whatever is running by killing the worker; the next call starts a fresh one. */
  cancel(): void {
    const job = this.current;
    if (!job) return;
    this.current = null;
    this.kill();
    job.reject(new AppError('aborted', 'decoding was cancelled'));
  }

  dispose(): void {
    this.cancel();
    this.kill();
  }

  private ensure(): Comlink.Remote<DecoderApi> {
    if (!this.remote) {
      this.worker = this.createWorker();
      this.worker.addEventListener('error', (ev) => {
        // A crash inside the worker (script failed to load, uncaught error): fail the job, start over next time.
        ev.preventDefault?.();
        const job = this.current;
        this.current = null;
        this.kill();
        job?.reject(new AppError('decoder-crashed', ev.message || 'the decoder worker stopped unexpectedly'));
      });
      this.remote = Comlink.wrap<DecoderApi>(this.worker);
    }
    return this.remote;
  }

  private kill(): void {
    clearTimeout(this.idleTimer);
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => { if (!this.current) this.kill(); }, this.idleMs);
  }
}
