// x · num / den for per-packet time conversions without a 64-bit division when den divides
// num (RTP clocks 8000/16000 against 1e9 ns or an output rate): then x · (num / den) is the
// same number, provided x · num does not overflow — beyond that the division form is kept so
// even wrapped results stay what they were.

/** Precomputed num / den for mulDiv: 0 when den does not divide num. */
@inline export function exactRatio(num: i64, den: i64): i64 {
  return den > 0 && num % den == 0 ? num / den : 0;
}

/** |x| below this keeps x · num from overflowing. */
@inline export function mulLimit(num: i64): i64 {
  return num > 0 ? i64.MAX_VALUE / num : 0;
}

@inline export function mulDiv(x: i64, num: i64, den: i64, ratio: i64, limit: i64): i64 {
  if (ratio != 0 && x < limit && x > -limit) return x * ratio;
  return x * num / den;
}
