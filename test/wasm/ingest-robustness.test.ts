// Damaged input must end in a typed fatal code or in warnings, never in a trap, an untyped
// exception or a hang, and every table entry must still point inside memory.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WasmCore } from '../../src/worker/wasm-module.js';
import {
  LINK, erspan3, fragmentIpv4, fragmentIpv6, frame, gre, ipv4, udp, udpDatagram, vxlan, writePcap, writePcapng,
} from '../helpers/pcap-writer.js';
import { buildRtcpRr, buildRtcpSr, buildRtp, buildSipInvite } from '../helpers/rtp-builder.js';

const wasmPath = process.env.INGEST_WASM ?? 'wasm/build/decoder.wasm';
let mod: WebAssembly.Module;
beforeAll(() => { mod = new WebAssembly.Module(readFileSync(wasmPath)); });

const TYPED = new Set(['not-a-capture', 'bad-header']);
const T0 = 1_700_000_000_000_000_000n;

/** xorshift32: reproducible without a dependency. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

function sampleFrames(): Uint8Array[] {
  const a = { src: '10.0.0.1', dst: '10.0.0.2', sport: 7000, dport: 7002 };
  const b = { src: 'fd00::1', dst: 'fd00::2', sport: 7000, dport: 7002 };
  const r = (seq: number, n = 40) => buildRtp({ pt: 8, seq, ts: seq * 160, ssrc: 3, payload: new Uint8Array(n).fill(seq), csrcs: seq % 3 ? [] : [9], padding: seq % 2 ? 4 : 0 });
  return [
    udpDatagram({ ...a, payload: r(1) }),
    udpDatagram({ ...b, payload: r(2), ipv6Extensions: [{ type: 0 }] }),
    udpDatagram({ ...a, sport: 7001, dport: 7003, payload: new Uint8Array([...buildRtcpSr({ ssrc: 3, reports: [{ ssrc: 4, cumulativeLost: 1, jitter: 2 }] }), ...buildRtcpRr({ ssrc: 4, reports: [] })]) }),
    udpDatagram({ ...a, sport: 5060, dport: 5060, payload: buildSipInvite({ sdp: { addr: '10.0.0.1', port: 7000, payloadTypes: [8] } }) }),
    ...fragmentIpv4(ipv4({ ...a, id: 9, payload: udp({ ...a, payload: r(3, 300) }) }), 128),
    ...fragmentIpv6(udpDatagram({ ...b, payload: r(4, 300) }), 128, 77),
    ipv4({ ...a, proto: 47, payload: gre(erspan3(frame(LINK.ETHERNET, udpDatagram({ ...a, payload: r(5) }), { vlans: [2] }), true), { protocol: 0x22eb, seq: 1 }) }),
    udpDatagram({ ...a, dport: 4789, payload: vxlan(frame(LINK.ETHERNET, udpDatagram({ ...b, payload: r(6) }))) }),
  ];
}

function samplePcap(): Uint8Array {
  return writePcap(sampleFrames().map((d, i) => ({ timeNs: T0 + BigInt(i) * 20_000_000n, data: frame(LINK.ETHERNET, d, { vlans: i % 2 ? [5] : [] }) })));
}

function samplePcapng(): Uint8Array {
  const f = sampleFrames();
  return writePcapng([
    { interfaces: [{ linkType: LINK.ETHERNET }, { linkType: LINK.RAW, tsresol: 9 }],
      blocks: f.slice(0, 5).map((d, i) => ({ type: 'epb' as const, iface: i & 1, timeNs: T0 + BigInt(i), data: i & 1 ? d : frame(LINK.ETHERNET, d) })) },
    { bigEndian: true, interfaces: [{ linkType: LINK.SLL }],
      blocks: [{ type: 'spb' as const, data: frame(LINK.SLL, f[0]) }, ...f.slice(5).map((d, i) => ({ type: 'epb' as const, iface: 0, timeNs: T0 + BigInt(i), data: frame(LINK.SLL, d) }))] },
  ]);
}

/** Loads `bytes` (optionally in pieces); returns 'ok' or the fatal code; fails on anything else. */
function run(c: WasmCore, bytes: Uint8Array, split = 0): string {
  try {
    if (split > 0 && split < bytes.length) {
      c.reset(bytes.length);
      c.append(bytes.subarray(0, split), false);
      c.append(bytes.subarray(split), true);
    } else {
      c.load(bytes);
    }
  } catch (e) {
    const name = (e as Error).name;
    if (!TYPED.has(name)) throw e;
    return name;
  }
  const mem = c.memoryBytes();
  for (const p of c.packets()) {
    expect(p.payload.length).toBeLessThan(65536);
    expect(p.stream).toBeLessThan(c.streams().length);
  }
  for (const s of c.sipMessages()) expect(s.length).toBeLessThanOrEqual(bytes.length);
  expect(mem).toBeLessThan(1 << 30);
  return 'ok';
}

