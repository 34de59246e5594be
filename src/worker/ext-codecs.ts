// Rare codecs the core leaves silent (GSM, G.726, G.723.1, iLBC, AMR-NB, Speex) decoded by ffmpeg: the
// core places their packets (ext records, like Opus); before the first chunk a pre-pass over the
// timeline gathers every packet per stream, each stream goes through ffmpeg in one run (raw or
// storage format at 8 kHz), and the decoded frames are written back packet by packet where the
// core placed them. Environment-neutral: the ffmpeg runner is passed in (worker: ffmpeg.wasm).
import { CODEC_NAMES, type DecodeInfo, type DecodeWarning } from '../shared/decoder-types.js';
import { AppError } from '../shared/errors.js';
import { CODEC, OUT_CAP_FRAMES } from './wasm-layout.js';
import type { RawExt } from './wasm-module.js';
import { oggStream, speexComments, speexHeader } from './ext-codecs-ogg.js';

/** Runs one ffmpeg command line over in-memory files; rejects with a sentence saying why. */
export interface FFmpegRunner {
  run(args: string[], inputs: Record<string, Uint8Array>, output: string): Promise<Uint8Array>;
}

/** The core calls this needs (a subset of WasmCore). */
export interface ExtCore {
  renderReset(): void;
  render(maxFrames: number): { frames: number };
  exts(): RawExt[];
  writeOut(ch: number, frameOffset: number, samples: Int16Array): void;
}

/** Codecs decoded here, all 8 kHz narrowband. */
export const EXT_CODECS: ReadonlySet<number> = new Set([CODEC.GSM, CODEC.G726, CODEC.G723, CODEC.ILBC, CODEC.AMR, CODEC.SPEEX]);
const NATIVE_RATE = 8000;
const NAME: Record<number, string> = { [CODEC.GSM]: 'GSM', [CODEC.G726]: 'G.726', [CODEC.G723]: 'G.723.1', [CODEC.ILBC]: 'iLBC', [CODEC.AMR]: 'AMR', [CODEC.SPEEX]: 'Speex' };

/** One packet of a stream as placed by the core. */
export interface ExtPacket { frame: number; channel: number; payload: Uint8Array; frames: number }

/** What a stream's payloads become for ffmpeg: a file, its input options, and where each accepted frame's audio goes. */
export interface ExtInput {
  args: string[];
  file: Uint8Array;
  /** per accepted codec frame in file order: packet index, sample offset in the packet (8 kHz), samples */
  units: Array<{ packet: number; at: number; n: number }>;
}

// ---------------------------------------------------------------- framing per codec

const AMR_BITS = [95, 103, 118, 134, 148, 159, 204, 244, 39];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** GSM 06.10 (RFC 3551): 33-byte frames, 160 samples each; a payload of any other length is skipped. */
export function gsmInput(packets: Uint8Array[]): ExtInput {
  const parts: Uint8Array[] = [];
  const units: ExtInput['units'] = [];
  packets.forEach((p, k) => {
    if (p.length === 0 || p.length % 33 !== 0) return;
    parts.push(p);
    for (let i = 0; i < p.length / 33; i++) units.push({ packet: k, at: i * 160, n: 160 });
  });
  return { args: ['-f', 'gsm'], file: concat(parts), units };
}

/**
 * G.726 (RFC 3551 packing, first sample in the low bits = ffmpeg "g726le"): `bits` per sample;
 * each packet's samples follow from its length.
 */
export function g726Input(packets: Uint8Array[], bits: number): ExtInput {
  const parts: Uint8Array[] = [];
  const units: ExtInput['units'] = [];
  packets.forEach((p, k) => {
    const n = (p.length * 8) / bits;
    if (p.length === 0 || !Number.isInteger(n)) return;
    parts.push(p);
    units.push({ packet: k, at: 0, n });
  });
  return { args: ['-f', 'g726le', '-code_size', String(bits), '-sample_rate', String(NATIVE_RATE)], file: concat(parts), units };
}

