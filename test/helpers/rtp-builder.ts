// Builders for the UDP payloads a call capture carries: RTP (CSRC list, header extension,
// padding), RTCP SR/RR/SDES/BYE, RFC 4733 telephone events, STUN, DTLS, TURN ChannelData
// and SIP with SDP. Pair with pcap-writer.ts to make captures.
import { ascii, concatBytes } from './pcap-writer.js';

export interface RtpOptions {
  pt: number;
  seq: number;
  ts: number;
  ssrc: number;
  payload: Uint8Array;
  marker?: boolean;
  /** RTP version field (default 2; anything else is not RTP). */
  version?: number;
  csrcs?: number[];
  /** Header extension (X bit): profile id and data (padded to a multiple of 4). */
  extension?: { profile: number; data: Uint8Array };
  /** Number of padding bytes to append (P bit; the last one holds the count). */
  padding?: number;
  /** Overrides the last padding byte (to build malformed padding). */
  paddingCountField?: number;
  /** Overrides the extension length field in 32-bit words (to build malformed extensions). */
  extensionLengthField?: number;
}

/** An RTP packet (RFC 3550 §5.1). */
export function buildRtp(o: RtpOptions): Uint8Array {
  const csrcs = o.csrcs ?? [];
  const extData = o.extension ? o.extension.data : undefined;
  const extLen = extData ? 4 + ((extData.length + 3) & ~3) : 0;
  const pad = o.padding ?? 0;
  const out = new Uint8Array(12 + csrcs.length * 4 + extLen + o.payload.length + pad);
  const v = new DataView(out.buffer);
  out[0] = ((o.version ?? 2) << 6) | (pad ? 0x20 : 0) | (o.extension ? 0x10 : 0) | (csrcs.length & 15);
  out[1] = (o.marker ? 0x80 : 0) | (o.pt & 0x7f);
  v.setUint16(2, o.seq & 0xffff);
  v.setUint32(4, o.ts >>> 0);
  v.setUint32(8, o.ssrc >>> 0);
  let p = 12;
  for (const c of csrcs) { v.setUint32(p, c >>> 0); p += 4; }
  if (o.extension && extData) {
    v.setUint16(p, o.extension.profile);
    v.setUint16(p + 2, o.extensionLengthField ?? (extLen - 4) / 4);
    out.set(extData, p + 4);
    p += extLen;
  }
  out.set(o.payload, p);
  p += o.payload.length;
  if (pad) out[out.length - 1] = o.paddingCountField ?? pad;
  return out;
}

export interface RtpSeriesOptions {
  ssrc: number;
  pt: number;
  /** Packets to build. */
  count: number;
  /** Capture time of the first packet, ns since the epoch. */
  startNs: bigint;
  /** Capture-time spacing (default 20 ms). */
  intervalNs?: bigint;
  seq0?: number;
  ts0?: number;
  /** RTP timestamp increment per packet (default 160 = 20 ms at 8 kHz). */
  tsStep?: number;
  /** Payload of packet i (default 160 bytes of 0xff, i.e. µ-law silence). */
  payload?: (i: number) => Uint8Array;
  /** Marker bit of packet i (default: first packet only). */
  marker?: (i: number) => boolean;
}

/** A regular RTP stream: one {timeNs, rtp} per packet, ready for udpPcap(). */
export function rtpSeries(o: RtpSeriesOptions): Array<{ timeNs: bigint; rtp: Uint8Array; seq: number; ts: number }> {
  const out: Array<{ timeNs: bigint; rtp: Uint8Array; seq: number; ts: number }> = [];
  const step = o.intervalNs ?? 20_000_000n;
  for (let i = 0; i < o.count; i++) {
    const seq = ((o.seq0 ?? 1000) + i) & 0xffff;
    const ts = ((o.ts0 ?? 16000) + i * (o.tsStep ?? 160)) >>> 0;
    const payload = o.payload ? o.payload(i) : new Uint8Array(160).fill(0xff);
    const marker = o.marker ? o.marker(i) : i === 0;
    out.push({ timeNs: o.startNs + BigInt(i) * step, rtp: buildRtp({ pt: o.pt, seq, ts, ssrc: o.ssrc, payload, marker }), seq, ts });
  }
  return out;
}

