import { OpusDecoder } from 'opus-decoder';
import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../../src/shared/decoder-types.js';
import { AppError } from '../../src/shared/errors.js';
import { DecodeSession, decodeToWav, inspectCapture, type DecodeProgress } from '../../src/worker/decode-session.js';
import { CODEC } from '../../src/worker/wasm-layout.js';
import { FakeCore } from './fake-core.js';
import { makeOpusPackets } from './opus-packets.js';

async function collect(it: AsyncIterable<AudioChunk>): Promise<AudioChunk[]> {
  const out: AudioChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe('DecodeSession (scripted core)', () => {
  it('reads every byte, maps SDP payload types, applies overrides, reports progress', async () => {
    const core = new FakeCore();
    core.sip = ['INVITE x SIP/2.0\r\n\r\nm=audio 1 RTP/AVP 96 97\r\na=rtpmap:96 opus/48000/2\r\na=rtpmap:97 telephone-event/48000\r\n'];
    const bytes = new Uint8Array(10 << 20).map((_, i) => i & 255);
    const progress: DecodeProgress[] = [];
    const info = await new DecodeSession(core).open(bytes, { channelOverrides: { 1: 'left', 0: 'right' }, swapChannels: true }, (p) => progress.push(p));
    expect(core.copied).toBe(bytes.length);
    expect(core.input[123457]).toBe(123457 & 255);
    expect(core.finals).toBe(1);
    expect(core.appendCalls).toBeGreaterThanOrEqual(3); // fed in slices, never as one 10 MiB call
    expect(core.mapped).toEqual([[96, CODEC.OPUS, 48000], [97, CODEC.TELEPHONE_EVENT, 48000]]);
    expect(core.channelsSet).toEqual([[0, 1], [1, 0]]);
    expect(core.swapped).toBe(true);
    expect(progress.at(-1)).toEqual({ stage: 'reading', done: bytes.length, total: bytes.length });
    expect(info.channelRule).toBe('override');
    expect(info.frames).toBe(80000);
    expect(info.warnings[0].code).toBe('one-way');
  });

  it('reads streams of chunks (File.stream(), fs streams, plain async iterables)', async () => {
    const parts = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
    const stream = new ReadableStream<Uint8Array>({ start(c) { for (const p of parts) c.enqueue(p); c.close(); } });
    const a = new FakeCore();
    await new DecodeSession(a).open({ size: 5, chunks: stream });
    expect([...a.input]).toEqual([1, 2, 3, 4, 5]);
    const b = new FakeCore();
    await new DecodeSession(b).open((async function* () { yield* parts; })());
    expect([...b.input]).toEqual([1, 2, 3, 4, 5]);
    const c = new FakeCore();
    await new DecodeSession(c).open(new Blob([parts[0], parts[1]]));
    expect([...c.input]).toEqual([1, 2, 3, 4, 5]);
    // Anything with size and stream() is read as a Blob.
    const blob = new Blob([parts[0], parts[1]]);
    const d = new FakeCore();
    await new DecodeSession(d).open({ size: blob.size, stream: () => blob.stream() });
    expect([...d.input]).toEqual([1, 2, 3, 4, 5]);
    await expect(new DecodeSession(new FakeCore()).open({ size: 4, chunks: (async function* () { yield* parts; })() }))
      .rejects.toMatchObject({ code: 'decoder-state' });
  });

  it('reads byte streams into two buffers taking turns (BYOB), every byte in order; an abort mid-read releases the stream', async () => {
    // 9 MiB in 3 KiB pieces: far more than one 4 MiB read buffer, pieces that do not divide it.
    const size = 9 << 20;
    const piece = 3 << 10;
    let sent = 0;
    let byob = 0;
    const stream = new ReadableStream({
      type: 'bytes',
      pull(c) {
        const req = c.byobRequest;
        const n = Math.min(piece, size - sent);
        if (n === 0) { c.close(); req?.respond(0); return; }
        if (req?.view) {
          byob++;
          const v = new Uint8Array(req.view.buffer, req.view.byteOffset, Math.min(n, req.view.byteLength));
          for (let i = 0; i < v.length; i++) v[i] = (sent + i) * 7 & 255;
          sent += v.length;
          req.respond(v.length);
        } else {
          const v = new Uint8Array(n).map((_, i) => (sent + i) * 7 & 255);
          sent += n;
          c.enqueue(v);
        }
      },
    });
    const core = new FakeCore();
    await new DecodeSession(core).open({ size, chunks: stream });
    expect(core.copied).toBe(size);
    expect(byob).toBeGreaterThan(0); // the reader asked for bytes into its own buffer
    for (const i of [0, 1, piece - 1, piece, (4 << 20) - 1, 4 << 20, size - 1]) expect(core.input[i]).toBe(i * 7 & 255);
    // Stopped half way (abort): typed error, the stream's lock released, no stray rejection.
    const ac = new AbortController();
    let pulls = 0;
    const endless = new ReadableStream({
      type: 'bytes',
      async pull(c) {
        pulls++;
        if (pulls === 3) ac.abort();
        await new Promise((r) => setTimeout(r, 40)); // past the session's 30 ms yield
        const req = c.byobRequest!;
        new Uint8Array(req.view!.buffer, req.view!.byteOffset, 1000).fill(1);
        req.respond(1000);
      },
    });
    await expect(new DecodeSession(new FakeCore()).open({ size: 1 << 30, chunks: endless }, {}, undefined, ac.signal))
      .rejects.toMatchObject({ code: 'aborted' });
    expect(endless.locked).toBe(false);
    // A Blob larger than the read buffer arrives whole as well.
    const big = new Uint8Array((4 << 20) + 12345).map((_, i) => i * 13 & 255);
    const c2 = new FakeCore();
    await new DecodeSession(c2).open(new Blob([big]));
    expect(c2.copied).toBe(big.length);
    expect(Buffer.compare(Buffer.from(c2.input), Buffer.from(big))).toBe(0);
  });

  it('rejects bad overrides and passes core errors through typed', async () => {
    await expect(new DecodeSession(new FakeCore()).open(new Uint8Array(8), { channelOverrides: { 0: 'middle' as never } }))
      .rejects.toMatchObject({ code: 'bad-request' });
    await expect(new DecodeSession(new FakeCore()).open(new Uint8Array([0x58, 0, 0, 0])))
      .rejects.toMatchObject({ code: 'not-a-capture' });
    await expect(new DecodeSession(new FakeCore()).open(new Uint8Array(0))).rejects.toMatchObject({ code: 'no-audio' });
  });

  it('delivers a short first chunk, then full chunks, covering every frame once in fresh buffers', async () => {
    const core = new FakeCore(8000, 250_000);
    const s = new DecodeSession(core);
    await s.open(new Uint8Array(16));
    const chunks = await collect(s.chunks());
    expect(chunks[0].left.length).toBe(16000);
    expect(chunks.slice(1, -1).every((c) => c.left.length === 96000)).toBe(true);
    let next = 0;
    for (const c of chunks) {
      expect(c.startFrame).toBe(next);
      expect(c.left.buffer.byteLength).toBe(c.left.length * 2); // own buffer, transferable
      expect(c.left.buffer).not.toBe(c.right.buffer);
      next += c.left.length;
    }
    expect(next).toBe(250_000);
    expect(chunks[2].left[5]).toBe((chunks[2].startFrame + 5) & 0x7fff);
    // Iterating again starts at frame 0 again.
    const again = await collect(s.chunks(50_000));
    expect(again.map((c) => c.left.length)).toEqual([16000, 50000, 50000, 50000, 50000, 34000]);
  });

  it('renders full-size chunks into buffers handed back for reuse, ignoring ones that do not fit', async () => {
    const opened = async (total: number) => { const x = new DecodeSession(new FakeCore(8000, total)); await x.open(new Uint8Array(16)); return x; };
    const plain = await collect((await opened(250_000)).chunks(100_000));
    const s = await opened(250_000);
    const spare = { left: new Int16Array(100_000).fill(-1), right: new Int16Array(100_000).fill(-1) };
    const offers: Array<{ left: Int16Array; right: Int16Array } | undefined> = [
      { left: new Int16Array(99_999), right: new Int16Array(99_999) }, // wrong size: not used
      spare,
    ];
    const chunks = await collect(s.chunks(100_000, undefined, undefined, () => offers.shift()));
    expect(chunks.map((c) => c.left.length)).toEqual(plain.map((c) => c.left.length));
    expect(chunks[1].left).not.toBe(spare.left); // the misfit was skipped, a fresh buffer used
    expect(chunks[2].left).toBe(spare.left);
    expect(chunks[2].right).toBe(spare.right);
    chunks.forEach((c, i) => {
      expect([...c.left]).toEqual([...plain[i].left]);
      expect([...c.right]).toEqual([...plain[i].right]);
    });
  });

  it('stops with AppError("aborted") between chunks', async () => {
    const s = new DecodeSession(new FakeCore(8000, 400_000));
    await s.open(new Uint8Array(16));
    const ac = new AbortController();
    const seen: number[] = [];
    await expect((async () => {
      for await (const c of s.chunks(undefined, undefined, ac.signal)) { seen.push(c.startFrame); if (seen.length === 2) ac.abort(); }
    })()).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'aborted');
    expect(seen).toHaveLength(2);
    const pre = new AbortController();
    pre.abort();
    await expect(new DecodeSession(new FakeCore()).open(new Uint8Array(4), {}, undefined, pre.signal)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('fails loudly when the core renders a different length than it planned', async () => {
    const core = new FakeCore(8000, 20_000);
    core.extraFrames = 7;
    const s = new DecodeSession(core);
    await s.open(new Uint8Array(4));
    await expect(collect(s.chunks())).rejects.toMatchObject({ code: 'decoder-crashed' });
  });

  it('writes a WAV: header for the whole output, then interleaved PCM', async () => {
    const core = new FakeCore(8000, 30_000);
    const out: Uint8Array[] = [];
    const info = await decodeToWav(new Uint8Array(4), (b) => { out.push(b); }, { core, layout: 'mono' });
    expect(new TextDecoder().decode(out[0])).toBe('HDR8000/1/30000');
    expect(out.slice(1).reduce((n, b) => n + b.length, 0)).toBe(30_000 * 2);
    expect(info.frames).toBe(30_000);
    const all = await inspectCapture(new Uint8Array(4), { core: new FakeCore() });
    expect(all.streams).toHaveLength(2);
  });
});

describe('Opus ext records', () => {
  const packets = makeOpusPackets(1.2);

  async function reference(pkts: Uint8Array[]): Promise<Int16Array> {
    const d = new OpusDecoder({ channels: 1, sampleRate: 48000 });
    await d.ready;
    const out = new Int16Array(pkts.length * 960);
    pkts.forEach((p, k) => {
      const f = d.decodeFrame(p).channelData[0];
      for (let i = 0; i < 960; i++) out[k * 960 + i] = Math.max(-32768, Math.min(32767, Math.round(f[i] * 32768)));
    });
    d.free();
    return out;
  }

  it('decodes into the silent spans, carrying samples across chunk ends', async () => {
    const total = packets.length * 960;
    const core = new FakeCore(48000, total, CODEC.OPUS);
    core.exts_ = packets.map((p, k) => ({ frame: k * 960, channel: 0, stream: 0, payload: p, frames: 960 }));
    const s = new DecodeSession(core);
    await s.open(new Uint8Array(4));
    const chunks = await collect(s.chunks(1000)); // chunk ends fall inside packets
    const left = new Int16Array(total);
    for (const c of chunks) left.set(c.left, c.startFrame);
    const ref = await reference(packets);
    expect(left).toEqual(ref);
    expect(ref.some((v) => Math.abs(v) > 1000)).toBe(true);
    expect(chunks.every((c) => c.right.every((v) => v === 0))).toBe(true);
  });

  it('conceals a short loss and restarts after a long gap', async () => {
    const total = packets.length * 960;
    const core = new FakeCore(48000, total, CODEC.OPUS);
    // packets 10–11 lost (40 ms: concealed); 30–49 lost (400 ms: silence, decoder restarted)
    core.exts_ = packets.map((p, k) => ({ frame: k * 960, channel: 1, stream: 3, payload: p, frames: 960, discontinuity: k === 12 || k === 50 }))
      .filter((_, k) => !(k >= 10 && k < 12) && !(k >= 30 && k < 50));
    const s = new DecodeSession(core);
    await s.open(new Uint8Array(4));
    const right = new Int16Array(total);
    for (const c of await collect(s.chunks(4800))) right.set(c.right, c.startFrame);
    const plc = right.subarray(10 * 960, 12 * 960);
    expect(plc.some((v) => v !== 0)).toBe(true);
    expect(right.subarray(31 * 960, 50 * 960).every((v) => v === 0)).toBe(true);
    // After the restart the audio equals a fresh decoder's output from packet 50 on.
    const fresh = await reference(packets.slice(50));
    expect(right.subarray(50 * 960)).toEqual(fresh);
  });

  it('keeps going past a payload libopus rejects, leaving its span silent', async () => {
    const total = 20 * 960;
    const core = new FakeCore(48000, total, CODEC.OPUS);
    // RFC 6716 §3.4 R6/R7: a code-3 packet without its frame-count byte is invalid.
    core.exts_ = packets.slice(0, 20).map((p, k) => ({ frame: k * 960, channel: 0, stream: 0, payload: k === 7 ? Uint8Array.of(0xfb) : p, frames: 960 }));
    const s = new DecodeSession(core);
    await s.open(new Uint8Array(4));
    const left = new Int16Array(total);
    for (const c of await collect(s.chunks())) left.set(c.left, c.startFrame);
    expect(left.subarray(7 * 960, 8 * 960).every((v) => v === 0)).toBe(true);
    expect(left.subarray(8 * 960).some((v) => v !== 0)).toBe(true);
  });
});
