// The only code that touches the decoder core's memory. Everything above it works with
// plain JS values; everything below it is addresses and byte offsets (wasm/README.md).
import type { ChunkPeaks, RenderChannels } from '../shared/decoder-types.js';
import { AppError } from '../shared/errors.js';
import { EVT, EXT, FATAL, OUT_CAP_FRAMES, PKT, RTCP, SIP, STREAM, WARN } from './wasm-layout.js';

/** Raw exports of wasm/build/decoder.wasm; optional ones are absent in older builds. */
interface CoreExports {
  memory: WebAssembly.Memory;
  reset(len: number): number;
  scan(avail: number, final: number): number;
  scanOffset(): number;
  packetCount(): number;
  streamCount(): number;
  sipCount(): number;
  rtcpCount(): number;
  warningCount(): number;
  eventCount(): number;
  packetsPtr(): number;
  streamsPtr(): number;
  sipsPtr(): number;
  rtcpsPtr(): number;
  warningsPtr(): number;
  eventsPtr(): number;
  setPayloadType(pt: number, codec: number, clock: number): void;
  setChannel(stream: number, ch: number): void;
  setSwap(flag: number): void;
  plan(): number;
  sampleRate(): number;
  totalFrames(): number;
  startTimeNs(): bigint;
  channelRule(): number;
  render(maxFrames: number): number;
  renderReset(): void;
  setRenderChannels(mask: number): void;
  outPtr(ch: number): number;
  extCount(): number;
  extPtr(): number;
  interleave(frames: number, mode: number): number;
  wavHeader(rate: number, channels: number, frames: number): number;
  wavHeaderLen(): number;
  g711Decode(law: number, src: number, n: number, dst: number): void;
  g722Reset(): void;
  g722DecodeBuffer(src: number, n: number, dst: number): number;
  scratchPtr(): number;
  minMax16(src: number, n: number): number;
}

export interface RawStream {
  index: number;
  family: 4 | 6;
  srcAddr: Uint8Array;
  dstAddr: Uint8Array;
  srcPort: number;
  dstPort: number;
  ssrc: number;
  firstPt: number;
  payloadTypes: number[];
  packets: number;
  firstTimeNs: bigint;
  lastTimeNs: bigint;
  bytes: bigint;
  channel: number;
  codec: number;
  clock: number;
  expected: number;
  lost: number;
  duplicates: number;
  reordered: number;
  jitterUs: number;
  maxGapUs: number;
  ssrcChanges: number;
  ptChanges: number;
  startFrame: number;
  endFrame: number;
  events: number;
  cnPackets: number;
  late: number;
  maxJitterUs: number;
  driftPpm: number;
  rtcpJitterUs: number;
  rtcpLost: number;
  rtcpPackets: number;
  flags: number;
}

export interface RawWarning { code: number; stream: number; timeMs: number; detail: number }
export interface RawEvent { frame: number; duration: number; channel: number; code: number; volume: number; stream: number }
export interface RawRtcp { timeNs: bigint; ssrc: number; jitter: number; lost: number; kind: number }
/** A payload the core leaves to JS (Opus): its audio goes at `frameOffset` of the last render's output. */
export interface RawExt {
  frameOffset: number; channel: number; codec: number; discontinuity: boolean; stream: number;
  payload: Uint8Array; frames: number;
}
export interface RawPacket { timeNs: bigint; payload: Uint8Array; ssrc: number; ts: number; seq: number; pt: number; marker: boolean; stream: number }

/** Bytes copied into the core per scan() call: big enough to be fast, small enough to report progress. */
const SCAN_CHUNK = 4 << 20;

export class WasmCore {
  private constructor(private readonly x: CoreExports) {}