/** G.723.1: frames of 24/20/4/1 bytes by the low two bits of their first byte, 240 samples each. */
export function g723Input(packets: Uint8Array[]): ExtInput {
  const SIZE = [24, 20, 4, 1];
  const parts: Uint8Array[] = [];
  const units: ExtInput['units'] = [];
  packets.forEach((p, k) => {
    const frames: number[] = [];
    let off = 0;
    while (off < p.length) {
      const size = SIZE[p[off] & 3];
      if (off + size > p.length) return; // a cut frame: the whole packet is not trusted
      frames.push(off);
      off += size;
    }
    if (frames.length === 0) return;
    parts.push(p);
    frames.forEach((_, i) => units.push({ packet: k, at: i * 240, n: 240 }));
  });
  return { args: ['-f', 'g723_1'], file: concat(parts), units };
}

/** iLBC (RFC 3952): 38-byte 20 ms or 50-byte 30 ms frames; the stream's mode is what most packets use. */
export function ilbcInput(packets: Uint8Array[]): ExtInput {
  const count = (size: number) => packets.filter((p) => p.length > 0 && p.length % size === 0).length;
  const mode30 = count(50) >= count(38);
  const size = mode30 ? 50 : 38, n = mode30 ? 240 : 160;
  const parts: Uint8Array[] = [new TextEncoder().encode(mode30 ? '#!iLBC30\n' : '#!iLBC20\n')];
  const units: ExtInput['units'] = [];
  packets.forEach((p, k) => {
    if (p.length === 0 || p.length % size !== 0) return;
    parts.push(p);
    for (let i = 0; i < p.length / size; i++) units.push({ packet: k, at: i * n, n });
  });
  return { args: ['-f', 'ilbc'], file: concat(parts), units };
}

/** Reads bits MSB first. */
class Bits {
  private pos = 0;
  constructor(private readonly b: Uint8Array) {}
  get left(): number { return this.b.length * 8 - this.pos; }
  read(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++, this.pos++) v = (v << 1) | ((this.b[this.pos >> 3] >> (7 - (this.pos & 7))) & 1);
    return v;
  }
  /** `n` bits as bytes, left-aligned, last byte zero-padded. */
  take(n: number): Uint8Array {
    const out = new Uint8Array(Math.ceil(n / 8));
    for (let i = 0; i < n; i++) if (this.read(1)) out[i >> 3] |= 0x80 >> (i & 7);
    return out;
  }
}

/** The frames of one AMR-NB RTP payload (RFC 4867, single channel, no interleaving/CRC), or null if it does not parse. */
export function amrFrames(p: Uint8Array, octetAligned: boolean): Array<{ ft: number; q: number; speech: Uint8Array }> | null {
  const toc: Array<{ ft: number; q: number }> = [];
  if (octetAligned) {
    let off = 1; // CMR byte
    for (;;) {
      if (off >= p.length) return null;
      const b = p[off++];
      toc.push({ ft: (b >> 3) & 15, q: (b >> 2) & 1 });
      if (!(b & 0x80)) break;
    }
    const frames = [];
    for (const t of toc) {
      const bits = t.ft < AMR_BITS.length ? AMR_BITS[t.ft] : t.ft === 15 ? 0 : -1;
      if (bits < 0) return null;
      const len = Math.ceil(bits / 8);
      if (off + len > p.length) return null;
      frames.push({ ...t, speech: p.slice(off, off + len) });
      off += len;
    }
    return off === p.length ? frames : null;
  }
  const r = new Bits(p);
  if (r.left < 10) return null;
  r.read(4); // CMR
  for (;;) {
    if (r.left < 6) return null;
    const f = r.read(1), ft = r.read(4), q = r.read(1);
    toc.push({ ft, q });
    if (!f) break;
  }
  const frames = [];
  for (const t of toc) {
    const bits = t.ft < AMR_BITS.length ? AMR_BITS[t.ft] : t.ft === 15 ? 0 : -1;
    if (bits < 0 || r.left < bits) return null;
    frames.push({ ...t, speech: r.take(bits) });
  }
  return r.left < 8 ? frames : null; // only the padding to a whole octet may remain
}

