// Test page: exposes the app's DecoderClient to playwright so tests can decode bytes through the
// real worker and compare the PCM with the Node decode.
import type { AudioChunk, DecodeInfo } from '../../src/shared/decoder-types.js';
import { fromError } from '../../src/shared/errors.js';
import { DecoderClient } from '../../src/app/services/decoder-client.js';

export interface HarnessResult {
  info?: DecodeInfo;
  error?: { code: string; message: string };
  /** SHA-256 of interleaved stereo Int16 LE, as `recordings decode` writes it */
  hash?: string;
  chunkFrames: number[];
  /** all chunk buffers arrived detached from the worker (transferred) with their own buffer */
  ownBuffers: boolean;
  msToInfo: number;
  msToFirstChunk: number;
  /** with `preview`: frames the preview delivered (0 = none), whether it came before the info, frame of the first chunk after it */
  previewFrames: number;
  previewBeforeInfo: boolean;
  firstChunkStart: number;
  msTotal: number;
  /** the decode used a second worker for the right side */
  split: boolean;
  /** per channel: [min, max] of every waveform bucket the chunks' peaks covered, in order */
  peaks: number[][];
}

/** Workers the client has started: abort and idle time must end one and start the next lazily. */
let workersStarted = 0;
const client = new DecoderClient({
  idleMs: 1500,
  createWorker: () => {
    workersStarted++;
    return new Worker(new URL('../../src/worker/decoder.worker.ts', import.meta.url), { type: 'module', name: 'decoder' });
  },
});

/** A client that never splits a call between two workers (the reference for split decodes). */
const single = new DecoderClient({ split: false });

/**
 * `blob`: hand the client a Blob (as a dropped File) instead of bytes; `copies`: copy each chunk
 * into page-owned arrays and give the buffers back to the worker (copiesChunks), as the player does.
 */
async function decode(bytes: ArrayBuffer, abortAfterChunks = -1, o: { blob?: boolean; copies?: boolean; preview?: boolean; noSplit?: boolean } = {}): Promise<HarnessResult> {
  const t0 = performance.now();
  const chunks: AudioChunk[] = [];
  let copy: { left: Int16Array; right: Int16Array } | null = null;
  const r: HarnessResult = { chunkFrames: [], ownBuffers: true, msToInfo: -1, msToFirstChunk: -1, msTotal: -1, previewFrames: 0, previewBeforeInfo: false, firstChunkStart: -1, split: false, peaks: [[], []] };
  let preview = null as { rate: number; chunk: AudioChunk } | null;
  const ac = new AbortController();
  try {
    r.info = await (o.noSplit ? single : client).decode(o.blob ? new Blob([bytes]) : bytes, {
      signal: ac.signal,
      copiesChunks: o.copies,
      // As the player: the preview's samples stand at the info's rate, later chunks overwrite them.
      onPreview: o.preview ? (p) => {
        preview = { rate: p.info.sampleRate, chunk: p.chunk };
        r.previewFrames = p.chunk.left.length;
        r.previewBeforeInfo = r.msToInfo < 0;
      } : undefined,
      onInfo: (info) => {
        r.msToInfo = performance.now() - t0;
        if (o.copies) copy = { left: new Int16Array(info.frames), right: new Int16Array(info.frames) };
        if (preview && preview.rate === info.sampleRate) {
          const c = preview.chunk;
          if (copy) { copy.left.set(c.left); copy.right.set(c.right); }
          chunks.push(copy ? { startFrame: 0, left: copy.left.subarray(0, c.left.length), right: copy.right.subarray(0, c.right.length) } : c);
        }
      },
      onChunk: (c) => {
        if (r.firstChunkStart < 0) r.firstChunkStart = c.startFrame;
        if (chunks.length === 0) r.msToFirstChunk = performance.now() - t0;
        if (copy) {
          copy.left.set(c.left, c.startFrame);
          copy.right.set(c.right, c.startFrame);
          // What stays on the page once the buffers are handed back.
          chunks.push({ startFrame: c.startFrame, left: copy.left.subarray(c.startFrame, c.startFrame + c.left.length), right: copy.right.subarray(c.startFrame, c.startFrame + c.right.length) });
        } else chunks.push(c);
        r.chunkFrames.push(c.left.length);
        if (c.peaks) for (let ch = 0; ch < 2; ch++) r.peaks[ch].push(...(ch === 0 ? c.peaks.left : c.peaks.right));
        if (c.left.buffer.byteLength !== c.left.length * 2 || c.left.buffer === c.right.buffer) r.ownBuffers = false;
        if (chunks.length === abortAfterChunks) ac.abort();
      },
    });
    const frames = chunks.reduce((n, c) => Math.max(n, c.startFrame + c.left.length), 0);
    const pcm = new Int16Array(frames * 2);
    for (const c of chunks) for (let i = 0; i < c.left.length; i++) {
      pcm[2 * (c.startFrame + i)] = c.left[i];
      pcm[2 * (c.startFrame + i) + 1] = c.right[i];
    }
    r.split = (o.noSplit ? single : client).lastSplit;
    const digest = await crypto.subtle.digest('SHA-256', pcm.buffer);
    r.hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  } catch (e) {
    const err = fromError(e);
    r.error = { code: err.code, message: err.message };
  }
  r.msTotal = performance.now() - t0;
  return r;
}

(globalThis as unknown as { harness: unknown }).harness = { decode, workersStarted: () => workersStarted };