  /** Instantiates the core from its bytes or a compiled module (browser: fetch, Node: fs). */
  static async create(source: BufferSource | WebAssembly.Module): Promise<WasmCore> {
    const imports = {
      env: {
        abort(_msg: number, _file: number, line: number, col: number): never {
          throw new AppError('decoder-crashed', `decoder core aborted at ${line}:${col}`);
        },
      },
    };
    const instance = source instanceof WebAssembly.Module
      ? await WebAssembly.instantiate(source, imports)
      : (await WebAssembly.instantiate(source, imports)).instance;
    return new WasmCore(instance.exports as unknown as CoreExports);
  }

  private get mem(): ArrayBuffer { return this.x.memory.buffer; }
  private view(): DataView { return new DataView(this.mem); }

  private check(rc: number, what: string): number {
    if (rc >= 0) return rc;
    const code = (FATAL as Record<number, string>)[rc] ?? 'decoder-crashed';
    throw new AppError(code as never, `${what}: ${describeFatal(rc)}`);
  }

  /** Prepares for a file of `len` bytes. */
  reset(len: number): void {
    if (len > 0xffff0000) throw new AppError('too-large', `capture of ${len} bytes exceeds what the decoder can address`);
    const p = this.x.reset(len);
    if (p === 0) throw new AppError('out-of-memory', `cannot reserve memory for a ${len}-byte capture`);
    this.inputPtr = p;
    this.inputLen = len;
    this.copied = 0;
  }
  private inputPtr = 0;
  private inputLen = 0;
  private copied = 0;

  /** Appends the next piece of the file and parses what is complete. */
  append(bytes: Uint8Array, final: boolean): void {
    if (this.copied + bytes.length > this.inputLen) throw new AppError('decoder-state', 'more bytes appended than announced to reset()');
    for (let off = 0; off < bytes.length; off += SCAN_CHUNK) {
      const part = bytes.subarray(off, Math.min(bytes.length, off + SCAN_CHUNK));
      new Uint8Array(this.mem, this.inputPtr + this.copied, part.length).set(part);
      this.copied += part.length;
      const last = final && off + SCAN_CHUNK >= bytes.length;
      this.check(this.x.scan(this.copied, last ? 1 : 0), 'reading the capture');
    }
    if (bytes.length === 0 && final) this.check(this.x.scan(this.copied, 1), 'reading the capture');
  }

  /** Convenience: reset + append everything. */
  load(bytes: Uint8Array): void {
    this.reset(bytes.length);
    this.append(bytes, true);
  }

  scanOffset(): number { return this.x.scanOffset(); }
  /** Current size of the core's linear memory (address space, not resident memory). */
  memoryBytes(): number { return this.x.memory.buffer.byteLength; }
  packetCount(): number { return this.x.packetCount(); }

