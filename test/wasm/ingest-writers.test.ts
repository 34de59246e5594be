// The synthetic capture writers are checked against an independent reader (tshark), so
// the decoder-core tests built on them test the core, not a shared misunderstanding.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LINK, erspan2, erspan3, fragmentIpv4, fragmentIpv6, frame, gre, ipv4, udp, udpDatagram, udpPcap, vxlan, writePcap, writePcapng,
  type LinkOptions,
} from '../helpers/pcap-writer.js';
import { buildRtcpRr, buildRtcpSr, buildRtp, buildSipInvite } from '../helpers/rtp-builder.js';

function hasTshark(): boolean {
  try { execFileSync('tshark', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; }
}

const dir = join('.tmp', `ingest-writers-${process.pid}`);
let n = 0;
/** Fields per packet as tshark decodes them (RTP forced on port 4000). */
function tshark(bytes: Uint8Array, fields: string[]): string[][] {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `c${n++}.cap`);
  writeFileSync(file, bytes);
  const out = execFileSync('tshark', ['-r', file, '-o', 'ip.defragment:TRUE', '-o', 'ipv6.defragment:TRUE',
    '-d', 'udp.port==4000,rtp', '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
}

const rtp = (seq: number) => buildRtp({ pt: 8, seq, ts: seq * 160, ssrc: 0x11223344, payload: new Uint8Array(160).fill(0xd5) });

describe.skipIf(!hasTshark())('test capture writers agree with tshark', () => {
  it('classic pcap: µs/ns, both byte orders', () => {
    for (const nanos of [false, true]) {
      for (const bigEndian of [false, true]) {
        const bytes = udpPcap([
          { timeNs: 1_700_000_000_123_456_789n, src: '192.0.2.1', dst: '192.0.2.2', sport: 4000, dport: 4000, payload: rtp(1) },
          { timeNs: 1_700_000_000_143_456_789n, src: '2001:db8::1', dst: '2001:db8::2', sport: 4000, dport: 4000, payload: rtp(2) },
        ], { nanos, bigEndian });
        const rows = tshark(bytes, ['frame.time_epoch', 'rtp.seq', 'rtp.ssrc']);
        expect(rows.map((r) => r[1])).toEqual(['1', '2']);
        expect(rows[0][2]).toBe('0x11223344');
        expect(rows[0][0].startsWith(nanos ? '1700000000.123456789' : '1700000000.123456000')).toBe(true);
      }
    }
  });

  it('link layers and tunnels (one pcapng interface each: tshark is slow to start)', () => {
    const v4 = udpDatagram({ src: '192.0.2.1', dst: '192.0.2.2', sport: 4000, dport: 4000, payload: rtp(1) });
    const v6 = udpDatagram({ src: '2001:db8::1', dst: '2001:db8::2', sport: 4000, dport: 4000, payload: rtp(2) });
    const cases: Array<[number, LinkOptions]> = [
      [LINK.ETHERNET, {}], [LINK.ETHERNET, { vlans: [10] }], [LINK.ETHERNET, { vlans: [100, 200], vlanTpids: [0x88a8, 0x8100] }],
      [LINK.SLL, {}], [LINK.SLL, { vlans: [7] }], [LINK.SLL2, {}], [LINK.RAW, {}], [LINK.NULL, {}], [LINK.NULL, { bigEndianFamily: true }],
      [LINK.LOOP, {}], [LINK.IPNET, {}], [LINK.NFLOG, {}], [LINK.ETHERNET, { vlans: [3], mpls: [100, 200] }], [LINK.ETHERNET, { pppoe: true }],
    ];
    const eth = frame(LINK.ETHERNET, v4);
    const outer = { src: '198.51.100.1', dst: '198.51.100.2' };
    const tunnels = [
      ipv4({ ...outer, proto: 47, payload: gre(v4, { protocol: 0x0800, key: 3 }) }),
      ipv4({ ...outer, proto: 47, payload: gre(eth, { protocol: 0x6558 }) }),
      ipv4({ ...outer, proto: 47, payload: gre(erspan2(eth), { protocol: 0x88be, seq: 1 }) }),
      ipv4({ ...outer, proto: 47, payload: gre(erspan3(eth), { protocol: 0x22eb, seq: 1 }) }),
      udpDatagram({ ...outer, sport: 5555, dport: 4789, payload: vxlan(eth) }),
      ipv4({ ...outer, proto: 4, payload: v4 }),
    ];
    const interfaces = [...cases.map(([linkType]) => ({ linkType })), { linkType: LINK.RAW }];
    const blocks = [
      ...cases.flatMap(([linkType, link], i) => [v4, v6].map((ip) => ({ type: 'epb' as const, iface: i, timeNs: 1n, data: frame(linkType, ip, link) }))),
      ...tunnels.map((data) => ({ type: 'epb' as const, iface: cases.length, timeNs: 1n, data })),
    ];
    const rows = tshark(writePcapng([{ interfaces, blocks }]), ['rtp.seq', 'rtp.ssrc']);
    expect(rows.map((r) => r[0])).toEqual([...cases.flatMap(() => ['1', '2']), ...tunnels.map(() => '1')]);
    expect(rows.every((r) => r[1] === '0x11223344')).toBe(true);
  });

  it('pcapng: sections of both byte orders, several interfaces, tsresol/tsoffset, EPB/SPB/OPB', () => {
    const ip = udpDatagram({ src: '10.0.0.1', dst: '10.0.0.2', sport: 4000, dport: 4000, payload: rtp(5) });
    const bytes = writePcapng([
      {
        interfaces: [{ linkType: LINK.ETHERNET }, { linkType: LINK.RAW, tsresol: 9 }, { linkType: LINK.SLL, tsresol: 0x80 | 20, tsoffset: 100n }],
        blocks: [
          { type: 'epb', iface: 0, timeNs: 1_000_000_000_500_000_000n, data: frame(LINK.ETHERNET, ip) },
          { type: 'epb', iface: 1, timeNs: 1_000_000_001_000_000_007n, data: ip },
          { type: 'raw', blockType: 4, body: new Uint8Array(8) },
          { type: 'epb', iface: 2, timeNs: 1_000_000_002_000_000_000n, data: frame(LINK.SLL, ip) },
        ],
      },
      {
        bigEndian: true,
        interfaces: [{ linkType: LINK.ETHERNET }],
        blocks: [
          { type: 'spb', data: frame(LINK.ETHERNET, ip) },
          { type: 'opb', iface: 0, timeNs: 1_000_000_003_000_000_000n, data: frame(LINK.ETHERNET, ip) },
        ],
      },
    ]);
    const rows = tshark(bytes, ['frame.time_epoch', 'rtp.seq']);
    expect(rows.map((r) => r[1])).toEqual(['5', '5', '5', '5', '5']);
    expect(rows[1][0]).toBe('1000000001.000000007');
    expect(rows[2][0].startsWith('1000000002.00000')).toBe(true);
    expect(rows[4][0]).toBe('1000000003.000000000');
  });

  it('IPv4 options, IPv6 extension headers and fragments reassemble in tshark', () => {
    const big = buildRtp({ pt: 0, seq: 9, ts: 0, ssrc: 1, payload: new Uint8Array(1200).fill(0x7f) });
    const v4 = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', id: 77, options: Uint8Array.of(1, 1, 1, 0),
      payload: udp({ src: '10.0.0.1', dst: '10.0.0.2', sport: 4000, dport: 4000, payload: big }) });
    const v6 = udpDatagram({ src: 'fe80::1', dst: 'fe80::2', sport: 4000, dport: 4000, payload: big,
      ipv6Extensions: [{ type: 0 }, { type: 60 }] });
    const frames = [...fragmentIpv4(v4, 400), ...fragmentIpv6(v6, 504, 0xabc)];
    const bytes = writePcap(frames.map((f, i) => ({ timeNs: BigInt(i) * 1000n, data: frame(LINK.ETHERNET, f) })));
    const rows = tshark(bytes, ['rtp.seq', 'udp.length']);
    const done = rows.filter((r) => r[0] === '9');
    expect(done.length).toBe(2);
    expect(done.every((r) => r[1] === String(8 + big.length))).toBe(true);
  });

  it('RTCP SR/RR and SIP are recognised', () => {
    const sr = buildRtcpSr({ ssrc: 5, reports: [{ ssrc: 6, cumulativeLost: 3, jitter: 40 }] });
    const rr = buildRtcpRr({ ssrc: 6, reports: [{ ssrc: 5, cumulativeLost: -1, jitter: 8 }] });
    const sip = buildSipInvite({ sdp: { addr: '10.0.0.1', port: 4000, payloadTypes: [8, 101], rtpmap: [{ pt: 101, name: 'telephone-event', clock: 8000 }] } });
    const bytes = udpPcap([
      { timeNs: 1n, src: '10.0.0.1', dst: '10.0.0.2', sport: 4001, dport: 4001, payload: new Uint8Array([...sr, ...rr]) },
      { timeNs: 2n, src: '10.0.0.1', dst: '10.0.0.2', sport: 5060, dport: 5060, payload: sip },
    ]);
    const rows = tshark(bytes, ['rtcp.pt', 'rtcp.ssrc.jitter', 'sip.Method', 'sdp.media']);
    expect(rows[0][0]).toBe('200,201');
    expect(rows[0][1]).toBe('40,8');
    expect(rows[1][2]).toBe('INVITE');
    expect(rows[1][3]).toBe('audio 4000 RTP/AVP 8 101');
  });
});
