// The decoder worker's contract: what decoder.worker.ts exposes through Comlink and what
// src/app/services/decoder-client.ts calls. Types only, so both sides can import it.
import type { AudioChunk, DecodeInfo, DecodeOptions, RenderChannels } from '../shared/decoder-types.js';
import type { DecodeProgress, PreviewAudio } from './decode-session.js';

export type { DecodeProgress, PreviewAudio } from './decode-session.js';

/**
 * Receives audio in order; the Int16 buffers are transferred into the caller, not copied. A sink
 * that copies the samples it keeps may return the chunk (its buffers transferred back): the worker
 * then renders later chunks into them instead of faulting in fresh memory for the whole call.
 */
export type ChunkSink = (chunk: AudioChunk) => void | AudioChunk | Promise<void | AudioChunk>;
export type ProgressSink = (p: DecodeProgress) => void;

/**
 * What a decode hands the page, in this order through one Comlink proxy (one port, so `info`
 * always arrives before the first `chunk`).
 */
export interface DecodeSink {
  /**
   * Only when the decode asked for one: the first chunk decoded from the start of the file with a
   * provisional info, before the whole file is read (DecodeSession.preview). Then `info` follows;
   * if its rate differs the preview is void. A later `chunk` at frame 0 replaces the preview's
   * samples (the full decode disagreed); without one they stand and chunks go on after them.
   */
  preview(p: PreviewAudio): void;
  /**
   * streams, duration, DTMF and warnings, as soon as the capture is read and planned. With
   * DecodeMode.splittable the worker waits for the answer: `{ channels: 'left' }` = decode only
   * the left side, a second worker takes the right (DecoderClient).
   */
  info(info: DecodeInfo): void | InfoReply | Promise<void | InfoReply>;
  chunk: ChunkSink;
}

export interface InfoReply { channels?: RenderChannels }

export interface DecodeMode {
  /** send `sink.preview` when the capture allows one (the sink must then apply corrections at frame 0) */
  preview?: boolean;
  /** wait for `sink.info`'s answer before decoding audio (it may ask for one side only) */
  splittable?: boolean;
  /** decode only this side from the start (the second worker of a split decode); no preview */
  channels?: RenderChannels;
}

export interface DecoderApi {
  /**
   * Reads and plans a capture, hands its DecodeInfo to `sink.info` and, without waiting for the
   * page, goes on to its audio from frame 0: about two seconds first, then bigger chunks, each
   * handed to `sink.chunk` (awaited one chunk behind: a slow consumer holds the decoder).
   * Resolves with the info after the last chunk; rejects with an Error whose `name` is an ErrorCode.
   */
  decode(source: Blob | ArrayBuffer, options: DecodeOptions, sink: DecodeSink, onProgress?: ProgressSink, mode?: DecodeMode): Promise<DecodeInfo>;
  /** Stops a running open/decode between chunks; it rejects with name "aborted". */
  abort(): void;
}
