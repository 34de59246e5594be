// The progressive start (DecodeSession.preview): the first chunk from a prefix of the file, then
// the full decode. Whatever the preview showed, what the page ends up with (PcmStore seeded from the
// preview, then every chunk written where it starts) must equal the plain decode bit for bit.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PcmStore } from '../../src/app/services/pcm-store.js';
import { createNodeCore } from '../../src/worker/core-node.js';
import { DecodeSession, PREVIEW_BYTES, type PreviewOptions } from '../../src/worker/decode-session.js';
import { OUT_CAP_FRAMES } from '../../src/worker/wasm-layout.js';
import type { WasmCore } from '../../src/worker/wasm-module.js';
import type { UdpPacket } from '../helpers/pcap-writer.js';
import { rtpSeries } from '../helpers/rtp-builder.js';
import { CALL_START_NS, callWith, callWithEarlyStray, syntheticCall } from './synthetic-call.js';

const CAPTURES = 'test/fixtures/captures';
let core: WasmCore;
beforeAll(async () => { core = await createNodeCore(); });

interface Planar { rate: number; left: Int16Array; right: Int16Array }

async function plain(bytes: Uint8Array, maxFrames: number): Promise<Planar> {
  const s = new DecodeSession(core);
  const info = await s.open(bytes);
  const store = new PcmStore(info);
  for await (const c of s.chunks(maxFrames)) store.add(c);
  expect(store.filled).toBe(info.frames);
  return { rate: info.sampleRate, left: store.left, right: store.right };
}

/** As the player does it: a provisional store from the preview, the real one seeded from it, then the chunks. */
async function progressive(bytes: Uint8Array | Blob, maxFrames: number, o: PreviewOptions) {
  const s = new DecodeSession(core);
  const p = await s.preview(bytes, {}, o);
  let preview: PcmStore | null = null;
  if (p) {
    expect(p.chunk.startFrame).toBe(0);
    expect(p.info.frames).toBe(p.chunk.left.length);
    preview = new PcmStore(p.info, true);
    preview.add(p.chunk);
  }
  const info = await s.open(bytes);
  const store = new PcmStore(info);
  const seeded = preview ? store.seed(preview) : false;
  const starts: number[] = [];
  for await (const c of s.chunks(maxFrames)) { starts.push(c.startFrame); store.add(c); }
  expect(store.filled).toBe(info.frames);
  const corrected = preview !== null && starts[0] === 0;
  // Without a correction the chunks go on right after the preview.
  if (preview && !corrected) expect(starts[0]).toBe(preview.filled);
  return { pcm: { rate: info.sampleRate, left: store.left, right: store.right } as Planar, previewed: preview !== null, seeded, corrected, previewRate: p?.info.sampleRate };
}

function expectSame(a: Planar, b: Planar): void {
  expect(a.rate).toBe(b.rate);
  expect(a.left.length).toBe(b.left.length);
  // Buffer.compare: one check over megabytes instead of a per-sample diff on failure.
  expect(Buffer.compare(Buffer.from(a.left.buffer, a.left.byteOffset, a.left.byteLength), Buffer.from(b.left.buffer, b.left.byteOffset, b.left.byteLength))).toBe(0);
  expect(Buffer.compare(Buffer.from(a.right.buffer, a.right.byteOffset, a.right.byteLength), Buffer.from(b.right.buffer, b.right.byteOffset, b.right.byteLength))).toBe(0);
}

const loud = (seed: number) => (i: number) => Uint8Array.from({ length: 160 }, (_, k) => ((k * 7 + i * 13 + seed) & 0x7f) | 0x80);
const local = (timeNs: bigint, rtp: Uint8Array, sport = 16386): UdpPacket => ({ timeNs, src: '10.0.0.1', dst: '10.0.0.2', sport, dport: 16388, payload: rtp });

