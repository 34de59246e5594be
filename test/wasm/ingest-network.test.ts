// Link layers, IPv4/IPv6 parsing and fragment reassembly through the compiled core.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WasmCore } from '../../src/worker/wasm-module.js';
import {
  LINK, concatBytes, erspan2, erspan3, fragmentIpv4, fragmentIpv6, frame, gre, ipv4, ipv4Fragment, ipv6, ipv6Fragment, udp, udpDatagram,
  udpPcap, vxlan, writePcap, type LinkOptions,
} from '../helpers/pcap-writer.js';
import { buildRtp } from '../helpers/rtp-builder.js';

const wasmPath = process.env.INGEST_WASM ?? 'wasm/build/decoder.wasm';
let mod: WebAssembly.Module;
beforeAll(() => { mod = new WebAssembly.Module(readFileSync(wasmPath)); });
const core = () => WasmCore.create(mod);

const W_FRAGMENT_INCOMPLETE = 7;
const T0 = 1_650_000_000_000_000_000n;
const at = (i: number) => T0 + BigInt(i) * 20_000_000n;

function rtp(seq: number, size = 160): Uint8Array {
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = (i * 7 + seq) & 0xff;
  return buildRtp({ pt: 0, seq, ts: seq * 160, ssrc: 0x5151, payload });
}

describe('link layers', () => {
  const v4 = { src: '172.16.0.1', dst: '172.16.0.2', sport: 10000, dport: 20000 };
  const v6 = { src: '2001:db8::a', dst: '2001:db8::b', sport: 10000, dport: 20000 };
  const cases: Array<[string, number, LinkOptions]> = [
    ['Ethernet', LINK.ETHERNET, {}],
    ['802.1Q', LINK.ETHERNET, { vlans: [42] }],
    ['802.1ad + 802.1Q', LINK.ETHERNET, { vlans: [100, 42], vlanTpids: [0x88a8, 0x8100] }],
    ['QinQ 0x9100, three tags', LINK.ETHERNET, { vlans: [1, 2, 3], vlanTpids: [0x9100, 0x9100, 0x8100] }],
    ['Linux SLL', LINK.SLL, {}],
    ['Linux SLL with VLAN', LINK.SLL, { vlans: [5] }],
    ['Linux SLL2', LINK.SLL2, {}],
    ['raw 101', LINK.RAW, {}],
    ['raw 12', LINK.RAW_12, {}],
    ['raw 14', LINK.RAW_14, {}],
    ['NULL little-endian', LINK.NULL, {}],
    ['NULL big-endian', LINK.NULL, { bigEndianFamily: true }],
    ['LOOP', LINK.LOOP, {}],
    ['Solaris ipnet', LINK.IPNET, {}],
    ['Linux NFLOG', LINK.NFLOG, {}],
    ['Linux NFLOG, big-endian host', LINK.NFLOG, { bigEndianTlv: true }],
    ['MPLS label stack', LINK.ETHERNET, { mpls: [100, 200, 300] }],
    ['VLAN + MPLS', LINK.ETHERNET, { vlans: [7], mpls: [16] }],
    ['PPPoE session', LINK.ETHERNET, { pppoe: true }],
    ['SLL + PPPoE', LINK.SLL, { pppoe: true }],
  ];
  for (const [name, linkType, link] of cases) {
    it(`${name}: IPv4 and IPv6`, async () => {
      const c = await core();
      c.load(udpPcap([{ ...v4, timeNs: at(0), payload: rtp(1) }, { ...v6, timeNs: at(1), payload: rtp(2) }], { linkType, link }));
      const s = c.streams();
      expect(s.map((x) => x.family)).toEqual([4, 6]);
      expect([...s[1].srcAddr]).toEqual([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 0x0a]);
      expect(c.packets().map((p) => p.seq)).toEqual([1, 2]);
    });
  }

  it('NULL: all three IPv6 family values', async () => {
    const c = await core();
    const recs = [24, 28, 30].map((fam, i) => ({ timeNs: at(i), data: frame(LINK.NULL, udpDatagram({ ...v6, payload: rtp(i) }), { ipv6Family: fam }) }));
    c.load(writePcap(recs, { linkType: LINK.NULL }));
    expect(c.packetCount()).toBe(3);
  });

  it('link types 228/229 carry IPv4/IPv6 only', async () => {
    const c = await core();
    c.load(writePcap([{ timeNs: at(0), data: udpDatagram({ ...v4, payload: rtp(1) }) }], { linkType: LINK.IPV4 }));
    expect(c.packetCount()).toBe(1);
    c.load(writePcap([{ timeNs: at(0), data: udpDatagram({ ...v6, payload: rtp(1) }) }], { linkType: LINK.IPV6 }));
    expect(c.packetCount()).toBe(1);
  });

  it('ignores non-IP frames (ARP) and frames too short for their headers', async () => {
    const c = await core();
    const ip4 = udpDatagram({ ...v4, payload: rtp(1) });
    c.load(writePcap([
      { timeNs: at(0), data: frame(LINK.ETHERNET, ip4, { etherType: 0x0806 }) },
      { timeNs: at(1), data: frame(LINK.ETHERNET, ip4).subarray(0, 13) },
      { timeNs: at(2), data: frame(LINK.ETHERNET, ip4, { vlans: [3] }).subarray(0, 16) },
      { timeNs: at(3), data: frame(LINK.ETHERNET, ip4) },
    ]));
    expect(c.packets().map((p) => p.seq)).toEqual([1]);
    expect(c.warnings()).toEqual([]);
  });
});

