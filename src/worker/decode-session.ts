// One capture through the decoder core: read (with progress) → SDP payload types → overrides →
// plan → DecodeInfo, then audio chunk by chunk. Environment-neutral: the same code runs in the
// browser's decoder worker and in Node (CLI, server ingest).
import { peakBucketFrames, type AudioChunk, type ChunkPeaks, type CodecName, type DecodeInfo, type DecodeOptions, type RenderChannels } from '../shared/decoder-types.js';
import { AppError } from '../shared/errors.js';
import { normalizeSource, sourcePrefix, type CaptureSource } from './capture-source.js';
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
  'exts' | 'writeOut' | 'outputCopy' | 'outputPeaks' | 'setRenderChannels' | 'interleave' | 'wavHeader'>;

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
/**
 * Preview prefix: 256 KiB hold about 11 s of a two-way G.711/G.722 call (≈ 23 KB/s with headers).
 * Reading it costs ~1 ms; the whole of a 1-hour call costs ~80 ms before the first packet could be placed.
 */
export const PREVIEW_BYTES = 256 << 10;
/**
 * Audio the prefix must hold beyond the first chunk: anchors take their capture time from the
 * least-delayed packet of the following second, timestamp jumps look a second ahead and drift is
 * measured per 1 s block, so the first chunk's placement depends on about one more second.
 */
const PREVIEW_MARGIN_SECONDS = 2;
/** Codecs the core (or opus-ext.ts) renders by itself; others may need ffmpeg, which a preview does not wait for. */
const PREVIEW_CODECS: ReadonlySet<CodecName> = new Set(['PCMU', 'PCMA', 'G722', 'G729', 'opus', 'CN', 'telephone-event']);

/** The first chunk of a capture decoded from a prefix of it, before the whole file is read. */
export interface PreviewAudio {
  /**
   * Provisional: rate, t = 0 and channel rule as the prefix says; `frames` = the chunk's length;
   * no streams, DTMF or warnings (the prefix's would be cut off). The full info replaces it.
   */
  info: DecodeInfo;
  chunk: AudioChunk;
}

export interface PreviewOptions {
  /** bytes of the capture's start to decode (default PREVIEW_BYTES) */
  bytes?: number;
  /** audio the prefix must hold beyond the first chunk (default PREVIEW_MARGIN_SECONDS) */
  marginSeconds?: number;
  /** smallest file worth a preview (default 2 × bytes: below that the whole read is about as quick) */
  minSize?: number;
}
/** How long the core may run before the session yields to the event loop (abort, progress). */
const YIELD_EVERY_MS = 30;

export class DecodeSession {
  private opened: DecodeInfo | null = null;

  private extFiller: ExtFiller | null = null;

  /** What preview() handed out, until chunks() has checked it against the full decode. */
  private previewed: { sampleRate: number; left: Int16Array; right: Int16Array } | null = null;

  /** `ffmpeg`: decodes GSM, G.726, G.723.1, iLBC and AMR-NB (ext-codecs.ts); without it they stay silent. */
  constructor(private readonly core: DecoderCore, private readonly ffmpeg: FFmpegRunner | null = null) {}

  get info(): DecodeInfo | null { return this.opened; }

