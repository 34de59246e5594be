// Link-layer frames → IP packets. The link types capture tools write for IP traffic are
// parsed; any other type is reported once per type and its packets skipped.
import { W_UNSUPPORTED_LINK } from "./layout";
import { warn } from "./arena";
import { warnTime } from "./scan";
import { ipv4Packet, ipv6Packet, enterTunnel, leaveTunnel } from "./ip";

const LT_NULL: u32 = 0;
const LT_ETHERNET: u32 = 1;
const LT_RAW_12: u32 = 12;
const LT_RAW_14: u32 = 14;
const LT_RAW: u32 = 101;
const LT_LOOP: u32 = 108;
const LT_SLL: u32 = 113;
const LT_IPNET: u32 = 226;
const LT_IPV4: u32 = 228;
const LT_IPV6: u32 = 229;
const LT_NFLOG: u32 = 239;
const LT_SLL2: u32 = 276;

const ET_IPV4: u32 = 0x0800;
const ET_IPV6: u32 = 0x86dd;

/** Link types already reported as unsupported (one warning per type). */
const MAX_WARNED: i32 = 32;
const WARNED = memory.data(MAX_WARNED * 4);
let warnedCount: i32 = 0;

export function linkReset(): void { warnedCount = 0; }

// @ts-ignore: decorator
@inline function be16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }

/**
 * One captured frame of `cap` bytes at p. Snaplen truncation needs no wire length here:
 * the IP and UDP length fields say how much is missing.
 */
export function linkFrame(lt: u32, p: usize, cap: u32, t: i64): void {
  if (lt == LT_ETHERNET) {
    if (cap >= 14) etherPayload(be16(p + 12), p + 14, cap - 14, t);
  } else if (lt == LT_SLL) {
    if (cap >= 16) etherPayload(be16(p + 14), p + 16, cap - 16, t);
  } else if (lt == LT_SLL2) {
    if (cap >= 20) etherPayload(be16(p), p + 20, cap - 20, t);
  } else if (lt == LT_RAW || lt == LT_RAW_12 || lt == LT_RAW_14) {
    rawIp(p, cap, t);
  } else if (lt == LT_IPV4) {
    ipv4Packet(p, cap, t);
  } else if (lt == LT_IPV6) {
    ipv6Packet(p, cap, t);
  } else if (lt == LT_IPNET) {
    // Solaris ipnet: 24-byte header, address family at byte 1 (2 IPv4, 26 IPv6).
    if (cap < 24) return;
    const fam = load<u8>(p + 1);
    if (fam == 2) ipv4Packet(p + 24, cap - 24, t);
    else if (fam == 26) ipv6Packet(p + 24, cap - 24, t);
  } else if (lt == LT_NFLOG) {
    nflog(p, cap, t);
  } else if (lt == LT_NULL || lt == LT_LOOP) {
    if (cap < 4) return;
    let fam = load<u32>(p);
    // LOOP is always network order; NULL is the capturing host's order, which a family
    // value below 2^16 in one of the two orders reveals.
    if (lt == LT_LOOP || (fam & 0xffff0000) != 0) fam = bswap<u32>(fam);
    if (fam == 2) ipv4Packet(p + 4, cap - 4, t);
    else if (fam == 24 || fam == 28 || fam == 30) ipv6Packet(p + 4, cap - 4, t);
  } else {
    unsupported(lt, t);
  }
}

/**
 * EtherType dispatch after any number of 802.1Q / 802.1ad / QinQ tags, then through an
 * MPLS label stack or a PPPoE session (carrier and DSL uplink mirrors).
 */
function etherPayload(etype: u32, p: usize, n: u32, t: i64): void {
  while (etype == 0x8100 || etype == 0x88a8 || etype == 0x9100) {
    if (n < 4) return;
    etype = be16(p + 2);
    p += 4;
    n -= 4;
  }
  if (etype == ET_IPV4) ipv4Packet(p, n, t);
  else if (etype == ET_IPV6) ipv6Packet(p, n, t);
  else if (etype == 0x8847 || etype == 0x8848) mpls(p, n, t);
  else if (etype == 0x8864) pppoeSession(p, n, t);
}

/** Labels until the bottom-of-stack bit; the payload's version nibble tells IPv4 from IPv6. */
function mpls(p: usize, n: u32, t: i64): void {
  // Each label takes 4 bytes, so the stack ends within the frame; no other bound needed.
  for (;;) {
    if (n < 4) return;
    const bottom = (load<u8>(p + 2) & 1) != 0;
    p += 4;
    n -= 4;
    if (bottom) break;
  }
  rawIp(p, n, t);
}

