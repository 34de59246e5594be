// IPv4 (options via IHL) and IPv6 (extension-header chain) → UDP, or TCP for SIP.
// `n` is always the number of captured bytes at p; the IP/UDP length fields give what was
// on the wire, so a snaplen-cut packet shows up as captured < length further up.
import { fragmentIpv4, fragmentIpv6 } from "./fragments";
import { classifyUdp, classifyTcpPayload } from "./classify";
import { grePacket } from "./link";

const PROTO_IPIP: u32 = 4;
const PROTO_TCP: u32 = 6;
const PROTO_UDP: u32 = 17;
const PROTO_IPV6: u32 = 41;
const PROTO_GRE: u32 = 47;

/**
 * Captures taken on a mirror port arrive tunnelled (GRE, ERSPAN, VXLAN, IP-in-IP), and
 * tunnels can nest; a crafted packet must not nest deeply enough to exhaust the stack.
 */
const MAX_TUNNEL_DEPTH: i32 = 4;
let tunnelDepth: i32 = 0;

/** Enter one tunnel level; false when nested too deep (the packet is then dropped). */
export function enterTunnel(): bool {
  if (tunnelDepth >= MAX_TUNNEL_DEPTH) return false;
  tunnelDepth++;
  return true;
}
export function leaveTunnel(): void { tunnelDepth--; }
export function ipReset(): void { tunnelDepth = 0; }

// @ts-ignore: decorator
@inline function be16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }

export function ipv4Packet(p: usize, n: u32, t: i64): void {
  if (n < 20) return;
  const vihl = <u32>load<u8>(p);
  if ((vihl >> 4) != 4) return;
  const hl = (vihl & 15) << 2;
  if (hl < 20 || hl > n) return;
  const total = be16(p + 2);
  if (total < hl) return;
  const frag = be16(p + 6);
  const proto = <u32>load<u8>(p + 9);
  const more = (frag & 0x2000) != 0;
  const fragOff = (frag & 0x1fff) << 3;
  if (more || fragOff != 0) {
    // A fragment cut by the snaplen can never be completed; the datagram is reported when
    // its other fragments stay incomplete.
    if (n < total) return;
    fragmentIpv4(p + 12, p + 16, be16(p + 4), proto, fragOff, more, p + hl, total - hl, t);
    return;
  }
  const cap = min<u32>(n, total) - hl;
  transport(4, p + 12, p + 16, proto, p + hl, cap, total - hl, t);
}

export function ipv6Packet(p: usize, n: u32, t: i64): void {
  if (n < 40) return;
  if ((load<u8>(p) >> 4) != 6) return;
  const plen = be16(p + 4);
  if (plen == 0) return; // jumbogram (hop-by-hop length): not carrying RTP
  ipv6Chain(p + 8, p + 24, load<u8>(p + 6), p + 40, min<u32>(n - 40, plen), plen, t, false);
}

/**
 * Walks the extension headers from `nh` at q (`cap` captured of `len` bytes) to the upper
 * layer. After reassembly the chain continues inside the fragmentable part (reassembled =
 * true), where another fragment header is invalid.
 */
export function ipv6Chain(src: usize, dst: usize, nh: u32, q: usize, cap: u32, len: u32, t: i64, reassembled: bool): void {
  // Each header is at least 8 bytes, so the walk ends within len/8 steps; the guard only
  // bounds pathological chains of empty options.
  for (let guard = 0; guard < 64; guard++) {
    if (nh == PROTO_UDP || nh == PROTO_TCP || nh == PROTO_IPIP || nh == PROTO_IPV6 || nh == PROTO_GRE) {
      transport(6, src, dst, nh, q, cap, len, t);
      return;
    }
    if (nh == 0 || nh == 43 || nh == 60 || nh == 51) {
      if (cap < 8) return;
      const hlen: u32 = nh == 51 ? (<u32>load<u8>(q + 1) + 2) << 2 : (<u32>load<u8>(q + 1) + 1) << 3;
      if (hlen > cap) return;
      nh = load<u8>(q);
      q += hlen; cap -= hlen; len -= hlen;
      continue;
    }
    if (nh == 44) {
      if (reassembled || cap < 8 || cap < len) return;
      const fo = be16(q + 2);
      const id = bswap<u32>(load<u32>(q + 4));
      fragmentIpv6(src, dst, id, load<u8>(q), fo & 0xfff8, (fo & 1) != 0, q + 8, len - 8, t);
      return;
    }
    return; // 59 (no next header) or a protocol that cannot carry RTP/SIP
  }
}

/**
 * Upper layer of a whole (or reassembled) datagram: `cap` of `len` bytes captured.
 * Header checksums are not verified: captures taken on the sending host carry the
 * placeholders left for checksum offload.
 */
export function transport(family: u32, src: usize, dst: usize, proto: u32, p: usize, cap: u32, len: u32, t: i64): void {
  if (proto == PROTO_UDP) {
    if (cap < 8) return;
    const ulen = be16(p + 4);
    if (ulen < 8 || ulen > len) return;
    const pcap = min<u32>(cap, ulen) - 8;
    classifyUdp(family, src, dst, be16(p), be16(p + 2), p + 8, pcap, ulen - 8, t);
  } else if (proto == PROTO_TCP) {
    if (cap < 20) return;
    const off = (<u32>load<u8>(p + 12) >> 4) << 2;
    if (off < 20 || off > cap || cap < len) return;
    if (len > off) classifyTcpPayload(p + off, len - off, t);
  } else if (proto == PROTO_IPIP || proto == PROTO_IPV6) {
    if (!enterTunnel()) return;
    if (proto == PROTO_IPIP) ipv4Packet(p, cap, t);
    else ipv6Packet(p, cap, t);
    leaveTunnel();
  } else if (proto == PROTO_GRE) {
    if (!enterTunnel()) return;
    grePacket(p, cap, t);
    leaveTunnel();
  }
}
