// LP filters shared by synthesis and post-filter: 1/A(z) synthesis, A(z) residual and
// bandwidth expansion A(z/gamma). Coefficients a[0..10] in Q12.
import { L_mult, L_mac, L_msu, L_shl, round16 } from "./basicop";

@inline function a16(p: usize, i: i32): i32 { return <i32>load<i16>(p + (<usize>i << 1)); }

const YY: usize = memory.data(100 * 2); // filter memory followed by up to 90 outputs

/**
 * y = x / A(z) over n <= 90 samples with 10 words of memory at `mem` (updated when `update`).
 * Saturation inside sets the overflow flag, which the decoder uses to rescale and redo.
 */
export function synFilt(a: usize, x: usize, y: usize, n: i32, mem: usize, update: bool): void {
  memory.copy(YY, mem, 20);
  const a0 = a16(a, 0);
  for (let i = 0; i < n; i++) {
    const yp = YY + 20 + (<usize>i << 1);
    let s = L_mult(a16(x, i), a0);
    for (let j = 1; j <= 10; j++) s = L_msu(s, a16(a, j), <i32>load<i16>(yp - (<usize>j << 1)));
    store<i16>(yp, round16(L_shl(s, 3)));
  }
  memory.copy(y, YY + 20, <usize>n << 1);
  if (update) memory.copy(mem, YY + 20 + (<usize>(n - 10) << 1), 20);
}

/** y = A(z) x over n samples; x must have 10 samples of history before it. */
export function residu(a: usize, x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const xp = x + (<usize>i << 1);
    let s = L_mult(<i32>load<i16>(xp), a16(a, 0));
    for (let j = 1; j <= 10; j++) s = L_mac(s, a16(a, j), <i32>load<i16>(xp - (<usize>j << 1)));
    store<i16>(y + (<usize>i << 1), round16(L_shl(s, 3)));
  }
}

/** ap[i] = a[i] * gamma^i. */
export function weightAz(a: usize, gamma: i32, ap: usize): void {
  store<i16>(ap, a16(a, 0));
  let fac = gamma;
  for (let i = 1; i < 10; i++) {
    store<i16>(ap + (<usize>i << 1), round16(L_mult(a16(a, i), fac)));
    fac = round16(L_mult(fac, gamma));
  }
  store<i16>(ap + 20, round16(L_mult(a16(a, 10), fac)));
}
