// Classic pcap through the compiled core: headers, byte orders, timestamps, record framing
// errors, snaplen truncation, incremental scanning, and the stream/packet tables.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WasmCore } from '../../src/worker/wasm-module.js';
import { LINK, frame, pcapHeader, pcapRecord, udpDatagram, udpPcap, writePcap, concatBytes } from '../helpers/pcap-writer.js';
import { buildRtp, rtpSeries } from '../helpers/rtp-builder.js';

// INGEST_WASM lets a developer point the suite at a private build while others edit the core.
const wasmPath = process.env.INGEST_WASM ?? 'wasm/build/decoder.wasm';
let mod: WebAssembly.Module;
beforeAll(() => { mod = new WebAssembly.Module(readFileSync(wasmPath)); });
const core = () => WasmCore.create(mod);

const W = { TRUNCATED_FILE: 1, TRUNCATED_PACKET: 2, BAD_RECORD: 3, UNSUPPORTED_LINK: 4, MALFORMED_RTP: 15 } as const;
const T0 = 1_700_000_000_000_000_000n;

function call(n = 5, ssrc = 0x01020304, startNs = T0) {
  return rtpSeries({ ssrc, pt: 0, count: n, startNs, payload: (i) => new Uint8Array(160).fill(i) })
    .map((p) => ({ timeNs: p.timeNs, src: '192.0.2.10', dst: '192.0.2.20', sport: 40000, dport: 50000, payload: p.rtp }));
}