describe('IPv4 / IPv6', () => {
  const a = { src: '10.0.0.1', dst: '10.0.0.2', sport: 30000, dport: 30002 };
  const pcapOfIp = (ips: Uint8Array[]) => writePcap(ips.map((d, i) => ({ timeNs: at(i), data: frame(LINK.ETHERNET, d) })));

  it('IPv4 options (IHL > 5) are skipped; trailing Ethernet padding is ignored', async () => {
    const c = await core();
    const withOpts = ipv4({ ...a, payload: udp({ ...a, payload: rtp(1, 20) }), options: Uint8Array.of(0x94, 4, 0, 0, 1, 1, 1, 0) });
    const padded = concatBytes(udpDatagram({ ...a, payload: rtp(2, 4) }), new Uint8Array(12));
    c.load(pcapOfIp([withOpts, padded]));
    const p = c.packets();
    expect(p.map((x) => [x.seq, x.payload.length])).toEqual([[1, 20], [2, 4]]);
  });

  it('drops IPv4 with bad version, IHL or total length, and UDP with bad length', async () => {
    const c = await core();
    const good = udpDatagram({ ...a, payload: rtp(1) });
    const bad: Uint8Array[] = [];
    let x = good.slice(); x[0] = 0x55; bad.push(x); // version 5
    x = good.slice(); x[0] = 0x44; bad.push(x); // IHL 4
    x = good.slice(); x[0] = 0x4f; bad.push(x.subarray(0, 40)); // IHL 15 > captured
    x = good.slice(); new DataView(x.buffer).setUint16(2, 10); bad.push(x); // total < IHL
    bad.push(ipv4({ ...a, payload: udp({ ...a, payload: rtp(1), lengthField: 7 }) }));
    bad.push(ipv4({ ...a, payload: udp({ ...a, payload: rtp(1), lengthField: 2000 }) }));
    c.load(pcapOfIp([...bad, good]));
    expect(c.packetCount()).toBe(1);
    expect(c.warnings()).toEqual([]);
  });

  it('walks IPv6 extension headers (0, 43, 60, 51) and stops at 59', async () => {
    const c = await core();
    const v6 = { src: 'fd00::1', dst: 'fd00::2', sport: 30000, dport: 30002 };
    const u = udp({ ...v6, payload: rtp(1) });
    const chain = ipv6({ ...v6, payload: u, extensions: [{ type: 0 }, { type: 43, data: new Uint8Array(14) }, { type: 60 }, { type: 51, data: new Uint8Array(10) }] });
    const none = ipv6({ ...v6, payload: u, nextHeader: 59 });
    const badLen = ipv6({ ...v6, payload: u, extensions: [{ type: 60 }] });
    badLen[41] = 200; // header length beyond the packet
    c.load(pcapOfIp([chain, none, badLen]));
    expect(c.packets().map((p) => p.seq)).toEqual([1]);
  });

  it('IPv6 payload length shorter than the frame: only the declared bytes count', async () => {
    const c = await core();
    const v6 = { src: 'fd00::1', dst: 'fd00::2', sport: 30000, dport: 30002 };
    const p = concatBytes(udpDatagram({ ...v6, payload: rtp(3, 8) }), new Uint8Array(6));
    c.load(pcapOfIp([p]));
    expect(c.packets()[0].payload.length).toBe(8);
  });
});

