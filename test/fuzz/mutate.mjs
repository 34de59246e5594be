// Seeded mutations of captures: the shapes real damage takes (cut uploads, bit rot,
// concatenated files) plus plain noise.

/** xorshift32: deterministic per seed so any failure can be replayed. */
export function rng(seed) {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

const STRATEGIES = ['truncate', 'bitflip', 'overwrite', 'splice', 'duplicate', 'noise', 'lengths'];

/** Returns { name, bytes } for case `seed`, derived from one or two of `seeds`. */
export function mutate(seeds, seed) {
  const r = rng(seed);
  const pick = () => seeds[Math.floor(r() * seeds.length)];
  const int = (n) => Math.floor(r() * n);
  const base = pick();
  const name = STRATEGIES[int(STRATEGIES.length)];
  let b = new Uint8Array(base);
  switch (name) {
    case 'truncate':
      b = b.slice(0, int(b.length + 1));
      break;
    case 'bitflip': {
      const n = 1 + int(16);
      for (let i = 0; i < n && b.length; i++) b[int(b.length)] ^= 1 << int(8);
      break;
    }
    case 'overwrite': {
      const n = 1 + int(64);
      const at = int(Math.max(1, b.length));
      for (let i = 0; i < n && at + i < b.length; i++) b[at + i] = int(256);
      break;
    }
    case 'splice': {
      const other = pick();
      const a = int(b.length + 1), c = int(other.length + 1);
      const out = new Uint8Array(a + other.length - c);
      out.set(b.subarray(0, a)); out.set(other.subarray(c), a);
      b = out;
      break;
    }
    case 'duplicate': {
      const a = int(b.length + 1), len = int(Math.min(4096, b.length - a + 1));
      const out = new Uint8Array(b.length + len);
      out.set(b.subarray(0, a + len)); out.set(b.subarray(a, a + len), a + len); out.set(b.subarray(a + len), a + 2 * len);
      b = out;
      break;
    }
    case 'noise': {
      // keep a valid file header so the parsers behind it get exercised
      const n = int(4096);
      const out = new Uint8Array(Math.min(base.length, 24) + n);
      out.set(base.subarray(0, Math.min(base.length, 24)));
      for (let i = Math.min(base.length, 24); i < out.length; i++) out[i] = int(256);
      b = out;
      break;
    }
    case 'lengths': {
      // hit length fields: 32-bit words set to boundary values
      const vals = [0, 1, 0xffff, 0x10000, 0x7fffffff, 0xffffffff, 12, 16, 65535];
      const n = 1 + int(4);
      for (let i = 0; i < n && b.length >= 4; i++) {
        const at = int(b.length - 3) & ~3;
        const v = vals[int(vals.length)];
        b[at] = v & 255; b[at + 1] = (v >>> 8) & 255; b[at + 2] = (v >>> 16) & 255; b[at + 3] = v >>> 24;
      }
      break;
    }
  }
  return { name, bytes: b };
}