  /**
   * Decodes the first chunk from a prefix of the capture (the first `bytes`), so audio can start
   * before the whole file is read: captures are in capture order, so the start of the file fixes
   * t = 0, the channel sides and the first seconds' placement — nearly always. Call open() next:
   * chunks() then renders the full decode's first chunk, compares it with the preview sample for
   * sample and skips it when equal; when not (a later stream changed t = 0, the sides or the rate)
   * it yields it at frame 0 as a correction the consumer writes over the preview. Either way the
   * chunks after preview + open cover the call exactly as without a preview.
   * Null (no preview, nothing changed) for sources that cannot be read twice (streams), files
   * small enough to read whole at once, channel overrides (stream numbers of the prefix may differ),
   * a prefix with less than first chunk + margin of audio, codecs that need ffmpeg, or a prefix the
   * core cannot plan (open() reports what is wrong with the file).
   */
  async preview(source: CaptureSource, options: DecodeOptions = {}, o: PreviewOptions = {}, signal?: AbortSignal): Promise<PreviewAudio | null> {
    this.previewed = null;
    checkAbort(signal);
    const want = Math.max(1, Math.floor(o.bytes ?? PREVIEW_BYTES));
    if (Object.keys(options.channelOverrides ?? {}).length > 0) return null;
    const prefix = await sourcePrefix(source, want);
    if (!prefix || prefix.bytes.length >= prefix.size || prefix.size < (o.minSize ?? 2 * want)) return null;
    const core = this.core;
    let info: DecodeInfo;
    try {
      core.reset(prefix.bytes.length);
      core.append(prefix.bytes, true);
      for (const m of payloadMappingsFromSip(core.sipMessages())) core.setPayloadType(m.pt, m.codec, m.clock);
      applyOverrides(core, options);
      core.plan();
      info = buildDecodeInfo({
        sampleRate: core.sampleRate(), frames: core.totalFrames(), startTimeNs: core.startTimeNs(),
        channelRule: core.channelRule(), streams: core.streams(), events: [], warnings: [],
      });
    } catch {
      return null;
    }
    checkAbort(signal);
    const rate = info.sampleRate;
    const first = Math.min(OUT_CAP_FRAMES, rate * FIRST_CHUNK_SECONDS);
    if (info.frames < first + rate * (o.marginSeconds ?? PREVIEW_MARGIN_SECONDS)) return null;
    if (!info.streams.every((s) => PREVIEW_CODECS.has(s.codec))) return null;
    core.renderReset();
    const opus = info.streams.some((s) => s.codec === 'opus') ? new OpusExtFiller(rate) : null;
    try {
      const { frames } = core.render(first);
      if (frames !== first) return null;
      if (opus) await opus.fill(core, 0, frames);
      const { left, right } = core.outputCopy(frames);
      this.previewed = { sampleRate: rate, left: left.slice(), right: right.slice() };
      const ms = (frames * 1000) / rate;
      return { info: { ...info, frames, durationMs: ms, streams: [], dtmf: [], warnings: [] }, chunk: { startFrame: 0, left, right } };
    } finally {
      opus?.free();
    }
  }

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
   * `peaks`: attach each chunk's waveform min/max (AudioChunk.peaks), measured in the core.
   * `channels`: decode one side only, the other comes out silent (one of two workers sharing an
   * expensive call); chunks then start and end where they would for both sides, and the first
   * one is always sent (the preview check only applies to whole chunks).
   */
  async *chunks(maxFrames = OUT_CAP_FRAMES, onProgress?: ProgressListener, signal?: AbortSignal, reuse?: () => ChunkBuffers | undefined, o: { peaks?: boolean; channels?: RenderChannels } = {}): AsyncGenerator<AudioChunk> {
    const channels = o.channels ?? 'both';
    const size = Math.max(1, Math.floor(maxFrames));
    const bucketFrames = peakBucketFrames(this.requireInfo().frames);
    /** Empty peaks for a chunk of `n` frames at `start`; each render's part is merged in. */
    const peaksFor = (start: number, n: number): ChunkPeaks | undefined => {
      if (!o.peaks || n <= 0) return undefined;
      const firstBucket = Math.floor(start / bucketFrames);
      const count = Math.floor((start + n - 1) / bucketFrames) - firstBucket + 1;
      return { bucketFrames, firstBucket, left: new Int16Array(2 * count), right: new Int16Array(2 * count) };
    };
    const measured = (start: number, frames: number): ChunkPeaks | undefined => {
      const p = peaksFor(start, frames);
      if (p) this.core.outputPeaks(frames, start, p);
      return p;
    };
    const shown = this.previewed;
    this.previewed = null;
    // The preview's chunk already went out: skip the full decode's first chunk only if identical.
    const confirmed = (c: { left: Int16Array; right: Int16Array }) => channels === 'both' && shown !== null && shown.sampleRate === this.requireInfo().sampleRate
      && sameSamples(shown.left, c.left) && sameSamples(shown.right, c.right);
    if (size <= OUT_CAP_FRAMES) {
      for await (const { start, frames } of this.rendered(size, onProgress, signal, undefined, channels)) {
        const { left, right } = this.core.outputCopy(frames);
        if (start === 0 && confirmed({ left, right })) continue;
        yield withPeaks({ startFrame: start, left, right }, measured(start, frames));
      }
      return;
    }
    const total = this.requireInfo().frames;
    let chunk: AudioChunk | null = null;
    let filled = 0;
    // Each render asks for exactly what the open chunk still lacks, so chunks end where `size` says.
    const want = () => (chunk ? chunk.left.length - filled : OUT_CAP_FRAMES);
    for await (const { start, frames, left, right } of this.rendered(OUT_CAP_FRAMES, onProgress, signal, want, channels)) {
      if (start === 0) { // the short first chunk goes out alone
        const { left, right } = this.core.outputCopy(frames);
        if (!confirmed({ left, right })) yield withPeaks({ startFrame: 0, left, right }, measured(0, frames));
        continue;
      }
      if (!chunk) {
        const n = Math.min(size, total - start);
        // Every frame of a chunk is written below, so a reused buffer needs no clearing.
        const r = n === size ? reuse?.() : undefined;
        const fits = r !== undefined && r.left.length === n && r.right.length === n && r.left.buffer !== r.right.buffer;
        chunk = fits ? { startFrame: start, left: r.left, right: r.right } : { startFrame: start, left: new Int16Array(n), right: new Int16Array(n) };
        const p = peaksFor(start, n);
        if (p) chunk.peaks = p;
        filled = 0;
      }
      if (filled + frames > chunk.left.length) {
        throw new AppError('decoder-crashed', `decoder produced frames past the planned ${total}`);
      }
      if (chunk.peaks) this.core.outputPeaks(frames, start, chunk.peaks);
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
  private async *rendered(maxFrames: number, onProgress?: ProgressListener, signal?: AbortSignal, nextWant?: () => number, channels: RenderChannels = 'both'): AsyncGenerator<{ start: number; frames: number; left: Int16Array; right: Int16Array }> {
    const info = this.requireInfo();
    const cap = Math.max(1, Math.min(OUT_CAP_FRAMES, Math.floor(maxFrames)));
    const core = this.core;
    core.setRenderChannels(channels);
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

function withPeaks(c: AudioChunk, peaks: ChunkPeaks | undefined): AudioChunk {
  if (peaks) c.peaks = peaks;
  return c;
}

function sameSamples(a: Int16Array, b: Int16Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Bytes copied into the core and scanned at a time: small enough to stay in the CPU's L2 cache
 * between the copy and the scan (1-hour G.711 call in Node: 26.7 → 22.8 ms for read + scan
 * against 4 MiB slices; docs/decoding.md "Reading a capture").
 */
export const READ_SLICE = 512 << 10;

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
