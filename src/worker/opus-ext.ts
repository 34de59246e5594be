// Fills the spans the core leaves silent for Opus payloads (ext records) with audio from npm
// opus-decoder: one libopus state per stream, mono at the output rate, samples that run past
// the end of a chunk carried into the start of the next one.
import { OpusDecoder } from 'opus-decoder';
import { CODEC } from './wasm-layout.js';
import type { RawExt } from './wasm-module.js';

/** The part of the core this needs: the last render's ext records and a way to write samples back. */
export interface ExtTarget {
  exts(): RawExt[];
  writeOut(ch: number, frameOffset: number, samples: Int16Array): void;
}

type Rate = 8000 | 12000 | 16000 | 24000 | 48000;
const OPUS_RATES: readonly number[] = [8000, 12000, 16000, 24000, 48000];
/** libopus conceals at most one 120 ms frame per call; longer gaps restart the decoder instead. */
const MAX_PLC_MS = 120;

interface StreamState {
  decoder: OpusDecoder<Rate>;
  /** absolute output frame after the last sample written for this stream */
  end: number;
}

export class OpusExtFiller {
  private readonly streams = new Map<number, StreamState>();
  private carry: Array<{ ch: number; samples: Int16Array }> = [];

  constructor(private readonly rate: number) {}

  /**
   * Call after each render(): `chunkStart` is the absolute frame of the chunk, `frames` its length.
   * Returns how many ext records were decoded.
   */
  async fill(core: ExtTarget, chunkStart: number, frames: number): Promise<number> {
    const carried = this.carry;
    this.carry = [];
    for (const c of carried) this.write(core, c.ch, 0, c.samples, frames);
    const exts = core.exts();
    let done = 0;
    for (const x of exts) {
      if (x.codec !== CODEC.OPUS || x.frameOffset >= frames) continue;
      const st = await this.state(x.stream);
      const at = chunkStart + x.frameOffset;
      if (x.discontinuity) await this.conceal(core, st, x, chunkStart, frames);
      const pcm = this.decode(st, x.payload, x.frames);
      this.write(core, x.channel, x.frameOffset, pcm, frames);
      st.end = at + pcm.length;
      done++;
    }
    return done;
  }

  free(): void {
    for (const s of this.streams.values()) s.decoder.free();
    this.streams.clear();
    this.carry = [];
  }

  private async state(stream: number): Promise<StreamState> {
    let st = this.streams.get(stream);
    if (!st) {
      const sampleRate = (OPUS_RATES.includes(this.rate) ? this.rate : 48000) as Rate;
      const decoder = new OpusDecoder<Rate>({ channels: 1, sampleRate });
      await decoder.ready;
      st = { decoder, end: -1 };
      this.streams.set(stream, st);
    }
    return st;
  }

  /**
   * A loss before this packet: a short gap gets libopus' concealment (written where the chunk
   * still covers it), a long one (hold, DTX pause) starts the decoder afresh so old state does
   * not colour the new talk spurt.
   */
  private async conceal(core: ExtTarget, st: StreamState, x: RawExt, chunkStart: number, frames: number): Promise<void> {
    const at = chunkStart + x.frameOffset;
    const gap = st.end < 0 ? -1 : at - st.end;
    if (gap > 0 && gap <= (this.rate * MAX_PLC_MS) / 1000) {
      const plc = this.decode(st, new Uint8Array(0), gap);
      const from = st.end - chunkStart;
      const skip = Math.max(0, -from);
      if (skip < plc.length) this.write(core, x.channel, Math.max(0, from), plc.subarray(skip), frames);
    } else {
      await st.decoder.reset();
    }
  }

  private decode(st: StreamState, payload: Uint8Array, maxFrames: number): Int16Array {
    // A payload libopus rejects decodes to nothing: its span stays silent, decoding goes on.
    const r = st.decoder.decodeFrame(payload);
    const f = r.channelData[0];
    const n = Math.min(r.samplesDecoded, maxFrames > 0 ? maxFrames : r.samplesDecoded, f?.length ?? 0);
    const out = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      const v = Math.round(f[i] * 32768);
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    return out;
  }

  private write(core: ExtTarget, ch: number, offset: number, samples: Int16Array, frames: number): void {
    const room = frames - offset;
    if (room <= 0) {
      this.carry.push({ ch, samples });
      return;
    }
    core.writeOut(ch, offset, samples.length > room ? samples.subarray(0, room) : samples);
    if (samples.length > room) this.carry.push({ ch, samples: samples.slice(room) });
  }
}