/**
 * AMR-NB into the AMR storage format ("#!AMR\n", a header byte per frame). The stream is
 * octet-aligned when every payload parses that way, else bandwidth-efficient (RFC 4867's
 * default). Comfort-noise and no-data frames are left out (ffmpeg's decoder has no DTX): their
 * time stays silent.
 */
export function amrInput(packets: Uint8Array[]): ExtInput {
  const octet = packets.length > 0 && packets.every((p) => amrFrames(p, true) !== null);
  const parts: Uint8Array[] = [new TextEncoder().encode('#!AMR\n')];
  const units: ExtInput['units'] = [];
  packets.forEach((p, k) => {
    const frames = amrFrames(p, octet);
    if (!frames) return;
    frames.forEach((f, i) => {
      if (f.ft > 7) return;
      parts.push(Uint8Array.of((f.ft << 3) | (f.q << 2)), f.speech);
      units.push({ packet: k, at: i * 160, n: 160 });
    });
  });
  return { args: ['-f', 'amr'], file: concat(parts), units };
}

/**
 * Speex narrowband (RFC 5574): ffmpeg reads Speex only from Ogg, so the payloads become Ogg
 * packets behind a Speex header stating the frames per packet (from the packets' duration).
 */
export function speexInput(packets: ExtPacket[], outRate: number): ExtInput {
  const perPacket = packets.map((p) => Math.round((p.frames * NATIVE_RATE) / outRate / 160)).filter((n) => n >= 1).sort((a, b) => a - b);
  const fpp = Math.min(8, Math.max(1, perPacket[Math.floor(perPacket.length / 2)] ?? 1));
  const body: Uint8Array[] = [];
  const units: ExtInput['units'] = [];
  packets.forEach((p, k) => {
    if (p.payload.length === 0) return;
    body.push(p.payload);
    for (let i = 0; i < fpp; i++) units.push({ packet: k, at: i * 160, n: 160 });
  });
  const granules = [0n, 0n, ...body.map((_, i) => BigInt((i + 1) * fpp * 160))];
  return { args: ['-f', 'ogg'], file: oggStream([speexHeader(fpp), speexComments(), ...body], granules), units };
}

/** Bits per G.726 sample: from PT 2's fixed 32 kbit/s, else from payload size over packet time (median). */
export function g726Bits(packets: ExtPacket[], outRate: number): number {
  const est = packets
    .filter((p) => p.frames > 0 && p.payload.length > 0)
    .map((p) => Math.round((p.payload.length * 8) / ((p.frames * NATIVE_RATE) / outRate)))
    .sort((a, b) => a - b);
  const m = est[Math.floor(est.length / 2)];
  return m >= 2 && m <= 5 ? m : 4;
}

export function extInput(codec: number, packets: ExtPacket[], outRate: number): ExtInput {
  const payloads = packets.map((p) => p.payload);
  switch (codec) {
    case CODEC.GSM: return gsmInput(payloads);
    case CODEC.G726: return g726Input(payloads, g726Bits(packets, outRate));
    case CODEC.G723: return g723Input(payloads);
    case CODEC.ILBC: return ilbcInput(payloads);
    case CODEC.AMR: return amrInput(payloads);
    case CODEC.SPEEX: return speexInput(packets, outRate);
    default: throw new AppError('internal', `codec ${codec} is not decoded through ffmpeg`);
  }
}

// ---------------------------------------------------------------- resampling

/** Windowed-sinc taps per output phase: enough for speech, far below the codecs' own noise. */
const HALF_TAPS = 16;