describe('classic pcap', () => {
  it('reads all four magics with the right timestamps', async () => {
    const c = await core();
    for (const nanos of [false, true]) {
      for (const bigEndian of [false, true]) {
        const pk = call(3, 7, T0 + 123_456_789n);
        c.load(udpPcap(pk, { nanos, bigEndian }));
        const packets = c.packets();
        expect(packets.length).toBe(3);
        const us = (t: bigint) => (nanos ? t : (t / 1000n) * 1000n);
        expect(packets.map((p) => p.timeNs)).toEqual(pk.map((p) => us(p.timeNs)));
        expect(c.warnings()).toEqual([]);
      }
    }
  });

  it('fills packet records and the stream identity', async () => {
    const c = await core();
    const pk = call(4);
    c.load(udpPcap(pk));
    const [s] = c.streams();
    expect(c.streams().length).toBe(1);
    expect(s.family).toBe(4);
    expect([...s.srcAddr]).toEqual([192, 0, 2, 10]);
    expect([...s.dstAddr]).toEqual([192, 0, 2, 20]);
    expect([s.srcPort, s.dstPort, s.ssrc, s.firstPt]).toEqual([40000, 50000, 0x01020304, 0]);
    expect(s.payloadTypes).toEqual([0]);
    expect(s.packets).toBe(4);
    expect(s.bytes).toBe(640n);
    expect(s.firstTimeNs).toBe(T0);
    expect(s.lastTimeNs).toBe(T0 + 60_000_000n);
    const p = c.packets();
    expect(p.map((x) => x.seq)).toEqual([1000, 1001, 1002, 1003]);
    expect(p.map((x) => x.ts)).toEqual([16000, 16160, 16320, 16480]);
    expect(p.map((x) => x.marker)).toEqual([true, false, false, false]);
    expect(p.every((x) => x.stream === 0 && x.pt === 0 && x.ssrc === 0x01020304)).toBe(true);
    expect([...p[2].payload]).toEqual(new Array(160).fill(2));
  });

  it('separates streams by 5-tuple and SSRC, in both directions', async () => {
    const c = await core();
    const a = call(3, 1);
    const b = call(3, 2).map((p) => ({ ...p, src: p.dst, dst: p.src, sport: p.dport, dport: p.sport }));
    const d = call(2, 1).map((p) => ({ ...p, dport: 50002 }));
    const all = [a[0], b[0], a[1], b[1], d[0], a[2], b[2], d[1]];
    c.load(udpPcap(all));
    const s = c.streams();
    expect(s.map((x) => [x.ssrc, x.srcPort, x.dstPort, x.packets])).toEqual([
      [1, 40000, 50000, 3], [2, 50000, 40000, 3], [1, 40000, 50002, 2],
    ]);
    expect(c.packets().map((p) => p.stream)).toEqual([0, 1, 0, 1, 2, 0, 1, 2]);
  });

  it('rejects what is not a capture, and malformed headers', async () => {
    const c = await core();
    const fail = (bytes: Uint8Array) => { try { c.load(bytes); return 'ok'; } catch (e) { return (e as Error).name; } };
    expect(fail(new TextEncoder().encode('RIFF....WAVEfmt '))).toBe('not-a-capture');
    expect(fail(new Uint8Array(0))).toBe('not-a-capture');
    expect(fail(Uint8Array.of(0xd4, 0xc3))).toBe('bad-header');
    const good = udpPcap(call(1));
    expect(fail(good.subarray(0, 20))).toBe('bad-header');
    const wrongVersion = good.slice();
    wrongVersion[4] = 9;
    expect(fail(wrongVersion)).toBe('bad-header');
    // A header alone is a valid, empty capture.
    expect(fail(pcapHeader())).toBe('ok');
  });

  it('stops at an impossible record length with W_BAD_RECORD', async () => {
    const c = await core();
    const pk = call(3);
    const recs = pk.map((p) => pcapRecord({ timeNs: p.timeNs, data: frame(LINK.ETHERNET, udpDatagram(p)) }));
    const broken = recs[1].slice();
    new DataView(broken.buffer).setUint32(8, 300_000, true);
    c.load(concatBytes(pcapHeader(), recs[0], broken, recs[2]));
    expect(c.packetCount()).toBe(1);
    const w = c.warnings();
    expect(w.map((x) => x.code)).toEqual([W.BAD_RECORD]);
    expect(w[0].detail).toBe(24 + recs[0].length);
    // Beyond snaplen + slack is just as impossible.
    const small = concatBytes(pcapHeader({ snaplen: 200 }), recs[0]);
    new DataView(small.buffer).setUint32(24 + 8, 200 + 4097, true);
    c.load(small);
    expect(c.warnings().map((x) => x.code)).toEqual([W.BAD_RECORD]);
  });

  it('reports an incomplete last record as W_TRUNCATED_FILE', async () => {
    const c = await core();
    const file = udpPcap(call(3));
    c.load(file.subarray(0, file.length - 10));
    expect(c.packetCount()).toBe(2);
    const w = c.warnings();
    expect(w.map((x) => x.code)).toEqual([W.TRUNCATED_FILE]);
    expect(w[0].timeMs).toBe(20);
  });

  it('skips snaplen-cut RTP payloads with W_TRUNCATED_PACKET, keeps whole ones', async () => {
    const c = await core();
    const pk = call(4);
    const recs = pk.map((p, i) => ({ timeNs: p.timeNs, data: frame(LINK.ETHERNET, udpDatagram(p)), caplen: i % 2 ? 100 : undefined }));
    c.load(writePcap(recs, { snaplen: 100 }));
    expect(c.packets().map((p) => p.seq)).toEqual([1000, 1002]);
    const w = c.warnings();
    expect(w.map((x) => x.code)).toEqual([W.TRUNCATED_PACKET]);
    expect(w[0].detail).toBe(2); // packets skipped
    expect(w[0].timeMs).toBe(20);
  });

  it('scans incrementally: any split gives the same tables', async () => {
    const whole = await core();
    const file = udpPcap(call(6));
    whole.load(file);
    const c = await core();
    for (const cut of [1, 3, 23, 24, 25, 40, 100, 250, file.length - 1]) {
      c.reset(file.length);
      c.append(file.subarray(0, cut), false);
      expect(c.scanOffset()).toBeLessThanOrEqual(cut);
      c.append(file.subarray(cut), true);
      expect(c.packets()).toEqual(whole.packets());
      expect(c.streams()).toEqual(whole.streams());
      expect(c.warnings()).toEqual([]);
      expect(c.scanOffset()).toBe(file.length);
    }
  });

  it('starts over after reset(), even for a file of the same size', async () => {
    const c = await core();
    const a = udpPcap(call(3, 1));
    const b = udpPcap(call(3, 2));
    c.load(a);
    c.load(b);
    expect(c.streams().map((s) => s.ssrc)).toEqual([2]);
    expect(c.packetCount()).toBe(3);
  });

  it('reports an unknown link type once, with the type as detail', async () => {
    const c = await core();
    const pk = call(3);
    c.load(writePcap(pk.map((p) => ({ timeNs: p.timeNs, data: udpDatagram(p) })), { linkType: 147 }));
    expect(c.packetCount()).toBe(0);
    expect(c.warnings()).toEqual([{ code: W.UNSUPPORTED_LINK, stream: -1, timeMs: -1, detail: 147 }]);
  });

  it('skips malformed RTP (bad padding/extension) with one counted warning', async () => {
    const c = await core();
    const good = buildRtp({ pt: 8, seq: 1, ts: 0, ssrc: 9, payload: new Uint8Array(20) });
    const badPad = buildRtp({ pt: 8, seq: 2, ts: 0, ssrc: 9, payload: new Uint8Array(20), padding: 4, paddingCountField: 200 });
    const zeroPad = buildRtp({ pt: 8, seq: 3, ts: 0, ssrc: 9, payload: new Uint8Array(20), padding: 4, paddingCountField: 0 });
    const badExt = buildRtp({ pt: 8, seq: 4, ts: 0, ssrc: 9, payload: new Uint8Array(20), extension: { profile: 0xbede, data: new Uint8Array(4) }, extensionLengthField: 50 });
    const short = good.subarray(0, 10);
    const pk = [good, badPad, zeroPad, badExt, short].map((payload, i) => ({ timeNs: T0 + BigInt(i) * 20_000_000n, src: '10.0.0.1', dst: '10.0.0.2', sport: 2000, dport: 2002, payload }));
    c.load(udpPcap(pk));
    expect(c.packets().map((p) => p.seq)).toEqual([1]);
    expect(c.warnings()).toEqual([{ code: W.MALFORMED_RTP, stream: -1, timeMs: 20, detail: 4 }]);
  });

  it('raw ABI: partial header waits, repeated final calls are idempotent, fatal codes stick', () => {
    const x = new WebAssembly.Instance(mod, { env: { abort: () => { throw new Error('abort'); } } }).exports as unknown as {
      memory: WebAssembly.Memory; reset(n: number): number; scan(a: number, f: number): number; scanOffset(): number; packetCount(): number;
    };
    const file = udpPcap(call(3));
    const p = x.reset(file.length);
    new Uint8Array(x.memory.buffer, p, file.length).set(file);
    expect(x.scan(10, 0)).toBe(0);
    expect(x.scanOffset()).toBe(0);
    expect(x.scan(30, 0)).toBe(0);
    expect(x.scanOffset()).toBe(24);
    expect(x.scan(file.length, 1)).toBe(0);
    expect(x.scan(file.length, 1)).toBe(0);
    expect(x.packetCount()).toBe(3);
    expect(x.scanOffset()).toBe(file.length);
    const q = x.reset(8);
    new Uint8Array(x.memory.buffer, q, 8).set([0x50, 0x4b, 3, 4, 0, 0, 0, 0]);
    expect(x.scan(8, 0)).toBe(-1);
    expect(x.scan(8, 1)).toBe(-1);
  });
});