/** RFC 4733 telephone-event payload (4 bytes). */
export function buildTelephoneEvent(o: { event: number; end: boolean; volume?: number; duration: number }): Uint8Array {
  return Uint8Array.of(o.event & 0xff, (o.end ? 0x80 : 0) | ((o.volume ?? 10) & 0x3f), (o.duration >> 8) & 0xff, o.duration & 0xff);
}

// ---------------------------------------------------------------- RTCP ---------------------

export interface RtcpReportBlock {
  ssrc: number;
  fractionLost?: number;
  /** Cumulative packets lost, 24-bit signed. */
  cumulativeLost: number;
  highestSeq?: number;
  /** Interarrival jitter in RTP timestamp units. */
  jitter: number;
  lsr?: number;
  dlsr?: number;
}

function reportBlocks(blocks: RtcpReportBlock[]): Uint8Array {
  const out = new Uint8Array(blocks.length * 24);
  const v = new DataView(out.buffer);
  blocks.forEach((b, i) => {
    const p = i * 24;
    v.setUint32(p, b.ssrc >>> 0);
    v.setUint32(p + 4, (((b.fractionLost ?? 0) & 0xff) << 24 | (b.cumulativeLost & 0xffffff)) >>> 0);
    v.setUint32(p + 8, (b.highestSeq ?? 0) >>> 0);
    v.setUint32(p + 12, b.jitter >>> 0);
    v.setUint32(p + 16, (b.lsr ?? 0) >>> 0);
    v.setUint32(p + 20, (b.dlsr ?? 0) >>> 0);
  });
  return out;
}

/** A single RTCP packet: header (V=2, count, type, length) + body (padded to 4). */
export function rtcpPacket(type: number, count: number, body: Uint8Array, lengthField?: number): Uint8Array {
  const len = 4 + ((body.length + 3) & ~3);
  const out = new Uint8Array(len);
  out[0] = 0x80 | (count & 31);
  out[1] = type;
  new DataView(out.buffer).setUint16(2, lengthField ?? len / 4 - 1);
  out.set(body, 4);
  return out;
}

/** RTCP sender report (PT 200) with optional report blocks. */
export function buildRtcpSr(o: {
  ssrc: number; ntpSec?: number; ntpFrac?: number; rtpTs?: number; packetCount?: number; octetCount?: number;
  reports?: RtcpReportBlock[];
}): Uint8Array {
  const info = new Uint8Array(24);
  const v = new DataView(info.buffer);
  v.setUint32(0, o.ssrc >>> 0);
  v.setUint32(4, (o.ntpSec ?? 0) >>> 0);
  v.setUint32(8, (o.ntpFrac ?? 0) >>> 0);
  v.setUint32(12, (o.rtpTs ?? 0) >>> 0);
  v.setUint32(16, (o.packetCount ?? 0) >>> 0);
  v.setUint32(20, (o.octetCount ?? 0) >>> 0);
  const reports = o.reports ?? [];
  return rtcpPacket(200, reports.length, concatBytes(info, reportBlocks(reports)));
}

/** RTCP receiver report (PT 201). */
export function buildRtcpRr(o: { ssrc: number; reports: RtcpReportBlock[] }): Uint8Array {
  const h = new Uint8Array(4);
  new DataView(h.buffer).setUint32(0, o.ssrc >>> 0);
  return rtcpPacket(201, o.reports.length, concatBytes(h, reportBlocks(o.reports)));
}

/** RTCP SDES (PT 202) with one CNAME chunk. */
export function buildRtcpSdes(ssrc: number, cname: string): Uint8Array {
  const text = ascii(cname);
  const chunk = new Uint8Array(((4 + 2 + text.length + 1) + 3) & ~3);
  new DataView(chunk.buffer).setUint32(0, ssrc >>> 0);
  chunk[4] = 1; chunk[5] = text.length; chunk.set(text, 6);
  return rtcpPacket(202, 1, chunk);
}