  streams(): RawStream[] {
    const n = this.x.streamCount();
    const base = this.x.streamsPtr();
    const v = this.view();
    const out: RawStream[] = [];
    for (let i = 0; i < n; i++) {
      const p = base + i * STREAM.SIZE;
      const u32 = (o: number) => v.getUint32(p + o, true);
      const i32 = (o: number) => v.getInt32(p + o, true);
      const lo = v.getBigUint64(p + STREAM.PT_MASK_LO, true);
      const hi = v.getBigUint64(p + STREAM.PT_MASK_HI, true);
      const payloadTypes: number[] = [];
      for (let pt = 0; pt < 128; pt++) {
        const mask = pt < 64 ? lo : hi;
        if ((mask >> BigInt(pt & 63)) & 1n) payloadTypes.push(pt);
      }
      const family = v.getUint8(p + STREAM.FAMILY) === 6 ? 6 : 4;
      out.push({
        index: i, family,
        srcAddr: new Uint8Array(this.mem.slice(p + STREAM.SRC_ADDR, p + STREAM.SRC_ADDR + (family === 6 ? 16 : 4))),
        dstAddr: new Uint8Array(this.mem.slice(p + STREAM.DST_ADDR, p + STREAM.DST_ADDR + (family === 6 ? 16 : 4))),
        srcPort: v.getUint16(p + STREAM.SRC_PORT, true), dstPort: v.getUint16(p + STREAM.DST_PORT, true),
        ssrc: u32(STREAM.SSRC), firstPt: v.getUint8(p + STREAM.FIRST_PT), payloadTypes,
        packets: u32(STREAM.PACKETS),
        firstTimeNs: v.getBigInt64(p + STREAM.FIRST_TIME_NS, true), lastTimeNs: v.getBigInt64(p + STREAM.LAST_TIME_NS, true),
        bytes: v.getBigUint64(p + STREAM.BYTES, true),
        channel: i32(STREAM.CHANNEL), codec: i32(STREAM.CODEC), clock: u32(STREAM.CLOCK), expected: u32(STREAM.EXPECTED),
        lost: i32(STREAM.LOST), duplicates: u32(STREAM.DUPLICATES), reordered: u32(STREAM.REORDERED),
        jitterUs: u32(STREAM.JITTER_US), maxGapUs: u32(STREAM.MAX_GAP_US), ssrcChanges: u32(STREAM.SSRC_CHANGES),
        ptChanges: u32(STREAM.PT_CHANGES), startFrame: u32(STREAM.START_FRAME), endFrame: u32(STREAM.END_FRAME),
        events: u32(STREAM.EVENTS), cnPackets: u32(STREAM.CN_PACKETS), late: u32(STREAM.LATE),
        maxJitterUs: u32(STREAM.MAX_JITTER_US), driftPpm: i32(STREAM.DRIFT_PPM), rtcpJitterUs: u32(STREAM.RTCP_JITTER_US),
        rtcpLost: i32(STREAM.RTCP_LOST), rtcpPackets: u32(STREAM.RTCP_PACKETS), flags: u32(STREAM.FLAGS),
      });
    }
    return out;
  }

  warnings(): RawWarning[] {
    return this.records(this.x.warningCount(), this.x.warningsPtr(), WARN.SIZE, (v, p) => ({
      code: v.getInt32(p + WARN.CODE, true), stream: v.getInt32(p + WARN.STREAM, true),
      timeMs: v.getInt32(p + WARN.TIME_MS, true), detail: v.getInt32(p + WARN.DETAIL, true),
    }));
  }

  events(): RawEvent[] {
    return this.records(this.x.eventCount(), this.x.eventsPtr(), EVT.SIZE, (v, p) => ({
      frame: v.getUint32(p + EVT.FRAME, true), duration: v.getUint32(p + EVT.DURATION, true),
      channel: v.getUint8(p + EVT.CHANNEL), code: v.getUint8(p + EVT.CODE), volume: v.getUint8(p + EVT.VOLUME),
      stream: v.getUint16(p + EVT.STREAM, true),
    }));
  }

  rtcp(): RawRtcp[] {
    return this.records(this.x.rtcpCount(), this.x.rtcpsPtr(), RTCP.SIZE, (v, p) => ({
      timeNs: v.getBigInt64(p + RTCP.TIME_NS, true), ssrc: v.getUint32(p + RTCP.SSRC, true),
      jitter: v.getUint32(p + RTCP.JITTER, true), lost: v.getInt32(p + RTCP.LOST, true), kind: v.getUint8(p + RTCP.KIND),
    }));
  }

  /** SIP messages found in the capture, as text (for SDP payload-type mapping). */
  sipMessages(): string[] {
    const dec = new TextDecoder('latin1');
    return this.records(this.x.sipCount(), this.x.sipsPtr(), SIP.SIZE, (v, p) => {
      const ptr = v.getUint32(p + SIP.PTR, true);
      const len = v.getUint32(p + SIP.LEN, true);
      return dec.decode(new Uint8Array(this.mem, ptr, len));
    });
  }

