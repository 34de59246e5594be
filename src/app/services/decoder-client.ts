// Owns the decoder worker: created on first use, killed on abort (a stuck decode cannot block
// the next file) and after a while idle, recreated lazily. Components never see Comlink.
import * as Comlink from 'comlink';
import type { AudioChunk, DecodeInfo, DecodeOptions } from '../../shared/decoder-types.js';
import { AppError, fromError } from '../../shared/errors.js';
import type { DecodeProgress, DecodeSink, DecoderApi, PreviewAudio } from '../../worker/api.js';
import { ChunkPairer, shouldSplit } from './decode-split.js';

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
  /**
   * An ArrayBuffer source moves to the worker (it is detached here) instead of being copied: a
   * 1-hour call is 83 MB the worker would otherwise receive as fresh memory.
   */
  transfersSource?: boolean;
  onProgress?: (p: DecodeProgress) => void;
}

export interface DecoderClientOptions {
  /** ms without a call before the worker is stopped to free its memory */
  idleMs?: number;
  createWorker?: () => Worker;
  /**
   * Lets a long call with an expensive codec on both sides be decoded by two workers, one side
   * each (decode-split.ts); default true. Only for Blob sources (both workers read the same Blob).
   */
  split?: boolean;
}

const defaultWorker = () => new Worker(new URL('../../worker/decoder.worker.ts', import.meta.url), { type: 'module', name: 'decoder' });

/** One decoder worker: started on first use, stopped when killed or idle; a crash is reported once. */
class WorkerSlot {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<DecoderApi> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly create: () => Worker, private readonly idleMs: number, private readonly onCrash: (e: AppError) => void) {}

  ensure(): Comlink.Remote<DecoderApi> {
    clearTimeout(this.idleTimer);
    if (!this.remote) {
      const worker = this.create();
      worker.addEventListener('error', (ev) => {
        // A crash inside the worker (script failed to load, uncaught error): fail the job, start over next time.
        ev.preventDefault?.();
        if (this.worker !== worker) return;
        this.kill();
        this.onCrash(new AppError('decoder-crashed', ev.message || 'the decoder worker stopped unexpectedly'));
      });
      this.worker = worker;
      this.remote = Comlink.wrap<DecoderApi>(worker);
    }
    return this.remote;
  }

  kill(): void {
    clearTimeout(this.idleTimer);
    this.remote?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  armIdle(busy: () => boolean): void {
    clearTimeout(this.idleTimer);
    if (this.worker) this.idleTimer = setTimeout(() => { if (!busy()) this.kill(); }, this.idleMs);
  }
}

/** fail: the decode went wrong (clean up, reject); reject: it was cancelled (already cleaned up) */
interface Job { fail(e: unknown): void; reject(e: AppError): void }

export class DecoderClient {
  private current: Job | null = null;
  private readonly main: WorkerSlot;
  /** the second worker of a split decode (the right side) */
  private readonly side: WorkerSlot;
  private readonly split: boolean;

  constructor(o: DecoderClientOptions = {}) {
    const idleMs = o.idleMs ?? 60_000;
    const create = o.createWorker ?? defaultWorker;
    const crashed = (e: AppError) => this.current?.fail(e);
    this.main = new WorkerSlot(create, idleMs, crashed);
    this.side = new WorkerSlot(create, idleMs, crashed);
    this.split = o.split ?? true;
  }

  /** Whether the last decode used a second worker for the right side (tests, benchmarks). */
  lastSplit = false;

