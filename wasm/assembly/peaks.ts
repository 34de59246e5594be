// Minimum and maximum of 16-bit samples, for the player's waveform: done here, next to the
// samples the render just wrote, because in JS the same pass over a 1-hour call took the page
// ~50 ms, more than the whole render (SIMD: eight samples per min/max).

/**
 * min and max of `n` Int16 at `src`, both counted from 0 (the waveform always includes the
 * zero line), packed as (min & 0xFFFF) | (max << 16).
 */
export function minMax16(src: usize, n: u32): i32 {
  let lo = i16x8.splat(0), hi = i16x8.splat(0);
  const end = <usize>n & ~7;
  let i: usize = 0;
  for (; i < end; i += 8) {
    const v = v128.load(src + (i << 1));
    lo = i16x8.min_s(lo, v);
    hi = i16x8.max_s(hi, v);
  }
  // Fold the eight lanes: halves, quarters, pairs.
  lo = i16x8.min_s(lo, i8x16.shuffle(lo, lo, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  hi = i16x8.max_s(hi, i8x16.shuffle(hi, hi, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
  lo = i16x8.min_s(lo, i8x16.shuffle(lo, lo, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
  hi = i16x8.max_s(hi, i8x16.shuffle(hi, hi, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3));
  let mn: i32 = min<i32>(i16x8.extract_lane_s(lo, 0), i16x8.extract_lane_s(lo, 1));
  let mx: i32 = max<i32>(i16x8.extract_lane_s(hi, 0), i16x8.extract_lane_s(hi, 1));
  for (; i < <usize>n; i++) {
    const v = <i32>load<i16>(src + (i << 1));
    mn = min(mn, v);
    mx = max(mx, v);
  }
  return (mn & 0xFFFF) | (mx << 16);
}
