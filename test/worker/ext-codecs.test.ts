// Rare codecs through ffmpeg (src/worker/ext-codecs.ts) in Node over the same ffmpeg.wasm the
// browser loads: every capture in test/fixtures/rare-codecs decodes on both channels to the
// system ffmpeg's native decode of the sent frames; without a runner or when it fails the span
// stays silent with a warning that says why; framing, AMR payload modes and the upsampler alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DecodeInfo } from '../../src/shared/decoder-types.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession } from '../../src/worker/decode-session.js';
import { amrFrames, amrInput, g723Input, g726Bits, gsmInput, ilbcInput, upsample, type FFmpegRunner } from '../../src/worker/ext-codecs.js';
import { nodeFFmpeg } from './ext-codecs-ffmpeg.js';
import { DIR, RARE_FIXTURES, match, ref } from './ext-codecs-fixtures.js';

async function decode(name: string, runner: FFmpegRunner | null): Promise<{ info: DecodeInfo; left: Int16Array; right: Int16Array }> {
  const s = new DecodeSession(await createNodeCore(), runner);
  const info = await s.open(readFileSync(join(DIR, `${name}.pcap`)));
  const left = new Int16Array(info.frames), right = new Int16Array(info.frames);
  for await (const c of s.chunks()) { left.set(c.left, c.startFrame); right.set(c.right, c.startFrame); }
  return { info, left, right };
}

describe('rare-codec captures decode to ffmpeg\'s native decode', () => {
  for (const f of RARE_FIXTURES) {
    it(`${f.name}: both channels, at the streams' start, no codec warning`, async () => {
      const { info, left, right } = await decode(f.name, nodeFFmpeg);
      expect(info.sampleRate).toBe(8000);
      expect(info.streams.map((s) => s.codec)).toEqual([f.codec, f.codec]);
      expect(info.warnings.filter((w) => w.code === 'codec-unsupported' || w.code === 'unknown-payload-type')).toEqual([]);
      for (const [side, ch, channel] of [['local', 'right', right], ['remote', 'left', left]] as const) {
        const stream = info.streams.find((s) => s.channel === ch)!;
        const r = ref(f.name, side);
        const m = match(channel, r, Math.round((stream.startMs * info.sampleRate) / 1000));
        // Integer codecs are bit-exact between the two ffmpeg builds; AMR-NB and Speex decode in floating point.
        if (f.codec === 'AMR' || f.codec === 'speex') expect(m.snr, `${side} SNR`).toBeGreaterThan(40);
        else expect(m.exact, `${side} exact samples`).toBe(r.length);
        expect(Math.abs(m.offset - (stream.startMs * info.sampleRate) / 1000), `${side} offset`).toBeLessThanOrEqual(8);
      }
    });
  }

  it('without ffmpeg the spans stay silent and the codec-unsupported warning remains', async () => {
    const { info, left, right } = await decode('gsm-pt3', null);
    expect(info.warnings.filter((w) => w.code === 'codec-unsupported')).toHaveLength(2);
    expect(left.every((v) => v === 0) && right.every((v) => v === 0)).toBe(true);
  });

  it('a failing ffmpeg: silence, no exception, and the warning says why', async () => {
    const broken: FFmpegRunner = { run: async () => { throw new Error('ffmpeg.wasm could not be loaded from this service (HTTP 404)'); } };
    const { info, right } = await decode('g723-pt4', broken);
    const w = info.warnings.filter((x) => x.code === 'codec-unsupported');
    expect(w).toHaveLength(2);
    expect(w[0].message).toMatch(/^G\.723\.1 audio \(payload type 4\) could not be decoded: ffmpeg\.wasm could not be loaded from this service \(HTTP 404\); it stays silent\.$/);
    expect(right.every((v) => v === 0)).toBe(true);
    const short: FFmpegRunner = { run: async () => new Uint8Array(10) };
    const s = await decode('gsm-pt3', short);
    expect(s.info.warnings.find((x) => x.code === 'codec-unsupported')!.message).toMatch(/ffmpeg returned 5 samples for 24000 expected/);
  });
});