/**
 * Upsamples 8 kHz audio by an integer factor (the core's output rate is 8, 16, 24 or 48 kHz):
 * a Blackman-windowed sinc low-pass at 4 kHz, zero phase (output sample i·f equals input i's
 * position), so placement is unchanged.
 */
export function upsample(x: Int16Array, factor: number): Int16Array {
  if (factor === 1) return x;
  // taps[ph][j] weighs x[i - HALF_TAPS + 1 + j] for output i·factor + ph (distance ph/factor + HALF_TAPS - 1 - j)
  const taps: Float64Array[] = [];
  for (let ph = 0; ph < factor; ph++) {
    const row = new Float64Array(2 * HALF_TAPS);
    for (let j = 0; j < row.length; j++) {
      const t = ph / factor + HALF_TAPS - 1 - j;
      const sinc = t === 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
      const w = 0.42 + 0.5 * Math.cos((Math.PI * t) / HALF_TAPS) + 0.08 * Math.cos((2 * Math.PI * t) / HALF_TAPS);
      row[j] = Math.abs(t) >= HALF_TAPS ? 0 : sinc * w;
    }
    taps.push(row);
  }
  const out = new Int16Array(x.length * factor);
  for (let i = 0; i < x.length; i++) {
    const first = i - HALF_TAPS + 1;
    for (let ph = 0; ph < factor; ph++) {
      const row = taps[ph];
      let acc = 0;
      for (let j = 0; j < row.length; j++) {
        const m = first + j;
        if (m >= 0 && m < x.length) acc += x[m] * row[j];
      }
      const v = Math.round(acc);
      out[i * factor + ph] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
  }
  return out;
}

// ---------------------------------------------------------------- the session hook

export interface ExtPrepared {
  info: DecodeInfo;
  /** null when the capture has no stream for ffmpeg */
  filler: ExtFiller | null;
}

/**
 * After plan(): finds the streams the core leaves silent for lack of a decoder, decodes them with
 * ffmpeg and returns the filler for rendering. A stream that fails keeps its silence and its
 * codec-unsupported warning, whose message then says why.
 */
export async function prepareExtCodecs(core: ExtCore, info: DecodeInfo, runner: FFmpegRunner, signal?: AbortSignal): Promise<ExtPrepared> {
  const wanted = new Set(info.streams.filter((s) => EXT_CODECS.has(codecId(s.codec))).map((s) => s.index));
  if (wanted.size === 0) return { info, filler: null };
  const packets = new Map<number, { codec: number; list: ExtPacket[] }>();
  core.renderReset();
  let start = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw new AppError('aborted', 'decoding was cancelled');
      const { frames } = core.render(OUT_CAP_FRAMES);
      if (frames === 0) break;
      for (const x of core.exts()) {
        if (!EXT_CODECS.has(x.codec) || !wanted.has(x.stream)) continue;
        let s = packets.get(x.stream);
        if (!s) packets.set(x.stream, s = { codec: x.codec, list: [] });
        s.list.push({ frame: start + x.frameOffset, channel: x.channel, payload: x.payload, frames: x.frames });
      }
      start += frames;
    }
  } finally {
    core.renderReset();
  }
  const factor = info.sampleRate / NATIVE_RATE;
  const placed = new Map<string, { channel: number; samples: Int16Array }>();
  const failed = new Map<number, string>();
  for (const [stream, { codec, list }] of packets) {
    if (signal?.aborted) throw new AppError('aborted', 'decoding was cancelled');
    try {
      if (!Number.isInteger(factor) || factor < 1) throw new Error(`output rate ${info.sampleRate} Hz is not a multiple of 8000 Hz`);
      const clock = info.streams[stream]?.clockRate ?? 8000;
      if (codec === CODEC.SPEEX && clock !== NATIVE_RATE) throw new Error(`Speex at ${clock} Hz (wideband) is not decoded here, only narrowband`);
      const input = extInput(codec, list, info.sampleRate);
      if (input.units.length === 0) throw new Error('no payload had a valid frame layout');
      const out = await runner.run(
        ['-hide_banner', '-loglevel', 'error', ...input.args, '-i', 'in.bin', '-f', 's16le', '-ac', '1', '-ar', String(NATIVE_RATE), 'out.raw'],
        { 'in.bin': input.file }, 'out.raw');
      const pcm = new Int16Array(out.buffer.slice(out.byteOffset, out.byteOffset + (out.length & ~1)));
      const expected = input.units.reduce((s, u) => s + u.n, 0);
      // ffmpeg drops a frame it cannot decode: past that point the audio would land too early.
      if (pcm.length !== expected) throw new Error(`ffmpeg returned ${pcm.length} samples for ${expected} expected`);
      const up = upsample(pcm, factor);
      // Per packet: its frames' audio, one buffer from the packet's first frame to its last.
      let read = 0;
      const perPacket = new Map<number, { end: number; parts: Array<{ at: number; s: Int16Array }> }>();
      for (const u of input.units) {
        const s = up.subarray(read * factor, (read + u.n) * factor);
        read += u.n;
        let e = perPacket.get(u.packet);
        if (!e) perPacket.set(u.packet, e = { end: 0, parts: [] });
        e.parts.push({ at: u.at * factor, s });
        e.end = Math.max(e.end, (u.at + u.n) * factor);
      }
      for (const [k, e] of perPacket) {
        const buf = new Int16Array(e.end);
        for (const p of e.parts) buf.set(p.s, p.at);
        placed.set(`${stream}@${list[k].frame}`, { channel: list[k].channel, samples: buf });
      }
    } catch (e) {
      if (e instanceof AppError && e.code === 'aborted') throw e;
      failed.set(stream, (e as Error).message || String(e));
    }
  }
  const warnings: DecodeWarning[] = [];
  for (const w of info.warnings) {
    if (w.code !== 'codec-unsupported' || !wanted.has(w.stream)) { warnings.push(w); continue; }
    const why = failed.get(w.stream);
    if (why === undefined && packets.has(w.stream)) continue; // decoded: the warning no longer holds
    const name = NAME[w.detail >> 8] ?? info.streams[w.stream]?.codec ?? 'this codec';
    warnings.push({ ...w, message: `${name} audio (payload type ${w.detail & 255}) could not be decoded: ${why ?? 'the stream has no placed packets'}; it stays silent.` });
  }
  return { info: { ...info, warnings }, filler: placed.size ? new ExtFiller(placed) : null };
}

