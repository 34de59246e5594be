// One capture through the decoder core: read (with progress) → SDP payload types → overrides →
// plan → DecodeInfo, then audio chunk by chunk. Environment-neutral: the same code runs in the
// browser's decoder worker and in Node (CLI, server ingest).
import type { AudioChunk, DecodeInfo, DecodeOptions } from '../shared/decoder-types.js';
import { AppError } from '../shared/errors.js';
import { normalizeSource, type CaptureSource } from './capture-source.js';
import { buildDecodeInfo } from './decode-info.js';
import { OpusExtFiller } from './opus-ext.js';
import { prepareExtCodecs, type ExtFiller, type FFmpegRunner } from './ext-codecs.js';
import { payloadMappingsFromSip } from './sdp.js';
import { OUT_CAP_FRAMES } from './wasm-layout.js';
import type { WasmCore } from './wasm-module.js';

export type { CaptureSource } from './capture-source.js';

/** The parts of WasmCore a session drives (a narrower type keeps tests honest about what is used). */
export type DecoderCore = Pick<WasmCore,
  'reset' | 'append' | 'sipMessages' | 'setPayloadType' | 'setChannel' | 'setSwap' | 'plan' | 'sampleRate' |
  'totalFrames' | 'startTimeNs' | 'channelRule' | 'streams' | 'events' | 'warnings' | 'render' | 'renderReset' |
  'exts' | 'writeOut' | 'outputCopy' | 'interleave' | 'wavHeader'>;

export interface DecodeProgress {
  stage: 'reading' | 'decoding';
  /** bytes read, or frames decoded */
  done: number;
  total: number;
}
export type ProgressListener = (p: DecodeProgress) => void;

/** Buffers of a finished chunk handed back for reuse (see ChunkSink in api.ts). */
export interface ChunkBuffers { left: Int16Array; right: Int16Array }

/** WAV channel layouts: both sides, a mono mix, or one side only (core interleave modes). */
export type PcmLayout = 'stereo' | 'mono' | 'left' | 'right';
const LAYOUT_MODE = { stereo: 0, mono: 1, left: 2, right: 3 } as const;

/** Seconds of audio in the first chunk: small so playback can start while the rest decodes. */
const FIRST_CHUNK_SECONDS = 2;
/** How long the core may run before the session yields to the event loop (abort, progress). */
const YIELD_EVERY_MS = 30;

export class DecodeSession {
  private opened: DecodeInfo | null = null;

  private extFiller: ExtFiller | null = null;

  /** `ffmpeg`: decodes GSM, G.726, G.723.1, iLBC and AMR-NB (ext-codecs.ts); without it they stay silent. */
  constructor(private readonly core: DecoderCore, private readonly ffmpeg: FFmpegRunner | null = null) {}

  get info(): DecodeInfo | null { return this.opened; }

  /** Reads the whole capture into the core and plans it; resolves with everything known before audio. */
  async open(source: CaptureSource, options: DecodeOptions = {}, onProgress?: ProgressListener, signal?: AbortSignal): Promise<DecodeInfo> {
    this.opened = null;
    checkAbort(signal);
    const { size, chunks } = await normalizeSource(source);
    const core = this.core;
    core.reset(size);
    const pacer = new Pacer(signal);
    let read = 0;
    onProgress?.({ stage: 'reading', done: 0, total: size });
    for await (const chunk of chunks) {
      // Big pieces (a whole file as one Uint8Array) are fed in slices so progress and abort stay live.
      for (let off = 0; off < chunk.length; off += READ_SLICE) {
        const part = chunk.subarray(off, Math.min(chunk.length, off + READ_SLICE));
        if (read + part.length > size) throw new AppError('decoder-state', 'the capture grew while it was being read');
        core.append(part, false);
        read += part.length;
        if (await pacer.tick()) onProgress?.({ stage: 'reading', done: read, total: size });
      }
    }
    core.append(new Uint8Array(0), true);
    onProgress?.({ stage: 'reading', done: read, total: size });

    for (const m of payloadMappingsFromSip(core.sipMessages())) core.setPayloadType(m.pt, m.codec, m.clock);
    applyOverrides(core, options);
    core.plan();
    checkAbort(signal);
    this.opened = buildDecodeInfo({
      sampleRate: core.sampleRate(), frames: core.totalFrames(), startTimeNs: core.startTimeNs(),
      channelRule: core.channelRule(), streams: core.streams(), events: core.events(), warnings: core.warnings(),
    });
    this.extFiller = null;
    if (this.ffmpeg) ({ info: this.opened, filler: this.extFiller } = await prepareExtCodecs(core, this.opened, this.ffmpeg, signal));
    return this.opened;
  }

