// Classic libpcap files: 24-byte file header, then 16-byte record headers + captured bytes.
// The magic decides byte order (as written by the capturing host) and µs vs ns timestamps.
import { ERR_BAD_HEADER } from "./layout";
import { scanFail, scanBadRecord, setRecordTime } from "./scan";
import { linkFrame } from "./link";

/** No link layer we parse needs more; anything larger is a framing error, not a packet. */
export const MAX_CAPLEN: u32 = 256 * 1024;
/** Writers round snaplen or add a link header on top of it; beyond this slack the length is bogus. */
const SNAPLEN_SLACK: u32 = 4096;

let headerDone: bool = false;
let swapped: bool = false;
let nanos: bool = false;
let linkType: u32 = 0;
let capLimit: u32 = MAX_CAPLEN;

export function pcapReset(): void {
  headerDone = false; swapped = false; nanos = false; linkType = 0; capLimit = MAX_CAPLEN;
}

export function pcapHeaderDone(): bool { return headerDone; }

// @ts-ignore: decorator
@inline function rd(p: usize): u32 {
  const v = load<u32>(p);
  return swapped ? bswap<u32>(v) : v;
}

function parseHeader(base: usize): bool {
  const m = load<u32>(base);
  swapped = m == 0xd4c3b2a1 || m == 0x4d3cb2a1;
  nanos = m == 0xa1b23c4d || m == 0x4d3cb2a1;
  const major = swapped ? bswap<u16>(load<u16>(base + 4)) : load<u16>(base + 4);
  if (major != 2) return false;
  const snaplen = rd(base + 16);
  // The upper bits of the link-type word carry FCS information, not the type.
  linkType = rd(base + 20) & 0xffff;
  capLimit = snaplen == 0 || snaplen >= MAX_CAPLEN - SNAPLEN_SLACK ? MAX_CAPLEN : snaplen + SNAPLEN_SLACK;
  return true;
}

/** Parses complete records in [off, avail); returns the offset after the last one parsed. */
export function pcapScan(base: usize, off: u32, avail: u32): u32 {
  if (!headerDone) {
    if (avail < 24) return off;
    if (!parseHeader(base)) { scanFail(ERR_BAD_HEADER); return off; }
    headerDone = true;
    off = 24;
  }
  const limit = capLimit;
  const lt = linkType;
  const ns = nanos;
  while (avail - off >= 16) {
    const r = base + off;
    const cap = rd(r + 8);
    if (cap > limit) { scanBadRecord(off); return off; }
    if (avail - off - 16 < cap) break;
    const frac = <i64>rd(r + 4);
    const t = <i64>rd(r) * 1000000000 + (ns ? frac : frac * 1000);
    setRecordTime(t);
    linkFrame(lt, r + 16, cap, t);
    off += 16 + cap;
  }
  return off;
}