describe('preview of the first seconds', () => {
  const fixtures = existsSync(CAPTURES) ? readdirSync(CAPTURES).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];

  it.each(fixtures)('%s: preview + full decode = plain decode, bit for bit (several prefixes, both chunk paths)', async (f) => {
    const bytes = new Uint8Array(readFileSync(join(CAPTURES, f)));
    let previews = 0;
    for (const maxFrames of [OUT_CAP_FRAMES, 8 * OUT_CAP_FRAMES]) {
      const want = await plain(bytes, maxFrames);
      // Fixtures are seconds long: no margin and no size floor force a preview wherever the prefix holds the first chunk.
      for (const fraction of [0.6, 0.75, 0.9]) {
        const r = await progressive(bytes, maxFrames, { bytes: Math.floor(bytes.length * fraction), marginSeconds: 0, minSize: 0 });
        expectSame(r.pcm, want);
        if (r.previewed) previews++;
      }
    }
    expect(previews).toBe(6); // the preview path ran for every prefix, not just the plain decode
  });

  it('a synthetic call from a Blob: the default prefix gives a preview the full decode confirms', async () => {
    const bytes = syntheticCall(60);
    expect(bytes.length).toBeGreaterThan(2 * PREVIEW_BYTES);
    for (const maxFrames of [OUT_CAP_FRAMES, 8 * OUT_CAP_FRAMES]) {
      const r = await progressive(new Blob([bytes]), maxFrames, {});
      expect(r.previewed).toBe(true);
      expect(r.seeded).toBe(true);
      expect(r.corrected).toBe(false);
      expectSame(r.pcm, await plain(bytes, maxFrames));
    }
  });

  it('corrects the preview when a packet late in the file moves t = 0 earlier', async () => {
    // A stray packet of another SSRC, written last but captured 500 ms before the call: t = 0 moves.
    const bytes = callWithEarlyStray(30);
    const r = await progressive(bytes, 8 * OUT_CAP_FRAMES, { bytes: 128 << 10 });
    expect(r.previewed).toBe(true);
    expect(r.seeded).toBe(true);
    expect(r.corrected).toBe(true); // the full decode's first chunk went out at frame 0 over the preview
    expectSame(r.pcm, await plain(bytes, 8 * OUT_CAP_FRAMES));
  });

  it('voids the preview when a later G.722 stream raises the rate', async () => {
    const g722 = rtpSeries({ ssrc: 0x4444, pt: 9, count: 100, startNs: CALL_START_NS + 25_000_000_000n, payload: loud(1) });
    const bytes = callWith(30, g722.map((p) => local(p.timeNs, p.rtp, 16386)));
    const r = await progressive(bytes, 8 * OUT_CAP_FRAMES, { bytes: 128 << 10 });
    expect(r.previewRate).toBe(8000);
    expect(r.pcm.rate).toBe(16000);
    expect(r.seeded).toBe(false);
    expect(r.corrected).toBe(true);
    expectSame(r.pcm, await plain(bytes, 8 * OUT_CAP_FRAMES));
  });

  it('gives no preview where it cannot help or cannot be trusted', async () => {
    const big = syntheticCall(60);
    const s = new DecodeSession(core);
    // small file: read whole at once
    expect(await s.preview(syntheticCall(3))).toBeNull();
    // one-shot stream: its bytes cannot be read twice
    expect(await s.preview((async function* () { yield big; })())).toBeNull();
    // channel overrides name streams by number, which the prefix may number differently
    expect(await s.preview(big, { channelOverrides: { 0: 'left' } })).toBeNull();
    // a prefix with less audio than the first chunk + margin
    expect(await s.preview(big, {}, { bytes: 20 << 10 })).toBeNull();
    // not a capture: left to open() to report
    expect(await s.preview(new Uint8Array(3 << 20).fill(0x41))).toBeNull();
    await expect(s.open(new Uint8Array(3 << 20).fill(0x41))).rejects.toMatchObject({ code: 'not-a-capture' });
    // a session used without preview yields its first chunk as always
    await s.open(big);
    const first = (await s.chunks(OUT_CAP_FRAMES).next()).value;
    expect(first?.startFrame).toBe(0);
  });
});
