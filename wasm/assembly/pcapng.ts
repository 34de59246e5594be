// pcapng: a sequence of sections (SHB: byte order for everything up to the next SHB), each
// with interfaces (IDB: link type, timestamp resolution/offset) and packet blocks (EPB, SPB,
// OPB). Other block types are skipped by their length. Every block is length-validated
// (≥ 12, multiple of 4, trailing copy equal) before any of it is trusted.
import { ERR_BAD_HEADER } from "./layout";
import { scanFail, scanBadRecord, setRecordTime, recordTime } from "./scan";
import { linkFrame } from "./link";
import { MAX_CAPLEN } from "./pcap";

const BT_SHB: u32 = 0x0a0d0d0a;
const BT_IDB: u32 = 1;
const BT_OPB: u32 = 2;
const BT_SPB: u32 = 3;
const BT_EPB: u32 = 6;

/** Packet blocks: header + the largest packet we accept + generous room for options. */
const MAX_PACKET_BLOCK: u32 = 32 + MAX_CAPLEN + 65536;
/** Other blocks (name resolution, secrets, custom) may be larger but not absurdly so. */
const MAX_OTHER_BLOCK: u32 = 64 << 20;

/** Interfaces kept per section; packets of later ones are skipped. */
const MAX_IF: u32 = 256;
const IF_SIZE: usize = 32;
const IF_LINK: usize = 0; // u32
const IF_SNAPLEN: usize = 4; // u32
const IF_POW2: usize = 8; // u32 1 = resolution is 2^-exp
const IF_EXP: usize = 12; // u32
const IF_MUL: usize = 16; // u64 decimal: ns = ticks * mul / div
const IF_DIV: usize = 24; // u32
const IFACES = memory.data(<i32>(MAX_IF * <u32>IF_SIZE), 16);
const OFFSETS = memory.data(<i32>(MAX_IF * 8), 16); // i64 if_tsoffset in ns

let headerDone: bool = false;
let swapped: bool = false;
let ifCount: u32 = 0;

export function pcapngReset(): void {
  headerDone = false; swapped = false; ifCount = 0;
}

export function pcapngHeaderDone(): bool { return headerDone; }

// @ts-ignore: decorator
@inline function rd(p: usize): u32 {
  const v = load<u32>(p);
  return swapped ? bswap<u32>(v) : v;
}
// @ts-ignore: decorator
@inline function rd16(p: usize): u32 {
  const v = load<u16>(p);
  return swapped ? <u32>bswap<u16>(v) : <u32>v;
}

/** Parses complete blocks in [off, avail); returns the offset after the last one parsed. */
export function pcapngScan(base: usize, off: u32, avail: u32): u32 {
  while (avail - off >= 12) {
    const b = base + off;
    const raw = load<u32>(b);
    let len: u32;
    if (raw == BT_SHB) {
      // The byte-order magic decides how this block's own length is read.
      const bom = load<u32>(b + 8);
      if (bom == 0x1a2b3c4d) swapped = false;
      else if (bom == 0x4d3c2b1a) swapped = true;
      else return bad(off);
      len = rd(b + 4);
      if (len < 28 || (len & 3) != 0 || len > MAX_OTHER_BLOCK) return bad(off);
      if (avail - off < len) break;
      if (rd(b + len - 4) != len || rd16(b + 12) != 1) return bad(off);
      ifCount = 0;
      headerDone = true;
    } else {
      const type = swapped ? bswap<u32>(raw) : raw;
      len = rd(b + 4);
      const maxLen = type == BT_EPB || type == BT_SPB || type == BT_OPB ? MAX_PACKET_BLOCK : MAX_OTHER_BLOCK;
      if (len < 12 || (len & 3) != 0 || len > maxLen) return bad(off);
      if (avail - off < len) break;
      if (rd(b + len - 4) != len) return bad(off);
      if (type == BT_EPB || type == BT_OPB) {
        if (!packetBlock(b, len, type == BT_OPB)) return bad(off);
      } else if (type == BT_SPB) {
        simplePacket(b, len);
      } else if (type == BT_IDB) {
        interfaceBlock(b, len);
      }
    }
    off += len;
  }
  return off;
}

function bad(off: u32): u32 {
  if (!headerDone) scanFail(ERR_BAD_HEADER);
  else scanBadRecord(off);
  return off;
}

