// Inline copies and zero fills for the decoder's fixed-size buffers. memory.copy/fill compile
// to a call into the engine (V8: a C call per use); the decoder issues about 25 per frame, of
// 20-308 bytes, and as 16-byte vector moves they cost a fraction of that.

/**
 * Copies n (>= 16) bytes from src to dst when dst <= src or the ranges are disjoint (history
 * shifts toward the start of a buffer): each 16-byte piece is loaded before any store that
 * could reach it, the last piece (which may overlap the one before) before the loop.
 */
@inline export function copyDown(dst: usize, src: usize, n: usize): void {
  const last = v128.load(src + n - 16);
  for (let i: usize = 0; i + 16 < n; i += 16) v128.store(dst + i, v128.load(src + i));
  v128.store(dst + n - 16, last);
}

/** Copies 16 <= n <= 64 bytes, any overlap: all loads come before the stores. */
@inline export function copy64(dst: usize, src: usize, n: usize): void {
  const o1: usize = n >= 32 ? 16 : n - 16, o2: usize = n >= 48 ? 32 : n - 16;
  const a = v128.load(src), b = v128.load(src + o1), c = v128.load(src + o2), d = v128.load(src + n - 16);
  v128.store(dst, a); v128.store(dst + o1, b); v128.store(dst + o2, c); v128.store(dst + n - 16, d);
}

/** Zeroes n >= 16 bytes. */
@inline export function zero(p: usize, n: usize): void {
  const z = i32x4.splat(0);
  for (let i: usize = 0; i + 16 < n; i += 16) v128.store(p + i, z);
  v128.store(p + n - 16, z);
}
