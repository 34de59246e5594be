// Frame unpacking: the 80-bit speech frame into its 11 parameters, the Annex B 15-bit SID
// frame into its 4, and the pitch parity check.

export const PRM: usize = memory.data(11 * 4);

@inline export function prm(i: i32): i32 { return load<i32>(PRM + (<usize>i << 2)); }
@inline function setPrm(i: i32, v: u64): void { store<i32>(PRM + (<usize>i << 2), <i32>v); }

/**
 * Reads the 10-byte frame at `src` into PRM[0..10]: parameter widths 8, 10, 8, 1, 13, 4, 7,
 * 5, 13, 4, 7 bits in transmission order (MSB first), taken from the frame as one big-endian
 * 64-bit word (bits 0-63) and one 16-bit word (bits 64-79).
 */
export function unpackSpeech(src: usize): void {
  const hi = bswap<u64>(load<u64>(src));
  const lo = <u64>bswap<u16>(load<u16>(src + 8));
  setPrm(0, hi >> 56);
  setPrm(1, (hi >> 46) & 0x3ff);
  setPrm(2, (hi >> 38) & 0xff);
  setPrm(3, (hi >> 37) & 1);
  setPrm(4, (hi >> 24) & 0x1fff);
  setPrm(5, (hi >> 20) & 0xf);
  setPrm(6, (hi >> 13) & 0x7f);
  setPrm(7, (hi >> 8) & 0x1f);
  setPrm(8, ((hi & 0xff) << 5) | (lo >> 11)); // bits 56-68 straddle the two words
  setPrm(9, (lo >> 7) & 0xf);
  setPrm(10, lo & 0x7f);
}

/** 1 when the parity bit does not match the 6 most significant bits of the first pitch index. */
export function parityError(index: i32, parity: i32): i32 {
  let sum = 1 + parity;
  for (let i = 2; i < 8; i++) sum += (index >> i) & 1;
  return sum & 1;
}

/** The 15 SID bits (MA mode 1, L1 5, L2 4, gain 5) of the 2-byte frame at `src`. */
export function unpackSid(src: usize): i32 {
  return ((<i32>load<u8>(src) << 8) | <i32>load<u8>(src + 1)) >> 1;
}
@inline export function sidMode(p: i32): i32 { return (p >> 14) & 1; }
@inline export function sidL1(p: i32): i32 { return (p >> 9) & 31; }
@inline export function sidL2(p: i32): i32 { return (p >> 5) & 15; }
@inline export function sidGain(p: i32): i32 { return p & 31; }
