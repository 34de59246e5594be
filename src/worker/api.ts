// The decoder worker's contract: what decoder.worker.ts exposes through Comlink and what
// src/app/services/decoder-client.ts calls. Types only, so both sides can import it.
import type { AudioChunk, DecodeInfo, DecodeOptions } from '../shared/decoder-types.js';
import type { DecodeProgress } from './decode-session.js';

export type { DecodeProgress } from './decode-session.js';

/**
 * Receives audio in order; the Int16 buffers are transferred into the caller, not copied. A sink
 * that copies the samples it keeps may return the chunk (its buffers transferred back): the worker
 * then renders later chunks into them instead of faulting in fresh memory for the whole call.
 */
export type ChunkSink = (chunk: AudioChunk) => void | AudioChunk | Promise<void | AudioChunk>;
export type ProgressSink = (p: DecodeProgress) => void;

export interface DecoderApi {
  /**
   * Reads and plans a capture; resolves with its streams, duration, DTMF and warnings before any
   * audio is produced. Rejects with an Error whose `name` is an ErrorCode.
   */
  open(source: Blob | ArrayBuffer, options: DecodeOptions, onProgress?: ProgressSink): Promise<DecodeInfo>;
  /**
   * Produces the opened capture's audio from frame 0, about two seconds first, then bigger chunks,
   * each handed to `onChunk` (awaited: a slow consumer holds the decoder). Resolves after the last.
   */
  decode(onChunk: ChunkSink, onProgress?: ProgressSink): Promise<void>;
  /** Stops a running open/decode between chunks; it rejects with name "aborted". */
  abort(): void;
}