describe('framing', () => {
  it('GSM, iLBC and G.723.1 skip payloads that do not hold whole frames; G.726 bits from packet size', () => {
    const g = gsmInput([new Uint8Array(33), new Uint8Array(32), new Uint8Array(66)]);
    expect(g.units).toEqual([{ packet: 0, at: 0, n: 160 }, { packet: 2, at: 0, n: 160 }, { packet: 2, at: 160, n: 160 }]);
    expect(g.file.length).toBe(99);
    const i = ilbcInput([new Uint8Array(50), new Uint8Array(100), new Uint8Array(38)]);
    expect(new TextDecoder().decode(i.file.subarray(0, 9))).toBe('#!iLBC30\n');
    expect(i.units.map((u) => u.packet)).toEqual([0, 1, 1]);
    // G.723.1: 24-byte frame (type 0), 4-byte SID (type 2); a packet whose second frame is cut is dropped whole.
    const sid = Uint8Array.of(2, 0, 0, 0);
    const full = new Uint8Array(24);
    const cut = new Uint8Array(30); // 24 + 6 bytes of a 20-byte frame
    cut[24] = 1;
    const t = g723Input([full, sid, cut]);
    expect(t.units).toEqual([{ packet: 0, at: 0, n: 240 }, { packet: 1, at: 0, n: 240 }]);
    expect(g726Bits([{ frame: 0, channel: 0, payload: new Uint8Array(60), frames: 160 }], 8000)).toBe(3);
    expect(g726Bits([{ frame: 0, channel: 0, payload: new Uint8Array(80), frames: 960 }], 48000)).toBe(4);
    expect(g726Bits([], 8000)).toBe(4);
  });

  it('AMR-NB: octet-aligned and bandwidth-efficient payloads give the same frames; SID/no-data are left out', () => {
    const speech = Uint8Array.from({ length: 31 }, (_, k) => (k * 37 + 11) & 255);
    speech[30] &= 0xf0; // 244 bits
    // octet-aligned: CMR byte, ToC (F=1 FT=7 Q=1), ToC (F=0 FT=15 Q=1), 31 speech bytes
    const octet = Uint8Array.from([0xf0, 0x80 | (7 << 3) | 4, (15 << 3) | 4, ...speech]);
    // bandwidth-efficient: the same as bits: CMR(4) F FT(4) Q, F FT Q, 244 speech bits, padding
    const bits: number[] = [];
    const put = (v: number, n: number) => { for (let b = n - 1; b >= 0; b--) bits.push((v >> b) & 1); };
    put(15, 4); put(1, 1); put(7, 4); put(1, 1); put(0, 1); put(15, 4); put(1, 1);
    for (let b = 0; b < 244; b++) bits.push((speech[b >> 3] >> (7 - (b & 7))) & 1);
    const be = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, k) => { if (b) be[k >> 3] |= 0x80 >> (k & 7); });
    const a = amrFrames(octet, true)!, b = amrFrames(be, false)!;
    expect(a.map((f) => f.ft)).toEqual([7, 15]);
    expect(b.map((f) => f.ft)).toEqual([7, 15]);
    expect(Array.from(b[0].speech)).toEqual(Array.from(a[0].speech));
    expect(amrFrames(octet.subarray(0, 20), true)).toBeNull();
    expect(amrFrames(be, true)).toBeNull(); // detection: a bandwidth-efficient payload does not parse as octet-aligned
    for (const input of [amrInput([octet]), amrInput([be])]) {
      expect(input.units).toEqual([{ packet: 0, at: 0, n: 160 }]);
      expect(Array.from(input.file)).toEqual([...new TextEncoder().encode('#!AMR\n'), (7 << 3) | 4, ...speech]);
    }
  });

  it('upsampling keeps every original sample in place and reproduces a 1 kHz tone within 50 dB', () => {
    const n = 800;
    const x = Int16Array.from({ length: n }, (_, i) => Math.round(10000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
    for (const f of [2, 6]) {
      const y = upsample(x, f);
      expect(y.length).toBe(n * f);
      for (let i = 0; i < n; i++) expect(y[i * f]).toBe(x[i]);
      let sig = 0, err = 0;
      for (let j = 20 * f; j < (n - 20) * f; j++) { // away from the edges, where the filter lacks input
        const want = 10000 * Math.sin((2 * Math.PI * 1000 * j) / (8000 * f));
        sig += want * want;
        err += (y[j] - want) ** 2;
      }
      expect(10 * Math.log10(sig / err), `×${f}`).toBeGreaterThan(50);
    }
    expect(upsample(x, 1)).toBe(x);
  });
});
