// Fixed-point primitives of the ITU-T G.729 description (16-bit words, 32-bit accumulators,
// saturation), the overflow flag the synthesis filter inspects, and Inv_sqrt.
import { TABSQR, tab16 } from "./tables";

/** Set by any saturating operation; the decoder clears and inspects it around synthesis. */
export let overflow: i32 = 0;
export function clearOverflow(): void { overflow = 0; }
export function setOverflow(): void { overflow = 1; }
/** 2 * s as a saturated 32-bit accumulator (the value a chain of L_mac would give without intermediate overflow). */
@inline export function satAcc(s: i64): i32 {
  const v = s << 1;
  if (v > 0x7fffffff) { overflow = 1; return 0x7fffffff; }
  if (v < -2147483648) { overflow = 1; return 0x80000000; }
  return <i32>v;
}

const MAX32: i32 = 0x7fffffff;
const MIN32: i32 = 0x80000000;

@inline export function sat16(x: i32): i32 {
  if (x > 32767) { overflow = 1; return 32767; }
  if (x < -32768) { overflow = 1; return -32768; }
  return x;
}
@inline export function add(a: i32, b: i32): i32 { return sat16(a + b); }
@inline export function sub(a: i32, b: i32): i32 { return sat16(a - b); }
@inline export function abs_s(a: i32): i32 { return a == -32768 ? 32767 : a < 0 ? -a : a; }
@inline export function negate(a: i32): i32 { return a == -32768 ? 32767 : -a; }
@inline export function mult(a: i32, b: i32): i32 { return sat16((a * b) >> 15); }
@inline export function mult_r(a: i32, b: i32): i32 { return sat16((a * b + 16384) >> 15); }
@inline export function extract_h(l: i32): i32 { return l >> 16; }
@inline export function extract_l(l: i32): i32 { return (l << 16) >> 16; }

@inline export function L_mult(a: i32, b: i32): i32 {
  const p = a * b;
  if (p == 0x40000000) { overflow = 1; return MAX32; }
  return p << 1;
}
@inline export function L_add(a: i32, b: i32): i32 {
  const s = a + b;
  // Signed overflow: both operands share a sign the sum does not have.
  if (((a ^ s) & (b ^ s)) < 0) { overflow = 1; return a < 0 ? MIN32 : MAX32; }
  return s;
}
@inline export function L_sub(a: i32, b: i32): i32 {
  const s = a - b;
  if (((a ^ b) & (a ^ s)) < 0) { overflow = 1; return a < 0 ? MIN32 : MAX32; }
  return s;
}
@inline export function L_mac(acc: i32, a: i32, b: i32): i32 { return L_add(acc, L_mult(a, b)); }
@inline export function L_msu(acc: i32, a: i32, b: i32): i32 { return L_sub(acc, L_mult(a, b)); }
@inline export function round16(l: i32): i32 { return L_add(l, 0x8000) >> 16; }

export function L_shl(l: i32, n: i32): i32 {
  if (n <= 0) return L_shr(l, -n);
  if (n > 31) n = 31;
  const r = <i64>l << n;
  if (r > <i64>MAX32) { overflow = 1; return MAX32; }
  if (r < <i64>MIN32) { overflow = 1; return MIN32; }
  return <i32>r;
}
export function L_shr(l: i32, n: i32): i32 {
  if (n < 0) return L_shl(l, -n);
  if (n >= 31) return l < 0 ? -1 : 0;
  return l >> n;
}
export function L_shr_r(l: i32, n: i32): i32 {
  if (n > 31) return 0;
  let r = L_shr(l, n);
  if (n > 0 && (l & (1 << (n - 1))) != 0) r++;
  return r;
}
export function shl(x: i32, n: i32): i32 {
  if (n < 0) return shr(x, -n);
  if (n > 15) { if (x != 0) { overflow = 1; return x > 0 ? 32767 : -32768; } return 0; }
  return sat16(x << n);
}
export function shr(x: i32, n: i32): i32 {
  if (n < 0) return shl(x, -n);
  if (n >= 15) return x < 0 ? -1 : 0;
  return x >> n;
}
export function shr_r(x: i32, n: i32): i32 {
  if (n > 15) return 0;
  let r = shr(x, n);
  if (n > 0 && (x & (1 << (n - 1))) != 0) r++;
  return r;
}
/** Left shifts that normalise a 32-bit value (0 for 0). */
export function norm_l(l: i32): i32 {
  if (l == 0) return 0;
  if (l == -1) return 31;
  if (l < 0) l = ~l;
  return <i32>clz<u32>(<u32>l) - 1;
}
export function norm_s(x: i32): i32 {
  if (x == 0) return 0;
  if (x == -1) return 15;
  if (x < 0) x = ~x;
  return <i32>clz<u32>(<u32>x) - 17;
}
/** Q15 quotient num/den for 0 <= num <= den; out-of-domain inputs give the nearest bound. */
export function div_s(num: i32, den: i32): i32 {
  if (num <= 0 || den <= 0) return 0;
  if (num >= den) return 32767;
  return (num << 15) / den;
}

// Double-precision format of the Recommendation: hi (16 bits) and lo (15 bits) halves.
@inline export function dpfHi(l: i32): i32 { return l >> 16; }
@inline export function dpfLo(l: i32): i32 { return (l - ((l >> 16) << 16)) >> 1; }
/** hi:lo (32 bits) times a 16-bit word. */
@inline export function mpy32x16(hi: i32, lo: i32, n: i32): i32 {
  return L_mac(L_mult(hi, n), mult(lo, n), 1);
}

/** 1/sqrt(x) for x > 0 in Q30 (x taken as Q0 magnitude, the result scaled like the Recommendation's). */
export function invSqrt(l: i32): i32 {
  if (l <= 0) return 0x3fffffff;
  let e = norm_l(l);
  l <<= e;
  e = 30 - e;
  if ((e & 1) == 0) l >>= 1;
  e = (e >> 1) + 1;
  const i = ((l >> 25) & 127) - 16;
  const a = (l >> 10) & 0x7fff;
  const t = tab16(TABSQR, i);
  return L_shr(L_msu(t << 16, t - tab16(TABSQR, i + 1), a), e);
}