/** PPPoE session stage (RFC 2516): 6-byte header, then PPP protocol 0x0021 IPv4 / 0x0057 IPv6. */
function pppoeSession(p: usize, n: u32, t: i64): void {
  if (n < 8) return;
  const proto = be16(p + 6);
  if (proto == 0x0021) ipv4Packet(p + 8, n - 8, t);
  else if (proto == 0x0057) ipv6Packet(p + 8, n - 8, t);
}

/**
 * Linux NFLOG: 4-byte header (family, version, resource id), then TLVs whose length and
 * type are in the capturing host's byte order; the packet is the NFULA_PAYLOAD (9) TLV.
 */
function nflog(p: usize, n: u32, t: i64): void {
  if (n < 4) return;
  const fam = load<u8>(p);
  let o: u32 = 4;
  // The first TLV's length is only plausible in one byte order.
  let swap = false;
  if (n - o >= 4) {
    const le = <u32>load<u16>(p + o);
    swap = le < 4 || le > n - o;
  }
  while (o + 4 <= n) {
    let len = <u32>load<u16>(p + o);
    let type = <u32>load<u16>(p + o + 2);
    if (swap) { len = <u32>bswap<u16>(<u16>len); type = <u32>bswap<u16>(<u16>type); }
    if (len < 4 || len > n - o) return;
    if (type == 9) {
      if (fam == 2) ipv4Packet(p + o + 4, len - 4, t);
      else if (fam == 10) ipv6Packet(p + o + 4, len - 4, t);
      return;
    }
    o += (len + 3) & ~3;
  }
}

/** An Ethernet frame inside a tunnel (GRE 0x6558, ERSPAN, VXLAN). */
function innerEthernet(p: usize, n: u32, t: i64): void {
  if (n >= 14) etherPayload(be16(p + 12), p + 14, n - 14, t);
}

/** GRE (RFC 2784/2890) payload: IP, bridged Ethernet, or ERSPAN type I/II/III. */
export function grePacket(p: usize, n: u32, t: i64): void {
  if (n < 4) return;
  const flags = be16(p);
  // Routing present (RFC 1701) or version ≠ 0 (PPTP's enhanced GRE carries PPP): not parsed.
  if ((flags & 0x4007) != 0) return;
  let h: u32 = 4;
  if ((flags & 0x8000) != 0) h += 4; // checksum + reserved
  if ((flags & 0x2000) != 0) h += 4; // key
  if ((flags & 0x1000) != 0) h += 4; // sequence number
  if (h > n) return;
  const proto = be16(p + 2);
  const q = p + h;
  const m = n - h;
  if (proto == 0x6558) {
    innerEthernet(q, m, t);
  } else if (proto == 0x88be) {
    // ERSPAN type II has an 8-byte header and sets the GRE sequence bit; type I has neither.
    if ((flags & 0x1000) == 0) innerEthernet(q, m, t);
    else if (m >= 8) innerEthernet(q + 8, m - 8, t);
  } else if (proto == 0x22eb) {
    // ERSPAN type III: 12 bytes, plus an 8-byte platform sub-header when the O bit is set.
    if (m < 12) return;
    const eh: u32 = (load<u8>(q + 11) & 1) != 0 ? 20 : 12;
    if (m >= eh) innerEthernet(q + eh, m - eh, t);
  } else {
    etherPayload(proto, q, m, t);
  }
}

/** VXLAN (RFC 7348): 8-byte header with the I flag, then an Ethernet frame. */
export function vxlanPacket(p: usize, n: u32, t: i64): void {
  if (n < 8 || (load<u8>(p) & 0x08) == 0) return;
  if (!enterTunnel()) return;
  innerEthernet(p + 8, n - 8, t);
  leaveTunnel();
}

function rawIp(p: usize, n: u32, t: i64): void {
  if (n == 0) return;
  const v = load<u8>(p) >> 4;
  if (v == 4) ipv4Packet(p, n, t);
  else if (v == 6) ipv6Packet(p, n, t);
}

function unsupported(lt: u32, t: i64): void {
  for (let i = 0; i < warnedCount; i++) if (load<u32>(WARNED + (<usize>i << 2)) == lt) return;
  if (warnedCount < MAX_WARNED) {
    store<u32>(WARNED + (<usize>warnedCount << 2), lt);
    warnedCount++;
    warn(W_UNSUPPORTED_LINK, -1, warnTime(t), <i32>lt);
  }
}
