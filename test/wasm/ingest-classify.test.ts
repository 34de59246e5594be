// UDP payload classification through the compiled core: RTP header variants, RTCP
// reports, SIP (UDP and TCP), the protocols multiplexed on media ports, stream limits.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { WasmCore } from '../../src/worker/wasm-module.js';
import { LINK, frame, tcpDatagram, udpDatagram, udpPcap, writePcap, concatBytes, type UdpPacket } from '../helpers/pcap-writer.js';
import {
  buildDtlsRecord, buildRtcpBye, buildRtcpRr, buildRtcpSdes, buildRtcpSr, buildRtp, buildSipInvite, buildSipResponse,
  buildStunBindingRequest, buildTurnChannelData, rtcpPacket,
} from '../helpers/rtp-builder.js';

const wasmPath = process.env.INGEST_WASM ?? 'wasm/build/decoder.wasm';
let mod: WebAssembly.Module;
beforeAll(() => { mod = new WebAssembly.Module(readFileSync(wasmPath)); });
const core = () => WasmCore.create(mod);

const W = { TOO_MANY_STREAMS: 13, TABLE_FULL: 17 } as const;
const T0 = 1_690_000_000_000_000_000n;
const at = (i: number) => T0 + BigInt(i) * 20_000_000n;
const flow = { src: '192.168.1.10', dst: '192.168.1.20', sport: 16384, dport: 16386 };
const seqOf = (payloads: Uint8Array[]): UdpPacket[] => payloads.map((payload, i) => ({ ...flow, timeNs: at(i), payload }));

describe('RTP header', () => {
  it('payload excludes CSRC list, header extension and padding', async () => {
    const c = await core();
    const payload = Uint8Array.from({ length: 40 }, (_, i) => i + 1);
    const variants = [
      buildRtp({ pt: 0, seq: 1, ts: 0, ssrc: 1, payload }),
      buildRtp({ pt: 0, seq: 2, ts: 0, ssrc: 1, payload, csrcs: [11, 12, 13] }),
      buildRtp({ pt: 0, seq: 3, ts: 0, ssrc: 1, payload, extension: { profile: 0xbede, data: Uint8Array.of(0x10, 0xaa, 0, 0, 0x21, 1, 2, 0) } }),
      buildRtp({ pt: 0, seq: 4, ts: 0, ssrc: 1, payload, padding: 3 }),
      buildRtp({ pt: 0, seq: 5, ts: 0, ssrc: 1, payload, csrcs: [1], extension: { profile: 0x1000, data: new Uint8Array(12) }, padding: 8 }),
      buildRtp({ pt: 0, seq: 6, ts: 0, ssrc: 1, payload: new Uint8Array(0), padding: 4 }),
    ];
    c.load(udpPcap(seqOf(variants)));
    const p = c.packets();
    expect(p.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const x of p.slice(0, 5)) expect([...x.payload]).toEqual([...payload]);
    expect(p[5].payload.length).toBe(0);
    expect(c.streams()[0].bytes).toBe(200n);
    expect(c.warnings()).toEqual([]);
  });

  it('records marker, PT, RTP timestamp and sequence; PT bitmask covers both halves', async () => {
    const c = await core();
    const pts = [0, 8, 101, 127, 63, 64];
    c.load(udpPcap(seqOf(pts.map((pt, i) => buildRtp({ pt, seq: 65534 + i, ts: 0xfffffff0 + i, ssrc: 77, payload: new Uint8Array(4), marker: i === 2 })))));
    const p = c.packets();
    expect(p.map((x) => x.pt)).toEqual(pts);
    expect(p.map((x) => x.seq)).toEqual([65534, 65535, 0, 1, 2, 3]);
    expect(p.map((x) => x.ts)).toEqual([0xfffffff0, 0xfffffff1, 0xfffffff2, 0xfffffff3, 0xfffffff4, 0xfffffff5]);
    expect(p.map((x) => x.marker)).toEqual([false, false, true, false, false, false]);
    const [s] = c.streams();
    expect(s.firstPt).toBe(0);
    expect(s.payloadTypes).toEqual([0, 8, 63, 64, 101, 127]);
  });

  it('ignores RTP-looking payloads on well-known ports and non-version-2 payloads', async () => {
    const c = await core();
    const r = buildRtp({ pt: 0, seq: 1, ts: 0, ssrc: 1, payload: new Uint8Array(20) });
    c.load(udpPcap([
      { ...flow, sport: 53, timeNs: at(0), payload: r },
      { ...flow, dport: 123, timeNs: at(1), payload: r },
      { ...flow, timeNs: at(2), payload: buildRtp({ pt: 0, seq: 2, ts: 0, ssrc: 1, payload: new Uint8Array(20), version: 1 }) },
      { ...flow, timeNs: at(3), payload: buildRtp({ pt: 0, seq: 3, ts: 0, ssrc: 1, payload: new Uint8Array(20), version: 3 }) },
      { ...flow, timeNs: at(4), payload: r },
    ]));
    expect(c.packets().map((p) => p.seq)).toEqual([1]);
  });
});