function codecId(name: string): number {
  return Math.max(0, (CODEC_NAMES as readonly string[]).indexOf(name));
}

/** Writes the decoded packets into each render's output; audio past a chunk's end goes into the next. */
export class ExtFiller {
  private carry: Array<{ ch: number; samples: Int16Array }> = [];

  constructor(private readonly placed: Map<string, { channel: number; samples: Int16Array }>) {}

  /** Call at the start of a render pass. */
  reset(): void { this.carry = []; }

  /** After each render(): `chunkStart` = absolute frame of the chunk, `frames` its length. */
  fill(core: ExtCore, chunkStart: number, frames: number): void {
    const carried = this.carry;
    this.carry = [];
    for (const c of carried) this.write(core, c.ch, 0, c.samples, frames);
    for (const x of core.exts()) {
      if (!EXT_CODECS.has(x.codec) || x.frameOffset >= frames) continue;
      const p = this.placed.get(`${x.stream}@${chunkStart + x.frameOffset}`);
      if (p) this.write(core, x.channel, x.frameOffset, p.samples, frames);
    }
  }

  private write(core: ExtCore, ch: number, offset: number, samples: Int16Array, frames: number): void {
    const room = frames - offset;
    if (room <= 0) { this.carry.push({ ch, samples }); return; }
    core.writeOut(ch, offset, samples.length > room ? samples.subarray(0, room) : samples);
    if (samples.length > room) this.carry.push({ ch, samples: samples.subarray(room) });
  }
}
