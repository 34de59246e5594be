// The ffmpeg path's bookkeeping over a scripted core: packets gathered in a pre-pass with one
// chunk size are written back with another (audio carried across chunk ends), the runner sees
// the stream's frames in order, wideband Speex is refused with a reason, and the Ogg pages it
// writes carry the CRC ffmpeg's own Ogg muxer computes.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { DecodeInfo, StreamInfo } from '../../src/shared/decoder-types.js';
import { ExtFiller, prepareExtCodecs, type ExtCore, type FFmpegRunner } from '../../src/worker/ext-codecs.js';
import { oggCrc } from '../../src/worker/ext-codecs-ogg.js';
import { CODEC } from '../../src/worker/wasm-layout.js';
import type { RawExt } from '../../src/worker/wasm-module.js';

/** A core of `total` frames whose GSM packets (stream 0, right channel) start every 160 frames from `first`. */
class ScriptedCore implements ExtCore {
  pos = 0;
  last: { start: number; frames: number } = { start: 0, frames: 0 };
  out = new Int16Array(0);
  written: Int16Array;
  constructor(private readonly total: number, private readonly first: number, private readonly chunk: number) {
    this.written = new Int16Array(total);
  }
  renderReset(): void { this.pos = 0; }
  render(max: number): { frames: number } {
    const frames = Math.min(max, this.chunk, this.total - this.pos);
    this.last = { start: this.pos, frames };
    this.out = new Int16Array(frames);
    this.pos += frames;
    return { frames };
  }
  exts(): RawExt[] {
    const r: RawExt[] = [];
    const { start, frames } = this.last;
    for (let f = this.first; f < this.total; f += 160) {
      if (f >= start && f < start + frames) {
        const payload = new Uint8Array(33);
        payload[0] = (f / 160) & 255; // identifies the packet
        r.push({ frameOffset: f - start, channel: 1, codec: CODEC.GSM, discontinuity: false, stream: 0, payload, frames: 160 });
      }
    }
    return r;
  }
  writeOut(ch: number, off: number, s: Int16Array): void {
    if (ch === 1) this.written.set(s, this.last.start + off);
  }
}

function info(over: Partial<StreamInfo> = {}, rate = 8000): DecodeInfo {
  const s = { index: 0, codec: 'GSM', clockRate: 8000, channel: 'right', ...over } as StreamInfo;
  return {
    sampleRate: rate, channels: 2, frames: 0, durationMs: 0, startTime: 0, streams: [s], dtmf: [], channelRule: 'innovaphone',
    warnings: [{ code: 'codec-unsupported', stream: 0, timeMs: 0, detail: ((over.codec === 'speex' ? CODEC.SPEEX : CODEC.GSM) << 8) | 3, message: 'core text' }],
  };
}

/** "Decodes" GSM by numbering samples: packet k's frames become k·1000 + i. */
const numbering: FFmpegRunner = {
  async run(_args, inputs) {
    const file = inputs['in.bin'];
    const out = new Int16Array((file.length / 33) * 160);
    for (let k = 0; k < file.length / 33; k++) for (let i = 0; i < 160; i++) out[k * 160 + i] = file[k * 33] * 100 + (i % 100);
    return new Uint8Array(out.buffer);
  },
};

describe('ext codecs over a scripted core', () => {
  it('pre-pass in 1000-frame renders, fill in 777-frame renders: every packet lands where the core placed it', async () => {
    const total = 20_000, first = 1234;
    const pre = new ScriptedCore(total, first, 1000);
    const { info: out, filler } = await prepareExtCodecs(pre, info(), numbering);
    expect(out.warnings).toEqual([]); // decoded: the core's codec-unsupported no longer holds
    const core = new ScriptedCore(total, first, 777);
    filler!.reset();
    for (let start = 0; ; ) {
      const { frames } = core.render(777);
      if (frames === 0) break;
      filler!.fill(core, start, frames);
      start += frames;
    }
    for (let f = 0; f < total; f++) {
      const packetStart = first + Math.floor((f - first) / 160) * 160;
      const want = f < first ? 0 : ((packetStart / 160) & 255) * 100 + ((f - first) % 160) % 100;
      if (core.written[f] !== want) throw new Error(`frame ${f}: ${core.written[f]} ≠ ${want}`);
    }
  });

  it('wideband Speex is refused with the reason; the filler has nothing to write', async () => {
    const core = new ScriptedCore(2000, 0, 1000);
    const asSpeex: ExtCore = { ...core, renderReset: () => core.renderReset(), render: (m) => core.render(m), writeOut: () => undefined,
      exts: () => core.exts().map((x) => ({ ...x, codec: CODEC.SPEEX })) };
    const r = await prepareExtCodecs(asSpeex, info({ codec: 'speex', clockRate: 16000 }), numbering);
    expect(r.filler).toBeNull();
    expect(r.info.warnings[0].message).toBe('Speex audio (payload type 3) could not be decoded: Speex at 16000 Hz (wideband) is not decoded here, only narrowband; it stays silent.');
  });

  it('a capture without rare codecs never calls ffmpeg', async () => {
    let calls = 0;
    const r = await prepareExtCodecs(new ScriptedCore(100, 0, 50), info({ codec: 'PCMA' }), { run: async () => { calls++; return new Uint8Array(0); } });
    expect(calls).toBe(0);
    expect(r.filler).toBeNull();
  });

  it('ExtFiller.fill ignores records of other codecs', () => {
    const core = new ScriptedCore(1000, 0, 1000);
    core.render(1000);
    const f = new ExtFiller(new Map([['0@0', { channel: 1, samples: Int16Array.of(7, 7) }]]));
    const opus: ExtCore = { ...core, render: () => ({ frames: 0 }), renderReset: () => undefined, writeOut: (c, o, s) => core.writeOut(c, o, s),
      exts: () => core.exts().map((x) => ({ ...x, codec: CODEC.OPUS })) };
    f.fill(opus, 0, 1000);
    expect(core.written.subarray(0, 2)).toEqual(Int16Array.of(0, 0));
    f.fill(core, 0, 1000);
    expect(core.written.subarray(0, 2)).toEqual(Int16Array.of(7, 7));
  });
});

describe('Ogg pages', () => {
  it('oggCrc equals the CRC in every page ffmpeg\'s Ogg muxer writes', () => {
    const ogg = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=500:duration=1', '-c:a', 'libvorbis', '-f', 'ogg', '-']);
    let pages = 0;
    for (let off = 0; off < ogg.length;) {
      expect(ogg.toString('latin1', off, off + 4)).toBe('OggS');
      const n = ogg[off + 26];
      let len = 27 + n;
      for (let i = 0; i < n; i++) len += ogg[off + 27 + i];
      const page = Uint8Array.from(ogg.subarray(off, off + len));
      const stored = new DataView(page.buffer).getUint32(22, true);
      page.fill(0, 22, 26);
      expect(oggCrc(page)).toBe(stored);
      pages++;
      off += len;
    }
    expect(pages).toBeGreaterThan(2);
  });
});