describe('RFC 7983 demultiplexing', () => {
  it('STUN, DTLS and TURN channel data on the media port are not RTP', async () => {
    const c = await core();
    c.load(udpPcap(seqOf([
      buildStunBindingRequest(), buildDtlsRecord(), buildTurnChannelData(0x4001, new Uint8Array(30)),
      buildRtp({ pt: 8, seq: 1, ts: 0, ssrc: 1, payload: new Uint8Array(10) }),
    ])));
    expect(c.packetCount()).toBe(1);
    expect(c.streams().length).toBe(1);
    expect(c.rtcp()).toEqual([]);
    expect(c.sipMessages()).toEqual([]);
  });
});

describe('RTCP', () => {
  it('SR and RR report blocks go into the RTCP table; other packet types are skipped', async () => {
    const c = await core();
    const sr = buildRtcpSr({ ssrc: 0x1111, reports: [{ ssrc: 0x2222, cumulativeLost: 5, jitter: 80 }] });
    const rr = buildRtcpRr({ ssrc: 0x2222, reports: [{ ssrc: 0x1111, cumulativeLost: -2, jitter: 12 }, { ssrc: 0x3333, cumulativeLost: 0x7fffff, jitter: 1 }] });
    const compound = concatBytes(rr, buildRtcpSdes(0x2222, 'user@host'), buildRtcpBye(0x2222));
    c.load(udpPcap([
      { ...flow, sport: 16385, dport: 16387, timeNs: at(0), payload: concatBytes(sr, buildRtcpSdes(0x1111, 'x')) },
      { ...flow, sport: 16387, dport: 16385, timeNs: at(1), payload: compound },
    ]));
    expect(c.rtcp()).toEqual([
      { timeNs: at(0), ssrc: 0x1111, jitter: 0, lost: 0, kind: 200 },
      { timeNs: at(0), ssrc: 0x2222, jitter: 80, lost: 5, kind: 201 },
      { timeNs: at(1), ssrc: 0x1111, jitter: 12, lost: -2, kind: 201 },
      { timeNs: at(1), ssrc: 0x3333, jitter: 1, lost: 0x7fffff, kind: 201 },
    ]);
    expect(c.packetCount()).toBe(0);
    expect(c.streams()).toEqual([]);
  });

  it('reduced-size RTCP (feedback first) is RTCP, not an RTP stream with PT 77/78', async () => {
    const c = await core();
    const nack = rtcpPacket(205, 1, new Uint8Array(12));
    const pli = rtcpPacket(206, 1, new Uint8Array(8));
    c.load(udpPcap(seqOf([nack, pli, concatBytes(pli, buildRtcpRr({ ssrc: 1, reports: [{ ssrc: 2, cumulativeLost: 3, jitter: 4 }] }))])));
    expect(c.streams()).toEqual([]);
    expect(c.rtcp().map((r) => [r.ssrc, r.lost])).toEqual([[2, 3]]);
  });

  it('stops walking a compound packet at a length that does not fit', async () => {
    const c = await core();
    const rr = buildRtcpRr({ ssrc: 1, reports: [{ ssrc: 2, cumulativeLost: 1, jitter: 1 }] });
    const tooLong = rtcpPacket(201, 1, new Uint8Array(28), 50);
    const countTooBig = rtcpPacket(201, 5, new Uint8Array(28)); // 5 blocks announced, room for 1
    c.load(udpPcap([
      { ...flow, timeNs: at(0), payload: concatBytes(rr, tooLong, rr) },
      { ...flow, timeNs: at(1), payload: countTooBig },
    ]));
    expect(c.rtcp().map((r) => r.timeNs)).toEqual([at(0), at(1)]);
  });
});