describe('fragment reassembly', () => {
  const a = { src: '10.0.0.1', dst: '10.0.0.2', sport: 30000, dport: 30002 };
  const b6 = { src: '2001:db8::1', dst: '2001:db8::2', sport: 30000, dport: 30002 };
  const cap = (frames: Uint8Array[]) => writePcap(frames.map((d, i) => ({ timeNs: at(i), data: frame(LINK.ETHERNET, d) })));

  it('IPv4: in order, processed at the time of the last fragment', async () => {
    const c = await core();
    const big = rtp(7, 1400);
    const frags = fragmentIpv4(ipv4({ ...a, id: 321, payload: udp({ ...a, payload: big }), options: Uint8Array.of(1, 1, 1, 1) }), 504);
    expect(frags.length).toBe(3);
    c.load(cap([udpDatagram({ ...a, payload: rtp(6) }), ...frags]));
    const p = c.packets();
    expect(p.map((x) => x.seq)).toEqual([6, 7]);
    expect(p[1].timeNs).toBe(at(3));
    expect([...p[1].payload]).toEqual([...big.subarray(12)]);
    expect(c.warnings()).toEqual([]);
  });

  it('IPv4: out of order, duplicated and overlapping fragments, interleaved datagrams', async () => {
    const c = await core();
    const x = rtp(1, 1000);
    const y = rtp(2, 1000);
    const fx = fragmentIpv4(ipv4({ ...a, id: 1, payload: udp({ ...a, payload: x }) }), 256);
    const fy = fragmentIpv4(ipv4({ ...a, id: 2, payload: udp({ ...a, payload: y }) }), 256);
    const dx = udp({ ...a, payload: x });
    // An overlapping fragment covering the middle of datagram 1 with the same bytes.
    const overlap = ipv4Fragment({ ...a, id: 1, offset: 128, more: true, data: dx.subarray(128, 640) });
    c.load(cap([fx[3], fy[0], overlap, fx[1], fy[3], fx[1], fy[2], fx[0], fy[1], fx[2]]));
    const p = c.packets();
    expect(p.map((q) => q.seq)).toEqual([2, 1]);
    expect([...p[1].payload]).toEqual([...x.subarray(12)]);
    expect([...p[0].payload]).toEqual([...y.subarray(12)]);
  });

  it('IPv6: fragment header after the fixed header, extension headers inside the fragmentable part', async () => {
    const c = await core();
    const big = rtp(9, 1300);
    const whole = udpDatagram({ ...b6, payload: big, ipv6Extensions: [{ type: 60 }] });
    const frags = fragmentIpv6(whole, 600, 0xdeadbeef);
    c.load(cap([frags[2], frags[0], frags[1]]));
    const p = c.packets();
    expect(p.map((x) => x.seq)).toEqual([9]);
    expect([...p[0].payload]).toEqual([...big.subarray(12)]);
    expect(p[0].timeNs).toBe(at(2));
  });

  it('IPv6 atomic fragment (offset 0, M = 0) is a whole datagram', async () => {
    const c = await core();
    const u = udp({ ...b6, payload: rtp(4) });
    c.load(cap([ipv6Fragment({ ...b6, id: 5, offset: 0, more: false, data: u })]));
    expect(c.packetCount()).toBe(1);
  });

  it('never-completed datagrams: one W_FRAGMENT_INCOMPLETE counting them', async () => {
    const c = await core();
    const f1 = fragmentIpv4(ipv4({ ...a, id: 10, payload: udp({ ...a, payload: rtp(1, 800) }) }), 256);
    const f2 = fragmentIpv6(udpDatagram({ ...b6, payload: rtp(2, 800) }), 256, 11);
    c.load(cap([udpDatagram({ ...a, payload: rtp(0) }), f1[0], f1[2], f2[1]]));
    expect(c.packets().map((p) => p.seq)).toEqual([0]);
    expect(c.warnings()).toEqual([{ code: W_FRAGMENT_INCOMPLETE, stream: -1, timeMs: 60, detail: 2 }]);
  });

  it('the in-flight table is bounded: old datagrams are evicted and counted', async () => {
    const c = await core();
    const frames: Uint8Array[] = [];
    for (let id = 0; id < 100; id++) frames.push(fragmentIpv4(ipv4({ ...a, id, payload: udp({ ...a, payload: rtp(id, 64) }) }), 32)[0]);
    // The last datagram completes even though the table overflowed before it.
    const last = fragmentIpv4(ipv4({ ...a, id: 500, payload: udp({ ...a, payload: rtp(500, 64) }) }), 32);
    c.load(cap([...frames, ...last]));
    expect(c.packets().map((p) => p.seq)).toEqual([500]);
    const w = c.warnings();
    expect(w.length).toBe(1);
    expect(w[0].code).toBe(W_FRAGMENT_INCOMPLETE);
    expect(w[0].detail).toBe(100);
  });

  it('rejects fragments that would pass 64 KiB or are misaligned', async () => {
    const c = await core();
    const data = new Uint8Array(16);
    c.load(cap([
      ipv4Fragment({ ...a, id: 1, offset: 65528, more: true, data }),
      ipv4Fragment({ ...a, id: 2, offset: 0, more: true, data: data.subarray(0, 13) }),
    ]));
    expect(c.packetCount()).toBe(0);
    expect(c.warnings()).toEqual([]);
  });
});