  /**
   * Decodes a capture: `onInfo` fires once the capture is read and planned, `onChunk` for each
   * piece of audio; resolves with the info after the last chunk. Starting another decode or
   * aborting `signal` stops this one (it rejects with code "aborted").
   */
  decode(source: Blob | ArrayBuffer, cb: DecodeCallbacks = {}): Promise<DecodeInfo> {
    this.cancel();
    if (cb.signal?.aborted) return Promise.reject(new AppError('aborted', 'decoding was cancelled'));
    const remote = this.main.ensure();
    const splittable = this.split && source instanceof Blob;
    this.lastSplit = false;
    return new Promise<DecodeInfo>((resolve, reject) => {
      let pairer: ChunkPairer | null = null;
      let sideDone: Promise<unknown> = Promise.resolve();
      const job: Job = {
        reject: (e: AppError) => { pairer?.fail(e); reject(e); },
        fail: (e: unknown) => {
          if (this.current !== job) return;
          this.current = null;
          pairer?.fail(e);
          // A split decode stops both workers: the survivor would wait for its partner forever.
          if (pairer) { this.main.kill(); this.side.kill(); } else this.armIdle();
          reject(fromError(e));
        },
      };
      this.current = job;
      const live = () => this.current === job;
      const onAbort = () => { if (live()) this.cancel(); };
      cb.signal?.addEventListener('abort', onAbort, { once: true });
      const progress = cb.onProgress ? Comlink.proxy(cb.onProgress) : undefined;
      const giveBack = (c: AudioChunk) => (cb.copiesChunks ? Comlink.transfer(c, [c.left.buffer as ArrayBuffer, c.right.buffer as ArrayBuffer]) : undefined);
      const sink: DecodeSink = {
        preview: (p: PreviewAudio) => { if (live()) cb.onPreview?.(p); },
        info: (info: DecodeInfo) => {
          if (!live()) return undefined;
          cb.onInfo?.(info);
          if (!splittable || !shouldSplit(info, (source as Blob).size)) return undefined;
          pairer = new ChunkPairer((c) => cb.onChunk?.(c));
          this.lastSplit = true;
          sideDone = this.runSide(source as Blob, cb, info, pairer, giveBack, live);
          sideDone.catch((e: unknown) => job.fail(e));
          return { channels: 'left' as const };
        },
        chunk: (c: AudioChunk) => {
          if (!live()) return undefined;
          if (pairer) return pairer.offer('left', c).then(giveBack);
          cb.onChunk?.(c);
          return giveBack(c);
        },
      };
      const input = cb.transfersSource && source instanceof ArrayBuffer ? Comlink.transfer(source, [source]) : source;
      remote.decode(input, cb.options ?? {}, Comlink.proxy(sink), progress, { preview: !!cb.onPreview, splittable })
        .then(async (info) => {
          await sideDone;
          if (!live()) return;
          if (pairer && pairer.pending > 0) throw new AppError('decoder-state', 'the two decoders ended with unpaired audio');
          this.current = null;
          this.armIdle();
          resolve(info);
        })
        .catch((e: unknown) => job.fail(e))
        .finally(() => cb.signal?.removeEventListener('abort', onAbort));
    });
  }

  /** The right side of a split decode, in the second worker; its chunks meet the left's in `pairer`. */
  private runSide(source: Blob, cb: DecodeCallbacks, info: DecodeInfo, pairer: ChunkPairer, giveBack: (c: AudioChunk) => AudioChunk | undefined, live: () => boolean): Promise<unknown> {
    const sink: DecodeSink = {
      preview: () => undefined,
      info: (other: DecodeInfo) => {
        // Same file, same options: anything else means the two halves would not line up.
        if (other.frames !== info.frames || other.sampleRate !== info.sampleRate) {
          pairer.fail(new AppError('decoder-state', `the second decoder planned ${other.frames} frames at ${other.sampleRate} Hz, the first ${info.frames} at ${info.sampleRate} Hz`));
        }
        return undefined;
      },
      chunk: (c: AudioChunk) => (live() ? pairer.offer('right', c).then(giveBack) : undefined),
    };
    return this.side.ensure().decode(source, cb.options ?? {}, Comlink.proxy(sink), undefined, { channels: 'right' });
  }

  /** Stops whatever is running by killing the workers; the next call starts fresh ones. */
  cancel(): void {
    const job = this.current;
    if (!job) return;
    this.current = null;
    this.main.kill();
    this.side.kill();
    job.reject(new AppError('aborted', 'decoding was cancelled'));
  }

  dispose(): void {
    this.cancel();
    this.main.kill();
    this.side.kill();
  }

  private armIdle(): void {
    const busy = () => this.current !== null;
    this.main.armIdle(busy);
    this.side.armIdle(busy);
  }
}