describe('SIP', () => {
  it('finds requests and responses over UDP and single TCP segments, ignores other text', async () => {
    const c = await core();
    const sdp = { addr: '192.168.1.10', port: 16384, payloadTypes: [9, 101], rtpmap: [{ pt: 101, name: 'telephone-event', clock: 8000 }] };
    const invite = buildSipInvite({ sdp });
    const ok = buildSipResponse({ code: 200, reason: 'OK', sdp: { ...sdp, addr: '192.168.1.20', port: 16386 } });
    const bye = new TextEncoder().encode('BYE sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n');
    const notSip = new TextEncoder().encode('INVITED to the party, not a SIP message');
    const sipFlow = { src: '192.168.1.10', dst: '192.168.1.1', sport: 5060, dport: 5060 };
    const frames = [
      { timeNs: at(0), data: frame(LINK.ETHERNET, tcpDatagram({ ...sipFlow, payload: invite })) },
      ...[ok, notSip, bye].map((payload, i) => ({ timeNs: at(i + 1), data: frame(LINK.ETHERNET, udpDatagram({ ...sipFlow, payload })) })),
    ];
    c.load(writePcap(frames));
    const msgs = c.sipMessages();
    expect(msgs.length).toBe(3);
    expect(msgs[0].startsWith('INVITE sip:bob@example.com SIP/2.0\r\n')).toBe(true);
    expect(msgs[0]).toContain('a=rtpmap:101 telephone-event/8000');
    expect(msgs[1].startsWith('SIP/2.0 200 OK')).toBe(true);
    expect(msgs[1]).toContain('m=audio 16386 RTP/AVP 9 101');
    expect(msgs[2].startsWith('BYE ')).toBe(true);
  });

  it('every method is recognised', async () => {
    const c = await core();
    const methods = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE'];
    const te = new TextEncoder();
    c.load(udpPcap(methods.map((m, i) => ({ src: '10.0.0.1', dst: '10.0.0.2', sport: 5060, dport: 5060, timeNs: at(i), payload: te.encode(`${m} sip:x@y SIP/2.0\r\n\r\n`) }))));
    expect(c.sipMessages().map((m) => m.split(' ')[0])).toEqual(methods);
  });

  it('the SIP table is bounded: W_TABLE_FULL once', async () => {
    const c = await core();
    const msg = new TextEncoder().encode('OPTIONS sip:x@y SIP/2.0\r\n\r\n');
    c.load(udpPcap(Array.from({ length: 520 }, (_, i) => ({ src: '10.0.0.1', dst: '10.0.0.2', sport: 5060, dport: 5060, timeNs: at(i), payload: msg }))));
    expect(c.sipMessages().length).toBe(512);
    expect(c.warnings()).toEqual([{ code: W.TABLE_FULL, stream: -1, timeMs: -1, detail: 1 }]);
  });
});

describe('stream table', () => {
  it('beyond MAX_STREAMS: W_TOO_MANY_STREAMS once, later streams ignored', async () => {
    const c = await core();
    const pk: UdpPacket[] = [];
    for (let i = 0; i < 300; i++) pk.push({ ...flow, timeNs: at(i), payload: buildRtp({ pt: 0, seq: i, ts: 0, ssrc: 1000 + i, payload: new Uint8Array(4) }) });
    pk.push({ ...flow, timeNs: at(300), payload: buildRtp({ pt: 0, seq: 7, ts: 0, ssrc: 1000, payload: new Uint8Array(4) }) });
    c.load(udpPcap(pk));
    const s = c.streams();
    expect(s.length).toBe(256);
    expect(s[0].packets).toBe(2);
    expect(c.packetCount()).toBe(257);
    expect(c.warnings()).toEqual([{ code: W.TOO_MANY_STREAMS, stream: -1, timeMs: 5120, detail: 256 }]);
  });

  it('IPv6 streams differing only in the middle of the address stay apart', async () => {
    const c = await core();
    const r = buildRtp({ pt: 0, seq: 1, ts: 0, ssrc: 5, payload: new Uint8Array(4) });
    c.load(udpPcap([
      { src: '2001:db8:1::1', dst: '2001:db8::2', sport: 4000, dport: 4002, timeNs: at(0), payload: r },
      { src: '2001:db8:2::1', dst: '2001:db8::2', sport: 4000, dport: 4002, timeNs: at(1), payload: r },
      { src: '2001:db8:1::1', dst: '2001:db8::2', sport: 4000, dport: 4002, timeNs: at(2), payload: r },
    ]));
    expect(c.streams().map((s) => s.packets)).toEqual([2, 1]);
  });
});