  /** Packet table (copies payloads): for tests and diagnostics, not for the decode path. */
  packets(): RawPacket[] {
    return this.records(this.x.packetCount(), this.x.packetsPtr(), PKT.SIZE, (v, p) => {
      const ptr = v.getUint32(p + PKT.PAYLOAD_PTR, true);
      const len = v.getUint32(p + PKT.PAYLOAD_LEN, true);
      return {
        timeNs: v.getBigInt64(p + PKT.TIME_NS, true), payload: new Uint8Array(this.mem.slice(ptr, ptr + len)),
        ssrc: v.getUint32(p + PKT.SSRC, true), ts: v.getUint32(p + PKT.RTP_TS, true), seq: v.getUint16(p + PKT.SEQ, true),
        pt: v.getUint8(p + PKT.PT), marker: (v.getUint8(p + PKT.FLAGS) & 1) !== 0, stream: v.getUint16(p + PKT.STREAM, true),
      };
    });
  }

  private records<T>(n: number, base: number, size: number, read: (v: DataView, p: number) => T): T[] {
    const v = this.view();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(read(v, base + i * size));
    return out;
  }

  setPayloadType(pt: number, codec: number, clock: number): void { this.x.setPayloadType(pt, codec, clock); }
  setChannel(stream: number, ch: number): void { this.x.setChannel(stream, ch); }
  setSwap(flag: boolean): void { this.x.setSwap(flag ? 1 : 0); }

  plan(): void { this.check(this.x.plan(), 'planning the timeline'); }
  sampleRate(): number { return this.x.sampleRate(); }
  totalFrames(): number { return this.x.totalFrames() >>> 0; }
  startTimeNs(): bigint { return this.x.startTimeNs(); }
  channelRule(): number { return this.x.channelRule(); }

  /**
   * Renders the next chunk. Returns views on core memory, valid until the next call
   * into the core; callers copy what they keep.
   */
  render(maxFrames: number): { frames: number; left: Int16Array; right: Int16Array } {
    const frames = this.check(this.x.render(maxFrames), 'decoding audio');
    return {
      frames,
      left: new Int16Array(this.mem, this.x.outPtr(0), frames),
      right: new Int16Array(this.mem, this.x.outPtr(1), frames),
    };
  }
  renderReset(): void { this.x.renderReset(); }
  /** Which sides render() decodes; the others come out silent (reset() goes back to both). */
  setRenderChannels(which: RenderChannels): void { this.x.setRenderChannels(which === 'left' ? 1 : which === 'right' ? 2 : 3); }

  /**
   * Merges the waveform min/max of the last render's first `frames` frames, which sit at
   * `startFrame` of the call, into `into` (buckets from into.firstBucket; a bucket the render
   * covers only partly gets that part).
   */
  outputPeaks(frames: number, startFrame: number, into: ChunkPeaks): void {
    const bf = into.bucketFrames;
    const n = Math.max(0, Math.min(frames, OUT_CAP_FRAMES));
    for (let ch = 0; ch < 2; ch++) {
      const base = this.x.outPtr(ch), dst = ch === 0 ? into.left : into.right;
      for (let off = 0; off < n;) {
        const b = Math.floor((startFrame + off) / bf);
        const len = Math.min(n - off, (b + 1) * bf - (startFrame + off));
        const k = 2 * (b - into.firstBucket);
        if (k < 0 || k + 1 >= dst.length) throw new AppError('decoder-state', `waveform bucket ${b} outside the chunk's peaks`);
        const packed = this.x.minMax16(base + off * 2, len);
        const lo = (packed << 16) >> 16, hi = packed >> 16;
        if (lo < dst[k]) dst[k] = lo;
        if (hi > dst[k + 1]) dst[k + 1] = hi;
        off += len;
      }
    }
  }

  /** Fresh copies of the last render's first `frames` frames, safe to keep or transfer. */
  outputCopy(frames: number): { left: Int16Array; right: Int16Array } {
    const n = Math.max(0, Math.min(frames, OUT_CAP_FRAMES));
    const copy = (ch: number) => new Int16Array(this.mem.slice(this.x.outPtr(ch), this.x.outPtr(ch) + n * 2));
    return { left: copy(0), right: copy(1) };
  }

