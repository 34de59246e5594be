// A scripted stand-in for the WASM core with the same contract as WasmCore (see wasm/README.md):
// it lets the session's own logic (reading, SDP, overrides, chunking, Opus fill, abort) be tested
// independently of the core's progress. Audio is a deterministic ramp so every frame is checkable.
import type { ChunkPeaks, RenderChannels } from '../../src/shared/decoder-types.js';
import { AppError } from '../../src/shared/errors.js';
import type { DecoderCore } from '../../src/worker/decode-session.js';
import { CODEC, OUT_CAP_FRAMES } from '../../src/worker/wasm-layout.js';
import type { RawExt, RawStream } from '../../src/worker/wasm-module.js';

export interface FakeExt { frame: number; channel: number; stream: number; payload: Uint8Array; frames: number; discontinuity?: boolean }

export class FakeCore implements DecoderCore {
  input = new Uint8Array(0);
  copied = 0;
  finals = 0;
  appendCalls = 0;
  mapped: Array<[number, number, number]> = [];
  channelsSet: Array<[number, number]> = [];
  swapped = false;
  renderSizes: number[] = [];
  sip: string[] = [];
  exts_: FakeExt[] = [];
  /** extra frames render() produces beyond the plan (to test the consistency check) */
  extraFrames = 0;
  private pos = 0;
  private lastStart = 0;
  private out = [new Int16Array(OUT_CAP_FRAMES), new Int16Array(OUT_CAP_FRAMES)];

  constructor(public rate = 8000, public total = 8000 * 10, public codec: number = CODEC.PCMA) {}

  reset(len: number): void { this.input = new Uint8Array(len); this.copied = 0; }
  append(bytes: Uint8Array, final: boolean): void {
    if (this.copied + bytes.length > this.input.length) throw new AppError('decoder-state', 'too many bytes');
    this.input.set(bytes, this.copied);
    this.copied += bytes.length;
    this.appendCalls++;
    if (final) this.finals++;
    if (this.copied >= 4 && this.input[0] === 0x58) throw new AppError('not-a-capture', 'fake: bad magic');
  }
  sipMessages(): string[] { return this.sip; }
  setPayloadType(pt: number, codec: number, clock: number): void { this.mapped.push([pt, codec, clock]); }
  setChannel(s: number, ch: number): void { this.channelsSet.push([s, ch]); }
  setSwap(f: boolean): void { this.swapped = f; }
  plan(): void { if (this.copied === 0) throw new AppError('no-audio', 'fake: empty'); }
  sampleRate(): number { return this.rate; }
  totalFrames(): number { return this.total; }
  startTimeNs(): bigint { return 1_000_000_000_000n; }
  channelRule(): number { return this.channelsSet.length > 0 ? 2 : 0; }
  streams(): RawStream[] {
    return [0, 1].map((i) => ({
      index: i, family: 4, srcAddr: new Uint8Array([10, 0, 0, 1 + i]), dstAddr: new Uint8Array([10, 0, 0, 2 - i]),
      srcPort: 16386 + 2 * i, dstPort: 16388 - 2 * i, ssrc: 100 + i, firstPt: 8, payloadTypes: [8], packets: 50,
      firstTimeNs: 1_000_000_000_000n, lastTimeNs: 2_000_000_000_000n, bytes: 8000n, channel: 1 - i, codec: this.codec,
      clock: this.rate, expected: 50, lost: 0, duplicates: 0, reordered: 0, jitterUs: 0, maxGapUs: 20000, ssrcChanges: 0,
      ptChanges: 0, startFrame: 0, endFrame: this.total, events: 0, cnPackets: 0, late: 0, maxJitterUs: 0, driftPpm: 0,
      rtcpJitterUs: 0xffffffff, rtcpLost: -1, rtcpPackets: 0, flags: 0,
    }));
  }
  events() { return []; }
  warnings() { return [{ code: 16, stream: -1, timeMs: -1, detail: 1 }]; }
  renderReset(): void { this.pos = 0; }
  render(max: number): { frames: number; left: Int16Array; right: Int16Array } {
    if (max > OUT_CAP_FRAMES) throw new AppError('too-large', 'fake: chunk too big');
    this.renderSizes.push(max);
    const n = Math.max(0, Math.min(max, this.total + this.extraFrames - this.pos));
    const opus = this.codec === CODEC.OPUS;
    for (let i = 0; i < n; i++) {
      // Opus spans are left silent for JS, as the core does.
      this.out[0][i] = opus || this.renderChannels === 'right' ? 0 : (this.pos + i) & 0x7fff;
      this.out[1][i] = opus || this.renderChannels === 'left' ? 0 : -((this.pos + i) & 0x3fff);
    }
    this.lastStart = this.pos;
    this.pos += n;
    return { frames: n, left: this.out[0].subarray(0, n), right: this.out[1].subarray(0, n) };
  }
  exts(): RawExt[] {
    const end = this.pos;
    return this.exts_.filter((x) => x.frame >= this.lastStart && x.frame < end).map((x) => ({
      frameOffset: x.frame - this.lastStart, channel: x.channel, codec: CODEC.OPUS, discontinuity: x.discontinuity ?? false,
      stream: x.stream, payload: x.payload, frames: x.frames,
    }));
  }
  writeOut(ch: number, off: number, s: Int16Array): void { this.out[ch].set(s, off); }
  outputCopy(frames: number) { return { left: this.out[0].slice(0, frames), right: this.out[1].slice(0, frames) }; }
  /** sides render() fills; the others are zeroed (as the core's mask) */
  renderChannels: RenderChannels = 'both';
  setRenderChannels(which: RenderChannels): void { this.renderChannels = which; }
  outputPeaks(frames: number, startFrame: number, into: ChunkPeaks): void {
    for (let ch = 0; ch < 2; ch++) {
      const dst = ch === 0 ? into.left : into.right;
      for (let i = 0; i < frames; i++) {
        const k = 2 * (Math.floor((startFrame + i) / into.bucketFrames) - into.firstBucket);
        const v = this.out[ch][i];
        if (v < dst[k]) dst[k] = v;
        if (v > dst[k + 1]) dst[k + 1] = v;
      }
    }
  }
  interleave(frames: number, mode: 0 | 1 | 2 | 3): Uint8Array {
    const ch = mode === 0 ? 2 : 1;
    const v = new DataView(new ArrayBuffer(frames * 2 * ch));
    for (let i = 0; i < frames; i++) {
      const l = this.out[0][i], r = this.out[1][i];
      if (mode === 0) { v.setInt16(i * 4, l, true); v.setInt16(i * 4 + 2, r, true); }
      else v.setInt16(i * 2, mode === 1 ? (l + r) >> 1 : mode === 2 ? l : r, true);
    }
    return new Uint8Array(v.buffer);
  }
  wavHeader(rate: number, channels: number, frames: number): Uint8Array {
    return new TextEncoder().encode(`HDR${rate}/${channels}/${frames}`);
  }
}