function interfaceBlock(b: usize, len: u32): void {
  const i = ifCount++;
  if (i >= MAX_IF || len < 20) return;
  const e = IFACES + <usize>i * IF_SIZE;
  store<u32>(e + IF_LINK, rd16(b + 8));
  store<u32>(e + IF_SNAPLEN, rd(b + 12));
  let resol: u32 = 6;
  let offsetSec: i64 = 0;
  let o = b + 16;
  const end = b + len - 4;
  // Padding can carry o up to 3 bytes past end: compare positions, never subtract.
  while (o + 4 <= end) {
    const code = rd16(o);
    const olen = rd16(o + 2);
    if (code == 0) break;
    if (o + 4 + <usize>olen > end) break;
    if (code == 9 && olen >= 1) resol = load<u8>(o + 4);
    else if (code == 14 && olen >= 8) {
      const v = load<u64>(o + 4);
      offsetSec = <i64>(swapped ? bswap<u64>(v) : v);
    }
    o += 4 + ((<usize>olen + 3) & ~(<usize>3));
  }
  const pow2 = (resol & 0x80) != 0;
  let exp = resol & 0x7f;
  store<u32>(e + IF_POW2, pow2 ? 1 : 0);
  if (pow2) {
    if (exp > 63) exp = 63;
    store<u32>(e + IF_EXP, exp);
  } else {
    if (exp > 18) exp = 18; // 10^-19 s and finer cannot be counted in 64 bits anyway
    store<u32>(e + IF_EXP, exp);
    store<u64>(e + IF_MUL, exp <= 9 ? pow10(9 - exp) : 1);
    store<u32>(e + IF_DIV, exp <= 9 ? 1 : <u32>pow10(exp - 9));
  }
  // Offsets beyond ±292 years are not timestamps; clamping keeps the multiply defined.
  if (offsetSec > 9000000000) offsetSec = 9000000000;
  if (offsetSec < -9000000000) offsetSec = -9000000000;
  store<i64>(OFFSETS + (<usize>i << 3), offsetSec * 1000000000);
}

function pow10(n: u32): u64 {
  let v: u64 = 1;
  for (let i: u32 = 0; i < n; i++) v *= 10;
  return v;
}

function ticksToNs(i: u32, ticks: u64): i64 {
  const e = IFACES + <usize>i * IF_SIZE;
  let ns: u64;
  if (load<u32>(e + IF_POW2) == 0) {
    const div = load<u32>(e + IF_DIV);
    ns = div == 1 ? ticks * load<u64>(e + IF_MUL) : ticks / <u64>div;
  } else {
    const exp = <u64>load<u32>(e + IF_EXP);
    const whole = ticks >> exp;
    const frac = ticks & ((<u64>1 << exp) - 1);
    // frac < 2^exp: scale it to ns without overflowing 64 bits.
    const fracNs = exp <= 32 ? (frac * 1000000000) >> exp : ((frac >> (exp - 32)) * 1000000000) >> 32;
    ns = whole * 1000000000 + fracNs;
  }
  return <i64>ns + load<i64>(OFFSETS + (<usize>i << 3));
}

/** EPB (and the obsolete OPB, whose interface id is 16 bits followed by a drop count). */
function packetBlock(b: usize, len: u32, obsolete: bool): bool {
  if (len < 32) return false;
  const iface = obsolete ? rd16(b + 8) : rd(b + 8);
  const cap = rd(b + 20);
  if (cap > len - 32 || cap > MAX_CAPLEN) return false;
  if (iface >= ifCount || iface >= MAX_IF) return true;
  const ticks = (<u64>rd(b + 12) << 32) | <u64>rd(b + 16);
  const t = ticksToNs(iface, ticks);
  setRecordTime(t);
  linkFrame(load<u32>(IFACES + <usize>iface * IF_SIZE + IF_LINK), b + 28, cap, t);
  return true;
}

/** SPB: interface 0, no timestamp (the last one seen stands in), captured = min(wire, room, snaplen). */
function simplePacket(b: usize, len: u32): void {
  if (len < 16 || ifCount == 0) return;
  const wire = rd(b + 8);
  let cap = min<u32>(wire, len - 16);
  const snap = load<u32>(IFACES + IF_SNAPLEN);
  if (snap != 0 && cap > snap) cap = snap;
  if (cap > MAX_CAPLEN) cap = MAX_CAPLEN;
  linkFrame(load<u32>(IFACES + IF_LINK), b + 12, cap, recordTime());
}