  /** Ext records of the last render, payloads copied out of core memory. */
  exts(): RawExt[] {
    return this.records(this.x.extCount(), this.x.extPtr(), EXT.SIZE, (v, p) => {
      const ptr = v.getUint32(p + EXT.PAYLOAD_PTR, true);
      const len = v.getUint32(p + EXT.PAYLOAD_LEN, true);
      const end = Math.min(this.mem.byteLength, ptr + len);
      return {
        frameOffset: v.getUint32(p + EXT.FRAME_OFFSET, true), channel: v.getUint8(p + EXT.CHANNEL),
        codec: v.getUint8(p + EXT.CODEC), discontinuity: (v.getUint8(p + EXT.FLAGS) & 1) !== 0,
        stream: v.getUint16(p + EXT.STREAM, true), payload: new Uint8Array(this.mem.slice(ptr, Math.max(ptr, end))),
        frames: v.getUint32(p + EXT.FRAMES, true),
      };
    });
  }
  /** Writes externally decoded samples into the last render's output of one channel. */
  writeOut(ch: number, frameOffset: number, samples: Int16Array): void {
    if (ch !== 0 && ch !== 1) return;
    const n = Math.max(0, Math.min(samples.length, OUT_CAP_FRAMES - frameOffset));
    if (frameOffset < 0 || n === 0) return;
    new Int16Array(this.mem, this.x.outPtr(ch) + frameOffset * 2, n).set(samples.subarray(0, n));
  }

  /** Interleaves the last render's output (mode 0 stereo, 1 mono, 2 left, 3 right); copy returned. */
  interleave(frames: number, mode: 0 | 1 | 2 | 3): Uint8Array {
    const p = this.x.interleave(frames, mode);
    if (p === 0) throw new AppError('decoder-state', `cannot interleave ${frames} frames in mode ${mode}`);
    const bytes = frames * (mode === 0 ? 4 : 2);
    return new Uint8Array(this.mem.slice(p, p + bytes));
  }

  wavHeader(rate: number, channels: number, frames: number): Uint8Array {
    const p = this.x.wavHeader(rate, channels, frames);
    if (p === 0) throw new AppError('decoder-state', `no WAV header for ${channels} channel(s) at ${rate} Hz, ${frames} frames`);
    return new Uint8Array(this.mem.slice(p, p + this.x.wavHeaderLen()));
  }

  /** Decodes raw G.711 (law 0 = µ-law, 1 = A-law) through the core: tests and comparisons. */
  g711(law: 0 | 1, payload: Uint8Array): Int16Array {
    const s = this.x.scratchPtr();
    new Uint8Array(this.mem, s, payload.length).set(payload);
    const dst = s + ((payload.length + 15) & ~15);
    this.x.g711Decode(law, s, payload.length, dst);
    return new Int16Array(this.mem.slice(dst, dst + payload.length * 2));
  }

  /** Decodes a raw 64 kbit/s G.722 bitstream from a fresh state: tests and comparisons. */
  g722(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length * 2);
    this.x.g722Reset();
    const s = this.x.scratchPtr();
    const step = 65536;
    for (let off = 0; off < payload.length; off += step) {
      const part = payload.subarray(off, Math.min(payload.length, off + step));
      new Uint8Array(this.mem, s, part.length).set(part);
      const dst = s + step;
      const n = this.x.g722DecodeBuffer(s, part.length, dst);
      out.set(new Int16Array(this.mem, dst, n), off * 2);
    }
    return out;
  }
}

function describeFatal(rc: number): string {
  switch (rc) {
    case -1: return 'not a pcap or pcapng capture (unknown magic number)';
    case -2: return 'the capture header is malformed or truncated';
    case -3: return 'out of memory';
    case -4: return 'the capture contains no RTP audio stream';
    case -5: return 'decoder calls out of order';
    case -6: return 'input or output too large for the decoder';
    default: return `decoder error ${rc}`;
  }
}
