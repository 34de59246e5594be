// Waveform peaks measured by the core (DecodeSession.chunks with peaks) must equal what the page
// would compute from the samples itself (PcmStore without them), bucket for bucket, whatever the
// chunking: small chunks, gathered chunks with renders crossing buckets, a preview correction.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PcmStore } from '../../src/app/services/pcm-store.js';
import type { AudioChunk } from '../../src/shared/decoder-types.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession } from '../../src/worker/decode-session.js';
import { OUT_CAP_FRAMES } from '../../src/worker/wasm-layout.js';
import { FakeCore } from './fake-core.js';
import { syntheticCall } from './synthetic-call.js';

const captures = join(import.meta.dirname, '../fixtures/captures');

async function stores(bytes: Uint8Array, chunkFrames: number): Promise<{ measured: PcmStore; computed: PcmStore; withPeaks: number }> {
  const s = new DecodeSession(await createNodeCore());
  const info = await s.open(bytes);
  const measured = new PcmStore(info), computed = new PcmStore(info);
  let withPeaks = 0;
  for await (const c of s.chunks(chunkFrames, undefined, undefined, undefined, { peaks: true }) as AsyncIterable<AudioChunk>) {
    if (c.peaks) withPeaks++;
    // Silent samples with the core's peaks: the store's waveform can only come from those peaks.
    measured.add({ startFrame: c.startFrame, left: new Int16Array(c.left.length), right: new Int16Array(c.right.length), peaks: c.peaks });
    computed.add({ startFrame: c.startFrame, left: c.left, right: c.right });
  }
  expect(measured.filled).toBe(info.frames);
  expect(computed.filled).toBe(info.frames);
  return { measured, computed, withPeaks };
}

describe('waveform peaks from the core', () => {
  for (const name of ['pcma-eth-ipv4.pcap', 'g722-impaired.pcapng', 'pcmu-gap.pcapng', 'opus-dtx-gap.pcap']) {
    it(`${name}: core peaks = page peaks, small and gathered chunks`, async () => {
      const bytes = new Uint8Array(readFileSync(join(captures, name)));
      // 5000-frame renders cross bucket borders inside a gathered chunk of 3 × 5000 + 17.
      for (const size of [OUT_CAP_FRAMES, 1234, 3 * OUT_CAP_FRAMES + 17]) {
        const { measured, computed, withPeaks } = await stores(bytes, size);
        expect(withPeaks).toBeGreaterThan(0);
        expect(measured.peaks[0]).toEqual(computed.peaks[0]);
        expect(measured.peaks[1]).toEqual(computed.peaks[1]);
        expect(measured.peaks[0].some((v) => v !== 0)).toBe(true);
      }
    });
  }

  it('a 3-minute synthetic call (buckets of many frames) and the scripted core agree with the page too', async () => {
    const { measured, computed } = await stores(syntheticCall(180), 8 * OUT_CAP_FRAMES);
    expect(measured.peaks).toEqual(computed.peaks);
    const fake = new FakeCore(8000, 8000 * 100);
    const s = new DecodeSession(fake);
    const info = await s.open(new Uint8Array(4));
    const a = new PcmStore(info), b = new PcmStore(info);
    for await (const c of s.chunks(3 * OUT_CAP_FRAMES, undefined, undefined, undefined, { peaks: true }) as AsyncIterable<AudioChunk>) {
      expect(c.peaks?.bucketFrames).toBe(a.bucketFrames);
      a.add({ startFrame: c.startFrame, left: new Int16Array(c.left.length), right: new Int16Array(c.right.length), peaks: c.peaks });
      b.add({ startFrame: c.startFrame, left: c.left, right: c.right });
    }
    expect(a.peaks).toEqual(b.peaks);
    expect(b.peaks[0].some((v) => v !== 0)).toBe(true);
  });

  it('minMax16 in the core: every span length 0..40 at odd offsets, extremes, all-positive and all-negative spans', async () => {
    const core = await createNodeCore();
    const s = new DecodeSession(core);
    await s.open(new Uint8Array(readFileSync(join(captures, 'pcma-eth-ipv4.pcap'))));
    core.renderReset();
    core.render(2000);
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let len = 0; len <= 40; len++) {
      for (const kind of ['random', 'positive', 'negative', 'extremes'] as const) {
        const v = Int16Array.from({ length: 2000 }, (_, i) => kind === 'positive' ? 1 + ((i * 37) % 3000)
          : kind === 'negative' ? -1 - ((i * 53) % 3000) : kind === 'extremes' ? (i % 3 === 0 ? -32768 : i % 3 === 1 ? 32767 : 0)
          : Math.floor(rnd() * 65536) - 32768);
        const r = v.map((x) => -Math.max(-32767, x));
        core.writeOut(0, 0, v);
        core.writeOut(1, 0, r);
        // Two buckets: [0, off) and [off, off + len) — the second starts at an unaligned address.
        const off = 3 + len * 7;
        const into = { bucketFrames: off, firstBucket: 0, left: new Int16Array(4), right: new Int16Array(4) };
        core.outputPeaks(off + len, 0, into);
        const mm = (a: Int16Array) => { let lo = 0, hi = 0; for (const x of a) { lo = Math.min(lo, x); hi = Math.max(hi, x); } return [lo, hi]; };
        expect([...into.left], `${kind} len ${len}`).toEqual([...mm(v.subarray(0, off)), ...mm(v.subarray(off, off + len))]);
        expect([...into.right], `${kind} len ${len}`).toEqual([...mm(r.subarray(0, off)), ...mm(r.subarray(off, off + len))]);
      }
    }
  });

  it('the page measures itself when the peaks do not fit the store (other bucket size, overwrite)', () => {
    const store = new PcmStore({ sampleRate: 8000, frames: 10_000 });
    const left = new Int16Array(100).fill(500), right = new Int16Array(100).fill(-500);
    // Wrong bucket size: ignored, the samples decide.
    store.add({ startFrame: 0, left, right, peaks: { bucketFrames: 7, firstBucket: 0, left: new Int16Array(30).fill(9999), right: new Int16Array(30) } });
    expect(store.peaks[0][1]).toBe(500);
    // An overwrite of frames already held: measured afresh, not merged with the old maximum.
    store.add({ startFrame: 0, left: new Int16Array(100).fill(3), right, peaks: { bucketFrames: store.bucketFrames, firstBucket: 0, left: Int16Array.of(0, 3), right: Int16Array.of(-500, 0) } });
    expect(store.peaks[0][1]).toBe(3);
  });
});
