// Synthetic capture writer for tests: classic pcap (µs/ns, either byte order), pcapng
// (several sections and interfaces, if_tsresol/if_tsoffset, EPB/SPB/OPB), the link layers
// the decoder core parses, IPv4 (options, fragmentation), IPv6 (extension headers,
// fragmentation) and UDP. Everything returns plain Uint8Arrays so tests can corrupt them.

/** Link-layer header types (LINKTYPE_* values as written into pcap/pcapng). */
export const LINK = {
  NULL: 0,
  ETHERNET: 1,
  RAW_12: 12,
  RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  SLL: 113,
  IPNET: 226,
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239,
  SLL2: 276,
} as const;

// ---------------------------------------------------------------- bytes ------------

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Latin-1 text as bytes. */
export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

// ---------------------------------------------------------------- addresses --------

/** Parses "192.0.2.1" (4 bytes) or an IPv6 address with optional "::" (16 bytes). */
export function parseAddress(addr: string): Uint8Array {
  if (!addr.includes(':')) {
    const parts = addr.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 address ${addr}`);
    return Uint8Array.from(parts);
  }
  const [head, tail] = addr.includes('::') ? addr.split('::') : [addr, undefined];
  const hw = head ? head.split(':') : [];
  const tw = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - hw.length - tw.length;
  const words = [...hw, ...new Array(fill).fill('0'), ...tw];
  if (words.length !== 8) throw new Error(`bad IPv6 address ${addr}`);
  const out = new Uint8Array(16);
  words.forEach((w, i) => { const v = parseInt(w, 16); out[i * 2] = v >> 8; out[i * 2 + 1] = v & 0xff; });
  return out;
}

/** 4 or 6, from the address syntax. */
export function addressFamily(addr: string): 4 | 6 {
  return addr.includes(':') ? 6 : 4;
}

// ---------------------------------------------------------------- checksums ---------

function sum16(bytes: Uint8Array, acc = 0): number {
  for (let i = 0; i + 1 < bytes.length; i += 2) acc += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.length & 1) acc += bytes[bytes.length - 1] << 8;
  return acc;
}
function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + (acc >>> 16);
  return (~acc) & 0xffff;
}

// ---------------------------------------------------------------- UDP / IP ------------

export interface UdpOptions {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  payload: Uint8Array;
  /** Overrides the UDP length field (to build malformed datagrams). */
  lengthField?: number;
}

/** A UDP header + payload with a correct checksum over the pseudo header of src/dst. */
export function udp(o: UdpOptions): Uint8Array {
  const len = 8 + o.payload.length;
  const out = new Uint8Array(len);
  const v = new DataView(out.buffer);
  v.setUint16(0, o.sport);
  v.setUint16(2, o.dport);
  v.setUint16(4, o.lengthField ?? (len & 0xffff));
  out.set(o.payload, 8);
  const s = parseAddress(o.src);
  const d = parseAddress(o.dst);
  const pseudo = new Uint8Array(s.length * 2 + 8);
  pseudo.set(s, 0);
  pseudo.set(d, s.length);
  const pv = new DataView(pseudo.buffer);
  pv.setUint32(s.length * 2, len);
  pv.setUint32(s.length * 2 + 4, 17);
  let c = fold(sum16(out, sum16(pseudo)));
  if (c === 0) c = 0xffff;
  v.setUint16(6, c);
  return out;
}

export interface TcpOptions {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  payload: Uint8Array;
  seq?: number;
  /** Options bytes (padded to 4; the data offset grows accordingly). */
  options?: Uint8Array;
}

/** A TCP segment (PSH|ACK) with a correct checksum; wrap with ipv4/ipv6 using proto/nextHeader 6. */
export function tcp(o: TcpOptions): Uint8Array {
  const opt = o.options ?? new Uint8Array(0);
  const hl = 20 + ((opt.length + 3) & ~3);
  const out = new Uint8Array(hl + o.payload.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, o.sport);
  v.setUint16(2, o.dport);
  v.setUint32(4, (o.seq ?? 1) >>> 0);
  v.setUint32(8, 1);
  out[12] = (hl / 4) << 4;
  out[13] = 0x18;
  v.setUint16(14, 65535);
  out.set(opt, 20);
  out.set(o.payload, hl);
  const s = parseAddress(o.src);
  const d = parseAddress(o.dst);
  const pseudo = new Uint8Array(s.length * 2 + 8);
  pseudo.set(s, 0);
  pseudo.set(d, s.length);
  const pv = new DataView(pseudo.buffer);
  pv.setUint32(s.length * 2, out.length);
  pv.setUint32(s.length * 2 + 4, 6);
  v.setUint16(16, fold(sum16(out, sum16(pseudo))));
  return out;
}

/** TCP in IPv4 or IPv6 (from the address syntax): the IP packet bytes. */
export function tcpDatagram(o: TcpOptions): Uint8Array {
  const t = tcp(o);
  if (addressFamily(o.src) === 4) return ipv4({ src: o.src, dst: o.dst, payload: t, proto: 6 });
  return ipv6({ src: o.src, dst: o.dst, payload: t, nextHeader: 6 });
}

export interface Ipv4Options {
  src: string;
  dst: string;
  /** Upper-layer bytes (e.g. from udp()). */
  payload: Uint8Array;
  proto?: number;
  id?: number;
  ttl?: number;
  /** IP options, padded to a multiple of 4 bytes (IHL grows accordingly). */
  options?: Uint8Array;
  /** More-fragments flag. */
  moreFragments?: boolean;
  dontFragment?: boolean;
  /** Fragment offset in bytes (must be a multiple of 8). */
  fragmentOffset?: number;
  /** Overrides the total-length field. */
  totalLengthField?: number;
}

/** An IPv4 header (with a correct header checksum) + payload. */
export function ipv4(o: Ipv4Options): Uint8Array {
  const opt = o.options ?? new Uint8Array(0);
  const optLen = (opt.length + 3) & ~3;
  const hl = 20 + optLen;
  const out = new Uint8Array(hl + o.payload.length);
  const v = new DataView(out.buffer);
  out[0] = 0x40 | (hl >> 2);
  v.setUint16(2, o.totalLengthField ?? out.length);
  v.setUint16(4, o.id ?? 0);
  const off = o.fragmentOffset ?? 0;
  if (off % 8 !== 0) throw new Error('fragment offset must be a multiple of 8');
  v.setUint16(6, (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | (off >> 3));
  out[8] = o.ttl ?? 64;
  out[9] = o.proto ?? 17;
  out.set(parseAddress(o.src), 12);
  out.set(parseAddress(o.dst), 16);
  out.set(opt, 20);
  v.setUint16(10, fold(sum16(out.subarray(0, hl))));
  out.set(o.payload, hl);
  return out;
}

/** An IPv6 extension header: `type` is its protocol number (0, 43, 44, 51, 60). */
export interface Ipv6Extension {
  type: number;
  /** Body after the next-header/length bytes; padded so the header is a multiple of 8 (AH: of 4). */
  data?: Uint8Array;
}

export interface Ipv6Options {
  src: string;
  dst: string;
  payload: Uint8Array;
  /** Protocol of `payload` (17 UDP; 59 no next header). */
  nextHeader?: number;
  extensions?: Ipv6Extension[];
  hopLimit?: number;
  /** Overrides the payload-length field. */
  payloadLengthField?: number;
}

/** Encodes one extension header whose next header is `next`. */
export function ipv6ExtensionHeader(e: Ipv6Extension, next: number): Uint8Array {
  const data = e.data ?? new Uint8Array(6);
  if (e.type === 51) {
    // AH: length in 4-byte units minus 2 (RFC 4302).
    const total = (2 + data.length + 3) & ~3;
    const h = new Uint8Array(Math.max(total, 12));
    h[0] = next; h[1] = h.length / 4 - 2; h.set(data, 2);
    return h;
  }
  if (e.type === 44) {
    const h = new Uint8Array(8);
    h[0] = next; h.set(data.subarray(0, 6), 2);
    return h;
  }
  const total = (2 + data.length + 7) & ~7;
  const h = new Uint8Array(total);
  h[0] = next; h[1] = total / 8 - 1; h.set(data, 2);
  return h;
}

/** An IPv6 header, extension headers in the given order, then payload. */
export function ipv6(o: Ipv6Options): Uint8Array {
  const exts = o.extensions ?? [];
  const encoded: Uint8Array[] = [];
  for (let i = 0; i < exts.length; i++) {
    const next = i + 1 < exts.length ? exts[i + 1].type : (o.nextHeader ?? 17);
    encoded.push(ipv6ExtensionHeader(exts[i], next));
  }
  const body = concatBytes(...encoded, o.payload);
  const out = new Uint8Array(40 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x60000000);
  v.setUint16(4, o.payloadLengthField ?? body.length);
  out[6] = exts.length ? exts[0].type : (o.nextHeader ?? 17);
  out[7] = o.hopLimit ?? 64;
  out.set(parseAddress(o.src), 8);
  out.set(parseAddress(o.dst), 24);
  out.set(body, 40);
  return out;
}

export interface UdpDatagramOptions extends UdpOptions {
  /** IPv4 identification. */
  id?: number;
  /** IPv4 options. */
  ipOptions?: Uint8Array;
  /** IPv6 extension headers. */
  ipv6Extensions?: Ipv6Extension[];
}

/** UDP in IPv4 or IPv6 (chosen from the address syntax): the IP packet bytes. */
export function udpDatagram(o: UdpDatagramOptions): Uint8Array {
  const u = udp(o);
  if (addressFamily(o.src) === 4) return ipv4({ src: o.src, dst: o.dst, payload: u, id: o.id, options: o.ipOptions });
  return ipv6({ src: o.src, dst: o.dst, payload: u, extensions: o.ipv6Extensions });
}

/**
 * Splits an IPv4 packet into fragments carrying at most `maxData` bytes of its payload each
 * (rounded down to a multiple of 8). Options are copied into every fragment.
 */
export function fragmentIpv4(packet: Uint8Array, maxData: number): Uint8Array[] {
  const hl = (packet[0] & 15) * 4;
  const v = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  const total = v.getUint16(2);
  const data = packet.subarray(hl, total);
  const step = Math.max(8, maxData & ~7);
  const src = packet.subarray(12, 16).join('.');
  const dst = packet.subarray(16, 20).join('.');
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += step) {
    const end = Math.min(data.length, off + step);
    out.push(ipv4({
      src, dst, payload: data.subarray(off, end), proto: packet[9], id: v.getUint16(4), ttl: packet[8],
      options: packet.subarray(20, hl), fragmentOffset: off, moreFragments: end < data.length,
    }));
  }
  return out;
}

/** Raw IPv4 fragment with explicit offset/data (for overlap and out-of-order tests). */
export function ipv4Fragment(o: { src: string; dst: string; id: number; offset: number; more: boolean; data: Uint8Array; proto?: number }): Uint8Array {
  return ipv4({ src: o.src, dst: o.dst, id: o.id, payload: o.data, proto: o.proto ?? 17, fragmentOffset: o.offset, moreFragments: o.more });
}

function ipv6AddrString(b: Uint8Array): string {
  const w: string[] = [];
  for (let i = 0; i < 16; i += 2) w.push(((b[i] << 8) | b[i + 1]).toString(16));
  return w.join(':');
}

/**
 * Splits an IPv6 packet into fragments: the unfragmentable part is the fixed header only;
 * every extension header and the upper layer go into the fragmentable part (RFC 8200 §4.5).
 */
export function fragmentIpv6(packet: Uint8Array, maxData: number, id: number): Uint8Array[] {
  const first = packet[6];
  const data = packet.subarray(40, 40 + ((packet[4] << 8) | packet[5]));
  const step = Math.max(8, maxData & ~7);
  const out: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += step) {
    const end = Math.min(data.length, off + step);
    out.push(ipv6Fragment({
      src: ipv6AddrString(packet.subarray(8, 24)), dst: ipv6AddrString(packet.subarray(24, 40)), id,
      offset: off, more: end < data.length, data: data.subarray(off, end), nextHeader: first,
    }));
  }
  return out;
}

/** One IPv6 fragment: fixed header + fragment header (44) + data. */
export function ipv6Fragment(o: { src: string; dst: string; id: number; offset: number; more: boolean; data: Uint8Array; nextHeader?: number }): Uint8Array {
  if (o.offset % 8 !== 0) throw new Error('fragment offset must be a multiple of 8');
  const body = new Uint8Array(6);
  const bv = new DataView(body.buffer);
  bv.setUint16(0, o.offset | (o.more ? 1 : 0));
  bv.setUint32(2, o.id >>> 0);
  return ipv6({ src: o.src, dst: o.dst, payload: o.data, nextHeader: o.nextHeader ?? 17, extensions: [{ type: 44, data: body }] });
}

// ---------------------------------------------------------------- tunnels -----------

/**
 * GRE header (RFC 2784/2890) + payload. `protocol` is the EtherType of the payload
 * (0x0800 IPv4, 0x86dd IPv6, 0x6558 Ethernet, 0x88be ERSPAN II, 0x22eb ERSPAN III).
 */
export function gre(payload: Uint8Array, o: { protocol: number; key?: number; seq?: number; checksum?: boolean }): Uint8Array {
  const h = new Uint8Array(4 + (o.checksum ? 4 : 0) + (o.key !== undefined ? 4 : 0) + (o.seq !== undefined ? 4 : 0));
  const v = new DataView(h.buffer);
  v.setUint16(0, (o.checksum ? 0x8000 : 0) | (o.key !== undefined ? 0x2000 : 0) | (o.seq !== undefined ? 0x1000 : 0));
  v.setUint16(2, o.protocol);
  let p = 4;
  if (o.checksum) p += 4; // checksum left 0: receivers do not need it
  if (o.key !== undefined) { v.setUint32(p, o.key >>> 0); p += 4; }
  if (o.seq !== undefined) v.setUint32(p, o.seq >>> 0);
  return concatBytes(h, payload);
}

/** ERSPAN type II header (8 bytes, session id) + mirrored Ethernet frame; wrap in gre(…, {protocol: 0x88be, seq}). */
export function erspan2(ethernetFrame: Uint8Array, session = 1): Uint8Array {
  const h = new Uint8Array(8);
  const v = new DataView(h.buffer);
  v.setUint16(0, 0x1000); // version 1 = type II
  v.setUint16(2, session & 0x3ff);
  return concatBytes(h, ethernetFrame);
}

/** ERSPAN type III header (12 bytes, + 8-byte platform sub-header when `platform`) + frame; gre protocol 0x22eb. */
export function erspan3(ethernetFrame: Uint8Array, platform = false): Uint8Array {
  const h = new Uint8Array(platform ? 20 : 12);
  const v = new DataView(h.buffer);
  v.setUint16(0, 0x2000); // version 2 = type III
  v.setUint16(2, 1);
  if (platform) h[11] = 1;
  return concatBytes(h, ethernetFrame);
}

/** VXLAN header (RFC 7348, I flag, VNI) + inner Ethernet frame: the payload of UDP to port 4789. */
export function vxlan(ethernetFrame: Uint8Array, vni = 1): Uint8Array {
  const h = new Uint8Array(8);
  h[0] = 0x08;
  new DataView(h.buffer).setUint32(4, (vni & 0xffffff) << 8);
  return concatBytes(h, ethernetFrame);
}

// ---------------------------------------------------------------- link layers -------

export interface LinkOptions {
  /** VLAN ids, outermost first (Ethernet and SLL). */
  vlans?: number[];
  /** TPIDs for each VLAN tag (default 0x8100; use 0x88a8/0x9100 for QinQ outer tags). */
  vlanTpids?: number[];
  /** NULL link: write the family in big-endian instead of little-endian host order. */
  bigEndianFamily?: boolean;
  /** NULL link: IPv6 family value (24, 28 or 30; default 30). */
  ipv6Family?: number;
  /** Overrides the final EtherType/protocol field (e.g. 0x0806 to build a non-IP frame). */
  etherType?: number;
  /** Ethernet/SLL: MPLS labels (outermost first) between the tags and the IP packet. */
  mpls?: number[];
  /** Ethernet/SLL: carry the IP packet in a PPPoE session. */
  pppoe?: boolean;
  /** NFLOG: write TLV lengths/types big-endian (a big-endian capturing host). */
  bigEndianTlv?: boolean;
}

/** What follows the VLAN tags: the IP packet, possibly inside MPLS or PPPoE; and its EtherType. */
function l3(ip: Uint8Array, o: LinkOptions): { body: Uint8Array; etherType: number } {
  if (o.mpls?.length) {
    const h = new Uint8Array(o.mpls.length * 4);
    const v = new DataView(h.buffer);
    o.mpls.forEach((label, i) => v.setUint32(i * 4, ((label & 0xfffff) << 12) | (i === o.mpls!.length - 1 ? 0x100 : 0) | 64));
    return { body: concatBytes(h, ip), etherType: o.etherType ?? 0x8847 };
  }
  if (o.pppoe) {
    const h = new Uint8Array(8);
    const v = new DataView(h.buffer);
    h[0] = 0x11; // version 1, type 1
    v.setUint16(2, 0x1234); // session id
    v.setUint16(4, ip.length + 2);
    v.setUint16(6, (ip[0] >> 4) === 6 ? 0x0057 : 0x0021);
    return { body: concatBytes(h, ip), etherType: o.etherType ?? 0x8864 };
  }
  return { body: ip, etherType: o.etherType ?? ipEtherType(ip) };
}

function ipEtherType(ip: Uint8Array): number {
  return (ip[0] >> 4) === 6 ? 0x86dd : 0x0800;
}

function vlanTags(ip: Uint8Array, o: LinkOptions): Uint8Array {
  const vlans = o.vlans ?? [];
  const out = new Uint8Array(vlans.length * 4);
  const v = new DataView(out.buffer);
  // After the first TPID (written by the caller's header): TCI0, [TPID_i, TCI_i]*, EtherType.
  vlans.forEach((id, i) => {
    if (i === 0) return;
    v.setUint16(i * 4 - 2, o.vlanTpids?.[i] ?? 0x8100);
  });
  for (let i = 0; i < vlans.length; i++) v.setUint16(i * 4, vlans[i] & 0xfff);
  v.setUint16(vlans.length * 4 - 2, l3(ip, o).etherType);
  return out;
}

/** Ethernet II frame (optionally 802.1Q/802.1ad tagged) carrying an IP packet. */
export function ethernet(ip: Uint8Array, o: LinkOptions = {}): Uint8Array {
  const vlans = o.vlans ?? [];
  const h = new Uint8Array(12 + 2);
  h.set([0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2]);
  const v = new DataView(h.buffer);
  const inner = l3(ip, o);
  v.setUint16(12, vlans.length ? (o.vlanTpids?.[0] ?? 0x8100) : inner.etherType);
  if (!vlans.length) return concatBytes(h, inner.body);
  return concatBytes(h, vlanTags(ip, o), inner.body);
}

/** Linux cooked capture v1 (16-byte header; VLAN tags follow when `vlans` is set). */
export function sll(ip: Uint8Array, o: LinkOptions = {}): Uint8Array {
  const vlans = o.vlans ?? [];
  const h = new Uint8Array(16);
  const v = new DataView(h.buffer);
  v.setUint16(0, 0); // packet type: to us
  v.setUint16(2, 1); // ARPHRD_ETHER
  v.setUint16(4, 6);
  h.set([0x02, 0, 0, 0, 0, 1], 6);
  const inner = l3(ip, o);
  v.setUint16(14, vlans.length ? (o.vlanTpids?.[0] ?? 0x8100) : inner.etherType);
  if (!vlans.length) return concatBytes(h, inner.body);
  return concatBytes(h, vlanTags(ip, o), inner.body);
}

/** Linux cooked capture v2 (20-byte header, protocol first). */
export function sll2(ip: Uint8Array, o: LinkOptions = {}): Uint8Array {
  const h = new Uint8Array(20);
  const v = new DataView(h.buffer);
  v.setUint16(0, o.etherType ?? ipEtherType(ip));
  v.setUint32(4, 2); // interface index
  v.setUint16(8, 1); // ARPHRD_ETHER
  h[10] = 0; h[11] = 6;
  h.set([0x02, 0, 0, 0, 0, 1], 12);
  return concatBytes(h, ip);
}

/** BSD loopback: 4-byte address family in the capturing host's byte order (little-endian here). */
export function nullLink(ip: Uint8Array, o: LinkOptions = {}): Uint8Array {
  const h = new Uint8Array(4);
  const fam = o.etherType ?? ((ip[0] >> 4) === 6 ? (o.ipv6Family ?? 30) : 2);
  new DataView(h.buffer).setUint32(0, fam, !o.bigEndianFamily);
  return concatBytes(h, ip);
}

/** OpenBSD loopback: 4-byte address family in network byte order. */
export function loopLink(ip: Uint8Array, o: LinkOptions = {}): Uint8Array {
  const h = new Uint8Array(4);
  const fam = o.etherType ?? ((ip[0] >> 4) === 6 ? (o.ipv6Family ?? 24) : 2);
  new DataView(h.buffer).setUint32(0, fam, false);
  return concatBytes(h, ip);
}

/** Solaris ipnet: 24-byte header with the address family (2 IPv4, 26 IPv6). */
export function ipnet(ip: Uint8Array): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  h[0] = 2;
  h[1] = (ip[0] >> 4) === 6 ? 26 : 2;
  v.setUint32(4, ip.length);
  return concatBytes(h, ip);
}

/** Linux NFLOG: header + a prefix TLV (10) + the NFULA_PAYLOAD TLV (9) holding the packet. */
export function nflog(ip: Uint8Array, o: LinkOptions = {}): Uint8Array {
  const le = !o.bigEndianTlv;
  const tlv = (type: number, value: Uint8Array) => {
    const t = new Uint8Array(4 + ((value.length + 3) & ~3));
    const v = new DataView(t.buffer);
    v.setUint16(0, 4 + value.length, le);
    v.setUint16(2, type, le);
    t.set(value, 4);
    return t;
  };
  const h = Uint8Array.of((ip[0] >> 4) === 6 ? 10 : 2, 0, 0, 1);
  return concatBytes(h, tlv(10, ascii('rec\0')), tlv(9, ip));
}

/** Wraps an IP packet in the link layer of `linkType` (raw types return it unchanged). */
export function frame(linkType: number, ip: Uint8Array, o: LinkOptions = {}): Uint8Array {
  switch (linkType) {
    case LINK.ETHERNET: return ethernet(ip, o);
    case LINK.SLL: return sll(ip, o);
    case LINK.SLL2: return sll2(ip, o);
    case LINK.NULL: return nullLink(ip, o);
    case LINK.LOOP: return loopLink(ip, o);
    case LINK.IPNET: return ipnet(ip);
    case LINK.NFLOG: return nflog(ip, o);
    case LINK.RAW: case LINK.RAW_12: case LINK.RAW_14: case LINK.IPV4: case LINK.IPV6: return ip.slice();
    default: throw new Error(`frame(): no writer for link type ${linkType}`);
  }
}

// ---------------------------------------------------------------- classic pcap ------

/** One captured frame. `data` is what was captured; `origLen` the length on the wire (default data.length). */
export interface CaptureRecord {
  /** Capture time, nanoseconds since the Unix epoch. */
  timeNs: bigint;
  data: Uint8Array;
  origLen?: number;
  /** Keep only this many bytes of `data` (snaplen truncation); origLen stays the full length. */
  caplen?: number;
}

export interface PcapOptions {
  /** LINKTYPE (default Ethernet). */
  linkType?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds (a1b2c3d4). */
  nanos?: boolean;
  /** Write in big-endian byte order (the magic then reads a1b2c3d4 in network order). */
  bigEndian?: boolean;
  /** Snapshot length in the file header (default 262144). */
  snaplen?: number;
}

/** The 24-byte classic pcap file header. */
export function pcapHeader(o: PcapOptions = {}): Uint8Array {
  const h = new Uint8Array(24);
  const v = new DataView(h.buffer);
  const le = !o.bigEndian;
  v.setUint32(0, o.nanos ? 0xa1b23c4d : 0xa1b2c3d4, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, o.snaplen ?? 262144, le);
  v.setUint32(20, o.linkType ?? LINK.ETHERNET, le);
  return h;
}

/** One classic pcap record (16-byte header + captured bytes). */
export function pcapRecord(r: CaptureRecord, o: PcapOptions = {}): Uint8Array {
  const data = r.caplen !== undefined ? r.data.subarray(0, r.caplen) : r.data;
  const out = new Uint8Array(16 + data.length);
  const v = new DataView(out.buffer);
  const le = !o.bigEndian;
  const t = BigInt(r.timeNs);
  const sec = t / 1_000_000_000n;
  const frac = t % 1_000_000_000n;
  v.setUint32(0, Number(sec & 0xffffffffn), le);
  v.setUint32(4, Number(o.nanos ? frac : frac / 1000n), le);
  v.setUint32(8, data.length, le);
  v.setUint32(12, r.origLen ?? r.data.length, le);
  out.set(data, 16);
  return out;
}

/** A complete classic pcap file. */
export function writePcap(records: CaptureRecord[], o: PcapOptions = {}): Uint8Array {
  return concatBytes(pcapHeader(o), ...records.map((r) => pcapRecord(r, o)));
}

// ---------------------------------------------------------------- pcapng --------------

export interface PcapngInterface {
  linkType: number;
  snaplen?: number;
  /**
   * Raw if_tsresol byte: bit 7 clear = 10^-n s, set = 2^-(n & 127) s. Omitted = option
   * absent (microseconds).
   */
  tsresol?: number;
  /** if_tsoffset in seconds (added to every timestamp of this interface). */
  tsoffset?: bigint;
}

/**
 * A block of a section, written in order: EPB (interface + time), SPB (interface 0, no
 * time), OPB (obsolete packet block, 16-bit interface id), or any raw block type/body.
 * `caplen` keeps only that many bytes of `data` (origLen stays the full length).
 */
export type PcapngBlock =
  | { type: 'epb'; iface: number; timeNs: bigint; data: Uint8Array; origLen?: number; caplen?: number }
  | { type: 'spb'; data: Uint8Array; origLen?: number; caplen?: number }
  | { type: 'opb'; iface: number; timeNs: bigint; data: Uint8Array; origLen?: number; caplen?: number }
  /** Any block, body as given (e.g. NRB type 4, ISB type 5, or a made-up type). */
  | { type: 'raw'; blockType: number; body: Uint8Array };

/** One section: SHB (in this byte order), then one IDB per interface, then the blocks. */
export interface PcapngSection {
  bigEndian?: boolean;
  interfaces: PcapngInterface[];
  blocks: PcapngBlock[];
}

function pad4(n: number): number { return (n + 3) & ~3; }

/** A generic pcapng block: type, total length, body (padded), total length again. */
export function pcapngBlock(type: number, body: Uint8Array, bigEndian = false): Uint8Array {
  const len = 12 + pad4(body.length);
  const out = new Uint8Array(len);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, !bigEndian);
  v.setUint32(4, len, !bigEndian);
  out.set(body, 8);
  v.setUint32(len - 4, len, !bigEndian);
  return out;
}

function options(list: Array<[number, Uint8Array]>, le: boolean): Uint8Array {
  if (!list.length) return new Uint8Array(0);
  const parts: Uint8Array[] = [];
  for (const [code, val] of list) {
    const h = new Uint8Array(4 + pad4(val.length));
    const v = new DataView(h.buffer);
    v.setUint16(0, code, le);
    v.setUint16(2, val.length, le);
    h.set(val, 4);
    parts.push(h);
  }
  parts.push(new Uint8Array(4)); // opt_endofopt
  return concatBytes(...parts);
}

/** Timestamp in interface units: ticks = (t - tsoffset) / resolution. */
export function pcapngTicks(timeNs: bigint, iface: PcapngInterface): bigint {
  const t = BigInt(timeNs) - (iface.tsoffset ?? 0n) * 1_000_000_000n;
  const r = iface.tsresol ?? 6;
  if (r & 0x80) return (t << BigInt(r & 0x7f)) / 1_000_000_000n;
  const n = BigInt(r);
  return n >= 9n ? t * 10n ** (n - 9n) : t / 10n ** (9n - n);
}

/** A section header block. */
export function pcapngShb(bigEndian = false): Uint8Array {
  const body = new Uint8Array(16);
  const v = new DataView(body.buffer);
  v.setUint32(0, 0x1a2b3c4d, !bigEndian);
  v.setUint16(4, 1, !bigEndian);
  v.setUint16(6, 0, !bigEndian);
  v.setBigInt64(8, -1n, !bigEndian); // section length unknown
  return pcapngBlock(0x0a0d0d0a, body, bigEndian);
}

/** An interface description block with if_tsresol (9) / if_tsoffset (14) when given. */
export function pcapngIdb(i: PcapngInterface, bigEndian = false): Uint8Array {
  const le = !bigEndian;
  const fixed = new Uint8Array(8);
  const v = new DataView(fixed.buffer);
  v.setUint16(0, i.linkType, le);
  v.setUint32(4, i.snaplen ?? 262144, le);
  const opts: Array<[number, Uint8Array]> = [];
  if (i.tsresol !== undefined) opts.push([9, Uint8Array.of(i.tsresol)]);
  if (i.tsoffset !== undefined) {
    const o = new Uint8Array(8);
    new DataView(o.buffer).setBigInt64(0, i.tsoffset, le);
    opts.push([14, o]);
  }
  return pcapngBlock(1, concatBytes(fixed, options(opts, le)), bigEndian);
}

function packetBlock(b: Exclude<PcapngBlock, { type: 'raw' }>, ifaces: PcapngInterface[], le: boolean): Uint8Array {
  const data = b.caplen !== undefined ? b.data.subarray(0, b.caplen) : b.data;
  const orig = b.origLen ?? b.data.length;
  if (b.type === 'spb') {
    const h = new Uint8Array(4);
    new DataView(h.buffer).setUint32(0, orig, le);
    return pcapngBlock(3, concatBytes(h, data), !le);
  }
  const iface = ifaces[b.iface] ?? { linkType: 1 };
  const ticks = pcapngTicks(b.timeNs, iface);
  const h = new Uint8Array(20);
  const v = new DataView(h.buffer);
  if (b.type === 'epb') {
    v.setUint32(0, b.iface, le);
    v.setUint32(4, Number((ticks >> 32n) & 0xffffffffn), le);
    v.setUint32(8, Number(ticks & 0xffffffffn), le);
    v.setUint32(12, data.length, le);
    v.setUint32(16, orig, le);
    return pcapngBlock(6, concatBytes(h, data), !le);
  }
  // OPB: 16-bit interface id, 16-bit drops count.
  v.setUint16(0, b.iface, le);
  v.setUint16(2, 0, le);
  v.setUint32(4, Number((ticks >> 32n) & 0xffffffffn), le);
  v.setUint32(8, Number(ticks & 0xffffffffn), le);
  v.setUint32(12, data.length, le);
  v.setUint32(16, orig, le);
  return pcapngBlock(2, concatBytes(h, data), !le);
}

/** A complete pcapng file: per section an SHB, its IDBs, then its blocks in order. */
export function writePcapng(sections: PcapngSection[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const s of sections) {
    const be = !!s.bigEndian;
    parts.push(pcapngShb(be));
    for (const i of s.interfaces) parts.push(pcapngIdb(i, be));
    for (const b of s.blocks) {
      parts.push(b.type === 'raw' ? pcapngBlock(b.blockType, b.body, be) : packetBlock(b, s.interfaces, !be));
    }
  }
  return concatBytes(...parts);
}

// ---------------------------------------------------------------- convenience -----------

/** A UDP datagram at a point in time (the unit most decoder tests need). */
export interface UdpPacket {
  timeNs: bigint;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  payload: Uint8Array;
}

/**
 * Classic pcap of UDP datagrams (IPv4 or IPv6 from the addresses), framed for
 * `linkType` (default Ethernet) with `link` options.
 */
export function udpPcap(packets: UdpPacket[], o: PcapOptions & { link?: LinkOptions } = {}): Uint8Array {
  const lt = o.linkType ?? LINK.ETHERNET;
  return writePcap(packets.map((p) => ({ timeNs: p.timeNs, data: frame(lt, udpDatagram(p), o.link) })), o);
}