/** RTCP BYE (PT 203). */
export function buildRtcpBye(ssrc: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, ssrc >>> 0);
  return rtcpPacket(203, 1, b);
}

// ---------------------------------------------------------------- other UDP payloads ------

/** STUN Binding Request (first byte 0x00, magic cookie 0x2112A442). */
export function buildStunBindingRequest(transactionId = 1): Uint8Array {
  const out = new Uint8Array(20);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0x0001);
  v.setUint16(2, 0);
  v.setUint32(4, 0x2112a442);
  v.setUint32(16, transactionId >>> 0);
  return out;
}

/** A DTLS 1.2 record (content type 22 = handshake, first byte in 20..63). */
export function buildDtlsRecord(body: Uint8Array = new Uint8Array(16)): Uint8Array {
  const out = new Uint8Array(13 + body.length);
  const v = new DataView(out.buffer);
  out[0] = 22; out[1] = 0xfe; out[2] = 0xfd;
  v.setUint16(11, body.length);
  out.set(body, 13);
  return out;
}

/** TURN ChannelData (channel 0x4000..0x4FFF, first byte 64..79). */
export function buildTurnChannelData(channel: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, channel);
  v.setUint16(2, data.length);
  out.set(data, 4);
  return out;
}

// ---------------------------------------------------------------- SIP / SDP ---------------

export interface SdpOptions {
  /** Connection address (c=IN IP4/IP6). */
  addr: string;
  port: number;
  /** Payload types offered, in order; rtpmap lines are written for `rtpmap` entries. */
  payloadTypes: number[];
  rtpmap?: Array<{ pt: number; name: string; clock: number; channels?: number }>;
}

/** An SDP body with one audio m-line (CRLF line ends). */
export function buildSdp(o: SdpOptions): string {
  const ip = o.addr.includes(':') ? 'IP6' : 'IP4';
  const lines = [
    'v=0', `o=- 1 1 IN ${ip} ${o.addr}`, 's=-', `c=IN ${ip} ${o.addr}`, 't=0 0',
    `m=audio ${o.port} RTP/AVP ${o.payloadTypes.join(' ')}`,
    ...(o.rtpmap ?? []).map((m) => `a=rtpmap:${m.pt} ${m.name}/${m.clock}${m.channels ? `/${m.channels}` : ''}`),
    'a=sendrecv',
  ];
  return lines.join('\r\n') + '\r\n';
}

/** SIP INVITE (with SDP when given), as bytes for a UDP payload. */
export function buildSipInvite(o: { from?: string; to?: string; callId?: string; sdp?: SdpOptions } = {}): Uint8Array {
  const body = o.sdp ? buildSdp(o.sdp) : '';
  const to = o.to ?? 'sip:bob@example.com';
  const head = [
    `INVITE ${to} SIP/2.0`, 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1', `From: <${o.from ?? 'sip:alice@example.com'}>;tag=1`,
    `To: <${to}>`, `Call-ID: ${o.callId ?? 'call-1@example.com'}`, 'CSeq: 1 INVITE', 'Max-Forwards: 70',
    ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${body.length}`,
  ];
  return ascii(head.join('\r\n') + '\r\n\r\n' + body);
}

/** SIP response (e.g. 200 OK with the answer SDP). */
export function buildSipResponse(o: { code: number; reason: string; callId?: string; sdp?: SdpOptions }): Uint8Array {
  const body = o.sdp ? buildSdp(o.sdp) : '';
  const head = [
    `SIP/2.0 ${o.code} ${o.reason}`, 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1', 'From: <sip:alice@example.com>;tag=1',
    'To: <sip:bob@example.com>;tag=2', `Call-ID: ${o.callId ?? 'call-1@example.com'}`, 'CSeq: 1 INVITE',
    ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${body.length}`,
  ];
  return ascii(head.join('\r\n') + '\r\n\r\n' + body);
}
