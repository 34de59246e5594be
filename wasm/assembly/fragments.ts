// IPv4 / IPv6 fragment reassembly. A bounded table of datagrams in flight, keyed by
// (family, src, dst, id, proto); each owns a 64 KiB assembly slot and a bitmap of the
// 8-byte blocks received, so fragments may arrive in any order and overlap (later bytes
// win). A completed datagram is copied into the arena's fragment store, where the packet
// and SIP tables can point at it, and processed as if received whole at the time of the
// fragment that completed it. Evicted or never-completed datagrams are counted in one
// W_FRAGMENT_INCOMPLETE warning.
import { arenaAlloc, fragBase, fragCap, fragUsed, setFragUsed } from "./arena";
import { W_FRAGMENT_INCOMPLETE } from "./layout";
import { warnCounted, warnTableFull, TABLE_FRAGMENTS } from "./scan";
import { transport, ipv6Chain } from "./ip";

const SLOTS: i32 = 32;
/** IP lengths are 16-bit: no fragmentable part can exceed this. */
const SLOT_BYTES: u32 = 65536;
const BLOCKS: u32 = SLOT_BYTES >> 3;
const BITMAP_BYTES: u32 = BLOCKS >> 3;

const E_SIZE: usize = 64;
const E_USED: usize = 0; // u8
const E_FAMILY: usize = 1; // u8
const E_PROTO: usize = 2; // u8 IPv4 protocol; 44 for IPv6 (its next header is E_NEXT)
const E_NEXT: usize = 3; // u8 IPv6: next header from the offset-0 fragment
const E_ID: usize = 4; // u32
const E_TOTAL: usize = 8; // u32 fragmentable length once the last fragment is in, else 0
const E_COVERED: usize = 12; // u32 blocks received (each counted once)
const E_AGE: usize = 16; // u32 insertion order, for eviction
const E_SRC: usize = 20; // 16 bytes
const E_DST: usize = 36; // 16 bytes
const E_HAVE_LAST: usize = 52; // u8

const TABLE = memory.data(<i32>(SLOTS * <i32>E_SIZE), 16);
const BITMAPS = memory.data(<i32>(SLOTS * <i32>BITMAP_BYTES), 16);
let slotData: usize = 0;
/** Completions in progress (nested only through tunnels, whose depth ip.ts bounds). */
const MAX_COMPLETING: i32 = 8;
const ADDRS = memory.data(MAX_COMPLETING * 32, 16);
let completing: i32 = 0;
let age: u32 = 0;

export function fragmentsReset(): void {
  memory.fill(TABLE, 0, <usize>(SLOTS * <i32>E_SIZE));
  age = 0;
  completing = 0;
  // The assembly slots are only needed once a capture holds fragments.
  slotData = 0;
}

export function fragmentIpv4(src: usize, dst: usize, id: u32, proto: u32, off: u32, more: bool, data: usize, n: u32, t: i64): void {
  addFragment(4, src, dst, id, proto, 0, off, more, data, n, t);
}

export function fragmentIpv6(src: usize, dst: usize, id: u32, next: u32, off: u32, more: bool, data: usize, n: u32, t: i64): void {
  if (off == 0 && !more) {
    // Atomic fragment (RFC 6946): a whole datagram that merely carries a fragment header.
    ipv6Chain(src, dst, next, data, n, n, t, true);
    return;
  }
  addFragment(6, src, dst, id, 44, next, off, more, data, n, t);
}

function sameKey(e: usize, family: u32, src: usize, dst: usize, id: u32, proto: u32): bool {
  if (load<u32>(e + E_ID) != id || <u32>load<u8>(e + E_FAMILY) != family || <u32>load<u8>(e + E_PROTO) != proto) return false;
  if (family == 4) return load<u32>(e + E_SRC) == load<u32>(src) && load<u32>(e + E_DST) == load<u32>(dst);
  return load<u64>(e + E_SRC) == load<u64>(src) && load<u64>(e + E_SRC + 8) == load<u64>(src + 8) &&
    load<u64>(e + E_DST) == load<u64>(dst) && load<u64>(e + E_DST + 8) == load<u64>(dst + 8);
}