  /**
   * Planar audio from frame 0 to the end, as fresh buffers (transferable). The first chunk holds
   * about two seconds so the first sound is quick; later ones up to `maxFrames`. Above
   * OUT_CAP_FRAMES, several core renders are gathered into one chunk: fewer, bigger chunks cost
   * fewer worker round trips. `reuse` may supply buffers of `maxFrames` frames that the consumer
   * is done with; full-size chunks are then rendered into them instead of into fresh memory.
   */
  async *chunks(maxFrames = OUT_CAP_FRAMES, onProgress?: ProgressListener, signal?: AbortSignal, reuse?: () => ChunkBuffers | undefined): AsyncGenerator<AudioChunk> {
    const size = Math.max(1, Math.floor(maxFrames));
    if (size <= OUT_CAP_FRAMES) {
      for await (const { start, frames } of this.rendered(size, onProgress, signal)) {
        const { left, right } = this.core.outputCopy(frames);
        yield { startFrame: start, left, right };
      }
      return;
    }
    const total = this.requireInfo().frames;
    let chunk: AudioChunk | null = null;
    let filled = 0;
    // Each render asks for exactly what the open chunk still lacks, so chunks end where `size` says.
    const want = () => (chunk ? chunk.left.length - filled : OUT_CAP_FRAMES);
    for await (const { start, frames, left, right } of this.rendered(OUT_CAP_FRAMES, onProgress, signal, want)) {
      if (start === 0) { // the short first chunk goes out alone
        const { left, right } = this.core.outputCopy(frames);
        yield { startFrame: 0, left, right };
        continue;
      }
      if (!chunk) {
        const n = Math.min(size, total - start);
        // Every frame of a chunk is written below, so a reused buffer needs no clearing.
        const r = n === size ? reuse?.() : undefined;
        const fits = r !== undefined && r.left.length === n && r.right.length === n && r.left.buffer !== r.right.buffer;
        chunk = fits ? { startFrame: start, left: r.left, right: r.right } : { startFrame: start, left: new Int16Array(n), right: new Int16Array(n) };
        filled = 0;
      }
      if (filled + frames > chunk.left.length) {
        throw new AppError('decoder-crashed', `decoder produced frames past the planned ${total}`);
      }
      // The views die if core memory grew meanwhile (it does not today): then copy afresh.
      const out = left.length === frames ? { left, right } : this.core.outputCopy(frames);
      chunk.left.set(out.left, filled);
      chunk.right.set(out.right, filled);
      filled += frames;
      if (filled >= chunk.left.length) { yield chunk; chunk = null; }
    }
  }

  /** Interleaved little-endian 16-bit PCM in the given layout, chunk by chunk (for WAV files). */
  async *pcm(layout: PcmLayout, maxFrames = OUT_CAP_FRAMES, onProgress?: ProgressListener, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    const mode = LAYOUT_MODE[layout];
    for await (const { frames } of this.rendered(maxFrames, onProgress, signal)) yield this.core.interleave(frames, mode);
  }

  /** RIFF/RF64 header for the whole output in the given layout. */
  wavHeader(layout: PcmLayout): Uint8Array {
    const info = this.requireInfo();
    return this.core.wavHeader(info.sampleRate, layout === 'stereo' ? 2 : 1, info.frames);
  }

  private requireInfo(): DecodeInfo {
    if (!this.opened) throw new AppError('decoder-state', 'open a capture before asking for audio');
    return this.opened;
  }