describe('tunnels (mirror-port captures)', () => {
  const inner = { src: '10.9.0.1', dst: '10.9.0.2', sport: 40000, dport: 40002 };
  const outer = { src: '192.0.2.1', dst: '192.0.2.2' };
  const cap = (ips: Uint8Array[]) => writePcap(ips.map((d, i) => ({ timeNs: at(i), data: frame(LINK.ETHERNET, d) })));
  const innerIp = (seq: number) => udpDatagram({ ...inner, payload: rtp(seq) });
  const innerEth = (seq: number) => frame(LINK.ETHERNET, innerIp(seq), { vlans: [12] });

  it('GRE (IP, bridged Ethernet, key/seq/checksum), ERSPAN II/III, VXLAN, IP-in-IP, IPv6-in-IPv4', async () => {
    const c = await core();
    const packets = [
      ipv4({ ...outer, proto: 47, payload: gre(innerIp(1), { protocol: 0x0800 }) }),
      ipv4({ ...outer, proto: 47, payload: gre(innerEth(2), { protocol: 0x6558, key: 7, checksum: true }) }),
      ipv4({ ...outer, proto: 47, payload: gre(erspan2(innerEth(3)), { protocol: 0x88be, seq: 1 }) }),
      ipv4({ ...outer, proto: 47, payload: gre(erspan3(innerEth(4), true), { protocol: 0x22eb, seq: 2 }) }),
      ipv4({ ...outer, proto: 47, payload: gre(erspan3(innerEth(5)), { protocol: 0x22eb, seq: 3 }) }),
      udpDatagram({ ...outer, sport: 50000, dport: 4789, payload: vxlan(innerEth(6)) }),
      ipv4({ ...outer, proto: 4, payload: innerIp(7) }),
      ipv4({ ...outer, proto: 41, payload: udpDatagram({ src: 'fd00::1', dst: 'fd00::2', sport: 40000, dport: 40002, payload: rtp(8) }) }),
      ipv4({ ...outer, proto: 47, payload: gre(innerEth(9), { protocol: 0x88be }) }), // ERSPAN type I: no header, no GRE sequence
    ];
    c.load(cap(packets));
    expect(c.packets().map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const s = c.streams();
    expect(s.map((x) => x.family)).toEqual([4, 6]);
    expect([...s[0].srcAddr]).toEqual([10, 9, 0, 1]); // the inner addresses, not the tunnel's
  });

  it('nesting is bounded; enhanced GRE (PPTP) and GRE with routing are not parsed', async () => {
    const c = await core();
    let nested = innerIp(1);
    for (let i = 0; i < 10; i++) nested = ipv4({ ...outer, proto: 47, payload: gre(nested, { protocol: 0x0800 }) });
    let shallow = innerIp(2);
    for (let i = 0; i < 3; i++) shallow = ipv4({ ...outer, proto: 4, payload: shallow });
    const pptp = gre(innerIp(3), { protocol: 0x0800 });
    pptp[1] = 1; // version 1
    const routing = gre(innerIp(4), { protocol: 0x0800 });
    routing[0] |= 0x40;
    c.load(cap([nested, shallow, ipv4({ ...outer, proto: 47, payload: pptp }), ipv4({ ...outer, proto: 47, payload: routing })]));
    expect(c.packets().map((p) => p.seq)).toEqual([2]);
  });

  it('fragmented tunnel packets carrying fragments of their own', async () => {
    const c = await core();
    const innerFrags = fragmentIpv4(ipv4({ ...inner, id: 5, payload: udp({ ...inner, payload: rtp(11, 900) }) }), 480);
    const wrapped = innerFrags.map((f, i) => ipv4({ ...outer, id: 100 + i, proto: 47, payload: gre(f, { protocol: 0x0800 }) }));
    const outerFrags = wrapped.flatMap((w) => fragmentIpv4(w, 256));
    c.load(cap(outerFrags.reverse()));
    const p = c.packets();
    expect(p.map((x) => x.seq)).toEqual([11]);
    expect([...p[0].payload]).toEqual([...rtp(11, 900).subarray(12)]);
    expect(c.warnings()).toEqual([]);
  });
});
