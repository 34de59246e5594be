// The decoder Web Worker: a DecodeSession behind Comlink. Audio leaves by transfer, errors leave
// as Error with `name` = ErrorCode (all Comlink keeps), so the client can restore an AppError.
import * as Comlink from 'comlink';
import type { AudioChunk, DecodeOptions } from '../shared/decoder-types.js';
import { AppError, fromError } from '../shared/errors.js';
import type { DecodeMode, DecodeSink, DecoderApi, ProgressSink } from './api.js';
import { ChunkPool } from './chunk-pool.js';
import { DecodeSession } from './decode-session.js';
import { ffmpegWasm } from './ext-codecs-core.worker.js';
import { OUT_CAP_FRAMES } from './wasm-layout.js';
import type { WasmCore } from './wasm-module.js';
import { createWorkerCore } from './worker-core.js';

/**
 * Frames per chunk after the short first one: eight core renders (96 s at 8 kHz) per message, as
 * each chunk costs a round trip to the page (a 1-hour G.711 call: 38 messages instead of 300).
 */
const CHUNK_FRAMES = 8 * OUT_CAP_FRAMES;

let core: Promise<WasmCore> | undefined;
/**
 * Kept across decodes, like the core's memory: the next call's chunks go out in buffers that are
 * already paged in (fresh ones cost more to fault in than to fill). At most 4 pairs, 12 MB.
 */
const pool = new ChunkPool(CHUNK_FRAMES);
let controller = new AbortController();

/** Progress messages are throttled: the page needs a few per second, not one per slice. */
function throttled(onProgress?: ProgressSink): ProgressSink | undefined {
  if (!onProgress) return undefined;
  let last = 0;
  return (p) => {
    const t = performance.now();
    if (t - last < 50 && p.done < p.total) return;
    last = t;
    void Promise.resolve(onProgress(p)).catch(() => undefined);
  };
}

/** Errors are rethrown as plain AppErrors so name/message are what crosses the boundary. */
async function guard<T>(run: () => Promise<T>, ...proxies: unknown[]): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const err = fromError(e);
    throw new AppError(err.code, err.message);
  } finally {
    for (const p of proxies) (p as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy]?.();
  }
}

const api = {
  decode(source: Blob | ArrayBuffer, options: DecodeOptions, sink: DecodeSink, onProgress?: ProgressSink, mode?: DecodeMode) {
    return guard(async () => {
      controller = new AbortController();
      const signal = controller.signal;
      core ??= createWorkerCore().catch((e: unknown) => { core = undefined; throw e; });
      const session = new DecodeSession(await core, ffmpegWasm);
      const progress = throttled(onProgress);
      // The first seconds from the file's start go out before the whole file is read (~1 ms vs
      // ~80 ms for a 1-hour call); not awaited, the sink's port keeps it ahead of info and chunks.
      const preview = mode?.preview && !mode.channels ? await session.preview(source, options ?? {}, {}, signal) : null;
      const shown = preview ? Promise.resolve(sink.preview(Comlink.transfer(preview, [preview.chunk.left.buffer as ArrayBuffer, preview.chunk.right.buffer as ArrayBuffer]))) : null;
      shown?.catch(() => undefined); // observed at the end
      const info = await session.open(source, options ?? {}, progress, signal);
      // Not awaited: the first audio renders while the page sets itself up for the call (the
      // sink's single port keeps the info ahead of the first chunk) — unless the page may split
      // the call between two workers: then its answer says which side this one decodes.
      const told = Promise.resolve(sink.info(info));
      told.catch(() => undefined); // observed at the end
      const reply = mode?.splittable ? await told : undefined;
      const channels = mode?.channels ?? (reply ? reply.channels : undefined) ?? 'both';
      // One chunk in flight: the next one renders while the page stores the previous one.
      let inFlight: Promise<void | AudioChunk> | null = null;
      for await (const c of session.chunks(CHUNK_FRAMES, progress, signal, () => pool.take(), { peaks: true, channels })) {
        const chunk: AudioChunk = { startFrame: c.startFrame, left: c.left, right: c.right, peaks: c.peaks };
        const sent = Promise.resolve(sink.chunk(Comlink.transfer(chunk, [c.left.buffer as ArrayBuffer, c.right.buffer as ArrayBuffer])));
        sent.catch(() => undefined); // observed below; this only keeps it from counting as unhandled meanwhile
        if (inFlight) pool.offer(await inFlight);
        inFlight = sent;
      }
      if (inFlight) pool.offer(await inFlight);
      await shown;
      await told;
      return info;
    }, sink, onProgress);
  },

  abort() {
    controller.abort();
  },
} satisfies DecoderApi;

Comlink.expose(api);