describe('robustness', () => {
  it('the samples themselves parse cleanly', async () => {
    const c = await WasmCore.create(mod);
    // Six RTP packets (two of them reassembled, two tunnelled); the pcapng repeats the first as an SPB.
    for (const [file, packets] of [[samplePcap(), 6], [samplePcapng(), 7]] as const) {
      expect(run(c, file)).toBe('ok');
      expect(c.packetCount()).toBe(packets);
      expect(c.rtcp().length).toBe(2);
      expect(c.sipMessages().length).toBe(1);
      expect(c.warnings()).toEqual([]);
    }
  });

  it('truncation at every offset', async () => {
    const c = await WasmCore.create(mod);
    for (const [file, bounds] of [[samplePcap(), pcapBounds(samplePcap())], [samplePcapng(), pcapngBounds(samplePcapng())]] as const) {
      for (let n = 0; n <= file.length; n++) {
        const r = run(c, file.subarray(0, n), n >> 1);
        if (n < bounds[0]) expect(r).not.toBe('ok');
        else if (!bounds.includes(n)) expect(c.warnings().map((w) => w.code)).toContain(1); // W_TRUNCATED_FILE
      }
    }
  });

  it('bit flips', async () => {
    const c = await WasmCore.create(mod);
    const next = rng(12345);
    for (const file of [samplePcap(), samplePcapng()]) {
      for (let i = 0; i < 1500; i++) {
        const m = file.slice();
        const flips = 1 + (next() % 8);
        for (let k = 0; k < flips; k++) m[next() % m.length] ^= 1 << (next() % 8);
        run(c, m, next() % m.length);
      }
    }
  });

  it('random bytes, with and without a valid magic', async () => {
    const c = await WasmCore.create(mod);
    const next = rng(999);
    const magics = [[0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0xc3, 0xd4], [0x4d, 0x3c, 0xb2, 0xa1], [0x0a, 0x0d, 0x0d, 0x0a]];
    for (let i = 0; i < 800; i++) {
      const m = new Uint8Array(next() % 3000);
      for (let k = 0; k < m.length; k++) m[k] = next() & 0xff;
      if (i % 2 && m.length >= 4) m.set(magics[i % 4]);
      if (i % 4 === 3 && m.length >= 12) m.set([0x4d, 0x3c, 0x2b, 0x1a].reverse(), 8);
      run(c, m);
    }
  });

  it('records with random but plausible headers around valid packets', async () => {
    const c = await WasmCore.create(mod);
    const next = rng(4242);
    const frames = sampleFrames();
    for (let i = 0; i < 300; i++) {
      const recs = frames.map((d, k) => {
        const data = frame(LINK.ETHERNET, d).slice();
        // Damage one header field somewhere in the IP/UDP/RTP headers.
        const at = 14 + (next() % Math.min(80, data.length - 14));
        data[at] = next() & 0xff;
        return { timeNs: T0 + BigInt(k), data, caplen: k === i % frames.length ? next() % data.length : undefined };
      });
      run(c, writePcap(recs, { linkType: LINK.ETHERNET }));
    }
  });
});

/** Offsets where a record ends (the first is the end of the file header / first SHB). */
function pcapBounds(f: Uint8Array): number[] {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const out = [24];
  for (let o = 24; o < f.length;) { o += 16 + v.getUint32(o + 8, true); out.push(o); }
  return out;
}
function pcapngBounds(f: Uint8Array): number[] {
  const v = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const out: number[] = [];
  let le = true;
  for (let o = 0; o < f.length;) {
    if (v.getUint32(o, true) === 0x0a0d0d0a) le = v.getUint32(o + 8, true) === 0x1a2b3c4d;
    o += v.getUint32(o + 4, le);
    out.push(o);
  }
  return out;
}