  /**
   * Drives render() and fills Opus spans; each step leaves one finished chunk in core output
   * (`left`/`right` view it until the next call into the core).
   */
  private async *rendered(maxFrames: number, onProgress?: ProgressListener, signal?: AbortSignal, nextWant?: () => number): AsyncGenerator<{ start: number; frames: number; left: Int16Array; right: Int16Array }> {
    const info = this.requireInfo();
    const cap = Math.max(1, Math.min(OUT_CAP_FRAMES, Math.floor(maxFrames)));
    const core = this.core;
    core.renderReset();
    this.extFiller?.reset();
    const opus = info.streams.some((s) => s.codec === 'opus') ? new OpusExtFiller(info.sampleRate) : null;
    let start = 0;
    let want = Math.min(cap, info.sampleRate * FIRST_CHUNK_SECONDS);
    try {
      for (;;) {
        checkAbort(signal);
        const { frames, left, right } = core.render(want);
        if (frames === 0) break;
        if (opus) await opus.fill(core, start, frames);
        this.extFiller?.fill(core, start, frames);
        yield { start, frames, left, right };
        start += frames;
        onProgress?.({ stage: 'decoding', done: start, total: info.frames });
        want = Math.max(1, Math.min(cap, nextWant?.() ?? cap));
      }
    } finally {
      opus?.free();
    }
    if (start !== info.frames) {
      throw new AppError('decoder-crashed', `decoder produced ${start} frames but planned ${info.frames}`);
    }
  }
}

/** Bytes handed to the core between event-loop turns while reading. */
const READ_SLICE = 4 << 20;

function applyOverrides(core: DecoderCore, o: DecodeOptions): void {
  if (o.swapChannels) core.setSwap(true);
  for (const [k, ch] of Object.entries(o.channelOverrides ?? {})) {
    const idx = Number(k);
    if (!Number.isInteger(idx) || idx < 0) throw new AppError('bad-request', `channel override for "${k}": not a stream index`);
    if (ch !== 'left' && ch !== 'right') throw new AppError('bad-request', `channel override for stream ${idx}: "${String(ch)}" is not left or right`);
    core.setChannel(idx, ch === 'left' ? 0 : 1);
  }
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AppError('aborted', 'decoding was cancelled');
}

/** Yields to the event loop now and then so an abort message or a progress update can get through. */
class Pacer {
  private last = now();
  constructor(private readonly signal?: AbortSignal) {}
  async tick(): Promise<boolean> {
    if (now() - this.last < YIELD_EVERY_MS) return false;
    await new Promise<void>((r) => setTimeout(r, 0));
    this.last = now();
    checkAbort(this.signal);
    return true;
  }
}
function now(): number { return globalThis.performance?.now() ?? Date.now(); }

/**
 * Everything known about a capture without producing audio: streams, stats, DTMF, warnings.
 * In Node the core is created on demand (one instance per call, so concurrent uploads do not
 * share memory); pass `core` to reuse one.
 */
export async function inspectCapture(bytes: Uint8Array | CaptureSource, opts: { core?: DecoderCore; options?: DecodeOptions; signal?: AbortSignal } = {}): Promise<DecodeInfo> {
  const core = opts.core ?? await defaultCore();
  return new DecodeSession(core).open(bytes, opts.options, undefined, opts.signal);
}

export interface WavOptions {
  layout?: PcmLayout;
  options?: DecodeOptions;
  core?: DecoderCore;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

/**
 * Decodes a capture to a WAV byte stream: header first, then interleaved PCM chunk by chunk,
 * each handed to `write` (awaited, so a file stream's backpressure holds the decoder).
 */
export async function decodeToWav(source: CaptureSource, write: (bytes: Uint8Array) => unknown, o: WavOptions = {}): Promise<DecodeInfo> {
  const session = new DecodeSession(o.core ?? await defaultCore());
  const info = await session.open(source, o.options, o.onProgress, o.signal);
  const layout = o.layout ?? 'stereo';
  await write(session.wavHeader(layout));
  for await (const pcm of session.pcm(layout, OUT_CAP_FRAMES, o.onProgress, o.signal)) await write(pcm);
  return info;
}

// The Node loader is imported lazily by name so browser bundles of this module never pull in node:fs.
const NODE_CORE_MODULE = './core-node.js';
async function defaultCore(): Promise<DecoderCore> {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) {
    throw new AppError('internal', 'no decoder core given: pass one created from the worker\'s WASM module');
  }
  const mod = await import(/* @vite-ignore */ NODE_CORE_MODULE) as { createNodeCore(): Promise<DecoderCore> };
  return mod.createNodeCore();
}