function addFragment(family: u32, src: usize, dst: usize, id: u32, proto: u32, next: u32, off: u32, more: bool, data: usize, n: u32, t: i64): void {
  // Only the last fragment may end off an 8-byte boundary; nothing may pass 64 KiB.
  if (off + n > SLOT_BYTES || (more && (n == 0 || (n & 7) != 0))) return;
  if (slotData == 0) {
    slotData = arenaAlloc(<usize>SLOTS * SLOT_BYTES);
    if (slotData == 0) { warnCounted(W_FRAGMENT_INCOMPLETE, t); return; }
  }
  let slot: i32 = -1;
  let free: i32 = -1;
  let oldest: i32 = 0;
  let oldestAge: u32 = 0xffffffff;
  for (let i = 0; i < SLOTS; i++) {
    const e = TABLE + <usize>i * E_SIZE;
    if (load<u8>(e + E_USED) == 0) { if (free < 0) free = i; continue; }
    if (sameKey(e, family, src, dst, id, proto)) { slot = i; break; }
    const a = load<u32>(e + E_AGE);
    if (a < oldestAge) { oldestAge = a; oldest = i; }
  }
  if (slot < 0) {
    if (free < 0) {
      warnCounted(W_FRAGMENT_INCOMPLETE, t);
      free = oldest;
    }
    slot = free;
    const e = TABLE + <usize>slot * E_SIZE;
    memory.fill(e, 0, E_SIZE);
    store<u8>(e + E_USED, 1);
    store<u8>(e + E_FAMILY, <u8>family);
    store<u8>(e + E_PROTO, <u8>proto);
    store<u8>(e + E_NEXT, 59);
    store<u32>(e + E_ID, id);
    store<u32>(e + E_AGE, age++);
    memory.copy(e + E_SRC, src, family == 4 ? 4 : 16);
    memory.copy(e + E_DST, dst, family == 4 ? 4 : 16);
    memory.fill(BITMAPS + <usize>slot * BITMAP_BYTES, 0, BITMAP_BYTES);
  }
  const e = TABLE + <usize>slot * E_SIZE;
  const buf = slotData + <usize>slot * SLOT_BYTES;
  const bits = BITMAPS + <usize>slot * BITMAP_BYTES;
  memory.copy(buf + off, data, n);
  let covered = load<u32>(e + E_COVERED);
  const endBlock = (off + n + 7) >> 3;
  for (let b = off >> 3; b < endBlock; b++) {
    const byte = bits + (b >> 3);
    const m = <u8>(<u32>1 << (b & 7));
    const v = load<u8>(byte);
    if ((v & m) == 0) { store<u8>(byte, v | m); covered++; }
  }
  store<u32>(e + E_COVERED, covered);
  if (off == 0) store<u8>(e + E_NEXT, <u8>next);
  if (!more) { store<u32>(e + E_TOTAL, off + n); store<u8>(e + E_HAVE_LAST, 1); }
  if (load<u8>(e + E_HAVE_LAST) == 0) return;
  const total = load<u32>(e + E_TOTAL);
  const need = (total + 7) >> 3;
  if (covered < need || !allSet(bits, need)) return;
  complete(e, buf, total, t);
}

function allSet(bits: usize, blocks: u32): bool {
  const full = blocks >> 3;
  for (let i: u32 = 0; i < full; i++) if (load<u8>(bits + i) != 0xff) return false;
  const rest = blocks & 7;
  if (rest == 0) return true;
  const m = <u8>((<u32>1 << rest) - 1);
  return (load<u8>(bits + full) & m) == m;
}

function complete(e: usize, buf: usize, total: u32, t: i64): void {
  store<u8>(e + E_USED, 0);
  const used = fragUsed;
  if (<u64>used + total > <u64>fragCap) { warnTableFull(TABLE_FRAGMENTS, t); return; }
  const p = fragBase + used;
  memory.copy(p, buf, total);
  setFragUsed((used + total + 7) & ~7);
  // A tunnelled datagram may contain fragments of its own whose reassembly reuses this
  // slot while the outer one is still being processed: its addresses move out first.
  if (completing >= MAX_COMPLETING) return;
  const a = ADDRS + <usize>completing * 32;
  memory.copy(a, e + E_SRC, 32);
  const family = load<u8>(e + E_FAMILY);
  const proto = load<u8>(e + E_PROTO);
  const next = load<u8>(e + E_NEXT);
  completing++;
  if (family == 4) transport(4, a, a + 16, proto, p, total, total, t);
  else ipv6Chain(a, a + 16, next, p, total, total, t, true);
  completing--;
}

/** End of input: every datagram still in flight is incomplete. */
export function fragmentsFlush(t: i64): void {
  for (let i = 0; i < SLOTS; i++) {
    const e = TABLE + <usize>i * E_SIZE;
    if (load<u8>(e + E_USED) != 0) {
      store<u8>(e + E_USED, 0);
      warnCounted(W_FRAGMENT_INCOMPLETE, t);
    }
  }
}
