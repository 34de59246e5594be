// Frame unpacking: the 80-bit speech frame into its 11 parameters, the Annex B 15-bit SID
// frame into its 4, and the pitch parity check.

/** Parameter widths of a speech frame, in transmission order (MSB first). */
const WIDTHS: usize = memory.data<u8>([8, 10, 8, 1, 13, 4, 7, 5, 13, 4, 7]);
export const PRM: usize = memory.data(11 * 4);

@inline export function prm(i: i32): i32 { return load<i32>(PRM + (<usize>i << 2)); }

/** Reads the 10-byte frame at `src` into PRM[0..10]. */
export function unpackSpeech(src: usize): void {
  let bit = 0;
  for (let k = 0; k < 11; k++) {
    const w = <i32>load<u8>(WIDTHS + <usize>k);
    let v = 0;
    for (let i = 0; i < w; i++, bit++) {
      v = (v << 1) | ((<i32>load<u8>(src + <usize>(bit >> 3)) >> (7 - (bit & 7))) & 1);
    }
    store<i32>(PRM + (<usize>k << 2), v);
  }
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
